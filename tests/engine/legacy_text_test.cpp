// Device strings in a declared legacy encoding, and the escapes the decoders write.
#include "engine/legacy_text.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "common/bytes.h"

namespace otscope {
namespace {

std::string escaped(std::string_view raw) {
  return wire_text(Bytes(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
}

TEST(LegacyText, EscapedTextMapsBackToTheExactBytes) {
  const std::string raw = std::string("Pump \\x41 \xff\x00\x1b \xc3\x89", 16);
  const std::string text = escaped(raw);
  EXPECT_EQ(text, "Pump \\x5cx41 \\xff\\x00\\x1b \xc3\x89");
  EXPECT_EQ(wire_bytes(text), raw);
}

TEST(LegacyText, GbkBytesBecomeChineseText) {
  const LegacyText gbk("GBK");
  EXPECT_EQ(gbk.decode(escaped("\xb1\xc3\xd5\xbe 2")), "\xe6\xb3\xb5\xe7\xab\x99 2");  // 泵站 2
}

TEST(LegacyText, TextThatIsNotOfThatEncodingStaysEscaped) {
  const LegacyText gbk("GBK");
  EXPECT_EQ(gbk.decode("plain ASCII"), std::nullopt);            // nothing escaped: nothing to do
  EXPECT_EQ(gbk.decode(escaped("\xb1")), std::nullopt);          // cut in the middle of a character
  EXPECT_EQ(gbk.decode(escaped("\xb1\xc3\x1b")), std::nullopt);  // a control character
  EXPECT_EQ(gbk.decode(escaped("\xff\xff")), std::nullopt);      // not GBK
}

TEST(LegacyText, Windows1252) {
  const LegacyText cp1252("CP1252");
  EXPECT_EQ(cp1252.decode(escaped("Schneider \xc9lectric")), "Schneider \xc3\x89lectric");
}

TEST(LegacyText, UnknownEncodingIsRefused) {
  EXPECT_THROW(LegacyText("NO-SUCH-CHARSET"), std::invalid_argument);
}

}  // namespace
}  // namespace otscope
