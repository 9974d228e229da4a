#include "protocols/s7/s7comm.h"

namespace otscope::s7 {

namespace {

constexpr std::size_t kShortHeader = 10;  // Job, Userdata
constexpr std::size_t kLongHeader = 12;   // Ack, Ack_Data: + error class, error code

/// Wire text made safe without trimming, so "C " stays "C ".
std::string safe_text(Bytes bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::uint8_t c : bytes) out.push_back(c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '?');
  return out;
}

bool all_printable(Bytes bytes) {
  for (std::uint8_t c : bytes)
    if (c < 0x20 || c >= 0x7F) return false;
  return true;
}

bool parse_digits(Bytes bytes, std::uint32_t& out) {
  if (bytes.empty()) return false;
  std::uint32_t v = 0;
  for (std::uint8_t c : bytes) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  out = v;
  return true;
}

S7Error decode_setup(ByteReader& p, S7Pdu& out) {
  if (!p.skip(1) || !p.be16(out.setup.max_amq_calling) || !p.be16(out.setup.max_amq_called) ||
      !p.be16(out.setup.pdu_length))
    return S7Error::BadSetupCommunication;
  return S7Error::None;
}

S7Error decode_var_specs(ByteReader& p, S7Pdu& out) {
  out.items.reserve(out.item_count);
  for (unsigned i = 0; i < out.item_count; ++i) {
    std::uint8_t spec_type = 0;
    std::uint8_t spec_length = 0;
    Bytes spec;
    if (!p.u8(spec_type) || !p.u8(spec_length) || !p.take(spec_length, spec))
      return S7Error::TruncatedItem;
    ByteReader s(spec);
    VarSpec item;
    if (!s.u8(item.syntax_id)) return S7Error::TruncatedItem;
    if (item.syntax_id == kSyntaxS7Any) {
      if (!s.u8(item.transport_size) || !s.be16(item.count) || !s.be16(item.db) ||
          !s.u8(item.area) || !s.be24(item.address))
        return S7Error::TruncatedItem;
      item.s7any = true;
    } else if (item.syntax_id == kSyntaxDbRead) {
      std::uint8_t areas = 0;
      if (!s.u8(areas)) return S7Error::TruncatedItem;
      for (unsigned a = 0; a < areas; ++a) {
        DbReadArea area;
        if (!s.u8(area.length) || !s.be16(area.db) || !s.be16(area.start))
          return S7Error::TruncatedItem;
        item.db_reads.push_back(area);
      }
    }
    out.items.push_back(item);
  }
  return S7Error::None;
}

/// Data items of a Read Var response or Write Var job: return code, transport size, length
/// (bits or bytes by transport size), the value, and a fill byte after odd-length values that
/// are not the last. A failed item (return code other than success, or reserved in a write job)
/// carries no value, whatever its length field says.
S7Error decode_data_items(ByteReader& d, unsigned count, S7Pdu& out) {
  out.data_items.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    DataItem item;
    std::uint16_t length = 0;
    if (!d.u8(item.return_code) || !d.u8(item.transport_size) || !d.be16(length))
      return S7Error::TruncatedDataItem;
    out.data_items.push_back(item);
    if (item.return_code != 0xFF && item.return_code != 0x00) continue;
    item.byte_length = data_length_in_bits(item.transport_size) ? (length + 7u) / 8u : length;
    out.data_items.back().byte_length = item.byte_length;
    if (!d.skip(item.byte_length)) return S7Error::TruncatedDataItem;
    if (item.byte_length % 2 == 1 && i + 1 < count && !d.skip(1)) return S7Error::TruncatedDataItem;
  }
  return S7Error::None;
}

/// File name of a block-control parameter: length byte, then "_0A00001P" for blocks.
S7Error decode_file_name(ByteReader& p, BlockControl& bc) {
  std::uint8_t length = 0;
  Bytes name;
  if (!p.u8(length) || !p.take(length, name)) return S7Error::BadBlockControl;
  if (name.size() == 9 && (name[0] == '_' || name[0] == '$') &&
      parse_block_id(name.subspan(1), bc.block)) {
    bc.has_block = true;
  } else {
    bc.file_name = safe_text(name);
  }
  return S7Error::None;
}

