// Device strings in a legacy encoding the site declares (GBK on Chinese-made controllers,
// Windows-1252 on older European ones): the decoders keep what is not UTF-8 as \xNN escapes,
// and this turns such a string into text when all of its bytes are valid in that encoding.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace otscope {

/// The exact bytes behind a text made by append_wire_text(): every \xNN escape back to its byte.
std::string wire_bytes(std::string_view text);

class LegacyText {
 public:
  /// Throws std::invalid_argument when iconv does not know `encoding`.
  explicit LegacyText(const std::string& encoding);
  ~LegacyText();
  LegacyText(const LegacyText&) = delete;
  LegacyText& operator=(const LegacyText&) = delete;

  const std::string& encoding() const { return encoding_; }

  /// The string as text of the declared encoding, when it holds escaped bytes and all of its
  /// bytes decode to characters that may be shown; nullopt otherwise (plain UTF-8 text, or
  /// bytes that are not that encoding, which stay escaped).
  std::optional<std::string> decode(std::string_view escaped) const;

 private:
  std::string encoding_;
  void* cd_;  // iconv_t
};

}  // namespace otscope
