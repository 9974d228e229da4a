// DNP3 (IEEE 1815-2012) encoding: link frames with CRC-16/DNP after the header and after every
// 16-byte data block, transport segments, application fragments and the object headers the
// scenarios use. Codes, CRC and link-layer sizes are the decoder's own (protocols/dnp3).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "pcaps/generator/byte_writer.h"
#include "protocols/dnp3/codes.h"
#include "protocols/dnp3/crc.h"
#include "protocols/dnp3/link.h"

namespace otscope::pcapgen::dnp3 {

// The protocol's code table, CRC and link constants (kFuncRead, kIinNeedTime, kGroupClassData,
// crc16, kBlockSize, ...) are used by name in the generator's DNP3 namespace.
using namespace ::otscope::dnp3;

inline constexpr std::uint16_t kPort = 20000;

// Link-layer control octet: direction and primary bits above the link function code.
inline constexpr std::uint8_t kLinkDir = 0x80;  // set on frames from the master
inline constexpr std::uint8_t kLinkPrm = 0x40;  // primary (initiating) station

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

Bytes request_fragment(std::uint8_t control, std::uint8_t fc,
                       std::span<const std::uint8_t> objects);
Bytes response_fragment(std::uint8_t control, std::uint8_t fc, std::uint16_t iin,
                        std::span<const std::uint8_t> objects);

/// Object headers and data: all objects, 8-bit start/stop, 8-bit count, and 8-bit count with
/// 1-octet index prefixes.
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
