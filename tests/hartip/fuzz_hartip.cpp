// libFuzzer target: the HART-IP decoder on the raw input, and the session over records of
// [control][length][bytes] (bit 0 the direction, bit 1 a gap before the record).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocols/hartip/decoder.h"
#include "protocols/hartip/hartip.h"

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

void run_session(otscope::Bytes in, otscope::Transport transport) {
  otscope::FlowInfo flow;
  flow.id = 1;
  flow.transport = transport;
  flow.a.port = 40000;
  flow.b.port = 5094;
  NullSink sink;
  auto session = otscope::hartip::descriptor().create(flow, sink);
  otscope::PacketMeta meta;
  std::size_t pos = 0;
  const std::uint8_t* data = in.data();
  while (pos + 2 <= in.size()) {
    const std::uint8_t control = data[pos];
    const std::size_t length = data[pos + 1];
    if (pos + 2 + length > in.size()) break;
    const auto dir = (control & 1) ? otscope::Direction::BtoA : otscope::Direction::AtoB;
    ++meta.frame;
    if ((control & 2) && transport == otscope::Transport::Tcp) session->on_gap(dir, length, meta);
    session->on_data(dir, in.subspan(pos + 2, length), meta);
    pos += 2 + length;
  }
  if (pos < in.size()) session->on_data(otscope::Direction::AtoB, in.subspan(pos), meta);
  session->on_close(meta);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  otscope::hartip::Header h;
  otscope::hartip::decode_header(in, h);
  otscope::hartip::HartPdu p;
  otscope::hartip::decode_pdu(in, p);
  otscope::hartip::probe(in, otscope::Transport::Tcp);
  otscope::hartip::probe(in, otscope::Transport::Udp);
  run_session(in, otscope::Transport::Tcp);
  run_session(in, otscope::Transport::Udp);
  return 0;
}
