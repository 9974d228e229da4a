// libFuzzer target: the SNMP BER decoder on the raw input, and the session over records of
// [direction][length][bytes] (each record one datagram).
#include <cstddef>
#include <cstdint>

#include "protocols/snmp/decoder.h"
#include "protocols/snmp/snmp.h"
#include "tests/fuzz/fuzz_session.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  otscope::snmp::Message m;
  if (otscope::snmp::decode_message(in, m) == otscope::snmp::Error::None && m.pdu)
    for (const auto& vb : m.pdu->varbinds) (void)otscope::snmp::text_value(vb);
  (void)otscope::snmp::oid_text(in);
  otscope::snmp::probe(in, otscope::Transport::Udp);
  otscope::fuzz::feed_session(otscope::snmp::descriptor(), in,
                              {otscope::Transport::Udp, 50000, 161});
  return 0;
}
