// libFuzzer target: every BACnet/IP decoder on the raw input, and the session over records of
// [direction][length][bytes] (each record one datagram).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocols/bacnet/bacnet.h"
#include "protocols/bacnet/decoder.h"
#include "tests/fuzz/fuzz_session.h"

namespace {

void decoders(otscope::Bytes in) {
  using namespace otscope::bacnet;
  Bvlc bvlc;
  decode_bvlc(in, bvlc);
  Npdu npdu;
  decode_npdu(in, npdu);
  Apdu apdu;
  decode_apdu(in, apdu);
  PropertyValue p;
  if (decode_read_property_ack(in, p) == Error::None) {
    (void)p.value.text();
    (void)p.value.number();
  }
  decode_write_property(in, p);
  decode_read_property(in, p);
  std::vector<PropertyValue> list;
  decode_read_property_multiple_ack(in, list);
  decode_read_property_multiple(in, list);
  decode_write_property_multiple(in, list);
  IAm iam;
  decode_i_am(in, iam);
  std::uint32_t a = 0, b = 0;
  decode_reinitialize_device(in, a);
  decode_communication_control(in, a, b);
  decode_error(in, a, b);
  ObjectId o;
  decode_object_argument(in, o);
  probe(in, otscope::Transport::Udp);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  decoders(in);
  otscope::fuzz::feed_session(otscope::bacnet::descriptor(), in,
                              {otscope::Transport::Udp, 47808, 47808});
  return 0;
}
