#include "protocols/fins/decoder.h"

#include "protocols/fins/codes.h"

namespace otscope::fins {

namespace {
constexpr std::uint8_t kMagic[4] = {'F', 'I', 'N', 'S'};

std::uint32_t be32_at(Bytes b, std::size_t at) {
  return std::uint32_t{b[at]} << 24 | std::uint32_t{b[at + 1]} << 16 |
         std::uint32_t{b[at + 2]} << 8 | b[at + 3];
}
}  // namespace

std::string_view fins_error_kind(FinsError e) {
  switch (e) {
    case FinsError::None:
      return "none";
    case FinsError::Truncated:
      return "truncated";
    case FinsError::BadIcf:
      return "bad_icf";
    case FinsError::BadTcpHeader:
      return "bad_tcp_header";
    case FinsError::NoEndCode:
      return "no_end_code";
  }
  return "unknown";
}

FinsError decode_frame(Bytes bytes, FinsFrame& out) {
  ByteReader r(bytes);
  out = FinsFrame{};
  if (!r.u8(out.icf) || !r.u8(out.rsv) || !r.u8(out.gct) || !r.u8(out.dna) || !r.u8(out.da1) ||
      !r.u8(out.da2) || !r.u8(out.sna) || !r.u8(out.sa1) || !r.u8(out.sa2) || !r.u8(out.sid) ||
      !r.be16(out.command))
    return FinsError::Truncated;
  if ((out.icf & 0x3E) != 0 || out.rsv != 0) return FinsError::BadIcf;
  out.response = (out.icf & kIcfResponse) != 0;
  if (out.response && !r.be16(out.end_code)) return FinsError::NoEndCode;
  out.data = r.rest();
  return FinsError::None;
}

bool plausible_frame(Bytes b) {
  if (b.size() < kFrameHeaderSize + 2) return false;
  if ((b[0] & 0x3E) != 0 || b[1] != 0 || b[2] > 7) return false;
  return command(static_cast<std::uint16_t>(b[10] << 8 | b[11])).has_value();
}

bool end_code_ok(std::uint16_t end_code) {
  // MRES bit 7: relay error; SRES bits 7 and 6: fatal / non-fatal CPU error flags.
  return (end_code & 0x7F3F) == 0;
}

bool plausible_tcp(Bytes bytes, bool& need_more) {
  need_more = false;
  for (std::size_t i = 0; i < 4 && i < bytes.size(); ++i)
    if (bytes[i] != kMagic[i]) return false;
  if (bytes.size() < 16) {
    need_more = true;
    return false;
  }
  const std::uint32_t length = be32_at(bytes, 4);
  const std::uint32_t command = be32_at(bytes, 8);
  return length >= 8 && length <= kMaxTcpLength && !tcp_command_name(command).empty();
}

FinsError decode_tcp(Bytes bytes, TcpMessage& out) {
  ByteReader r(bytes);
  Bytes magic;
  if (!r.take(4, magic) || !r.be32(out.length) || !r.be32(out.command) || !r.be32(out.error))
    return FinsError::Truncated;
  if (magic[0] != 'F' || magic[1] != 'I' || magic[2] != 'N' || magic[3] != 'S' || out.length < 8 ||
      8u + out.length != bytes.size())
    return FinsError::BadTcpHeader;
  out.body = r.rest();
  return FinsError::None;
}

bool decode_memory_access(Bytes data, MemoryAccess& out) {
  ByteReader r(data);
  if (!r.u8(out.area) || !r.be16(out.word) || !r.u8(out.bit) || !r.be16(out.count)) return false;
  out.values = r.rest();
  return true;
}

bool decode_controller_data(Bytes data, ControllerData& out) {
  ByteReader r(data);
  Bytes model, version;
  if (!r.take(20, model)) return false;
  out.model = printable_string(model);
  if (r.take(20, version)) out.version = printable_string(version);
  return true;
}

Cut<FrameError> TcpFraming::cut(Bytes bytes) {
  for (std::size_t i = 0; i < 4 && i < bytes.size(); ++i)
    if (bytes[i] != kMagic[i]) return Cut<FrameError>::bad(FrameError::BadHeader);
  if (bytes.size() < kHeaderSize) return Cut<FrameError>::need_more();
  const std::uint32_t length = be32_at(bytes, 4);
  if (length < 8 || length > kMaxTcpLength) return Cut<FrameError>::bad(FrameError::BadHeader);
  return Cut<FrameError>::message(8 + length);
}

Hunt TcpFraming::hunt(Bytes bytes) {
  const Cut<FrameError> c = cut(bytes);
  if (c.kind == Cut<FrameError>::Kind::Message) return Hunt::found();
  if (c.kind == Cut<FrameError>::Kind::NeedMore) return Hunt::need_more();
  return Hunt::skip_bytes(1);
}

}  // namespace otscope::fins
