#include "protocols/iec104/decoder.h"

#include <bit>
#include <cstring>

namespace otscope::iec104 {

namespace {

bool is_one_u_function(std::uint8_t ufn) {
  return ufn != 0 && (ufn & (ufn - 1)) == 0 && ufn <= ufn::kTestFrCon;
}

std::size_t expected_objects_size(const Asdu& a) {
  const std::size_t element = a.info->element_size;
  return a.sequence ? kIoaSize + a.count * element : a.count * (kIoaSize + element);
}

}  // namespace

std::string_view frame_error_kind(FrameError e) {
  switch (e) {
    case FrameError::BadStart:
      return "bad_start";
    case FrameError::BadLength:
      return "bad_length";
    case FrameError::Resync:
      return "resync_after_gap";
    case FrameError::MidStream:
      return "resync_mid_stream";
  }
  return "framing";
}

std::string_view apdu_error_kind(ApduError e) {
  switch (e) {
    case ApduError::None:
      return "ok";
    case ApduError::BadStart:
      return "bad_start";
    case ApduError::BadControlField:
      return "bad_control_field";
    case ApduError::BadUFunction:
      return "bad_u_function";
    case ApduError::BadUFrameLength:
      return "bad_u_frame_length";
    case ApduError::BadSFrameLength:
      return "bad_s_frame_length";
    case ApduError::AsduTooShort:
      return "asdu_too_short";
    case ApduError::NoObjects:
      return "asdu_no_objects";
    case ApduError::AsduLength:
      return "asdu_length";
  }
  return "apdu";
}

ApduStart apdu_start(Bytes b, bool strict) {
  if (b.empty()) return ApduStart::NeedMore;
  if (b[0] != kStartByte) return ApduStart::No;
  if (b.size() < 2) return ApduStart::NeedMore;
  const std::uint8_t length = b[1];
  if (length < kMinApduLength || length > kMaxApduLength) return ApduStart::No;
  if (b.size() < 6) return ApduStart::NeedMore;
  const std::uint8_t c1 = b[2], c2 = b[3], c3 = b[4], c4 = b[5];
  if ((c1 & 0x01) == 0) {  // I format
    if ((c3 & 0x01) != 0 || length < kMinApduLength + kAsduHeaderSize) return ApduStart::No;
    if (b.size() < 7) return ApduStart::NeedMore;
    if (type_info(b[6]) == nullptr) return ApduStart::No;
    if (!strict) return ApduStart::Yes;
    if (b.size() < 9) return ApduStart::NeedMore;
    if ((b[7] & 0x7F) == 0 || cause_name(b[8] & 0x3F).empty()) return ApduStart::No;
    return ApduStart::Yes;
  }
  if (length != kMinApduLength) return ApduStart::No;
  if ((c1 & 0x03) == 0x01)  // S format
    return c1 == 0x01 && c2 == 0 && (c3 & 0x01) == 0 ? ApduStart::Yes : ApduStart::No;
  // U format
  return is_one_u_function(static_cast<std::uint8_t>(c1 >> 2)) && c2 == 0 && c3 == 0 && c4 == 0
             ? ApduStart::Yes
             : ApduStart::No;
}

Hunt ApduFraming::hunt(Bytes bytes) {
  std::size_t i = 0;
  ApduStart s = ApduStart::No;
  for (; i < bytes.size(); ++i) {
    if (bytes[i] != kStartByte) continue;
    s = apdu_start(bytes.subspan(i), false);
    if (s != ApduStart::No) break;
  }
  if (i > 0) return Hunt::skip_bytes(i);
  return s == ApduStart::Yes ? Hunt::found() : Hunt::need_more();
}

ApduError decode_apdu(Bytes frame, Apdu& out) {
  out = Apdu{};
  ByteReader r(frame);
  std::uint8_t start = 0, length = 0;
  if (!r.u8(start) || !r.u8(length) || start != kStartByte || length < kMinApduLength ||
      r.remaining() != length)
    return ApduError::BadStart;
  std::uint8_t c[4] = {};
  for (std::uint8_t& b : c) r.u8(b);
  Apci& apci = out.apci;
  if ((c[0] & 0x01) == 0) {
    apci.format = FrameFormat::I;
    if ((c[2] & 0x01) != 0) return ApduError::BadControlField;
    apci.send_seq = static_cast<std::uint16_t>((c[0] | c[1] << 8) >> 1);
    apci.recv_seq = static_cast<std::uint16_t>((c[2] | c[3] << 8) >> 1);
  } else if ((c[0] & 0x03) == 0x01) {
    apci.format = FrameFormat::S;
    if (c[0] != 0x01 || c[1] != 0 || (c[2] & 0x01) != 0) return ApduError::BadControlField;
    apci.recv_seq = static_cast<std::uint16_t>((c[2] | c[3] << 8) >> 1);
    return r.empty() ? ApduError::None : ApduError::BadSFrameLength;
  } else {
    apci.format = FrameFormat::U;
    if (c[1] != 0 || c[2] != 0 || c[3] != 0) return ApduError::BadControlField;
    apci.u_function = static_cast<std::uint8_t>(c[0] >> 2);
    if (!is_one_u_function(apci.u_function)) return ApduError::BadUFunction;
    return r.empty() ? ApduError::None : ApduError::BadUFrameLength;
  }

  Asdu& a = out.asdu;
  std::uint8_t vsq = 0, cause = 0;
  if (!r.u8(a.type) || !r.u8(vsq) || !r.u8(cause) || !r.u8(a.originator) ||
      !r.le16(a.common_address))
    return ApduError::AsduTooShort;
  a.sequence = (vsq & 0x80) != 0;
  a.count = vsq & 0x7F;
  a.cause = cause & 0x3F;
  a.negative = (cause & cot::kNegativeBit) != 0;
  a.test = (cause & cot::kTestBit) != 0;
  a.objects = r.rest();
  a.info = type_info(a.type);
  if (a.info == nullptr) return ApduError::None;  // objects of an unknown size: not read
  if (a.count == 0) return ApduError::NoObjects;
  if (a.info->element_size == kVariableElement) {
    // F_SG_NA_1: one object whose segment (after NOF, NOS and its length LOS) fills the ASDU.
    if (a.count != 1 || a.sequence || a.objects.size() < kIoaSize + 4 ||
        a.objects[kIoaSize + 3] != a.objects.size() - kIoaSize - 4)
      return ApduError::AsduLength;
    return ApduError::None;
  }
  return a.objects.size() == expected_objects_size(a) ? ApduError::None : ApduError::AsduLength;
}

ObjectCursor::ObjectCursor(const Asdu& asdu) : asdu_(asdu), reader_(asdu.objects) {}

bool ObjectCursor::next(InfoObject& out) {
  if (asdu_.info == nullptr || done_ >= asdu_.count) return false;
  const bool first = done_ == 0;
  if (!asdu_.sequence || first) {
    if (!reader_.le24(ioa_)) return false;
  } else {
    ioa_ = (ioa_ + 1) & 0xFFFFFF;
  }
  const std::size_t size =
      asdu_.info->element_size == kVariableElement ? reader_.remaining() : asdu_.info->element_size;
  if (!reader_.take(size, out.element)) return false;
  out.ioa = ioa_;
  ++done_;
  return true;
}

bool command_value(ValueCoding coding, Bytes e, CommandValue& out) {
  out = CommandValue{};
  auto qualifier_byte = [&](std::size_t at) {
    out.select = (e[at] & 0x80) != 0;
    out.qualifier = static_cast<std::uint8_t>(e[at] & 0x7F);
  };
  switch (coding) {
    case ValueCoding::None:
      return false;
    case ValueCoding::SingleCommand:
      if (e.empty()) return false;
      out.value = e[0] & 0x01;
      out.is_operation = true;
      out.label = (e[0] & 0x01) != 0 ? "ON" : "OFF";
      out.select = (e[0] & 0x80) != 0;
      out.qualifier = static_cast<std::uint8_t>((e[0] >> 2) & 0x1F);
      return true;
    case ValueCoding::DoubleCommand:
    case ValueCoding::StepCommand:
      if (e.empty()) return false;
      out.value = e[0] & 0x03;
      out.is_operation = true;
      out.label = coding == ValueCoding::DoubleCommand ? double_command_name(e[0])
                                                       : step_command_name(e[0]);
      out.select = (e[0] & 0x80) != 0;
      out.qualifier = static_cast<std::uint8_t>((e[0] >> 2) & 0x1F);
      return true;
    case ValueCoding::Normalized:
    case ValueCoding::Scaled: {
      if (e.size() < 3) return false;
      const auto raw = static_cast<std::int16_t>(static_cast<std::uint16_t>(e[0] | e[1] << 8));
      out.value = coding == ValueCoding::Normalized ? raw / 32768.0 : raw;
      qualifier_byte(2);
      return true;
    }
    case ValueCoding::Float: {
      if (e.size() < 5) return false;
      const std::uint32_t bits = std::uint32_t{e[0]} | std::uint32_t{e[1]} << 8 |
                                 std::uint32_t{e[2]} << 16 | std::uint32_t{e[3]} << 24;
      out.value = std::bit_cast<float>(bits);
      qualifier_byte(4);
      return true;
    }
    case ValueCoding::Bitstring:
      if (e.size() < 4) return false;
      out.value = static_cast<double>(std::uint32_t{e[0]} | std::uint32_t{e[1]} << 8 |
                                      std::uint32_t{e[2]} << 16 | std::uint32_t{e[3]} << 24);
      return true;
  }
  return false;
}

}  // namespace otscope::iec104
