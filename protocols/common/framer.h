// One framer for every protocol whose TCP byte stream is a sequence of length-prefixed messages
// (Modbus/TCP MBAP, DNP3 link frames, TPKT, ...): messages split over segments are held until
// whole, several messages in one segment are all cut, and after bytes that start no message or
// after a capture gap the framer hunts for the next message start and reports what it skipped.
//
// What differs per protocol is a small policy (see FramingPolicy): how the bytes where a message
// is due are judged (cut), how the next start is found while hunting (hunt), and a few switches
// for what happens after a gap and how skipped bytes are reported.
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/bytes.h"
#include "common/flow.h"

namespace otscope {

/// A policy's verdict on the bytes where the next message is due (the framer is in step).
template <class Error>
struct Cut {
  enum class Kind : std::uint8_t {
    NeedMore,  // too few bytes to tell
    Message,   // a message of `size` bytes starts here (its end may not be there yet)
    Bad,       // no message starts here: hunt, for the reason `error`
  };
  // Sixteen bytes, size first: returned in registers.
  std::size_t size = 0;
  Kind kind = Kind::NeedMore;
  Error error{};

  static constexpr Cut need_more() { return Cut{}; }
  static constexpr Cut message(std::size_t n) { return Cut{n, Kind::Message, Error{}}; }
  static constexpr Cut bad(Error e) { return Cut{0, Kind::Bad, e}; }
};

/// A policy's verdict while hunting, on the bytes where a message could start.
struct Hunt {
  enum class Kind : std::uint8_t {
    NeedMore,  // too few bytes to tell
    Skip,      // the first `skip` bytes (at least one) start no message
    Found,     // a message starts here: back in step
  };
  std::size_t skip = 0;
  Kind kind = Kind::NeedMore;
  /// Skip: the skipped bytes were a header that failed a check of its own (e.g. its CRC).
  bool bad_header = false;

