// Drives one protocol session over a fuzzer's input, the same way for every protocol folder's
// fuzz target: records of [control][length][length bytes], control bit 0 the direction, bit 1 a
// gap before the record (TCP only); whatever does not form a record is fed as one last chunk. A
// link-layer protocol's records get its Ethernet type in front, as capture hands its frames up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocols/common/session.h"
#include "tests/fuzz/fuzz_input.h"

namespace otscope::fuzz {

struct SessionFeed {
  Transport transport = Transport::Tcp;
  std::uint16_t client_port = 40000;
  std::uint16_t server_port = 0;
  /// Transport::Ethernet: the frames' Ethernet type, put before each record.
  std::uint16_t ethertype = 0;
};

/// Feeds `in` to a new session of `protocol` and closes it; the size of the events' texts.
inline std::size_t feed_session(const ProtocolDescriptor& protocol, Bytes in,
                                const SessionFeed& feed) {
  FlowInfo flow;
  flow.id = 1;
  flow.transport = feed.transport;
  flow.a.port = feed.transport == Transport::Ethernet ? feed.ethertype : feed.client_port;
  flow.b.port = feed.transport == Transport::Ethernet ? feed.ethertype : feed.server_port;
  CountingSink sink;
  auto session = protocol.create(flow, sink);
  PacketMeta meta;
  std::vector<std::uint8_t> frame;
  const auto deliver = [&](Direction dir, Bytes record) {
    ++meta.frame;
    if (feed.transport != Transport::Ethernet) return session->on_data(dir, record, meta);
    frame.assign({static_cast<std::uint8_t>(feed.ethertype >> 8),
                  static_cast<std::uint8_t>(feed.ethertype)});
    frame.insert(frame.end(), record.begin(), record.end());
    session->on_data(dir, frame, meta);
  };
  std::size_t pos = 0;
  while (pos + 2 <= in.size()) {
    const std::uint8_t control = in[pos];
    const std::size_t length = in[pos + 1];
    if (pos + 2 + length > in.size()) break;
    const Direction dir = (control & 1) ? Direction::BtoA : Direction::AtoB;
    if ((control & 2) && feed.transport == Transport::Tcp) session->on_gap(dir, length, meta);
    deliver(dir, in.subspan(pos + 2, length));
    pos += 2 + length;
  }
  if (pos < in.size()) deliver(Direction::AtoB, in.subspan(pos));
  session->on_close(meta);
  return sink.total;
}

}  // namespace otscope::fuzz
