#include "protocols/enip/cip.h"

#include <cstdio>
#include <cstring>

#include "protocols/common/hex.h"
#include "protocols/enip/codes.h"

namespace otscope::enip {

namespace {

/// "4.03": major, then the minor revision in two digits, as the vendors' tools print it.
std::string revision_text(std::uint8_t major, std::uint8_t minor) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%02u", static_cast<unsigned>(major),
                static_cast<unsigned>(minor));
  return buf;
}

/// Skips the pad byte that keeps a segment's length even (`length` bytes so far).
bool pad_to_even(ByteReader& r, std::size_t length) {
  return length % 2 == 0 || r.skip(1);
}

// A logical segment's value: 8-bit, or a pad byte and a 16- or 32-bit value.
bool logical_value(ByteReader& r, std::uint8_t format, std::uint32_t& out) {
  switch (format) {
    case 0: {
      std::uint8_t v = 0;
      if (!r.u8(v)) return false;
      out = v;
      return true;
    }
    case 1: {
      std::uint16_t v = 0;
      if (!r.skip(1) || !r.le16(v)) return false;
      out = v;
      return true;
    }
    case 2:
      return r.skip(1) && r.le32(out);
    default:
      return false;
  }
}

}  // namespace

std::string_view cip_error_kind(CipError e) {
  switch (e) {
    case CipError::None:
      return "none";
    case CipError::Empty:
      return "empty_message";
    case CipError::Truncated:
      return "truncated";
    case CipError::BadSegment:
      return "bad_path_segment";
    case CipError::BadServiceCount:
      return "bad_service_count";
    case CipError::BadServiceOffset:
      return "bad_service_offset";
    case CipError::BadEmbeddedMessage:
      return "bad_embedded_message";
    case CipError::BadIdentity:
      return "bad_identity";
  }
  return "unknown";
}

std::string CipPath::text() const {
  std::string t;
  auto add = [&t](const std::string& part) {
    if (!t.empty()) t += ' ';
    t += part;
  };
  if (!symbol.empty()) add("tag " + symbol);
  if (object_class) {
    const std::string_view name = class_name(*object_class);
    add(name.empty() ? "class " + hex_code(*object_class, 2)
                     : std::string(name) + " (" + hex_code(*object_class, 2) + ")");
  }
  if (instance) add("instance " + std::to_string(*instance));
  if (attribute) add("attribute " + std::to_string(*attribute));
  if (member) add("member " + std::to_string(*member));
  if (connection_point) add("connection point " + std::to_string(*connection_point));
  if (!more.empty()) add(more);
  return t;
}

