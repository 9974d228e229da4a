// libFuzzer target: TPKT + COTP + S7comm + S7comm-plus through the session (both directions,
// gaps, close) and every pure decoder on the raw input, with a sink that drops everything.
//
// Input format for the session part: records of [control][length][length bytes]; control bit 0
// is the direction, bit 1 announces a gap before the record. Whatever does not form a record is
// fed as one last chunk.
#include <cstddef>
#include <cstdint>

#include "protocols/s7/s7.h"
#include "protocols/s7/s7comm.h"
#include "protocols/s7/s7plus.h"
#include "protocols/s7/szl.h"
#include "protocols/s7/tpkt.h"
#include "protocols/s7/userdata.h"

namespace {

struct NullSink final : otscope::EventSink {
  // Summaries are built on demand; build every one so that their code is fuzzed too.
  void message(const otscope::FlowInfo&, const otscope::PacketMeta&,
               const otscope::MessageEvent& ev) override {
    rendered += ev.summary_text().size();
  }
  std::size_t rendered = 0;
  void identity(const otscope::FlowInfo&, const otscope::PacketMeta&,
                const otscope::IdentityEvent&) override {}
  void anomaly(const otscope::FlowInfo&, const otscope::PacketMeta&,
               const otscope::AnomalyEvent&) override {}
};

void decoders(otscope::Bytes in) {
  using namespace otscope::s7;
  otscope::s7::CotpPdu cotp;
  decode_cotp(in, cotp);
  S7Pdu pdu;
  if (decode_s7comm(in, pdu) == S7Error::None) {
    UserDataFacts facts = describe_userdata(pdu.userdata, pdu.userdata.payload);
    if (facts.szl_reply) szl_identity(facts.szl);
  }
  SzlResponse szl;
  decode_szl_response(in, szl);
  szl_identity(szl);
  S7PlusFrame frame;
  if (decode_s7plus_frame(in, frame) == S7PlusError::None) {
    S7PlusPdu plus;
    if (decode_s7plus_pdu(frame.version, frame.data, plus) == S7PlusError::None) {
      s7plus_operation(plus);
      s7plus_identity(plus);
    }
  }
  s7_clock_text(in);
  descriptor().probe(in, otscope::Transport::Tcp);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  decoders(in);

  otscope::FlowInfo flow;
  flow.id = 1;
  flow.a.port = 50000;
  flow.b.port = 102;
  NullSink sink;
  auto session = otscope::s7::descriptor().create(flow, sink);
  otscope::PacketMeta meta;
  std::size_t pos = 0;
  while (pos + 2 <= size) {
    const std::uint8_t control = data[pos];
    const std::size_t length = data[pos + 1];
    if (pos + 2 + length > size) break;
    const auto dir = (control & 1) ? otscope::Direction::BtoA : otscope::Direction::AtoB;
    ++meta.frame;
    if (control & 2) session->on_gap(dir, length, meta);
    session->on_data(dir, in.subspan(pos + 2, length), meta);
    pos += 2 + length;
  }
  if (pos < size) session->on_data(otscope::Direction::AtoB, in.subspan(pos), meta);
  session->on_close(meta);
  return 0;
}
