#include "protocols/hartip/decoder.h"

namespace otscope::hartip {
namespace {

using O = OpClass;

// HCF_SPEC-127 universal commands and HCF_SPEC-151 common-practice commands.
constexpr CommandName kCommands[] = {
    {0, "Read Unique Identifier", O::Identification},
    {1, "Read Primary Variable", O::Read},
    {2, "Read Loop Current And Percent Of Range", O::Read},
    {3, "Read Dynamic Variables And Loop Current", O::Read},
    {6, "Write Polling Address", O::Configuration},
    {7, "Read Loop Configuration", O::Read},
    {8, "Read Dynamic Variable Classifications", O::Read},
    {9, "Read Device Variables With Status", O::Read},
    {11, "Read Unique Identifier Associated With Tag", O::Identification},
    {12, "Read Message", O::Identification},
    {13, "Read Tag, Descriptor, Date", O::Identification},
    {14, "Read Primary Variable Transducer Information", O::Identification},
    {15, "Read Device Information", O::Identification},
    {16, "Read Final Assembly Number", O::Identification},
    {17, "Write Message", O::Configuration},
    {18, "Write Tag, Descriptor, Date", O::Configuration},
    {19, "Write Final Assembly Number", O::Configuration},
    {20, "Read Long Tag", O::Identification},
    {21, "Read Unique Identifier Associated With Long Tag", O::Identification},
    {22, "Write Long Tag", O::Configuration},
    {31, "Extended Command", O::Other},
    {34, "Write Primary Variable Damping Value", O::Configuration},
    {35, "Write Primary Variable Range Values", O::Configuration},
    {36, "Set Primary Variable Upper Range Value", O::Configuration},
    {37, "Set Primary Variable Lower Range Value", O::Configuration},
    {38, "Reset Configuration Changed Flag", O::Configuration},
    {40, "Enter/Exit Fixed Current Mode", O::Control},
    {42, "Perform Device Reset", O::Restart},
    {44, "Write Primary Variable Units", O::Configuration},
    {45, "Trim Loop Current Zero", O::Control},
    {46, "Trim Loop Current Gain", O::Control},
    {48, "Read Additional Device Status", O::Diagnostic},
    {79, "Write Device Variable", O::Control},
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
    case Error::BadPdu:
      return "bad_pdu";
    case Error::BadChecksum:
      return "bad_checksum";
  }
  return "unknown";
}

const CommandName* find_command(std::uint8_t command) {
  for (const CommandName& c : kCommands)
    if (c.command == command) return &c;
  return nullptr;
}

std::string_view message_id_name(std::uint8_t id) {
  switch (id) {
    case kSessionInitiate:
      return "Session Initiate";
    case kSessionClose:
      return "Session Close";
    case kKeepAlive:
      return "Keep Alive";
    case kPassThrough:
      return "Token-Passing PDU";
    case kDirectPdu:
      return "Direct PDU";
    case kReadAuditLog:
      return "Read Audit Log";
    default:
      return {};
  }
}

Error decode_header(Bytes bytes, Header& out) {
  out = Header{};
  ByteReader r(bytes);
  if (!r.u8(out.version) || !r.u8(out.type) || !r.u8(out.id) || !r.u8(out.status) ||
      !r.be16(out.sequence) || !r.be16(out.length))
    return Error::Truncated;
  if (out.version < 1 || out.version > 2) return Error::BadHeader;
  if (out.type > kError && out.type != kNak) return Error::BadHeader;
  if (out.id > kReadAuditLog) return Error::BadHeader;
  if (out.length < kHeaderSize) return Error::BadHeader;
  return Error::None;
}

Error decode_pdu(Bytes body, HartPdu& out) {
  out = HartPdu{};
  ByteReader r(body);
  if (!r.u8(out.delimiter)) return Error::Truncated;
  const std::uint8_t frame = out.delimiter & 0x07;
  const std::size_t expansion = out.delimiter >> 5 & 0x03;
  if ((frame != 1 && frame != 2 && frame != 6) || (out.delimiter & 0x18) != 0) return Error::BadPdu;
  out.long_address = (out.delimiter & 0x80) != 0;
  std::uint8_t count = 0;
  if (!r.take(out.long_address ? 5 : 1, out.address) || !r.skip(expansion) || !r.u8(out.command) ||
      !r.u8(count))
    return Error::Truncated;
  Bytes data;
  if (!r.take(count, data)) return Error::Truncated;
  std::uint8_t check = 0;
  if (!r.u8(check)) return Error::Truncated;
  std::uint8_t x = 0;
  for (std::size_t i = 0; i + 1 < r.offset(); ++i) x ^= body[i];
  if (x != check) return Error::BadChecksum;
  if (frame != 2) {  // ACK and BACK carry the response code and device status first
    if (data.size() < 2) return Error::Truncated;
    out.response_code = data[0];
    data = data.subspan(2);
  }
  out.data = data;
  return Error::None;
}

}  // namespace otscope::hartip
