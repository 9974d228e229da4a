// Capture sources: pcap/pcapng files (or standard input) and live interfaces, through libpcap.
// Read-only by construction: nothing here can transmit a packet.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "capture/packet_processor.h"
#include "capture/pcap_writer.h"

namespace otscope {

/// A capture that cannot be opened or read; the message is one line for the user.
class CaptureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace otscope

namespace otscope::capture {

struct LiveOptions {
  std::string interface;
  std::string filter;  // BPF, empty for everything
  int snaplen = 262144;
  bool promiscuous = true;
  int buffer_mib = 32;    // kernel buffer
  bool immediate = true;  // deliver packets as they arrive
  int timeout_ms = 200;   // read timeout, bounds the latency of stop and flush checks
};

class PcapSource {
 public:
  enum class Status { Frame, Timeout, End };

  /// Opens a pcap or pcapng file; "-" reads standard input. Throws CaptureError.
  static std::unique_ptr<PcapSource> open_file(const std::string& path);
  /// Opens a live interface. Throws CaptureError naming the interface and, for a permission
  /// problem, the CAP_NET_RAW capability.
  static std::unique_ptr<PcapSource> open_live(const LiveOptions& options);

  ~PcapSource();
  PcapSource(const PcapSource&) = delete;
  PcapSource& operator=(const PcapSource&) = delete;

  int link_type() const { return dlt_; }
  const std::string& name() const { return name_; }
  /// Next frame (valid until the next call). Throws CaptureError on a read error; a file cut
  /// short in the middle of a packet ends with Status::End and truncated() set.
  Status next(RawFrame& frame);
  bool truncated() const { return truncated_; }
  /// Frames whose timestamp was impossible (before 1970, after the year 9999, or beyond what
  /// 64-bit microseconds hold); they carry the previous frame's time instead (0, unknown, before
  /// any valid one).
  std::uint64_t bad_timestamps() const { return bad_timestamps_; }
  /// Bytes of the file consumed so far (0 for live and standard input), for progress display.
  std::uint64_t position() const;
  /// Packets the kernel or interface dropped (live only).
  std::uint64_t drops() const;
  /// Also writes every frame read from now on to a pcap file at `path` (live evidence). Throws
  /// CaptureError when the file cannot be created.
  void write_to(const std::string& path);
  /// The same, as a ring buffer of size-capped files (capture/pcap_writer.h).
  void write_to(const PcapWriteOptions& options);
  /// Makes a blocked next() return soon; safe to call from a signal handler.
  void interrupt();

 private:
  PcapSource() = default;
  struct Handle;
  Handle* handle_ = nullptr;
  int dlt_ = 0;
  std::string name_;
  bool live_ = false;
  bool truncated_ = false;
  std::int64_t last_ts_us_ = 0;
  std::uint64_t bad_timestamps_ = 0;
};

}  // namespace otscope::capture
