#include "protocols/codesys/decoder.h"

namespace otscope::codesys {
namespace {

constexpr std::size_t kDatagramHeader = 6;
constexpr std::size_t kApplicationBlockHeader = 20;

std::uint16_t le16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8);
}

bool known_channel_type(std::uint8_t t) {
  return !channel_type_name(t).empty();
}

}  // namespace

std::string_view error_name(Error e) {
  switch (e) {
    case Error::None:
      return "none";
    case Error::Truncated:
      return "truncated";
    case Error::BadMagic:
      return "bad_magic";
  }
  return "unknown";
}

std::string_view group_name(std::uint8_t group) {
  switch (group) {
    case kGroupDevice:
      return "CmpDevice";
    case kGroupApplication:
      return "CmpApp";
    case 0x04:
      return "CmpVisuServer";
    case 0x05:
      return "CmpLog";
    case 0x06:
      return "CmpSettings";
    case 0x07:
      return "SysEthernet";
    case kGroupFileTransfer:
      return "CmpFileTransfer";
    case 0x09:
      return "CmpIecVarAccess";
    case 0x0B:
      return "CmpIoMgr";
    case kGroupUserManagement:
      return "CmpUserMgr";
    case 0x0F:
      return "CmpTraceMgr";
    case kGroupPlcShell:
      return "PlcShell";
    case 0x12:
      return "CmpAppBP";
    case kGroupForce:
      return "CmpAppForce";
    case 0x18:
      return "CmpAlarmManager";
    case 0x1B:
      return "CmpMonitor";
    case 0x1D:
      return "CmpCodeMeter";
    case 0x1F:
      return "CmpCoreDump";
    case 0x22:
      return "CmpOpenSSL";
    default:
      return {};
  }
}

std::string_view channel_type_name(std::uint8_t type) {
  switch (type) {
    case kApplicationBlock:
      return "ApplicationBlock";
    case kApplicationAck:
      return "ApplicationAck";
    case kKeepAlive:
      return "KeepAlive";
    case kOpenChannelResponse:
      return "OpenChannelResponse";
    case kGetInfo:
      return "GetInfo";
    case kOpenChannelRequest:
      return "OpenChannelRequest";
    case kCloseChannel:
      return "CloseChannel";
    default:
      return {};
  }
}

std::string_view service_name(std::uint8_t service) {
  switch (service) {
    case kAddressNotificationRequest:
      return "AddressNotificationRequest";
    case kAddressNotificationResponse:
      return "AddressNotificationResponse";
    case kNameServiceServer:
      return "NameServiceServer";
    case kNameServiceClient:
      return "NameServiceClient";
    case kChannelManager:
      return "ChannelManager";
    default:
      return {};
  }
}

Error decode_datagram(Bytes pdu, Datagram& out) {
  out = Datagram{};
  if (pdu.empty()) return Error::Truncated;
  if (pdu[0] != kDatagramMagic) return Error::BadMagic;
  if (pdu.size() < kDatagramHeader) return Error::Truncated;
  if ((pdu[1] & 0x07) != 3) return Error::BadMagic;  // header length: 3 16-bit words
  out.service = pdu[3];
  out.message_id = pdu[4];
  const std::size_t addresses = 2u * ((pdu[5] & 0x0F) + (pdu[5] >> 4));
  std::size_t at = kDatagramHeader + addresses;
  if (pdu.size() < at) return Error::Truncated;
  if (out.service != kChannelManager) return Error::None;
  // The channel layer follows the addresses, on a 4-byte boundary in some stacks.
  if (at < pdu.size() && !known_channel_type(pdu[at]) && (at % 4) != 0) {
    const std::size_t aligned = (at + 3) / 4 * 4;
    if (aligned < pdu.size() && known_channel_type(pdu[aligned])) at = aligned;
  }
  if (at >= pdu.size() || !known_channel_type(pdu[at])) return Error::None;
  out.channel_type = pdu[at];
  if (pdu[at] != kApplicationBlock || pdu.size() < at + 2 || (pdu[at + 1] & 0x7F) != 1)
    return Error::None;  // not the first block of an application message
  const std::size_t service = at + kApplicationBlockHeader;
  if (pdu.size() < service + 8) return Error::None;
  const std::uint16_t protocol = le16(pdu, service);
  if (protocol == kSecureProtocolId) {
    out.secure = true;
    return Error::None;
  }
  if (protocol != kServiceProtocolId) return Error::None;
  const std::uint16_t group = le16(pdu, service + 4);
  out.group = static_cast<std::uint8_t>(group & 0x7F);
  out.response = (group & 0x80) != 0;
  out.subservice = le16(pdu, service + 6);
  return Error::None;
}

}  // namespace otscope::codesys
