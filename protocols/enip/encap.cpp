#include "protocols/enip/encap.h"

#include "protocols/enip/codes.h"

namespace otscope::enip {

namespace {

bool known_command(std::uint8_t low) {
  switch (low) {
    case cmd::kListServices:
    case cmd::kListIdentity:
    case cmd::kListInterfaces:
    case cmd::kRegisterSession:
    case cmd::kUnRegisterSession:
    case cmd::kSendRRData:
    case cmd::kSendUnitData:
    case cmd::kIndicateStatus:
    case cmd::kCancel:
      return true;
    default:
      return false;
  }
}

// Encapsulation status codes (Vol. 2, 2-3.3): success, invalid or unsupported command,
// insufficient memory, incorrect data, invalid session handle, invalid length, unsupported
// protocol revision.
bool known_status(std::uint32_t status) {
  switch (status) {
    case 0x00:
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x64:
    case 0x65:
    case 0x69:
      return true;
    default:
      return false;
  }
}

std::uint32_t le32_at(Bytes b, std::size_t at) {
  return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
         std::uint32_t{b[at + 3]} << 24;
}

}  // namespace

std::string_view enip_error_kind(EnipError e) {
  switch (e) {
    case EnipError::None:
      return "none";
    case EnipError::Truncated:
      return "truncated";
    case EnipError::LengthMismatch:
      return "length_mismatch";
    case EnipError::BadItemCount:
      return "bad_item_count";
    case EnipError::ItemOverrun:
      return "item_overrun";
    case EnipError::MissingDataItem:
      return "missing_data_item";
    case EnipError::BadIdentityItem:
      return "bad_identity_item";
    case EnipError::TrailingBytes:
      return "trailing_bytes";
  }
  return "unknown";
}

std::uint64_t EncapHeader::context_key() const {
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < context.size(); ++i) k |= std::uint64_t{context[i]} << (8 * i);
  return k;
}

bool read_header(Bytes bytes, EncapHeader& out) {
  ByteReader r(bytes);
  if (!r.le16(out.command) || !r.le16(out.length) || !r.le32(out.session) || !r.le32(out.status))
    return false;
  for (std::uint8_t& c : out.context)
    if (!r.u8(c)) return false;
  return r.le32(out.options);
}

bool plausible_header(Bytes bytes, bool& need_more) {
  need_more = false;
  if (!bytes.empty() && !known_command(bytes[0])) return false;
  if (bytes.size() > 1 && bytes[1] != 0) return false;
  if (bytes.size() < kHeaderSize) {
    need_more = true;
    return false;
  }
  return known_status(le32_at(bytes, 8)) && le32_at(bytes, 20) == 0;
}

const CpfItem* Cpf::find(std::uint16_t type) const {
  for (std::size_t i = 0; i < count; ++i)
    if (items[i].type == type) return &items[i];
  return nullptr;
}

EnipError decode_cpf(Bytes bytes, Cpf& out) {
  ByteReader r(bytes);
  std::uint16_t n = 0;
  if (!r.le16(n)) return EnipError::Truncated;
  // Each item takes at least its 4-byte type and length.
  if (n > r.remaining() / 4) return EnipError::BadItemCount;
  out.count = 0;
  for (std::uint16_t i = 0; i < n; ++i) {
    std::uint16_t type = 0, length = 0;
    if (!r.le16(type) || !r.le16(length)) return EnipError::Truncated;
    Bytes data;
    if (!r.take(length, data)) return EnipError::ItemOverrun;
    if (out.count < Cpf::kMaxItems) out.items[out.count++] = CpfItem{type, data};
  }
  return r.empty() ? EnipError::None : EnipError::TrailingBytes;
}

EnipError decode_message(Bytes bytes, EncapMessage& out) {
  if (bytes.size() < kHeaderSize || !read_header(bytes, out.header)) return EnipError::Truncated;
  const std::size_t size = kHeaderSize + out.header.length;
  if (bytes.size() < size) return EnipError::Truncated;
  if (bytes.size() > size) return EnipError::LengthMismatch;
  out.data = bytes.subspan(kHeaderSize);
  out.has_cpf = false;
  switch (out.header.command) {
    case cmd::kSendRRData:
    case cmd::kSendUnitData: {
      ByteReader r(out.data);
      if (!r.le32(out.interface_handle) || !r.le16(out.timeout)) return EnipError::Truncated;
      if (EnipError e = decode_cpf(r.rest(), out.cpf); e != EnipError::None) return e;
      out.has_cpf = true;
      return EnipError::None;
    }
    case cmd::kListIdentity:
    case cmd::kListServices:
    case cmd::kListInterfaces:
      // A request carries nothing; a reply carries a CPF.
      if (out.data.empty()) return EnipError::None;
      if (EnipError e = decode_cpf(out.data, out.cpf); e != EnipError::None) return e;
      out.has_cpf = true;
      return EnipError::None;
    default:
      return EnipError::None;
  }
}

