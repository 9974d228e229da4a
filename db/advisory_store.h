// Public security advisories in the otscope database (table `advisories`, schema step 5 in
// db/schema.cpp): one row per tracking id with its latest version. Matching is not stored: the
// verdicts are computed from the advisories and the current inventory when read
// (model/advisory/findings.h), so they follow every firmware change.
#pragma once

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "db/database.h"
#include "model/advisory/advisory.h"

namespace otscope::db {

/// What store_advisories() did with each document.
struct AdvisoryImport {
  std::size_t added = 0;      // tracking id not stored before
  std::size_t updated = 0;    // a newer version replaced the stored one
  std::size_t unchanged = 0;  // the same or an older version was already stored
  /// Tracking ids added or updated, in the order stored.
  std::vector<std::string> changed;
};

/// Stores the advisories in one transaction: new tracking ids added, a higher tracking version
/// replaces the stored one, the same or a lower one is left. Throws DbError (nothing stored).
AdvisoryImport store_advisories(Database& db, std::span<const advisory::Advisory> advisories);

/// Stored advisories, by tracking id; only those with a product of one of `vendor_keys`
/// (advisory::vendor_key) when given.
std::vector<advisory::Advisory> load_advisories(const Database& db,
                                                const std::set<std::string>* vendor_keys = nullptr);

/// How many advisories are stored. Throws DbError on a file of an older schema (no table).
std::size_t advisory_count(const Database& db);

/// Count, id maximum and sum of versions' lengths: unchanged means unchanged rows, for a console
/// that polls. 0 when empty.
std::uint64_t advisories_fingerprint(const Database& db);

}  // namespace otscope::db
