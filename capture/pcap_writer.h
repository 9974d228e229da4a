// The pcap file a live capture saves its frames to (`otscope capture --write`), optionally as a
// ring buffer of size-capped files, like dumpcap's: FILE.pcap becomes FILE_00001.pcap,
// FILE_00002.pcap, ... each a complete pcap file on its own (header, whole records), and at most
// `max_files` of them are kept, the oldest deleted when a new one starts. Numbers continue after
// the highest one already in the directory, so a restarted sensor neither overwrites nor forgets
// the files of its previous runs (they count towards the ring).
#pragma once

#include <cstdint>
#include <deque>
#include <string>

namespace otscope::capture {

struct PcapWriteOptions {
  std::string path;
  /// Start a new file before one would grow beyond this many bytes (a record larger than that
  /// gets a file of its own); 0: one file, written exactly at `path`.
  std::uint64_t max_file_bytes = 0;
  /// With max_file_bytes: keep at most this many numbered files, deleting the oldest; 0: keep all.
  std::uint64_t max_files = 0;
};

class PcapWriter {
 public:
  /// Opens the first file. Throws CaptureError when it cannot be created.
  PcapWriter(PcapWriteOptions options, int link_type, int snaplen);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  /// Appends one record, first starting the next file when this one would outgrow the cap.
  /// Throws CaptureError when a new file cannot be created.
  void write(std::int64_t ts_sec, std::int64_t ts_usec, std::uint32_t caplen, std::uint32_t length,
             const std::uint8_t* data);
  /// Writes what is buffered to the current file.
  void flush();
  const std::string& current_file() const { return current_; }

  /// The name of numbered file `sequence` (from 1): "dir/cap.pcap" -> "dir/cap_00042.pcap".
  static std::string numbered_file(const std::string& path, std::uint64_t sequence);

 private:
  void open_next();
  void close_current();

  PcapWriteOptions options_;
  struct Pcap;
  Pcap* pcap_ = nullptr;
  std::string current_;
  std::uint64_t sequence_ = 0;    // of the current file
  std::uint64_t bytes_ = 0;       // in the current file
  std::uint64_t records_ = 0;     // in the current file
  std::deque<std::string> ring_;  // numbered files kept, oldest first (the current one last)
};

}  // namespace otscope::capture
