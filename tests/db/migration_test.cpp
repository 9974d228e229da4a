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

// Two future steps after the built-in ones (N = current_schema_version()): N+1 adds a column and
// a table and fills the column from existing data, N+2 builds on N+1's table.
const int kN = current_schema_version();
const Migration kNext1{kN + 1, "future tags",
                       "ALTER TABLE assets ADD COLUMN future_tag TEXT NOT NULL DEFAULT '';"
                       "CREATE TABLE future_notes (id INTEGER PRIMARY KEY, rule TEXT NOT NULL,"
                       " asset_id INTEGER REFERENCES assets(id)) STRICT;"
                       "UPDATE assets SET future_tag = 'plc' WHERE mac_vendor = 'Siemens AG';"};
const Migration kNext2{kN + 2, "future notes by rule",
                       "CREATE INDEX future_notes_by_rule ON future_notes(rule);"};

std::vector<Migration> future_steps(std::initializer_list<Migration> extra) {
  std::vector<Migration> steps(schema_migrations().begin(), schema_migrations().end());
  steps.insert(steps.end(), extra);
  return steps;
}

// A database written by this build (schema version N).
std::string write_current_database(const TempDir& dir) {
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  EXPECT_EQ(db.schema_version(), kN);
  db.merge(test::sample_delta(), db.begin_run({.source = "v1.pcap"}));
  return path;
}

// Numbered from one, increasing. Until the network map's step 6 (another branch of issue 18) is
// merged, the dashboard's step 7 follows step 5 here.
TEST(DatabaseMigration, BuiltInStepsAreNumberedFromOne) {
  auto steps = schema_migrations();
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps[0].version, 1);
  for (std::size_t i = 1; i < steps.size(); ++i) EXPECT_GT(steps[i].version, steps[i - 1].version);
  EXPECT_EQ(current_schema_version(), steps.back().version);
}

TEST(DatabaseMigration, FileIsCarriedForwardStepByStepKeepingItsData) {
  TempDir dir;
  const std::string path = write_current_database(dir);

  auto steps = future_steps({kNext1, kNext2});
  DbOptions future;
  future.migrations = steps;
  {
    Database db = Database::open(path, future);
    EXPECT_EQ(db.schema_version(), kN + 2);
    // Existing data is intact and merging still works on the new schema.
    EXPECT_EQ(db.totals().assets, 2u);
    EXPECT_EQ(db.links().at(0).record.packets, 190u);
    db.merge(test::sample_delta(), db.capture_runs().at(0).id);
    EXPECT_EQ(db.links().at(0).record.packets, 380u);
  }
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), kN + 2);
  EXPECT_EQ(raw.integer("PRAGMA application_id"), kOtscopeApplicationId);
  EXPECT_EQ(raw.text("SELECT future_tag FROM assets WHERE mac = '00:1b:1b:01:02:03'"), "plc");
  EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'future_notes_by_rule'"),
            1);
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");

  // Reopening at the same version applies nothing twice.
  Database again = Database::open(path, future);
  EXPECT_EQ(again.schema_version(), kN + 2);
  EXPECT_EQ(Database::open_readonly(path, future).totals().assets, 2u);
}

TEST(DatabaseMigration, FailingStepLeavesTheFileAtItsPreviousVersion) {
  TempDir dir;
  const std::string path = write_current_database(dir);
  const Migration broken{kN + 1, "broken step",
                         "CREATE TABLE half_done (x INTEGER); ALTER TABLE no_such_table ADD y;"};
  auto steps = future_steps({broken});
  DbOptions future;
  future.migrations = steps;
  std::string error = db_error_of([&] { Database::open(path, future); });
  EXPECT_EQ(error, "cannot upgrade database '" + path + "' to schema version " +
                       std::to_string(kN + 1) +
                       " (broken step): cannot apply schema step: no such table: no_such_table");
  {
    RawSqlite raw(path);
    EXPECT_EQ(raw.integer("PRAGMA user_version"), kN);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'"), 0);
  }
  Database db = Database::open(path);
  EXPECT_EQ(db.schema_version(), kN);
  EXPECT_EQ(db.totals().assets, 2u);
}

TEST(DatabaseMigration, NewerFileIsRefusedByAnOlderBuild) {
  TempDir dir;
  const std::string path = write_current_database(dir);
  auto steps = future_steps({kNext1});
  DbOptions future;
  future.migrations = steps;
  { Database::open(path, future); }
  const std::string expected = "database '" + path + "' has schema version " +
                               std::to_string(kN + 1) + ", newer than this otscope (" +
                               std::to_string(kN) + ")";
  EXPECT_EQ(db_error_of([&] { Database::open(path); }), expected);
  EXPECT_EQ(db_error_of([&] { Database::open_readonly(path); }), expected);
}

TEST(DatabaseMigration, ReadonlyOpenDoesNotUpgrade) {
  TempDir dir;
  const std::string path = write_current_database(dir);
  auto steps = future_steps({kNext1});
  DbOptions future;
  future.migrations = steps;
  EXPECT_EQ(db_error_of([&] { Database::open_readonly(path, future); }),
            "database '" + path + "' has schema version " + std::to_string(kN) +
                ", older than this otscope (" + std::to_string(kN + 1) +
                "); open it for writing once to upgrade it");
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), kN);
}

TEST(DatabaseMigration, MisnumberedStepListIsRefused) {
  TempDir dir;
  std::array<Migration, 3> repeated{schema_migrations()[0], Migration{3, "3", "SELECT 1;"},
                                    Migration{3, "3 again", "SELECT 1;"}};
  // Step 3 numbered like step 2: refused whatever the built-in list holds.
  DbOptions options;
  options.migrations = repeated;
  EXPECT_EQ(db_error_of([&] { Database::open(db_file(dir), options); }),
            "invalid schema migration list: step 3 has version 3");
  std::array<Migration, 1> late{Migration{2, "no 1", "SELECT 1;"}};
  options.migrations = late;
  EXPECT_EQ(db_error_of([&] { Database::open(db_file(dir), options); }),
            "invalid schema migration list: step 1 has version 2");
}

}  // namespace
}  // namespace otscope
