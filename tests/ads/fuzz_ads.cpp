// libFuzzer target: the ADS session over TCP (records of [control][length][bytes], control bit
// 0 the direction, bit 1 a gap first) and the pure decoders on the raw input.
#include <cstddef>
#include <cstdint>

#include "protocols/ads/ads.h"
#include "protocols/ads/decoder.h"
#include "tests/fuzz/fuzz_session.h"

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
  // The UDP service (the whole input as one datagram), then AMS/TCP over records.
  {
    otscope::FlowInfo udp;
    udp.id = 2;
    udp.transport = otscope::Transport::Udp;
    udp.a.port = 50000;
    udp.b.port = 48899;
    otscope::fuzz::CountingSink udp_sink;
    auto udp_session = descriptor().create(udp, udp_sink);
    udp_session->on_data(otscope::Direction::AtoB, in, otscope::PacketMeta{});
    udp_session->on_close(otscope::PacketMeta{});
  }
  otscope::fuzz::feed_session(descriptor(), in, {otscope::Transport::Tcp, 50000, 48898});
  return 0;
}
