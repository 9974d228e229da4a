// libFuzzer target: the MELSEC session over TCP (records of [control][length][bytes], control bit
// 0 the direction, bit 1 a gap first) and over UDP (each record a datagram), and the pure
// decoders on the raw input.
#include <cstddef>
#include <cstdint>

#include "protocols/melsec/decoder.h"
#include "protocols/melsec/melsec.h"
#include "tests/fuzz/fuzz_session.h"

namespace {

void session(otscope::Bytes in, otscope::Transport transport) {
  const std::uint16_t port = 5007;
  otscope::fuzz::feed_session(otscope::melsec::descriptor(), in, {transport, 50000, port});
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
