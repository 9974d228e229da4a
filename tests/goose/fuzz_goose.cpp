// libFuzzer target: the GOOSE and Sampled Values decoders on the raw input, then the input as
// frames of one publisher through the session (each record once as GOOSE, once as SV), with a
// sink that builds every event's text.
//
// Input: records of [control][length][length bytes]; control bit 0 picks GOOSE or SV.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocols/goose/ber.h"
#include "protocols/goose/goose.h"
#include "protocols/goose/pdu.h"

namespace {

struct NullSink final : otscope::EventSink {
  void message(const otscope::FlowInfo&, const otscope::PacketMeta&,
               const otscope::MessageEvent& ev) override {
    rendered += ev.summary_text().size() + ev.detail.size();
  }
  void identity(const otscope::FlowInfo&, const otscope::PacketMeta&,
                const otscope::IdentityEvent& ev) override {
    rendered += ev.value.size();
  }
  void anomaly(const otscope::FlowInfo&, const otscope::PacketMeta&,
               const otscope::AnomalyEvent& ev) override {
    rendered += ev.detail.size();
  }
  std::size_t rendered = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otscope;
  const Bytes in(data, size);
  goose::GoosePdu g;
  goose::decode_goose(in, g);
  goose::SvPdu sv;
  goose::decode_sv(in, sv);
  goose::descriptor().probe(in, Transport::Ethernet);

  NullSink sink;
  FlowInfo flow;
  flow.id = 1;
  flow.transport = Transport::Ethernet;
  flow.a.port = flow.b.port = goose::kGooseEthertype;
  auto session = goose::descriptor().create(flow, sink);
  PacketMeta meta;
  std::vector<std::uint8_t> frame;
  std::size_t pos = 0;
  while (pos + 2 <= size) {
    const std::uint16_t type = (data[pos] & 1) ? goose::kSvEthertype : goose::kGooseEthertype;
    const std::size_t length = data[pos + 1];
    if (pos + 2 + length > size) break;
    ++meta.frame;
    const Bytes record = in.subspan(pos + 2, length);
    frame.assign({static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type)});
    frame.insert(frame.end(), record.begin(), record.end());
    session->on_data(Direction::AtoB, frame, meta);
    pos += 2 + length;
  }
  session->on_close(meta);
  return 0;
}
