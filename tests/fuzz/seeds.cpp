#include "tests/fuzz/seeds.h"

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <iterator>
#include <map>

#include "capture/link.h"
#include "capture/source.h"
#include "protocols/registry.h"

namespace otscope::fuzz {

namespace {

using namespace otscope::capture;
using Seed = std::vector<std::uint8_t>;

constexpr std::size_t kMaxFlows = 64;             // per capture
constexpr std::size_t kMaxFlowBytes = 16 * 1024;  // per flow
constexpr std::size_t kMaxFrames = 200;           // per packet-path seed
constexpr std::size_t kMaxPacketSeeds = 3;        // per capture
constexpr std::size_t kMaxReaderFile = 256 * 1024;

// Must match fuzz_packet.cpp.
constexpr int kLinkTypes[] = {1, 0, 12, 14, 101, 108, 113, 228, 229, 276};

void put16(Seed& s, std::size_t v) {
  s.push_back(static_cast<std::uint8_t>(v >> 8));
  s.push_back(static_cast<std::uint8_t>(v));
}
void put32(Seed& s, std::uint32_t v) {
  put16(s, v >> 16);
  put16(s, v & 0xffff);
}
void append(Seed& s, Bytes b) {
  s.insert(s.end(), b.begin(), b.end());
}

struct Chunk {
  Direction dir = Direction::AtoB;
  std::size_t gap = 0;  // a gap of this many bytes instead of data
  Seed data;
};

struct FlowRecord {
  FlowInfo info;
  std::vector<Chunk> chunks;
  std::size_t bytes = 0;
};

class Collector final : public StreamConsumer {
 public:
  void flow_opened(const FlowInfo& flow, const PacketMeta&) override {
    if (flows.size() < kMaxFlows) flows.emplace(flow.id, FlowRecord{flow, {}, 0});
  }
  void stream_data(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta&) override {
    add(flow, dir, data, 0);
  }
  void stream_gap(const FlowInfo& flow, Direction dir, std::size_t missing,
                  const PacketMeta&) override {
    add(flow, dir, {}, missing);
  }
  void datagram(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta&) override {
    add(flow, dir, data, 0);
  }
  void flow_stats(const FlowInfo&, const FlowCounters&) override {}
  void flow_closed(const FlowInfo&, const FlowCounters&, CloseReason, const PacketMeta&) override {}
  void host_seen(const HostSighting&, const PacketMeta&) override {}

  std::map<std::uint64_t, FlowRecord> flows;

 private:
  void add(const FlowInfo& flow, Direction dir, Bytes data, std::size_t gap) {
    auto it = flows.find(flow.id);
    if (it == flows.end() || it->second.bytes >= kMaxFlowBytes) return;
    it->second.info = flow;  // the processor may have learnt the roles since
    it->second.chunks.push_back({dir, gap, Seed(data.begin(), data.end())});
    it->second.bytes += data.size();
  }
};

bool on_port(const FlowInfo& f, std::uint16_t port) {
  return port != 0 && (f.a.port == port || f.b.port == port);
}

/// Records of [control][length][bytes], control bit 0 = B to A, bit 1 = gap (fuzz_s7, and
/// fuzz_registry after its two header bytes).
void records(const FlowRecord& flow, Seed& s) {
  for (const Chunk& c : flow.chunks) {
    const std::uint8_t dir = c.dir == Direction::BtoA ? 1 : 0;
    if (c.gap != 0) {
      s.push_back(static_cast<std::uint8_t>(dir | 2));
      s.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(c.gap, 255)));
      continue;
    }
    for (std::size_t at = 0; at < c.data.size(); at += 255) {
      const std::size_t n = std::min<std::size_t>(255, c.data.size() - at);
      s.push_back(dir);
      s.push_back(static_cast<std::uint8_t>(n));
      s.insert(s.end(), c.data.begin() + static_cast<std::ptrdiff_t>(at),
               c.data.begin() + static_cast<std::ptrdiff_t>(at + n));
    }
  }
}

