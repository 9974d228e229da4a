// Niagara Fox (Tridium; TCP 1911, 4911 for TLS): the text framing of its messages
// ("fox a <n> <m> <channel> <command>\n{\n<key>=<type>:<value>\n...};;\n") and the fields of the
// hello exchange that name the station. From Tridium's public descriptions of the protocol and
// what a station's hello prints; no specification is published.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace otscope::fox {

inline constexpr std::uint16_t kPort = 1911;
inline constexpr std::size_t kMaxMessage = 64 * 1024;
inline constexpr std::string_view kStart = "fox ";
inline constexpr std::string_view kEnd = ";;\n";

enum class Error : std::uint8_t {
  None,
  BadHeader,  // the first line is not "fox <flags> <n> <m> <channel> <command>"
};
std::string_view error_name(Error e);

/// MessageEvent::function of a Fox message: 1 for "hello", 0 for any other command.
inline constexpr std::uint32_t kHello = 1;
inline constexpr std::uint32_t kOther = 0;

struct Message {
  std::string flags;       // "a"
  long long id = 0;        // 0 for the answer to a hello, 1.. for the requester's numbering
  long long reply_to = 0;  // -1 when the message answers nothing
  std::string channel;     // "fox"
  std::string command;     // "hello"
  /// key -> value (the type prefix "s:", "i:", "b:" removed) of the body's lines.
  std::vector<std::pair<std::string, std::string>> fields;
  std::string field(std::string_view key) const;
};
/// One whole message, terminator included.
Error decode_message(std::string_view text, Message& out);

}  // namespace otscope::fox
