// libFuzzer target: IEC 104 APDUs through the session (both directions, gaps, close) and every
// pure decoder on the raw input, with a sink that drops everything but renders every summary.
//
// Input format for the session part: records of [control][length][length bytes]; control bit 0
// is the direction, bit 1 announces a gap before the record. Whatever does not form a record is
// fed as one last chunk.
#include <cstddef>
#include <cstdint>

#include "protocols/iec104/decoder.h"
#include "protocols/iec104/iec104.h"
#include "tests/fuzz/fuzz_session.h"

namespace {

void decoders(otscope::Bytes in) {
  using namespace otscope::iec104;
  Apdu apdu;
  if (decode_apdu(in, apdu) == ApduError::None && apdu.asdu.info != nullptr) {
    ObjectCursor objects(apdu.asdu);
    InfoObject o;
    CommandValue v;
    while (objects.next(o)) command_value(apdu.asdu.info->value, o.element, v);
  }
  apdu_start(in, true);
  if (!in.empty()) ApduFraming::hunt(in);
  descriptor().probe(in, otscope::Transport::Tcp);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  decoders(in);

  otscope::fuzz::feed_session(otscope::iec104::descriptor(), in,
                              {otscope::Transport::Tcp, 50000, 2404});
  return 0;
}