void flow_seeds(const FlowRecord& flow, Corpus& corpus) {
  if (flow.chunks.empty()) return;
  const FlowInfo& f = flow.info;
  const bool tcp = f.transport == Transport::Tcp;
  // Every registered protocol, by its port.
  const auto protocols = builtin_protocols();
  for (std::size_t i = 0; i < protocols.size(); ++i) {
    if (!on_port(f, protocols[i]->registered_port())) continue;
    Seed s{static_cast<std::uint8_t>(i),
           static_cast<std::uint8_t>((tcp ? 0 : 1) | (f.saw_handshake ? 2 : 0))};
    records(flow, s);
    corpus["fuzz_registry"].push_back(std::move(s));
  }
  if (tcp && on_port(f, 502)) {  // fuzz_modbus: 4 hint bytes, then one direction's stream
    for (Direction d : {Direction::AtoB, Direction::BtoA}) {
      Seed s{0x3f, 0x3f, 0x3f, 0x3f};
      for (const Chunk& c : flow.chunks)
        if (c.dir == d) s.insert(s.end(), c.data.begin(), c.data.end());
      if (s.size() > 4) corpus["fuzz_modbus"].push_back(std::move(s));
    }
  }
  if (on_port(f, 20000)) {  // fuzz_dnp3: flags, then [dir << 7 | length <= 126][bytes]
    Seed s{static_cast<std::uint8_t>(tcp ? 0 : 1)};
    for (const Chunk& c : flow.chunks) {
      const std::uint8_t dir = c.dir == Direction::BtoA ? 0x80 : 0;
      if (c.gap != 0) {
        s.push_back(static_cast<std::uint8_t>(dir | 0x7f));
        s.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(c.gap, 255)));
        continue;
      }
      for (std::size_t at = 0; at < c.data.size(); at += 126) {
        const std::size_t n = std::min<std::size_t>(126, c.data.size() - at);
        s.push_back(static_cast<std::uint8_t>(dir | n));
        s.insert(s.end(), c.data.begin() + static_cast<std::ptrdiff_t>(at),
                 c.data.begin() + static_cast<std::ptrdiff_t>(at + n));
      }
    }
    corpus["fuzz_dnp3"].push_back(std::move(s));
  }
  if (tcp && on_port(f, 102)) {
    Seed s;
    records(flow, s);
    corpus["fuzz_s7"].push_back(std::move(s));
  }
  if (!tcp) {  // fuzz_inventory: name-service datagrams
    for (int port : {53, 67, 68, 137, 5353, 5355}) {
      if (!on_port(f, static_cast<std::uint16_t>(port))) continue;
      for (const Chunk& c : flow.chunks)
        if (!c.data.empty()) corpus["fuzz_inventory"].push_back(c.data);
      break;
    }
  }
  if (tcp) {  // fuzz_reassembly: each direction as in-order segments, every third pair swapped
    for (Direction d : {Direction::AtoB, Direction::BtoA}) {
      Seed s{11};
      const std::uint32_t isn = 0xfffff000u;  // wraps within the first 4 KiB
      s.push_back(0);
      put32(s, isn);
      std::uint32_t seq = isn + 1;
      std::vector<std::pair<std::uint32_t, Bytes>> segments;
      for (const Chunk& c : flow.chunks) {
        if (c.dir != d) continue;
        if (c.gap != 0) {
          seq += static_cast<std::uint32_t>(c.gap);
          continue;
        }
        for (std::size_t at = 0; at < c.data.size(); at += 255) {
          const std::size_t n = std::min<std::size_t>(255, c.data.size() - at);
          segments.emplace_back(seq, Bytes(c.data).subspan(at, n));
          seq += static_cast<std::uint32_t>(n);
        }
      }
      if (segments.empty()) continue;
      for (std::size_t i = 2; i < segments.size(); i += 3) std::swap(segments[i - 1], segments[i]);
      for (const auto& [at, bytes] : segments) {
        s.push_back(1);
        put32(s, at);
        s.push_back(static_cast<std::uint8_t>(bytes.size()));
        append(s, bytes);
      }
      s.push_back(4);
      corpus["fuzz_reassembly"].push_back(std::move(s));
    }
  }
}

