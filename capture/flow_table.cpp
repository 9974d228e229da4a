#include "capture/flow_table.h"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace otscope::capture {

namespace {
constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kAck = 0x10;

void add_stats(ReassemblyStats& into, const ReassemblyStats& s) {
  into.delivered_bytes += s.delivered_bytes;
  into.retransmitted_bytes += s.retransmitted_bytes;
  into.out_of_order_segments += s.out_of_order_segments;
  into.gaps += s.gaps;
  into.gap_bytes += s.gap_bytes;
  into.overflows += s.overflows;
}

FlowCounters minus(const FlowCounters& a, const FlowCounters& b) {
  FlowCounters d = a;
  for (int i = 0; i < 2; ++i) {
    d.packets[i] -= b.packets[i];
    d.bytes[i] -= b.bytes[i];
    d.payload[i] -= b.payload[i];
  }
  return d;
}
}  // namespace

struct FlowTable::Flow {
  // What every packet reads or writes first and together; what checkpoints and closing use last,
  // so that a packet touches as few of the flow's cache lines as it can.
  Key key;             // where the flat index finds it
  std::uint64_t hash;  // of the key
  FlowInfo info;
  FlowCounters counters;
  PacketMeta last_meta;
  bool fin[2] = {false, false};
  bool closed = false;
  TcpDirection dirs[2];
  std::int64_t closed_us = 0;
  FlowCounters reported;
  Flow(const Key& k, std::uint64_t h, std::size_t per_direction)
      : key(k), hash(h), dirs{TcpDirection(per_direction), TcpDirection(per_direction)} {}
};

// Adapts reassembler output to the consumer for one flow direction.
class FlowTable::DirectionOutput : public TcpDirection::Output {
 public:
  DirectionOutput(StreamConsumer& c, const FlowInfo& f, Direction d, const PacketMeta& m)
      : consumer_(c), flow_(f), dir_(d), meta_(m) {}
  void on_bytes(Bytes data) override { consumer_.stream_data(flow_, dir_, data, meta_); }
  void on_gap(std::size_t missing) override { consumer_.stream_gap(flow_, dir_, missing, meta_); }

 private:
  StreamConsumer& consumer_;
  const FlowInfo& flow_;
  Direction dir_;
  const PacketMeta& meta_;
};

std::uint64_t FlowTable::hash_key(const Key& k) noexcept {
  // Runs once per packet: one multiply per word, then one finaliser (the table uses the low bits).
  std::uint64_t x = k.lo_ip.word(0) * 0x9e3779b97f4a7c15ull;
  x ^= (k.hi_ip.word(0) + (static_cast<std::uint64_t>(k.lo_port) << 32 |
                           std::uint64_t{k.hi_port} << 16 |
                           static_cast<std::uint64_t>(k.transport))) *
       0xc2b2ae3d27d4eb4full;
  if (k.lo_ip.v6 || k.hi_ip.v6) {
    x ^= k.lo_ip.word(8) * 0x165667b19e3779f9ull;
    x ^= (k.hi_ip.word(8) + 1) * 0xd6e8feb86659fd93ull;
  }
  if (k.lo_mac | k.hi_mac) x ^= (k.lo_mac ^ (k.hi_mac << 1)) * 0x9fb21c651e98df25ull;
  return hash_mix(0, x);
}

FlowTable::FlowTable(StreamConsumer& consumer, FlowLimits limits)
    : consumer_(consumer), limits_(std::move(limits)), server_port_(65536, false) {
  for (std::size_t p = 0; p < 1024; ++p) server_port_[p] = true;
  for (std::uint16_t p : limits_.server_ports) server_port_[p] = true;
}

FlowTable::~FlowTable() = default;

