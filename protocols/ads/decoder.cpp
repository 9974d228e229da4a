#include "protocols/ads/decoder.h"

#include "protocols/ads/codes.h"

namespace otscope::ads {

namespace {

std::uint32_t le32_at(Bytes b, std::size_t at) {
  return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
         std::uint32_t{b[at + 3]} << 24;
}
std::uint16_t le16_at(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8);
}

bool net_id(ByteReader& r, std::string& out) {
  Bytes id;
  if (!r.take(6, id)) return false;
  out.clear();
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i != 0) out += '.';
    out += std::to_string(id[i]);
  }
  return true;
}

}  // namespace

std::string_view ads_error_kind(AdsError e) {
  switch (e) {
    case AdsError::None:
      return "none";
    case AdsError::Truncated:
      return "truncated";
    case AdsError::LengthMismatch:
      return "length_mismatch";
    case AdsError::NotAdsCommand:
      return "not_ads_command";
  }
  return "unknown";
}

AdsError decode_packet(Bytes bytes, AmsPacket& out) {
  ByteReader r(bytes);
  std::uint16_t reserved = 0;
  std::uint32_t tcp_length = 0;
  if (!r.le16(reserved) || !r.le32(tcp_length)) return AdsError::Truncated;
  if (tcp_length != r.remaining()) return AdsError::LengthMismatch;
  if (!net_id(r, out.target_net_id) || !r.le16(out.target_port) || !net_id(r, out.source_net_id) ||
      !r.le16(out.source_port) || !r.le16(out.command) || !r.le16(out.flags) ||
      !r.le32(out.length) || !r.le32(out.error) || !r.le32(out.invoke_id))
    return AdsError::Truncated;
  if ((out.flags & kFlagAdsCommand) == 0) return AdsError::NotAdsCommand;
  if (out.length != r.remaining()) return AdsError::LengthMismatch;
  out.data = r.rest();
  return AdsError::None;
}

bool plausible_packet(Bytes b, bool& need_more) {
  need_more = false;
  if (!b.empty() && b[0] != 0) return false;
  if (b.size() > 1 && b[1] != 0) return false;
  if (b.size() < kTcpHeaderSize + kAmsHeaderSize) {
    need_more = true;
    return false;
  }
  const std::uint32_t length = le32_at(b, 2);
  if (length < kAmsHeaderSize || length > kMaxAmsLength) return false;
  const std::uint16_t id = le16_at(b, 22);
  const std::uint16_t flags = le16_at(b, 24);
  const std::uint32_t data_length = le32_at(b, 26);
  return id >= cmd::kReadDeviceInfo && id <= cmd::kReadWrite && (flags & kFlagAdsCommand) != 0 &&
         (flags & 0xFF00) == 0 && data_length == length - kAmsHeaderSize;
}

bool decode_device_info(Bytes data, DeviceInfo& out) {
  ByteReader r(data);
  Bytes name;
  if (!r.le32(out.result) || !r.u8(out.major) || !r.u8(out.minor) || !r.le16(out.build) ||
      !r.take(16, name))
    return false;
  out.name = printable_string(name);
  return true;
}

bool decode_write_control(Bytes data, WriteControl& out) {
  ByteReader r(data);
  return r.le16(out.ads_state) && r.le16(out.device_state);
}

bool decode_read_state(Bytes data, ReadState& out) {
  ByteReader r(data);
  return r.le32(out.result) && r.le16(out.ads_state) && r.le16(out.device_state);
}

bool decode_index_access(Bytes data, IndexAccess& out) {
  ByteReader r(data);
  return r.le32(out.group) && r.le32(out.offset) && r.le32(out.length);
}

bool UdpMessage::response() const {
  return (service & kUdpResponse) != 0;
}

const UdpMessage::Tag* UdpMessage::tag(std::uint16_t id) const {
  for (const Tag& t : tags)
    if (t.id == id) return &t;
  return nullptr;
}

AdsError decode_udp(Bytes bytes, UdpMessage& out) {
  ByteReader r(bytes);
  std::uint32_t cookie = 0, count = 0;
  if (!r.le32(cookie) || !r.le32(out.invoke_id) || !r.le32(out.service) || !net_id(r, out.net_id) ||
      !r.le16(out.port) || !r.le32(count))
    return AdsError::Truncated;
  if (cookie != kUdpCookie) return AdsError::NotAdsCommand;
  // Each tag takes at least its id and length.
  if (count > r.remaining() / 4) return AdsError::LengthMismatch;
  out.tags.clear();
  for (std::uint32_t i = 0; i < count; ++i) {
    UdpMessage::Tag t;
    std::uint16_t length = 0;
    if (!r.le16(t.id) || !r.le16(length) || !r.take(length, t.data)) return AdsError::Truncated;
    out.tags.push_back(t);
  }
  return AdsError::None;
}

bool plausible_udp(Bytes b) {
  return b.size() >= 24 && le32_at(b, 0) == kUdpCookie && udp_service(le32_at(b, 8)).has_value();
}

Cut<FrameError> TcpFraming::cut(Bytes bytes) {
  if (bytes[0] != 0 || (bytes.size() > 1 && bytes[1] != 0))
    return Cut<FrameError>::bad(FrameError::BadHeader);
  if (bytes.size() < kHeaderSize) return Cut<FrameError>::need_more();
  const std::uint32_t length = le32_at(bytes, 2);
  if (length < kAmsHeaderSize || length > kMaxAmsLength)
    return Cut<FrameError>::bad(FrameError::BadHeader);
  return Cut<FrameError>::message(kHeaderSize + length);
}

Hunt TcpFraming::hunt(Bytes bytes) {
  bool need_more = false;
  if (plausible_packet(bytes, need_more)) return Hunt::found();
  return need_more ? Hunt::need_more() : Hunt::skip_bytes(1);
}

}  // namespace otscope::ads
