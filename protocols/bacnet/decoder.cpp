#include "protocols/bacnet/decoder.h"

#include <bit>
#include <cstring>

#include "protocols/bacnet/codes.h"

namespace otscope::bacnet {
namespace {

ObjectId object_of(std::uint32_t v) {
  return ObjectId{static_cast<std::uint16_t>(v >> 22), v & 0x3FFFFFu};
}

// The next tag without consuming it.
bool peek_tag(const ByteReader& r, Tag& out) {
  ByteReader copy = r;
  return read_tag(copy, out) == Error::None;
}

bool next_is_context(const ByteReader& r, std::uint32_t number) {
  Tag t;
  return peek_tag(r, t) && t.context && !t.opening && !t.closing && t.number == number;
}
bool next_is_opening(const ByteReader& r, std::uint32_t number) {
  Tag t;
  return peek_tag(r, t) && t.context && t.opening && t.number == number;
}
bool next_is_closing(const ByteReader& r, std::uint32_t number) {
  Tag t;
  return peek_tag(r, t) && t.context && t.closing && t.number == number;
}

// A context tag `number` holding an unsigned value (also enumerations).
Error context_unsigned(ByteReader& r, std::uint32_t number, std::uint32_t& out) {
  Tag t;
  if (const Error e = read_tag(r, t); e != Error::None) return e;
  if (!t.context || t.opening || t.closing || t.number != number) return Error::UnexpectedContent;
  return unsigned_value(t.value, out) ? Error::None : Error::UnexpectedContent;
}

Error context_object(ByteReader& r, std::uint32_t number, ObjectId& out) {
  Tag t;
  if (const Error e = read_tag(r, t); e != Error::None) return e;
  if (!t.context || t.opening || t.closing || t.number != number || t.value.size() != 4)
    return Error::UnexpectedContent;
  std::uint32_t v = 0;
  unsigned_value(t.value, v);
  out = object_of(v);
  return Error::None;
}

// A property reference: the property identifier in context tag `number`, then the array index
// in tag `number` + 1 when there is one.
Error property_reference(ByteReader& r, std::uint32_t number, PropertyValue& out) {
  if (const Error e = context_unsigned(r, number, out.property); e != Error::None) return e;
  if (!next_is_context(r, number + 1)) return Error::None;
  std::uint32_t index = 0;
  if (const Error e = context_unsigned(r, number + 1, index); e != Error::None) return e;
  out.array_index = index;
  return Error::None;
}

Error application(ByteReader& r, std::uint8_t tag, Tag& out) {
  if (const Error e = read_tag(r, out); e != Error::None) return e;
  if (out.context || out.number != tag) return Error::UnexpectedContent;
  return Error::None;
}

Error opening(ByteReader& r, std::uint32_t number) {
  Tag t;
  if (const Error e = read_tag(r, t); e != Error::None) return e;
  return t.context && t.opening && t.number == number ? Error::None : Error::UnexpectedContent;
}
Error closing(ByteReader& r, std::uint32_t number) {
  Tag t;
  if (const Error e = read_tag(r, t); e != Error::None) return e;
  return t.context && t.closing && t.number == number ? Error::None : Error::UnexpectedContent;
}

// After opening tag `number`: up to its closing tag, keeping the first application value.
Error read_value(ByteReader& r, std::uint32_t number, Value& out) {
  int depth = 0;
  for (;;) {
    Tag t;
    if (const Error e = read_tag(r, t); e != Error::None) return e;
    if (t.opening) {
      ++depth;
      continue;
    }
    if (t.closing) {
      if (depth == 0) return t.number == number ? Error::None : Error::UnexpectedContent;
      --depth;
      continue;
    }
    if (!out.present && !t.context) {
      out.present = true;
      out.tag = static_cast<std::uint8_t>(t.number);
      out.boolean_value = t.boolean_value;
      out.bytes = t.value;
    }
  }
}

void append_utf8(std::string& s, std::uint32_t c) {
  if (c < 0x20 && c != '\t') c = '?';  // control characters are not identity text
  if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
  if (c > 0x10FFFF) c = 0xFFFD;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | c >> 6);
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | c >> 12);
    s += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | c >> 18);
    s += static_cast<char>(0x80 | (c >> 12 & 0x3F));
    s += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