CipError decode_path(Bytes path, CipPath& out) {
  ByteReader r(path);
  while (!r.empty()) {
    std::uint8_t seg = 0;
    r.u8(seg);
    switch (seg >> 5) {
      case 0: {  // port segment
        std::size_t length = 1;
        if ((seg & 0x0F) == 0x0F) {
          std::uint16_t port = 0;
          if (!r.le16(port)) return CipError::Truncated;
          length += 2;
        }
        if (seg & 0x10) {
          std::uint8_t size = 0;
          if (!r.u8(size) || !r.skip(size)) return CipError::Truncated;
          length += 1 + size;
        } else {
          if (!r.skip(1)) return CipError::Truncated;
          length += 1;
        }
        if (!pad_to_even(r, length)) return CipError::Truncated;
        break;
      }
      case 1: {  // logical segment
        const std::uint8_t type = seg >> 2 & 0x07;
        const std::uint8_t format = seg & 0x03;
        if (type == 5) {  // special: the electronic key (format 0, key format 4, 8 bytes)
          std::uint8_t key_format = 0;
          if (format != 0) return CipError::BadSegment;
          if (!r.u8(key_format)) return CipError::Truncated;
          if (key_format != 4) return CipError::BadSegment;
          if (!r.skip(8)) return CipError::Truncated;
          break;
        }
        std::uint32_t value = 0;
        if (format == 3) return CipError::BadSegment;
        if (!logical_value(r, format, value)) return CipError::Truncated;
        if (out.object_class && (type == 0 || !out.more.empty())) {
          static constexpr const char* kNames[] = {"class", "instance", "member",
                                                   "connection point", "attribute"};
          if (type <= 4) {
            out.more += out.more.empty() ? "" : " ";
            out.more += std::string(kNames[type]) + " " +
                        (type == 0 ? hex_code(value, 2) : std::to_string(value));
          }
          break;
        }
        switch (type) {
          case 0:
            out.object_class = value;
            break;
          case 1:
            out.instance = value;
            break;
          case 2:
            out.member = value;
            break;
          case 3:
            out.connection_point = value;
            break;
          case 4:
            out.attribute = value;
            break;
          default:  // 6: service id
            break;
        }
        break;
      }
      case 2: {  // network segment
        if (seg == 0x5F) {
          std::uint16_t words = 0;
          if (!r.le16(words) || !r.skip(2u * words)) return CipError::Truncated;
        } else if (!r.skip(1)) {
          return CipError::Truncated;
        }
        break;
      }
      case 3: {  // symbolic segment
        const std::size_t size = seg & 0x1F;
        if (size == 0) return CipError::BadSegment;  // the extended string formats
        Bytes name;
        if (!r.take(size, name) || !pad_to_even(r, 1 + size)) return CipError::Truncated;
        if (!out.symbol.empty()) out.symbol += '.';
        out.symbol += printable_string(name);
        break;
      }
      case 4: {             // data segment
        if (seg == 0x80) {  // simple data
          std::uint8_t words = 0;
          if (!r.u8(words) || !r.skip(2u * words)) return CipError::Truncated;
        } else if (seg == 0x91) {  // ANSI extended symbol
          std::uint8_t size = 0;
          Bytes name;
          if (!r.u8(size) || !r.take(size, name) || !pad_to_even(r, size))
            return CipError::Truncated;
          if (!out.symbol.empty()) out.symbol += '.';
          out.symbol += printable_string(name);
        } else {
          return CipError::BadSegment;
        }
        break;
      }
      default:
        return CipError::BadSegment;
    }
  }
  return CipError::None;
}

CipError decode_cip(Bytes bytes, CipMessage& out) {
  ByteReader r(bytes);
  std::uint8_t service = 0;
  if (!r.u8(service)) return CipError::Empty;
  out = CipMessage{};
  out.response = (service & kResponseBit) != 0;
  out.service = service & static_cast<std::uint8_t>(~kResponseBit);
  if (out.response) {
    std::uint8_t reserved = 0;
    if (!r.u8(reserved) || !r.u8(out.general_status) || !r.u8(out.extended_words))
      return CipError::Truncated;
    if (out.extended_words > 0) {
      if (!r.le16(out.extended_status) || !r.skip(2u * (out.extended_words - 1u)))
        return CipError::Truncated;
    }
    out.data = r.rest();
    return CipError::None;
  }
  std::uint8_t words = 0;
  Bytes path;
  if (!r.u8(words) || !r.take(2u * words, path)) return CipError::Truncated;
  if (CipError e = decode_path(path, out.path); e != CipError::None) return e;
  out.data = r.rest();
  return CipError::None;
}

CipError decode_multiple(Bytes data, std::vector<Bytes>& out) {
  out.clear();
  ByteReader r(data);
  std::uint16_t count = 0;
  if (!r.le16(count)) return CipError::Truncated;
  if (count > r.remaining() / 2) return CipError::BadServiceCount;
  // The offsets are read where they are (2 bytes each after the count), without a copy.
  const std::size_t first = 2 + 2u * count;
  auto offset = [&](std::size_t i) -> std::size_t {
    return static_cast<std::size_t>(data[2 + 2 * i]) | static_cast<std::size_t>(data[3 + 2 * i])
                                                           << 8;
  };
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t from = offset(i);
    const std::size_t to = i + 1 < count ? offset(i + 1) : data.size();
    if (from < first || from > to || to > data.size()) return CipError::BadServiceOffset;
    out.push_back(data.subspan(from, to - from));
  }
  return CipError::None;
}

CipError decode_unconnected_send(Bytes data, Bytes& embedded) {
  ByteReader r(data);
  std::uint8_t tick = 0, ticks = 0;
  std::uint16_t size = 0;
  if (!r.u8(tick) || !r.u8(ticks) || !r.le16(size)) return CipError::Truncated;
  if (!r.take(size, embedded)) return CipError::BadEmbeddedMessage;
  return CipError::None;
}

