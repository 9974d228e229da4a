// Where the user placed the network map's nodes (schema step 6, table map_positions): read by the
// console's reader thread, written by its editor thread when a drag ends. Keys are the map's node
// keys, prefixed by the grouping they were placed in ("subnet/asset:12",
// "zone/group:zone:Cell 1"); an asset's positions go with its asset.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "db/database.h"

namespace otscope::db {

struct MapPosition {
  double x = 0;
  double y = 0;
  bool operator==(const MapPosition&) const = default;
};

/// Every saved position by node key (empty for a file without the table).
std::map<std::string, MapPosition> load_map_positions(const Database& db);
/// Saves positions in one transaction (replacing those of the same keys). A key naming no
/// asset, or neither an asset nor a group, is refused. Throws DbError when the handle is read-only.
void save_map_positions(const Database& db, const std::map<std::string, MapPosition>& positions);
/// Forgets the saved positions whose keys start with `prefix` (all for ""): the map's "reset
/// layout". Returns how many were removed.
std::size_t clear_map_positions(const Database& db, const std::string& prefix = {});
/// Changes when positions change (count, newest update time, sum of ids): cheap to poll.
std::uint64_t map_positions_fingerprint(const Database& db);

}  // namespace otscope::db