std::string_view error_name(Error e) {
  switch (e) {
    case Error::None:
      return "none";
    case Error::Truncated:
      return "truncated";
    case Error::BadBvlcType:
      return "bad_bvlc_type";
    case Error::BadBvlcLength:
      return "bad_bvlc_length";
    case Error::BadNpduVersion:
      return "bad_npdu_version";
    case Error::BadNpdu:
      return "bad_npdu";
    case Error::BadApduType:
      return "bad_apdu_type";
    case Error::BadTag:
      return "bad_tag";
    case Error::UnexpectedContent:
      return "unexpected_content";
  }
  return "unknown";
}

bool unsigned_value(Bytes b, std::uint32_t& out) {
  if (b.empty() || b.size() > 4) return false;
  out = 0;
  for (std::uint8_t x : b) out = out << 8 | x;
  return true;
}

Error decode_bvlc(Bytes datagram, Bvlc& out) {
  out = Bvlc{};
  ByteReader r(datagram);
  std::uint8_t type = 0;
  if (!r.u8(type)) return Error::Truncated;
  if (type != kBvlcType) return Error::BadBvlcType;
  if (!r.u8(out.function) || !r.be16(out.length)) return Error::Truncated;
  if (out.length < 4 || out.length != datagram.size()) return Error::BadBvlcLength;
  switch (out.function) {
    case kForwardedNpdu:
      if (!r.skip(6)) return Error::Truncated;  // B/IP address of the original source
      [[fallthrough]];
    case kDistributeBroadcast:
    case kOriginalUnicast:
    case kOriginalBroadcast:
      out.npdu = r.rest();
      break;
    default:
      break;
  }
  return Error::None;
}

Error decode_npdu(Bytes npdu, Npdu& out) {
  out = Npdu{};
  ByteReader r(npdu);
  std::uint8_t version = 0;
  if (!r.u8(version) || !r.u8(out.control)) return Error::Truncated;
  if (version != kNpduVersion) return Error::BadNpduVersion;
  out.network_message = (out.control & 0x80) != 0;
  std::uint8_t len = 0;
  if (out.control & 0x20) {
    std::uint16_t net = 0;
    if (!r.be16(net) || !r.u8(len)) return Error::Truncated;
    if (!r.skip(len)) return Error::BadNpdu;
    out.dnet = net;
  }
  if (out.control & 0x08) {
    std::uint16_t net = 0;
    if (!r.be16(net) || !r.u8(len)) return Error::Truncated;
    if (len == 0 || !r.skip(len)) return Error::BadNpdu;
    out.snet = net;
  }
  if (out.dnet && !r.u8(out.hop_count)) return Error::Truncated;
  if (out.network_message) {
    if (!r.u8(out.message_type)) return Error::Truncated;
    if (out.message_type >= 0x80 && !r.skip(2)) return Error::Truncated;  // vendor id
  }
  out.payload = r.rest();
  return Error::None;
}

