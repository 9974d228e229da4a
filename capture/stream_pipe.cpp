#include "capture/stream_pipe.h"

#include <utility>

namespace otscope::capture {

namespace {
// bench: a batch of about this many calls or payload bytes; a hand-over (a lock, a wake-up) then
// costs well under a cent of a packet's work.
constexpr std::size_t kBatchEvents = 2048;
constexpr std::size_t kBatchBytes = 1 << 20;
}  // namespace

void StreamBatch::clear() {
  events.clear();
  bytes.clear();
  frames.clear();
  marks.clear();
}

bool StreamBatch::full() const {
  return events.size() >= kBatchEvents || bytes.size() >= kBatchBytes;
}

StreamEvent& StreamRecorder::add(StreamEvent::Kind kind, const PacketMeta* meta) {
  StreamEvent& e = batch_->events.emplace_back();
  e.kind = kind;
  if (meta != nullptr) {
    e.meta = meta->kept();
    if (!meta->earlier.empty()) {
      e.earlier_offset = batch_->frames.size();
      e.earlier_count = static_cast<std::uint32_t>(meta->earlier.size());
      batch_->frames.insert(batch_->frames.end(), meta->earlier.begin(), meta->earlier.end());
    }
  }
  return e;
}

void StreamRecorder::added() {
  if (batch_->full()) on_full_(batch_);
}

void StreamRecorder::mark(const StreamMark& m) {
  StreamEvent& e = add(StreamEvent::Kind::Mark, nullptr);
  e.offset = batch_->marks.size();
  batch_->marks.push_back(m);
  added();
}

void StreamRecorder::flow_opened(const FlowInfo& flow, const PacketMeta& meta) {
  add(StreamEvent::Kind::Opened, &meta).flow = flow;
  added();
}

void StreamRecorder::payload(StreamEvent::Kind kind, const FlowInfo& flow, Direction dir,
                             Bytes data, const PacketMeta& meta) {
  StreamEvent& e = add(kind, &meta);
  e.flow = flow;
  e.dir = dir;
  e.offset = batch_->bytes.size();
  e.size = data.size();
  batch_->bytes.insert(batch_->bytes.end(), data.begin(), data.end());
  added();
}

void StreamRecorder::stream_data(const FlowInfo& flow, Direction dir, Bytes data,
                                 const PacketMeta& meta) {
  payload(StreamEvent::Kind::Data, flow, dir, data, meta);
}

void StreamRecorder::stream_gap(const FlowInfo& flow, Direction dir, std::size_t missing,
                                const PacketMeta& meta) {
  StreamEvent& e = add(StreamEvent::Kind::Gap, &meta);
  e.flow = flow;
  e.dir = dir;
  e.size = missing;
  added();
}

void StreamRecorder::datagram(const FlowInfo& flow, Direction dir, Bytes data,
                              const PacketMeta& meta) {
  payload(StreamEvent::Kind::Datagram, flow, dir, data, meta);
}

void StreamRecorder::flow_stats(const FlowInfo& flow, const FlowCounters& delta) {
  StreamEvent& e = add(StreamEvent::Kind::Stats, nullptr);
  e.flow = flow;
  e.counters = delta;
  added();
}

void StreamRecorder::flow_closed(const FlowInfo& flow, const FlowCounters& counters,
                                 CloseReason why, const PacketMeta& meta) {
  StreamEvent& e = add(StreamEvent::Kind::Closed, &meta);
  e.flow = flow;
  e.counters = counters;
  e.why = why;
  added();
}

void StreamRecorder::host_seen(const HostSighting& sighting, const PacketMeta& meta) {
  StreamEvent& e = add(StreamEvent::Kind::Host, &meta);
  e.host = sighting;
  added();
}

const FlowInfo& StreamReplayer::flow(const FlowInfo& recorded) {
  std::unique_ptr<FlowInfo>& held = flows_[recorded.id];
  if (!held) {
    held = std::make_unique<FlowInfo>(recorded);
    held->consumer_slot = 0;
    return *held;
  }
  const std::uint32_t slot = held->consumer_slot;  // the consumer's, kept
  *held = recorded;
  held->consumer_slot = slot;
  return *held;
}

void StreamReplayer::replay(const StreamBatch& batch, StreamConsumer& to,
                            const std::function<void(const StreamMark&)>& on_mark) {
  for (const StreamEvent& e : batch.events) {
    const PacketMeta meta = e.earlier_count == 0
                                ? e.meta
                                : e.meta.with_earlier(std::span<const FrameRef>(
                                      batch.frames.data() + e.earlier_offset, e.earlier_count));
    const Bytes data(
        batch.bytes.data() + e.offset,
        e.kind == StreamEvent::Kind::Data || e.kind == StreamEvent::Kind::Datagram ? e.size : 0);
    switch (e.kind) {
      case StreamEvent::Kind::Opened:
        to.flow_opened(flow(e.flow), meta);
        break;
      case StreamEvent::Kind::Data:
        to.stream_data(flow(e.flow), e.dir, data, meta);
        break;
      case StreamEvent::Kind::Gap:
        to.stream_gap(flow(e.flow), e.dir, e.size, meta);
        break;
      case StreamEvent::Kind::Datagram:
        to.datagram(flow(e.flow), e.dir, data, meta);
        break;
      case StreamEvent::Kind::Stats:
        to.flow_stats(flow(e.flow), e.counters);
        break;
      case StreamEvent::Kind::Closed: {
        to.flow_closed(flow(e.flow), e.counters, e.why, meta);
        flows_.erase(e.flow.id);
        break;
      }
      case StreamEvent::Kind::Host:
        to.host_seen(e.host, meta);
        break;
      case StreamEvent::Kind::Mark:
        if (on_mark) on_mark(batch.marks[e.offset]);
        break;
    }
  }
}

BatchPipe::BatchPipe(std::size_t depth) : depth_(depth < 2 ? 2 : depth) {}

std::unique_ptr<StreamBatch> BatchPipe::empty_batch() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return abandoned_ || !free_.empty() || allocated_ < depth_; });
  if (abandoned_) return nullptr;
  if (!free_.empty()) {
    auto batch = std::move(free_.back());
    free_.pop_back();
    return batch;
  }
  ++allocated_;
  return std::make_unique<StreamBatch>();
}

void BatchPipe::push(std::unique_ptr<StreamBatch> batch) {
  {
    std::lock_guard lock(mutex_);
    if (abandoned_) return;
    full_.push_back(std::move(batch));
  }
  changed_.notify_all();
}

void BatchPipe::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

std::unique_ptr<StreamBatch> BatchPipe::pop() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return closed_ || !full_.empty(); });
  if (full_.empty()) return nullptr;
  auto batch = std::move(full_.front());
  full_.pop_front();
  return batch;
}

void BatchPipe::recycle(std::unique_ptr<StreamBatch> batch) {
  batch->clear();
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(batch));
  }
  changed_.notify_all();
}

void BatchPipe::abandon() {
  {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    full_.clear();
  }
  changed_.notify_all();
}

bool BatchPipe::abandoned() const {
  std::lock_guard lock(mutex_);
  return abandoned_;
}

}  // namespace otscope::capture
