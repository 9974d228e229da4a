#include "protocols/dnp3/application.h"

#include <limits>
#include <optional>
#include <utility>

namespace otscope::dnp3 {
namespace {

std::string gv(const ObjectHeader& h) {
  return "g" + std::to_string(h.group) + "v" + std::to_string(h.variation);
}

std::string qualifier_text(std::uint8_t qualifier) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  out.push_back(kDigits[qualifier >> 4]);
  out.push_back(kDigits[qualifier & 0xF]);
  return out;
}

void add_index(std::vector<IndexRun>& runs, std::uint32_t index) {
  if (!runs.empty()) {
    IndexRun& last = runs.back();
    if (last.count < std::numeric_limits<std::uint32_t>::max() &&
        std::uint64_t{last.start} + last.count == index) {
      ++last.count;
      return;
    }
  }
  runs.push_back(IndexRun{index, 1});
}

void add_range(std::vector<IndexRun>& runs, std::uint32_t start, std::uint64_t count) {
  if (count == 0) return;
  std::uint64_t capped = std::min<std::uint64_t>(count, std::numeric_limits<std::uint32_t>::max());
  runs.push_back(IndexRun{start, static_cast<std::uint32_t>(capped)});
}

/// Reads an unsigned little-endian value of 1, 2 or 4 bytes.
bool read_sized(ByteReader& r, std::size_t bytes, std::uint32_t& out) {
  switch (bytes) {
    case 1: {
      std::uint8_t v = 0;
      if (!r.u8(v)) return false;
      out = v;
      return true;
    }
    case 2: {
      std::uint16_t v = 0;
      if (!r.le16(v)) return false;
      out = v;
      return true;
    }
    case 4:
      return r.le32(out);
    default:
      return false;
  }
}

/// Bytes of an index or size prefix for prefix codes 1-6.
std::size_t prefix_width(std::uint8_t prefix) {
  switch (prefix) {
    case 1:
    case 4:
      return 1;
    case 2:
    case 5:
      return 2;
    case 3:
    case 6:
      return 4;
    default:
      return 0;
  }
}

class ObjectParser {
 public:
  ObjectParser(Fragment& out, bool from_outstation)
      : out_(out), from_outstation_(from_outstation) {}

  AppError parse(Bytes objects, std::size_t base_offset) {
    ByteReader r(objects);
    while (!r.empty()) {
      const std::size_t header_offset = base_offset + r.offset();
      ObjectBlock block;
      std::string detail;
      AppError error = parse_header(r, block.header, detail);
      if (error == AppError::None) {
        std::optional<ObjectType> type =
            find_object_type(block.header.group, block.header.variation);
        block.known = type.has_value();
        block.has_data = carries_data(block.header);
        error = parse_data(r, block, type, detail);
      }
      out_.objects.push_back(std::move(block));
      if (error != AppError::None) {
        out_.error = error;
        out_.error_offset = header_offset;
        out_.error_detail = std::move(detail);
        return error;
      }
    }
    return AppError::None;
  }

 private:
  bool carries_data(const ObjectHeader& h) const {
    if (h.range == RangeKind::All) return false;
    if (from_outstation_) return true;
    switch (out_.function->objects) {
      case RequestObjects::HeadersOnly:
        return false;
      case RequestObjects::WithData:
        return true;
      case RequestObjects::TimeThenHeaders:
        return h.group == 50;
    }
    return true;
  }

