// libFuzzer target: the EtherNet/IP session over TCP (both directions, gaps, close) and over UDP
// (each record a datagram), and every pure decoder on the raw input, with a sink that drops
// everything but renders every summary.
//
// Input format for the session part: records of [control][length][length bytes]; control bit 0
// is the direction, bit 1 announces a gap before the record. Whatever does not form a record is
// fed as one last chunk.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocols/enip/cip.h"
#include "protocols/enip/encap.h"
#include "protocols/enip/enip.h"
#include "tests/fuzz/fuzz_session.h"

namespace {

void decoders(otscope::Bytes in) {
  using namespace otscope::enip;
  EncapMessage m;
  if (decode_message(in, m) == EnipError::None) {
    CipPayload p;
    cip_payload(m, p);
  }
  IdentityItem id;
  decode_identity_item(in, id);
  IoDatagram io;
  decode_io(in, io);
  plausible_io(in);
  CipMessage c;
  if (decode_cip(in, c) == CipError::None) {
    std::vector<otscope::Bytes> inner;
    decode_multiple(c.data, inner);
    otscope::Bytes embedded;
    decode_unconnected_send(c.data, embedded);
    cip_command(c.service, c.path, c.data);
    c.path.text();
    tag_access(c);
    tag_values(c, otscope::MessageEvent::kMaxWrittenValues);
    ForwardOpen open;
    decode_forward_open(c.data, c.service == 0x5B, open);
    PcccCommand pccc;
    decode_pccc(c.data, pccc);
  }
  IdentityAttributes a;
  decode_identity_all(in, a);
  decode_identity_list(in, a);
  identity_facts(a);
  probe(in, otscope::Transport::Tcp);
  probe(in, otscope::Transport::Udp);
}

void session(otscope::Bytes in, otscope::Transport transport) {
  const std::uint16_t port = transport == otscope::Transport::Tcp ? 44818 : 2222;
  otscope::fuzz::feed_session(otscope::enip::descriptor(), in, {transport, 50000, port});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  decoders(in);
  session(in, otscope::Transport::Tcp);
  session(in, otscope::Transport::Udp);
  return 0;
}
