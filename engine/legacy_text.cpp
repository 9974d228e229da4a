#include "engine/legacy_text.h"

#include <iconv.h>

#include <cerrno>
#include <stdexcept>

#include "common/bytes.h"

namespace otscope {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string wire_bytes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      const int hi = hex_digit(text[i + 2]);
      const int lo = hex_digit(text[i + 3]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 3;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

LegacyText::LegacyText(const std::string& encoding) : encoding_(encoding) {
  const iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw std::invalid_argument("unknown character encoding '" + encoding + "'");
  cd_ = cd;
}

LegacyText::~LegacyText() {
  iconv_close(static_cast<iconv_t>(cd_));
}

std::optional<std::string> LegacyText::decode(std::string_view escaped) const {
  if (escaped.find("\\x") == std::string_view::npos) return std::nullopt;
  std::string bytes = wire_bytes(escaped);
  const iconv_t cd = static_cast<iconv_t>(cd_);
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // initial shift state
  std::string utf8(bytes.size() * 4 + 4, '\0');
  char* in = bytes.data();
  std::size_t in_left = bytes.size();
  char* out = utf8.data();
  std::size_t out_left = utf8.size();
  if (iconv(cd, &in, &in_left, &out, &out_left) == static_cast<std::size_t>(-1) || in_left != 0)
    return std::nullopt;  // a byte sequence that is not that encoding (or cut short)
  if (iconv(cd, nullptr, nullptr, &out, &out_left) == static_cast<std::size_t>(-1))
    return std::nullopt;
  utf8.resize(utf8.size() - out_left);
  // Only text that needs no escape at all: with a control character, a bidi override or a
  // backslash the string stays as the decoders escaped it.
  std::string text =
      wire_text(Bytes(reinterpret_cast<const std::uint8_t*>(utf8.data()), utf8.size()));
  if (text != utf8) return std::nullopt;
  return text;
}

}  // namespace otscope
