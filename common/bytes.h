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

/// Length of the valid UTF-8 sequence (RFC 3629: no overlong form, no surrogate, at most
/// U+10FFFF) at the start of `b`, or 0.
inline std::size_t utf8_sequence(Bytes b) {
  if (b.empty()) return 0;
  const std::uint8_t c = b[0];
  if (c < 0x80) return 1;
  std::size_t n = 0;
  std::uint8_t lo = 0x80, hi = 0xbf;  // range of the second byte
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (b.size() < n || b[1] < lo || b[1] > hi) return 0;
  for (std::size_t i = 2; i < n; ++i)
    if (b[i] < 0x80 || b[i] > 0xbf) return 0;
  return n;
}

/// Whether a valid UTF-8 sequence may be shown as it is: not a control character (C0, DEL, C1)
/// and not a bidirectional override or isolate (U+202A..U+202E, U+2066..U+2069), which could
/// make a display show other text than the device sent.
inline bool utf8_shown(Bytes seq) {
  if (seq.size() == 1) return seq[0] >= 0x20 && seq[0] != 0x7f;
  if (seq.size() == 2) return !(seq[0] == 0xc2 && seq[1] < 0xa0);
  if (seq.size() == 3 && seq[0] == 0xe2) {
    if (seq[1] == 0x80 && seq[2] >= 0xaa && seq[2] <= 0xae) return false;
    if (seq[1] == 0x81 && seq[2] >= 0xa6 && seq[2] <= 0xa9) return false;
  }
  return true;
}

/// The entity that stands for `c` in XML/HTML text (`&<>"'`), or nullptr when `c` stands for
/// itself.
inline const char* markup_entity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return nullptr;
  }
}

/// Text as XML/HTML character data (SVG labels, report cells): `&<>"'` escaped, valid UTF-8 kept,
/// every invalid byte and every control character XML forbids (all of C0 but tab, newline and
/// carriage return) replaced by U+FFFD, so a hostile string can neither inject markup nor break
/// the document.
inline std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  const Bytes all(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  for (std::size_t i = 0; i < all.size();) {
    const std::size_t n = utf8_sequence(all.subspan(i));
    if (n == 0 || (n == 1 && all[i] < 0x20 && all[i] != '\t' && all[i] != '\n' && all[i] != '\r')) {
      out += "\xef\xbf\xbd";
      ++i;
      continue;
    }
    if (n == 1) {
      const char c = static_cast<char>(all[i]);
      if (const char* entity = markup_entity(c)) {
        out += entity;
      } else {
        out += c;
      }
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

/// Appends wire bytes as text that can never carry control characters nor invalid UTF-8: valid
/// UTF-8 is kept as it is ("Électric", "泵站"); every other byte, and a backslash, is written as
/// the four characters \xNN (lower-case hex), so the text maps back to the exact bytes. Returns,
/// for trimming, the length `out` had after the last character kept as it is that was not a space
/// (out.size() before the call when there is none).
inline std::size_t append_wire_text(std::string& out, Bytes bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::size_t kept = out.size();
  std::size_t i = 0;
  while (i < bytes.size()) {
    const Bytes rest = bytes.subspan(i);
    const std::size_t n = utf8_sequence(rest);
    // A backslash from the wire is escaped too, so that \xNN in the text is always an escape.
    if (n != 0 && rest[0] != '\\' && utf8_shown(rest.first(n))) {
      out.append(reinterpret_cast<const char*>(rest.data()), n);
      if (rest[0] != ' ') kept = out.size();
      i += n;
      continue;
    }
    const std::size_t bad = n != 0 ? n : 1;  // a hidden character's bytes, or one invalid byte
    for (std::size_t k = 0; k < bad; ++k) {
      out += "\\x";
      out += kDigits[rest[k] >> 4];
      out += kDigits[rest[k] & 0xf];
    }
    i += bad;
  }
  return kept;
}

/// Wire bytes as text, kept whole (see append_wire_text).
inline std::string wire_text(Bytes bytes) {
  std::string out;
  out.reserve(bytes.size());
  append_wire_text(out, bytes);
  return out;
}

/// Text of a device string: stops at the first NUL, trims spaces and padding (control characters
/// and invalid bytes) at the end and spaces at the start; in between, valid UTF-8 is kept and
/// every other byte escaped as \xNN, so a device string never carries control characters.
inline std::string printable_string(Bytes bytes) {
  std::size_t end = 0;
  while (end < bytes.size() && bytes[end] != 0) ++end;
  std::size_t begin = 0;
  while (begin < end && bytes[begin] == ' ') ++begin;
  std::string out;
  out.reserve(end - begin);
  out.resize(append_wire_text(out, bytes.subspan(begin, end - begin)));
  return out;
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
