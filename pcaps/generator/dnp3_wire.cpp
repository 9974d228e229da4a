#include "pcaps/generator/dnp3_wire.h"

#include <algorithm>
#include <array>

namespace otscope::pcapgen::dnp3 {
namespace {

constexpr std::size_t kMaxTransportPayload = 249;  // 250 link user octets minus the header
constexpr std::size_t kBlock = 16;

constexpr std::array<std::uint16_t, 256> make_crc_table() {
  std::array<std::uint16_t, 256> table{};
  for (unsigned i = 0; i < 256; ++i) {
    unsigned crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) ? (crc >> 1) ^ 0xA6BCu : crc >> 1;
    table[i] = static_cast<std::uint16_t>(crc);
  }
  return table;
}
constexpr auto kCrcTable = make_crc_table();

}  // namespace

std::uint16_t crc16(std::span<const std::uint8_t> data) {
  unsigned crc = 0;
  for (std::uint8_t b : data) crc = (crc >> 8) ^ kCrcTable[(crc ^ b) & 0xFFu];
  return static_cast<std::uint16_t>(~crc & 0xFFFFu);
}

std::string function_name(std::uint8_t fc) {
  switch (fc) {
    case 0x00:
      return "Confirm";
    case 0x01:
      return "Read";
    case 0x02:
      return "Write";
    case 0x03:
      return "Select";
    case 0x04:
      return "Operate";
    case 0x05:
      return "Direct Operate";
    case 0x06:
      return "Direct Operate No Ack";
    case 0x07:
      return "Immediate Freeze";
    case 0x08:
      return "Immediate Freeze No Ack";
    case 0x09:
      return "Freeze Clear";
    case 0x0A:
      return "Freeze Clear No Ack";
    case 0x0B:
      return "Freeze At Time";
    case 0x0C:
      return "Freeze At Time No Ack";
    case 0x0D:
      return "Cold Restart";
    case 0x0E:
      return "Warm Restart";
    case 0x0F:
      return "Initialize Data";
    case 0x10:
      return "Initialize Application";
    case 0x11:
      return "Start Application";
    case 0x12:
      return "Stop Application";
    case 0x13:
      return "Save Configuration";
    case 0x14:
      return "Enable Unsolicited";
    case 0x15:
      return "Disable Unsolicited";
    case 0x16:
      return "Assign Class";
    case 0x17:
      return "Delay Measurement";
    case 0x18:
      return "Record Current Time";
    case 0x19:
      return "Open File";
    case 0x1A:
      return "Close File";
    case 0x1B:
      return "Delete File";
    case 0x1C:
      return "Get File Info";
    case 0x1D:
      return "Authenticate File";
    case 0x1E:
      return "Abort File";
    case 0x1F:
      return "Activate Configuration";
    case 0x20:
      return "Authentication Request";
    case 0x21:
      return "Authentication Request No Ack";
    case 0x81:
      return "Response";
    case 0x82:
      return "Unsolicited Response";
    case 0x83:
      return "Authentication Response";
    default:
      return "Unknown";
  }
}

Bytes link_frame(std::uint8_t control, std::uint16_t destination, std::uint16_t source,
                 std::span<const std::uint8_t> user_data) {
  ByteWriter header(8);
  header.u8(0x05).u8(0x64).u8(static_cast<unsigned>(5 + user_data.size())).u8(control);
  header.le16(destination).le16(source);
  ByteWriter w(10 + user_data.size() + 2 * (user_data.size() / kBlock + 1));
  w.bytes(header.view()).le16(crc16(header.view()));
  for (std::size_t at = 0; at < user_data.size(); at += kBlock) {
    const auto block = user_data.subspan(at, std::min(kBlock, user_data.size() - at));
    w.bytes(block).le16(crc16(block));
  }
  return w.take();
}

std::vector<Bytes> frames_for_fragment(std::span<const std::uint8_t> fragment, bool from_master,
                                       std::uint16_t destination, std::uint16_t source,
                                       std::uint8_t& transport_seq) {
  const std::uint8_t control =
      static_cast<std::uint8_t>((from_master ? kLinkDir : 0) | kLinkPrm | kLinkUnconfirmedUserData);
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
  w_.u8(group).u8(variation).u8(0x06);
  return *this;
}

ObjectWriter& ObjectWriter::range8(std::uint8_t group, std::uint8_t variation, std::uint8_t start,
                                   std::uint8_t stop) {
  w_.u8(group).u8(variation).u8(0x00).u8(start).u8(stop);
  return *this;
}

ObjectWriter& ObjectWriter::count8(std::uint8_t group, std::uint8_t variation, std::uint8_t count) {
  w_.u8(group).u8(variation).u8(0x07).u8(count);
  return *this;
}

ObjectWriter& ObjectWriter::indexed8(std::uint8_t group, std::uint8_t variation,
                                     std::uint8_t count) {
  w_.u8(group).u8(variation).u8(0x17).u8(count);
  return *this;
}

ObjectWriter& ObjectWriter::attribute_string(std::uint8_t variation, std::string_view value) {
  range8(0, variation, 0, 0);
  // Data type code 1 = VSTR (visible string), then length and the characters.
  w_.u8(0x01).u8(static_cast<unsigned>(value.size())).ascii(value);
  return *this;
}

}  // namespace otscope::pcapgen::dnp3
