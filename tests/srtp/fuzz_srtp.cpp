// libFuzzer target: the GE SRTP decoder on the raw input, and the session over TCP and UDP
// through tests/fuzz/fuzz_session.h's records.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocols/srtp/decoder.h"
#include "protocols/srtp/srtp.h"
#include "tests/fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  otscope::srtp::Header h;
  otscope::srtp::decode_header(in, h);
  otscope::srtp::probe(in, otscope::Transport::Tcp);
  otscope::srtp::probe(in, otscope::Transport::Udp);
  for (const otscope::Transport t : {otscope::Transport::Tcp, otscope::Transport::Udp})
    otscope::fuzz::feed_session(otscope::srtp::descriptor(), in, {t, 40000, 18245});
  return 0;
}
