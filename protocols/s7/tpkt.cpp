#include "protocols/s7/tpkt.h"

#include <algorithm>

#include "protocols/s7/codes.h"

namespace otscope::s7 {

std::string_view tpkt_error_kind(TpktError e) {
  switch (e) {
    case TpktError::BadVersion:
      return "tpkt_bad_version";
    case TpktError::BadReserved:
      return "tpkt_bad_reserved";
    case TpktError::LengthTooShort:
      return "tpkt_length_too_short";
    case TpktError::Resync:
      return "resync_after_gap";
    case TpktError::MidStream:
      return "resync_mid_stream";
  }
  return "tpkt_error";
}

bool cotp_type_known(std::uint8_t type_byte) {
  switch (type_byte & 0xF0) {
    case 0xE0:
    case 0xD0:
    case 0x80:
    case 0xC0:
    case 0xF0:
    case 0x10:
    case 0x60:
    case 0x20:
    case 0x50:
    case 0x70:
      return true;
    default:
      return false;
  }
}

std::string_view cotp_type_name(CotpType t) {
  switch (t) {
    case CotpType::ConnectionRequest:
      return "CR";
    case CotpType::ConnectionConfirm:
      return "CC";
    case CotpType::DisconnectRequest:
      return "DR";
    case CotpType::DisconnectConfirm:
      return "DC";
    case CotpType::Data:
      return "DT";
    case CotpType::ExpeditedData:
      return "ED";
    case CotpType::DataAck:
      return "AK";
    case CotpType::ExpeditedDataAck:
      return "EA";
    case CotpType::Reject:
      return "RJ";
    case CotpType::Error:
      return "ER";
  }
  return "?";
}

std::string_view cotp_error_kind(CotpError e) {
  switch (e) {
    case CotpError::None:
      return "cotp_ok";
    case CotpError::Empty:
      return "cotp_empty";
    case CotpError::LengthIndicatorTooLarge:
      return "cotp_length_indicator";
    case CotpError::UnknownPduType:
      return "cotp_unknown_pdu_type";
    case CotpError::HeaderTooShort:
      return "cotp_header_too_short";
    case CotpError::BadParameter:
      return "cotp_bad_parameter";
  }
  return "cotp_error";
}

namespace {

/// frame_start() without the protocol id after a data TPDU's header.
FrameStart frame_start_header(Bytes b) {
  if (b.empty()) return FrameStart::NeedMore;
  if (b[0] != kTpktVersion) return FrameStart::No;
  if (b.size() < 2) return FrameStart::NeedMore;
  if (b[1] != 0) return FrameStart::No;
  if (b.size() < kTpktHeaderSize) return FrameStart::NeedMore;
  const std::size_t length = static_cast<std::size_t>(b[2] << 8 | b[3]);
  if (length < kTpktMinLength) return FrameStart::No;
  if (b.size() < 6) return FrameStart::NeedMore;
  const std::uint8_t li = b[4];
  const std::uint8_t type = b[5];
  if (!cotp_type_known(type)) return FrameStart::No;
  if (std::size_t{li} + 1 > length - kTpktHeaderSize) return FrameStart::No;
  return FrameStart::Yes;
}

}  // namespace

FrameStart frame_start(Bytes b) {
  if (b.empty()) return FrameStart::NeedMore;
  if (b[0] != kTpktVersion) return FrameStart::No;
  if (b.size() < 2) return FrameStart::NeedMore;
  if (b[1] != 0) return FrameStart::No;
  if (b.size() < kTpktHeaderSize) return FrameStart::NeedMore;
  const std::size_t length = static_cast<std::size_t>(b[2] << 8 | b[3]);
  if (length < kTpktMinLength) return FrameStart::No;
  if (b.size() < 6) return FrameStart::NeedMore;
  const std::uint8_t li = b[4];
  const std::uint8_t type = b[5];
  if (!cotp_type_known(type)) return FrameStart::No;
  if (std::size_t{li} + 1 > length - kTpktHeaderSize) return FrameStart::No;
  switch (type & 0xF0) {
    case 0xF0:
      // Class 0 data: a 2-byte header, then (if any) an S7 or S7comm-plus PDU.
      if (li != 2) return FrameStart::No;
      if (length > kTpktMinLength) {
        if (b.size() < 8) return FrameStart::NeedMore;
        if (b[7] != kS7commId && b[7] != kS7commPlusId) return FrameStart::No;
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

Hunt TpktFraming::hunt(Bytes bytes) {
  std::size_t i = 0;
  FrameStart fs = FrameStart::No;
  for (; i < bytes.size(); ++i) {
    fs = frame_start(bytes.subspan(i));
    if (fs != FrameStart::No) break;
  }
  if (i > 0) return Hunt::skip_bytes(i);
  return fs == FrameStart::Yes ? Hunt::found() : Hunt::need_more();
}

CotpError decode_cotp(Bytes frame, CotpPdu& out) {
  out = CotpPdu{};
  ByteReader r(frame);
  std::uint8_t li = 0;
  if (!r.u8(li)) return CotpError::Empty;
  Bytes header;
  if (!r.take(li, header)) return CotpError::LengthIndicatorTooLarge;
  out.length_indicator = li;
  ByteReader h(header);
  std::uint8_t type = 0;
  if (!h.u8(type)) return CotpError::HeaderTooShort;
  if (!cotp_type_known(type)) return CotpError::UnknownPduType;
  out.type = static_cast<CotpType>(type & 0xF0);
  bool has_params = false;
  switch (out.type) {
    case CotpType::Data: {
      std::uint8_t nr = 0;
      if (!h.u8(nr)) return CotpError::HeaderTooShort;
      out.eot = (nr & 0x80) != 0;
      out.tpdu_number = nr & 0x7F;
      out.user_data = r.rest();
      return CotpError::None;
    }
    case CotpType::ConnectionRequest:
    case CotpType::ConnectionConfirm:
      if (!h.be16(out.dst_ref) || !h.be16(out.src_ref) || !h.u8(out.class_option))
        return CotpError::HeaderTooShort;
      has_params = true;
      break;
    case CotpType::DisconnectRequest:
      if (!h.be16(out.dst_ref) || !h.be16(out.src_ref) || !h.u8(out.reason))
        return CotpError::HeaderTooShort;
      has_params = true;
      break;
    case CotpType::DisconnectConfirm:
      if (!h.be16(out.dst_ref) || !h.be16(out.src_ref)) return CotpError::HeaderTooShort;
      break;
    case CotpType::Error:
      if (!h.be16(out.dst_ref) || !h.u8(out.reason)) return CotpError::HeaderTooShort;
      has_params = true;
      break;
    case CotpType::ExpeditedData:
      if (!h.be16(out.dst_ref)) return CotpError::HeaderTooShort;
      out.user_data = r.rest();
      return CotpError::None;
    case CotpType::DataAck:
    case CotpType::ExpeditedDataAck:
    case CotpType::Reject:
      if (!h.be16(out.dst_ref)) return CotpError::HeaderTooShort;
      break;
  }
  if (!has_params) return CotpError::None;
  while (!h.empty()) {
    std::uint8_t code = 0;
    std::uint8_t len = 0;
    Bytes value;
    if (!h.u8(code) || !h.u8(len) || !h.take(len, value)) return CotpError::BadParameter;
    if (code == kCotpParamTpduSize && len == 1) out.tpdu_size_code = value[0];
    if (code == kCotpParamCallingTsap) out.calling_tsap = value;
    if (code == kCotpParamCalledTsap) out.called_tsap = value;
  }
  return CotpError::None;
}

IsoOpening iso_opening(Bytes b) {
  IsoOpening out;
  std::size_t pos = 0;
  while (true) {
    const Bytes rest = b.subspan(pos);
    const FrameStart fs = frame_start_header(rest);
    if (fs == FrameStart::No) {
      out.kind = pos == 0 ? IsoOpening::Kind::NotIso : IsoOpening::Kind::Other;
      return out;
    }
    if (fs == FrameStart::NeedMore) {
      out.kind = IsoOpening::Kind::NeedMore;
      return out;
    }
    const std::size_t length = static_cast<std::size_t>(rest[2] << 8 | rest[3]);
    const std::uint8_t type = rest[5] & 0xF0;
    if (type == static_cast<std::uint8_t>(CotpType::Data)) {
      if (rest[4] != 2) {
        out.kind = pos == 0 ? IsoOpening::Kind::NotIso : IsoOpening::Kind::Other;
        return out;
      }
      out.kind = IsoOpening::Kind::Data;
      out.data_complete = rest.size() >= length;
      const std::size_t have = std::min(rest.size(), length);
      out.data =
          have > kTpktMinLength ? rest.subspan(kTpktMinLength, have - kTpktMinLength) : Bytes{};
      return out;
    }
    if (type != static_cast<std::uint8_t>(CotpType::ConnectionRequest) &&
        type != static_cast<std::uint8_t>(CotpType::ConnectionConfirm)) {
      out.kind = IsoOpening::Kind::Other;
      return out;
    }
    if (rest.size() < length) {
      out.kind = IsoOpening::Kind::NeedMore;
      return out;
    }
    CotpPdu cotp;
    if (decode_cotp(rest.subspan(kTpktHeaderSize, length - kTpktHeaderSize), cotp) !=
        CotpError::None) {
      out.kind = pos == 0 ? IsoOpening::Kind::NotIso : IsoOpening::Kind::Other;
      return out;
    }
    out.calling_tsap = cotp.calling_tsap;
    out.called_tsap = cotp.called_tsap;
    pos += length;
  }
}

bool s7_tsap(Bytes tsap) {
  constexpr std::string_view kSimatic = "SIMATIC-";
  if (tsap.size() == 2) return tsap[0] >= 0x01 && tsap[0] <= 0x1F;
  return tsap.size() >= kSimatic.size() &&
         std::equal(kSimatic.begin(), kSimatic.end(), tsap.begin());
}

bool tsap_rack_slot(Bytes tsap, std::uint8_t& rack, std::uint8_t& slot) {
  if (tsap.size() != 2) return false;
  rack = static_cast<std::uint8_t>(tsap[1] >> 5);
  slot = static_cast<std::uint8_t>(tsap[1] & 0x1F);
  return true;
}

CotpReassembler::Result CotpReassembler::add(const CotpPdu& dt, Bytes& tsdu) {
  if (dt.eot && buf_.empty()) {
    tsdu = dt.user_data;
    return Result::Complete;
  }
  if (buf_.size() + dt.user_data.size() > kMaxTsdu) {
    buf_.clear();
    return Result::Overflow;
  }
  buf_.insert(buf_.end(), dt.user_data.begin(), dt.user_data.end());
  if (!dt.eot) return Result::Pending;
  done_.swap(buf_);
  buf_.clear();
  tsdu = done_;
  return Result::Complete;
}

}  // namespace otscope::s7
