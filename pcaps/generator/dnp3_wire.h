// DNP3 (IEEE 1815-2012) encoding: link frames with CRC-16/DNP after the header and after every
// 16-byte data block, transport segments, application fragments and the object headers the
// scenarios use.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pcaps/generator/byte_writer.h"

namespace otscope::pcapgen::dnp3 {

inline constexpr std::uint16_t kPort = 20000;

/// CRC-16/DNP (poly 0x3D65 reflected, init 0, final complement).
std::uint16_t crc16(std::span<const std::uint8_t> data);

std::string function_name(std::uint8_t fc);

// Link-layer control octets.
inline constexpr std::uint8_t kLinkDir = 0x80;  // set on frames from the master
inline constexpr std::uint8_t kLinkPrm = 0x40;  // primary (initiating) station
inline constexpr std::uint8_t kLinkUnconfirmedUserData = 0x04;
inline constexpr std::uint8_t kLinkRequestLinkStatus = 0x09;
inline constexpr std::uint8_t kLinkStatus = 0x0B;

/// A complete link frame: 0x05 0x64, LEN, CTRL, DEST, SRC, header CRC, data blocks with CRCs.
Bytes link_frame(std::uint8_t control, std::uint16_t destination, std::uint16_t source,
                 std::span<const std::uint8_t> user_data);

/// Splits an application fragment into transport segments (at most 249 octets each), each in its
/// own unconfirmed-user-data link frame. `transport_seq` is the sender's running 6-bit counter.
std::vector<Bytes> frames_for_fragment(std::span<const std::uint8_t> fragment, bool from_master,
                                       std::uint16_t destination, std::uint16_t source,
                                       std::uint8_t& transport_seq);

// Application control octet.
inline constexpr std::uint8_t kFir = 0x80;
inline constexpr std::uint8_t kFin = 0x40;
inline constexpr std::uint8_t kCon = 0x20;
inline constexpr std::uint8_t kUns = 0x10;

// Internal indications, IIN1 in the high byte and IIN2 in the low byte of a uint16.
inline constexpr std::uint16_t kIinClass1Events = 0x0200;
inline constexpr std::uint16_t kIinClass2Events = 0x0400;
inline constexpr std::uint16_t kIinClass3Events = 0x0800;
inline constexpr std::uint16_t kIinNeedTime = 0x1000;
inline constexpr std::uint16_t kIinDeviceRestart = 0x8000;

Bytes request_fragment(std::uint8_t control, std::uint8_t fc,
                       std::span<const std::uint8_t> objects);
Bytes response_fragment(std::uint8_t control, std::uint8_t fc, std::uint16_t iin,
                        std::span<const std::uint8_t> objects);

/// Object headers and data. Qualifiers: 0x00 8-bit start/stop, 0x06 all objects, 0x07 8-bit
/// quantity, 0x17 8-bit count with 8-bit index prefixes.
class ObjectWriter {
 public:
  ObjectWriter& all_objects(std::uint8_t group, std::uint8_t variation);
  ObjectWriter& range8(std::uint8_t group, std::uint8_t variation, std::uint8_t start,
                       std::uint8_t stop);
  ObjectWriter& count8(std::uint8_t group, std::uint8_t variation, std::uint8_t count);
  ObjectWriter& indexed8(std::uint8_t group, std::uint8_t variation, std::uint8_t count);
  /// Group 0 device attribute (visible string) for attribute set 0.
  ObjectWriter& attribute_string(std::uint8_t variation, std::string_view value);
  ByteWriter& data() { return w_; }
  Bytes take() { return w_.take(); }

 private:
  ByteWriter w_;
};

// Point flags.
inline constexpr std::uint8_t kFlagOnline = 0x01;
inline constexpr std::uint8_t kFlagBinaryState = 0x80;

}  // namespace otscope::pcapgen::dnp3
