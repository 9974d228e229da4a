#include "db/map_store.h"

#include <charconv>

#include "common/clock.h"
#include "db/sqlite.h"

namespace otscope::db {
namespace {

std::string context(const Database& db, const char* action) {
  return std::string("cannot ") + action + " database '" + db.path() + "'";
}

bool has_table(Connection& c) {
  Statement s(c.get(),
              "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'map_positions'");
  return s.start().next();
}

// The asset id of "[<view>/]asset:<id>", 0 for a group's key, -1 for anything else.
std::int64_t asset_of(const std::string& key) {
  const std::size_t slash = key.find('/');
  const std::string_view node = slash == std::string::npos || slash > key.find(':')
                                    ? std::string_view(key)
                                    : std::string_view(key).substr(slash + 1);
  if (node.starts_with("group:")) return 0;
  constexpr std::string_view prefix = "asset:";
  if (!node.starts_with(prefix)) return -1;
  std::int64_t id = 0;
  const char* first = node.data() + prefix.size();
  const char* last = node.data() + node.size();
  const auto [end, ec] = std::from_chars(first, last, id);
  if (ec != std::errc() || end != last || id <= 0) return -1;
  return id;
}

}  // namespace

std::map<std::string, MapPosition> load_map_positions(const Database& db) {
  Connection& c = db.connection();
  std::map<std::string, MapPosition> out;
  try {
    ReadTransaction snapshot(c);
    if (!has_table(c)) return out;
    Statement rows(c.get(), "SELECT node, x, y FROM map_positions ORDER BY node");
    rows.start();
    while (rows.next()) out[rows.column_text(0)] = {rows.column_double(1), rows.column_double(2)};
  } catch (const DbError& e) {
    throw DbError(context(db, "read map positions from") + ": " + e.what());
  }
  return out;
}

void save_map_positions(const Database& db, const std::map<std::string, MapPosition>& positions) {
  if (db.read_only()) throw DbError(context(db, "save map positions in") + ": opened read-only");
  Connection& c = db.connection();
  try {
    Transaction transaction(c);
    Statement exists(c.get(), "SELECT 1 FROM assets WHERE id = ?1");
    Statement upsert(c.get(),
                     "INSERT INTO map_positions (node, asset_id, x, y, updated) "
                     "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (node) DO UPDATE SET "
                     "asset_id = excluded.asset_id, x = excluded.x, y = excluded.y, "
                     "updated = excluded.updated");
    const std::int64_t now = wall_clock_us();
    for (const auto& [key, p] : positions) {
      const std::int64_t asset = asset_of(key);
      if (asset < 0) throw DbError("'" + key + "' is not a map node key");
      if (asset > 0) {
        const bool found = exists.start().bind_int(1, asset).next();
        exists.reset();
        if (!found) throw DbError("there is no asset " + std::to_string(asset));
      }
      upsert.start().bind_text(1, key);
      if (asset > 0)
        upsert.bind_int(2, asset);
      else
        upsert.bind_null(2);
      upsert.bind_double(3, p.x).bind_double(4, p.y).bind_int(5, now).run();
    }
    transaction.commit();
  } catch (const DbError& e) {
    throw DbError(context(db, "save map positions in") + ": " + e.what());
  }
}

std::size_t clear_map_positions(const Database& db, const std::string& prefix) {
  if (db.read_only()) throw DbError(context(db, "clear map positions in") + ": opened read-only");
  Connection& c = db.connection();
  try {
    Transaction transaction(c);
    Statement remove(c.get(), "DELETE FROM map_positions WHERE substr(node, 1, length(?1)) = ?1");
    remove.start().bind_text(1, prefix).run();
    const auto n = static_cast<std::size_t>(sqlite3_changes(c.get()));
    transaction.commit();
    return n;
  } catch (const DbError& e) {
    throw DbError(context(db, "clear map positions in") + ": " + e.what());
  }
}

std::uint64_t map_positions_fingerprint(const Database& db) {
  Connection& c = db.connection();
  try {
    ReadTransaction snapshot(c);
    if (!has_table(c)) return 0;
    Statement s(c.get(),
                "SELECT count(*), coalesce(max(updated), 0), coalesce(total(x) + total(y), 0) "
                "FROM map_positions");
    if (!s.start().next()) return 0;
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::uint64_t v : {s.column_count(0), static_cast<std::uint64_t>(s.column_int(1)),
                            static_cast<std::uint64_t>(s.column_double(2) * 1000)})
      h = (h ^ v) * 0x100000001b3ULL;
    return h;
  } catch (const DbError& e) {
    throw DbError(context(db, "read map positions from") + ": " + e.what());
  }
}

}  // namespace otscope::db
