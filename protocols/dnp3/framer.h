// Finds DNP3 link frames in a byte stream: frames split across TCP segments, several frames in
// one segment, and garbage between them. Only the start bytes, the header CRC and LEN decide a
// frame boundary; the frame itself is decoded by parse_link_frame().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.h"

namespace otscope::dnp3 {

/// Why bytes were skipped while looking for the next frame.
enum class SkipReason : std::uint8_t {
  NoStartBytes,  // bytes that do not begin with 0x05 0x64
  HeaderCrc,     // a 0x05 0x64 header whose CRC is wrong (and whatever followed it)
};

struct FramerItem {
  enum class Kind : std::uint8_t { Frame, Skipped };
  Kind kind = Kind::Frame;
  /// Kind::Frame: the frame's bytes (header, data and block CRCs), valid until the next call
  /// to push(), next(), flush() or reset().
  Bytes frame;
  /// Kind::Skipped: a run of bytes that held no frame, reported once when the run ends.
  std::size_t skipped = 0;
  SkipReason reason = SkipReason::NoStartBytes;
  /// Number of headers with a bad CRC inside the skipped run.
  std::size_t bad_headers = 0;
};

/// What was left when the stream ended or broke.
struct FramerRemainder {
  /// A skipped run that had not been reported yet.
  std::optional<FramerItem> skipped;
  /// Bytes of an incomplete frame (a valid header whose frame did not finish, or fewer than
  /// 10 bytes starting with 0x05 [0x64]).
  std::size_t partial = 0;
};

class LinkFramer {
 public:
  /// Appends stream bytes.
  void push(Bytes data);
  /// The next frame or skipped run, or nullopt when more bytes are needed.
  std::optional<FramerItem> next();
  /// Ends the stream: returns the unreported skipped run and the size of a partial frame, and
  /// empties the framer.
  FramerRemainder flush();
  /// Bytes held, waiting for the rest of a frame.
  std::size_t buffered() const { return buffer_.size() - pos_; }
  /// Bytes of a skipped run that is still going on (not reported by next() yet).
  std::size_t pending_skip() const { return skipped_; }

 private:
  void skip_one(SkipReason reason);
  std::optional<FramerItem> take_skipped();

  std::vector<std::uint8_t> buffer_;
  std::size_t pos_ = 0;
  std::size_t skipped_ = 0;
  SkipReason skip_reason_ = SkipReason::NoStartBytes;
  std::size_t bad_headers_ = 0;
};

}  // namespace otscope::dnp3
