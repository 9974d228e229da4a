// libFuzzer target: IEC 104 APDUs through the session (both directions, gaps, close) and every
// pure decoder on the raw input, with a sink that drops everything but renders every summary.
//
// Input format for the session part: records of [control][length][length bytes]; control bit 0
// is the direction, bit 1 announces a gap before the record. Whatever does not form a record is
// fed as one last chunk.
#include <cstddef>
#include <cstdint>

#include "protocols/iec104/decoder.h"
#include "protocols/iec104/iec104.h"

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
  using namespace otscope::iec104;
  Apdu apdu;
  if (decode_apdu(in, apdu) == ApduError::None && apdu.asdu.info != nullptr) {
    ObjectCursor objects(apdu.asdu);
    InfoObject o;
    CommandValue v;
    while (objects.next(o)) command_value(apdu.asdu.info->value, o.element, v);
  }
  apdu_start(in, true);
  if (!in.empty()) ApduFraming::hunt(in);
  descriptor().probe(in, otscope::Transport::Tcp);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  decoders(in);

  otscope::FlowInfo flow;
  flow.id = 1;
  flow.a.port = 50000;
  flow.b.port = 2404;
  NullSink sink;
  auto session = otscope::iec104::descriptor().create(flow, sink);
  otscope::PacketMeta meta;
  std::size_t pos = 0;
  while (pos + 2 <= size) {
    const std::uint8_t control = data[pos];
    const std::size_t length = data[pos + 1];
    if (pos + 2 + length > size) break;
    const auto dir = (control & 1) ? otscope::Direction::BtoA : otscope::Direction::AtoB;
    ++meta.frame;
    if (control & 2) session->on_gap(dir, length, meta);
    session->on_data(dir, in.subspan(pos + 2, length), meta);
    pos += 2 + length;
  }
  if (pos < size) session->on_data(otscope::Direction::AtoB, in.subspan(pos), meta);
  session->on_close(meta);
  return 0;
}