  static AppError parse_header(ByteReader& r, ObjectHeader& h, std::string& detail) {
    if (!r.u8(h.group) || !r.u8(h.variation) || !r.u8(h.qualifier)) {
      detail = "object header cut short";
      return AppError::TruncatedObjectHeader;
    }
    const std::uint8_t prefix = h.prefix_code();
    const std::uint8_t range = h.range_code();
    if ((h.qualifier & 0x80) != 0 || prefix == 7) {
      detail = gv(h) + ": reserved qualifier " + qualifier_text(h.qualifier);
      return AppError::BadQualifier;
    }
    std::size_t width = 0;
    switch (range) {
      case 0x0:
      case 0x3:
        width = 1;
        break;
      case 0x1:
      case 0x4:
        width = 2;
        break;
      case 0x2:
      case 0x5:
        width = 4;
        break;
      case 0x6:
        h.range = RangeKind::All;
        break;
      case 0x7:
      case 0xB:
        width = 1;
        break;
      case 0x8:
        width = 2;
        break;
      case 0x9:
        width = 4;
        break;
      default:
        detail = gv(h) + ": reserved range code in qualifier " + qualifier_text(h.qualifier);
        return AppError::BadQualifier;
    }
    if (range <= 0x5) {
      h.range = RangeKind::StartStop;
      if (!read_sized(r, width, h.start) || !read_sized(r, width, h.stop)) {
        detail = gv(h) + ": start-stop range cut short";
        return AppError::TruncatedObjectHeader;
      }
      if (h.start > h.stop) {
        detail =
            gv(h) + ": start " + std::to_string(h.start) + " above stop " + std::to_string(h.stop);
        return AppError::BadRange;
      }
      h.count = std::uint64_t{h.stop} - h.start + 1;
    } else if (range != 0x6) {
      h.range = RangeKind::Count;
      std::uint32_t count = 0;
      if (!read_sized(r, width, count)) {
        detail = gv(h) + ": count cut short";
        return AppError::TruncatedObjectHeader;
      }
      h.count = count;
    }
    // Index and size prefixes only go with counts; the variable-format count needs a size.
    bool size_prefix = prefix >= 4;
    if ((h.range != RangeKind::Count && prefix != 0) || (range == 0xB && !size_prefix)) {
      detail = gv(h) + ": qualifier " + qualifier_text(h.qualifier) + " combines " +
               std::string(prefix_code_name(prefix)) + " with " +
               std::string(range_code_name(range));
      return AppError::BadQualifier;
    }
    return AppError::None;
  }

  void store(ObjectBlock& block, ObjectValue value) {
    if (stored_ >= kMaxStoredValues || block.values.size() >= kMaxStoredValuesPerHeader) {
      ++out_.values_not_stored;
      return;
    }
    ++stored_;
    block.values.push_back(std::move(value));
  }

  /// Index prefixes of a header without object data. Size-prefixed objects are still decoded:
  /// a READ of g70v5 names the file handle and block that way.
  AppError parse_without_data(ByteReader& r, ObjectBlock& block,
                              const std::optional<ObjectType>& type, std::string& detail) {
    const ObjectHeader& h = block.header;
    const std::uint8_t prefix = h.prefix_code();
    if (h.range == RangeKind::StartStop) add_range(block.indexes, h.start, h.count);
    if (prefix == 0) return AppError::None;
    const std::size_t width = prefix_width(prefix);
    if (h.count > r.remaining() / width) {
      detail = gv(h) + ": " + std::to_string(h.count) + " prefixes need more than the " +
               std::to_string(r.remaining()) + " bytes left";
      return AppError::TruncatedObjectData;
    }
    for (std::uint64_t i = 0; i < h.count; ++i) {
      std::uint32_t value = 0;
      Bytes data;
      if (!read_sized(r, width, value) || (prefix >= 4 && !r.take(value, data))) {
        detail = gv(h) + ": object " + std::to_string(i) + " cut short";
        return AppError::TruncatedObjectData;
      }
      if (prefix <= 3) {
        add_index(block.indexes, value);
      } else {
        AppError e = decode_one(block, type, static_cast<std::uint32_t>(i), data, detail);
        if (e != AppError::None) return e;
      }
    }
    return AppError::None;
  }

  AppError parse_packed(ByteReader& r, ObjectBlock& block, const ObjectType& type,
                        std::string& detail) {
    const ObjectHeader& h = block.header;
    if (h.prefix_code() != 0) {
      detail = gv(h) + ": packed objects cannot carry prefixes";
      return AppError::BadQualifier;
    }
    const std::uint64_t bits = h.count * type.size;
    const std::uint64_t bytes = (bits + 7) / 8;
    Bytes packed;
    if (bytes > r.remaining() || !r.take(static_cast<std::size_t>(bytes), packed)) {
      detail = gv(h) + ": " + std::to_string(h.count) + " packed points need " +
               std::to_string(bytes) + " bytes, " + std::to_string(r.remaining()) + " left";
      return AppError::TruncatedObjectData;
    }
    if (h.range == RangeKind::StartStop) add_range(block.indexes, h.start, h.count);
    for (std::uint64_t i = 0; i < h.count; ++i) {
      const std::uint64_t bit = i * type.size;
      const unsigned byte = packed[static_cast<std::size_t>(bit / 8)];
      const unsigned mask = type.size == 2 ? 3u : 1u;
      PointValue point;
      point.index = static_cast<std::uint32_t>(h.range == RangeKind::StartStop ? h.start + i : i);
      point.value = (byte >> (bit % 8)) & mask;
      store(block, point);
    }
    return AppError::None;
  }

