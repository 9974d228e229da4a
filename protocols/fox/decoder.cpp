#include "protocols/fox/decoder.h"

#include <charconv>

namespace otscope::fox {
namespace {

constexpr std::size_t kMaxValue = 512;

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < line.size() && out.size() < 8) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    const std::size_t end = line.find(' ', pos);
    if (pos < line.size()) out.push_back(line.substr(pos, end - pos));
    if (end == std::string_view::npos) break;
    pos = end;
  }
  return out;
}

bool number(std::string_view s, long long& out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Printable text only: values are shown to people.
std::string clean(std::string_view v) {
  std::string s;
  for (char c : v.substr(0, kMaxValue)) {
    const auto u = static_cast<unsigned char>(c);
    s += (u < 0x20 || u == 0x7F) ? '?' : c;
  }
  return s;
}

}  // namespace

std::string_view error_name(Error e) {
  return e == Error::None ? "none" : "bad_header";
}

std::string Message::field(std::string_view key) const {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return {};
}

Error decode_message(std::string_view text, Message& out) {
  out = Message{};
  const std::size_t eol = text.find('\n');
  if (eol == std::string_view::npos) return Error::BadHeader;
  std::string_view first = text.substr(0, eol);
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  const std::vector<std::string_view> w = words(first);
  if (w.size() != 6 || w[0] != "fox") return Error::BadHeader;
  if (!number(w[2], out.id) || !number(w[3], out.reply_to)) return Error::BadHeader;
  out.flags = clean(w[1]);
  out.channel = clean(w[4]);
  out.command = clean(w[5]);
  std::size_t pos = eol + 1;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;  // "{", "};;", nested blocks
    std::string_view value = line.substr(eq + 1);
    const std::size_t colon = value.find(':');
    if (colon != std::string_view::npos && colon <= 2) value = value.substr(colon + 1);
    if (out.fields.size() < 64) out.fields.emplace_back(clean(line.substr(0, eq)), clean(value));
  }
  return Error::None;
}

}  // namespace otscope::fox
