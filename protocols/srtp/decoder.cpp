#include "protocols/srtp/decoder.h"

namespace otscope::srtp {
namespace {

using O = OpClass;

constexpr ServiceName kServices[] = {
    {0x00, "PLC Short Status", O::Read},
    {0x03, "Return Control Program Names", O::Identification},
    {0x04, "Read System Memory", O::Read},
    {0x05, "Read Task Memory", O::Read},
    {0x06, "Read Program Block Memory", O::Read},
    {0x07, "Write System Memory", O::Write},
    {0x08, "Write Task Memory", O::Write},
    {0x09, "Write Program Block Memory", O::Write},
    {0x20, "Programmer Logon", O::Authentication},
    {0x21, "Change PLC CPU Privilege Level", O::Authentication},
    {0x22, "Set PLC CPU ID", O::Configuration},
    {0x23, "Set PLC State", O::ModeChange},
    {0x24, "Set PLC Time/Date", O::Time},
    {0x25, "Return PLC Time/Date", O::Time},
    {0x38, "Return Fault Table", O::Diagnostic},
    {0x39, "Clear Fault Table", O::Diagnostic},
    {0x3F, "Program Store", O::Program},
    {0x40, "Program Load", O::Program},
    {0x43, "Return Controller Type and ID", O::Identification},
    {0x44, "Toggle Force System Memory", O::Control},
};

}  // namespace

std::string_view error_name(Error e) {
  switch (e) {
    case Error::None:
      return "none";
    case Error::Truncated:
      return "truncated";
    case Error::BadHeader:
      return "bad_header";
  }
  return "unknown";
}

Error decode_header(Bytes bytes, Header& out) {
  out = Header{};
  if (bytes.empty()) return Error::Truncated;
  out.type = bytes[0];
  if (out.type > kResponse) return Error::BadHeader;
  if (bytes.size() < kHeaderSize) return Error::Truncated;
  out.sequence = bytes[2];
  out.text_length = static_cast<std::uint16_t>(bytes[4] | bytes[5] << 8);
  out.message_type = bytes[31];
  out.service = bytes[42];
  if (bytes.size() < kHeaderSize + out.text_length) return Error::Truncated;
  return Error::None;
}

const ServiceName* find_service(std::uint8_t code) {
  for (const ServiceName& s : kServices)
    if (s.code == code) return &s;
  return nullptr;
}

}  // namespace otscope::srtp
