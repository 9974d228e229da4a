// BACnet/IP code tables: BVLC functions (ASHRAE 135 Annex J), network-layer message types
// (clause 6.2.4), APDU types and service choices (clause 21), property identifiers used for
// identity, reinitialize-device states, and the ASHRAE vendor identifier registry's first entries.
#pragma once

#include <cstdint>
#include <string_view>

#include "protocols/common/events.h"

namespace otscope::bacnet {

inline constexpr std::uint16_t kPort = 47808;
inline constexpr std::uint8_t kBvlcType = 0x81;
inline constexpr std::uint8_t kNpduVersion = 0x01;

// MessageEvent::function keeps the four kinds of BACnet message apart:
//   confirmed service choice             0x000 | choice   (readProperty = 12)
//   unconfirmed service choice           0x100 | choice   (who-Is = 0x108, i-Am = 0x100)
//   BVLC function without an NPDU        0x200 | function (Register-Foreign-Device = 0x205)
//   network-layer message                0x300 | type     (Who-Is-Router-To-Network = 0x300)
//   APDU with no service (segment ACK, unmatched reject/abort) 0x400 | PDU type
inline constexpr std::uint32_t kUnconfirmedBase = 0x100;
inline constexpr std::uint32_t kBvlcBase = 0x200;
inline constexpr std::uint32_t kNetworkBase = 0x300;
inline constexpr std::uint32_t kPduBase = 0x400;

enum BvlcFunction : std::uint8_t {
  kBvlcResult = 0x00,
  kWriteBdt = 0x01,
  kReadBdt = 0x02,
  kReadBdtAck = 0x03,
  kForwardedNpdu = 0x04,
  kRegisterForeignDevice = 0x05,
  kReadFdt = 0x06,
  kReadFdtAck = 0x07,
  kDeleteFdtEntry = 0x08,
  kDistributeBroadcast = 0x09,
  kOriginalUnicast = 0x0A,
  kOriginalBroadcast = 0x0B,
  kSecureBvll = 0x0C,
};

enum PduType : std::uint8_t {
  kConfirmedRequest = 0,
  kUnconfirmedRequest = 1,
  kSimpleAck = 2,
  kComplexAck = 3,
  kSegmentAck = 4,
  kError = 5,
  kReject = 6,
  kAbort = 7,
};

enum ConfirmedService : std::uint8_t {
  kAtomicReadFile = 6,
  kAtomicWriteFile = 7,
  kCreateObject = 10,
  kDeleteObject = 11,
  kReadProperty = 12,
  kReadPropertyMultiple = 14,
  kWriteProperty = 15,
  kWritePropertyMultiple = 16,
  kDeviceCommunicationControl = 17,
  kReinitializeDevice = 20,
};

enum UnconfirmedService : std::uint8_t {
  kIAm = 0,
  kIHave = 1,
  kWhoHas = 7,
  kWhoIs = 8,
};

enum PropertyId : std::uint32_t {
  kPropApplicationSoftwareVersion = 12,
  kPropDescription = 28,
  kPropFirmwareRevision = 44,
  kPropLocation = 58,
  kPropModelName = 70,
  kPropObjectIdentifier = 75,
  kPropObjectName = 77,
  kPropPresentValue = 85,
  kPropVendorIdentifier = 120,
  kPropVendorName = 121,
};

inline constexpr std::uint16_t kObjectDevice = 8;

/// One entry of a code table.
struct CodeName {
  std::uint32_t code;
  std::string_view name;
  OpClass op;
  MessageRole role;  // the role a message with this code plays (requests, acknowledgements)
};

/// The entry for a MessageEvent::function value (see above); nullptr when the code is unknown.
const CodeName* find_function(std::uint32_t function);
/// The name of a BACnet object type ("analog-output"), "object-type-N" past the table.
std::string_view object_type_name(std::uint16_t type);
/// A property identifier's name, empty when not in the table.
std::string_view property_name(std::uint32_t property);
/// The ASHRAE-registered name of a vendor identifier, empty when not in the table.
std::string_view vendor_name(std::uint32_t vendor_id);
/// Reinitialize-device state names (coldstart, warmstart, ...), empty past the table.
std::string_view reinitialize_state_name(std::uint32_t state);
/// Device-communication-control enable-disable names (enable, disable, disable-initiation).
std::string_view communication_state_name(std::uint32_t state);
/// Segmentation-supported names (segmented-both, ...).
std::string_view segmentation_name(std::uint32_t value);

}  // namespace otscope::bacnet
