#include "protocols/goose/pdu.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "protocols/goose/ber.h"

namespace otscope::goose {
namespace {

// The APDU of a frame after its 8-byte header (APPID, Length, Reserved 1, Reserved 2).
PduError apdu_of(Bytes frame, std::uint16_t& appid, Bytes& apdu) {
  ByteReader r(frame);
  std::uint16_t length = 0, reserved1 = 0, reserved2 = 0;
  if (!r.be16(appid) || !r.be16(length) || !r.be16(reserved1) || !r.be16(reserved2))
    return PduError::TooShort;
  if (length < 8 || length > frame.size()) return PduError::BadLength;
  apdu = frame.subspan(8, length - 8);
  return PduError::None;
}

}  // namespace

std::string_view pdu_error_name(PduError e) {
  switch (e) {
    case PduError::None:
      return "none";
    case PduError::TooShort:
      return "shorter than the 8-byte header";
    case PduError::BadLength:
      return "the header's length is below 8 or runs past the frame";
    case PduError::NotGoosePdu:
      return "the APDU is not a GOOSE or SV PDU";
    case PduError::Truncated:
      return "an element runs past its container";
    case PduError::MissingField:
      return "a mandatory field is missing";
  }
  return "unknown";
}

PduError decode_goose(Bytes frame, GoosePdu& out) {
  Bytes apdu;
  if (PduError e = apdu_of(frame, out.appid, apdu); e != PduError::None) return e;
  ByteReader outer(apdu);
  const std::optional<BerElement> pdu = read_element(outer);
  if (!pdu) return apdu.empty() ? PduError::NotGoosePdu : PduError::Truncated;
  if (pdu->tag != 0x61) return PduError::NotGoosePdu;
  ByteReader r(pdu->value);
  bool st = false, sq = false, ref = false;
  while (!r.empty()) {
    const std::optional<BerElement> e = read_element(r);
    if (!e) return PduError::Truncated;
    switch (e->tag) {
      case 0x80:
        out.gocb_ref = wire_text(e->value);
        ref = true;
        break;
      case 0x81:
        out.time_allowed_ms = ber_unsigned(e->value).value_or(0);
        break;
      case 0x82:
        out.dataset = wire_text(e->value);
        break;
      case 0x83:
        out.go_id = wire_text(e->value);
        break;
      case 0x84:
        for (std::uint8_t b : e->value.first(std::min<std::size_t>(e->value.size(), 8)))
          out.t = out.t << 8 | b;
        break;
      case 0x85:
        if (auto v = ber_unsigned(e->value)) {
          out.st_num = *v;
          st = true;
        }
        break;
      case 0x86:
        if (auto v = ber_unsigned(e->value)) {
          out.sq_num = *v;
          sq = true;
        }
        break;
      case 0x87:
        out.simulation = !e->value.empty() && e->value[0] != 0;
        break;
      case 0x88:
        out.conf_rev = ber_unsigned(e->value).value_or(0);
        break;
      case 0x89:
        out.needs_commissioning = !e->value.empty() && e->value[0] != 0;
        break;
      case 0x8A:
        out.entries = ber_unsigned(e->value).value_or(0);
        break;
      default:  // allData and anything newer editions add
        break;
    }
  }
  if (!ref || !st || !sq) return PduError::MissingField;
  return PduError::None;
}

PduError decode_sv(Bytes frame, SvPdu& out) {
  Bytes apdu;
  if (PduError e = apdu_of(frame, out.appid, apdu); e != PduError::None) return e;
  ByteReader outer(apdu);
  const std::optional<BerElement> pdu = read_element(outer);
  if (!pdu) return apdu.empty() ? PduError::NotGoosePdu : PduError::Truncated;
  if (pdu->tag != 0x60) return PduError::NotGoosePdu;
  ByteReader r(pdu->value);
  bool count = false;
  while (!r.empty()) {
    const std::optional<BerElement> e = read_element(r);
    if (!e) return PduError::Truncated;
    if (e->tag == 0x80) {
      out.asdu_count = ber_unsigned(e->value).value_or(0);
      count = true;
    } else if (e->tag == 0xA2) {
      ByteReader seq(e->value);
      while (!seq.empty()) {
        const std::optional<BerElement> asdu = read_element(seq);
        if (!asdu) return PduError::Truncated;
        if (asdu->tag != 0x30 || out.asdus.size() >= SvPdu::kMaxAsdus) continue;
        SvAsdu a;
        ByteReader f(asdu->value);
        while (!f.empty()) {
          const std::optional<BerElement> field = read_element(f);
          if (!field) return PduError::Truncated;
          if (field->tag == 0x80) a.sv_id = wire_text(field->value);
          if (field->tag == 0x81) a.dataset = wire_text(field->value);
          if (field->tag == 0x82) a.smp_cnt = ber_unsigned(field->value).value_or(0);
          if (field->tag == 0x83) a.conf_rev = ber_unsigned(field->value).value_or(0);
        }
        out.asdus.push_back(std::move(a));
      }
    }
  }
  if (!count) return PduError::MissingField;
  return PduError::None;
}

}  // namespace otscope::goose
