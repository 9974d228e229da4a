// libFuzzer target: the FINS session over TCP (records of [control][length][bytes], control bit
// 0 the direction, bit 1 a gap first) and over UDP (each record a datagram), and the pure
// decoders on the raw input.
#include <cstddef>
#include <cstdint>

#include "protocols/fins/decoder.h"
#include "protocols/fins/fins.h"
#include "tests/fuzz/fuzz_session.h"

namespace {

void session(otscope::Bytes in, otscope::Transport transport) {
  const std::uint16_t port = 9600;
  otscope::fuzz::feed_session(otscope::fins::descriptor(), in, {transport, 50000, port});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otscope::fins;
  const otscope::Bytes in(data, size);
  FinsFrame f;
  decode_frame(in, f);
  TcpMessage t;
  decode_tcp(in, t);
  MemoryAccess m;
  decode_memory_access(in, m);
  ControllerData c;
  decode_controller_data(in, c);
  probe(in, otscope::Transport::Tcp);
  probe(in, otscope::Transport::Udp);
  session(in, otscope::Transport::Tcp);
  session(in, otscope::Transport::Udp);
  return 0;
}
