// The inventory side of the otscope command (issue 6): `assets` (text, --csv, --json), `map`
// (communication map), `history` (identity and IP<->MAC changes) and `report` (--html, --pdf).
#pragma once

#include <CLI/CLI.hpp>

namespace otscope::cli {

/// Registers the commands on `app`; each sets `exit_code` when it runs (0 success, 2 the
/// database cannot be read, 3 a report file cannot be written).
void add_inventory_commands(CLI::App& app, int& exit_code);

}  // namespace otscope::cli
