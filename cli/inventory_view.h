// What the inventory commands print (`assets`, `map`, `history`) and what the report reuses:
// tables for text/CSV and JSON documents built from an Inventory, keys stable for scripts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/format.h"
#include "db/database.h"
#include "model/inventory.h"

namespace otscope::cli {

/// The identity fields an auditor reads first, in this order; always present in the JSON
/// "identity" object (null when unknown).
const std::vector<std::string>& core_identity_fields();

/// A device's name for people: the auditor's name for it, else a host name, else what it calls
/// itself, else its address.
std::string display_name(const InventoryAsset& asset);
/// "vendor product" style one-liner of what the device says it is ("" when it says nothing).
std::string product_text(const InventoryAsset& asset);

/// Compact listing for the terminal.
Table assets_text_table(const Inventory& inventory);
/// One row per asset with every column (the first twelve are the original `assets` columns; the
/// auditor's fields come last: audit_name, criticality, zone, purdue_level, owner, notes, tags
/// joined by "; ").
Table assets_csv_table(const Inventory& inventory);
/// Full detail per asset: id, mac, mac_vendor, ips, role, protocols, identity, first_seen,
/// last_seen, ..., audit {name, criticality, zone, purdue_level, owner, notes, tags} (see
/// README.md).
nlohmann::json assets_json(const Inventory& inventory);

/// {"nodes": [...], "edges": [...]}: devices with their roles, and who talks to whom over which
/// protocol with which operation classes.
nlohmann::json map_json(const Inventory& inventory);
Table map_table(const Inventory& inventory);

Table history_table(const std::vector<StoredChange>& history);
nlohmann::json history_json(const std::vector<StoredChange>& history);

}  // namespace otscope::cli
