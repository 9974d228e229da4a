// libFuzzer target: the LLDP and CDP decoders on the raw input, and frames of each through the
// session (tests/fuzz/fuzz_session.h's records; type 0 is an IEEE 802.3 LLC frame).
#include <cstddef>
#include <cstdint>

#include "protocols/lldp/discovery.h"
#include "protocols/lldp/lldp.h"
#include "tests/fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otscope;
  const Bytes in(data, size);
  lldp::Announcement a, c;
  lldp::decode_lldp(in, a);
  lldp::decode_cdp(in, c);
  lldp::descriptor().probe(in, Transport::Ethernet);
  for (const std::uint16_t type : {lldp::kLldpEthertype, std::uint16_t{0}})
    fuzz::feed_session(lldp::descriptor(), in,
                       {.transport = Transport::Ethernet, .ethertype = type});
  return 0;
}
