#include "pcaps/generator/protocol_stats.h"

#include <cstdio>

namespace otscope::pcapgen {
namespace {

int protocol_rank(std::string_view p) {
  if (p == "modbus") return 0;
  if (p == "dnp3") return 1;
  if (p == "cotp") return 2;
  if (p == "s7") return 3;
  return 4;
}

}  // namespace

void ProtocolStats::count(std::string_view protocol, std::string_view kind, unsigned code,
                          std::string_view name, std::string_view detail) {
  Entry& e = entries_[Key{protocol_rank(protocol), std::string(protocol), std::string(kind), code,
                          std::string(detail)}];
  e.name = name;
  e.count += 1;
}

void ProtocolStats::print(std::ostream& out) const {
  char line[256];
  for (const auto& [key, e] : entries_) {
    const auto& [rank, protocol, kind, code, detail] = key;
    char code_text[16];
    if (protocol == "modbus") {
      std::snprintf(code_text, sizeof code_text, "%u", code);
    } else {
      std::snprintf(code_text, sizeof code_text, "0x%02x", code);
    }
    std::string name = e.name;
    if (!detail.empty()) name += " [" + detail + "]";
    std::snprintf(line, sizeof line, "  %-7s %-17s %-6s %6llu  %s\n", protocol.c_str(),
                  kind.c_str(), code_text, static_cast<unsigned long long>(e.count), name.c_str());
    out << line;
  }
}

}  // namespace otscope::pcapgen
