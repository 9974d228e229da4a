#include "protocols/melsec/decoder.h"

#include "protocols/melsec/codes.h"

namespace otscope::melsec {

namespace {

/// 3E (9-byte header) or 4E (13), request or response, by the subheader; 0 when none.
std::size_t header_size(Bytes b, bool& response) {
  if (b.size() > 1 && b[1] != 0x00) return 0;
  switch (b[0]) {
    case 0x50:
      response = false;
      return 9;
    case 0xD0:
      response = true;
      return 9;
    case 0x54:
      response = false;
      return 13;
    case 0xD4:
      response = true;
      return 13;
    default:
      return 0;
  }
}

std::uint16_t le16_at(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8);
}

}  // namespace

std::string_view mc_error_kind(McError e) {
  switch (e) {
    case McError::None:
      return "none";
    case McError::Truncated:
      return "truncated";
    case McError::BadSubheader:
      return "bad_subheader";
    case McError::LengthMismatch:
      return "length_mismatch";
  }
  return "unknown";
}

McError decode_message(Bytes bytes, McMessage& out) {
  out = McMessage{};
  if (bytes.empty()) return McError::Truncated;
  const std::size_t header = header_size(bytes, out.response);
  if (header == 0) return McError::BadSubheader;
  out.e4 = header == 13;
  ByteReader r(bytes);
  r.skip(2);
  if (out.e4) {
    std::uint16_t fixed = 0;
    if (!r.le16(out.serial) || !r.le16(fixed)) return McError::Truncated;
    if (fixed != 0) return McError::BadSubheader;
  }
  if (!r.u8(out.network) || !r.u8(out.pc) || !r.le16(out.module_io) || !r.u8(out.station) ||
      !r.le16(out.length))
    return McError::Truncated;
  if (r.remaining() != out.length) return McError::LengthMismatch;
  if (out.response) {
    if (!r.le16(out.end_code)) return McError::Truncated;
  } else if (!r.le16(out.timer) || !r.le16(out.command) || !r.le16(out.subcommand)) {
    return McError::Truncated;
  }
  out.data = r.rest();
  return McError::None;
}

bool plausible_request(Bytes b, bool exact, bool& need_more) {
  need_more = false;
  if (b.empty()) {
    need_more = true;
    return false;
  }
  bool response = false;
  const std::size_t header = header_size(b, response);
  if (header == 0 || response) return false;
  if (b.size() < header + 6) {
    need_more = true;
    return false;
  }
  if (header == 13 && le16_at(b, 4) != 0) return false;
  const std::uint16_t length = le16_at(b, header - 2);
  if (length < 6 || length > kMaxLength) return false;
  if (exact && b.size() != header + length) return false;
  return command(le16_at(b, header + 2)).has_value();
}

bool decode_device_access(std::uint16_t subcommand, Bytes data, DeviceAccess& out) {
  ByteReader r(data);
  if (subcommand == 0x0002 || subcommand == 0x0003) {
    if (!r.le32(out.head) || !r.le16(out.device) || !r.le16(out.points)) return false;
  } else {
    std::uint8_t device = 0;
    if (!r.le24(out.head) || !r.u8(device) || !r.le16(out.points)) return false;
    out.device = device;
  }
  out.values = r.rest();
  return true;
}

bool decode_cpu_model(Bytes data, CpuModel& out) {
  ByteReader r(data);
  Bytes model;
  if (!r.take(16, model)) return false;
  out.model = printable_string(model);
  r.le16(out.code);
  return true;
}

Cut<FrameError> TcpFraming::cut(Bytes bytes) {
  bool response = false;
  const std::size_t header = header_size(bytes, response);
  if (header == 0) return Cut<FrameError>::bad(FrameError::BadHeader);
  if (bytes.size() < header) return Cut<FrameError>::need_more();
  const std::size_t length = le16_at(bytes, header - 2);
  if (length < 2 || length > kMaxLength) return Cut<FrameError>::bad(FrameError::BadHeader);
  return Cut<FrameError>::message(header + length);
}

Hunt TcpFraming::hunt(Bytes bytes) {
  const Cut<FrameError> c = cut(bytes);
  if (c.kind == Cut<FrameError>::Kind::Message) return Hunt::found();
  if (c.kind == Cut<FrameError>::Kind::NeedMore) return Hunt::need_more();
  return Hunt::skip_bytes(1);
}

}  // namespace otscope::melsec
