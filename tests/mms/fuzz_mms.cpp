// libFuzzer target: TPKT + COTP + ISO session + presentation + ACSE + MMS through the session
// (both directions, gaps, close) and every pure decoder on the raw input.
//
// Input format for the session part: records of [control][length][length bytes]; control bit 0
// is the direction, bit 1 announces a gap before the record. Whatever does not form a record is
// fed as one last chunk.
#include <cstddef>
#include <cstdint>

#include "protocols/mms/decoder.h"
#include "protocols/mms/mms.h"
#include "tests/fuzz/fuzz_session.h"

namespace {

void decoders(otscope::Bytes in) {
  using namespace otscope::mms;
  OsiMessage osi;
  decode_osi(in, osi);
  MmsPdu pdu;
  for (otscope::Bytes b : {in, osi.mms}) {
    if (decode_mms(b, pdu) != MmsError::None || !pdu.has_service) continue;
    Identity id;
    decode_identify_response(pdu.service_element, id);
    functional_constraint(first_variable(pdu.service_element, true));
    functional_constraint(first_variable(pdu.service_element, false));
  }
  session_start(in, true);
  session_start(in, false);
  frame_start(in);
  if (!in.empty()) MmsFraming::hunt(in);
  descriptor().probe(in, otscope::Transport::Tcp);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  decoders(in);

  otscope::fuzz::feed_session(otscope::mms::descriptor(), in,
                              {otscope::Transport::Tcp, 50000, 102});
  return 0;
}
