#include "capture/evidence_pcap.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "capture/link.h"
#include "capture/pcap_writer.h"
#include "capture/source.h"

namespace otscope::capture {

namespace {

// A TCP connection, the same whichever side sent the packet.
struct ConnectionKey {
  std::array<std::uint8_t, 16> a{}, b{};
  std::uint16_t port_a = 0, port_b = 0;
  auto operator<=>(const ConnectionKey&) const = default;
};

struct TcpPacket {
  ConnectionKey key;
  std::uint8_t flags = 0;
  bool has_payload = false;
};

constexpr std::uint8_t kSyn = 0x02, kAck = 0x10, kFin = 0x01, kRst = 0x04;

std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}

// The TCP header of an unfragmented IPv4 or IPv6 packet (IPv6 without extension headers), if any.
std::optional<TcpPacket> parse_tcp(int dlt, Bytes frame) {
  const auto link = parse_link(dlt, frame);
  if (!link) return std::nullopt;
  const Bytes ip = link->payload;
  std::array<std::uint8_t, 16> src{}, dst{};
  std::size_t offset = 0, end = ip.size();
  if (link->network == NetworkProtocol::Ipv4) {
    if (ip.size() < 20 || ip[9] != 6) return std::nullopt;
    if ((be16(&ip[6]) & 0x3fff) != 0) return std::nullopt;  // a fragment
    offset = (ip[0] & 0x0f) * 4u;
    end = std::min<std::size_t>(ip.size(), be16(&ip[2]));
    std::copy_n(&ip[12], 4, src.begin());
    std::copy_n(&ip[16], 4, dst.begin());
  } else if (link->network == NetworkProtocol::Ipv6) {
    if (ip.size() < 40 || ip[6] != 6) return std::nullopt;
    offset = 40;
    end = std::min<std::size_t>(ip.size(), 40u + be16(&ip[4]));
    std::copy_n(&ip[8], 16, src.begin());
    std::copy_n(&ip[24], 16, dst.begin());
  } else {
    return std::nullopt;
  }
  if (offset < 20 || end < offset + 20) return std::nullopt;
  const std::uint8_t* tcp = &ip[offset];
  TcpPacket p;
  const std::uint16_t sport = be16(tcp), dport = be16(tcp + 2);
  const std::size_t header = (tcp[12] >> 4) * 4u;
  p.flags = tcp[13];
  p.has_payload = end > offset + header;
  if (std::tie(src, sport) <= std::tie(dst, dport)) {
    p.key = {src, dst, sport, dport};
  } else {
    p.key = {dst, src, dport, sport};
  }
  return p;
}

std::unique_ptr<PcapSource> open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw CaptureError("cannot read capture '" + path + "': no such file");
  return PcapSource::open_file(path);
}

}  // namespace

EvidenceExportResult export_evidence_pcap(const std::vector<EvidenceCapture>& captures,
                                          const std::string& output) {
  EvidenceExportResult result;
  // First pass: the connections the evidence frames belong to.
  std::vector<std::set<ConnectionKey>> connections(captures.size());
  int dlt = -1;
  for (std::size_t c = 0; c < captures.size(); ++c) {
    auto source = open(captures[c].path);
    if (dlt >= 0 && source->link_type() != dlt)
      throw CaptureError("the evidence spans captures of different link types ('" +
                         captures[c].path + "'): export them one at a time");
    dlt = source->link_type();
    RawFrame frame;
    std::uint64_t number = 0;
    const std::uint64_t last = captures[c].frames.empty() ? 0 : *captures[c].frames.rbegin();
    while (number < last && source->next(frame) == PcapSource::Status::Frame) {
      if (!captures[c].frames.contains(++number)) continue;
      if (const auto tcp = parse_tcp(dlt, frame.data)) connections[c].insert(tcp->key);
    }
    for (std::uint64_t f : captures[c].frames)
      if (f > number) result.missing.push_back(captures[c].path + " frame " + std::to_string(f));
  }
  if (dlt < 0) throw CaptureError("the alert has no evidence frames to export");

  // Second pass: the evidence frames and, for their connections, the SYN, SYN-ACK and the ACK
  // that completes the handshake.
  PcapWriteOptions options;
  options.path = output;
  PcapWriter writer(options, dlt, 262144);
  for (std::size_t c = 0; c < captures.size(); ++c) {
    auto source = open(captures[c].path);
    std::set<ConnectionKey> synced;  // SYN-ACK seen, handshake ACK not yet written
    RawFrame frame;
    std::uint64_t number = 0;
    const std::uint64_t last = captures[c].frames.empty() ? 0 : *captures[c].frames.rbegin();
    while (number < last && source->next(frame) == PcapSource::Status::Frame) {
      ++number;
      bool keep = captures[c].frames.contains(number);
      if (keep) {
        ++result.evidence_frames;
      } else if (const auto tcp = parse_tcp(dlt, frame.data);
                 tcp && connections[c].contains(tcp->key)) {
        const bool syn = (tcp->flags & kSyn) != 0;
        const bool pure_ack = (tcp->flags & (kSyn | kFin | kRst | kAck)) == kAck;
        if (syn) {
          keep = true;
          if ((tcp->flags & kAck) != 0) synced.insert(tcp->key);
        } else if (pure_ack && synced.erase(tcp->key) > 0) {
          keep = true;
        }
        if (keep) ++result.handshake_frames;
      }
      if (!keep) continue;
      writer.write(frame.ts_us / 1'000'000, frame.ts_us % 1'000'000,
                   static_cast<std::uint32_t>(frame.data.size()), frame.wire_length,
                   frame.data.data());
    }
  }
  writer.flush();
  return result;
}

}  // namespace otscope::capture