S7Error decode_block_control(ByteReader& p, ByteReader& d, bool job, S7Pdu& out) {
  BlockControl& bc = out.block;
  const std::uint8_t f = out.function;
  if (!job) {
    // Ack_Data: a status byte when the parameter has one; Start upload adds the upload id and
    // the block length; Upload / Download block carry the block bytes in the data part.
    if (p.remaining() > 0 && !p.u8(bc.status)) return S7Error::BadBlockControl;
    if (f == fn::kStartUpload && p.remaining() > 0) {
      if (!p.skip(2) || !p.be32(bc.upload_id)) return S7Error::BadBlockControl;
      if (p.remaining() > 0) {
        std::uint8_t length = 0;
        Bytes text;
        if (!p.u8(length) || !p.take(length, text)) return S7Error::BadBlockControl;
        bc.upload_length = safe_text(text);
      }
    }
    if ((f == fn::kUpload || f == fn::kDownloadBlock) && d.remaining() > 0) {
      std::uint16_t length = 0;
      if (!d.be16(length) || !d.skip(2)) return S7Error::TruncatedDataItem;
      bc.block_bytes = static_cast<std::uint32_t>(d.remaining());
    }
    return S7Error::None;
  }
  if (!p.u8(bc.status)) return S7Error::BadBlockControl;
  switch (f) {
    case fn::kRequestDownload:
    case fn::kDownloadBlock:
      if (!p.skip(2) || !p.skip(4)) return S7Error::BadBlockControl;
      if (S7Error e = decode_file_name(p, bc); e != S7Error::None) return e;
      if (f == fn::kRequestDownload && p.remaining() > 0) {
        // Part 2: length, one unknown character, load-memory and MC7 lengths as 6 digits each.
        std::uint8_t length = 0;
        Bytes part2;
        if (!p.u8(length) || !p.take(length, part2)) return S7Error::BadBlockControl;
        if (part2.size() >= 13) {
          bc.has_lengths = parse_digits(part2.subspan(1, 6), bc.load_memory_length) &&
                           parse_digits(part2.subspan(7, 6), bc.mc7_length);
        }
      }
      return S7Error::None;
    case fn::kDownloadEnded:
      if (!p.be16(bc.error_code) || !p.skip(4)) return S7Error::BadBlockControl;
      return decode_file_name(p, bc);
    case fn::kStartUpload:
      if (!p.skip(2) || !p.be32(bc.upload_id)) return S7Error::BadBlockControl;
      return decode_file_name(p, bc);
    case fn::kUpload:
      if (!p.skip(2) || !p.be32(bc.upload_id)) return S7Error::BadBlockControl;
      return S7Error::None;
    case fn::kEndUpload:
      if (!p.be16(bc.error_code) || !p.be32(bc.upload_id)) return S7Error::BadBlockControl;
      return S7Error::None;
    default:
      return S7Error::None;
  }
}

/// The argument block of a PI service: a block list for the block services, otherwise text
/// (or, for NC services, length-prefixed strings).
void decode_pi_argument(Bytes arg, PiCall& pi) {
  const PiServiceInfo* info = pi_service(pi.service);
  if (info && info->block_list && arg.size() >= 2) {
    ByteReader a(arg);
    std::uint8_t count = 0;
    a.u8(count);
    a.skip(1);
    std::vector<BlockId> blocks;
    for (unsigned i = 0; i < count; ++i) {
      Bytes one;
      BlockId b;
      if (!a.take(8, one) || !parse_block_id(one, b)) {
        blocks.clear();
        break;
      }
      blocks.push_back(b);
    }
    if (!blocks.empty() && a.empty()) {
      pi.blocks = std::move(blocks);
      for (std::size_t i = 0; i < pi.blocks.size(); ++i)
        pi.argument += (i ? "," : "") + pi.blocks[i].text();
      return;
    }
  }
  if (all_printable(arg)) {
    pi.argument = safe_text(arg);
    return;
  }
  // Length-prefixed strings, as the NC services send them.
  ByteReader a(arg);
  std::string joined;
  while (!a.empty()) {
    std::uint8_t length = 0;
    Bytes s;
    if (!a.u8(length) || !a.take(length, s) || !all_printable(s)) {
      pi.argument = "0x" + to_hex(arg, 32);
      return;
    }
    joined += (joined.empty() ? "" : ",") + safe_text(s);
  }
  pi.argument = joined;
}

