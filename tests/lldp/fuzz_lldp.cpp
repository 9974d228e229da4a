// libFuzzer target: the LLDP and CDP decoders on the raw input, and the input as one frame of
// each through the session, with a sink that builds every event's text.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocols/lldp/discovery.h"
#include "protocols/lldp/lldp.h"

namespace {

struct NullSink final : otscope::EventSink {
  void message(const otscope::FlowInfo&, const otscope::PacketMeta&,
               const otscope::MessageEvent& ev) override {
    rendered += ev.summary_text().size();
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
  lldp::Announcement a, c;
  lldp::decode_lldp(in, a);
  lldp::decode_cdp(in, c);
  NullSink sink;
  FlowInfo flow;
  flow.id = 1;
  flow.transport = Transport::Ethernet;
  auto session = lldp::descriptor().create(flow, sink);
  PacketMeta meta;
  for (const std::uint16_t type : {lldp::kLldpEthertype, std::uint16_t{0}}) {
    std::vector<std::uint8_t> frame = {static_cast<std::uint8_t>(type >> 8),
                                       static_cast<std::uint8_t>(type)};
    frame.insert(frame.end(), in.begin(), in.end());
    lldp::descriptor().probe(frame, Transport::Ethernet);
    session->on_data(Direction::AtoB, frame, meta);
  }
  session->on_close(meta);
  return 0;
}
