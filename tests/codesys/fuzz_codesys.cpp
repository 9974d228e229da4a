// libFuzzer target: the CODESYS decoder on the raw input, and the session over TCP and UDP
// through tests/fuzz/fuzz_session.h's records.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocols/codesys/codesys.h"
#include "protocols/codesys/decoder.h"
#include "tests/fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  otscope::codesys::Datagram d;
  otscope::codesys::decode_datagram(in, d);
  otscope::codesys::probe(in, otscope::Transport::Tcp);
  otscope::codesys::probe(in, otscope::Transport::Udp);
  for (const otscope::Transport t : {otscope::Transport::Tcp, otscope::Transport::Udp})
    otscope::fuzz::feed_session(otscope::codesys::descriptor(), in, {t, 40000, 11740});
  return 0;
}