CipError decode_pccc(Bytes data, PcccCommand& out) {
  ByteReader r(data);
  std::uint8_t id_length = 0, status = 0;
  // The requestor id counts its own length byte (7: length, vendor id, serial number).
  if (!r.u8(id_length) || id_length < 1 || !r.skip(id_length - 1u)) return CipError::Truncated;
  if (!r.u8(out.command) || !r.u8(status) || !r.le16(out.transaction) || !r.u8(out.function))
    return CipError::Truncated;
  out.data = r.rest();
  return CipError::None;
}

CipError decode_forward_open(Bytes data, bool large, ForwardOpen& out) {
  ByteReader r(data);
  std::uint8_t words = 0;
  Bytes path;
  // Priority/tick, timeout ticks, O->T and T->O connection ids, connection serial, originator
  // vendor and serial, timeout multiplier and 3 reserved bytes; then each direction's RPI and
  // network connection parameters (32-bit in the Large form), transport, path.
  const std::size_t parameters = large ? 4 : 2;
  if (!r.skip(2 + 4 + 4 + 2 + 2 + 4 + 4) || !r.le32(out.ot_rpi_us) || !r.skip(parameters) ||
      !r.le32(out.to_rpi_us) || !r.skip(parameters) || !r.u8(out.transport) || !r.u8(words) ||
      !r.take(2u * words, path))
    return CipError::Truncated;
  return decode_path(path, out.path);
}

