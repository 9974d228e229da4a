// libFuzzer target: the C37.118 frame decoder on the raw input, and the session (TCP) over
// records of [control][length][bytes] (bit 0 the direction, bit 1 a gap before the record).
#include <cstddef>
#include <cstdint>

#include "protocols/c37118/c37118.h"
#include "protocols/c37118/decoder.h"

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
  otscope::c37118::Frame f;
  otscope::c37118::decode_frame(in, f);
  otscope::c37118::probe(in, otscope::Transport::Tcp);
  otscope::c37118::probe(in, otscope::Transport::Udp);
  otscope::FlowInfo flow;
  flow.id = 1;
  flow.a.port = 40000;
  flow.b.port = 4712;
  NullSink sink;
  auto session = otscope::c37118::descriptor().create(flow, sink);
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
