// Carries what a PacketProcessor reports upward from the thread that reads, defragments and
// reassembles to the thread that decodes. A StreamRecorder is the processor's consumer: it copies
// each call (payload bytes and earlier frames included) into batches; replay() makes the same
// calls, in the same order, on another consumer, on the thread that takes the batches from a
// BatchPipe. What the decoding thread sees is what one thread would have seen: a run gives the
// same results whichever way it is split. Plain values only, as StreamConsumer.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "capture/packet_processor.h"
#include "capture/stream_consumer.h"

namespace otscope::capture {

/// One call of a StreamConsumer, or a mark the reading thread put between them.
struct StreamEvent {
  enum class Kind : std::uint8_t { Opened, Data, Gap, Datagram, Stats, Closed, Host, Mark };
  Kind kind = Kind::Mark;
  Direction dir = Direction::AtoB;
  CloseReason why = CloseReason::Fin;
  std::uint32_t earlier_count = 0;  // meta.earlier: frames[earlier_offset, +count) of the batch
  std::uint64_t earlier_offset = 0;
  /// Data, Datagram: the payload, bytes[offset, +size) of the batch. Gap: size is the missing
  /// byte count. Mark: offset indexes the batch's marks.
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  FlowInfo flow;    // all but Host and Mark
  PacketMeta meta;  // all but Stats and Mark; `earlier` is empty here (see earlier_*)
  union {           // Stats, Closed: counters; Host: host
    FlowCounters counters;
    HostSighting host;
  };
  StreamEvent() : counters() {}
};

/// What the reading thread says at a mark: how far it has read, and its counters then.
struct StreamMark {
  std::uint64_t packets = 0;   // of the current source
  std::uint64_t position = 0;  // bytes of the source read
  ProcessorStats stats;
};

struct StreamBatch {
  std::vector<StreamEvent> events;
  std::vector<std::uint8_t> bytes;
  std::vector<FrameRef> frames;
  std::vector<StreamMark> marks;
  void clear();
  /// Large enough to be handed over: the hand-over costs per batch, not per packet.
  bool full() const;
};

/// Records every call into the batch it is given; `on_full` is called when a batch is full and
/// must give it an empty one (or the same, emptied).
class StreamRecorder final : public StreamConsumer {
 public:
  using Handover = std::function<void(std::unique_ptr<StreamBatch>&)>;
  explicit StreamRecorder(Handover on_full) : on_full_(std::move(on_full)) {}

  void set_handover(Handover on_full) { on_full_ = std::move(on_full); }
  void set_batch(std::unique_ptr<StreamBatch> batch) { batch_ = std::move(batch); }
  std::unique_ptr<StreamBatch> take_batch() { return std::move(batch_); }
  bool has_batch() const { return batch_ != nullptr; }
  bool has_events() const { return batch_ && !batch_->events.empty(); }
  void mark(const StreamMark& m);

  void flow_opened(const FlowInfo& flow, const PacketMeta& meta) override;
  void stream_data(const FlowInfo& flow, Direction dir, Bytes data,
                   const PacketMeta& meta) override;
  void stream_gap(const FlowInfo& flow, Direction dir, std::size_t missing,
                  const PacketMeta& meta) override;
  void datagram(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta& meta) override;
  void flow_stats(const FlowInfo& flow, const FlowCounters& delta) override;
  void flow_closed(const FlowInfo& flow, const FlowCounters& counters, CloseReason why,
                   const PacketMeta& meta) override;
  void host_seen(const HostSighting& sighting, const PacketMeta& meta) override;

 private:
  StreamEvent& add(StreamEvent::Kind kind, const PacketMeta* meta);
  /// A call that carries bytes (stream_data, datagram): they are copied into the batch.
  void payload(StreamEvent::Kind kind, const FlowInfo& flow, Direction dir, Bytes data,
               const PacketMeta& meta);
  void added();

  Handover on_full_;
  std::unique_ptr<StreamBatch> batch_;
};

/// Makes the calls batches recorded on a consumer, in order. A consumer may keep a reference to
/// a flow's FlowInfo from its first call to flow_closed() (as it may to a FlowTable's): the
/// replayer holds one FlowInfo per open flow, at a stable address, updated from every call.
class StreamReplayer {
 public:
  /// Replays `batch` on `to`; `on_mark` at each mark.
  void replay(const StreamBatch& batch, StreamConsumer& to,
              const std::function<void(const StreamMark&)>& on_mark);
  std::size_t open_flows() const { return flows_.size(); }

 private:
  const FlowInfo& flow(const FlowInfo& recorded);
  std::unordered_map<std::uint64_t, std::unique_ptr<FlowInfo>> flows_;
};

/// Batches from one producing thread to one consuming thread, at most `depth` of them in flight
/// (the memory a run holds for the hand-over is bounded), recycled rather than reallocated.
class BatchPipe {
 public:
  explicit BatchPipe(std::size_t depth);
  /// Producer: an empty batch, waiting while `depth` are in flight; nullptr once the consumer
  /// stopped (abandon()).
  std::unique_ptr<StreamBatch> empty_batch();
  /// Producer: hands a batch over (dropped when the consumer stopped).
  void push(std::unique_ptr<StreamBatch> batch);
  /// Producer: no more batches.
  void close();
  /// Consumer: the next batch, waiting for it; nullptr when the producer closed and all were
  /// taken.
  std::unique_ptr<StreamBatch> pop();
  /// Consumer: a batch it has replayed, for reuse.
  void recycle(std::unique_ptr<StreamBatch> batch);
  /// Consumer: takes no more; a producer waiting for an empty batch gets nullptr.
  void abandon();
  bool abandoned() const;

 private:
  const std::size_t depth_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<StreamBatch>> full_;
  std::vector<std::unique_ptr<StreamBatch>> free_;
  std::size_t allocated_ = 0;
  bool closed_ = false;
  bool abandoned_ = false;
};

}  // namespace otscope::capture
