// Helpers for the DNP3 tests: a sink that records events, and builders that wrap application
// fragments in transport segments and link frames (with CRCs) the way a device does.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "common/flow.h"
#include "protocols/common/events.h"
#include "protocols/dnp3/crc.h"

namespace otscope::dnp3::test {

struct RecordedMessage {
  std::uint64_t frame = 0;
  MessageEvent event;
};
struct RecordedIdentity {
  std::uint64_t frame = 0;
  IdentityEvent event;
};
struct RecordedAnomaly {
  std::uint64_t frame = 0;
  AnomalyEvent event;
};

class RecordingSink final : public EventSink {
 public:
  void message(const FlowInfo&, const PacketMeta& meta, const MessageEvent& ev) override {
    messages.push_back({meta.frame, ev.detached()});
  }
  void identity(const FlowInfo&, const PacketMeta& meta, const IdentityEvent& ev) override {
    identities.push_back({meta.frame, ev});
  }
  void anomaly(const FlowInfo&, const PacketMeta& meta, const AnomalyEvent& ev) override {
    anomalies.push_back({meta.frame, ev});
  }

  std::vector<std::string> anomaly_kinds() const {
    std::vector<std::string> kinds;
    for (const auto& a : anomalies) kinds.push_back(a.event.kind);
    return kinds;
  }
  std::size_t count_anomalies(const std::string& kind) const {
    std::size_t n = 0;
    for (const auto& a : anomalies) n += a.event.kind == kind ? 1 : 0;
    return n;
  }
  std::size_t malformed() const {
    std::size_t n = 0;
    for (const auto& a : anomalies) n += a.event.malformed ? 1 : 0;
    return n;
  }
  /// Everything recorded, one line per event, for comparing two runs.
  std::vector<std::string> transcript() const {
    std::vector<std::string> lines;
    for (const auto& m : messages) {
      const MessageEvent& e = m.event;
      std::string line = "M " + std::to_string(static_cast<int>(e.role)) + " " +
                         std::to_string(static_cast<int>(e.dir)) + " " +
                         std::to_string(e.function) + " " +
                         std::to_string(e.function_key.value_or(999)) + " " +
                         std::to_string(e.unit) + " " + e.detail + " " + e.summary;
      for (const auto& r : e.ranges) {
        line += " " + r.space.str() + ":" + std::to_string(r.start) + "+" + std::to_string(r.count);
      }
      lines.push_back(line);
    }
    for (const auto& i : identities) {
      lines.push_back("I " + i.event.field + "=" + i.event.value + " " +
                      std::to_string(i.event.about_sender));
    }
    for (const auto& a : anomalies) {
      lines.push_back("A " + a.event.kind + " " + a.event.detail + " " +
                      std::to_string(a.event.malformed));
    }
    return lines;
  }

  std::vector<RecordedMessage> messages;
  std::vector<RecordedIdentity> identities;
  std::vector<RecordedAnomaly> anomalies;
};

inline FlowInfo make_flow(Transport transport = Transport::Tcp) {
  FlowInfo flow;
  flow.id = 1;
  flow.transport = transport;
  flow.a.port = 49160;
  flow.b.port = 20000;
  flow.saw_handshake = true;
  return flow;
}

inline void append_crc(std::vector<std::uint8_t>& out, const std::uint8_t* data, std::size_t n) {
  std::uint16_t crc = crc16(Bytes(data, n));
  out.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  out.push_back(static_cast<std::uint8_t>(crc >> 8));
}

/// One link frame: header with CRC, then `user_data` in CRC-protected blocks of 16.
inline std::vector<std::uint8_t> link_frame(std::uint8_t control, std::uint16_t destination,
                                            std::uint16_t source,
                                            const std::vector<std::uint8_t>& user_data) {
  std::vector<std::uint8_t> out = {0x05,
                                   0x64,
                                   static_cast<std::uint8_t>(5 + user_data.size()),
                                   control,
                                   static_cast<std::uint8_t>(destination & 0xFF),
                                   static_cast<std::uint8_t>(destination >> 8),
                                   static_cast<std::uint8_t>(source & 0xFF),
                                   static_cast<std::uint8_t>(source >> 8)};
  append_crc(out, out.data(), 8);
  for (std::size_t i = 0; i < user_data.size(); i += 16) {
    std::size_t n = std::min<std::size_t>(16, user_data.size() - i);
    out.insert(out.end(), user_data.begin() + static_cast<std::ptrdiff_t>(i),
               user_data.begin() + static_cast<std::ptrdiff_t>(i + n));
    append_crc(out, user_data.data() + i, n);
  }
  return out;
}

/// Control byte of an UNCONFIRMED_USER_DATA frame from the master (DIR=1, PRM=1) or from the
/// outstation (DIR=0, PRM=1).
inline constexpr std::uint8_t kFromMaster = 0xC4;
inline constexpr std::uint8_t kFromOutstation = 0x44;

/// An application fragment as link frames: transport segments of up to `segment_size` bytes
/// (249 at most), sequence numbers from `first_sequence`.
inline std::vector<std::uint8_t> fragment_frames(std::uint8_t control, std::uint16_t destination,
                                                 std::uint16_t source,
                                                 const std::vector<std::uint8_t>& fragment,
                                                 std::uint8_t first_sequence = 0,
                                                 std::size_t segment_size = 249) {
  std::vector<std::uint8_t> out;
  std::size_t offset = 0;
  std::uint8_t sequence = first_sequence;
  do {
    std::size_t n = std::min(segment_size, fragment.size() - offset);
    std::uint8_t header = sequence & 0x3F;
    if (offset == 0) header |= 0x40;
    if (offset + n == fragment.size()) header |= 0x80;
    std::vector<std::uint8_t> segment = {header};
    segment.insert(segment.end(), fragment.begin() + static_cast<std::ptrdiff_t>(offset),
                   fragment.begin() + static_cast<std::ptrdiff_t>(offset + n));
    std::vector<std::uint8_t> frame = link_frame(control, destination, source, segment);
    out.insert(out.end(), frame.begin(), frame.end());
    offset += n;
    sequence = static_cast<std::uint8_t>((sequence + 1) & 0x3F);
  } while (offset < fragment.size());
  return out;
}

inline std::vector<std::uint8_t> concat(std::initializer_list<std::vector<std::uint8_t>> parts) {
  std::vector<std::uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace otscope::dnp3::test