  /// Decodes one object whose bytes are known (fixed size or size prefix).
  AppError decode_one(ObjectBlock& block, const std::optional<ObjectType>& type,
                      std::uint32_t index, Bytes data, std::string& detail) {
    const ObjectHeader& h = block.header;
    auto bad_size = [&](std::size_t expected) {
      detail = gv(h) + ": object of " + std::to_string(data.size()) + " bytes, layout needs " +
               std::to_string(expected);
      return AppError::BadObjectSize;
    };
    if (!type) {
      store(block, SizedObject{index, data.size()});
      return AppError::None;
    }
    ByteReader dr(data);
    switch (type->kind) {
      case ObjectKind::Fixed: {
        if (data.size() != type->size) return bad_size(type->size);
        PointValue point;
        decode_fixed(*type, dr, index, point);
        store(block, point);
        return AppError::None;
      }
      case ObjectKind::ControlRelay: {
        if (data.size() != type->size) return bad_size(type->size);
        ControlBlock control;
        decode_control_block(dr, index, control);
        store(block, control);
        return AppError::None;
      }
      case ObjectKind::Attribute: {
        DeviceAttribute attr;
        ObjectDataError e = decode_attribute(h.variation, dr, index, attr);
        if (e == ObjectDataError::Truncated || (e == ObjectDataError::None && !dr.empty())) {
          detail = gv(h) + ": attribute does not fill its " + std::to_string(data.size()) +
                   "-byte size prefix";
          return AppError::BadObjectSize;
        }
        if (e != ObjectDataError::None) {
          detail = gv(h) + ": attribute data type " + std::to_string(attr.type) +
                   " with an invalid length";
          return AppError::BadAttribute;
        }
        store(block, std::move(attr));
        return AppError::None;
      }
      case ObjectKind::OctetString:
        store(block, OctetString{index, data.size(), printable_string(data)});
        return AppError::None;
      case ObjectKind::FixedAuth:
      case ObjectKind::SizePrefixed: {
        if (type->kind == ObjectKind::FixedAuth && data.size() != type->size) {
          return bad_size(type->size);
        }
        if (h.group == 70) {
          FileObject file;
          if (decode_file_object(h.variation, data, file) != ObjectDataError::None) {
            detail = gv(h) + ": " + std::to_string(data.size()) +
                     " bytes do not hold the file object's fields";
            return AppError::BadObjectSize;
          }
          store(block, std::move(file));
        } else if (h.group == 120) {
          AuthObject auth;
          if (decode_auth_object(h.variation, data, auth) != ObjectDataError::None) {
            detail = gv(h) + ": " + std::to_string(data.size()) +
                     " bytes do not hold the authentication object's fields";
            return AppError::BadObjectSize;
          }
          store(block, std::move(auth));
        } else {
          store(block, SizedObject{index, data.size()});
        }
        return AppError::None;
      }
      case ObjectKind::Opaque:
        if (data.size() != type->size) return bad_size(type->size);
        store(block, SizedObject{index, data.size()});
        return AppError::None;
      case ObjectKind::PackedBits:
      case ObjectKind::AllAttributes:
      case ObjectKind::NoData:
        break;  // handled before any per-object data is read
    }
    return AppError::None;
  }