S7Error decode_pi_service(ByteReader& p, S7Pdu& out) {
  std::uint16_t arg_length = 0;
  Bytes arg;
  std::uint8_t name_length = 0;
  Bytes name;
  if (!p.skip(7) || !p.be16(arg_length) || !p.take(arg_length, arg) || !p.u8(name_length) ||
      !p.take(name_length, name))
    return S7Error::BadPiService;
  out.pi.service = safe_text(name);
  decode_pi_argument(arg, out.pi);
  return S7Error::None;
}

S7Error decode_plc_stop(ByteReader& p, S7Pdu& out) {
  std::uint8_t name_length = 0;
  Bytes name;
  if (!p.skip(5) || !p.u8(name_length) || !p.take(name_length, name)) return S7Error::BadPiService;
  out.pi.service = safe_text(name);
  return S7Error::None;
}

S7Error decode_job_or_ack_data(S7Pdu& out) {
  const bool job = out.header.rosctr == static_cast<std::uint8_t>(Rosctr::Job);
  ByteReader p(out.parameter);
  ByteReader d(out.data);
  if (!p.u8(out.function)) return S7Error::MissingFunction;
  switch (out.function) {
    case fn::kSetupCommunication:
      return decode_setup(p, out);
    case fn::kReadVar:
    case fn::kWriteVar: {
      if (!p.u8(out.item_count)) return S7Error::TruncatedItem;
      if (job) {
        if (S7Error e = decode_var_specs(p, out); e != S7Error::None) return e;
        if (out.function == fn::kWriteVar) return decode_data_items(d, out.item_count, out);
        return S7Error::None;
      }
      if (out.function == fn::kReadVar) return decode_data_items(d, out.item_count, out);
      for (unsigned i = 0; i < out.item_count; ++i) {
        std::uint8_t rc = 0;
        if (!d.u8(rc)) return S7Error::TruncatedDataItem;
        out.return_codes.push_back(rc);
      }
      return S7Error::None;
    }
    case fn::kRequestDownload:
    case fn::kDownloadBlock:
    case fn::kDownloadEnded:
    case fn::kStartUpload:
    case fn::kUpload:
    case fn::kEndUpload:
      return decode_block_control(p, d, job, out);
    case fn::kPiService:
      return job ? decode_pi_service(p, out) : S7Error::None;
    case fn::kPlcStop:
      return job ? decode_plc_stop(p, out) : S7Error::None;
    default:
      return S7Error::None;
  }
}

S7Error decode_userdata(S7Pdu& out) {
  UserDataHeader& u = out.userdata;
  ByteReader p(out.parameter);
  std::uint8_t type_group = 0;
  std::uint8_t param_length = 0;
  // Parameter head (3 bytes, 00 01 12 for most services), its own length, method, type/group,
  // subfunction, sequence number; 4 more bytes in responses and follow-up requests.
  if (!p.skip(3) || !p.u8(param_length) || !p.u8(u.method) || !p.u8(type_group) ||
      !p.u8(u.subfunction) || !p.u8(u.sequence))
    return S7Error::UserDataParamTooShort;
  u.type = static_cast<std::uint8_t>(type_group >> 4);
  u.group = static_cast<std::uint8_t>(type_group & 0x0F);
  if (p.remaining() >= 4) {
    std::uint8_t last = 0;
    p.u8(u.data_unit_ref);
    p.u8(last);
    p.be16(u.error_code);
    u.extended = true;
    u.last_data_unit = last == 0x00;
  }
  if (out.data.empty()) return S7Error::None;
  ByteReader d(out.data);
  std::uint16_t length = 0;
  if (!d.u8(u.return_code) || !d.u8(u.transport_size) || !d.be16(length))
    return S7Error::UserDataTruncated;
  const std::size_t bytes = data_length_in_bits(u.transport_size) ? (length + 7u) / 8u : length;
  if (!d.take(bytes, u.payload)) return S7Error::UserDataTruncated;
  u.has_data = true;
  return S7Error::None;
}

}  // namespace

