// Registers the toy protocol when the program starts, as a plug-in would: linked into a program
// (the test, a copy of the otscope CLI), it is one more protocol to everything there.
#include "protocols/registry.h"
#include "tests/toy/toy.h"

namespace {
const bool kRegistered = (otscope::register_protocol(otscope::toy::descriptor()), true);
}  // namespace
