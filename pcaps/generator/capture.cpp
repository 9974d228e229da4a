#include "pcaps/generator/capture.h"

#include <tins/ethernetII.h>
#include <tins/packet.h>
#include <tins/packet_writer.h>
#include <tins/rawpdu.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <stdexcept>

namespace otscope::pcapgen {

namespace {
constexpr std::size_t kPcapFileHeader = 24;
constexpr std::size_t kPcapRecordHeader = 16;
constexpr std::uint32_t kSnapLen = 65535;
}  // namespace

void ScenarioCapture::emit(Micros t, Bytes frame) {
  records_.push_back(Record{t, std::move(frame)});
}

std::uint64_t ScenarioCapture::file_size() const {
  std::uint64_t total = kPcapFileHeader;
  for (const auto& r : records_) total += kPcapRecordHeader + r.frame.size();
  return total;
}

Micros ScenarioCapture::first_time() const {
  Micros t = records_.empty() ? 0 : records_.front().t;
  for (const auto& r : records_) t = std::min(t, r.t);
  return t;
}

Micros ScenarioCapture::last_time() const {
  Micros t = 0;
  for (const auto& r : records_) t = std::max(t, r.t);
  return t;
}

void ScenarioCapture::write_pcap(const std::filesystem::path& file) const {
  std::vector<std::size_t> order(records_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return records_[a].t < records_[b].t; });
  Tins::PacketWriter writer(file.string(), Tins::DataLinkType<Tins::EthernetII>());
  for (std::size_t i : order) {
    const Record& r = records_[i];
    // The frame is already serialised; a RawPDU writes those bytes unchanged.
    Tins::RawPDU raw(r.frame.data(), static_cast<std::uint32_t>(r.frame.size()));
    Tins::Packet packet(raw, Tins::Timestamp(std::chrono::microseconds(r.t)));
    writer.write(packet);
  }
}

StreamingPcapWriter::StreamingPcapWriter(const std::filesystem::path& file) {
  file_ = std::fopen(file.c_str(), "wb");
  if (!file_) throw std::runtime_error("cannot open " + file.string() + " for writing");
  buffer_.reserve(1 << 20);
  ByteWriter header(kPcapFileHeader);
  header.le32(0xA1B2C3D4u).le16(2).le16(4).le32(0).le32(0).le32(kSnapLen).le32(1);
  buffer_.insert(buffer_.end(), header.view().begin(), header.view().end());
}

StreamingPcapWriter::~StreamingPcapWriter() {
  if (file_) std::fclose(file_);
}

void StreamingPcapWriter::write(Micros t, std::span<const std::uint8_t> frame) {
  if (buffer_.size() + kPcapRecordHeader + frame.size() > buffer_.capacity()) flush_buffer();
  const auto secs = static_cast<std::uint32_t>(t / 1'000'000);
  const auto micros = static_cast<std::uint32_t>(t % 1'000'000);
  const auto len = static_cast<std::uint32_t>(frame.size());
  const std::uint32_t fields[4] = {secs, micros, len, len};
  for (std::uint32_t v : fields) {
    for (int i = 0; i < 4; ++i) buffer_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  buffer_.insert(buffer_.end(), frame.begin(), frame.end());
  ++packets_;
}

void StreamingPcapWriter::flush_buffer() {
  if (!file_) throw std::runtime_error("pcap stream already closed");
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    throw std::runtime_error("short write to pcap stream");
  }
  buffer_.clear();
}

void StreamingPcapWriter::close() {
  flush_buffer();
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    throw std::runtime_error("error closing pcap stream");
  }
  file_ = nullptr;
}

}  // namespace otscope::pcapgen
