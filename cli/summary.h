// The run summary of `otscope analyze` and `otscope capture`: human text and the JSON object
// whose keys scripts rely on.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>

#include "model/analysis.h"

namespace otscope::cli {

/// What a summary reports for the records of a run: by default those of the result itself; a live
/// capture, whose result holds only counters, reports the database's rows.
struct SummaryCounts {
  std::uint64_t assets = 0;
  std::uint64_t links = 0;
  std::uint64_t operations = 0;
  std::uint64_t identities = 0;
  std::uint64_t anomalies = 0;  // occurrences, not rows
};

/// The counts of `result`'s own records.
SummaryCounts summary_counts(const AnalysisResult& result);

/// {"packets", "bytes", "protocols": {NAME: {"messages", "functions": {"CODE": N}, "malformed"}},
///  "assets", "links", "alerts", ...}. `functions` keys are decimal function codes.
nlohmann::json summary_json(const AnalysisResult& result);
nlohmann::json summary_json(const AnalysisResult& result, const SummaryCounts& counts);

void write_summary(std::ostream& out, const AnalysisResult& result, double seconds,
                   const std::string& database);
void write_summary(std::ostream& out, const AnalysisResult& result, const SummaryCounts& counts,
                   double seconds, const std::string& database);

}  // namespace otscope::cli