std::string_view s7_error_kind(S7Error e) {
  switch (e) {
    case S7Error::None:
      return "ok";
    case S7Error::TooShort:
      return "too_short";
    case S7Error::BadProtocolId:
      return "bad_protocol_id";
    case S7Error::UnknownRosctr:
      return "unknown_rosctr";
    case S7Error::LengthMismatch:
      return "length_mismatch";
    case S7Error::MissingFunction:
      return "missing_function";
    case S7Error::BadSetupCommunication:
      return "bad_setup_communication";
    case S7Error::TruncatedItem:
      return "truncated_item";
    case S7Error::TruncatedDataItem:
      return "truncated_data_item";
    case S7Error::BadBlockControl:
      return "bad_block_control";
    case S7Error::BadPiService:
      return "bad_pi_service";
    case S7Error::UserDataParamTooShort:
      return "userdata_parameter_too_short";
    case S7Error::UserDataTruncated:
      return "userdata_truncated";
  }
  return "error";
}

bool parse_block_id(Bytes bytes, BlockId& out) {
  if (bytes.size() != 7 && bytes.size() != 8) return false;
  BlockId b;
  std::string_view type = block_type_name(bytes[0], bytes[1]);
  b.type = type.empty() ? safe_text(bytes.subspan(0, 2)) : std::string(type);
  if (!parse_digits(bytes.subspan(2, 5), b.number)) return false;
  if (bytes.size() == 8) {
    if (bytes[7] < 0x20 || bytes[7] >= 0x7F) return false;
    b.file_system = static_cast<char>(bytes[7]);
  }
  out = std::move(b);
  return true;
}

std::string PiCall::text() const {
  if (!blocks.empty() || argument.empty()) return service + "(" + argument + ")";
  return service + "(\"" + argument + "\")";
}

UserDataKind userdata_kind(std::uint8_t type) {
  switch (type & 0x0C) {
    case 0x4:
      return UserDataKind::Request;
    case 0x8:
      return UserDataKind::Response;
    default:
      return UserDataKind::Push;
  }
}

S7Error decode_s7comm(Bytes pdu, S7Pdu& out) {
  out = S7Pdu{};
  ByteReader r(pdu);
  std::uint8_t id = 0;
  if (!r.u8(id)) return S7Error::TooShort;
  if (id != kS7commId) return S7Error::BadProtocolId;
  S7Header& h = out.header;
  if (!r.u8(h.rosctr)) return S7Error::TooShort;
  if (rosctr_name(h.rosctr).empty()) return S7Error::UnknownRosctr;
  h.has_error_fields = h.rosctr == static_cast<std::uint8_t>(Rosctr::Ack) ||
                       h.rosctr == static_cast<std::uint8_t>(Rosctr::AckData);
  if (pdu.size() < (h.has_error_fields ? kLongHeader : kShortHeader)) return S7Error::TooShort;
  r.be16(h.redundancy_id);
  r.be16(h.pdu_ref);
  r.be16(h.param_length);
  r.be16(h.data_length);
  if (h.has_error_fields) {
    r.u8(h.error_class);
    r.u8(h.error_code);
  }
  if (!r.take(h.param_length, out.parameter) || !r.take(h.data_length, out.data))
    return S7Error::LengthMismatch;
  switch (static_cast<Rosctr>(h.rosctr)) {
    case Rosctr::Job:
      return decode_job_or_ack_data(out);
    case Rosctr::AckData:
      // An Ack_Data with an error in the header may come without the function byte.
      if (out.parameter.empty() && h.error() != 0) return S7Error::None;
      return decode_job_or_ack_data(out);
    case Rosctr::UserData:
      return decode_userdata(out);
    case Rosctr::Ack:
      return S7Error::None;
  }
  return S7Error::None;
}

}  // namespace otscope::s7
