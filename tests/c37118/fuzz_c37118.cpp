// libFuzzer target: the C37.118 frame decoder on the raw input, and the session (TCP) over
// records of [control][length][bytes] (bit 0 the direction, bit 1 a gap before the record).
#include <cstddef>
#include <cstdint>

#include "protocols/c37118/c37118.h"
#include "protocols/c37118/decoder.h"
#include "tests/fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  otscope::c37118::Frame f;
  otscope::c37118::decode_frame(in, f);
  otscope::c37118::probe(in, otscope::Transport::Tcp);
  otscope::c37118::probe(in, otscope::Transport::Udp);
  otscope::fuzz::feed_session(otscope::c37118::descriptor(), in,
                              {otscope::Transport::Tcp, 40000, 4712});
  return 0;
}