namespace {

// One Identity attribute's value at the reader; false when the attribute's size is unknown or
// its bytes are not there.
bool identity_value(std::uint32_t attribute, ByteReader& r, IdentityAttributes& out) {
  switch (attribute) {
    case 1:
    case 2:
    case 3:
    case 5: {
      std::uint16_t v = 0;
      if (!r.le16(v)) return false;
      if (attribute == 1) out.vendor_id = v;
      if (attribute == 2) out.device_type = v;
      if (attribute == 3) out.product_code = v;
      if (attribute == 5) out.status = v;
      return true;
    }
    case 4: {
      std::uint8_t major = 0, minor = 0;
      if (!r.u8(major) || !r.u8(minor)) return false;
      out.revision = std::make_pair(major, minor);
      return true;
    }
    case 6: {
      std::uint32_t v = 0;
      if (!r.le32(v)) return false;
      out.serial = v;
      return true;
    }
    case 7: {
      std::uint8_t size = 0;
      Bytes name;
      if (!r.u8(size) || !r.take(size, name)) return false;
      out.product_name = printable_string(name);
      return true;
    }
    case 8: {
      std::uint8_t v = 0;
      if (!r.u8(v)) return false;
      out.state = v;
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

CipError decode_identity_all(Bytes data, IdentityAttributes& out) {
  ByteReader r(data);
  for (std::uint32_t a = 1; a <= 7; ++a)
    if (!identity_value(a, r, out)) return CipError::BadIdentity;
  if (!r.empty()) identity_value(8, r, out);
  return CipError::None;
}

CipError decode_identity_list(Bytes data, IdentityAttributes& out) {
  ByteReader r(data);
  std::uint16_t count = 0;
  if (!r.le16(count)) return CipError::BadIdentity;
  for (std::uint16_t i = 0; i < count; ++i) {
    std::uint16_t id = 0, status = 0;
    if (!r.le16(id) || !r.le16(status)) return CipError::BadIdentity;
    if (status != 0) continue;  // no value follows an attribute that failed
    if (!identity_value(id, r, out)) return CipError::None;  // sizes unknown from here on
  }
  return CipError::None;
}

CipError decode_identity_single(std::uint32_t attribute, Bytes data, IdentityAttributes& out) {
  ByteReader r(data);
  if (attribute < 1 || attribute > 8) return CipError::None;
  return identity_value(attribute, r, out) ? CipError::None : CipError::BadIdentity;
}

std::optional<TagAccess> tag_access(const CipMessage& request) {
  if (request.response || !request.path.symbolic()) return std::nullopt;
  TagAccess a;
  a.tag = request.path.symbol;
  a.element = request.path.member.value_or(0);
  ByteReader r(request.data);
  std::uint16_t type = 0, count = 1;
  switch (request.service) {
    case 0x4C:  // Read Tag: element count
    case 0x52:  // Read Tag Fragmented: element count, byte offset
      if (!r.le16(count)) return std::nullopt;
      break;
    case 0x4D:  // Write Tag: type, element count, data
    case 0x53:  // Write Tag Fragmented: type, element count, byte offset, data
      if (!r.le16(type) || !r.le16(count)) return std::nullopt;
      break;
    case 0x4E:  // Read Modify Write Tag: one element, masked
      break;
    default:
      return std::nullopt;
  }
  a.count = count;
  return a;
}

std::vector<TagValue> tag_values(const CipMessage& request, std::size_t max) {
  std::vector<TagValue> values;
  if (request.response || request.service != 0x4D || !request.path.symbolic()) return values;
  ByteReader r(request.data);
  std::uint16_t type = 0, count = 0;
  if (!r.le16(type) || !r.le16(count)) return values;
  const std::uint32_t first = request.path.member.value_or(0);
  for (std::uint32_t i = 0; i < count && values.size() < max; ++i) {
    double v = 0;
    bool ok = false;
    switch (type) {
      case 0xC1:    // BOOL
      case 0xC2:    // SINT
      case 0xC6: {  // USINT
        std::uint8_t x = 0;
        ok = r.u8(x);
        v = type == 0xC2 ? static_cast<std::int8_t>(x) : type == 0xC1 ? (x != 0) : x;
        break;
      }
      case 0xC3:    // INT
      case 0xC7: {  // UINT
        std::uint16_t x = 0;
        ok = r.le16(x);
        v = type == 0xC3 ? static_cast<std::int16_t>(x) : x;
        break;
      }
      case 0xC4:    // DINT
      case 0xC8:    // UDINT
      case 0xCA: {  // REAL
        std::uint32_t x = 0;
        ok = r.le32(x);
        if (type == 0xCA) {
          float f = 0;
          std::memcpy(&f, &x, sizeof f);
          v = f;
        } else {
          v = type == 0xC4 ? static_cast<double>(static_cast<std::int32_t>(x))
                           : static_cast<double>(x);
        }
        break;
      }
      case 0xC5:    // LINT
      case 0xCB: {  // LREAL
        std::uint32_t lo = 0, hi = 0;
        ok = r.le32(lo) && r.le32(hi);
        const std::uint64_t x = std::uint64_t{hi} << 32 | lo;
        if (type == 0xCB) {
          double d = 0;
          std::memcpy(&d, &x, sizeof d);
          v = d;
        } else {
          v = static_cast<double>(static_cast<std::int64_t>(x));
        }
        break;
      }
      default:
        return values;  // structures and strings: no number per element
    }
    if (!ok) break;
    values.push_back(TagValue{first + i, v});
  }
  return values;
}

std::vector<IdentityFact> identity_facts(const IdentityAttributes& a) {
  std::vector<IdentityFact> facts;
  if (a.vendor_id) {
    facts.push_back({"vendor_id", std::to_string(*a.vendor_id)});
    const std::string_view name = vendor_name(*a.vendor_id);
    if (!name.empty()) facts.push_back({"vendor", std::string(name)});
  }
  if (a.device_type) {
    const std::string_view name = device_type_name(*a.device_type);
    facts.push_back({"device_type", name.empty() ? "device type " + hex_code(*a.device_type, 2)
                                                 : std::string(name)});
  }
  if (a.product_code) facts.push_back({"product_code", std::to_string(*a.product_code)});
  if (a.revision)
    facts.push_back({"firmware", revision_text(a.revision->first, a.revision->second)});
  if (a.serial) facts.push_back({"serial", hex_code(*a.serial, 8)});
  if (a.product_name && !a.product_name->empty()) facts.push_back({"product", *a.product_name});
  if (a.state) {
    const std::string_view name = identity_state_name(*a.state);
    facts.push_back(
        {"device_state", name.empty() ? "state " + std::to_string(*a.state) : std::string(name)});
  }
  return facts;
}

}  // namespace otscope::enip
