#include "engine/oui.h"

#include <cstdlib>
#include <fstream>
#include <vector>

namespace otscope {

namespace {

// One CSV record's fields (RFC 4180 quoting).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back().push_back(c);
    }
  }
  return out;
}

std::uint64_t mac_bits(const MacAddress& mac) {
  std::uint64_t v = 0;
  for (std::uint8_t b : mac.bytes) v = v << 8 | b;
  return v;
}

}  // namespace

OuiRegistry::OuiRegistry(const std::string& directory) {
  load(directory + "/oui.csv", 24);
  load(directory + "/mam.csv", 28);
  load(directory + "/oui36.csv", 36);
}

void OuiRegistry::load(const std::string& path, int bits) {
  std::ifstream in(path);
  if (!in) return;
  auto& table = bits == 24 ? by24_ : bits == 28 ? by28_ : by36_;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto f = csv_fields(line);
    if (f.size() < 3 || f[1].size() * 4 != static_cast<std::size_t>(bits)) continue;
    char* end = nullptr;
    const std::uint64_t prefix = std::strtoull(f[1].c_str(), &end, 16);
    if (end == nullptr || *end != '\0') continue;
    std::string name = f[2];
    while (!name.empty() && (name.back() == ' ' || name.back() == ',')) name.pop_back();
    table.emplace(prefix, std::move(name));
  }
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
  const std::uint64_t v = mac_bits(mac);
  if (auto it = by36_.find(v >> 12); it != by36_.end()) return it->second;
  if (auto it = by28_.find(v >> 20); it != by28_.end()) return it->second;
  if (auto it = by24_.find(v >> 24); it != by24_.end()) return it->second;
  if (mac.bytes[0] & 0x02) return "(locally administered)";
  return {};
}

}  // namespace otscope
