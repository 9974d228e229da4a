// The run summary of `otscope analyze` and `otscope capture`: human text and the JSON object
// whose keys scripts rely on.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "engine/analysis.h"

namespace otscope::cli {

/// {"packets", "bytes", "protocols": {NAME: {"messages", "functions": {"CODE": N}, "malformed"}},
///  "assets", "links", "alerts", ...}. `functions` keys are decimal function codes.
nlohmann::json summary_json(const AnalysisResult& result);

void write_summary(std::ostream& out, const AnalysisResult& result, double seconds,
                   const std::string& database);

}  // namespace otscope::cli
