// What the listing commands print: tables for text/CSV and JSON documents, from the database.
#pragma once

#include <nlohmann/json.hpp>

#include "cli/format.h"
#include "db/database.h"

namespace otscope::cli {

Table assets_table(const Database& db);
nlohmann::json assets_json(const Database& db);

Table links_table(const Database& db);
nlohmann::json links_json(const Database& db);

Table operations_table(const Database& db);
nlohmann::json operations_json(const Database& db);

Table anomalies_table(const Database& db);
nlohmann::json anomalies_json(const Database& db);

Table runs_table(const Database& db);
nlohmann::json runs_json(const Database& db);

/// "holding_register 0-9, 100-124; coil 0-15"
std::string ranges_text(const std::vector<AddressRange>& ranges);

}  // namespace otscope::cli
