#include "protocols/dnp3/objects.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <initializer_list>

namespace otscope::dnp3 {
namespace {

constexpr std::uint8_t field_size(Field f) {
  switch (f) {
    case Field::Flags:
    case Field::Status:
    case Field::U8:
      return 1;
    case Field::U16:
    case Field::I16:
    case Field::Time16:
    case Field::Assoc16:
      return 2;
    case Field::U32:
    case Field::I32:
    case Field::F32:
    case Field::Interval32:
      return 4;
    case Field::Time48:
      return 6;
    case Field::F64:
      return 8;
  }
  return 0;
}

constexpr ObjectType fixed(std::uint8_t g, std::uint8_t v, std::initializer_list<Field> fields) {
  ObjectType t{g, v, ObjectKind::Fixed, 0, {}, 0};
  for (Field f : fields) {
    t.fields[t.field_count++] = f;
    t.size = static_cast<std::uint8_t>(t.size + field_size(f));
  }
  return t;
}

constexpr ObjectType other(std::uint8_t g, std::uint8_t v, ObjectKind kind, std::uint8_t size) {
  return ObjectType{g, v, kind, size, {}, 0};
}

using F = Field;
using K = ObjectKind;

// IEEE 1815-2012 annex A, sorted by group then variation (checked below).
constexpr ObjectType kObjectTypes[] = {
    other(1, 1, K::PackedBits, 1),
    fixed(1, 2, {F::Flags}),
    fixed(2, 1, {F::Flags}),
    fixed(2, 2, {F::Flags, F::Time48}),
    fixed(2, 3, {F::Flags, F::Time16}),
    other(3, 1, K::PackedBits, 2),
    fixed(3, 2, {F::Flags}),
    fixed(4, 1, {F::Flags}),
    fixed(4, 2, {F::Flags, F::Time48}),
    fixed(4, 3, {F::Flags, F::Time16}),
    other(10, 1, K::PackedBits, 1),
    fixed(10, 2, {F::Flags}),
    fixed(11, 1, {F::Flags}),
    fixed(11, 2, {F::Flags, F::Time48}),
    other(12, 1, K::ControlRelay, 11),
    other(12, 2, K::ControlRelay, 11),
    other(12, 3, K::PackedBits, 1),
    fixed(13, 1, {F::Flags}),
    fixed(13, 2, {F::Flags, F::Time48}),
    fixed(20, 1, {F::Flags, F::U32}),
    fixed(20, 2, {F::Flags, F::U16}),
    fixed(20, 3, {F::Flags, F::U32}),
    fixed(20, 4, {F::Flags, F::U16}),
    fixed(20, 5, {F::U32}),
    fixed(20, 6, {F::U16}),
    fixed(20, 7, {F::U32}),
    fixed(20, 8, {F::U16}),
    fixed(21, 1, {F::Flags, F::U32}),
    fixed(21, 2, {F::Flags, F::U16}),
    fixed(21, 3, {F::Flags, F::U32}),
    fixed(21, 4, {F::Flags, F::U16}),
    fixed(21, 5, {F::Flags, F::U32, F::Time48}),
    fixed(21, 6, {F::Flags, F::U16, F::Time48}),
    fixed(21, 7, {F::Flags, F::U32, F::Time48}),
    fixed(21, 8, {F::Flags, F::U16, F::Time48}),
    fixed(21, 9, {F::U32}),
    fixed(21, 10, {F::U16}),
    fixed(21, 11, {F::U32}),
    fixed(21, 12, {F::U16}),
    fixed(22, 1, {F::Flags, F::U32}),
    fixed(22, 2, {F::Flags, F::U16}),
    fixed(22, 3, {F::Flags, F::U32}),
    fixed(22, 4, {F::Flags, F::U16}),
    fixed(22, 5, {F::Flags, F::U32, F::Time48}),
    fixed(22, 6, {F::Flags, F::U16, F::Time48}),
    fixed(22, 7, {F::Flags, F::U32, F::Time48}),
    fixed(22, 8, {F::Flags, F::U16, F::Time48}),
    fixed(23, 1, {F::Flags, F::U32}),
    fixed(23, 2, {F::Flags, F::U16}),
    fixed(23, 3, {F::Flags, F::U32}),
    fixed(23, 4, {F::Flags, F::U16}),
    fixed(23, 5, {F::Flags, F::U32, F::Time48}),
    fixed(23, 6, {F::Flags, F::U16, F::Time48}),
    fixed(23, 7, {F::Flags, F::U32, F::Time48}),
    fixed(23, 8, {F::Flags, F::U16, F::Time48}),
    fixed(30, 1, {F::Flags, F::I32}),
    fixed(30, 2, {F::Flags, F::I16}),
    fixed(30, 3, {F::I32}),
    fixed(30, 4, {F::I16}),
    fixed(30, 5, {F::Flags, F::F32}),
    fixed(30, 6, {F::Flags, F::F64}),
    fixed(31, 1, {F::Flags, F::I32}),
    fixed(31, 2, {F::Flags, F::I16}),
    fixed(31, 3, {F::Flags, F::I32, F::Time48}),
    fixed(31, 4, {F::Flags, F::I16, F::Time48}),
    fixed(31, 5, {F::I32}),
    fixed(31, 6, {F::I16}),
    fixed(31, 7, {F::Flags, F::F32}),
    fixed(31, 8, {F::Flags, F::F64}),
    fixed(32, 1, {F::Flags, F::I32}),
    fixed(32, 2, {F::Flags, F::I16}),
    fixed(32, 3, {F::Flags, F::I32, F::Time48}),
    fixed(32, 4, {F::Flags, F::I16, F::Time48}),
    fixed(32, 5, {F::Flags, F::F32}),
    fixed(32, 6, {F::Flags, F::F64}),
    fixed(32, 7, {F::Flags, F::F32, F::Time48}),
    fixed(32, 8, {F::Flags, F::F64, F::Time48}),
    fixed(33, 1, {F::Flags, F::I32}),
    fixed(33, 2, {F::Flags, F::I16}),
    fixed(33, 3, {F::Flags, F::I32, F::Time48}),
    fixed(33, 4, {F::Flags, F::I16, F::Time48}),
    fixed(33, 5, {F::Flags, F::F32}),
    fixed(33, 6, {F::Flags, F::F64}),
    fixed(33, 7, {F::Flags, F::F32, F::Time48}),
    fixed(33, 8, {F::Flags, F::F64, F::Time48}),
    fixed(34, 1, {F::U16}),
    fixed(34, 2, {F::U32}),
    fixed(34, 3, {F::F32}),
    fixed(40, 1, {F::Flags, F::I32}),
    fixed(40, 2, {F::Flags, F::I16}),
    fixed(40, 3, {F::Flags, F::F32}),
    fixed(40, 4, {F::Flags, F::F64}),
    fixed(41, 1, {F::I32, F::Status}),
    fixed(41, 2, {F::I16, F::Status}),
    fixed(41, 3, {F::F32, F::Status}),
    fixed(41, 4, {F::F64, F::Status}),
    fixed(42, 1, {F::Flags, F::I32}),
    fixed(42, 2, {F::Flags, F::I16}),
    fixed(42, 3, {F::Flags, F::I32, F::Time48}),
    fixed(42, 4, {F::Flags, F::I16, F::Time48}),
    fixed(42, 5, {F::Flags, F::F32}),
    fixed(42, 6, {F::Flags, F::F64}),
    fixed(42, 7, {F::Flags, F::F32, F::Time48}),
    fixed(42, 8, {F::Flags, F::F64, F::Time48}),
    fixed(43, 1, {F::Status, F::I32}),
    fixed(43, 2, {F::Status, F::I16}),
    fixed(43, 3, {F::Status, F::I32, F::Time48}),
    fixed(43, 4, {F::Status, F::I16, F::Time48}),
    fixed(43, 5, {F::Status, F::F32}),
    fixed(43, 6, {F::Status, F::F64}),
    fixed(43, 7, {F::Status, F::F32, F::Time48}),
    fixed(43, 8, {F::Status, F::F64, F::Time48}),
    fixed(50, 1, {F::Time48}),
    fixed(50, 2, {F::Time48, F::Interval32}),
    fixed(50, 3, {F::Time48}),
    fixed(50, 4, {F::Time48, F::Interval32, F::U8}),
    fixed(51, 1, {F::Time48}),
    fixed(51, 2, {F::Time48}),
    fixed(52, 1, {F::U16}),
    fixed(52, 2, {F::U16}),
    other(60, 1, K::NoData, 0),
    other(60, 2, K::NoData, 0),
    other(60, 3, K::NoData, 0),
    other(60, 4, K::NoData, 0),
    other(70, 1, K::SizePrefixed, 0),
    other(70, 2, K::SizePrefixed, 0),
    other(70, 3, K::SizePrefixed, 0),
    other(70, 4, K::SizePrefixed, 0),
    other(70, 5, K::SizePrefixed, 0),
    other(70, 6, K::SizePrefixed, 0),
    other(70, 7, K::SizePrefixed, 0),
    other(70, 8, K::SizePrefixed, 0),
    other(80, 1, K::PackedBits, 1),
    other(81, 1, K::Opaque, 3),
    other(82, 1, K::SizePrefixed, 0),
    other(83, 1, K::SizePrefixed, 0),
    other(83, 2, K::SizePrefixed, 0),
    other(85, 1, K::SizePrefixed, 0),
    other(86, 1, K::SizePrefixed, 0),
    other(86, 2, K::Opaque, 1),
    other(86, 3, K::SizePrefixed, 0),
    other(87, 1, K::SizePrefixed, 0),
    other(88, 1, K::SizePrefixed, 0),
    other(90, 1, K::SizePrefixed, 0),
    other(91, 1, K::SizePrefixed, 0),
    other(101, 1, K::Opaque, 2),
    other(101, 2, K::Opaque, 4),
    other(101, 3, K::Opaque, 8),
    fixed(102, 1, {F::U8}),
    other(120, 1, K::SizePrefixed, 0),
    other(120, 2, K::SizePrefixed, 0),
    other(120, 3, K::FixedAuth, 6),
    other(120, 4, K::FixedAuth, 2),
    other(120, 5, K::SizePrefixed, 0),
    other(120, 6, K::SizePrefixed, 0),
    other(120, 7, K::SizePrefixed, 0),
    other(120, 8, K::SizePrefixed, 0),
    other(120, 9, K::SizePrefixed, 0),
    other(120, 10, K::SizePrefixed, 0),
    other(120, 11, K::SizePrefixed, 0),
    other(120, 12, K::SizePrefixed, 0),
    other(120, 13, K::SizePrefixed, 0),
    other(120, 14, K::SizePrefixed, 0),
    other(120, 15, K::SizePrefixed, 0),
    fixed(121, 1, {F::Flags, F::Assoc16, F::U32}),
    fixed(122, 1, {F::Flags, F::Assoc16, F::U32}),
    fixed(122, 2, {F::Flags, F::Assoc16, F::U32, F::Time48}),
};

constexpr bool type_less(const ObjectType& a, const ObjectType& b) {
  return a.group != b.group ? a.group < b.group : a.variation < b.variation;
}
static_assert(std::is_sorted(std::begin(kObjectTypes), std::end(kObjectTypes), type_less),
              "kObjectTypes must stay sorted for the binary search");
static_assert(fixed(32, 8, {F::Flags, F::F64, F::Time48}).size == 15, "field sizes add up");

// Group 0 and the octet-string groups are defined for (almost) every variation.
constexpr ObjectType kAttributeType = other(0, 0, K::Attribute, 0);
constexpr ObjectType kAllAttributesType = other(0, 254, K::AllAttributes, 0);

std::string hex_of(Bytes bytes) {
  return to_hex(bytes, 32);
}

/// The file name of a g70 object: `offset` counts from the start of the object data.
bool name_at(Bytes data, std::uint16_t offset, std::uint16_t size, std::string& out) {
  if (size == 0) {
    out.clear();
    return true;
  }
  if (std::size_t{offset} + size > data.size()) return false;
  out = printable_string(data.subspan(offset, size));
  return true;
}

}  // namespace

std::optional<ObjectType> find_object_type(std::uint8_t group, std::uint8_t variation) {
  if (group == 0) {
    if (variation == 0) return std::nullopt;
    return variation == 254 ? kAllAttributesType : kAttributeType;
  }
  // Octet strings and virtual terminal blocks: the variation is the length.
  if (group >= 110 && group <= 113) return other(group, variation, K::OctetString, variation);
  ObjectType key{group, variation, K::Opaque, 0, {}, 0};
  const ObjectType* it =
      std::lower_bound(std::begin(kObjectTypes), std::end(kObjectTypes), key, type_less);
  if (it == std::end(kObjectTypes) || it->group != group || it->variation != variation) {
    return std::nullopt;
  }
  return *it;
}

ObjectDataError decode_fixed(const ObjectType& type, ByteReader& reader, std::uint32_t index,
                             PointValue& out) {
  if (reader.remaining() < type.size) return ObjectDataError::Truncated;
  out = PointValue{};
  out.index = index;
  for (std::uint8_t i = 0; i < type.field_count; ++i) {
    // Every read below is within type.size, which was checked above.
    switch (type.fields[i]) {
      case Field::Flags: {
        std::uint8_t flags = 0;
        reader.u8(flags);
        out.flags = flags;
        break;
      }
      case Field::Status: {
        std::uint8_t status = 0;
        reader.u8(status);
        out.status = static_cast<std::uint8_t>(status & 0x7F);
        break;
      }
      case Field::U8: {
        std::uint8_t v = 0;
        reader.u8(v);
        out.value = v;
        break;
      }
      case Field::U16: {
        std::uint16_t v = 0;
        reader.le16(v);
        out.value = v;
        break;
      }
      case Field::U32: {
        std::uint32_t v = 0;
        reader.le32(v);
        out.value = v;
        break;
      }
      case Field::I16: {
        std::uint16_t v = 0;
        reader.le16(v);
        out.value = static_cast<std::int16_t>(v);
        break;
      }
      case Field::I32: {
        std::uint32_t v = 0;
        reader.le32(v);
        out.value = static_cast<std::int32_t>(v);
        break;
      }
      case Field::F32: {
        std::uint32_t v = 0;
        reader.le32(v);
        out.value = static_cast<double>(std::bit_cast<float>(v));
        break;
      }
      case Field::F64: {
        std::uint32_t low = 0;
        std::uint32_t high = 0;
        reader.le32(low);
        reader.le32(high);
        out.value = std::bit_cast<double>(std::uint64_t{high} << 32 | low);
        break;
      }
      case Field::Time48: {
        std::uint64_t v = 0;
        reader.le48(v);
        out.time_ms = v;
        break;
      }
      case Field::Time16: {
        std::uint16_t v = 0;
        reader.le16(v);
        out.time_ms = v;
        out.relative_time = true;
        break;
      }
      case Field::Interval32: {
        std::uint32_t v = 0;
        reader.le32(v);
        out.interval = v;
        break;
      }
      case Field::Assoc16: {
        std::uint16_t v = 0;
        reader.le16(v);
        out.association = v;
        break;
      }
    }
  }
  // Binary points carry their state in the flags byte.
  if (!out.value && out.flags) {
    switch (type.group) {
      case 1:
      case 2:
      case 10:
      case 11:
      case 13:
        out.value = (*out.flags >> 7) & 1;
        break;
      case 3:
      case 4:
        out.value = (*out.flags >> 6) & 3;
        break;
      default:
        break;
    }
  }
  return ObjectDataError::None;
}

ObjectDataError decode_control_block(ByteReader& reader, std::uint32_t index, ControlBlock& out) {
  ControlBlock block;
  block.index = index;
  if (!reader.u8(block.code) || !reader.u8(block.count) || !reader.le32(block.on_ms) ||
      !reader.le32(block.off_ms) || !reader.u8(block.status)) {
    return ObjectDataError::Truncated;
  }
  block.status &= 0x7F;
  out = block;
  return ObjectDataError::None;
}

ObjectDataError decode_attribute(std::uint8_t variation, ByteReader& reader, std::uint32_t set,
                                 DeviceAttribute& out) {
  DeviceAttribute attr;
  attr.variation = variation;
  attr.set = set;
  std::uint8_t length8 = 0;
  if (!reader.u8(attr.type) || !reader.u8(length8)) return ObjectDataError::Truncated;
  // The extended list's length byte counts from 256.
  std::size_t length = attr.type == 255 ? std::size_t{length8} + 256 : length8;
  Bytes value;
  if (!reader.take(length, value)) return ObjectDataError::Truncated;
  switch (attr.type) {
    case 1:  // VSTR
      attr.value = printable_string(value);
      break;
    case 2:    // UINT
    case 3: {  // INT
      if (length < 1 || length > 4) return ObjectDataError::BadAttribute;
      std::uint32_t v = 0;
      for (std::size_t i = length; i-- > 0;) v = v << 8 | value[i];
      if (attr.type == 2) {
        attr.value = std::to_string(v);
      } else {
        unsigned shift = static_cast<unsigned>(32 - 8 * length);
        attr.value = std::to_string(static_cast<std::int32_t>(v << shift) >> shift);
      }
      break;
    }
    case 4: {  // FLT
      char text[64];
      if (length == 4) {
        std::uint32_t v = static_cast<std::uint32_t>(value[0] | value[1] << 8 | value[2] << 16) |
                          std::uint32_t{value[3]} << 24;
        std::snprintf(text, sizeof text, "%g", static_cast<double>(std::bit_cast<float>(v)));
      } else if (length == 8) {
        std::uint64_t v = 0;
        for (std::size_t i = 8; i-- > 0;) v = v << 8 | value[i];
        std::snprintf(text, sizeof text, "%g", std::bit_cast<double>(v));
      } else {
        return ObjectDataError::BadAttribute;
      }
      attr.value = text;
      break;
    }
    case 5:  // OSTR
    case 6:  // BSTR
      attr.value = hex_of(value);
      break;
    case 7: {  // DNP3 time
      if (length != 6) return ObjectDataError::BadAttribute;
      std::uint64_t v = 0;
      for (std::size_t i = 6; i-- > 0;) v = v << 8 | value[i];
      attr.value = std::to_string(v);
      break;
    }
    case 254:    // list of (variation, properties) pairs
    case 255: {  // extended list
      if (length % 2 != 0) return ObjectDataError::BadAttribute;
      for (std::size_t i = 0; i + 1 < length; i += 2) {
        if (!attr.value.empty()) attr.value += ',';
        attr.value += std::to_string(value[i]) + ":" + std::to_string(value[i + 1]);
      }
      break;
    }
    default:
      return ObjectDataError::BadAttribute;
  }
  out = std::move(attr);
  return ObjectDataError::None;
}

ObjectDataError decode_file_object(std::uint8_t variation, Bytes data, FileObject& out) {
  FileObject file;
  file.variation = variation;
  ByteReader r(data);
  switch (variation) {
    case 2: {  // authentication: user name and password (the password is never kept)
      std::uint16_t name_offset = 0, name_size = 0, password_offset = 0, password_size = 0;
      std::uint32_t key = 0;
      if (!r.le16(name_offset) || !r.le16(name_size) || !r.le16(password_offset) ||
          !r.le16(password_size) || !r.le32(key)) {
        return ObjectDataError::BadSize;
      }
      if (std::size_t{password_offset} + password_size > data.size()) {
        return ObjectDataError::BadSize;
      }
      if (!name_at(data, name_offset, name_size, file.name)) return ObjectDataError::BadSize;
      break;
    }
    case 3: {  // file command
      std::uint16_t name_offset = 0, name_size = 0, permissions = 0, mode = 0, block = 0, id = 0;
      std::uint64_t created = 0;
      std::uint32_t key = 0, size = 0;
      if (!r.le16(name_offset) || !r.le16(name_size) || !r.le48(created) || !r.le16(permissions) ||
          !r.le32(key) || !r.le32(size) || !r.le16(mode) || !r.le16(block) || !r.le16(id)) {
        return ObjectDataError::BadSize;
      }
      if (!name_at(data, name_offset, name_size, file.name)) return ObjectDataError::BadSize;
      file.file_size = size;
      file.mode = mode;
      file.request_id = id;
      break;
    }
    case 4: {  // file command status
      std::uint32_t handle = 0, size = 0;
      std::uint16_t block = 0, id = 0;
      std::uint8_t status = 0;
      if (!r.le32(handle) || !r.le32(size) || !r.le16(block) || !r.le16(id) || !r.u8(status)) {
        return ObjectDataError::BadSize;
      }
      file.handle = handle;
      file.file_size = size;
      file.request_id = id;
      file.status = status;
      break;
    }
    case 5:    // file transport
    case 6: {  // file transport status
      std::uint32_t handle = 0, block = 0;
      if (!r.le32(handle) || !r.le32(block)) return ObjectDataError::BadSize;
      file.handle = handle;
      file.block = block & 0x7FFFFFFF;
      file.last_block = (block & 0x80000000) != 0;
      if (variation == 6) {
        std::uint8_t status = 0;
        if (!r.u8(status)) return ObjectDataError::BadSize;
        file.status = status;
      } else {
        file.data_size = r.remaining();
      }
      break;
    }
    case 7: {  // file descriptor (directory entry)
      std::uint16_t name_offset = 0, name_size = 0, type = 0, permissions = 0, id = 0;
      std::uint32_t size = 0;
      std::uint64_t created = 0;
      if (!r.le16(name_offset) || !r.le16(name_size) || !r.le16(type) || !r.le32(size) ||
          !r.le48(created) || !r.le16(permissions) || !r.le16(id)) {
        return ObjectDataError::BadSize;
      }
      if (!name_at(data, name_offset, name_size, file.name)) return ObjectDataError::BadSize;
      file.file_size = size;
      file.request_id = id;
      break;
    }
    case 8:  // file specification string
      file.name = printable_string(data);
      break;
    default:  // v1 (obsolete file identifier): kept by size only
      break;
  }
  out = std::move(file);
  return ObjectDataError::None;
}

ObjectDataError decode_auth_object(std::uint8_t variation, Bytes data, AuthObject& out) {
  AuthObject auth;
  auth.variation = variation;
  auth.size = data.size();
  ByteReader r(data);
  std::uint32_t sequence = 0;
  std::uint16_t user = 0;
  std::uint8_t code = 0;
  switch (variation) {
    case 1:  // challenge: CSQ, user, MAC algorithm, reason, challenge data
      if (!r.le32(sequence) || !r.le16(user) || !r.skip(1) || !r.u8(code)) {
        return ObjectDataError::BadSize;
      }
      auth.sequence = sequence;
      auth.user = user;
      auth.code = code;
      break;
    case 2:   // reply: CSQ, user, MAC
    case 3:   // aggressive mode request: CSQ, user
    case 6:   // session key change: KSQ, user, wrapped keys
    case 12:  // update key change reply: KSQ, user, ...
    case 13:  // update key change: KSQ, user, ...
      if (!r.le32(sequence) || !r.le16(user)) return ObjectDataError::BadSize;
      auth.sequence = sequence;
      auth.user = user;
      break;
    case 4:  // session key status request: user
      if (!r.le16(user)) return ObjectDataError::BadSize;
      auth.user = user;
      break;
    case 5: {  // session key status: KSQ, user, key wrap algorithm, key status, MAC algorithm,
               // challenge length, challenge, MAC
      std::uint16_t challenge = 0;
      if (!r.le32(sequence) || !r.le16(user) || !r.skip(1) || !r.u8(code) || !r.skip(1) ||
          !r.le16(challenge) || !r.skip(challenge)) {
        return ObjectDataError::BadSize;
      }
      auth.sequence = sequence;
      auth.user = user;
      auth.code = code;
      break;
    }
    case 7: {  // error: CSQ, user, association id, error code, time, text
      std::uint16_t association = 0;
      std::uint64_t when = 0;
      if (!r.le32(sequence) || !r.le16(user) || !r.le16(association) || !r.u8(code) ||
          !r.le48(when)) {
        return ObjectDataError::BadSize;
      }
      auth.sequence = sequence;
      auth.user = user;
      auth.code = code;
      break;
    }
    case 10: {  // user status change: method, operation, SCS, role, expiry, name length, key
                // length, certification length, name, ...
      std::uint8_t method = 0;
      std::uint32_t scs = 0;
      std::uint16_t role = 0, expiry = 0, name_length = 0, key_length = 0, cert_length = 0;
      Bytes name;
      if (!r.u8(method) || !r.u8(code) || !r.le32(scs) || !r.le16(role) || !r.le16(expiry) ||
          !r.le16(name_length) || !r.le16(key_length) || !r.le16(cert_length) ||
          !r.take(name_length, name) || !r.skip(key_length) || !r.skip(cert_length)) {
        return ObjectDataError::BadSize;
      }
      auth.sequence = scs;
      auth.code = code;
      auth.user_name = printable_string(name);
      break;
    }
    case 11: {  // update key change request: method, name length, challenge length, name, ...
      std::uint8_t method = 0;
      std::uint16_t name_length = 0, challenge_length = 0;
      Bytes name;
      if (!r.u8(method) || !r.le16(name_length) || !r.le16(challenge_length) ||
          !r.take(name_length, name) || !r.skip(challenge_length)) {
        return ObjectDataError::BadSize;
      }
      auth.user_name = printable_string(name);
      break;
    }
    default:  // certificates, MACs, signatures: opaque data
      break;
  }
  out = std::move(auth);
  return ObjectDataError::None;
}

}  // namespace otscope::dnp3
