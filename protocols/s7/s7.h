// Entry point of the s7 protocol for the dispatcher.
#pragma once

#include "protocols/common/session.h"

namespace otscope::s7 {

/// Signature probe and session factory for the dispatcher (see protocols/registry.cpp).
const ProtocolDescriptor& descriptor();

}  // namespace otscope::s7
