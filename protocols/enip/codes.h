// The one code table of EtherNet/IP and CIP: encapsulation commands, common packet format item
// types, CIP services (common and object-specific), object classes, general status codes, the
// ODVA vendor ids and device types. The decoder, the session and the summaries name things
// through it, never with bare numbers.
//
// Sources: ODVA, The CIP Networks Library Vol. 1 (CIP: services Appendix A, status codes
// Appendix B, object classes, Identity object 5A-2, device profiles ch. 6) and Vol. 2
// (EtherNet/IP adaptation: encapsulation 2-3, common packet format 2-6); the public ODVA vendor
// id list; the Rockwell Automation publications for the Logix tag services and the
// Nonvolatile Storage (firmware update) object 0xA1.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::enip {

inline constexpr std::uint16_t kTcpPort = 44818;
inline constexpr std::uint16_t kIoPort = 2222;

/// Encapsulation commands (Vol. 2, 2-3.2).
namespace cmd {
inline constexpr std::uint16_t kNop = 0x0000;
inline constexpr std::uint16_t kListServices = 0x0004;
inline constexpr std::uint16_t kListIdentity = 0x0063;
inline constexpr std::uint16_t kListInterfaces = 0x0064;
inline constexpr std::uint16_t kRegisterSession = 0x0065;
inline constexpr std::uint16_t kUnRegisterSession = 0x0066;
inline constexpr std::uint16_t kSendRRData = 0x006F;
inline constexpr std::uint16_t kSendUnitData = 0x0070;
inline constexpr std::uint16_t kIndicateStatus = 0x0072;
inline constexpr std::uint16_t kCancel = 0x0073;
}  // namespace cmd

/// Common packet format item types (Vol. 2, 2-6).
namespace item {
inline constexpr std::uint16_t kNullAddress = 0x0000;
inline constexpr std::uint16_t kListIdentity = 0x000C;
inline constexpr std::uint16_t kConnectedAddress = 0x00A1;
inline constexpr std::uint16_t kConnectedData = 0x00B1;
inline constexpr std::uint16_t kUnconnectedData = 0x00B2;
inline constexpr std::uint16_t kListServices = 0x0100;
inline constexpr std::uint16_t kSockaddrOT = 0x8000;
inline constexpr std::uint16_t kSockaddrTO = 0x8001;
inline constexpr std::uint16_t kSequencedAddress = 0x8002;
}  // namespace item

/// The `function` of a class-1 I/O datagram (UDP 2222), which has no encapsulation command: the
/// item type of its sequenced address item.
inline constexpr std::uint32_t kIoFunction = item::kSequencedAddress;

/// CIP common services (Vol. 1, Appendix A) and the object-specific ones named here.
namespace svc {
inline constexpr std::uint8_t kGetAttributesAll = 0x01;
inline constexpr std::uint8_t kSetAttributesAll = 0x02;
inline constexpr std::uint8_t kGetAttributeList = 0x03;
inline constexpr std::uint8_t kSetAttributeList = 0x04;
inline constexpr std::uint8_t kReset = 0x05;
inline constexpr std::uint8_t kStart = 0x06;
inline constexpr std::uint8_t kStop = 0x07;
inline constexpr std::uint8_t kCreate = 0x08;
inline constexpr std::uint8_t kDelete = 0x09;
inline constexpr std::uint8_t kMultipleServicePacket = 0x0A;
inline constexpr std::uint8_t kApplyAttributes = 0x0D;
inline constexpr std::uint8_t kGetAttributeSingle = 0x0E;
inline constexpr std::uint8_t kSetAttributeSingle = 0x10;
inline constexpr std::uint8_t kRestore = 0x15;
inline constexpr std::uint8_t kSave = 0x16;
inline constexpr std::uint8_t kSetMember = 0x19;
// Connection Manager (class 0x06).
inline constexpr std::uint8_t kForwardClose = 0x4E;
inline constexpr std::uint8_t kUnconnectedSend = 0x52;
inline constexpr std::uint8_t kForwardOpen = 0x54;
inline constexpr std::uint8_t kLargeForwardOpen = 0x5B;
// File object (class 0x37).
inline constexpr std::uint8_t kInitiateUpload = 0x4B;
inline constexpr std::uint8_t kInitiateDownload = 0x4C;
// Logix controller object (class 0x8E): the lock/unlock service seen in
// ICS-Security-Tools' cip_unlock_cpu.pcap.
inline constexpr std::uint8_t kControllerLock = 0x4C;
// PCCC object (class 0x67): a PCCC (DF1) command for SLC 500, MicroLogix and PLC-5 controllers.
inline constexpr std::uint8_t kExecutePccc = 0x4B;
}  // namespace svc
inline constexpr std::uint8_t kResponseBit = 0x80;

