// libFuzzer target: the HART-IP decoder on the raw input, and the session over TCP and UDP
// through tests/fuzz/fuzz_session.h's records.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocols/hartip/decoder.h"
#include "protocols/hartip/hartip.h"
#include "tests/fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  otscope::hartip::Header h;
  otscope::hartip::decode_header(in, h);
  otscope::hartip::HartPdu p;
  otscope::hartip::decode_pdu(in, p);
  otscope::hartip::probe(in, otscope::Transport::Tcp);
  otscope::hartip::probe(in, otscope::Transport::Udp);
  for (const otscope::Transport t : {otscope::Transport::Tcp, otscope::Transport::Udp})
    otscope::fuzz::feed_session(otscope::hartip::descriptor(), in, {t, 40000, 5094});
  return 0;
}
