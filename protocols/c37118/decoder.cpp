#include "protocols/c37118/decoder.h"

namespace otscope::c37118 {

std::string_view error_name(Error e) {
  switch (e) {
    case Error::None:
      return "none";
    case Error::Truncated:
      return "truncated";
    case Error::BadSync:
      return "bad_sync";
    case Error::BadChecksum:
      return "bad_checksum";
  }
  return "unknown";
}

std::uint16_t crc_ccitt(Bytes data) {
  std::uint16_t crc = 0xFFFF;
  for (std::uint8_t byte : data) {
    crc ^= static_cast<std::uint16_t>(byte << 8);
    for (int i = 0; i < 8; ++i)
      crc = (crc & 0x8000) ? static_cast<std::uint16_t>(crc << 1 ^ 0x1021)
                           : static_cast<std::uint16_t>(crc << 1);
  }
  return crc;
}

bool is_sync(std::uint8_t b0, std::uint8_t b1) {
  const std::uint8_t type = b1 >> 4 & 0x07, version = b1 & 0x0F;
  return b0 == kSync && (b1 & 0x80) == 0 && type <= kConfig3 && version >= 1 && version <= 3;
}

std::string_view frame_type_name(std::uint8_t type) {
  switch (type) {
    case kData:
      return "Data frame";
    case kHeader:
      return "Header frame";
    case kConfig1:
      return "Configuration frame 1";
    case kConfig2:
      return "Configuration frame 2";
    case kCommand:
      return "Command frame";
    case kConfig3:
      return "Configuration frame 3";
    default:
      return {};
  }
}

std::string_view command_name(std::uint16_t command) {
  switch (command) {
    case kDataOff:
      return "Turn off transmission of data frames";
    case kDataOn:
      return "Turn on transmission of data frames";
    case kSendHeader:
      return "Send header frame";
    case kSendConfig1:
      return "Send configuration frame 1";
    case kSendConfig2:
      return "Send configuration frame 2";
    case kSendConfig3:
      return "Send configuration frame 3";
    case kExtended:
      return "Extended frame";
    default:
      return {};
  }
}

Error decode_frame(Bytes bytes, Frame& out) {
  out = Frame{};
  if (bytes.size() < 2 || !is_sync(bytes[0], bytes[1])) return Error::BadSync;
  ByteReader r(bytes);
  std::uint8_t b0 = 0, b1 = 0;
  r.u8(b0);
  r.u8(b1);
  out.type = b1 >> 4 & 0x07;
  out.version = b1 & 0x0F;
  if (!r.be16(out.size) || !r.be16(out.idcode) || !r.be32(out.soc) || !r.be32(out.fracsec))
    return Error::Truncated;
  if (out.size < kMinFrame || out.size > bytes.size()) return Error::Truncated;
  const Bytes frame = bytes.first(out.size);
  const std::uint16_t chk =
      static_cast<std::uint16_t>(frame[out.size - 2] << 8 | frame[out.size - 1]);
  if (crc_ccitt(frame.first(out.size - 2u)) != chk) return Error::BadChecksum;
  if (out.type == kCommand) {
    if (out.size < kMinFrame + 2) return Error::Truncated;
    out.command = static_cast<std::uint16_t>(frame[kHeaderSize] << 8 | frame[kHeaderSize + 1]);
  } else if (out.type == kConfig1 || out.type == kConfig2) {
    // TIME_BASE (4), NUM_PMU (2), then the first PMU's STN (16 characters).
    constexpr std::size_t kStation = kHeaderSize + 6;
    if (out.size >= kStation + 16 + 2) {
      std::string name;
      for (std::size_t i = 0; i < 16; ++i) {
        const std::uint8_t c = frame[kStation + i];
        name += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : ' ';
      }
      while (!name.empty() && name.back() == ' ') name.pop_back();
      out.station_name = name;
    }
  }
  return Error::None;
}

}  // namespace otscope::c37118
