#include "capture/evidence_ring.h"

#include <algorithm>

namespace otscope::capture {

void EvidenceRing::add(std::uint64_t flow, const PacketMeta& meta, std::uint32_t wire_length,
                       Bytes data) {
  if (limits_.per_flow == 0 || data.size() > limits_.max_bytes) return;
  Flow& f = flows_[flow];
  Kept k;
  k.packet.frame = meta.frame;
  k.packet.ts_us = meta.ts_us;
  k.packet.wire_length = wire_length;
  k.packet.data.assign(data.begin(), data.end());
  k.flow = flow;
  if (!packets_.emplace(meta.frame, std::move(k)).second) return;  // the same frame again
  bytes_ += data.size();
  order_.push_back(meta.frame);
  if (f.seen++ < kPinned) {
    f.pinned.push_back(meta.frame);
  } else {
    f.recent.push_back(meta.frame);
    if (f.recent.size() > limits_.per_flow) drop(f.recent.front());
  }
  while (bytes_ > limits_.max_bytes && !order_.empty()) {
    const std::uint64_t oldest = order_.front();
    order_.pop_front();
    drop(oldest);
  }
  // Frames dropped by their flow's cap stay in order_ until they reach its front: bounded by
  // the packets kept, since every add() appends one and a burst of drops shortens it again.
  while (order_.size() > 2 * packets_.size() + 64 && !order_.empty()) {
    if (!packets_.contains(order_.front()))
      order_.pop_front();
    else
      break;
  }
}

void EvidenceRing::drop(std::uint64_t frame) {
  auto it = packets_.find(frame);
  if (it == packets_.end()) return;
  const std::uint64_t flow = it->second.flow;
  bytes_ -= it->second.packet.data.size();
  packets_.erase(it);
  auto f = flows_.find(flow);
  if (f == flows_.end()) return;
  auto remove = [frame](std::deque<std::uint64_t>& q) {
    auto at = std::find(q.begin(), q.end(), frame);
    if (at != q.end()) q.erase(at);
  };
  remove(f->second.recent);
  remove(f->second.pinned);
  if (f->second.recent.empty() && f->second.pinned.empty()) flows_.erase(f);
}

const RingPacket* EvidenceRing::find(std::uint64_t frame) const {
  auto it = packets_.find(frame);
  return it == packets_.end() ? nullptr : &it->second.packet;
}

std::vector<const RingPacket*> EvidenceRing::flow_start(std::uint64_t frame) const {
  std::vector<const RingPacket*> out;
  auto it = packets_.find(frame);
  if (it == packets_.end()) return out;
  auto f = flows_.find(it->second.flow);
  if (f == flows_.end()) return out;
  for (std::uint64_t n : f->second.pinned)
    if (const RingPacket* p = find(n)) out.push_back(p);
  return out;
}

}  // namespace otscope::capture
