#include "protocols/snmp/decoder.h"

#include <algorithm>

namespace otscope::snmp {
namespace {

constexpr std::uint8_t kSequence = 0x30, kInteger = 0x02, kOctetString = 0x04, kOid = 0x06,
                       kIpAddress = 0x40, kTimeTicks = 0x43;
constexpr std::size_t kMaxOidArcs = 128;

// One TLV: the tag, then the content (definite lengths only).
Error tlv(ByteReader& r, std::uint8_t& tag, Bytes& content) {
  if (!r.u8(tag)) return Error::Truncated;
  std::uint8_t first = 0;
  if (!r.u8(first)) return Error::Truncated;
  std::size_t len = first;
  if (first & 0x80) {
    const std::size_t n = first & 0x7F;
    if (n == 0 || n > 4) return Error::BadLength;  // indefinite, or absurd
    len = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint8_t b = 0;
      if (!r.u8(b)) return Error::Truncated;
      len = len << 8 | b;
    }
  }
  if (!r.take(len, content)) return Error::Truncated;
  return Error::None;
}

Error expect(ByteReader& r, std::uint8_t want, Bytes& content) {
  std::uint8_t tag = 0;
  if (const Error e = tlv(r, tag, content); e != Error::None) return e;
  return tag == want ? Error::None : Error::BadTag;
}

Error integer(ByteReader& r, std::int64_t& out) {
  Bytes c;
  if (const Error e = expect(r, kInteger, c); e != Error::None) return e;
  if (c.empty() || c.size() > 8) return Error::BadLength;
  std::int64_t v = (c[0] & 0x80) ? -1 : 0;
  for (std::uint8_t b : c) v = static_cast<std::int64_t>(static_cast<std::uint64_t>(v) << 8 | b);
  out = v;
  return Error::None;
}

Error read_pdu(std::uint8_t tag, Bytes content, Pdu& out, std::size_t max_varbinds) {
  out = Pdu{};
  out.type = static_cast<std::uint8_t>(tag & 0x1F);
  ByteReader r(content);
  if (out.type == kTrapV1) {
    Bytes c;
    if (const Error e = expect(r, kOid, c); e != Error::None) return e;
    out.enterprise = oid_text(c);
    if (const Error e = expect(r, kIpAddress, c); e != Error::None) return e;
    std::int64_t generic = 0, specific = 0;
    if (const Error e = integer(r, generic); e != Error::None) return e;
    if (const Error e = integer(r, specific); e != Error::None) return e;
    if (const Error e = expect(r, kTimeTicks, c); e != Error::None) return e;
    out.error_status = generic;
    out.error_index = specific;
  } else {
    if (const Error e = integer(r, out.request_id); e != Error::None) return e;
    if (const Error e = integer(r, out.error_status); e != Error::None) return e;
    if (const Error e = integer(r, out.error_index); e != Error::None) return e;
  }
  Bytes list;
  if (const Error e = expect(r, kSequence, list); e != Error::None) return e;
  ByteReader vr(list);
  while (!vr.empty()) {
    Bytes vb;
    if (const Error e = expect(vr, kSequence, vb); e != Error::None) return e;
    ByteReader br(vb);
    Bytes oid;
    if (const Error e = expect(br, kOid, oid); e != Error::None) return e;
    VarBind v;
    if (const Error e = tlv(br, v.type, v.value); e != Error::None) return e;
    if (out.varbinds.size() < max_varbinds) {
      v.oid = oid_text(oid);
      out.varbinds.push_back(std::move(v));
    }
  }
  return Error::None;
}

}  // namespace

std::string_view error_name(Error e) {
  switch (e) {
    case Error::None:
      return "none";
    case Error::Truncated:
      return "truncated";
    case Error::BadTag:
      return "bad_tag";
    case Error::BadLength:
      return "bad_length";
    case Error::BadVersion:
      return "bad_version";
    case Error::BadPdu:
      return "bad_pdu";
  }
  return "unknown";
}

