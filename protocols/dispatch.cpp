#include "protocols/dispatch.h"

#include <string>

namespace otscope {

namespace {
// How much a flow may hold while it is being identified, and for how many chunks (TCP segments
// or datagrams) per direction it keeps trying: a connection picked up mid-stream starts in the
// middle of a message, so later chunk boundaries get their chance too.
constexpr std::size_t kMaxHeldBytes = 16 * 1024;
constexpr int kMaxProbeChunks = 12;
constexpr int kMaxProbeChunksOnRegisteredPort = 48;
}  // namespace

struct Dispatcher::FlowState {
  std::uint64_t flow_id = 0;
  std::uint32_t slot = 0;  // its index in slots_ and heads_
  enum class Phase { Probing, Matched, Unclaimed } phase = Phase::Probing;
  const ProtocolDescriptor* protocol = nullptr;
  std::unique_ptr<ProtocolSession> session;
  // While probing: chunks held in arrival order, so that the session sees everything. Their
  // bytes follow one another in `held_data`.
  struct Chunk {
    Direction dir;
    bool after_gap;
    std::uint32_t offset;
    std::uint32_t size;
    /// The packet that brought it: replayed to the session with its own frame and time.
    FrameRef packet;
    /// The chunk's bytes within the held bytes it was added to.
    Bytes in(const std::vector<std::uint8_t>& data) const {
      return Bytes(data).subspan(offset, size);
    }
  };
  std::vector<Chunk> held;
  std::vector<std::uint8_t> held_data;  // its size is the number of bytes held
  Bytes bytes_of(const Chunk& c) const { return c.in(held_data); }
  int chunks[2] = {0, 0};
  bool gap_pending[2] = {false, false};
  // Each direction's first chunk index that could still start a message (after a NoMatch the
  // next chunk is the next candidate).
  std::size_t candidate[2] = {0, 0};
  bool saw_no_match = false;
};

Dispatcher::Dispatcher(std::span<const ProtocolDescriptor* const> protocols, EventSink& sink)
    : protocols_(protocols.begin(), protocols.end()), sink_(sink), slots_(1), heads_(1) {}

Dispatcher::~Dispatcher() = default;

Dispatcher::FlowState& Dispatcher::state(const FlowInfo& flow) {
  if (flow.consumer_slot != 0 && flow.consumer_slot < slots_.size()) {
    FlowState* st = slots_[flow.consumer_slot].get();
    if (st != nullptr && st->flow_id == flow.id) return *st;
  }
  auto [it, inserted] = index_.try_emplace(flow.id, 0);
  if (inserted) {
    if (free_slots_.empty()) {
      it->second = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
      heads_.emplace_back();
    } else {
      it->second = free_slots_.back();
      free_slots_.pop_back();
    }
    slots_[it->second] = std::make_unique<FlowState>();
    slots_[it->second]->flow_id = flow.id;
    slots_[it->second]->slot = it->second;
    heads_[it->second] = SlotHead{flow.id, nullptr, false};
  }
  flow.consumer_slot = it->second;
  return *slots_[it->second];
}

void Dispatcher::flow_opened(const FlowInfo& flow) {
  state(flow);
}

const ProtocolDescriptor* Dispatcher::registered_on(const FlowInfo& flow) const {
  if (flow.transport == Transport::Ethernet) return nullptr;  // its "port" is an Ethernet type
  for (const ProtocolDescriptor* p : protocols_) {
    const std::uint16_t port = p->registered_port();
    // The server's side: with the handshake seen, the client's (ephemeral) port says nothing.
    if (port != 0 && (flow.b.port == port || (!flow.saw_handshake && flow.a.port == port)))
      return p;
  }
  return nullptr;
}

void Dispatcher::stream_data(const FlowInfo& flow, Direction dir, Bytes data,
                             const PacketMeta& meta) {
  if (const SlotHead* head = head_of(flow)) {
    if (head->session != nullptr) {
      head->session->on_data(dir, data, meta);
      return;
    }
    if (head->unclaimed) return;
  }
  FlowState& st = state(flow);
  if (st.phase == FlowState::Phase::Matched) {
    st.session->on_data(dir, data, meta);
    return;
  }
  if (st.phase == FlowState::Phase::Unclaimed) return;
  const int d = static_cast<int>(dir);
  st.held.push_back({dir, st.gap_pending[d], static_cast<std::uint32_t>(st.held_data.size()),
                     static_cast<std::uint32_t>(data.size()), FrameRef{meta.frame, meta.ts_us}});
  st.held_data.insert(st.held_data.end(), data.begin(), data.end());
  st.gap_pending[d] = false;
  ++st.chunks[d];
  probe(flow, st, dir, meta);
}

void Dispatcher::datagram(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta& meta) {
  stream_data(flow, dir, data, meta);
}

void Dispatcher::probe(const FlowInfo& flow, FlowState& st, Direction dir, const PacketMeta& meta) {
  const int d = static_cast<int>(dir);
  // Datagrams and link-layer frames stand by themselves; only TCP chunks join into a stream.
  const bool udp = flow.transport != Transport::Tcp;
  // Try each candidate start of this direction: the bytes from that chunk on (TCP) or the
  // chunk alone (UDP, where every datagram stands by itself).
  std::size_t count_for_dir = 0;
  for (std::size_t i = 0; i < st.held.size(); ++i) {
    if (st.held[i].dir != dir) continue;
    if (count_for_dir++ < st.candidate[d]) continue;
    // The chunk itself when it is all there is to look at (a datagram, a lone segment);
    // otherwise up to 512 bytes of it and the chunks that follow it, copied together.
    Bytes window = st.bytes_of(st.held[i]);
    if (!udp && window.size() < 512) {
      window_.assign(window.begin(), window.end());
      for (std::size_t j = i + 1; j < st.held.size() && window_.size() < 512; ++j) {
        if (st.held[j].dir != dir) continue;
        if (st.held[j].after_gap) break;
        const Bytes more = st.bytes_of(st.held[j]);
        window_.insert(window_.end(), more.begin(), more.end());
      }
      window = window_;
    }
    bool any_need_more = false;
    for (const ProtocolDescriptor* p : protocols_) {
      const ProbeResult r = p->probe(window, flow.transport);
      if (r == ProbeResult::NeedMore) any_need_more = true;
      if (r != ProbeResult::Match) continue;
      // Identified: hand the session everything held, in arrival order. Chunks of this
      // direction before the matching one are pre-synchronisation bytes and become a gap.
      st.phase = FlowState::Phase::Matched;
      st.protocol = p;
      st.session = p->create(flow, sink_);
      heads_[st.slot].session = st.session.get();
      std::size_t seen_dir = 0;
      std::vector<FlowState::Chunk> held = std::move(st.held);
      std::vector<std::uint8_t> held_data = std::move(st.held_data);
      st.held.clear();
      st.held_data.clear();
      for (std::size_t k = 0; k < held.size(); ++k) {
        const FlowState::Chunk& c = held[k];
        if (c.dir == dir && seen_dir++ < count_for_dir - 1) continue;
        PacketMeta at = meta;
        at.frame = c.packet.frame;
        at.ts_us = c.packet.ts_us;
        if (c.after_gap && !udp) st.session->on_gap(c.dir, 0, at);
        st.session->on_data(c.dir, c.in(held_data), at);
      }
      return;
    }
    if (any_need_more) break;  // wait for more bytes at this candidate
    ++st.candidate[d];         // no protocol starts here; the next chunk is the next candidate
    st.saw_no_match = true;
  }
  const int limit = registered_on(flow) ? kMaxProbeChunksOnRegisteredPort : kMaxProbeChunks;
  if (st.held_data.size() > kMaxHeldBytes || (st.chunks[0] >= limit && st.chunks[1] >= limit) ||
      st.chunks[0] + st.chunks[1] >= 2 * limit)
    give_up(flow, st, meta);
}

void Dispatcher::give_up(const FlowInfo& flow, FlowState& st, const PacketMeta& meta) {
  st.phase = FlowState::Phase::Unclaimed;
  heads_[st.slot].unclaimed = true;
  if (const ProtocolDescriptor* p = registered_on(flow); p && st.saw_no_match) {
    std::string first;
    for (const auto& c : st.held)
      if (c.size != 0) {
        first = to_hex(st.bytes_of(c), 16);
        break;
      }
    const std::string name(p->main().name);
    // Named by the packets that carried the foreign bytes (the first ones, bounded).
    std::vector<FrameRef> packets;
    for (const auto& c : st.held)
      if (c.size != 0 && (packets.empty() || !(packets.back() == c.packet)) &&
          packets.size() <= PacketMeta::kMaxEarlierFrames)
        packets.push_back(c.packet);
    report_anomaly(sink_, flow, carried_by(packets, meta), Protocol(&p->main()), Direction::AtoB,
                   name + ".non_" + name + "_traffic",
                   std::string(flow.transport == Transport::Tcp ? "TCP" : "UDP") + " port " +
                       std::to_string(p->registered_port()) + " carries traffic that is not " +
                       name + " (first bytes " + first + ")",
                   false, AnomalyClass::ForeignTraffic);
  }
  st.held.clear();
  st.held.shrink_to_fit();
  st.held_data.clear();
  st.held_data.shrink_to_fit();
}

void Dispatcher::stream_gap(const FlowInfo& flow, Direction dir, std::size_t missing,
                            const PacketMeta& meta) {
  FlowState& st = state(flow);
  if (st.phase == FlowState::Phase::Matched) {
    st.session->on_gap(dir, missing, meta);
    return;
  }
  if (st.phase == FlowState::Phase::Probing) st.gap_pending[static_cast<int>(dir)] = true;
}

void Dispatcher::flow_closed(const FlowInfo& flow, const PacketMeta& meta) {
  auto it = index_.find(flow.id);
  if (it == index_.end()) return;
  const std::uint32_t slot = it->second;
  FlowState& st = *slots_[slot];
  if (st.phase == FlowState::Phase::Matched) {
    st.session->on_close(meta);
  } else if (st.phase == FlowState::Phase::Probing && st.saw_no_match) {
    give_up(flow, st, meta);
  }
  slots_[slot].reset();
  heads_[slot] = SlotHead{};
  free_slots_.push_back(slot);
  index_.erase(it);
  flow.consumer_slot = 0;
}

std::optional<Protocol> Dispatcher::protocol_of(std::uint64_t flow_id) const {
  auto it = index_.find(flow_id);
  if (it == index_.end()) return std::nullopt;
  const FlowState& st = *slots_[it->second];
  if (st.phase != FlowState::Phase::Matched) return std::nullopt;
  if (const Protocol p = st.session->claimed_as(); p.valid()) return p;
  return Protocol(&st.protocol->main());
}

}  // namespace otscope