FlowTable::Key FlowTable::make_key(const PacketAddresses& addr, std::uint16_t sport,
                                   std::uint16_t dport, Transport t) {
  Key k;
  k.transport = t;
  // Any fixed order of the two endpoints will do: compare the addresses as words.
  std::uint64_t src[2], dst[2];
  std::memcpy(src, addr.src.bytes.data(), 16);
  std::memcpy(dst, addr.dst.bytes.data(), 16);
  const bool src_first = src[0] != dst[0]   ? src[0] < dst[0]
                         : src[1] != dst[1] ? src[1] < dst[1]
                                            : sport < dport;
  if (src_first) {
    k.lo_ip = addr.src;
    k.lo_port = sport;
    k.hi_ip = addr.dst;
    k.hi_port = dport;
  } else {
    k.lo_ip = addr.dst;
    k.lo_port = dport;
    k.hi_ip = addr.src;
    k.hi_port = sport;
  }
  const bool src_unspecified = addr.src.is_unspecified();
  const bool dst_unspecified = addr.dst.is_unspecified();
  if (src_unspecified || dst_unspecified) {
    const std::uint64_t src_mac = src_unspecified ? addr.src_mac.value() : 0;
    const std::uint64_t dst_mac = dst_unspecified ? addr.dst_mac.value() : 0;
    k.lo_mac = src_first ? src_mac : dst_mac;
    k.hi_mac = src_first ? dst_mac : src_mac;
  }
  return k;
}

template <class ClientTest>
FlowTable::Flow* FlowTable::find_or_create(const PacketAddresses& addr, std::uint16_t sport,
                                           std::uint16_t dport, Transport t, bool create,
                                           ClientTest&& src_is_client, const PacketMeta& meta,
                                           Direction& dir) {
  const Key key = make_key(addr, sport, dport, t);
  const std::uint64_t hash = hash_key(key);
  if (Flow* found = flows_.find(key, hash)) {
    Flow& f = *found;
    dir = (f.info.a.ip == addr.src && f.info.a.port == sport) ? Direction::AtoB : Direction::BtoA;
    return &f;
  }
  if (!create) return nullptr;
  if (flows_.size() >= limits_.max_flows) evict_some();
  auto flow = std::make_unique<Flow>(key, hash, limits_.max_buffered_per_direction);
  FlowInfo& info = flow->info;
  info.id = next_id_++;
  info.transport = t;
  info.vlan = addr.vlan;
  HostEndpoint src{addr.src_mac, addr.src, sport};
  HostEndpoint dst{addr.dst_mac, addr.dst, dport};
  if (src_is_client()) {
    info.a = src;
    info.b = dst;
    dir = Direction::AtoB;
  } else {
    info.a = dst;
    info.b = src;
    dir = Direction::BtoA;
  }
  flow->counters.first_us = meta.ts_us;
  flow->last_meta = meta;
  Flow* raw = flows_.insert(std::move(flow));
  ++stats_.flows_created;
  consumer_.flow_opened(raw->info, meta);
  return raw;
}

