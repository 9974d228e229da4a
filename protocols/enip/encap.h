// EtherNet/IP encapsulation (ODVA CIP Networks Library Vol. 2, chapter 2): the 24-byte header
// every TCP/UDP 44818 message starts with, the common packet format (CPF) items it carries, the
// List Identity reply, and the class-1 I/O datagram of UDP 2222 (a CPF without a header). Pure
// functions over one message's bytes; every malformation is its own error.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "protocols/common/framer.h"

namespace otscope::enip {

inline constexpr std::size_t kHeaderSize = 24;
/// The largest message the 16-bit length can announce.
inline constexpr std::size_t kMaxMessage = kHeaderSize + 0xFFFF;

enum class EnipError : std::uint8_t {
  None,
  Truncated,        // fewer bytes than the header or the length announces
  LengthMismatch,   // the header's length does not match the bytes of the message
  BadItemCount,     // a CPF announces more items than the message can hold
  ItemOverrun,      // a CPF item's length runs past the message
  MissingDataItem,  // Send RR/Unit Data without the data item it must carry
  BadIdentityItem,  // a List Identity item too short for its fixed fields
  TrailingBytes,    // bytes after the last CPF item
};
/// "truncated", "length_mismatch", ... (the anomaly kind after "enip.").
std::string_view enip_error_kind(EnipError e);

struct EncapHeader {
  std::uint16_t command = 0;
  std::uint16_t length = 0;
  std::uint32_t session = 0;
  std::uint32_t status = 0;
  std::array<std::uint8_t, 8> context{};
  std::uint32_t options = 0;
  /// The sender context as one number (little-endian), to match a reply to its request.
  std::uint64_t context_key() const;
};

/// Reads the header at the start of `bytes` (at least kHeaderSize of them).
bool read_header(Bytes bytes, EncapHeader& out);

/// A header that can start a message: a defined command other than NOP, options zero, a status
/// the specification defines. Sets `need_more` when fewer than kHeaderSize bytes are there but
/// those present fit.
bool plausible_header(Bytes bytes, bool& need_more);

/// One common packet format item.
struct CpfItem {
  std::uint16_t type = 0;
  Bytes data;
};
/// The items of a CPF (at most kMaxItems are kept; real messages carry two to four).
struct Cpf {
  static constexpr std::size_t kMaxItems = 8;
  std::array<CpfItem, kMaxItems> items{};
  std::size_t count = 0;
  const CpfItem* find(std::uint16_t type) const;
};
/// Item count, then the items, to the end of `bytes`.
EnipError decode_cpf(Bytes bytes, Cpf& out);

/// One whole encapsulation message.
struct EncapMessage {
  EncapHeader header;
  Bytes data;  // the command-specific data (header.length bytes)
  /// Send RR Data / Send Unit Data: interface handle and timeout, then the CPF.
  std::uint32_t interface_handle = 0;
  std::uint16_t timeout = 0;
  Cpf cpf;
  bool has_cpf = false;
};
/// Decodes a whole message (a framer's cut or a datagram). List Identity/Services/Interfaces
/// replies and Send RR/Unit Data carry a CPF; other commands' data is left as it is.
EnipError decode_message(Bytes bytes, EncapMessage& out);

/// The data of a Send RR/Unit Data: the CIP message and, for connected data, the 16-bit
/// sequence count in front of it.
struct CipPayload {
  Bytes cip;
  bool connected = false;
  std::uint16_t sequence = 0;
  std::uint32_t connection_id = 0;
};
EnipError cip_payload(const EncapMessage& m, CipPayload& out);

/// A CIP Identity item of a List Identity reply (Vol. 2, 2-4.3.2).
struct IdentityItem {
  std::uint16_t protocol_version = 0;
  std::string socket_address;  // the device's IPv4 address and port as it announces them
  std::uint16_t vendor_id = 0;
  std::uint16_t device_type = 0;
  std::uint16_t product_code = 0;
  std::uint8_t revision_major = 0;
  std::uint8_t revision_minor = 0;
  std::uint16_t status = 0;
  std::uint32_t serial = 0;
  std::string product_name;
  std::optional<std::uint8_t> state;
};
EnipError decode_identity_item(Bytes data, IdentityItem& out);

/// A class-1 I/O datagram (UDP 2222): sequenced (or connected) address item and connected data.
struct IoDatagram {
  std::uint32_t connection_id = 0;
  std::uint32_t sequence = 0;  // the encapsulation sequence number (0 without one)
  Bytes data;
};
EnipError decode_io(Bytes bytes, IoDatagram& out);
/// Does a UDP datagram look like class-1 I/O? Exact: two or three items, an address item with
/// its fixed length and a connected data item ending the datagram.
bool plausible_io(Bytes bytes);

enum class FrameError : std::uint8_t { BadHeader, Resync, MidStream };
/// The encapsulation framing for StreamFramer: the 24-byte header gives the length.
struct EncapFraming {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = enip::kHeaderSize;
  static constexpr std::size_t kMaxMessage = enip::kMaxMessage;
  static Cut<Error> cut(Bytes bytes);
  static Hunt hunt(Bytes bytes);
  static constexpr std::optional<Error> kAfterGap = FrameError::Resync;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};
using EncapFramer = StreamFramer<EncapFraming>;

}  // namespace otscope::enip
