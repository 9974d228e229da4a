// `otscope advisories import|list` and `otscope vulns`: public security advisories (CSAF 2.0)
// stored in the database and judged against the identified assets.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

#include "db/database.h"
#include "engine/detection/detector.h"
#include "model/advisory/findings.h"

namespace otscope::cli {

/// The stored advisories judged against the inventory (only those naming a vendor of an
/// identified asset are read); without the not-affected verdicts when `affected_only`.
std::vector<advisory::AssetFinding> vulnerability_rows(const Database& db, const Inventory& inv,
                                                       bool affected_only = false);
/// The stable JSON of `otscope vulns --json`.
nlohmann::json vulnerabilities_json(std::span<const advisory::AssetFinding> rows);

/// Raises asset.known_vulnerability for each asset of `merged.identified_ips` that a stored
/// advisory with CVSS >= 7 lists as affected; nothing when no advisory is stored.
void raise_advisory_alerts(detection::Detector& detector, const Database& db,
                           const MergeReport& merged, const std::string& capture);

void add_advisory_commands(CLI::App& app, int& exit_code);

}  // namespace otscope::cli
