// Forward migrations: a file written by this version is carried to a future schema (simulated
// with a longer step list), step by step, each step all-or-nothing; newer files are refused.
#include <gtest/gtest.h>

#include <array>

#include "db/database.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_error_of;
using test::db_file;
using test::RawSqlite;
using test::TempDir;

// What issue 6/7 might append: v2 adds asset roles and an alerts table, v3 builds on v2's table.
const Migration kV2{2, "asset roles and alerts",
                    "ALTER TABLE assets ADD COLUMN role TEXT NOT NULL DEFAULT '';"
                    "CREATE TABLE alerts (id INTEGER PRIMARY KEY, rule TEXT NOT NULL,"
                    " asset_id INTEGER REFERENCES assets(id)) STRICT;"
                    "UPDATE assets SET role = 'plc' WHERE mac_vendor = 'Siemens AG';"};
const Migration kV3{3, "alerts by rule", "CREATE INDEX alerts_by_rule ON alerts(rule);"};

std::vector<Migration> future_steps(std::initializer_list<Migration> extra) {
  std::vector<Migration> steps(schema_migrations().begin(), schema_migrations().end());
  steps.insert(steps.end(), extra);
  return steps;
}

std::string write_v1_database(const TempDir& dir) {
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  EXPECT_EQ(db.schema_version(), 1);
  db.merge(test::sample_delta(), db.begin_run({.source = "v1.pcap"}));
  return path;
}

TEST(DatabaseMigration, BuiltInStepsAreNumberedFromOne) {
  auto steps = schema_migrations();
  ASSERT_FALSE(steps.empty());
  for (std::size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(steps[i].version, int(i) + 1);
  EXPECT_EQ(current_schema_version(), steps.back().version);
}

TEST(DatabaseMigration, V1FileIsCarriedForwardStepByStepKeepingItsData) {
  TempDir dir;
  const std::string path = write_v1_database(dir);

  auto steps = future_steps({kV2, kV3});
  DbOptions future;
  future.migrations = steps;
  {
    Database db = Database::open(path, future);
    EXPECT_EQ(db.schema_version(), 3);
    // Existing data is intact and merging still works on the new schema.
    EXPECT_EQ(db.totals().assets, 2u);
    EXPECT_EQ(db.links().at(0).record.packets, 190u);
    db.merge(test::sample_delta(), db.capture_runs().at(0).id);
    EXPECT_EQ(db.links().at(0).record.packets, 380u);
  }
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), 3);
  EXPECT_EQ(raw.integer("PRAGMA application_id"), kOtscopeApplicationId);
  EXPECT_EQ(raw.text("SELECT role FROM assets WHERE mac = '00:1b:1b:01:02:03'"), "plc");
  EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'alerts_by_rule'"), 1);
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");

  // Reopening at the same version applies nothing twice.
  Database again = Database::open(path, future);
  EXPECT_EQ(again.schema_version(), 3);
  EXPECT_EQ(Database::open_readonly(path, future).totals().assets, 2u);
}

TEST(DatabaseMigration, FailingStepLeavesTheFileAtItsPreviousVersion) {
  TempDir dir;
  const std::string path = write_v1_database(dir);
  const Migration broken{2, "broken step",
                         "CREATE TABLE half_done (x INTEGER); ALTER TABLE no_such_table ADD y;"};
  auto steps = future_steps({broken});
  DbOptions future;
  future.migrations = steps;
  std::string error = db_error_of([&] { Database::open(path, future); });
  EXPECT_EQ(error, "cannot upgrade database '" + path +
                       "' to schema version 2 (broken step): cannot apply schema step: "
                       "no such table: no_such_table");
  {
    RawSqlite raw(path);
    EXPECT_EQ(raw.integer("PRAGMA user_version"), 1);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'"), 0);
  }
  Database db = Database::open(path);
  EXPECT_EQ(db.schema_version(), 1);
  EXPECT_EQ(db.totals().assets, 2u);
}

TEST(DatabaseMigration, NewerFileIsRefusedByAnOlderBuild) {
  TempDir dir;
  const std::string path = write_v1_database(dir);
  auto steps = future_steps({kV2});
  DbOptions future;
  future.migrations = steps;
  { Database::open(path, future); }
  const std::string expected =
      "database '" + path + "' has schema version 2, newer than this otscope (1)";
  EXPECT_EQ(db_error_of([&] { Database::open(path); }), expected);
  EXPECT_EQ(db_error_of([&] { Database::open_readonly(path); }), expected);
}

TEST(DatabaseMigration, ReadonlyOpenDoesNotUpgrade) {
  TempDir dir;
  const std::string path = write_v1_database(dir);
  auto steps = future_steps({kV2});
  DbOptions future;
  future.migrations = steps;
  EXPECT_EQ(db_error_of([&] { Database::open_readonly(path, future); }),
            "database '" + path +
                "' has schema version 1, older than this otscope (2); open it for writing "
                "once to upgrade it");
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), 1);
}

TEST(DatabaseMigration, MisnumberedStepListIsRefused) {
  TempDir dir;
  std::array<Migration, 2> gap{schema_migrations()[0], Migration{3, "skips 2", "SELECT 1;"}};
  DbOptions options;
  options.migrations = gap;
  EXPECT_EQ(db_error_of([&] { Database::open(db_file(dir), options); }),
            "invalid schema migration list: step 2 has version 3");
}

}  // namespace
}  // namespace otscope
