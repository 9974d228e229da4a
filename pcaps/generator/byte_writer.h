// Appends wire fields to a byte vector. Big- and little-endian helpers side by side because the
// three ICS protocols disagree: Modbus and S7 are big-endian, DNP3 is little-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace otscope::pcapgen {

using Bytes = std::vector<std::uint8_t>;

/// The wire value of a code the protocols declare as an enumeration (modbus::FunctionCode, ...).
template <typename Code>
constexpr std::underlying_type_t<Code> wire(Code code) {
  return static_cast<std::underlying_type_t<Code>>(code);
}

class ByteWriter {
 public:
  ByteWriter() = default;
  explicit ByteWriter(std::size_t reserve) { out_.reserve(reserve); }

  ByteWriter& u8(unsigned v) {
    out_.push_back(static_cast<std::uint8_t>(v & 0xFFu));
    return *this;
  }
  ByteWriter& be16(unsigned v) { return u8(v >> 8).u8(v); }
  ByteWriter& le16(unsigned v) { return u8(v).u8(v >> 8); }
  ByteWriter& be24(std::uint32_t v) { return u8(v >> 16).u8(v >> 8).u8(v); }
  ByteWriter& be32(std::uint32_t v) { return be16(v >> 16).be16(v & 0xFFFFu); }
  ByteWriter& le32(std::uint32_t v) { return le16(v & 0xFFFFu).le16(v >> 16); }
  ByteWriter& be64(std::uint64_t v) {
    return be32(static_cast<std::uint32_t>(v >> 32)).be32(static_cast<std::uint32_t>(v));
  }
  /// DNP3 absolute time: milliseconds since 1970 in 48 bits, little-endian.
  ByteWriter& le48(std::uint64_t v) {
    for (int i = 0; i < 6; ++i) u8(static_cast<unsigned>(v >> (8 * i)));
    return *this;
  }
  ByteWriter& bytes(std::span<const std::uint8_t> b) {
    out_.insert(out_.end(), b.begin(), b.end());
    return *this;
  }
  ByteWriter& ascii(std::string_view s) {
    out_.insert(out_.end(), s.begin(), s.end());
    return *this;
  }
  /// Exactly `width` bytes: `s` truncated or right-padded with `pad` (fixed-width wire strings).
  ByteWriter& ascii_fixed(std::string_view s, std::size_t width, std::uint8_t pad) {
    for (std::size_t i = 0; i < width; ++i) {
      out_.push_back(i < s.size() ? static_cast<std::uint8_t>(s[i]) : pad);
    }
    return *this;
  }
  ByteWriter& fill(std::size_t n, std::uint8_t v) {
    out_.insert(out_.end(), n, v);
    return *this;
  }

  std::size_t size() const { return out_.size(); }
  Bytes take() { return std::move(out_); }
  const Bytes& view() const { return out_; }

 private:
  Bytes out_;
};

}  // namespace otscope::pcapgen
