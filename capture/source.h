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
  /// The kernel's capture ring (TPACKET_V3 blocks, mapped into this process: it counts in its
  /// resident size). 128 MiB holds about 750,000 small frames (the whole 589,000-frame bench
  /// capture): a second of a saturated gigabit link's small packets, far more than a flush or
  /// another process taking the CPU holds the reader up. bench/README.md, "Live capture".
  int buffer_mib = 128;
  /// Deliver each packet as it arrives. Off: the kernel hands over whole blocks of packets, one
  /// wake-up per block (or per `timeout_ms` when traffic is light). On, libpcap uses a TPACKET_V2
  /// ring instead, one wake-up per packet: the bench replayed at 100 Mbit/s lost 18% of its
  /// packets with 32 MiB, and at 200 Mbit/s still 19-32% with 256 MiB (none in blocks).
  bool immediate = false;
  /// Read timeout: the longest a packet waits in a block that is not full, and the latency of
  /// stop and flush checks.
  int timeout_ms = 100;
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