std::string oid_text(Bytes c) {
  if (c.empty()) return {};
  std::string out;
  std::uint64_t arc = 0;
  std::size_t arcs = 0, digits = 0;
  bool first = true;
  for (std::uint8_t b : c) {
    if (digits == 0 && b == 0x80) return {};  // non-minimal encoding
    arc = arc << 7 | (b & 0x7F);
    if (++digits > 9) return {};
    if (b & 0x80) continue;
    if (first) {
      const std::uint64_t x = arc < 80 ? arc / 40 : 2;
      out = std::to_string(x) + "." + std::to_string(arc - 40 * x);
      first = false;
    } else {
      out += "." + std::to_string(arc);
    }
    if (++arcs > kMaxOidArcs) return {};
    arc = 0;
    digits = 0;
  }
  return digits == 0 ? out : std::string();
}

std::optional<std::string> text_value(const VarBind& vb) {
  if (vb.type != kOctetString) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < vb.value.size();) {
    if (vb.value[i] == 0) {  // NUL padding
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence(vb.value.subspan(i));
    if (n == 0 || (n == 1 && vb.value[i] < 0x20 && vb.value[i] != '\t' && vb.value[i] != '\n' &&
                   vb.value[i] != '\r')) {
      out += '?';
      ++i;
      continue;
    }
    if (n == 1 && (vb.value[i] == '\n' || vb.value[i] == '\r' || vb.value[i] == '\t'))
      out += ' ';
    else
      out.append(reinterpret_cast<const char*>(vb.value.data() + i), n);
    i += n;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Error decode_message(Bytes datagram, Message& out, std::size_t max_varbinds) {
  out = Message{};
  ByteReader top(datagram);
  Bytes msg;
  if (const Error e = expect(top, kSequence, msg); e != Error::None) return e;
  ByteReader r(msg);
  if (const Error e = integer(r, out.version); e != Error::None) return e;
  if (out.version != 0 && out.version != 1 && out.version != 3) return Error::BadVersion;
  if (out.version == 3) {
    Bytes global, flags, security;
    if (const Error e = expect(r, kSequence, global); e != Error::None) return e;
    ByteReader g(global);
    std::int64_t id = 0, max_size = 0, model = 0;
    if (const Error e = integer(g, id); e != Error::None) return e;
    if (const Error e = integer(g, max_size); e != Error::None) return e;
    if (const Error e = expect(g, kOctetString, flags); e != Error::None) return e;
    if (const Error e = integer(g, model); e != Error::None) return e;
    if (flags.size() != 1) return Error::BadLength;
    if (const Error e = expect(r, kOctetString, security); e != Error::None) return e;
    out.encrypted = (flags[0] & 0x02) != 0;
    std::uint8_t tag = 0;
    Bytes data;
    if (const Error e = tlv(r, tag, data); e != Error::None) return e;
    if (out.encrypted) return tag == kOctetString ? Error::None : Error::BadTag;
    if (tag != kSequence) return Error::BadTag;
    ByteReader scoped(data);
    Bytes engine, context;
    if (const Error e = expect(scoped, kOctetString, engine); e != Error::None) return e;
    if (const Error e = expect(scoped, kOctetString, context); e != Error::None) return e;
    r = scoped;
  } else {
    Bytes community;
    if (const Error e = expect(r, kOctetString, community); e != Error::None) return e;
    out.has_community = true;
    out.community_length = community.size();
    const std::string_view c(reinterpret_cast<const char*>(community.data()), community.size());
    out.default_community = c == "public" || c == "private";
  }
  std::uint8_t tag = 0;
  Bytes content;
  if (const Error e = tlv(r, tag, content); e != Error::None) return e;
  if (tag < 0xA0 || tag > 0xA8) return Error::BadPdu;
  if (tag == 0xA4 && out.version != 0) return Error::BadPdu;  // the v1 trap is v1 only
  Pdu pdu;
  if (const Error e = read_pdu(tag, content, pdu, max_varbinds); e != Error::None) return e;
  out.pdu = std::move(pdu);
  return Error::None;
}

}  // namespace otscope::snmp
