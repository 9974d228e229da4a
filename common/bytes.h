// One bounds-checked reader for every decoder: no struct overlays, no unchecked lengths.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace otscope {

using Bytes = std::span<const std::uint8_t>;

/// `count` big-endian 16-bit words from `in` (2 * count bytes) into `out`.
inline void read_be16_words(const std::uint8_t* in, std::size_t count, std::uint16_t* out) {
  std::size_t i = 0;
  // Four words at a time: swap the bytes inside each 16-bit lane of a 64-bit word (the
  // little-endian machines this runs on; others take the loop below).
  for (; std::endian::native == std::endian::little && i + 4 <= count; i += 4) {
    std::uint64_t x;
    std::memcpy(&x, in + 2 * i, 8);
    x = (x & 0x00ff00ff00ff00ffull) << 8 | (x >> 8 & 0x00ff00ff00ff00ffull);
    std::memcpy(out + i, &x, 8);
  }
  for (; i < count; ++i) out[i] = static_cast<std::uint16_t>(in[2 * i] << 8 | in[2 * i + 1]);
}

/// Sequential reader over a byte slice. Every read checks the bytes that are actually there;
/// a failed read returns false and leaves the position unchanged.
class ByteReader {
 public:
  explicit ByteReader(Bytes data) : data_(data) {}

  std::size_t remaining() const { return data_.size() - pos_; }
  std::size_t offset() const { return pos_; }
  bool empty() const { return remaining() == 0; }
  /// The unread part.
  Bytes rest() const { return data_.subspan(pos_); }

  bool u8(std::uint8_t& out) {
    if (remaining() < 1) return false;
    out = data_[pos_++];
    return true;
  }
  bool be16(std::uint16_t& out) {
    if (remaining() < 2) return false;
    out = static_cast<std::uint16_t>(data_[pos_] << 8 | data_[pos_ + 1]);
    pos_ += 2;
    return true;
  }
  bool le16(std::uint16_t& out) {
    if (remaining() < 2) return false;
    out = static_cast<std::uint16_t>(data_[pos_ + 1] << 8 | data_[pos_]);
    pos_ += 2;
    return true;
  }
  bool be24(std::uint32_t& out) {
    if (remaining() < 3) return false;
    out = std::uint32_t{data_[pos_]} << 16 | std::uint32_t{data_[pos_ + 1]} << 8 | data_[pos_ + 2];
    pos_ += 3;
    return true;
  }
  bool le24(std::uint32_t& out) {
    if (remaining() < 3) return false;
    out = std::uint32_t{data_[pos_ + 2]} << 16 | std::uint32_t{data_[pos_ + 1]} << 8 | data_[pos_];
    pos_ += 3;
    return true;
  }
  bool be32(std::uint32_t& out) {
    if (remaining() < 4) return false;
    out = std::uint32_t{data_[pos_]} << 24 | std::uint32_t{data_[pos_ + 1]} << 16 |
          std::uint32_t{data_[pos_ + 2]} << 8 | data_[pos_ + 3];
    pos_ += 4;
    return true;
  }
  bool le32(std::uint32_t& out) {
    if (remaining() < 4) return false;
    out = std::uint32_t{data_[pos_ + 3]} << 24 | std::uint32_t{data_[pos_ + 2]} << 16 |
          std::uint32_t{data_[pos_ + 1]} << 8 | data_[pos_];
    pos_ += 4;
    return true;
  }
  bool le48(std::uint64_t& out) {
    if (remaining() < 6) return false;
    out = 0;
    for (int i = 5; i >= 0; --i) out = out << 8 | data_[pos_ + static_cast<std::size_t>(i)];
    pos_ += 6;
    return true;
  }
  /// `count` big-endian 16-bit words in place of `out`'s contents (its storage is kept).
  bool be16_words(std::size_t count, std::vector<std::uint16_t>& out) {
    if (remaining() / 2 < count) return false;
    out.resize(count);
    read_be16_words(data_.data() + pos_, count, out.data());
    pos_ += 2 * count;
    return true;
  }
  bool skip(std::size_t n) {
    if (remaining() < n) return false;
    pos_ += n;
    return true;
  }
  /// A sub-slice of n bytes, checked before it is taken.
  bool take(std::size_t n, Bytes& out) {
    if (remaining() < n) return false;
    out = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  /// Byte at pos+ahead without consuming; false when not there.
  bool peek(std::size_t ahead, std::uint8_t& out) const {
    if (remaining() <= ahead) return false;
    out = data_[pos_ + ahead];
    return true;
  }

 private:
  Bytes data_;
  std::size_t pos_ = 0;
};

/// Printable text from wire bytes: stops at the first NUL, trims trailing spaces, and replaces
/// non-printable bytes with '?' so that a device string can never carry control characters.
inline std::string printable_string(Bytes bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::uint8_t c : bytes) {
    if (c == 0) break;
    out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '?')) out.pop_back();
  std::size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return out.substr(first);
}

/// Lower-case hex of bytes, for evidence and test diagnostics.
inline std::string to_hex(Bytes bytes, std::size_t max_bytes = 64) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  std::size_t n = bytes.size() < max_bytes ? bytes.size() : max_bytes;
  out.reserve(n * 2 + 3);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0xf]);
  }
  if (n < bytes.size()) out += "...";
  return out;
}

}  // namespace otscope
