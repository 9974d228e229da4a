#include "protocols/dnp3/transport.h"

namespace otscope::dnp3 {

std::string_view segment_issue_kind(SegmentIssue issue) {
  switch (issue) {
    case SegmentIssue::None:
      return "dnp3.ok";
    case SegmentIssue::Empty:
      return "dnp3.transport_empty";
    case SegmentIssue::MissingFirst:
      return "dnp3.transport_missing_first";
    case SegmentIssue::OutOfSequence:
      return "dnp3.transport_out_of_sequence";
    case SegmentIssue::Duplicate:
      return "dnp3.transport_duplicate";
    case SegmentIssue::Unfinished:
      return "dnp3.transport_unfinished";
    case SegmentIssue::TooLarge:
      return "dnp3.fragment_too_large";
  }
  return "dnp3.transport_error";
}

bool segment_issue_loses_data(SegmentIssue issue) {
  return issue != SegmentIssue::None && issue != SegmentIssue::Duplicate;
}

std::size_t FragmentAssembler::reset() {
  std::size_t dropped = buffered();
  buffer_.clear();
  in_progress_ = false;
  have_last_ = false;
  discarding_ = false;
  return dropped;
}

std::size_t FragmentAssembler::abandon() {
  std::size_t dropped = reset();
  discarding_ = true;
  return dropped;
}

SegmentResult FragmentAssembler::push(Bytes segment) {
  SegmentResult result;
  ByteReader reader(segment);
  std::uint8_t header_byte = 0;
  if (!reader.u8(header_byte)) {
    result.issue = SegmentIssue::Empty;
    return result;
  }
  const TransportHeader header = parse_transport_header(header_byte);
  const Bytes payload = reader.rest();

  if (header.fir) {
    if (in_progress_) {
      result.issue = SegmentIssue::Unfinished;
      result.dropped = buffer_.size();
    }
    buffer_.clear();
    in_progress_ = true;
    discarding_ = false;
  } else if (!in_progress_) {
    result.issue = discarding_ ? SegmentIssue::None : SegmentIssue::MissingFirst;
    result.dropped = payload.size();
    have_last_ = true;
    last_sequence_ = header.sequence;
    discarding_ = true;
    return result;
  } else if (have_last_ && header.sequence == last_sequence_) {
    result.issue = SegmentIssue::Duplicate;
    return result;
  } else if (header.sequence != ((last_sequence_ + 1) & 0x3F)) {
    result.issue = SegmentIssue::OutOfSequence;
    result.dropped = buffer_.size() + payload.size();
    buffer_.clear();
    in_progress_ = false;
    discarding_ = true;
    have_last_ = true;
    last_sequence_ = header.sequence;
    return result;
  }
  have_last_ = true;
  last_sequence_ = header.sequence;

  if (buffer_.size() + payload.size() > kMaxFragmentSize) {
    result.issue = SegmentIssue::TooLarge;
    result.dropped = buffer_.size() + payload.size();
    buffer_.clear();
    in_progress_ = false;
    discarding_ = true;
    return result;
  }
  buffer_.insert(buffer_.end(), payload.begin(), payload.end());
  if (header.fin) {
    in_progress_ = false;
    result.complete = true;
    result.fragment = Bytes(buffer_);
  }
  return result;
}

}  // namespace otscope::dnp3