EnipError cip_payload(const EncapMessage& m, CipPayload& out) {
  out = CipPayload{};
  if (m.header.command == cmd::kSendRRData) {
    const CpfItem* data = m.cpf.find(item::kUnconnectedData);
    if (data == nullptr) return EnipError::MissingDataItem;
    out.cip = data->data;
    return EnipError::None;
  }
  const CpfItem* address = m.cpf.find(item::kConnectedAddress);
  const CpfItem* data = m.cpf.find(item::kConnectedData);
  if (data == nullptr) return EnipError::MissingDataItem;
  if (address != nullptr && address->data.size() >= 4)
    out.connection_id = le32_at(address->data, 0);
  ByteReader r(data->data);
  if (!r.le16(out.sequence)) return EnipError::Truncated;
  out.connected = true;
  out.cip = r.rest();
  return EnipError::None;
}

EnipError decode_identity_item(Bytes data, IdentityItem& out) {
  ByteReader r(data);
  std::uint16_t family = 0, port = 0;
  std::uint32_t address = 0;
  if (!r.le16(out.protocol_version) || !r.be16(family) || !r.be16(port) || !r.be32(address) ||
      !r.skip(8))
    return EnipError::BadIdentityItem;
  out.socket_address = std::to_string(address >> 24) + "." + std::to_string(address >> 16 & 0xFF) +
                       "." + std::to_string(address >> 8 & 0xFF) + "." +
                       std::to_string(address & 0xFF) + ":" + std::to_string(port);
  std::uint8_t name_length = 0;
  Bytes name;
  if (!r.le16(out.vendor_id) || !r.le16(out.device_type) || !r.le16(out.product_code) ||
      !r.u8(out.revision_major) || !r.u8(out.revision_minor) || !r.le16(out.status) ||
      !r.le32(out.serial) || !r.u8(name_length) || !r.take(name_length, name))
    return EnipError::BadIdentityItem;
  out.product_name = printable_string(name);
  std::uint8_t state = 0;
  if (r.u8(state)) out.state = state;
  return EnipError::None;
}

bool plausible_io(Bytes bytes) {
  // [count 2][type][length][address][0x00B1][length][data to the end]
  if (bytes.size() < 2 + 4 + 4 + 4) return false;
  if (bytes[0] != 2 || bytes[1] != 0) return false;
  const std::uint16_t type = static_cast<std::uint16_t>(bytes[2] | bytes[3] << 8);
  const std::uint16_t length = static_cast<std::uint16_t>(bytes[4] | bytes[5] << 8);
  if (!((type == item::kSequencedAddress && length == 8) ||
        (type == item::kConnectedAddress && length == 4)))
    return false;
  const std::size_t at = 6 + length;
  if (bytes.size() < at + 4) return false;
  const std::uint16_t data_type = static_cast<std::uint16_t>(bytes[at] | bytes[at + 1] << 8);
  const std::uint16_t data_length = static_cast<std::uint16_t>(bytes[at + 2] | bytes[at + 3] << 8);
  return data_type == item::kConnectedData && at + 4 + data_length == bytes.size();
}

EnipError decode_io(Bytes bytes, IoDatagram& out) {
  Cpf cpf;
  if (EnipError e = decode_cpf(bytes, cpf); e != EnipError::None) return e;
  const CpfItem* data = cpf.find(item::kConnectedData);
  if (data == nullptr) return EnipError::MissingDataItem;
  out = IoDatagram{};
  out.data = data->data;
  if (const CpfItem* seq = cpf.find(item::kSequencedAddress); seq && seq->data.size() >= 8) {
    out.connection_id = le32_at(seq->data, 0);
    out.sequence = le32_at(seq->data, 4);
  } else if (const CpfItem* a = cpf.find(item::kConnectedAddress); a && a->data.size() >= 4) {
    out.connection_id = le32_at(a->data, 0);
  }
  return EnipError::None;
}

Cut<FrameError> EncapFraming::cut(Bytes bytes) {
  bool need_more = false;
  if (!plausible_header(bytes, need_more))
    return need_more ? Cut<FrameError>::need_more() : Cut<FrameError>::bad(FrameError::BadHeader);
  const std::size_t length = static_cast<std::size_t>(bytes[2] | bytes[3] << 8);
  return Cut<FrameError>::message(kHeaderSize + length);
}

Hunt EncapFraming::hunt(Bytes bytes) {
  bool need_more = false;
  if (plausible_header(bytes, need_more)) return Hunt::found();
  return need_more ? Hunt::need_more() : Hunt::skip_bytes(1);
}

}  // namespace otscope::enip
