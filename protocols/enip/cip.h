// CIP messages as EtherNet/IP carries them (ODVA CIP Networks Library Vol. 1): the message
// router request (service, EPATH, data) and response (service | 0x80, general and extended
// status, data), the EPATH segments, the Multiple Service Packet and Unconnected Send
// containers, and the Identity object's attributes. Pure functions over one message's bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/bytes.h"

namespace otscope::enip {

enum class CipError : std::uint8_t {
  None,
  Empty,               // no service byte
  Truncated,           // the path or status runs past the message
  BadSegment,          // an EPATH segment type this decoder does not know, or reserved
  BadServiceCount,     // a Multiple Service Packet announcing more services than it holds
  BadServiceOffset,    // a service offset outside the packet or out of order
  BadEmbeddedMessage,  // an Unconnected Send whose embedded message runs past it
  BadIdentity,         // Identity attributes too short for their types
};
/// "cip_empty", "path_truncated", ... (the anomaly kind after "cip.").
std::string_view cip_error_kind(CipError e);

/// What an EPATH addresses.
struct CipPath {
  std::optional<std::uint32_t> object_class;
  std::optional<std::uint32_t> instance;
  std::optional<std::uint32_t> attribute;
  std::optional<std::uint32_t> member;
  std::optional<std::uint32_t> connection_point;
  /// Logical segments after a second class segment (a path that goes on to an object inside
  /// the first): kept as text, the first object is what the service addresses.
  std::string more;
  /// ANSI extended symbolic segments (Logix tag names), joined with '.'; device text, escaped.
  std::string symbol;
  bool symbolic() const { return !symbol.empty(); }
  /// "Identity (0x01) instance 1 attribute 7", "tag Line1.Speed", "" for an empty path.
  std::string text() const;
};
CipError decode_path(Bytes path, CipPath& out);

/// One CIP message.
struct CipMessage {
  bool response = false;
  std::uint8_t service = 0;  // without the response bit
  // Requests.
  CipPath path;
  // Responses.
  std::uint8_t general_status = 0;
  std::uint8_t extended_words = 0;
  std::uint16_t extended_status = 0;  // the first extended status word, when there is one
  Bytes data;                         // request data, or response data
};
CipError decode_cip(Bytes bytes, CipMessage& out);

/// The services of a Multiple Service Packet request or response data (count, offsets, then the
/// services), each a CIP message.
CipError decode_multiple(Bytes data, std::vector<Bytes>& out);

/// The message an Unconnected Send request carries to the target named by its route path.
CipError decode_unconnected_send(Bytes data, Bytes& embedded);

/// The PCCC command an Execute PCCC request carries (after its requestor id): command, status,
/// transaction number, function code and the data after it.
struct PcccCommand {
  std::uint8_t command = 0;
  std::uint8_t function = 0;
  std::uint16_t transaction = 0;
  Bytes data;
};
CipError decode_pccc(Bytes data, PcccCommand& out);

/// What a Forward Open (or Large Forward Open) asks for: the connection's target path and the
/// requested packet intervals.
struct ForwardOpen {
  std::uint32_t ot_rpi_us = 0;
  std::uint32_t to_rpi_us = 0;
  std::uint8_t transport = 0;  // transport class and trigger
  CipPath path;
};
CipError decode_forward_open(Bytes data, bool large, ForwardOpen& out);

/// Identity object (class 0x01) attributes, as far as a reply gave them.
struct IdentityAttributes {
  std::optional<std::uint16_t> vendor_id;                         // 1
  std::optional<std::uint16_t> device_type;                       // 2
  std::optional<std::uint16_t> product_code;                      // 3
  std::optional<std::pair<std::uint8_t, std::uint8_t>> revision;  // 4
  std::optional<std::uint16_t> status;                            // 5
  std::optional<std::uint32_t> serial;                            // 6
  std::optional<std::string> product_name;                        // 7
  std::optional<std::uint8_t> state;                              // 8
  bool empty() const {
    return !vendor_id && !device_type && !product_code && !revision && !serial && !product_name &&
           !state;
  }
};
/// Get_Attributes_All reply of the Identity object (attributes 1-7, then optionally 8).
CipError decode_identity_all(Bytes data, IdentityAttributes& out);
/// Get_Attribute_List reply (count, then id, status, value per attribute) of the Identity
/// object; stops at the first attribute whose size it does not know.
CipError decode_identity_list(Bytes data, IdentityAttributes& out);
/// Get_Attribute_Single reply of Identity attribute `attribute`.
CipError decode_identity_single(std::uint32_t attribute, Bytes data, IdentityAttributes& out);

/// A Logix tag service on a symbolic path (Read Tag, Write Tag, their fragmented forms, Read
/// Modify Write): the tag, the first element and how many elements it touches.
struct TagAccess {
  std::string_view tag;  // the request's path.symbol
  std::uint32_t element = 0;
  std::uint32_t count = 1;
};
/// nullopt for anything but a tag service request on a symbolic path.
std::optional<TagAccess> tag_access(const CipMessage& request);
/// The values a Write Tag (0x4D) request sets, element by element, for the atomic data types
/// (BOOL, SINT, INT, DINT, LINT, USINT, UINT, UDINT, REAL, LREAL); at most `max`; empty for other
/// types and services.
struct TagValue {
  std::uint32_t element = 0;
  double value = 0;
};
std::vector<TagValue> tag_values(const CipMessage& request, std::size_t max);

/// One identity fact for the inventory.
struct IdentityFact {
  std::string field;
  std::string value;
};
/// vendor_id, vendor (the ODVA name), device_type, product_code, firmware (revision
/// major.minor), serial (hex), product, device_state: those the attributes give.
std::vector<IdentityFact> identity_facts(const IdentityAttributes& a);

}  // namespace otscope::enip
