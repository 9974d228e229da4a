#include "protocols/s7/s7plus.h"

namespace otscope::s7 {

namespace {

constexpr std::uint8_t kWStringType = 0x15;  // S7comm-plus datatype of a (wide) string value
constexpr std::size_t kMaxVlqBytes = 5;

/// Variable-length unsigned integer of S7comm-plus values: 7 bits per byte, high bit = more.
bool read_vlq(ByteReader& r, std::uint32_t& out) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < kMaxVlqBytes; ++i) {
    std::uint8_t b = 0;
    if (!r.u8(b)) return false;
    v = v << 7 | (b & 0x7Fu);
    if ((b & 0x80) == 0) {
      out = v;
      return true;
    }
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

/// "<n>;<order number>;V<version>" as the PLC reports its identity at session setup.
bool parse_identity_string(std::string_view s, std::string& order, std::string& version) {
  const std::size_t a = s.find(';');
  if (a == std::string_view::npos) return false;
  const std::size_t b = s.find(';', a + 1);
  if (b == std::string_view::npos || s.find(';', b + 1) != std::string_view::npos) return false;
  const std::string_view n = s.substr(0, a);
  const std::string_view o = trim(s.substr(a + 1, b - a - 1));
  const std::string_view v = trim(s.substr(b + 1));
  if (n.empty() || n.size() > 3) return false;
  for (char c : n)
    if (c < '0' || c > '9') return false;
  if (o.size() < 8 || o.size() > 30 || o.find('-') == std::string_view::npos) return false;
  if (o.front() < '0' || o.front() > '9') return false;
  for (char c : o)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '-')) return false;
  if (v.size() < 2 || v.front() != 'V' || v[1] < '0' || v[1] > '9') return false;
  for (char c : v.substr(1))
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  order = std::string(o);
  version = std::string(v);
  return true;
}

}  // namespace

std::string_view s7plus_error_kind(S7PlusError e) {
  switch (e) {
    case S7PlusError::None:
      return "ok";
    case S7PlusError::TooShort:
      return "too_short";
    case S7PlusError::BadProtocolId:
      return "bad_protocol_id";
    case S7PlusError::LengthMismatch:
      return "length_mismatch";
    case S7PlusError::BadTrailer:
      return "bad_trailer";
    case S7PlusError::BadDigest:
      return "bad_digest";
    case S7PlusError::TruncatedHeader:
      return "truncated_header";
  }
  return "error";
}

S7PlusError decode_s7plus_frame(Bytes tsdu, S7PlusFrame& out) {
  out = S7PlusFrame{};
  ByteReader r(tsdu);
  std::uint8_t id = 0;
  if (!r.u8(id)) return S7PlusError::TooShort;
  if (id != kS7commPlusId) return S7PlusError::BadProtocolId;
  if (!r.u8(out.version) || !r.be16(out.data_length)) return S7PlusError::TooShort;
  if (!r.take(out.data_length, out.data)) return S7PlusError::LengthMismatch;
  if (r.empty()) return S7PlusError::None;  // a part of a split PDU: no trailer yet
  if (r.remaining() != 4) return S7PlusError::LengthMismatch;
  std::uint8_t trailer_id = 0;
  std::uint8_t trailer_version = 0;
  std::uint16_t trailer_length = 0;
  r.u8(trailer_id);
  r.u8(trailer_version);
  r.be16(trailer_length);
  if (trailer_id != kS7commPlusId || trailer_length != 0) return S7PlusError::BadTrailer;
  out.has_trailer = true;
  return S7PlusError::None;
}

