// libFuzzer target: the GOOSE and Sampled Values decoders on the raw input, and one publisher's
// frames through the session (tests/fuzz/fuzz_session.h's records), once as GOOSE, once as SV.
#include <cstddef>
#include <cstdint>

#include "protocols/goose/goose.h"
#include "protocols/goose/pdu.h"
#include "tests/fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otscope;
  const Bytes in(data, size);
  goose::GoosePdu g;
  goose::decode_goose(in, g);
  goose::SvPdu sv;
  goose::decode_sv(in, sv);
  goose::descriptor().probe(in, Transport::Ethernet);
  for (const std::uint16_t type : {goose::kGooseEthertype, goose::kSvEthertype})
    fuzz::feed_session(goose::descriptor(), in,
                       {.transport = Transport::Ethernet, .ethertype = type});
  return 0;
}
