// DNP3 transport function (IEEE 1815 clause 8): each link frame's user data starts with one
// header byte (FIN, FIR, 6-bit sequence); segments are joined into application fragments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace otscope::dnp3 {

struct TransportHeader {
  bool fin = false;
  bool fir = false;
  std::uint8_t sequence = 0;  // 0..63
};

inline TransportHeader parse_transport_header(std::uint8_t byte) {
  return TransportHeader{(byte & 0x80) != 0, (byte & 0x40) != 0,
                         static_cast<std::uint8_t>(byte & 0x3F)};
}

/// Fragments larger than this are dropped: IEEE 1815 devices announce at most a few KiB
/// (g0v240/241), and the bound keeps a hostile stream from growing the buffer.
inline constexpr std::size_t kMaxFragmentSize = 16384;

enum class SegmentIssue : std::uint8_t {
  None,
  Empty,          // user data without even the transport header byte
  MissingFirst,   // a non-FIR segment while no fragment is being assembled
  OutOfSequence,  // a segment whose sequence does not follow the previous one
  Duplicate,      // the previous segment again (a link-layer retry): ignored
  Unfinished,     // a new FIR arrived before the previous fragment's FIN
  TooLarge,       // the fragment would exceed kMaxFragmentSize
};
/// Stable anomaly kind, e.g. "dnp3.transport_out_of_sequence".
std::string_view segment_issue_kind(SegmentIssue issue);
/// True when the issue loses application data (counted as malformed).
bool segment_issue_loses_data(SegmentIssue issue);

struct SegmentResult {
  SegmentIssue issue = SegmentIssue::None;
  /// Application bytes discarded: because of the issue, or (with issue None) as the rest of a
  /// fragment already reported broken.
  std::size_t dropped = 0;
  /// A whole fragment is ready.
  bool complete = false;
  /// The fragment when complete; valid until the next push() or reset().
  Bytes fragment;
};

/// Reassembles the fragments of one sender towards one receiver (one link address pair in one
/// direction).
class FragmentAssembler {
 public:
  /// `segment` is the link frame's user data, transport header byte first.
  SegmentResult push(Bytes segment);
  bool in_progress() const { return in_progress_; }
  std::size_t buffered() const { return in_progress_ ? buffer_.size() : 0; }
  /// Forgets a partial fragment (after a capture gap); returns the bytes dropped.
  std::size_t reset();
  /// Forgets a partial fragment whose next segment was lost (a link frame with a bad CRC) and
  /// drops its remaining segments quietly until the next FIR: one loss, one anomaly.
  std::size_t abandon();

 private:
  std::vector<std::uint8_t> buffer_;
  bool in_progress_ = false;
  /// After a broken sequence: later segments of the same fragment are dropped without a report.
  bool discarding_ = false;
  bool have_last_ = false;
  std::uint8_t last_sequence_ = 0;
};

}  // namespace otscope::dnp3
