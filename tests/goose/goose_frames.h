// GOOSE and Sampled Values frames built field by field for the tests (IEC 61850-8-1 annex A,
// IEC 61850-9-2), independent of the decoder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace otscope::goose::test {

inline void tlv(std::vector<std::uint8_t>& out, std::uint8_t tag,
                const std::vector<std::uint8_t>& value) {
  out.push_back(tag);
  if (value.size() < 0x80) {
    out.push_back(static_cast<std::uint8_t>(value.size()));
  } else {
    out.push_back(0x82);
    out.push_back(static_cast<std::uint8_t>(value.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(value.size()));
  }
  out.insert(out.end(), value.begin(), value.end());
}
inline std::vector<std::uint8_t> text(const std::string& s) {
  return {s.begin(), s.end()};
}
inline std::vector<std::uint8_t> uint(std::uint64_t v, std::size_t bytes) {
  std::vector<std::uint8_t> out(bytes);
  for (std::size_t i = 0; i < bytes; ++i)
    out[bytes - 1 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  return out;
}

/// The bytes after the Ethernet type of a GOOSE frame.
inline std::vector<std::uint8_t> goose_frame(std::uint16_t appid, const std::string& gocb,
                                             std::uint32_t st, std::uint32_t sq,
                                             std::uint64_t t = 0x386ebbf34217280aull) {
  std::vector<std::uint8_t> pdu;
  tlv(pdu, 0x80, text(gocb));
  tlv(pdu, 0x81, uint(2000, 2));
  tlv(pdu, 0x82, text(gocb + "_DS"));
  tlv(pdu, 0x83, text("GOID_" + gocb));
  tlv(pdu, 0x84, uint(t, 8));
  tlv(pdu, 0x85, uint(st, 4));
  tlv(pdu, 0x86, uint(sq, 4));
  tlv(pdu, 0x87, {0});
  tlv(pdu, 0x88, uint(1, 1));
  tlv(pdu, 0x89, {0});
  tlv(pdu, 0x8A, uint(1, 1));
  tlv(pdu, 0xAB, {0x83, 0x01, 0x01});
  std::vector<std::uint8_t> apdu;
  tlv(apdu, 0x61, pdu);
  std::vector<std::uint8_t> frame = uint(appid, 2);
  const auto length = uint(apdu.size() + 8, 2);
  frame.insert(frame.end(), length.begin(), length.end());
  frame.insert(frame.end(), {0, 0, 0, 0});
  frame.insert(frame.end(), apdu.begin(), apdu.end());
  return frame;
}

/// The bytes after the Ethernet type of a Sampled Values frame with one ASDU.
inline std::vector<std::uint8_t> sv_frame(std::uint16_t appid, const std::string& sv_id,
                                          std::uint16_t smp_cnt) {
  std::vector<std::uint8_t> asdu;
  tlv(asdu, 0x80, text(sv_id));
  tlv(asdu, 0x82, uint(smp_cnt, 2));
  tlv(asdu, 0x83, uint(1, 4));
  tlv(asdu, 0x85, {2});
  tlv(asdu, 0x87, std::vector<std::uint8_t>(64, 0));
  std::vector<std::uint8_t> seq;
  tlv(seq, 0x30, asdu);
  std::vector<std::uint8_t> pdu;
  tlv(pdu, 0x80, {1});
  tlv(pdu, 0xA2, seq);
  std::vector<std::uint8_t> apdu;
  tlv(apdu, 0x60, pdu);
  std::vector<std::uint8_t> frame = uint(appid, 2);
  const auto length = uint(apdu.size() + 8, 2);
  frame.insert(frame.end(), length.begin(), length.end());
  frame.insert(frame.end(), {0, 0, 0, 0});
  frame.insert(frame.end(), apdu.begin(), apdu.end());
  return frame;
}

}  // namespace otscope::goose::test