  static constexpr Hunt need_more() { return Hunt{}; }
  static constexpr Hunt skip_bytes(std::size_t n, bool bad_header = false) {
    return Hunt{n, Kind::Skip, bad_header};
  }
  static constexpr Hunt found() { return Hunt{0, Kind::Found, false}; }
};

/// A run of bytes that held no message, reported once when it ends (or, for policies that say
/// so, at the end of every push).
template <class Error>
struct SkippedRun {
  /// How many bytes.
  std::size_t skipped = 0;
  /// Why the framer began hunting: the Cut::bad() error where a message was due, the policy's
  /// gap reason, or the reason given to hunt().
  Error error{};
  /// Headers inside the run that failed a check of their own (Hunt::bad_header).
  std::size_t bad_headers = 0;
  /// Policies that report every push: the run is only the few bytes the previous push kept to
  /// judge with the next bytes, at the end of a run that push reported. A session counts the
  /// run it continues, not this one again.
  bool continues = false;
};

/// What gap() and finish() take out of the framer.
template <class Error>
struct FramerRemainder {
  /// A skipped run not reported yet.
  std::optional<SkippedRun<Error>> skipped;
  /// Bytes held that no message came of: an unfinished message, or the start of one too short
  /// to judge (while hunting, for policies with kHeldWhileHuntingIsSkipped, these are counted in
  /// `skipped` instead).
  std::size_t partial = 0;
  /// The packets that carried those bytes, oldest first, when the pushes named them (bounded).
  std::vector<FrameRef> frames;
};

/// The per-protocol part of a StreamFramer. All members are static.
///  - `Error`: an enum naming why bytes were skipped.
///  - `kHeaderSize`: the bytes that give a message's length (cut() of that many bytes is never
///    NeedMore); `kMaxMessage`: the largest message that length can announce. Every message cut
///    is kHeaderSize..kMaxMessage bytes long.
///  - `cut(bytes)` (bytes not empty): the verdict where a message is due. A verdict other than
///    NeedMore must not change when more bytes follow (the framer judges a held prefix alone).
///  - `hunt(bytes)` (bytes not empty): the verdict while looking for a message start after bytes
///    that started none, a gap, or hunt(). Found must be followed by a cut() that is not Bad.
///  - `kAfterGap`: the reason to hunt with after a gap, or nullopt to take the bytes after a gap
///    as a message start like any other.
///  - `kReportSkipsPerPush`: report the skipped run at the end of every push() instead of once
///    when it ends.
///  - `kHeldWhileHuntingIsSkipped`: bytes held while hunting are counted as skipped when the
///    stream breaks or ends, rather than as an unfinished message.
template <class P>
concept FramingPolicy = requires(Bytes bytes) {
  requires std::is_enum_v<typename P::Error>;
  { P::kHeaderSize } -> std::convertible_to<std::size_t>;
  { P::kMaxMessage } -> std::convertible_to<std::size_t>;
  { P::cut(bytes) } -> std::same_as<Cut<typename P::Error>>;
  { P::hunt(bytes) } -> std::same_as<Hunt>;
  { P::kAfterGap } -> std::convertible_to<std::optional<typename P::Error>>;
  { P::kReportSkipsPerPush } -> std::convertible_to<bool>;
  { P::kHeldWhileHuntingIsSkipped } -> std::convertible_to<bool>;
};

/// What push() reports to: `on_message(Bytes)` for every whole message (the bytes are valid only
/// during the call, and the callee must not call back into the framer), and
/// `on_skipped(const SkippedRun<Error>&)` for every run of skipped bytes. A sink that also has
/// `on_message(Bytes, std::span<const FrameRef>)` and `on_skipped(run, std::span<const FrameRef>)`
/// gets from a push() given the packet's PacketMeta which packets carried the bytes: for a
/// message the earlier ones (PacketMeta::earlier; this push's packet carried its end), for a
/// skipped run all of them, oldest first (the run may have ended in an earlier packet), or none
/// when the push was not given a PacketMeta.
template <class Out, class Error>
concept FrameSink = requires(Out& out, Bytes bytes, const SkippedRun<Error>& run) {
  out.on_message(bytes);
  out.on_skipped(run);
};

/// A FrameSink made of two callables, for call sites that need no class of their own; made by
/// frame_callbacks().
template <class OnMessage, class OnSkipped>
struct FrameCallbacks {
  OnMessage on_message;
  OnSkipped on_skipped;
};
template <class OnMessage, class OnSkipped>
FrameCallbacks<OnMessage, OnSkipped> frame_callbacks(OnMessage on_message, OnSkipped on_skipped) {
  return {std::move(on_message), std::move(on_skipped)};
}

/// The bytes a framer holds between pushes: appended at the back, dropped from the front. Unlike
/// a vector it appends with one copy and no value-initialisation, inline; its storage is kept, so
/// a stream in step allocates nothing after its first unfinished message.
class HeldBytes {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  Bytes view() const { return Bytes(data_.get(), size_); }
  void clear() { size_ = 0; }
  void append(Bytes bytes) {
    if (bytes.empty()) return;
    if (capacity_ - size_ < bytes.size()) grow(size_ + bytes.size());
    std::memcpy(data_.get() + size_, bytes.data(), bytes.size());
    size_ += bytes.size();
  }
  void drop_front(std::size_t n) {
    if (n == 0) return;
    std::memmove(data_.get(), data_.get() + n, size_ - n);
    size_ -= n;
  }

