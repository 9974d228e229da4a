// Pure BACnet/IP decoders: BVLC (Annex J), NPDU (clause 6), APDU headers (clause 20) and the
// service bodies the monitor reads (I-Am, ReadProperty(-Multiple) acknowledgements,
// WriteProperty(-Multiple), ReinitializeDevice, DeviceCommunicationControl, Error). Bytes in,
// a struct or a specific error out; no events, no state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace otscope::bacnet {

enum class Error : std::uint8_t {
  None,
  Truncated,          // fewer bytes than a header or a length needs
  BadBvlcType,        // first byte not 0x81
  BadBvlcLength,      // BVLC length differs from the datagram's size
  BadNpduVersion,     // NPDU version not 1
  BadNpdu,            // DNET/SNET address lengths that do not fit
  BadApduType,        // PDU type 8..15
  BadTag,             // a tag or its length runs past the data
  UnexpectedContent,  // a service body whose tags are not the ones the standard lists
};
std::string_view error_name(Error e);

struct Bvlc {
  std::uint8_t function = 0;
  std::uint16_t length = 0;
  /// The NPDU, for functions that carry one (Original-Unicast/Broadcast, Forwarded, Distribute).
  std::optional<Bytes> npdu;
};
Error decode_bvlc(Bytes datagram, Bvlc& out);

struct Npdu {
  std::uint8_t control = 0;
  bool network_message = false;
  std::optional<std::uint16_t> dnet;
  std::optional<std::uint16_t> snet;
  std::uint8_t hop_count = 0;
  std::uint8_t message_type = 0;  // network-layer messages only
  /// The APDU, or the network-layer message's content.
  Bytes payload;
};
Error decode_npdu(Bytes npdu, Npdu& out);

struct Apdu {
  std::uint8_t type = 0;  // PduType
  bool segmented = false;
  bool more_follows = false;
  std::uint8_t invoke_id = 0;
  std::uint8_t sequence = 0;
  /// Service choice: not on SegmentACK, Reject and Abort.
  std::optional<std::uint8_t> service;
  /// Reject and Abort reason.
  std::uint8_t reason = 0;
  /// The service request or acknowledgement (of the first segment when segmented).
  Bytes body;
};
Error decode_apdu(Bytes apdu, Apdu& out);

/// One BACnet tag (clause 20.2.1).
struct Tag {
  std::uint32_t number = 0;
  bool context = false;
  bool opening = false;
  bool closing = false;
  /// Application boolean: the value is in the tag's length field.
  bool boolean_value = false;
  Bytes value;
};
Error read_tag(ByteReader& r, Tag& out);

/// Application tag numbers (clause 20.2.1.4).
enum AppTag : std::uint8_t {
  kTagNull = 0,
  kTagBoolean = 1,
  kTagUnsigned = 2,
  kTagSigned = 3,
  kTagReal = 4,
  kTagDouble = 5,
  kTagOctetString = 6,
  kTagCharacterString = 7,
  kTagBitString = 8,
  kTagEnumerated = 9,
  kTagDate = 10,
  kTagTime = 11,
  kTagObjectId = 12,
};

struct ObjectId {
  std::uint16_t type = 0;
  std::uint32_t instance = 0;
};

/// The first application-tagged value of a property value ([3] or [4] ... closing).
struct Value {
  bool present = false;
  std::uint8_t tag = 0;  // AppTag
  bool boolean_value = false;
  Bytes bytes;
  /// The value as a number (null, boolean, unsigned, signed, real, double, enumerated).
  std::optional<double> number() const;
  /// A character string as UTF-8 (UTF-8, UCS-2, ISO 8859-1 sources), nullopt for other tags.
  std::optional<std::string> text() const;
  /// An object identifier value.
  std::optional<ObjectId> object() const;
};

struct PropertyValue {
  ObjectId object;
  std::uint32_t property = 0;
  std::optional<std::uint32_t> array_index;
  Value value;
  std::optional<std::uint8_t> priority;  // WriteProperty(-Multiple) only
};

struct IAm {
  ObjectId device;
  std::uint32_t max_apdu = 0;
  std::uint32_t segmentation = 0;
  std::uint32_t vendor_id = 0;
};
Error decode_i_am(Bytes body, IAm& out);

/// ReadProperty request (object, property, index; no value).
Error decode_read_property(Bytes body, PropertyValue& out);
/// ReadProperty-ACK.
Error decode_read_property_ack(Bytes body, PropertyValue& out);
/// ReadPropertyMultiple-ACK: every property result that holds a value (errors are skipped).
Error decode_read_property_multiple_ack(Bytes body, std::vector<PropertyValue>& out);
/// ReadPropertyMultiple request: the objects and properties asked for.
Error decode_read_property_multiple(Bytes body, std::vector<PropertyValue>& out);
/// WriteProperty request.
Error decode_write_property(Bytes body, PropertyValue& out);
/// WritePropertyMultiple request.
Error decode_write_property_multiple(Bytes body, std::vector<PropertyValue>& out);

/// ReinitializeDevice request: the reinitialized state of device.
Error decode_reinitialize_device(Bytes body, std::uint32_t& state);
/// DeviceCommunicationControl request: enable-disable and the duration in minutes (0: none).
Error decode_communication_control(Bytes body, std::uint32_t& state, std::uint32_t& minutes);
/// Error PDU body: error class and code.
Error decode_error(Bytes body, std::uint32_t& error_class, std::uint32_t& error_code);
/// The application-tagged object identifier a DeleteObject or AtomicWriteFile request starts with.
Error decode_object_argument(Bytes body, ObjectId& out);

/// An unsigned integer of 1..4 bytes.
bool unsigned_value(Bytes b, std::uint32_t& out);

}  // namespace otscope::bacnet
