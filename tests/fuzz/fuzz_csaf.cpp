// libFuzzer target over the CSAF 2.0 advisory parser (model/advisory parse_csaf): any text must
// parse to an advisory or throw CsafError, never crash, hang or throw anything else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/advisory/advisory.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)otscope::advisory::parse_csaf(text);
  } catch (const otscope::advisory::CsafError&) {
  }
  return 0;
}
