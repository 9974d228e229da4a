#include "engine/oui.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace otscope {

namespace {

/// Reads one RFC 4180 field starting at `pos` (quotes and doubled quotes) into `out`; leaves `pos`
/// after the field's separator. Returns false at the end of the record.
bool next_field(std::string_view text, std::size_t& pos, std::string& out) {
  out.clear();
  if (pos >= text.size() || text[pos] == '\n') return false;
  // Most fields are plain (no quote, no CR): take them in one piece.
  std::size_t stop = pos;
  while (stop < text.size() && text[stop] != ',' && text[stop] != '\n' && text[stop] != '\r' &&
         text[stop] != '"')
    ++stop;
  if (stop == text.size() || text[stop] == ',' || text[stop] == '\n') {
    const std::size_t end = stop;
    out.assign(text.substr(pos, end - pos));
    pos = end;
    if (pos < text.size() && text[pos] == ',') ++pos;
    return true;
  }
  bool quoted = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (quoted) {
      if (c == '"' && pos + 1 < text.size() && text[pos + 1] == '"') {
        out.push_back('"');
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      ++pos;
      return true;
    } else if (c == '\n') {
      return true;  // the record ends; the caller skips the newline
    } else if (c != '\r') {
      out.push_back(c);
    }
  }
  return true;
}

/// Moves `pos` past the end of the record; quoted fields may hold newlines.
void skip_record(std::string_view text, std::size_t& pos) {
  while (pos < text.size()) {
    const std::size_t line = text.find('\n', pos);
    const std::size_t end = line == std::string_view::npos ? text.size() : line;
    const std::size_t quote = text.substr(0, end).find('"', pos);
    if (quote == std::string_view::npos) {
      pos = line == std::string_view::npos ? text.size() : line + 1;
      return;
    }
    // A quoted field: go past its closing quote (a doubled quote closes and opens it again).
    const std::size_t close = text.find('"', quote + 1);
    pos = close == std::string_view::npos ? text.size() : close + 1;
  }
}

}  // namespace

OuiRegistry::OuiRegistry(const std::string& directory) {
  load(directory + "/oui.csv", 24);
  load(directory + "/mam.csv", 28);
  load(directory + "/oui36.csv", 36);
  load(directory + "/iab.csv", 36);
  for (auto* table : {&by24_, &by28_, &by36_}) {
    // Sorted for lookups; of two assignments of one prefix the first loaded stays.
    std::stable_sort(table->begin(), table->end(),
                     [](const Entry& a, const Entry& b) { return a.prefix < b.prefix; });
    table->erase(std::unique(table->begin(), table->end(),
                             [](const Entry& a, const Entry& b) { return a.prefix == b.prefix; }),
                 table->end());
  }
}

void OuiRegistry::load(const std::string& path, int bits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size <= 0) return;
  std::string text(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(text.data(), size)) return;
  auto& table = bits == 24 ? by24_ : bits == 28 ? by28_ : by36_;
  std::size_t pos = text.find('\n');  // the header line
  pos = pos == std::string::npos ? text.size() : pos + 1;
  std::string registry, assignment, name;
  while (pos < text.size()) {
    const bool complete = next_field(text, pos, registry) && next_field(text, pos, assignment) &&
                          next_field(text, pos, name);
    skip_record(text, pos);  // the address
    if (!complete || assignment.size() * 4 != static_cast<std::size_t>(bits)) continue;
    char* end = nullptr;
    const std::uint64_t prefix = std::strtoull(assignment.c_str(), &end, 16);
    if (end == nullptr || *end != '\0') continue;
    while (!name.empty() && (name.back() == ' ' || name.back() == ',')) name.pop_back();
    table.push_back({prefix, static_cast<std::uint32_t>(names_.size()),
                     static_cast<std::uint32_t>(name.size())});
    names_ += name;
  }
}

std::string_view OuiRegistry::find(const std::vector<Entry>& table, std::uint64_t prefix) const {
  auto it = std::lower_bound(table.begin(), table.end(), prefix,
                             [](const Entry& e, std::uint64_t p) { return e.prefix < p; });
  if (it == table.end() || it->prefix != prefix) return {};
  return std::string_view(names_).substr(it->offset, it->length);
}

const OuiRegistry& OuiRegistry::system() {
  static const OuiRegistry registry([] {
    const char* env = std::getenv("OTSCOPE_IEEE_DATA");
    return std::string(env && *env ? env : "/usr/share/ieee-data");
  }());
  return registry;
}

std::string OuiRegistry::vendor(const MacAddress& mac) const {
  if (mac.is_zero()) return {};
  const std::uint64_t v = mac.value();
  for (auto [table, shift] : {std::pair{&by36_, 12}, std::pair{&by28_, 20}, std::pair{&by24_, 24}})
    if (const std::string_view name = find(*table, v >> shift); !name.empty())
      return std::string(name);
  if (mac.bytes[0] & 0x02) return "(locally administered)";
  return {};
}

}  // namespace otscope
