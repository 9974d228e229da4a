// The protocols otscope decodes, in probe order.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "protocols/common/session.h"

namespace otscope {

std::span<const ProtocolDescriptor* const> builtin_protocols();

/// The built-in protocols named in `names` ("modbus", "dnp3", "s7comm"; S7comm-plus comes with
/// s7comm), in probe order; all of them when `names` is empty. Throws std::invalid_argument
/// naming an unknown protocol.
std::vector<const ProtocolDescriptor*> select_protocols(const std::vector<std::string>& names);

}  // namespace otscope
