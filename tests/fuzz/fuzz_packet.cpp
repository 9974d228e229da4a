// libFuzzer target over the packet path from raw link-layer frames: capture/link (every link type
// otscope reads) and capture/packet_processor (IPv4/IPv6, defragmentation, TCP/UDP flows, the
// reassembly behind them, host sightings), with small flow limits so eviction is reached.
//
// Input: byte 0 selects the link type (index into kLinkTypes); then frames: time step (1 byte, in
// 10 ms), captured length (2 bytes), the frame. The seed corpus writes the frames of each capture
// this way.
#include <cstddef>
#include <cstdint>

#include "capture/link.h"
#include "capture/packet_processor.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using namespace otscope;
using namespace otscope::capture;

constexpr int kLinkTypes[] = {1, 0, 12, 14, 101, 108, 113, 228, 229, 276};

/// Checks what the processor hands up and touches every byte of it.
class Consumer final : public StreamConsumer {
 public:
  void flow_opened(const FlowInfo&, const PacketMeta&) override { ++opened; }
  void stream_data(const FlowInfo& flow, Direction, Bytes data, const PacketMeta&) override {
    if (flow.transport != Transport::Tcp || data.empty()) __builtin_trap();
    for (std::uint8_t b : data) sum += b;
  }
  void stream_gap(const FlowInfo&, Direction, std::size_t missing, const PacketMeta&) override {
    if (missing == 0) __builtin_trap();
  }
  void datagram(const FlowInfo& flow, Direction, Bytes data, const PacketMeta&) override {
    if (flow.transport != Transport::Udp) __builtin_trap();
    for (std::uint8_t b : data) sum += b;
  }
  void flow_stats(const FlowInfo&, const FlowCounters&) override {}
  void flow_closed(const FlowInfo&, const FlowCounters&, CloseReason, const PacketMeta&) override {
    if (++closed > opened) __builtin_trap();
  }
  void host_seen(const HostSighting& s, const PacketMeta&) override { sum += s.wire_bytes; }

  std::uint64_t opened = 0;
  std::uint64_t closed = 0;
  std::uint64_t sum = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in(data, size);
  const int dlt = kLinkTypes[in.u8() % std::size(kLinkTypes)];
  Consumer consumer;
  FlowLimits limits;
  limits.max_flows = 8;
  limits.max_buffered_per_direction = 2048;
  limits.max_buffered_total = 8192;
  limits.tcp_idle_us = 5'000'000;
  limits.udp_idle_us = 2'000'000;
  limits.closed_linger_us = 500'000;
  limits.server_ports = {502, 20000, 44818};
  {
    PacketProcessor processor(consumer, limits);
    processor.begin_source(0, dlt);
    RawFrame frame;
    frame.ts_us = 1'600'000'000'000'000;
    while (!in.done()) {
      frame.ts_us += std::int64_t{in.u8()} * 10'000;
      frame.data = in.bytes(in.u16());
      frame.wire_length = static_cast<std::uint32_t>(frame.data.size());
      (void)parse_link(dlt, frame.data);
      processor.process(frame);
      if (frame.data.size() % 17 == 0) processor.checkpoint();
    }
    processor.finish();
  }
  if (consumer.closed != consumer.opened) __builtin_trap();
  return 0;
}
