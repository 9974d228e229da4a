// libFuzzer target: the EtherCAT decoder on the raw input and the input as one frame through
// the session, with a sink that builds every event's text.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocols/ethercat/ethercat.h"

namespace {

struct NullSink final : otscope::EventSink {
  void message(const otscope::FlowInfo&, const otscope::PacketMeta&,
               const otscope::MessageEvent& ev) override {
    rendered += ev.summary_text().size() + ev.detail.size();
  }
  void identity(const otscope::FlowInfo&, const otscope::PacketMeta&,
                const otscope::IdentityEvent&) override {}
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
  ethercat::Frame f;
  ethercat::decode_frame(in, f);
  NullSink sink;
  FlowInfo flow;
  flow.id = 1;
  flow.transport = Transport::Ethernet;
  auto session = ethercat::descriptor().create(flow, sink);
  std::vector<std::uint8_t> frame = {0x88, 0xA4};
  frame.insert(frame.end(), in.begin(), in.end());
  session->on_data(Direction::AtoB, frame, PacketMeta{});
  session->on_close(PacketMeta{});
  return 0;
}
