// Entry point of the modbus protocol for the dispatcher.
#pragma once

#include "protocols/common/session.h"

namespace otscope::modbus {

/// Signature probe and session factory for the dispatcher (see protocols/registry.cpp).
const ProtocolDescriptor& descriptor();

}  // namespace otscope::modbus