 private:
  void grow(std::size_t needed) {
    const std::size_t capacity = std::max({needed, 2 * capacity_, std::size_t{64}});
    auto bigger = std::make_unique_for_overwrite<std::uint8_t[]>(capacity);
    if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Which packets carried the bytes a framer holds, and the bytes of the run it is skipping: kept
/// for pushes that name their packet, allocated at the first held byte (a stream in step with one
/// message per segment never allocates it), bounded.
class SegmentLog {
 public:
  static constexpr std::size_t kMax = PacketMeta::kMaxEarlierFrames + 1;

  /// Bytes of `f` join the held bytes at offset `at` (counted from any fixed origin).
  void hold(const FrameRef& f, std::uint64_t at) {
    Log& l = log();
    if (l.held > 0 && l.refs[l.held - 1] == f) return;
    if (l.held == kMax) return;  // a giant message: its first segments are named
    l.refs[l.held] = f;
    l.starts[l.held] = at;
    ++l.held;
  }
  /// The held bytes before `offset` are gone.
  void drop_before(std::uint64_t offset) {
    if (!log_) return;
    Log& l = *log_;
    std::size_t gone = 0;
    while (gone + 1 < l.held && l.starts[gone + 1] <= offset) ++gone;
    if (gone == 0) return;
    std::copy(l.refs.begin() + gone, l.refs.begin() + l.held, l.refs.begin());
    std::copy(l.starts.begin() + gone, l.starts.begin() + l.held, l.starts.begin());
    l.held -= gone;
  }
  void clear_held() {
    if (log_) log_->held = 0;
  }
  /// The packets that carried held bytes [from, to).
  std::span<const FrameRef> held_between(std::uint64_t from, std::uint64_t to) const {
    if (!log_ || log_->held == 0) return {};
    const Log& l = *log_;
    std::size_t first = 0;
    while (first + 1 < l.held && l.starts[first + 1] <= from) ++first;
    std::size_t end = first;
    while (end < l.held && l.starts[end] < to) ++end;
    return std::span<const FrameRef>(l.refs.data() + first, end - first);
  }
  /// `frames` without `current` at its end.
  static std::span<const FrameRef> before(std::span<const FrameRef> frames,
                                          const FrameRef& current) {
    return !frames.empty() && frames.back() == current ? frames.first(frames.size() - 1) : frames;
  }
  /// Bytes of `frames` were skipped.
  void skipped(std::span<const FrameRef> frames) {
    if (frames.empty()) return;
    Log& l = log();
    for (const FrameRef& f : frames) {
      if (l.run > 0 && l.run_refs[l.run - 1] == f) continue;
      if (l.run == kMax) return;
      l.run_refs[l.run++] = f;
    }
  }
  /// The packets that carried the skipped run, oldest first; forgets them.
  std::span<const FrameRef> take_run() {
    if (!log_ || log_->run == 0) return {};
    Log& l = *log_;
    const std::size_t n = l.run;
    l.run = 0;
    return std::span<const FrameRef>(l.run_refs.data(), n);
  }
  /// Every packet named, skipped run first, oldest first; forgets them.
  std::vector<FrameRef> take_all() {
    std::vector<FrameRef> all;
    if (!log_) return all;
    Log& l = *log_;
    for (std::size_t i = 0; i < l.run; ++i) all.push_back(l.run_refs[i]);
    for (std::size_t i = 0; i < l.held; ++i)
      if (all.empty() || !(all.back() == l.refs[i])) all.push_back(l.refs[i]);
    l.run = l.held = 0;
    return all;
  }

 private:
  struct Log {
    std::array<FrameRef, kMax> refs;
    std::array<std::uint64_t, kMax> starts;
    std::array<FrameRef, kMax> run_refs;
    std::size_t held = 0;
    std::size_t run = 0;
  };
  Log& log() {
    if (!log_) log_ = std::make_unique<Log>();
    return *log_;
  }
  std::unique_ptr<Log> log_;
};

/// Cuts one direction of a stream into messages by the policy P. Messages that lie whole in a
/// pushed chunk are handed over straight from it; only an unfinished tail is copied and held,
/// and the held buffer keeps its storage, so a stream in step allocates nothing. Sinks are
/// template parameters: no virtual call per message.
template <FramingPolicy P>
class StreamFramer {
 public:
  using Error = typename P::Error;
  using Run = SkippedRun<Error>;
  using Remainder = FramerRemainder<Error>;

  /// Takes the next in-order bytes and reports, in stream order, every message they complete
  /// and every skipped run that ends in them.
  template <FrameSink<Error> Out>
  void push(Bytes data, Out& out) {
    push_bytes(data, out);
  }

  /// push() that keeps which packets carried held bytes: a message or skipped run made of bytes
  /// of several packets names the earlier ones (to sinks that take them, see FrameSink).
  template <FrameSink<Error> Out>
  void push(Bytes data, Out& out, const PacketMeta& meta) {
    current_ = FrameRef{meta.frame, meta.ts_us};
    track_ = true;
    push_bytes(data, out);
    track_ = false;
  }

  /// Bytes of the stream were lost: returns what was pending (the unreported skipped run, the
  /// bytes held) and drops it. Then hunts when the policy says so.
  Remainder gap() {
    Remainder rest = take_remainder();
    if constexpr (P::kAfterGap.has_value()) {
      hunting_ = true;
      reason_ = *P::kAfterGap;
    } else {
      hunting_ = false;
    }
    return rest;
  }

  /// The stream (or a datagram) ended: returns what was pending and starts afresh, in step.
  Remainder finish() {
    Remainder rest = take_remainder();
    hunting_ = false;
    return rest;
  }

  /// Look for a message start instead of trusting the next bytes to be one (a stream picked up
  /// in its middle); what is skipped is reported with `reason`.
  void hunt(Error reason) {
    hunting_ = true;
    reason_ = reason;
  }

  /// Bytes held, waiting for the rest of a message (or for enough bytes to judge a start).
  std::size_t buffered() const { return buffer_.size(); }
  Bytes held() const { return buffer_.view(); }
  /// Bytes of a skipped run still going on (not reported yet).
  std::size_t pending_skip() const { return skipped_; }
  bool hunting() const { return hunting_; }

 private:
  template <class Out>
  void push_bytes(Bytes data, Out& out) {
    if (buffer_.empty() && !hunting_) {
      // In step with nothing held, the usual case: whole messages go out straight from `data`,
      // and the start of one that is not all there is held.
      Cut<Error> last;
      const std::size_t used = cut_in_step(data, 0, out, last);
      if (used == data.size()) return;
      if (last.kind != Cut<Error>::Kind::Bad) {
        hold(data.subspan(used));
        return;
      }
      data = data.subspan(used);
    }
    push_rest(data, out);
  }

  /// Hands a message to the sink, with the earlier packets that carried it when it was held.
  template <class Out>
  void emit(Out& out, Bytes message) {
    if constexpr (requires { out.on_message(message, std::span<const FrameRef>{}); }) {
      std::span<const FrameRef> earlier;
      if (track_ && in_buffer(message)) {
        const std::uint64_t at = consumed_ + offset_in_buffer(message);
        earlier = SegmentLog::before(log_.held_between(at, at + message.size()), current_);
      }
      out.on_message(message, earlier);
    } else {
      out.on_message(message);
    }
  }
  bool in_buffer(Bytes b) const {
    const Bytes v = buffer_.view();
    return !v.empty() && b.data() >= v.data() && b.data() < v.data() + v.size();
  }
  std::uint64_t offset_in_buffer(Bytes b) const {
    return static_cast<std::uint64_t>(b.data() - buffer_.view().data());
  }
  /// The first `n` held bytes are gone (cut or skipped).
  void drop_held(std::size_t n) {
    if (n == buffer_.size()) {
      clear_held();
      return;
    }
    buffer_.drop_front(n);
    consumed_ += n;
    log_.drop_before(consumed_);
  }
  void clear_held() {
    consumed_ += buffer_.size();
    buffer_.clear();
    log_.clear_held();
  }

  /// Cuts message after message from `pos` while in step; returns where it stopped, with the
  /// verdict there in `last` (a message not all there, more bytes needed, or no message).
  template <class Out>
  std::size_t cut_in_step(Bytes bytes, std::size_t pos, Out& out, Cut<Error>& last) {
    while (pos < bytes.size()) {
      const Bytes rest = bytes.subspan(pos);
      last = P::cut(rest);
      if (last.kind != Cut<Error>::Kind::Message || rest.size() < last.size) break;
      emit(out, rest.first(last.size));
      pos += last.size;
    }
    return pos;
  }

  /// Keeps bytes of this push: the start of a message that is not all there, or bytes to hunt in.
  void hold(Bytes tail) {
    if (tail.empty()) return;
    if (track_) log_.hold(current_, consumed_ + buffer_.size());
    buffer_.append(tail);
  }

  /// push() for what the in-step loop leaves: completing held bytes, hunting, holding a tail.
  template <class Out>
  void push_rest(Bytes data, Out& out) {
    if (!buffer_.empty()) data = complete_held(data, out);
    if (!data.empty()) {
      const std::size_t used = cut_messages(data, out);
      hold(data.subspan(used));
    }
    if constexpr (P::kReportSkipsPerPush) {
      report(out);
      // What is held while hunting ends the run just reported, unless it starts a message.
      tail_ =
          hunting_
              ? static_cast<std::uint16_t>(std::min<std::size_t>(buffer_.size(), P::kMaxMessage))
              : 0;
    }
  }

  /// Cuts what `bytes` holds; returns how many bytes it consumed (cut or skipped).
  template <class Out>
  std::size_t cut_messages(Bytes bytes, Out& out) {
    std::size_t pos = 0;
    while (pos < bytes.size()) {
      if (hunting_) {
        pos = resync(bytes, pos, out);
        if (hunting_) break;  // more bytes are needed to find the next start
      }
      Cut<Error> last;
      pos = cut_in_step(bytes, pos, out, last);
      // The bytes ended, or more are needed (of a header or of a message), or a message was due
      // and none starts here: then hunt from this very byte.
      if (pos == bytes.size() || last.kind != Cut<Error>::Kind::Bad) break;
      hunting_ = true;
      reason_ = last.error;
    }
    return pos;
  }

  /// Hunts from `pos` until a message start is found (and then reports the skipped run) or more
  /// bytes are needed; returns the position reached. Every pass skips at least one byte or stops.
  template <class Out>
  std::size_t resync(Bytes bytes, std::size_t pos, Out& out) {
    const std::size_t from = pos;
    while (pos < bytes.size()) {
      const Hunt h = P::hunt(bytes.subspan(pos));
      if (h.kind == Hunt::Kind::Skip) {
        skipped_ += h.skip;
        if (h.bad_header && bad_headers_ != std::numeric_limits<std::uint32_t>::max()) {
          ++bad_headers_;
        }
        pos += h.skip;
        continue;
      }
      if (h.kind == Hunt::Kind::Found) {
        hunting_ = false;
        note_skipped(bytes, from, pos);
        report(out);
        return pos;
      }
      break;
    }
    note_skipped(bytes, from, pos);
    return pos;
  }

  /// Bytes [from, to) of `bytes` were skipped: the packets that carried them join the run's.
  void note_skipped(Bytes bytes, std::size_t from, std::size_t to) {
    if (!track_ || to == from) return;
    if (!in_buffer(bytes)) {
      log_.skipped(std::span<const FrameRef>(&current_, 1));
      return;
    }
    const std::uint64_t at = consumed_ + offset_in_buffer(bytes) + from;
    log_.skipped(log_.held_between(at, at + (to - from)));
  }

  /// push() with bytes held. In step, the held bytes are the start of a message: only the bytes
  /// that complete its header, then only the rest of the message, are copied, and the remainder
  /// of `data` is cut in place. Otherwise all of `data` joins the held bytes and is cut there.
  /// Returns the part of `data` not used.
  template <class Out>
  Bytes complete_held(Bytes data, Out& out) {
    if (!hunting_) {
      if (buffer_.size() < P::kHeaderSize) {
        const std::size_t take = std::min(P::kHeaderSize - buffer_.size(), data.size());
        hold(data.first(take));
        data = data.subspan(take);
      }
      const Cut<Error> c = P::cut(buffer_.view());
      if (c.kind == Cut<Error>::Kind::Message && c.size >= buffer_.size()) {
        const std::size_t need = c.size - buffer_.size();
        if (data.size() < need) {
          hold(data);
          return {};
        }
        hold(data.first(need));
        emit(out, buffer_.view());
        clear_held();
        return data.subspan(need);
      }
    }
    hold(data);
    drop_held(cut_messages(buffer_.view(), out));
    return {};
  }

  template <class Out>
  void report(Out& out) {
    if (skipped_ == 0) return;
    const Run run{skipped_, reason_, bad_headers_, skipped_ <= tail_};
    skipped_ = 0;
    bad_headers_ = 0;
    tail_ = 0;
    if constexpr (requires { out.on_skipped(run, std::span<const FrameRef>{}); }) {
      out.on_skipped(run, track_ ? log_.take_run() : std::span<const FrameRef>{});
    } else {
      out.on_skipped(run);
    }
  }

  Remainder take_remainder() {
    Remainder rest;
    rest.partial = buffer_.size();
    if (rest.partial > 0 || skipped_ > 0) rest.frames = log_.take_all();
    clear_held();
    if (hunting_ && P::kHeldWhileHuntingIsSkipped) {
      skipped_ += rest.partial;
      rest.partial = 0;
    }
    if (skipped_ > 0) rest.skipped = Run{skipped_, reason_, bad_headers_, skipped_ <= tail_};
    skipped_ = 0;
    bad_headers_ = 0;
    tail_ = 0;
    return rest;
  }

  // 80 bytes, with what a push in step with the stream reads (the flag, whether anything is
  // held) in the first 24: sessions keep their framers next to the state every message uses.
  bool hunting_ = false;
  /// Why the framer is hunting (the reason of the run being skipped).
  Error reason_{};
  /// Saturates (it counts headers inside one run of skipped bytes).
  std::uint32_t bad_headers_ = 0;
  HeldBytes buffer_;
  std::size_t skipped_ = 0;
  // Which packets carried the held bytes (pushes given a PacketMeta): the stream offset of the
  // first held byte, the packet of the push under way.
  SegmentLog log_;
  std::uint64_t consumed_ = 0;
  FrameRef current_;
  bool track_ = false;
  /// kReportSkipsPerPush: bytes held while hunting at the end of the last push.
  std::uint16_t tail_ = 0;
};

}  // namespace otscope
