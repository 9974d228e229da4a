// libFuzzer target: every PROFINET decoder on the raw input, then the input as frames of one
// Ethernet flow and as datagrams of one UDP flow through the session, with a sink that builds
// every event's text.
//
// Input: records of [control][length][length bytes]; control bit 0 is the direction. Each record
// is one frame (after the Ethernet type) and one datagram.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocols/profinet/codes.h"
#include "protocols/profinet/dcp.h"
#include "protocols/profinet/profinet.h"
#include "protocols/profinet/rpc.h"

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

  NullSink sink;
  FlowInfo eth;
  eth.id = 1;
  eth.transport = Transport::Ethernet;
  eth.a.port = eth.b.port = profinet::kEthertype;
  FlowInfo udp;
  udp.id = 2;
  udp.transport = Transport::Udp;
  udp.a.port = 49152;
  udp.b.port = 34964;
  auto frames = profinet::descriptor().create(eth, sink);
  auto datagrams = profinet::descriptor().create(udp, sink);
  PacketMeta meta;
  std::vector<std::uint8_t> frame;
  std::size_t pos = 0;
  while (pos + 2 <= size) {
    const auto dir = (data[pos] & 1) ? Direction::BtoA : Direction::AtoB;
    const std::size_t length = data[pos + 1];
    if (pos + 2 + length > size) break;
    ++meta.frame;
    const Bytes record = in.subspan(pos + 2, length);
    frame.assign({0x88, 0x92});
    frame.insert(frame.end(), record.begin(), record.end());
    frames->on_data(dir, frame, meta);
    datagrams->on_data(dir, record, meta);
    pos += 2 + length;
  }
  frames->on_close(meta);
  datagrams->on_close(meta);
  return 0;
}
