// In-order delivery of one direction of a TCP connection.
//
// Sequence numbers are unwrapped into 64-bit offsets relative to the first byte seen, so a stream
// that starts near 2^32 and wraps is just a stream. Retransmitted and overlapping bytes are
// dropped (the first copy wins), out-of-order segments wait in a bounded buffer, and bytes that
// will never come are reported as a gap instead of being silently glued over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "common/bytes.h"

namespace otscope::capture {

struct ReassemblyStats {
  std::uint64_t delivered_bytes = 0;
  std::uint64_t retransmitted_bytes = 0;
  std::uint64_t out_of_order_segments = 0;
  std::uint64_t gaps = 0;
  std::uint64_t gap_bytes = 0;
  std::uint64_t overflows = 0;  // times the buffer bound forced a gap
};

class TcpDirection {
 public:
  /// Receives what the reassembler releases, in stream order.
  class Output {
   public:
    virtual ~Output() = default;
    virtual void on_bytes(Bytes data) = 0;
    virtual void on_gap(std::size_t missing) = 0;
  };

  explicit TcpDirection(std::size_t max_buffered = 1 << 20) : max_buffered_(max_buffered) {}

  /// A SYN carrying initial sequence number `isn`: the first data byte is isn + 1.
  void syn(std::uint32_t isn);
  /// A segment with payload starting at `seq`.
  void segment(std::uint32_t seq, Bytes payload, Output& out);
  /// The peer acknowledged everything before `ack`. When that covers bytes this side never
  /// delivered while later bytes already wait (or it is acknowledged twice), they were lost by the
  /// capture: report the gap and move on.
  void acknowledged(std::uint32_t ack, Output& out);
  /// `length` bytes starting at `seq` were on the wire but not captured (snap length): skip them
  /// when they are next in line.
  void lost(std::uint32_t seq, std::size_t length, Output& out);
  /// Release everything still buffered, reporting holes as gaps (connection end).
  void flush(Output& out);

  bool initialized() const { return initialized_; }
  std::size_t buffered_bytes() const { return buffered_; }
  const ReassemblyStats& stats() const { return stats_; }
  /// Relative offset of the next byte expected.
  std::uint64_t next_offset() const { return next_rel_; }

 private:
  std::int64_t relative(std::uint32_t seq) const {
    return static_cast<std::int64_t>(next_rel_) + static_cast<std::int32_t>(seq - next_seq_);
  }
  void deliver(Bytes data, Output& out);
  void skip_to(std::uint64_t rel, Output& out);
  void drain(Output& out);

  std::size_t max_buffered_;
  bool initialized_ = false;
  std::uint32_t next_seq_ = 0;
  std::uint64_t next_rel_ = 0;
  std::uint64_t hole_acks_ = 0;
  std::size_t buffered_ = 0;
  std::map<std::uint64_t, std::vector<std::uint8_t>> pending_;
  ReassemblyStats stats_;
};

}  // namespace otscope::capture
