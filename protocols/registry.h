// The protocols otscope decodes, in probe order.
#pragma once

#include <span>

#include "protocols/common/session.h"

namespace otscope {

std::span<const ProtocolDescriptor* const> builtin_protocols();

}  // namespace otscope