  AppError parse_data(ByteReader& r, ObjectBlock& block, const std::optional<ObjectType>& type,
                      std::string& detail) {
    const ObjectHeader& h = block.header;
    if (!block.has_data) return parse_without_data(r, block, type, detail);
    const std::uint8_t prefix = h.prefix_code();
    const bool size_prefix = prefix >= 4;
    if (type && (type->kind == ObjectKind::NoData || type->kind == ObjectKind::AllAttributes)) {
      return parse_without_data(r, block, type, detail);
    }
    if (type && type->kind == ObjectKind::PackedBits) return parse_packed(r, block, *type, detail);
    if (!type && !size_prefix) {
      detail = gv(h) + " is not a defined object and qualifier " + qualifier_text(h.qualifier) +
               " gives no object size to skip it";
      return AppError::UnknownObject;
    }
    if (type && type->kind == ObjectKind::SizePrefixed && !size_prefix) {
      detail = gv(h) + " is a free-format object and needs an object size prefix, qualifier is " +
               qualifier_text(h.qualifier);
      return AppError::BadQualifier;
    }

    // Smallest possible encoding of one object, to reject absurd counts before looping.
    std::size_t fixed_size = 0;
    if (!size_prefix && type) {
      fixed_size = type->kind == ObjectKind::Attribute ? 2 : type->size;
    }
    const std::size_t min_object = prefix_width(prefix) + fixed_size;
    if (h.range == RangeKind::StartStop) add_range(block.indexes, h.start, h.count);
    if (min_object == 0) return AppError::None;  // zero-length octet strings: nothing to read
    if (h.count > r.remaining() / min_object) {
      detail = gv(h) + ": " + std::to_string(h.count) + " objects need at least " +
               std::to_string(h.count * min_object) + " bytes, " + std::to_string(r.remaining()) +
               " left";
      return AppError::TruncatedObjectData;
    }

    for (std::uint64_t i = 0; i < h.count; ++i) {
      std::uint32_t index =
          static_cast<std::uint32_t>(h.range == RangeKind::StartStop ? h.start + i : i);
      std::uint32_t size = static_cast<std::uint32_t>(fixed_size);
      if (prefix >= 1 && prefix <= 3) {
        if (!read_sized(r, prefix_width(prefix), index)) {
          detail = gv(h) + ": index prefix of object " + std::to_string(i) + " cut short";
          return AppError::TruncatedObjectData;
        }
        add_index(block.indexes, index);
      } else if (size_prefix && !read_sized(r, prefix_width(prefix), size)) {
        detail = gv(h) + ": size prefix of object " + std::to_string(i) + " cut short";
        return AppError::TruncatedObjectData;
      }
      if (!size_prefix && type && type->kind == ObjectKind::Attribute) {
        // A device attribute describes its own length.
        DeviceAttribute attr;
        ObjectDataError e = decode_attribute(h.variation, r, index, attr);
        if (e == ObjectDataError::Truncated) {
          detail = gv(h) + ": attribute value cut short";
          return AppError::TruncatedObjectData;
        }
        if (e != ObjectDataError::None) {
          detail = gv(h) + ": attribute data type " + std::to_string(attr.type) +
                   " undefined or with an invalid length";
          return AppError::BadAttribute;
        }
        store(block, std::move(attr));
        continue;
      }
      Bytes data;
      if (!r.take(size, data)) {
        detail = gv(h) + ": object " + std::to_string(i) + " needs " + std::to_string(size) +
                 " bytes, " + std::to_string(r.remaining()) + " left";
        return AppError::TruncatedObjectData;
      }
      AppError e = decode_one(block, type, index, data, detail);
      if (e != AppError::None) return e;
    }
    return AppError::None;
  }

  Fragment& out_;
  bool from_outstation_;
  std::size_t stored_ = 0;
};

}  // namespace

std::string_view app_error_kind(AppError error) {
  switch (error) {
    case AppError::None:
      return "dnp3.ok";
    case AppError::TooShort:
      return "dnp3.fragment_too_short";
    case AppError::MissingIin:
      return "dnp3.missing_iin";
    case AppError::UnknownFunction:
      return "dnp3.unknown_function";
    case AppError::TruncatedObjectHeader:
      return "dnp3.truncated_object_header";
    case AppError::BadQualifier:
      return "dnp3.bad_qualifier";
    case AppError::BadRange:
      return "dnp3.bad_range";
    case AppError::TruncatedObjectData:
      return "dnp3.truncated_object_data";
    case AppError::UnknownObject:
      return "dnp3.unknown_object";
    case AppError::BadAttribute:
      return "dnp3.bad_attribute";
    case AppError::BadObjectSize:
      return "dnp3.bad_object_size";
  }
  return "dnp3.application_error";
}

AppError parse_fragment(Bytes fragment, Fragment& out) {
  {
    // A fresh result that keeps the object list's storage (a session parses into one).
    std::vector<ObjectBlock> objects = std::move(out.objects);
    objects.clear();
    std::string detail = std::move(out.error_detail);
    detail.clear();
    out = Fragment{};
    out.objects = std::move(objects);
    out.error_detail = std::move(detail);
  }
  ByteReader r(fragment);
  std::uint8_t control = 0;
  std::uint8_t function = 0;
  if (!r.u8(control) || !r.u8(function)) return AppError::TooShort;
  out.header.control =
      AppControl{(control & 0x80) != 0, (control & 0x40) != 0, (control & 0x20) != 0,
                 (control & 0x10) != 0, static_cast<std::uint8_t>(control & 0x0F)};
  out.header.function = function;
  out.function = find_function(function);
  if (out.function == nullptr) return AppError::UnknownFunction;
  const bool from_outstation = is_outstation_function(function);
  if (from_outstation) {
    // IIN1 comes first on the wire.
    if (!r.be16(out.header.iin)) return AppError::MissingIin;
    out.header.has_iin = true;
  }
  out.object_bytes = r.rest();
  ObjectParser parser(out, from_outstation);
  return parser.parse(out.object_bytes, r.offset());
}

}  // namespace otscope::dnp3
