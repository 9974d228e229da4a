// libFuzzer target: the Niagara Fox decoder on the raw input, and the session over TCP and UDP
// through tests/fuzz/fuzz_session.h's records.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocols/fox/decoder.h"
#include "protocols/fox/fox.h"
#include "tests/fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  otscope::fox::Message m;
  otscope::fox::decode_message(std::string_view(reinterpret_cast<const char*>(data), size), m);
  otscope::fox::probe(in, otscope::Transport::Tcp);
  otscope::fox::probe(in, otscope::Transport::Udp);
  for (const otscope::Transport t : {otscope::Transport::Tcp, otscope::Transport::Udp})
    otscope::fuzz::feed_session(otscope::fox::descriptor(), in, {t, 40000, 1911});
  return 0;
}
