#include "protocols/registry.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "protocols/dnp3/dnp3.h"
#include "protocols/modbus/modbus.h"
#include "protocols/s7/s7.h"

namespace otscope {

std::span<const ProtocolDescriptor* const> builtin_protocols() {
  // Order matters only for speed: every probe is exact enough not to claim another's traffic.
  static const std::array<const ProtocolDescriptor*, 3> kProtocols = {
      &modbus::descriptor(), &dnp3::descriptor(), &s7::descriptor()};
  return kProtocols;
}

std::vector<const ProtocolDescriptor*> select_protocols(const std::vector<std::string>& names) {
  const auto all = builtin_protocols();
  std::string known;
  for (const ProtocolDescriptor* p : all)
    known += (known.empty() ? "" : ", ") + std::string(p->name);
  for (const std::string& n : names) {
    if (std::none_of(all.begin(), all.end(), [&n](const auto* p) { return p->name == n; }))
      throw std::invalid_argument("unknown protocol '" + n + "' (known: " + known + ")");
  }
  std::vector<const ProtocolDescriptor*> out;
  for (const ProtocolDescriptor* p : all)
    if (names.empty() || std::find(names.begin(), names.end(), p->name) != names.end())
      out.push_back(p);
  return out;
}

}  // namespace otscope
