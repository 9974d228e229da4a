// libFuzzer target: every PROFINET decoder on the raw input, then the records of
// tests/fuzz/fuzz_session.h as frames of one Ethernet flow (DCP, RT) and as datagrams of one UDP
// flow (CM).
#include <cstddef>
#include <cstdint>

#include "protocols/profinet/codes.h"
#include "protocols/profinet/dcp.h"
#include "protocols/profinet/profinet.h"
#include "protocols/profinet/rpc.h"
#include "tests/fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otscope;
  const Bytes in(data, size);
  profinet::DcpPdu dcp;
  if (profinet::decode_dcp(in, dcp) == profinet::DcpError::None)
    for (const profinet::DcpBlock& b : dcp.blocks) {
      profinet::dcp_block_name(b.option, b.suboption);
      profinet::dcp_ip_settings(b);
    }
  profinet::RpcHeader rpc;
  profinet::decode_rpc(in, rpc);
  profinet::descriptor().probe(in, Transport::Ethernet);
  profinet::descriptor().probe(in, Transport::Udp);
  fuzz::feed_session(profinet::descriptor(), in,
                     {.transport = Transport::Ethernet, .ethertype = profinet::kEthertype});
  fuzz::feed_session(profinet::descriptor(), in, {Transport::Udp, 49152, 34964});
  return 0;
}