/// CIP object classes named here.
namespace cls {
inline constexpr std::uint32_t kIdentity = 0x01;
inline constexpr std::uint32_t kMessageRouter = 0x02;
inline constexpr std::uint32_t kAssembly = 0x04;
inline constexpr std::uint32_t kConnectionManager = 0x06;
inline constexpr std::uint32_t kFile = 0x37;
inline constexpr std::uint32_t kSymbol = 0x6B;
inline constexpr std::uint32_t kTemplate = 0x6C;
inline constexpr std::uint32_t kPccc = 0x67;
inline constexpr std::uint32_t kController = 0x8E;
inline constexpr std::uint32_t kNonvolatileStorage = 0xA1;
inline constexpr std::uint32_t kTcpIpInterface = 0xF5;
inline constexpr std::uint32_t kEthernetLink = 0xF6;
}  // namespace cls

/// A code's name and what kind of operation it is.
struct CodeInfo {
  std::string_view name;
  OpClass op = OpClass::Other;
};

/// PCCC command 0x0F functions that change the processor's mode (Rockwell's DF1 Protocol and
/// Command Set Reference Manual, 1770-6.5.16: 0x3A set CPU mode; 0x80 change mode, as SLC 5/03+
/// and MicroLogix processors take it; Wireshark's PCCC dissector names the same codes), and the
/// mode's name ("" when unknown): "PROGRAM", "RUN", "TEST ...".
inline constexpr std::uint8_t kPcccCommand0F = 0x0F;
inline constexpr std::uint8_t kPcccSetCpuMode = 0x3A;
inline constexpr std::uint8_t kPcccChangeMode = 0x80;
std::string_view pccc_mode_name(std::uint8_t function, std::uint8_t mode);

/// An encapsulation command, nullopt when the specification defines none with this code.
std::optional<CodeInfo> encapsulation_command(std::uint16_t code);
/// A common packet format item type's name ("" when unknown).
std::string_view item_name(std::uint16_t type);

/// A CIP service addressed to `object_class` (0 when the path names no class) through a symbolic
/// path or not: common services by their code, object-specific ones (0x4B..0x7F) by the class.
/// nullopt when neither the specification nor the tables here name it.
std::optional<CodeInfo> cip_service(std::uint8_t service, std::uint32_t object_class,
                                    bool symbolic);
/// An object class's name ("" when unknown).
std::string_view class_name(std::uint32_t object_class);
/// A CIP general status's name ("" when unknown).
std::string_view general_status_name(std::uint8_t status);
/// What a general status says, for detection: unsupported service, bad address, other.
ExceptionKind general_status_kind(std::uint8_t status);

/// The ODVA vendor's name for a vendor id ("" when not in the table).
std::string_view vendor_name(std::uint16_t vendor_id);
/// The CIP device profile's name for a device type ("" when unknown).
std::string_view device_type_name(std::uint16_t device_type);
/// The Identity object's state attribute (8) named ("" when unknown).
std::string_view identity_state_name(std::uint8_t state);

}  // namespace otscope::enip
