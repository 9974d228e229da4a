#include "pcaps/generator/dnp3_wire.h"

#include <algorithm>

namespace otscope::pcapgen::dnp3 {
namespace {

// One transport header octet in front of each segment of at most 250 link user octets.
constexpr std::size_t kMaxTransportPayload = kMaxUserData - 1;

constexpr std::uint8_t qualifier(std::uint8_t prefix, std::uint8_t range) {
  return static_cast<std::uint8_t>(prefix << 4 | range);
}

}  // namespace

Bytes link_frame(std::uint8_t control, std::uint16_t destination, std::uint16_t source,
                 std::span<const std::uint8_t> user_data) {
  ByteWriter header(kLinkHeaderSize - 2);  // the header without its CRC
  header.u8(kStart1).u8(kStart2).u8(static_cast<unsigned>(kMinLinkLength + user_data.size()));
  header.u8(control).le16(destination).le16(source);
  ByteWriter w(kLinkHeaderSize + user_data.size() + 2 * (user_data.size() / kBlockSize + 1));
  w.bytes(header.view()).le16(crc16(header.view()));
  for (std::size_t at = 0; at < user_data.size(); at += kBlockSize) {
    const auto block = user_data.subspan(at, std::min(kBlockSize, user_data.size() - at));
    w.bytes(block).le16(crc16(block));
  }
  return w.take();
}

std::vector<Bytes> frames_for_fragment(std::span<const std::uint8_t> fragment, bool from_master,
                                       std::uint16_t destination, std::uint16_t source,
                                       std::uint8_t& transport_seq) {
  const std::uint8_t control = static_cast<std::uint8_t>((from_master ? kLinkDir : 0) | kLinkPrm |
                                                         kLinkFuncUnconfirmedUserData);
  std::vector<Bytes> frames;
  std::size_t at = 0;
  do {
    const std::size_t n = std::min(kMaxTransportPayload, fragment.size() - at);
    const bool first = at == 0;
    const bool last = at + n == fragment.size();
    ByteWriter segment(1 + n);
    segment.u8((last ? 0x80u : 0u) | (first ? 0x40u : 0u) | (transport_seq & 0x3Fu));
    segment.bytes(fragment.subspan(at, n));
    transport_seq = static_cast<std::uint8_t>((transport_seq + 1) & 0x3F);
    frames.push_back(link_frame(control, destination, source, segment.view()));
    at += n;
  } while (at < fragment.size());
  return frames;
}

Bytes request_fragment(std::uint8_t control, std::uint8_t fc,
                       std::span<const std::uint8_t> objects) {
  return ByteWriter(2 + objects.size()).u8(control).u8(fc).bytes(objects).take();
}

Bytes response_fragment(std::uint8_t control, std::uint8_t fc, std::uint16_t iin,
                        std::span<const std::uint8_t> objects) {
  return ByteWriter(4 + objects.size()).u8(control).u8(fc).be16(iin).bytes(objects).take();
}

ObjectWriter& ObjectWriter::all_objects(std::uint8_t group, std::uint8_t variation) {
  w_.u8(group).u8(variation).u8(qualifier(kPrefixNone, kRangeAllObjects));
  return *this;
}

ObjectWriter& ObjectWriter::range8(std::uint8_t group, std::uint8_t variation, std::uint8_t start,
                                   std::uint8_t stop) {
  w_.u8(group).u8(variation).u8(qualifier(kPrefixNone, kRange8BitStartStop)).u8(start).u8(stop);
  return *this;
}

ObjectWriter& ObjectWriter::count8(std::uint8_t group, std::uint8_t variation, std::uint8_t count) {
  w_.u8(group).u8(variation).u8(qualifier(kPrefixNone, kRange8BitCount)).u8(count);
  return *this;
}

ObjectWriter& ObjectWriter::indexed8(std::uint8_t group, std::uint8_t variation,
                                     std::uint8_t count) {
  w_.u8(group).u8(variation).u8(qualifier(kPrefix1OctetIndex, kRange8BitCount)).u8(count);
  return *this;
}

ObjectWriter& ObjectWriter::attribute_string(std::uint8_t variation, std::string_view value) {
  range8(kGroupDeviceAttributes, variation, 0, 0);
  // Data type (visible string), then length and the characters.
  w_.u8(kAttributeTypeVstr).u8(static_cast<unsigned>(value.size())).ascii(value);
  return *this;
}

}  // namespace otscope::pcapgen::dnp3
