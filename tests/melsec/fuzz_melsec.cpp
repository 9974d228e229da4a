// libFuzzer target: the MELSEC session over TCP (records of [control][length][bytes], control bit
// 0 the direction, bit 1 a gap first) and over UDP (each record a datagram), and the pure
// decoders on the raw input.
#include <cstddef>
#include <cstdint>

#include "protocols/melsec/decoder.h"
#include "protocols/melsec/melsec.h"

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

void session(otscope::Bytes in, otscope::Transport transport) {
  otscope::FlowInfo flow;
  flow.id = 1;
  flow.transport = transport;
  flow.a.port = 50000;
  flow.b.port = 5007;
  NullSink sink;
  auto s = otscope::melsec::descriptor().create(flow, sink);
  otscope::PacketMeta meta;
  std::size_t pos = 0;
  while (pos + 2 <= in.size()) {
    const std::uint8_t control = in[pos];
    const std::size_t length = in[pos + 1];
    if (pos + 2 + length > in.size()) break;
    const auto dir = (control & 1) ? otscope::Direction::BtoA : otscope::Direction::AtoB;
    ++meta.frame;
    if ((control & 2) && transport == otscope::Transport::Tcp) s->on_gap(dir, length, meta);
    s->on_data(dir, in.subspan(pos + 2, length), meta);
    pos += 2 + length;
  }
  if (pos < in.size()) s->on_data(otscope::Direction::AtoB, in.subspan(pos), meta);
  s->on_close(meta);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otscope::melsec;
  const otscope::Bytes in(data, size);
  McMessage m;
  if (decode_message(in, m) == McError::None) {
    DeviceAccess a;
    decode_device_access(m.subcommand, m.data, a);
  }
  CpuModel c;
  decode_cpu_model(in, c);
  bool need_more = false;
  plausible_request(in, false, need_more);
  probe(in, otscope::Transport::Tcp);
  probe(in, otscope::Transport::Udp);
  session(in, otscope::Transport::Tcp);
  session(in, otscope::Transport::Udp);
  return 0;
}
