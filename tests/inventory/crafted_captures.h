// Small captures built byte by byte for the inventory tests: a Modbus/TCP client reading a
// server's device identification (43/14), with whatever identity objects the test needs.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope::test {

struct ModbusPeer {
  std::string mac;
  std::string ip;
};

/// Object id -> value of a 43/14 answer (0 VendorName, 1 ProductCode, 2 MajorMinorRevision,
/// 4 ProductName, 5 ModelName).
using IdentityObjects = std::vector<std::pair<std::uint8_t, std::string>>;

/// One TCP connection, handshake to FIN, carrying a 43/14 request and its answer, starting at
/// `t0` (microseconds).
inline std::vector<TimedFrame> modbus_identity_exchange(std::int64_t t0, const ModbusPeer& client,
                                                        const ModbusPeer& server,
                                                        const IdentityObjects& objects,
                                                        std::uint16_t client_port = 50000) {
  Frame request = hex("0001 0000 0005 ff 2b 0e 01 00");
  Frame pdu = {0x2b, 0x0e, 0x01, 0x01, 0x00, 0x00, static_cast<std::uint8_t>(objects.size())};
  for (const auto& [id, value] : objects) {
    pdu.push_back(id);
    pdu.push_back(static_cast<std::uint8_t>(value.size()));
    pdu.insert(pdu.end(), value.begin(), value.end());
  }
  const auto length = static_cast<std::uint16_t>(pdu.size() + 1);
  Frame response;
  response.reserve(7 + pdu.size());
  for (std::uint8_t b : {std::uint8_t{0x00}, std::uint8_t{0x01}, std::uint8_t{0x00},
                         std::uint8_t{0x00}, static_cast<std::uint8_t>(length >> 8),
                         static_cast<std::uint8_t>(length), std::uint8_t{0xff}})
    response.push_back(b);
  for (std::uint8_t b : pdu) response.push_back(b);

  auto frame = [&](bool c2s, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                   const Frame& payload) {
    const ModbusPeer& from = c2s ? client : server;
    const ModbusPeer& to = c2s ? server : client;
    return ethernet(from.mac, to.mac, 0x0800,
                    ipv4(from.ip, to.ip, 6,
                         tcp_segment(c2s ? client_port : 502, c2s ? 502 : client_port, seq, ack,
                                     flags, payload)));
  };
  const auto req_len = static_cast<std::uint32_t>(request.size());
  const auto resp_len = static_cast<std::uint32_t>(response.size());
  return {{t0, frame(true, 1000, 0, 0x02, {})},
          {t0 + 1'000, frame(false, 5000, 1001, 0x12, {})},
          {t0 + 2'000, frame(true, 1001, 5001, 0x10, {})},
          {t0 + 3'000, frame(true, 1001, 5001, 0x18, request)},
          {t0 + 4'000, frame(false, 5001, 1001 + req_len, 0x18, response)},
          {t0 + 5'000, frame(true, 1001 + req_len, 5001 + resp_len, 0x11, {})},
          {t0 + 6'000, frame(false, 5001 + resp_len, 1002 + req_len, 0x11, {})}};
}

/// Writes frames as a pcap file at `path`.
inline std::string write_capture(const std::filesystem::path& path,
                                 const std::vector<TimedFrame>& frames) {
  write_file(path.string(), pcap_file(1, frames));
  return path.string();
}

}  // namespace otscope::test
