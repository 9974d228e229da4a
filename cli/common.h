// What every otscope command shares: the default database and the one-line error.
#pragma once

#include <string>

namespace otscope::cli {

/// $OTSCOPE_DB when set and not empty, else "otscope.db" (in the working directory).
std::string default_db();

/// Prints "otscope: error: MESSAGE" on standard error and returns `code`, the command's exit code.
int fail(const std::string& message, int code = 1);

}  // namespace otscope::cli
