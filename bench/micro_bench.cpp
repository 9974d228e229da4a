// Component micro-benchmarks: where the per-packet time goes.
#include <benchmark/benchmark.h>

#include <vector>

#include "capture/packet_processor.h"
#include "capture/tcp_reassembly.h"

namespace {

using namespace otscope;
using namespace otscope::capture;

struct NullOutput : TcpDirection::Output {
  std::size_t bytes = 0;
  void on_bytes(Bytes d) override { bytes += d.size(); }
  void on_gap(std::size_t) override {}
};

void BM_TcpInOrder(benchmark::State& state) {
  std::vector<std::uint8_t> payload(static_cast<std::size_t>(state.range(0)), 0x42);
  for (auto _ : state) {
    TcpDirection d;
    NullOutput out;
    d.syn(1);
    std::uint32_t seq = 2;
    for (int i = 0; i < 1000; ++i) {
      d.segment(seq, payload, out);
      seq += static_cast<std::uint32_t>(payload.size());
    }
    benchmark::DoNotOptimize(out.bytes);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_TcpInOrder)->Arg(12)->Arg(1460);

void BM_TcpSwappedPairs(benchmark::State& state) {
  std::vector<std::uint8_t> payload(100, 0x42);
  for (auto _ : state) {
    TcpDirection d;
    NullOutput out;
    d.syn(1);
    for (std::uint32_t i = 0; i < 1000; i += 2) {
      d.segment(2 + (i + 1) * 100, payload, out);
      d.segment(2 + i * 100, payload, out);
    }
    benchmark::DoNotOptimize(out.bytes);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_TcpSwappedPairs);

struct NullConsumer : StreamConsumer {
  void flow_opened(const FlowInfo&, const PacketMeta&) override {}
  void stream_data(const FlowInfo&, Direction, Bytes, const PacketMeta&) override {}
  void stream_gap(const FlowInfo&, Direction, std::size_t, const PacketMeta&) override {}
  void datagram(const FlowInfo&, Direction, Bytes, const PacketMeta&) override {}
  void flow_stats(const FlowInfo&, const FlowCounters&) override {}
  void flow_closed(const FlowInfo&, const FlowCounters&, CloseReason, const PacketMeta&) override {}
  void host_seen(const HostSighting&, const PacketMeta&) override {}
};

// Ethernet/IPv4/TCP frames of 64 flows carrying 12-byte payloads.
std::vector<std::vector<std::uint8_t>> frames() {
  std::vector<std::vector<std::uint8_t>> out;
  for (int f = 0; f < 64; ++f) {
    std::vector<std::uint8_t> fr = {0,    0x80,
                                    0xf4, 0,
                                    0,    2,
                                    0,    0x1c,
                                    6,    0,
                                    0,    1,
                                    0x08, 0x00,
                                    0x45, 0,
                                    0,    52,
                                    0,    1,
                                    0x40, 0,
                                    64,   6,
                                    0,    0,
                                    10,   0,
                                    0,    1,
                                    10,   0,
                                    1,    static_cast<std::uint8_t>(f),
                                    0xc3, static_cast<std::uint8_t>(f),
                                    0x01, 0xf6,
                                    0,    0,
                                    0,    1,
                                    0,    0,
                                    0,    1,
                                    0x50, 0x18,
                                    0xff, 0xff,
                                    0,    0,
                                    0,    0};
    for (int i = 0; i < 12; ++i) fr.push_back(static_cast<std::uint8_t>(i));
    out.push_back(fr);
  }
  return out;
}

void BM_PacketProcessor(benchmark::State& state) {
  NullConsumer consumer;
  PacketProcessor p(consumer);
  p.begin_source(0, 1);
  auto fs = frames();
  std::int64_t ts = 1;
  std::size_t i = 0;
  for (auto _ : state) {
    RawFrame r;
    r.ts_us = ts++;
    r.data = fs[i++ % fs.size()];
    r.wire_length = static_cast<std::uint32_t>(r.data.size());
    p.process(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PacketProcessor);

}  // namespace

BENCHMARK_MAIN();
