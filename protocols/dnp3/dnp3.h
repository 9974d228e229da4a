// Entry point of the dnp3 protocol for the dispatcher.
#pragma once

#include "protocols/common/session.h"

namespace otscope::dnp3 {

/// Signature probe and session factory for the dispatcher (see protocols/registry.cpp).
const ProtocolDescriptor& descriptor();

}  // namespace otscope::dnp3