S7PlusError decode_s7plus_pdu(std::uint8_t version, Bytes data, S7PlusPdu& out) {
  out = S7PlusPdu{};
  out.version = version;
  ByteReader r(data);
  if (r.empty()) return S7PlusError::TooShort;
  if (version == 3) {
    // V3 protects the PDU with a digest (length byte, normally 32, then the digest).
    std::uint8_t digest_length = 0;
    if (!r.u8(digest_length) || !r.skip(digest_length)) return S7PlusError::BadDigest;
    out.integrity = true;
  }
  if (!r.u8(out.opcode)) return S7PlusError::TooShort;
  switch (out.opcode) {
    case s7p::kRequest:
      if (!r.skip(2) || !r.be16(out.function) || !r.skip(2) || !r.be16(out.sequence) ||
          !r.be32(out.session_id) || !r.u8(out.transport_flags))
        return S7PlusError::TruncatedHeader;
      out.has_function = true;
      out.has_session = true;
      out.has_object = r.be32(out.object_id);
      break;
    case s7p::kResponse:
    case s7p::kResponse2:
      if (!r.skip(2) || !r.be16(out.function) || !r.skip(2) || !r.be16(out.sequence) ||
          !r.u8(out.transport_flags))
        return S7PlusError::TruncatedHeader;
      out.has_function = true;
      break;
    case s7p::kNotification:
      if (!r.be32(out.object_id)) return S7PlusError::TruncatedHeader;
      out.has_object = true;
      break;
    default:
      // Encrypted (TLS-protected) or unknown content: counted, not decoded.
      out.body = data;
      return S7PlusError::None;
  }
  out.readable = true;
  out.body = r.rest();
  return S7PlusError::None;
}

S7PlusOperation s7plus_operation(const S7PlusPdu& pdu) {
  if (!pdu.readable) return {kS7plusUnreadable, {}};
  if (!pdu.has_function) return {kS7plusNotification, {}};
  S7PlusOperation op{s7plus_function(pdu.function).value_or(kUnknownS7plusFunction), {}};
  const bool on_session = pdu.has_object && pdu.has_session && pdu.object_id == pdu.session_id;
  switch (pdu.function) {
    case s7p::kCreateObject:
      if (pdu.version == 1) op = {{op.info.name, OpClass::Session}, "session setup"};
      break;
    case s7p::kDeleteObject:
      if (on_session) op = {{op.info.name, OpClass::Session}, "session close"};
      break;
    case s7p::kSetMultiVariables:
      if (on_session) op = {{op.info.name, OpClass::Session}, "session parameters"};
      break;
    case s7p::kSetVariable:
      if (pdu.has_object && pdu.object_id == s7p::kCpuExecUnitObject)
        op = {{op.info.name, OpClass::ModeChange}, "CPU operating state"};
      break;
    default:
      break;
  }
  return op;
}

std::vector<IdentityFact> s7plus_identity(const S7PlusPdu& pdu) {
  std::vector<IdentityFact> facts;
  const Bytes body = pdu.body;
  for (std::size_t i = 0; i + 1 < body.size(); ++i) {
    if (body[i] != kWStringType) continue;
    ByteReader r(body.subspan(i + 1));
    std::uint32_t length = 0;
    Bytes text;
    if (!read_vlq(r, length) || length == 0 || !r.take(length, text)) continue;
    std::string order;
    std::string version;
    const std::string s = printable_string(text);
    if (!parse_identity_string(s, order, version)) continue;
    if (std::string_view family = model_family(order); !family.empty())
      facts.push_back({"model", std::string(family)});
    if (order.rfind("6ES7", 0) == 0) facts.push_back({"vendor", "Siemens"});
    facts.push_back({"order_number", order});
    facts.push_back({"firmware", version});
    break;  // the first such string names the CPU itself
  }
  return facts;
}

S7PlusReassembler::Result S7PlusReassembler::add(const S7PlusFrame& frame, Bytes& data,
                                                 std::uint8_t& version) {
  if (!in_progress_) {
    if (frame.has_trailer) {
      data = frame.data;
      version = frame.version;
      return Result::Whole;
    }
    in_progress_ = true;
    version_ = frame.version;
    buf_.assign(frame.data.begin(), frame.data.end());
    return Result::Part;
  }
  if (buf_.size() + frame.data.size() > kMaxBytes) {
    reset();
    return Result::Overflow;
  }
  buf_.insert(buf_.end(), frame.data.begin(), frame.data.end());
  if (!frame.has_trailer) return Result::Part;
  done_.swap(buf_);
  buf_.clear();
  in_progress_ = false;
  data = done_;
  version = version_;
  return Result::Complete;
}

}  // namespace otscope::s7