void FlowTable::tcp(const PacketAddresses& addr, const TcpSegmentView& seg,
                    const PacketMeta& meta) {
  const bool syn = (seg.flags & kSyn) != 0;
  const bool ack = (seg.flags & kAck) != 0;
  // Who is the client of a new flow: the SYN sender; the receiver of a SYN-ACK; otherwise the side
  // not on a server port (or on the higher port).
  auto src_is_client = [&] {
    if (syn) return !ack;
    if (is_server_port(seg.dport) != is_server_port(seg.sport)) return is_server_port(seg.dport);
    return seg.sport > seg.dport;
  };
  Direction dir;
  // A flow starts with a SYN or with data; a bare ACK/FIN/RST of an unknown flow is not a flow.
  const bool creates = syn || seg.payload_on_wire > 0;
  Flow* f =
      find_or_create(addr, seg.sport, seg.dport, Transport::Tcp, creates, src_is_client, meta, dir);
  if (f && syn && !ack && (f->closed || f->fin[0] || f->fin[1])) {
    // Port reuse: a new connection on the tuple of a finished one.
    finish(*f, CloseReason::Fin);
    f = find_or_create(
        addr, seg.sport, seg.dport, Transport::Tcp, true, [] { return true; }, meta, dir);
  }
  if (!f) {
    HostSighting s{addr.src_mac, addr.dst_mac,    true, addr.src, addr.dst,
                   addr.vlan,    addr.wire_bytes, "tcp"};
    consumer_.host_seen(s, meta);
    return;
  }
  const int d = static_cast<int>(dir);
  f->counters.packets[d] += 1;
  f->counters.bytes[d] += addr.wire_bytes;
  f->counters.payload[d] += seg.payload_on_wire;
  f->counters.last_us = meta.ts_us;
  if (f->counters.first_us == 0) f->counters.first_us = meta.ts_us;  // begun at an unknown time
  f->last_meta = meta;
  if (syn) {
    f->info.saw_handshake = true;
    f->dirs[d].syn(seg.seq);
  }
  if (f->closed) return;

  TcpDirection& mine = f->dirs[d];
  const std::size_t before = mine.buffered_bytes() + f->dirs[1 - d].buffered_bytes();
  // The acknowledgement first: the peer had the bytes it acknowledges before it sent this
  // segment, so whatever they release (a request held behind a hole) precedes this payload (its
  // response) in the conversation.
  if (ack) {
    DirectionOutput peer(consumer_, f->info, reverse(dir), meta);
    f->dirs[1 - d].acknowledged(seg.ack, peer);
  }
  DirectionOutput out(consumer_, f->info, dir, meta);
  if (!seg.payload.empty()) mine.segment(seg.seq, seg.payload, out);
  if (seg.payload_on_wire > seg.payload.size())
    mine.lost(seg.seq + static_cast<std::uint32_t>(seg.payload.size()),
              seg.payload_on_wire - seg.payload.size(), out);
  const std::size_t after = mine.buffered_bytes() + f->dirs[1 - d].buffered_bytes();
  buffered_total_ = buffered_total_ + after - before;
  if (buffered_total_ > limits_.max_buffered_total) {
    // Global bound: this direction gives up waiting for its holes.
    const std::size_t held = mine.buffered_bytes();
    mine.flush(out);
    buffered_total_ -= held;
  }
  if (seg.flags & kFin) f->fin[d] = true;
  if ((seg.flags & kRst) || (f->fin[0] && f->fin[1])) {
    for (int i = 0; i < 2; ++i) {
      const std::size_t held = f->dirs[i].buffered_bytes();
      DirectionOutput o(consumer_, f->info, static_cast<Direction>(i), meta);
      f->dirs[i].flush(o);
      buffered_total_ -= held;
    }
    f->closed = true;
    f->closed_us = meta.ts_us;
  }
}

void FlowTable::udp(const PacketAddresses& addr, std::uint16_t sport, std::uint16_t dport,
                    Bytes payload, const PacketMeta& meta) {
  auto src_is_client = [&] { return !(is_server_port(sport) && !is_server_port(dport)); };
  Direction dir;
  Flow* f = find_or_create(addr, sport, dport, Transport::Udp, true, src_is_client, meta, dir);
  const int d = static_cast<int>(dir);
  f->counters.packets[d] += 1;
  f->counters.bytes[d] += addr.wire_bytes;
  f->counters.payload[d] += payload.size();
  f->counters.last_us = meta.ts_us;
  if (f->counters.first_us == 0) f->counters.first_us = meta.ts_us;  // begun at an unknown time
  f->last_meta = meta;
  consumer_.datagram(f->info, dir, payload, meta);
}

bool FlowTable::wants_link_type(std::uint16_t ethertype) const {
  for (std::uint16_t t : limits_.link_types)
    if (t == ethertype) return true;
  return false;
}

void FlowTable::link(const PacketAddresses& frame, std::uint16_t ethertype, Bytes payload,
                     const PacketMeta& meta) {
  // The stations go by their MAC addresses: a link address for each keeps every pair its own flow.
  PacketAddresses addr = frame;
  addr.src = IpAddress::link(frame.src_mac);
  addr.dst = IpAddress::link(frame.dst_mac);
  Direction dir;
  Flow* f = find_or_create(
      addr, ethertype, ethertype, Transport::Ethernet, true, [] { return true; }, meta, dir);
  const int d = static_cast<int>(dir);
  f->counters.packets[d] += 1;
  f->counters.bytes[d] += addr.wire_bytes;
  f->counters.payload[d] += payload.size();
  f->counters.last_us = meta.ts_us;
  if (f->counters.first_us == 0) f->counters.first_us = meta.ts_us;
  f->last_meta = meta;
  link_frame_.resize(2 + payload.size());
  link_frame_[0] = static_cast<std::uint8_t>(ethertype >> 8);
  link_frame_[1] = static_cast<std::uint8_t>(ethertype);
  std::copy(payload.begin(), payload.end(), link_frame_.begin() + 2);
  consumer_.datagram(f->info, dir, link_frame_, meta);
}