Error decode_apdu(Bytes apdu, Apdu& out) {
  out = Apdu{};
  ByteReader r(apdu);
  std::uint8_t b0 = 0, v = 0;
  if (!r.u8(b0)) return Error::Truncated;
  out.type = b0 >> 4;
  out.segmented = (b0 & 0x08) != 0;
  out.more_follows = (b0 & 0x04) != 0;
  switch (out.type) {
    case kConfirmedRequest:
      if (!r.skip(1) || !r.u8(out.invoke_id)) return Error::Truncated;  // max segments/APDU
      if (out.segmented && (!r.u8(out.sequence) || !r.skip(1))) return Error::Truncated;
      if (!r.u8(v)) return Error::Truncated;
      out.service = v;
      break;
    case kUnconfirmedRequest:
      out.segmented = out.more_follows = false;
      if (!r.u8(v)) return Error::Truncated;
      out.service = v;
      break;
    case kSimpleAck:
    case kError:
      out.segmented = out.more_follows = false;
      if (!r.u8(out.invoke_id) || !r.u8(v)) return Error::Truncated;
      out.service = v;
      break;
    case kComplexAck:
      if (!r.u8(out.invoke_id)) return Error::Truncated;
      if (out.segmented && (!r.u8(out.sequence) || !r.skip(1))) return Error::Truncated;
      if (!r.u8(v)) return Error::Truncated;
      out.service = v;
      break;
    case kSegmentAck:
      out.segmented = out.more_follows = false;
      if (!r.u8(out.invoke_id) || !r.u8(out.sequence) || !r.skip(1)) return Error::Truncated;
      break;
    case kReject:
    case kAbort:
      out.segmented = out.more_follows = false;
      if (!r.u8(out.invoke_id) || !r.u8(out.reason)) return Error::Truncated;
      break;
    default:
      return Error::BadApduType;
  }
  out.body = r.rest();
  return Error::None;
}

Error read_tag(ByteReader& r, Tag& out) {
  out = Tag{};
  ByteReader at = r;
  std::uint8_t b = 0;
  if (!at.u8(b)) return Error::Truncated;
  out.number = b >> 4;
  out.context = (b & 0x08) != 0;
  const std::uint8_t lvt = b & 0x07;
  if (out.number == 15) {
    std::uint8_t n = 0;
    if (!at.u8(n)) return Error::BadTag;
    out.number = n;
  }
  if (out.context && (lvt == 6 || lvt == 7)) {
    out.opening = lvt == 6;
    out.closing = lvt == 7;
    r = at;
    return Error::None;
  }
  if (!out.context && out.number == kTagBoolean) {
    out.boolean_value = lvt != 0;
    r = at;
    return Error::None;
  }
  std::uint32_t len = lvt;
  if (lvt == 5) {
    std::uint8_t ext = 0;
    if (!at.u8(ext)) return Error::BadTag;
    if (ext == 254) {
      std::uint16_t l = 0;
      if (!at.be16(l)) return Error::BadTag;
      len = l;
    } else if (ext == 255) {
      if (!at.be32(len)) return Error::BadTag;
    } else {
      len = ext;
    }
  }
  if (!at.take(len, out.value)) return Error::BadTag;
  r = at;
  return Error::None;
}

