#include "cli/common.h"

#include <cstdlib>
#include <iostream>

namespace otscope::cli {

std::string default_db() {
  const char* env = std::getenv("OTSCOPE_DB");
  return env != nullptr && *env != '\0' ? env : "otscope.db";
}

int fail(const std::string& message, int code) {
  std::cerr << "otscope: error: " << message << '\n';
  return code;
}

}  // namespace otscope::cli
