// libFuzzer target: the ADS session over TCP (records of [control][length][bytes], control bit
// 0 the direction, bit 1 a gap first) and the pure decoders on the raw input.
#include <cstddef>
#include <cstdint>

#include "protocols/ads/ads.h"
#include "protocols/ads/decoder.h"

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
  using namespace otscope::ads;
  const otscope::Bytes in(data, size);
  AmsPacket p;
  decode_packet(in, p);
  DeviceInfo d;
  decode_device_info(in, d);
  WriteControl w;
  decode_write_control(in, w);
  ReadState s;
  decode_read_state(in, s);
  IndexAccess a;
  decode_index_access(in, a);
  UdpMessage u;
  decode_udp(in, u);
  plausible_udp(in);
  probe(in, otscope::Transport::Tcp);
  probe(in, otscope::Transport::Udp);
  {
    // The UDP service: the whole input as one datagram.
    otscope::FlowInfo udp;
    udp.id = 2;
    udp.transport = otscope::Transport::Udp;
    udp.a.port = 50000;
    udp.b.port = 48899;
    NullSink udp_sink;
    auto udp_session = descriptor().create(udp, udp_sink);
    udp_session->on_data(otscope::Direction::AtoB, in, otscope::PacketMeta{});
    udp_session->on_close(otscope::PacketMeta{});
  }

  otscope::FlowInfo flow;
  flow.id = 1;
  flow.a.port = 50000;
  flow.b.port = 48898;
  NullSink sink;
  auto session = descriptor().create(flow, sink);
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
