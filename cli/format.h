// Output formats for the listing commands: aligned text, spreadsheet-safe CSV, JSON helpers.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace otscope::cli {

/// A listing: column names and rows of already-rendered cells.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

/// Columns padded to their widest cell; control characters shown as '?'.
void write_text(std::ostream& out, const Table& table);

/// RFC 4180 CSV. Cells that a spreadsheet would run as a formula (starting with = + - @, tab or
/// carriage return) are prefixed with a single quote, so wire strings stay data.
void write_csv(std::ostream& out, const Table& table);
std::string csv_cell(const std::string& value);

/// The parts with `sep` between them.
std::string join(const std::vector<std::string>& parts, const char* sep);

/// "2026-03-02T08:00:00.123456Z"; "" for 0.
std::string iso8601(std::int64_t us);

/// "1,234,567"
std::string thousands(std::uint64_t n);

/// "12.3 MB"
std::string human_bytes(std::uint64_t n);

}  // namespace otscope::cli
