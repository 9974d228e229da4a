// libFuzzer target: every BACnet/IP decoder on the raw input, and the session over records of
// [direction][length][bytes] (each record one datagram).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocols/bacnet/bacnet.h"
#include "protocols/bacnet/decoder.h"

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

void decoders(otscope::Bytes in) {
  using namespace otscope::bacnet;
  Bvlc bvlc;
  decode_bvlc(in, bvlc);
  Npdu npdu;
  decode_npdu(in, npdu);
  Apdu apdu;
  decode_apdu(in, apdu);
  PropertyValue p;
  if (decode_read_property_ack(in, p) == Error::None) {
    (void)p.value.text();
    (void)p.value.number();
  }
  decode_write_property(in, p);
  decode_read_property(in, p);
  std::vector<PropertyValue> list;
  decode_read_property_multiple_ack(in, list);
  decode_read_property_multiple(in, list);
  decode_write_property_multiple(in, list);
  IAm iam;
  decode_i_am(in, iam);
  std::uint32_t a = 0, b = 0;
  decode_reinitialize_device(in, a);
  decode_communication_control(in, a, b);
  decode_error(in, a, b);
  ObjectId o;
  decode_object_argument(in, o);
  probe(in, otscope::Transport::Udp);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  decoders(in);
  otscope::FlowInfo flow;
  flow.id = 1;
  flow.transport = otscope::Transport::Udp;
  flow.a.port = 47808;
  flow.b.port = 47808;
  NullSink sink;
  auto session = otscope::bacnet::descriptor().create(flow, sink);
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
