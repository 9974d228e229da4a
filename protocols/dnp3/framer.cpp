#include "protocols/dnp3/framer.h"

#include <algorithm>

#include "protocols/dnp3/crc.h"
#include "protocols/dnp3/link.h"

namespace otscope::dnp3 {

void LinkFramer::push(Bytes data) {
  // Drop what was consumed before appending, so the buffer never holds more than one
  // incomplete frame plus the new bytes.
  if (pos_ > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos_));
    pos_ = 0;
  }
  buffer_.insert(buffer_.end(), data.begin(), data.end());
}

void LinkFramer::skip_one(SkipReason reason) {
  if (skipped_ == 0) skip_reason_ = reason;
  if (reason == SkipReason::HeaderCrc) ++bad_headers_;
  ++skipped_;
  ++pos_;
}

std::optional<FramerItem> LinkFramer::take_skipped() {
  if (skipped_ == 0) return std::nullopt;
  FramerItem item;
  item.kind = FramerItem::Kind::Skipped;
  item.skipped = skipped_;
  item.reason = skip_reason_;
  item.bad_headers = bad_headers_;
  skipped_ = 0;
  bad_headers_ = 0;
  return item;
}

std::optional<FramerItem> LinkFramer::next() {
  const Bytes all(buffer_);
  // No-progress guard: every pass either returns or consumes at least one byte, so there can be
  // no more passes than bytes.
  std::size_t passes = 0;
  while (pos_ < all.size() && passes++ <= all.size()) {
    const Bytes rest = all.subspan(pos_);
    if (rest[0] != kStart1) {
      // Jump to the next candidate start byte in one step.
      auto it = std::find(rest.begin() + 1, rest.end(), kStart1);
      std::size_t n = static_cast<std::size_t>(it - rest.begin());
      if (skipped_ == 0) skip_reason_ = SkipReason::NoStartBytes;
      skipped_ += n;
      pos_ += n;
      continue;
    }
    if (rest.size() < 2) return std::nullopt;
    if (rest[1] != kStart2) {
      skip_one(SkipReason::NoStartBytes);
      continue;
    }
    if (rest.size() < kLinkHeaderSize) return std::nullopt;
    if (!crc_matches(rest.first(kLinkHeaderSize - 2), rest[8], rest[9])) {
      // Either a corrupted header or 0x05 0x64 inside other data: resume the search one byte on.
      skip_one(SkipReason::HeaderCrc);
      continue;
    }
    // A header with a good CRC: first report the run of bytes skipped to reach it.
    if (auto skipped = take_skipped()) return skipped;
    std::uint8_t length = rest[2];
    // LEN below 5 is malformed; the 10 header bytes are handed over so that the decoder says so.
    std::size_t size = length < kMinLinkLength ? kLinkHeaderSize : link_frame_size(length);
    if (rest.size() < size) return std::nullopt;
    pos_ += size;
    FramerItem item;
    item.kind = FramerItem::Kind::Frame;
    item.frame = rest.first(size);
    return item;
  }
  return std::nullopt;
}

FramerRemainder LinkFramer::flush() {
  FramerRemainder remainder;
  remainder.skipped = take_skipped();
  remainder.partial = buffer_.size() - pos_;
  buffer_.clear();
  pos_ = 0;
  return remainder;
}

}  // namespace otscope::dnp3
