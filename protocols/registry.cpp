#include "protocols/registry.h"

#include <array>

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

}  // namespace otscope
