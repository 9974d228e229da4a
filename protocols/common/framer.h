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
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "common/bytes.h"

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
/// `on_skipped(const SkippedRun<Error>&)` for every run of skipped bytes.
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
  /// Bytes of a skipped run still going on (not reported yet).
  std::size_t pending_skip() const { return skipped_; }
  bool hunting() const { return hunting_; }

 private:
  /// Cuts message after message from `pos` while in step; returns where it stopped, with the
  /// verdict there in `last` (a message not all there, more bytes needed, or no message).
  template <class Out>
  std::size_t cut_in_step(Bytes bytes, std::size_t pos, Out& out, Cut<Error>& last) {
    while (pos < bytes.size()) {
      const Bytes rest = bytes.subspan(pos);
      last = P::cut(rest);
      if (last.kind != Cut<Error>::Kind::Message || rest.size() < last.size) break;
      out.on_message(rest.first(last.size));
      pos += last.size;
    }
    return pos;
  }

  /// Keeps the start of a message that is not all there.
  void hold(Bytes tail) { buffer_.append(tail); }

  /// push() for what the in-step loop leaves: completing held bytes, hunting, holding a tail.
  template <class Out>
  void push_rest(Bytes data, Out& out) {
    if (!buffer_.empty()) data = complete_held(data, out);
    if (!data.empty()) {
      const std::size_t used = cut_messages(data, out);
      buffer_.append(data.subspan(used));
    }
    if constexpr (P::kReportSkipsPerPush) report(out);
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
        report(out);
      }
      break;
    }
    return pos;
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
        buffer_.append(data.first(take));
        data = data.subspan(take);
      }
      const Cut<Error> c = P::cut(buffer_.view());
      if (c.kind == Cut<Error>::Kind::Message && c.size >= buffer_.size()) {
        const std::size_t need = c.size - buffer_.size();
        if (data.size() < need) {
          buffer_.append(data);
          return {};
        }
        buffer_.append(data.first(need));
        out.on_message(buffer_.view());
        buffer_.clear();
        return data.subspan(need);
      }
    }
    buffer_.append(data);
    buffer_.drop_front(cut_messages(buffer_.view(), out));
    return {};
  }

  template <class Out>
  void report(Out& out) {
    if (skipped_ == 0) return;
    const Run run{skipped_, reason_, bad_headers_};
    skipped_ = 0;
    bad_headers_ = 0;
    out.on_skipped(run);
  }

  Remainder take_remainder() {
    Remainder rest;
    rest.partial = buffer_.size();
    buffer_.clear();
    if (hunting_ && P::kHeldWhileHuntingIsSkipped) {
      skipped_ += rest.partial;
      rest.partial = 0;
    }
    if (skipped_ > 0) rest.skipped = Run{skipped_, reason_, bad_headers_};
    skipped_ = 0;
    bad_headers_ = 0;
    return rest;
  }

  // 40 bytes, with what a push in step with the stream reads (the flag, whether anything is
  // held) in the first 24: sessions keep their framers next to the state every message uses.
  bool hunting_ = false;
  /// Why the framer is hunting (the reason of the run being skipped).
  Error reason_{};
  /// Saturates (it counts headers inside one run of skipped bytes).
  std::uint32_t bad_headers_ = 0;
  HeldBytes buffer_;
  std::size_t skipped_ = 0;
};

}  // namespace otscope