/// Splits an unfragmented IPv4 packet into up to three fragments (8-byte multiples), last first.
void fragment(Bytes ip, Seed& s) {
  if (ip.size() < 20 || (ip[0] >> 4) != 4) return;
  const std::size_t ihl = (ip[0] & 0x0f) * 4u;
  const std::size_t total = static_cast<std::size_t>(ip[2] << 8 | ip[3]);
  if (ihl < 20 || total < ihl + 16 || total > ip.size()) return;
  const Bytes header = ip.subspan(0, ihl);
  const Bytes payload = ip.subspan(ihl, total - ihl);
  const std::size_t piece = std::max<std::size_t>(8, (payload.size() / 3) & ~std::size_t{7});
  std::vector<Seed> fragments;
  for (std::size_t at = 0; at < payload.size(); at += piece) {
    const std::size_t n = std::min(piece, payload.size() - at);
    Seed f(header.begin(), header.end());
    const std::size_t length = ihl + n;
    f[2] = static_cast<std::uint8_t>(length >> 8);
    f[3] = static_cast<std::uint8_t>(length);
    const std::size_t flags = (at + n < payload.size() ? 0x2000 : 0) | (at / 8);
    f[6] = static_cast<std::uint8_t>(flags >> 8);
    f[7] = static_cast<std::uint8_t>(flags);
    append(f, payload.subspan(at, n));
    fragments.push_back(std::move(f));
  }
  std::reverse(fragments.begin(), fragments.end());
  for (const Seed& f : fragments) {
    s.push_back(1);
    put16(s, f.size());
    s.insert(s.end(), f.begin(), f.end());
  }
}

}  // namespace

void add_capture_seeds(const std::string& path, Corpus& corpus) {
  {
    std::ifstream file(path, std::ios::binary);
    Seed whole((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (whole.size() > kMaxReaderFile) whole.resize(kMaxReaderFile / 4);  // a cut-short file
    corpus["fuzz_reader"].push_back(std::move(whole));
  }
  auto source = PcapSource::open_file(path);
  const int dlt = source->link_type();
  const auto* type = std::find(std::begin(kLinkTypes), std::end(kLinkTypes), dlt);
  const bool packet_seeds = type != std::end(kLinkTypes);
  Collector collector;
  PacketProcessor processor(collector);
  processor.begin_source(0, dlt);
  Seed packets;
  std::size_t frames_in_seed = 0;
  std::size_t packet_seed_count = 0;
  Seed defrag{7};
  std::size_t fragmented = 0;
  std::int64_t last_us = 0;
  RawFrame frame;
  while (source->next(frame) == PcapSource::Status::Frame) {
    processor.process(frame);
    if (packet_seeds && packet_seed_count < kMaxPacketSeeds) {
      if (packets.empty()) packets.push_back(static_cast<std::uint8_t>(type - kLinkTypes));
      const std::int64_t step = last_us == 0 ? 0 : (frame.ts_us - last_us) / 10'000;
      packets.push_back(static_cast<std::uint8_t>(std::clamp<std::int64_t>(step, 0, 255)));
      const std::size_t n = std::min<std::size_t>(frame.data.size(), 0xffff);
      put16(packets, n);
      append(packets, frame.data.subspan(0, n));
      if (++frames_in_seed == kMaxFrames) {
        corpus["fuzz_packet"].push_back(std::move(packets));
        packets.clear();
        frames_in_seed = 0;
        ++packet_seed_count;
      }
    }
    last_us = frame.ts_us;
    if (fragmented < 20) {
      if (auto link = parse_link(dlt, frame.data); link && link->network == NetworkProtocol::Ipv4) {
        const std::size_t before = defrag.size();
        fragment(link->payload, defrag);
        if (defrag.size() != before) ++fragmented;
      }
    }
  }
  processor.finish();
  if (!packets.empty()) corpus["fuzz_packet"].push_back(std::move(packets));
  if (fragmented != 0) corpus["fuzz_defrag"].push_back(std::move(defrag));
  for (const auto& [id, flow] : collector.flows) flow_seeds(flow, corpus);
}

}  // namespace otscope::fuzz