std::optional<double> Value::number() const {
  if (!present) return std::nullopt;
  switch (tag) {
    case kTagBoolean:
      return boolean_value ? 1.0 : 0.0;
    case kTagUnsigned:
    case kTagEnumerated: {
      if (bytes.empty() || bytes.size() > 8) return std::nullopt;
      std::uint64_t v = 0;
      for (std::uint8_t x : bytes) v = v << 8 | x;
      return static_cast<double>(v);
    }
    case kTagSigned: {
      if (bytes.empty() || bytes.size() > 8) return std::nullopt;
      std::int64_t v = (bytes[0] & 0x80) ? -1 : 0;
      for (std::uint8_t x : bytes)
        v = static_cast<std::int64_t>(static_cast<std::uint64_t>(v) << 8 | x);
      return static_cast<double>(v);
    }
    case kTagReal: {
      if (bytes.size() != 4) return std::nullopt;
      std::uint32_t v = 0;
      for (std::uint8_t x : bytes) v = v << 8 | x;
      return static_cast<double>(std::bit_cast<float>(v));
    }
    case kTagDouble: {
      if (bytes.size() != 8) return std::nullopt;
      std::uint64_t v = 0;
      for (std::uint8_t x : bytes) v = v << 8 | x;
      return std::bit_cast<double>(v);
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::string> Value::text() const {
  if (!present || tag != kTagCharacterString || bytes.empty()) return std::nullopt;
  const Bytes s = bytes.subspan(1);
  std::string out;
  switch (bytes[0]) {
    case 0:  // ISO 10646 UTF-8 (formerly ANSI X3.4)
      for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence(s.subspan(i));
        if (n == 0) {
          out += '?';
          ++i;
          continue;
        }
        if (n == 1 && s[i] < 0x20 && s[i] != '\t')
          out += '?';
        else
          out.append(reinterpret_cast<const char*>(s.data() + i), n);
        i += n;
      }
      break;
    case 3:  // UCS-4, big-endian
      for (std::size_t i = 0; i + 4 <= s.size(); i += 4)
        append_utf8(out, std::uint32_t{s[i]} << 24 | std::uint32_t{s[i + 1]} << 16 |
                             std::uint32_t{s[i + 2]} << 8 | s[i + 3]);
      break;
    case 4:  // UCS-2, big-endian
      for (std::size_t i = 0; i + 2 <= s.size(); i += 2)
        append_utf8(out, std::uint32_t{s[i]} << 8 | s[i + 1]);
      break;
    case 5:  // ISO 8859-1
      for (std::uint8_t c : s) append_utf8(out, c);
      break;
    default:  // DBCS and JIS X 0208: not converted
      return std::nullopt;
  }
  while (!out.empty() && (out.back() == '\0' || out.back() == ' ')) out.pop_back();
  return out;
}

std::optional<ObjectId> Value::object() const {
  if (!present || tag != kTagObjectId || bytes.size() != 4) return std::nullopt;
  std::uint32_t v = 0;
  unsigned_value(bytes, v);
  return object_of(v);
}

Error decode_i_am(Bytes body, IAm& out) {
  out = IAm{};
  ByteReader r(body);
  Tag t;
  if (const Error e = application(r, kTagObjectId, t); e != Error::None) return e;
  std::uint32_t v = 0;
  if (!unsigned_value(t.value, v) || t.value.size() != 4) return Error::UnexpectedContent;
  out.device = object_of(v);
  if (const Error e = application(r, kTagUnsigned, t); e != Error::None) return e;
  if (!unsigned_value(t.value, out.max_apdu)) return Error::UnexpectedContent;
  if (const Error e = application(r, kTagEnumerated, t); e != Error::None) return e;
  if (!unsigned_value(t.value, out.segmentation)) return Error::UnexpectedContent;
  if (const Error e = application(r, kTagUnsigned, t); e != Error::None) return e;
  if (!unsigned_value(t.value, out.vendor_id)) return Error::UnexpectedContent;
  return Error::None;
}

Error decode_read_property(Bytes body, PropertyValue& out) {
  out = PropertyValue{};
  ByteReader r(body);
  if (const Error e = context_object(r, 0, out.object); e != Error::None) return e;
  if (const Error e = property_reference(r, 1, out); e != Error::None) return e;
  return Error::None;
}

Error decode_read_property_ack(Bytes body, PropertyValue& out) {
  out = PropertyValue{};
  ByteReader r(body);
  if (const Error e = context_object(r, 0, out.object); e != Error::None) return e;
  if (const Error e = property_reference(r, 1, out); e != Error::None) return e;
  if (const Error e = opening(r, 3); e != Error::None) return e;
  return read_value(r, 3, out.value);
}

Error decode_read_property_multiple_ack(Bytes body, std::vector<PropertyValue>& out) {
  out.clear();
  ByteReader r(body);
  while (!r.empty()) {
    PropertyValue base;
    if (const Error e = context_object(r, 0, base.object); e != Error::None) return e;
    if (const Error e = opening(r, 1); e != Error::None) return e;
    while (!next_is_closing(r, 1)) {
      PropertyValue p = base;
      if (const Error e = property_reference(r, 2, p); e != Error::None) return e;
      if (next_is_opening(r, 4)) {
        if (const Error e = opening(r, 4); e != Error::None) return e;
        if (const Error e = read_value(r, 4, p.value); e != Error::None) return e;
        out.push_back(p);
      } else {
        Value ignored;  // [5] property access error
        if (const Error e = opening(r, 5); e != Error::None) return e;
        if (const Error e = read_value(r, 5, ignored); e != Error::None) return e;
      }
    }
    if (const Error e = closing(r, 1); e != Error::None) return e;
  }
  return Error::None;
}

Error decode_read_property_multiple(Bytes body, std::vector<PropertyValue>& out) {
  out.clear();
  ByteReader r(body);
  while (!r.empty()) {
    PropertyValue base;
    if (const Error e = context_object(r, 0, base.object); e != Error::None) return e;
    if (const Error e = opening(r, 1); e != Error::None) return e;
    while (!next_is_closing(r, 1)) {
      PropertyValue p = base;
      if (const Error e = property_reference(r, 0, p); e != Error::None) return e;
      out.push_back(p);
    }
    if (const Error e = closing(r, 1); e != Error::None) return e;
  }
  return Error::None;
}

Error decode_write_property(Bytes body, PropertyValue& out) {
  out = PropertyValue{};
  ByteReader r(body);
  if (const Error e = context_object(r, 0, out.object); e != Error::None) return e;
  if (const Error e = property_reference(r, 1, out); e != Error::None) return e;
  if (const Error e = opening(r, 3); e != Error::None) return e;
  if (const Error e = read_value(r, 3, out.value); e != Error::None) return e;
  if (next_is_context(r, 4)) {
    std::uint32_t priority = 0;
    if (const Error e = context_unsigned(r, 4, priority); e != Error::None) return e;
    if (priority < 1 || priority > 16) return Error::UnexpectedContent;
    out.priority = static_cast<std::uint8_t>(priority);
  }
  return Error::None;
}

Error decode_write_property_multiple(Bytes body, std::vector<PropertyValue>& out) {
  out.clear();
  ByteReader r(body);
  while (!r.empty()) {
    PropertyValue base;
    if (const Error e = context_object(r, 0, base.object); e != Error::None) return e;
    if (const Error e = opening(r, 1); e != Error::None) return e;
    while (!next_is_closing(r, 1)) {
      PropertyValue p = base;
      if (const Error e = property_reference(r, 0, p); e != Error::None) return e;
      if (const Error e = opening(r, 2); e != Error::None) return e;
      if (const Error e = read_value(r, 2, p.value); e != Error::None) return e;
      if (next_is_context(r, 3)) {
        std::uint32_t priority = 0;
        if (const Error e = context_unsigned(r, 3, priority); e != Error::None) return e;
        if (priority < 1 || priority > 16) return Error::UnexpectedContent;
        p.priority = static_cast<std::uint8_t>(priority);
      }
      out.push_back(p);
    }
    if (const Error e = closing(r, 1); e != Error::None) return e;
  }
  return Error::None;
}

Error decode_reinitialize_device(Bytes body, std::uint32_t& state) {
  ByteReader r(body);
  return context_unsigned(r, 0, state);
}

Error decode_communication_control(Bytes body, std::uint32_t& state, std::uint32_t& minutes) {
  ByteReader r(body);
  minutes = 0;
  if (next_is_context(r, 0))
    if (const Error e = context_unsigned(r, 0, minutes); e != Error::None) return e;
  return context_unsigned(r, 1, state);
}

Error decode_error(Bytes body, std::uint32_t& error_class, std::uint32_t& error_code) {
  ByteReader r(body);
  // Some services wrap the error in [0] (createObject, WritePropertyMultiple...).
  if (next_is_opening(r, 0))
    if (const Error e = opening(r, 0); e != Error::None) return e;
  Tag t;
  if (const Error e = application(r, kTagEnumerated, t); e != Error::None) return e;
  if (!unsigned_value(t.value, error_class)) return Error::UnexpectedContent;
  if (const Error e = application(r, kTagEnumerated, t); e != Error::None) return e;
  if (!unsigned_value(t.value, error_code)) return Error::UnexpectedContent;
  return Error::None;
}

Error decode_object_argument(Bytes body, ObjectId& out) {
  ByteReader r(body);
  Tag t;
  if (const Error e = application(r, kTagObjectId, t); e != Error::None) return e;
  std::uint32_t v = 0;
  if (t.value.size() != 4 || !unsigned_value(t.value, v)) return Error::UnexpectedContent;
  out = object_of(v);
  return Error::None;
}

}  // namespace otscope::bacnet
