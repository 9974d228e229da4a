#include "protocols/modbus/framer.h"

#include "protocols/modbus/codes.h"
#include "protocols/modbus/decoder.h"

namespace otscope::modbus {

bool plausible_header(Bytes bytes, bool& need_more) {
  need_more = false;
  // Check byte by byte so that a short prefix can already be refused.
  // [0,1] transaction id: any. [2,3] protocol id: 0. [4,5] length: 2..254. [6] unit: any.
  // [7] function: not 0 and not 0x80.
  if (bytes.size() > 2 && bytes[2] != 0) return false;
  if (bytes.size() > 3 && bytes[3] != 0) return false;
  if (bytes.size() > 4 && bytes[4] != 0) return false;
  if (bytes.size() > 5 && (bytes[5] < kMinMbapLength || bytes[5] > kMaxMbapLength)) return false;
  if (bytes.size() > 7 && (bytes[7] & ~kExceptionBit) == 0) return false;
  if (bytes.size() < kMbapSize + 1) {
    need_more = true;
    return false;
  }
  return true;
}

void MbapFramer::report_skipped(FrameHandler& out) {
  if (skipped_ == 0) return;
  std::size_t n = skipped_;
  skipped_ = 0;
  out.on_discarded(n, hunt_reason_);
}

void MbapFramer::feed_buffered(Bytes data, FrameHandler& out) {
  buffer_.insert(buffer_.end(), data.begin(), data.end());
  std::size_t pos = 0;
  while (pos < buffer_.size()) {
    const std::size_t start = pos;  // no-progress guard: every pass consumes or stops
    Bytes avail(buffer_.data() + pos, buffer_.size() - pos);
    MbapHeader h;
    if (!hunting_) {
      if (!read_mbap(avail, h)) break;  // wait for the whole header
      if (!mbap_is_valid(h)) {
        hunting_ = true;  // what should have been a header is not: resynchronise
        hunt_reason_ = DiscardReason::InvalidHeader;
        continue;
      }
      if (avail.size() < adu_size(h)) break;  // wait for the rest of the ADU
    } else {
      bool need_more = false;
      if (!plausible_header(avail, need_more)) {
        if (need_more) break;
        ++skipped_;
        ++pos;
        continue;
      }
      read_mbap(avail, h);
      std::size_t size = adu_size(h);
      if (avail.size() < size) break;
      // A header found by searching must be followed by another plausible header, unless the
      // stream has nothing more yet: this stops garbage from being taken for an ADU.
      bool next_more = false;
      if (avail.size() > size && !plausible_header(avail.subspan(size), next_more) && !next_more) {
        ++skipped_;
        ++pos;
        continue;
      }
      hunting_ = false;
      report_skipped(out);
    }
    std::size_t size = adu_size(h);
    pos += size;
    out.on_adu(Bytes(buffer_.data() + start, size));
    if (pos == start) break;  // unreachable: an ADU is at least 8 bytes
  }
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos));
}

void MbapFramer::gap(FrameHandler& out) {
  // While hunting, the unresolved bytes are more of what was being skipped.
  if (hunting_) skipped_ += buffer_.size();
  report_skipped(out);
  // Otherwise they are the start of an ADU that can never be completed.
  if (!hunting_ && !buffer_.empty()) out.on_discarded(buffer_.size(), DiscardReason::Gap);
  buffer_.clear();
  hunting_ = true;
  // Bytes skipped from here on are the tail of an ADU whose start was lost, not garbage.
  hunt_reason_ = DiscardReason::Gap;
}

void MbapFramer::finish(FrameHandler& out) {
  if (hunting_) skipped_ += buffer_.size();
  report_skipped(out);
  if (!hunting_ && !buffer_.empty()) {
    out.on_discarded(buffer_.size(), DiscardReason::EndOfStream);
  }
  buffer_.clear();
}

}  // namespace otscope::modbus
