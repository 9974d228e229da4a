#include "capture/tcp_reassembly.h"

namespace otscope::capture {

namespace {
// An acknowledgement further ahead than this is not trusted to mean "lost by the capture".
constexpr std::int64_t kMaxAckedGap = 16 << 20;
}  // namespace

void TcpDirection::syn(std::uint32_t isn) {
  if (initialized_) return;
  initialized_ = true;
  next_seq_ = isn + 1;
  next_rel_ = 0;
}

void TcpDirection::deliver(Bytes data, Output& out) {
  if (data.empty()) return;
  next_rel_ += data.size();
  next_seq_ += static_cast<std::uint32_t>(data.size());
  stats_.delivered_bytes += data.size();
  hole_acks_ = 0;
  out.on_bytes(data);
}

void TcpDirection::skip_to(std::uint64_t rel, Output& out) {
  if (rel <= next_rel_) return;
  std::uint64_t missing = rel - next_rel_;
  next_seq_ += static_cast<std::uint32_t>(missing);
  next_rel_ = rel;
  hole_acks_ = 0;
  ++stats_.gaps;
  stats_.gap_bytes += missing;
  out.on_gap(static_cast<std::size_t>(missing));
}

void TcpDirection::drain(Output& out) {
  while (!pending_.empty() && pending_.begin()->first <= next_rel_) {
    auto node = pending_.extract(pending_.begin());
    const std::uint64_t start = node.key();
    const std::vector<std::uint8_t>& bytes = node.mapped();
    buffered_ -= bytes.size();
    const std::uint64_t end = start + bytes.size();
    if (end <= next_rel_) {
      stats_.retransmitted_bytes += bytes.size();
      continue;
    }
    const std::size_t skip = static_cast<std::size_t>(next_rel_ - start);
    stats_.retransmitted_bytes += skip;
    deliver(Bytes(bytes).subspan(skip), out);
  }
}

void TcpDirection::segment(std::uint32_t seq, Bytes payload, Output& out) {
  if (payload.empty()) return;
  if (!initialized_) {  // picked up mid-stream: the first byte seen is offset 0
    initialized_ = true;
    next_seq_ = seq;
    next_rel_ = 0;
  }
  const std::int64_t start = relative(seq);
  const std::int64_t end = start + static_cast<std::int64_t>(payload.size());
  const auto next = static_cast<std::int64_t>(next_rel_);
  if (end <= next) {
    stats_.retransmitted_bytes += payload.size();
    return;
  }
  if (start <= next) {
    const auto skip = static_cast<std::size_t>(next - start);
    stats_.retransmitted_bytes += skip;
    deliver(payload.subspan(skip), out);
    drain(out);
    return;
  }
  // Ahead of the stream: keep it until the hole fills, the peer acknowledges past it, or the
  // buffer bound forces the hole to be declared lost.
  ++stats_.out_of_order_segments;
  const auto key = static_cast<std::uint64_t>(start);
  auto it = pending_.find(key);
  if (it != pending_.end()) {
    if (it->second.size() >= payload.size()) {
      stats_.retransmitted_bytes += payload.size();
      return;
    }
    buffered_ -= it->second.size();
    stats_.retransmitted_bytes += it->second.size();
    it->second.assign(payload.begin(), payload.end());
  } else {
    pending_.emplace(key, std::vector<std::uint8_t>(payload.begin(), payload.end()));
  }
  buffered_ += payload.size();
  while (buffered_ > max_buffered_ && !pending_.empty()) {
    ++stats_.overflows;
    skip_to(pending_.begin()->first, out);
    drain(out);
  }
}

void TcpDirection::acknowledged(std::uint32_t ack, Output& out) {
  if (!initialized_) return;
  const std::int64_t target = relative(ack);
  const auto next = static_cast<std::int64_t>(next_rel_);
  if (target <= next || target - next > kMaxAckedGap) return;
  // A mirror port can show an ACK just before the data it acknowledges, so one ACK alone over an
  // empty buffer is not proof of loss; a second one, or later data already waiting, is.
  ++hole_acks_;
  if (pending_.empty() && hole_acks_ < 2) return;
  std::uint64_t hole_end = static_cast<std::uint64_t>(target);
  if (!pending_.empty() && pending_.begin()->first < hole_end) hole_end = pending_.begin()->first;
  skip_to(hole_end, out);
  drain(out);
}

void TcpDirection::lost(std::uint32_t seq, std::size_t length, Output& out) {
  if (!initialized_ || length == 0) return;
  const std::int64_t start = relative(seq);
  const auto next = static_cast<std::int64_t>(next_rel_);
  const std::int64_t end = start + static_cast<std::int64_t>(length);
  if (start > next || end <= next) return;
  skip_to(static_cast<std::uint64_t>(end), out);
  drain(out);
}

void TcpDirection::flush(Output& out) {
  while (!pending_.empty()) {
    skip_to(pending_.begin()->first, out);
    drain(out);
  }
}

}  // namespace otscope::capture
