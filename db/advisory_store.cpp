#include "db/advisory_store.h"

#include "common/clock.h"
#include "db/sqlite.h"

namespace otscope::db {
namespace {

std::string context(const Database& db, const char* action) {
  return std::string("cannot ") + action + " database '" + db.path() + "'";
}

}  // namespace

AdvisoryImport store_advisories(Database& db, std::span<const advisory::Advisory> advisories) {
  if (db.read_only()) throw DbError(context(db, "store advisories in") + ": opened read-only");
  AdvisoryImport out;
  Connection& c = db.connection();
  try {
    Transaction transaction(c);
    Statement find(c.get(), "SELECT id, version FROM advisories WHERE tracking_id = ?1");
    Statement insert(c.get(),
                     "INSERT INTO advisories (tracking_id, version, title, max_cvss, released, "
                     "updated, imported, document) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    Statement update(c.get(),
                     "UPDATE advisories SET version = ?2, title = ?3, max_cvss = ?4, released = "
                     "?5, updated = ?6, imported = ?7, document = ?8 WHERE id = ?1");
    Statement forget_vendors(c.get(), "DELETE FROM advisory_vendors WHERE advisory_id = ?1");
    Statement add_vendor(c.get(),
                         "INSERT OR IGNORE INTO advisory_vendors (vendor, advisory_id) VALUES "
                         "(?1, ?2)");
    const std::int64_t now = wall_clock_us();
    // Parameters 2..8 are the same in both statements.
    auto write = [now](Statement& s, const advisory::Advisory& a) {
      s.bind_text(2, a.version).bind_text(3, a.title);
      if (a.max_cvss() >= 0)
        s.bind_double(4, a.max_cvss());
      else
        s.bind_null(4);
      s.bind_time(5, a.initial_release_us)
          .bind_time(6, a.current_release_us)
          .bind_int(7, now)
          .bind_text(8, advisory::to_json(a))
          .run();
    };
    for (const advisory::Advisory& a : advisories) {
      std::int64_t id = 0;
      find.start().bind_text(1, a.tracking_id);
      if (find.next()) {
        id = find.column_int(0);
        const std::string stored = find.column_text(1);
        find.reset();
        if (advisory::compare_tracking_versions(a.version, stored) <= 0) {
          ++out.unchanged;
          continue;
        }
        write(update.start().bind_int(1, id), a);
        forget_vendors.start().bind_int(1, id).run();
        ++out.updated;
        out.changed.push_back(a.tracking_id);
      } else {
        find.reset();
        write(insert.start().bind_text(1, a.tracking_id), a);
        id = sqlite3_last_insert_rowid(c.get());
        ++out.added;
        out.changed.push_back(a.tracking_id);
      }
      for (const std::string& v : a.vendor_keys())
        add_vendor.start().bind_text(1, v).bind_int(2, id).run();
    }
    transaction.commit();
  } catch (const DbError& e) {
    throw DbError(context(db, "store advisories in") + ": " + e.what() +
                  " (nothing of this import was stored)");
  }
  return out;
}

std::vector<advisory::Advisory> load_advisories(const Database& db,
                                                const std::set<std::string>* vendor_keys) {
  std::vector<advisory::Advisory> out;
  Connection& c = db.connection();
  try {
    ReadTransaction snapshot(c);
    if (vendor_keys == nullptr) {
      Statement all(c.get(), "SELECT document FROM advisories ORDER BY tracking_id");
      all.start();
      while (all.next()) out.push_back(advisory::from_json(all.column_text(0)));
      return out;
    }
    Statement by_vendor(c.get(),
                        "SELECT DISTINCT a.tracking_id, a.document FROM advisory_vendors v JOIN "
                        "advisories a ON a.id = v.advisory_id WHERE v.vendor = ?1");
    std::map<std::string, std::string> docs;
    for (const std::string& v : *vendor_keys) {
      by_vendor.start().bind_text(1, v);
      while (by_vendor.next()) docs.emplace(by_vendor.column_text(0), by_vendor.column_text(1));
    }
    for (const auto& [id, doc] : docs) out.push_back(advisory::from_json(doc));
  } catch (const DbError& e) {
    throw DbError(context(db, "read advisories from") + ": " + e.what());
  } catch (const std::exception& e) {
    throw DbError(context(db, "read advisories from") + ": a stored advisory is unreadable (" +
                  e.what() + ")");
  }
  return out;
}

std::size_t advisory_count(const Database& db) {
  return static_cast<std::size_t>(
      db.connection().query_int("SELECT count(*) FROM advisories", context(db, "read")));
}

std::uint64_t advisories_fingerprint(const Database& db) {
  try {
    return fold_aggregates(db.connection().get(),
                           "SELECT count(*), max(id), total(length(version)), max(imported) FROM "
                           "advisories");
  } catch (const DbError& e) {
    throw DbError(context(db, "read") + ": " + e.what());
  }
}

}  // namespace otscope::db
