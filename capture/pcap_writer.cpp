#include "capture/pcap_writer.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <system_error>
#include <utility>

#include "capture/source.h"

namespace otscope::capture {

namespace {

constexpr std::uint64_t kFileHeaderBytes = 24;
constexpr std::uint64_t kRecordHeaderBytes = 16;

// "dir/cap.pcap" -> {"dir/cap", ".pcap"}; no extension: {"dir/cap", ""}.
std::pair<std::string, std::string> split_extension(const std::string& path) {
  const std::filesystem::path p(path);
  const std::string ext = p.extension().string();
  return {path.substr(0, path.size() - ext.size()), ext};
}

// The numbered files of `path` already in its directory, by number.
std::map<std::uint64_t, std::string> existing_files(const std::string& path) {
  std::map<std::uint64_t, std::string> found;
  const auto [stem, ext] = split_extension(path);
  const std::filesystem::path stem_path(stem);
  const std::string prefix = stem_path.filename().string() + "_";
  std::filesystem::path dir = stem_path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() + ext.size() || name.rfind(prefix, 0) != 0 ||
        name.compare(name.size() - ext.size(), ext.size(), ext) != 0)
      continue;
    const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - ext.size());
    if (digits.size() < 5 || digits.size() > 18 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    const std::uint64_t n = std::stoull(digits);
    if (n > 0 && PcapWriter::numbered_file(path, n) == (stem_path.parent_path() / name).string())
      found[n] = PcapWriter::numbered_file(path, n);
  }
  return found;
}

}  // namespace

struct PcapWriter::Pcap {
  pcap_t* dead = nullptr;
  pcap_dumper_t* dumper = nullptr;
};

std::string PcapWriter::numbered_file(const std::string& path, std::uint64_t sequence) {
  const auto [stem, ext] = split_extension(path);
  char digits[24];
  std::snprintf(digits, sizeof digits, "%05llu", static_cast<unsigned long long>(sequence));
  return stem + "_" + digits + ext;
}

PcapWriter::PcapWriter(PcapWriteOptions options, int link_type, int snaplen)
    : options_(std::move(options)), pcap_(new Pcap) {
  pcap_->dead =
      pcap_open_dead_with_tstamp_precision(link_type, snaplen, PCAP_TSTAMP_PRECISION_MICRO);
  if (!pcap_->dead) {
    delete pcap_;
    throw CaptureError("cannot write capture '" + options_.path + "': out of memory");
  }
  if (options_.max_file_bytes > 0) {
    for (const auto& [n, file] : existing_files(options_.path)) {
      ring_.push_back(file);
      sequence_ = n;
    }
  }
  try {
    open_next();
  } catch (...) {
    pcap_close(pcap_->dead);
    delete pcap_;
    throw;
  }
}

PcapWriter::~PcapWriter() {
  close_current();
  pcap_close(pcap_->dead);
  delete pcap_;
}

void PcapWriter::close_current() {
  if (pcap_->dumper) pcap_dump_close(pcap_->dumper);
  pcap_->dumper = nullptr;
}

void PcapWriter::open_next() {
  close_current();
  std::string file = options_.path;
  if (options_.max_file_bytes > 0) file = numbered_file(options_.path, ++sequence_);
  pcap_->dumper = pcap_dump_open(pcap_->dead, file.c_str());
  if (!pcap_->dumper)
    throw CaptureError("cannot write capture '" + file + "': " + pcap_geterr(pcap_->dead));
  current_ = file;
  bytes_ = kFileHeaderBytes;
  records_ = 0;
  if (options_.max_file_bytes == 0) return;
  ring_.push_back(file);
  while (options_.max_files > 0 && ring_.size() > options_.max_files) {
    std::error_code ec;
    std::filesystem::remove(ring_.front(), ec);
    ring_.pop_front();
  }
}

void PcapWriter::write(std::int64_t ts_sec, std::int64_t ts_usec, std::uint32_t caplen,
                       std::uint32_t length, const std::uint8_t* data) {
  const std::uint64_t record = kRecordHeaderBytes + caplen;
  if (options_.max_file_bytes > 0 && records_ > 0 && bytes_ + record > options_.max_file_bytes)
    open_next();
  pcap_pkthdr header{};
  header.ts.tv_sec = static_cast<decltype(header.ts.tv_sec)>(ts_sec);
  header.ts.tv_usec = static_cast<decltype(header.ts.tv_usec)>(ts_usec);
  header.caplen = caplen;
  header.len = length;
  pcap_dump(reinterpret_cast<u_char*>(pcap_->dumper), &header, data);
  bytes_ += record;
  ++records_;
}

void PcapWriter::flush() {
  if (pcap_->dumper) pcap_dump_flush(pcap_->dumper);
}

}  // namespace otscope::capture
