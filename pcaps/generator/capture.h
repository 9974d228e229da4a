// Where crafted frames go. A scenario collects frames from many concurrent conversations and
// writes them in time order through Tins::PacketWriter; the bench streams frames straight out.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>
#include <vector>

#include "pcaps/generator/byte_writer.h"
#include "pcaps/generator/sim_time.h"

namespace otscope::pcapgen {

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void emit(Micros t, Bytes frame) = 0;
};

/// Collects the frames of one scenario; conversations interleave, so they are stably sorted by
/// timestamp (insertion order breaks ties) before writing.
class ScenarioCapture final : public FrameSink {
 public:
  void emit(Micros t, Bytes frame) override;
  std::size_t packet_count() const { return records_.size(); }
  /// Size of the pcap file that write_pcap() produces.
  std::uint64_t file_size() const;
  Micros first_time() const;
  Micros last_time() const;
  /// Throws std::runtime_error (or Tins::pcap_error) when the file cannot be written.
  void write_pcap(const std::filesystem::path& file) const;

 private:
  struct Record {
    Micros t;
    Bytes frame;
  };
  std::vector<Record> records_;
};

/// Streams pcap records to a file through a large buffer, with no per-packet allocation. Writes
/// the same little-endian, microsecond, LINKTYPE_ETHERNET format as libpcap's dumper.
class StreamingPcapWriter {
 public:
  explicit StreamingPcapWriter(const std::filesystem::path& file);
  ~StreamingPcapWriter();
  StreamingPcapWriter(const StreamingPcapWriter&) = delete;
  StreamingPcapWriter& operator=(const StreamingPcapWriter&) = delete;

  void write(Micros t, std::span<const std::uint8_t> frame);
  /// Flushes and closes; throws std::runtime_error on an I/O error.
  void close();
  std::uint64_t packets() const { return packets_; }

 private:
  void flush_buffer();
  std::FILE* file_ = nullptr;
  std::vector<std::uint8_t> buffer_;
  std::uint64_t packets_ = 0;
};

}  // namespace otscope::pcapgen
