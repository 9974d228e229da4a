// libFuzzer target: the SNMP BER decoder on the raw input, and the session over records of
// [direction][length][bytes] (each record one datagram).
#include <cstddef>
#include <cstdint>

#include "protocols/snmp/decoder.h"
#include "protocols/snmp/snmp.h"

namespace {

struct NullSink final : otscope::EventSink {
  void message(const otscope::FlowInfo&, const otscope::PacketMeta&,
               const otscope::MessageEvent& ev) override {
    rendered += ev.summary_text().size();
  }
  std::size_t rendered = 0;
  void identity(const otscope::FlowInfo&, const otscope::PacketMeta&,
                const otscope::IdentityEvent&) override {}
  void anomaly(const otscope::FlowInfo&, const otscope::PacketMeta&,
               const otscope::AnomalyEvent&) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  otscope::snmp::Message m;
  if (otscope::snmp::decode_message(in, m) == otscope::snmp::Error::None && m.pdu)
    for (const auto& vb : m.pdu->varbinds) (void)otscope::snmp::text_value(vb);
  (void)otscope::snmp::oid_text(in);
  otscope::snmp::probe(in, otscope::Transport::Udp);
  otscope::FlowInfo flow;
  flow.id = 1;
  flow.transport = otscope::Transport::Udp;
  flow.a.port = 50000;
  flow.b.port = 161;
  NullSink sink;
  auto session = otscope::snmp::descriptor().create(flow, sink);
  otscope::PacketMeta meta;
  std::size_t pos = 0;
  while (pos + 2 <= size) {
    const auto dir = (data[pos] & 1) ? otscope::Direction::BtoA : otscope::Direction::AtoB;
    const std::size_t length = data[pos + 1];
    if (pos + 2 + length > size) break;
    ++meta.frame;
    session->on_data(dir, in.subspan(pos + 2, length), meta);
    pos += 2 + length;
  }
  if (pos < size) session->on_data(otscope::Direction::AtoB, in.subspan(pos), meta);
  session->on_close(meta);
  return 0;
}
