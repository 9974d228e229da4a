// Cuts a Modbus/TCP byte stream (one direction of a connection) into whole ADUs by the MBAP
// length: an ADU split over segments is buffered, several ADUs in one segment are all delivered,
// and bytes that carry no valid MBAP header are skipped until a plausible header is found again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "common/bytes.h"
#include "protocols/modbus/decoder.h"

namespace otscope::modbus {

/// Why the framer dropped bytes.
enum class DiscardReason : std::uint8_t {
  InvalidHeader,  // no valid MBAP header where one was due: skipped while resynchronising
  Gap,            // part of an ADU whose rest the capture lost
  EndOfStream,    // the stream ended inside an ADU
};

class FrameHandler {
 public:
  virtual ~FrameHandler() = default;
  /// One whole ADU (MBAP header + PDU); the span is valid only during the call.
  virtual void on_adu(Bytes adu) = 0;
  /// `count` bytes were dropped. A run of skipped bytes is reported once, when the framer has
  /// found the next header (or at a gap or the end of the stream).
  virtual void on_discarded(std::size_t count, DiscardReason reason) = 0;
};

/// True when `bytes` can start an ADU: protocol id 0, length 2..254 and a function code other
/// than 0/0x80. Sets `need_more` (and returns false) when too few bytes are there to tell, but
/// those present are consistent with a header.
bool plausible_header(Bytes bytes, bool& need_more);

class MbapFramer {
 public:
  /// Appends in-order stream bytes and delivers every ADU they complete. `Handler` derives from
  /// FrameHandler; when it is final, the ADUs of a segment in step with the stream (the usual
  /// case, handled here inline) reach it by direct calls.
  template <class Handler>
  void feed(Bytes data, Handler& out) {
    static_assert(std::is_base_of_v<FrameHandler, Handler>);
    if (buffer_.empty() && !hunting_) {
      // In step with the stream and nothing held: whole ADUs go out straight from the segment
      // and only an incomplete tail is copied. Anything doubtful takes the general path, which
      // would have framed these ADUs the same way.
      std::size_t pos = 0;
      MbapHeader h;
      while (pos < data.size()) {
        const Bytes avail = data.subspan(pos);
        if (!read_mbap(avail, h) || !mbap_is_valid(h) || avail.size() < adu_size(h)) break;
        const std::size_t size = adu_size(h);
        out.on_adu(avail.first(size));
        pos += size;
      }
      if (pos == data.size()) return;
      data = data.subspan(pos);
    }
    feed_buffered(data, out);
  }
  /// Bytes of this direction were lost: the buffered partial ADU is dropped and the framer hunts
  /// for the next plausible header instead of trusting the next bytes to start one.
  void gap(FrameHandler& out);
  /// The stream ended: whatever is still buffered is reported as discarded.
  void finish(FrameHandler& out);

  std::size_t buffered() const { return buffer_.size(); }
  bool hunting() const { return hunting_; }

 private:
  /// feed() for what the fast path leaves: buffering, resynchronisation.
  void feed_buffered(Bytes data, FrameHandler& out);
  void report_skipped(FrameHandler& out);

  // What a feed in step with the stream reads (the flag and whether anything is held) comes
  // first, within the framer's first 32 bytes.
  /// Looking for a header after garbage or a gap: candidates must also be followed by something
  /// that looks like the next header (when those bytes are there).
  bool hunting_ = false;
  /// What the bytes skipped while hunting are: garbage after an invalid header, or the lost
  /// tail of an ADU after a gap.
  DiscardReason hunt_reason_ = DiscardReason::InvalidHeader;
  std::vector<std::uint8_t> buffer_;
  std::size_t skipped_ = 0;
};

}  // namespace otscope::modbus
