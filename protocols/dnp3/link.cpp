#include "protocols/dnp3/link.h"

#include "protocols/dnp3/crc.h"

namespace otscope::dnp3 {

std::size_t link_frame_size(std::uint8_t length) {
  std::size_t user = length >= kMinLinkLength ? std::size_t{length} - kMinLinkLength : 0;
  std::size_t blocks = (user + kBlockSize - 1) / kBlockSize;
  return kLinkHeaderSize + user + 2 * blocks;
}

std::string_view link_error_kind(LinkError error) {
  switch (error) {
    case LinkError::None:
      return "dnp3.ok";
    case LinkError::NotEnoughData:
      return "dnp3.truncated_frame";
    case LinkError::BadStart:
      return "dnp3.bad_start";
    case LinkError::HeaderCrc:
      return "dnp3.header_crc";
    case LinkError::BadLength:
      return "dnp3.bad_length";
    case LinkError::BlockCrc:
      return "dnp3.block_crc";
  }
  return "dnp3.link_error";
}

LinkError parse_link_header(Bytes bytes, LinkHeader& out) {
  ByteReader reader(bytes);
  std::uint8_t start1 = 0;
  std::uint8_t start2 = 0;
  if (!reader.u8(start1) || !reader.u8(start2)) return LinkError::NotEnoughData;
  if (start1 != kStart1 || start2 != kStart2) return LinkError::BadStart;
  LinkHeader header;
  std::uint8_t crc_low = 0;
  std::uint8_t crc_high = 0;
  if (!reader.u8(header.length) || !reader.u8(header.control) || !reader.le16(header.destination) ||
      !reader.le16(header.source) || !reader.u8(crc_low) || !reader.u8(crc_high)) {
    return LinkError::NotEnoughData;
  }
  out = header;
  if (!crc_matches(bytes.first(kLinkHeaderSize - 2), crc_low, crc_high)) {
    return LinkError::HeaderCrc;
  }
  if (header.length < kMinLinkLength) return LinkError::BadLength;
  return LinkError::None;
}

LinkError parse_link_frame(Bytes bytes, LinkFrame& out, std::size_t& consumed) {
  consumed = 0;
  out.data_size = 0;
  out.bad_block = 0;
  LinkError error = parse_link_header(bytes, out.header);
  if (error != LinkError::None) return error;
  std::size_t size = link_frame_size(out.header.length);
  if (bytes.size() < size) return LinkError::NotEnoughData;

  ByteReader reader(bytes.subspan(kLinkHeaderSize, size - kLinkHeaderSize));
  std::size_t remaining = out.header.user_data_length();
  std::size_t block = 0;
  bool all_good = true;
  while (remaining > 0) {
    std::size_t n = remaining < kBlockSize ? remaining : kBlockSize;
    Bytes chunk;
    std::uint8_t crc_low = 0;
    std::uint8_t crc_high = 0;
    // Cannot fail: the frame size was checked above; kept checked all the same.
    if (!reader.take(n, chunk) || !reader.u8(crc_low) || !reader.u8(crc_high)) {
      return LinkError::NotEnoughData;
    }
    if (all_good && !crc_matches(chunk, crc_low, crc_high)) {
      all_good = false;
      out.bad_block = block;
    }
    for (std::uint8_t b : chunk) out.data[out.data_size++] = b;
    remaining -= n;
    ++block;
  }
  consumed = size;
  return all_good ? LinkError::None : LinkError::BlockCrc;
}

}  // namespace otscope::dnp3
