// libFuzzer target: the EtherCAT decoder on the raw input, and the session over frames through
// tests/fuzz/fuzz_session.h's records.
#include <cstddef>
#include <cstdint>

#include "protocols/ethercat/ethercat.h"
#include "tests/fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otscope;
  const Bytes in(data, size);
  ethercat::Frame f;
  ethercat::decode_frame(in, f);
  ethercat::descriptor().probe(in, Transport::Ethernet);
  fuzz::feed_session(ethercat::descriptor(), in,
                     {.transport = Transport::Ethernet, .ethertype = ethercat::kEthertype});
  return 0;
}