void FlowTable::finish(Flow& flow, CloseReason why) {
  for (int i = 0; i < 2; ++i) {
    const std::size_t held = flow.dirs[i].buffered_bytes();
    DirectionOutput o(consumer_, flow.info, static_cast<Direction>(i), flow.last_meta);
    flow.dirs[i].flush(o);
    buffered_total_ -= held;
    add_stats(closed_tcp_, flow.dirs[i].stats());
  }
  consumer_.flow_stats(flow.info, minus(flow.counters, flow.reported));
  consumer_.flow_closed(flow.info, flow.counters, why, flow.last_meta);
  flows_.erase(flow.key, flow.hash);  // destroys the flow
}

void FlowTable::sweep(std::int64_t now_us) {
  std::vector<std::pair<Flow*, CloseReason>> done;
  flows_.for_each([&](Flow& flow) {
    const std::int64_t idle = now_us - flow.counters.last_us;
    if (flow.closed) {
      if (now_us - flow.closed_us >= limits_.closed_linger_us)
        done.emplace_back(&flow,
                          (flow.fin[0] && flow.fin[1]) ? CloseReason::Fin : CloseReason::Reset);
    } else if (idle >= (flow.info.transport == Transport::Tcp ? limits_.tcp_idle_us
                                                              : limits_.udp_idle_us)) {
      done.emplace_back(&flow, CloseReason::Idle);
    }
  });
  // Report in creation order so that runs are reproducible whatever the hash order.
  std::sort(done.begin(), done.end(),
            [](const auto& a, const auto& b) { return a.first->info.id < b.first->info.id; });
  for (auto& [flow, why] : done) finish(*flow, why);
}

void FlowTable::evict_some() {
  // Evict the least recently active tenth of the table in one pass, so that a flood of new
  // flows costs one scan per many insertions.
  std::vector<Flow*> all;
  all.reserve(flows_.size());
  flows_.for_each([&all](Flow& flow) { all.push_back(&flow); });
  const std::size_t n = std::max<std::size_t>(1, all.size() / 10);
  std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n - 1), all.end(),
                   [](const Flow* a, const Flow* b) {
                     return std::tie(a->counters.last_us, a->info.id) <
                            std::tie(b->counters.last_us, b->info.id);
                   });
  all.resize(n);
  std::sort(all.begin(), all.end(),
            [](const Flow* a, const Flow* b) { return a->info.id < b->info.id; });
  for (Flow* f : all) {
    finish(*f, CloseReason::Evicted);
    ++stats_.flows_evicted;
  }
}

void FlowTable::checkpoint() {
  std::vector<Flow*> all;
  all.reserve(flows_.size());
  flows_.for_each([&all](Flow& flow) { all.push_back(&flow); });
  std::sort(all.begin(), all.end(),
            [](const Flow* a, const Flow* b) { return a->info.id < b->info.id; });
  for (Flow* f : all) {
    consumer_.flow_stats(f->info, minus(f->counters, f->reported));
    f->reported = f->counters;
  }
}

void FlowTable::close_all(CloseReason why) {
  std::vector<Flow*> all;
  all.reserve(flows_.size());
  flows_.for_each([&all](Flow& flow) { all.push_back(&flow); });
  std::sort(all.begin(), all.end(),
            [](const Flow* a, const Flow* b) { return a->info.id < b->info.id; });
  for (Flow* f : all) finish(*f, f->closed ? CloseReason::Fin : why);
}

FlowTableStats FlowTable::stats() const {
  FlowTableStats s = stats_;
  s.flows_active = flows_.size();
  s.tcp = closed_tcp_;
  flows_.for_each([&s](const Flow& flow) {
    for (const auto& d : flow.dirs) add_stats(s.tcp, d.stats());
  });
  return s;
}

}  // namespace otscope::capture
