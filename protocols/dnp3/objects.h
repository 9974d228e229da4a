// DNP3 object library: the size and layout of every object group/variation (IEEE 1815 annex A)
// and the decoders for one object's data. Used by the application-layer parser.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "common/bytes.h"

namespace otscope::dnp3 {

/// How an object's data is laid out on the wire.
enum class ObjectKind : std::uint8_t {
  Fixed,          // fixed-size fields (flags, value, time, status): PointValue
  PackedBits,     // 1 or 2 bits per point, packed into bytes (g1v1, g3v1, g10v1, g12v3, g80v1)
  ControlRelay,   // g12v1 CROB / g12v2 pattern control block: ControlBlock
  Attribute,      // g0: data type, length, value: DeviceAttribute
  AllAttributes,  // g0v254: request for every attribute, never carries data
  NoData,         // g60 class data: header only
  SizePrefixed,   // free-format objects sized by an object size prefix (g70, most of g120, g85..)
  OctetString,    // g110..g113: the variation is the length in bytes
  FixedAuth,      // g120v3 / g120v4: fixed-size authentication objects: AuthObject
  Opaque,         // fixed size, kept as a size only (BCD, device storage)
};

/// One field of a Fixed object, in wire order (little-endian numbers).
enum class Field : std::uint8_t {
  Flags,   // 1 byte quality flags (state in bit 7, or bits 6-7 for double-bit points)
  Status,  // 1 byte control status (analog output block / command events)
  U8,
  U16,
  U32,
  I16,
  I32,
  F32,
  F64,
  Time48,      // milliseconds since 1970-01-01 UTC
  Time16,      // milliseconds relative to the preceding common time of occurrence (g51)
  Interval32,  // g50v2/v4 interval
  Assoc16,     // security statistic association id
};

struct ObjectType {
  std::uint8_t group = 0;
  std::uint8_t variation = 0;
  ObjectKind kind = ObjectKind::Opaque;
  /// Bytes per object for Fixed, ControlRelay, FixedAuth and Opaque; bits per point for
  /// PackedBits; 0 otherwise.
  std::uint8_t size = 0;
  std::array<Field, 5> fields{};
  std::uint8_t field_count = 0;
};

/// Layout of a group/variation, or nullopt when IEEE 1815 does not define it (variation 0,
/// "any variation", is only meaningful in requests without data and is not in the table).
std::optional<ObjectType> find_object_type(std::uint8_t group, std::uint8_t variation);

/// A measured or commanded point value (binary, analog, counter, output, time, IIN bit).
struct PointValue {
  std::uint32_t index = 0;
  std::optional<std::uint8_t> flags;
  std::optional<std::uint8_t> status;
  /// Numeric value; binary states are 0/1 (double-bit states 0..3).
  std::optional<double> value;
  /// Time48 (absolute) or Time16 (relative) in milliseconds.
  std::optional<std::uint64_t> time_ms;
  bool relative_time = false;
  std::optional<std::uint32_t> interval;
  std::optional<std::uint16_t> association;
};

/// Control relay output block / pattern control block (group 12 variations 1 and 2).
struct ControlBlock {
  std::uint32_t index = 0;
  std::uint8_t code = 0;
  std::uint8_t count = 0;
  std::uint32_t on_ms = 0;
  std::uint32_t off_ms = 0;
  std::uint8_t status = 0;
  std::uint8_t operation() const { return code & 0x0F; }
  bool queue() const { return (code & 0x10) != 0; }
  bool clear() const { return (code & 0x20) != 0; }
  std::uint8_t trip_close() const { return static_cast<std::uint8_t>(code >> 6); }
};

/// One group 0 device attribute.
struct DeviceAttribute {
  std::uint8_t variation = 0;
  /// The attribute set (the point index of the header; 0 is the standard set).
  std::uint32_t set = 0;
  std::uint8_t type = 0;
  /// Printable rendering: text for strings, decimal for numbers, hex for octet strings,
  /// "variation:properties" pairs for attribute lists.
  std::string value;
};

/// Group 70 file-transfer object.
struct FileObject {
  std::uint8_t variation = 0;
  std::string name;  // file name (v3, v7), user name (v2), file specification (v8)
  std::optional<std::uint32_t> handle;
  std::optional<std::uint32_t> file_size;
  std::optional<std::uint32_t> block;  // v5/v6 block number without the last-block bit
  bool last_block = false;
  std::optional<std::uint8_t> status;
  std::optional<std::uint16_t> mode;  // v3 operational mode: 0 null, 1 read, 2 write, 3 append
  std::optional<std::uint16_t> request_id;
  std::size_t data_size = 0;  // v5 file data bytes
};

/// Group 120 secure authentication object (the fields of its fixed part).
struct AuthObject {
  std::uint8_t variation = 0;
  std::optional<std::uint32_t> sequence;  // challenge or key change sequence number
  std::optional<std::uint16_t> user;
  /// v1 reason, v5 key status, v7 error code, v10 operation.
  std::optional<std::uint8_t> code;
  std::string user_name;  // v10, v11
  std::size_t size = 0;
};

/// Octet string / virtual terminal data (g110..g113).
struct OctetString {
  std::uint32_t index = 0;
  std::size_t size = 0;
  std::string text;  // printable_string() of the data
};

/// An object kept only by its size: size-prefixed objects without a decoder here (data sets,
/// application identifiers, unknown groups) and opaque fixed objects.
struct SizedObject {
  std::uint32_t index = 0;
  std::size_t size = 0;
};

using ObjectValue = std::variant<PointValue, ControlBlock, DeviceAttribute, FileObject, AuthObject,
                                 OctetString, SizedObject>;

enum class ObjectDataError : std::uint8_t {
  None,
  Truncated,     // fewer bytes than the object needs
  BadAttribute,  // unknown attribute data type or a length that type cannot have
  BadSize,       // a size prefix or an internal length that contradicts the layout
};

/// Reads one Fixed object (type.kind == Fixed) for point `index`.
ObjectDataError decode_fixed(const ObjectType& type, ByteReader& reader, std::uint32_t index,
                             PointValue& out);
/// Reads one CROB / pattern control block.
ObjectDataError decode_control_block(ByteReader& reader, std::uint32_t index, ControlBlock& out);
/// Reads one device attribute (data type, length, value) of set `set`.
ObjectDataError decode_attribute(std::uint8_t variation, ByteReader& reader, std::uint32_t set,
                                 DeviceAttribute& out);
/// Decodes a g70 object whose data (after the size prefix) is `data`.
ObjectDataError decode_file_object(std::uint8_t variation, Bytes data, FileObject& out);
/// Decodes a g120 object whose data is `data`.
ObjectDataError decode_auth_object(std::uint8_t variation, Bytes data, AuthObject& out);

}  // namespace otscope::dnp3
