#include "protocols/mms/decoder.h"

#include <iterator>

namespace otscope::mms {

namespace {

// Identifier octets of the elements walked here.
constexpr std::uint8_t kBerInteger = 0x02;
constexpr std::uint8_t kBerSequence = 0x30;
constexpr std::uint8_t kBerSet = 0x31;
constexpr std::uint8_t kBerExternal = 0x28;
constexpr std::uint8_t kBerVisibleString = 0x1A;
constexpr std::uint8_t kPresentationUserData = 0x61;  // fully-encoded-data [APPLICATION 1]
constexpr std::uint8_t kSingleAsn1Type = 0xA0;        // PDV-list / EXTERNAL encoding [0]
constexpr std::uint8_t kOctetAligned = 0x81;          // PDV-list / EXTERNAL encoding [1]
constexpr std::uint8_t kAcseUserInformation = 0xBE;   // [30] in AARQ, AARE, RLRQ, RLRE, ABRT
/// ACSE APDUs are [APPLICATION 0..4] constructed: AARQ, AARE, RLRQ, RLRE, ABRT.
bool is_acse(std::uint8_t identifier) {
  return identifier >= 0x60 && identifier <= 0x64;
}

/// The first element of `bytes` with identifier `id`, looking into constructed elements down to
/// `depth` levels.
std::optional<BerElement> find(Bytes bytes, std::uint8_t id, int depth) {
  while (!bytes.empty()) {
    BerElement e;
    if (!read_ber(bytes, e)) return std::nullopt;
    if (e.identifier == id) return e;
    if (depth > 0 && e.constructed())
      if (auto inner = find(e.content, id, depth - 1)) return inner;
    bytes = bytes.subspan(e.size);
  }
  return std::nullopt;
}

/// The value of the first presentation data value of fully-encoded user data.
std::optional<Bytes> first_pdv(Bytes user_data) {
  BerElement pdv_list;
  if (!read_ber(user_data, pdv_list) || pdv_list.identifier != kBerSequence) return std::nullopt;
  Bytes rest = pdv_list.content;
  while (!rest.empty()) {
    BerElement e;
    if (!read_ber(rest, e)) return std::nullopt;
    if (e.identifier == kSingleAsn1Type || e.identifier == kOctetAligned) return e.content;
    rest = rest.subspan(e.size);
  }
  return std::nullopt;
}

/// Session parameters: a code, a length (one octet, or 0xFF and two), a value.
bool next_parameter(ByteReader& r, std::uint8_t& code, Bytes& value) {
  std::uint8_t length = 0;
  if (!r.u8(code) || !r.u8(length)) return false;
  std::size_t n = length;
  if (length == 0xFF) {
    std::uint16_t extended = 0;
    if (!r.be16(extended)) return false;
    n = extended;
  }
  return r.take(n, value);
}

/// An SPDU's identifier and parameter field; `r` is left after it.
bool read_spdu(ByteReader& r, std::uint8_t& si, Bytes& parameters) {
  return next_parameter(r, si, parameters);
}

bool connection_spdu(std::uint8_t si) {
  switch (si) {
    case spdu::kConnect:
    case spdu::kAccept:
    case spdu::kFinish:
    case spdu::kDisconnect:
    case spdu::kRefuse:
    case spdu::kAbort:
    case spdu::kAbortAccept:
      return true;
    default:
      return false;
  }
}

/// The session user data of a connection SPDU's parameters; empty when it has none.
bool user_data_parameter(Bytes parameters, Bytes& out) {
  ByteReader r(parameters);
  out = {};
  while (!r.empty()) {
    std::uint8_t code = 0;
    Bytes value;
    if (!next_parameter(r, code, value)) return false;
    if (code == spdu::kUserData || code == spdu::kExtendedUserData) out = value;
  }
  return true;
}

}  // namespace

std::string_view mms_error_kind(MmsError e) {
  switch (e) {
    case MmsError::None:
      return "ok";
    case MmsError::SessionTruncated:
      return "session_truncated";
    case MmsError::UnknownSpdu:
      return "unknown_spdu";
    case MmsError::PresentationBad:
      return "presentation_malformed";
    case MmsError::AcseBad:
      return "acse_malformed";
    case MmsError::PduBad:
      return "pdu_malformed";
    case MmsError::PduTruncated:
      return "pdu_truncated";
  }
  return "error";
}

FrameStart frame_start(Bytes b) {
  if (b.empty()) return FrameStart::NeedMore;
  if (b[0] != s7::kTpktVersion) return FrameStart::No;
  if (b.size() < 2) return FrameStart::NeedMore;
  if (b[1] != 0) return FrameStart::No;
  if (b.size() < s7::kTpktHeaderSize) return FrameStart::NeedMore;
  const std::size_t length = static_cast<std::size_t>(b[2] << 8 | b[3]);
  if (length < s7::kTpktMinLength) return FrameStart::No;
  if (b.size() < 6) return FrameStart::NeedMore;
  const std::uint8_t li = b[4];
  const std::uint8_t type = b[5];
  if (!s7::cotp_type_known(type)) return FrameStart::No;
  if (std::size_t{li} + 1 > length - s7::kTpktHeaderSize) return FrameStart::No;
  switch (type & 0xF0) {
    case 0xF0:
      if (li != 2) return FrameStart::No;
      if (length > s7::kTpktMinLength) {
        if (b.size() < 8) return FrameStart::NeedMore;
        if (spdu_name(b[7]).empty()) return FrameStart::No;
      }
      return FrameStart::Yes;
    case 0xE0:
    case 0xD0:
    case 0x80:
      return li >= 6 ? FrameStart::Yes : FrameStart::No;
    default:
      return li >= 2 ? FrameStart::Yes : FrameStart::No;
  }
}

Hunt MmsFraming::hunt(Bytes bytes) {
  std::size_t i = 0;
  FrameStart fs = FrameStart::No;
  for (; i < bytes.size(); ++i) {
    if (bytes[i] != s7::kTpktVersion) continue;
    fs = frame_start(bytes.subspan(i));
    if (fs != FrameStart::No) break;
  }
  if (i > 0) return Hunt::skip_bytes(i);
  return fs == FrameStart::Yes ? Hunt::found() : Hunt::need_more();
}

SessionStart session_start(Bytes data, bool complete) {
  const SessionStart short_of_bytes = complete ? SessionStart::No : SessionStart::NeedMore;
  if (data.empty()) return short_of_bytes;
  const std::uint8_t si = data[0];
  if (si == spdu::kGiveTokensOrData) {
    // GIVE TOKENS and DATA TRANSFER, both without parameters, then fully-encoded data.
    constexpr std::uint8_t kDataTransfer[] = {0x01, 0x00, 0x01, 0x00, kPresentationUserData};
    for (std::size_t i = 0; i < std::size(kDataTransfer); ++i) {
      if (i >= data.size()) return short_of_bytes;
      if (data[i] != kDataTransfer[i]) return SessionStart::No;
    }
    return SessionStart::Yes;
  }
  if (si != spdu::kConnect && si != spdu::kAccept) return SessionStart::No;
  ByteReader r(data);
  std::uint8_t code = 0;
  Bytes parameters;
  if (!read_spdu(r, code, parameters)) return short_of_bytes;
  Bytes user;
  if (!user_data_parameter(parameters, user) || user.empty()) return SessionStart::No;
  // The presentation CP-type or CPA-PPDU: a SET.
  return user[0] == kBerSet ? SessionStart::Yes : SessionStart::No;
}

bool read_ber(Bytes bytes, BerElement& out) {
  ByteReader r(bytes);
  out = BerElement{};
  if (!r.u8(out.identifier)) return false;
  out.tag = out.identifier & 0x1F;
  if (out.tag == 0x1F) {
    out.tag = 0;
    std::uint8_t b = 0;
    int n = 0;
    do {
      if (!r.u8(b) || ++n > 4) return false;
      out.tag = out.tag << 7 | (b & 0x7F);
    } while ((b & 0x80) != 0);
  }
  std::uint8_t first = 0;
  if (!r.u8(first)) return false;
  std::size_t length = first;
  if (first == 0x80) return false;  // indefinite
  if (first > 0x80) {
    const int n = first & 0x7F;
    if (n > 3) return false;
    length = 0;
    for (int i = 0; i < n; ++i) {
      std::uint8_t b = 0;
      if (!r.u8(b)) return false;
      length = length << 8 | b;
    }
  }
  if (!r.take(length, out.content)) return false;
  out.size = r.offset();
  return true;
}

MmsError decode_osi(Bytes tsdu, OsiMessage& out) {
  out = OsiMessage{};
  ByteReader r(tsdu);
  std::uint8_t si = 0;
  Bytes parameters;
  if (!read_spdu(r, si, parameters)) return MmsError::SessionTruncated;
  out.spdu = si;
  Bytes user;
  if (si == spdu::kGiveTokensOrData) {
    // GIVE TOKENS, then DATA TRANSFER, whose user information follows it.
    if (!r.empty()) {
      std::uint8_t second = 0;
      Bytes more;
      if (!read_spdu(r, second, more)) return MmsError::SessionTruncated;
      if (second != spdu::kGiveTokensOrData) return MmsError::UnknownSpdu;
    }
    user = r.rest();
  } else if (connection_spdu(si)) {
    if (!user_data_parameter(parameters, user)) return MmsError::SessionTruncated;
  } else {
    return MmsError::UnknownSpdu;
  }
  if (user.empty()) return MmsError::None;

  // Presentation: CP-type / CPA-PPDU (a SET holding the user data) or fully-encoded data.
  BerElement ppdu;
  if (!read_ber(user, ppdu)) return MmsError::PresentationBad;
  Bytes fully_encoded;
  if (ppdu.identifier == kBerSet) {
    const auto data = find(ppdu.content, kPresentationUserData, 2);
    if (!data) return MmsError::None;  // a connect or accept without user data
    fully_encoded = data->content;
  } else if (ppdu.identifier == kPresentationUserData) {
    fully_encoded = ppdu.content;
  } else {
    return MmsError::None;  // an abort or another PPDU without MMS
  }
  const auto value = first_pdv(fully_encoded);
  if (!value || value->empty()) return MmsError::PresentationBad;
  if (!is_acse((*value)[0])) {
    out.mms = *value;
    return MmsError::None;
  }
  // ACSE: the MMS PDU is the single-ASN1-type of the EXTERNAL in its user information.
  BerElement acse;
  if (!read_ber(*value, acse)) return MmsError::AcseBad;
  const auto info = find(acse.content, kAcseUserInformation, 0);
  if (!info) return MmsError::None;  // e.g. a release without MMS
  const auto external = find(info->content, kBerExternal, 0);
  if (!external) return MmsError::AcseBad;
  const auto encoding = find(external->content, kSingleAsn1Type, 0);
  if (!encoding) return MmsError::AcseBad;
  out.mms = encoding->content;
  return MmsError::None;
}

MmsError decode_mms(Bytes bytes, MmsPdu& out) {
  out = MmsPdu{};
  BerElement e;
  if (!read_ber(bytes, e) || !e.context() || e.tag > pdu::kConcludeError) return MmsError::PduBad;
  out.type = static_cast<std::uint8_t>(e.tag);
  auto invoke_id = [&](const BerElement& i) {
    if (i.content.empty() || i.content.size() > 5) return false;
    std::uint64_t v = 0;
    for (std::uint8_t b : i.content) v = v << 8 | b;
    out.invoke_id = static_cast<std::uint32_t>(v);
    out.has_invoke_id = true;
    return true;
  };
  switch (out.type) {
    case pdu::kConfirmedRequest:
    case pdu::kConfirmedResponse: {
      Bytes rest = e.content;
      BerElement id;
      if (!read_ber(rest, id) || id.identifier != kBerInteger || !invoke_id(id))
        return MmsError::PduTruncated;
      rest = rest.subspan(id.size);
      BerElement service;
      if (!read_ber(rest, service)) return MmsError::PduTruncated;
      if (service.identifier == kBerSequence) {  // listOfModifier
        rest = rest.subspan(service.size);
        if (!read_ber(rest, service)) return MmsError::PduTruncated;
      }
      if (!service.context()) return MmsError::PduBad;
      out.has_service = true;
      out.service = service.tag;
      out.service_element = service;
      return MmsError::None;
    }
    case pdu::kConfirmedError: {
      BerElement id;
      if (read_ber(e.content, id) && id.context() && id.tag == 0) invoke_id(id);
      return MmsError::None;
    }
    case pdu::kUnconfirmed: {
      BerElement service;
      if (!read_ber(e.content, service) || !service.context()) return MmsError::PduTruncated;
      out.has_service = true;
      out.service = service.tag;
      out.service_element = service;
      return MmsError::None;
    }
    case pdu::kReject: {
      BerElement id;
      if (read_ber(e.content, id) && id.context() && id.tag == 0) invoke_id(id);
      return MmsError::None;
    }
    case pdu::kCancelRequest:
    case pdu::kCancelResponse:
      invoke_id(e);
      return MmsError::None;
    default:
      return MmsError::None;
  }
}

bool decode_identify_response(const BerElement& service, Identity& out) {
  out = Identity{};
  Bytes rest = service.content;
  bool any = false;
  while (!rest.empty()) {
    BerElement e;
    if (!read_ber(rest, e)) return false;
    const std::string text(e.content.begin(), e.content.end());
    if (e.context() && e.tag == 0) out.vendor = text;
    if (e.context() && e.tag == 1) out.model = text;
    if (e.context() && e.tag == 2) out.revision = text;
    any = any || (e.context() && e.tag <= 2);
    rest = rest.subspan(e.size);
  }
  return any;
}

std::string first_variable(const BerElement& service, bool read) {
  // Read-Request ::= SEQUENCE { specificationWithResult [0] BOOLEAN DEFAULT FALSE,
  //                             variableAccessSpecification [1] VariableAccessSpecification }
  // Write-Request ::= SEQUENCE { variableAccessSpecification, listOfData [0] SEQUENCE OF Data }
  Bytes rest = service.content;
  BerElement spec;
  if (read) {
    BerElement wrapper;
    while (true) {
      if (!read_ber(rest, wrapper)) return {};
      if (wrapper.identifier == 0xA1) break;
      rest = rest.subspan(wrapper.size);
    }
    if (!read_ber(wrapper.content, spec)) return {};
  } else if (!read_ber(rest, spec)) {
    return {};
  }
  // VariableAccessSpecification ::= CHOICE { listOfVariable [0] SEQUENCE OF SEQUENCE {
  //   variableSpecification (name [0] ObjectName, ...), ... }, variableListName [1] ObjectName }
  BerElement name;
  if (spec.identifier == 0xA1) {
    if (!read_ber(spec.content, name)) return {};
  } else if (spec.identifier == 0xA0) {
    BerElement entry, var;
    if (!read_ber(spec.content, entry) || entry.identifier != kBerSequence) return {};
    if (!read_ber(entry.content, var) || var.identifier != 0xA0) return {};
    if (!read_ber(var.content, name)) return {};
  } else {
    return {};
  }
  // ObjectName ::= CHOICE { vmd-specific [0], domain-specific [1] SEQUENCE, aa-specific [2] }
  if (name.identifier == 0x80 || name.identifier == 0x82)
    return std::string(name.content.begin(), name.content.end());
  if (name.identifier != 0xA1) return {};
  BerElement domain, item;
  if (!read_ber(name.content, domain) || domain.identifier != kBerVisibleString) return {};
  if (!read_ber(name.content.subspan(domain.size), item) || item.identifier != kBerVisibleString)
    return {};
  return std::string(domain.content.begin(), domain.content.end()) + "/" +
         std::string(item.content.begin(), item.content.end());
}

std::string_view functional_constraint(std::string_view variable) {
  const auto slash = variable.find('/');
  if (slash != std::string_view::npos) variable = variable.substr(slash + 1);
  const auto first = variable.find('$');
  if (first == std::string_view::npos) return {};
  const std::string_view rest = variable.substr(first + 1);
  const std::string_view fc = rest.substr(0, rest.find('$'));
  if (fc.size() != 2 || fc[0] < 'A' || fc[0] > 'Z' || fc[1] < 'A' || fc[1] > 'Z') return {};
  return fc;
}

}  // namespace otscope::mms
