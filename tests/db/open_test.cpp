// Opening: schema creation, identification of the file, refusal of foreign files, read-only
// access, the one-writer lock and the capture-run lifecycle.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "db/database.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_error_of;
using test::db_file;
using test::RawSqlite;
using test::TempDir;

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(DatabaseOpen, CreatesSchemaWithVersionApplicationIdAndWal) {
  TempDir dir;
  const std::string path = db_file(dir);
  {
    Database db = Database::open(path);
    EXPECT_EQ(db.schema_version(), current_schema_version());
    EXPECT_FALSE(db.read_only());
    EXPECT_EQ(db.path(), path);
    DbTotals totals = db.totals();
    EXPECT_EQ(totals.assets + totals.links + totals.operations + totals.identities +
                  totals.anomalies + totals.capture_runs,
              0u);
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("PRAGMA application_id"), kOtscopeApplicationId);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), current_schema_version());
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  for (const char* table :
       {"capture_runs", "assets", "asset_ips", "asset_vlans", "links", "protocol_stats",
        "protocol_functions", "operations", "identities", "anomalies"}) {
    EXPECT_EQ(raw.integer(std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                      "AND name = '") +
                          table + "'"),
              1)
        << table;
  }
}

TEST(DatabaseOpen, ReopeningKeepsDataAndVersion) {
  TempDir dir;
  const std::string path = db_file(dir);
  {
    Database db = Database::open(path);
    db.merge(test::sample_delta(), db.begin_run({.source = "a.pcap"}));
  }
  Database again = Database::open(path);
  EXPECT_EQ(again.schema_version(), current_schema_version());
  EXPECT_EQ(again.totals().assets, 2u);
  EXPECT_EQ(again.totals().operations, 1u);
}

TEST(DatabaseOpen, RefusesForeignSqliteFileWithoutTouchingIt) {
  TempDir dir;
  const std::string path = db_file(dir, "other.sqlite");
  {
    RawSqlite raw(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ada')");
  }
  const std::string before = file_bytes(path);
  EXPECT_EQ(db_error_of([&] { Database::open(path); }),
            "'" + path + "' is not an otscope database");
  EXPECT_EQ(db_error_of([&] { Database::open_readonly(path); }),
            "'" + path + "' is not an otscope database");
  EXPECT_EQ(file_bytes(path), before);
  RawSqlite raw(path);
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "delete");
  EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema"), 1);
  EXPECT_FALSE(std::filesystem::exists(path + "-lock"));
}

TEST(DatabaseOpen, RefusesTextFileWithoutTouchingIt) {
  TempDir dir;
  const std::string path = db_file(dir, "notes.txt");
  {
    std::ofstream out(path);
    for (int i = 0; i < 100; ++i) out << "line " << i << ": this is a plain text file\n";
  }
  const std::string before = file_bytes(path);
  EXPECT_EQ(db_error_of([&] { Database::open(path); }),
            "'" + path + "' is not an otscope database (file is not a database)");
  EXPECT_EQ(db_error_of([&] { Database::open_readonly(path); }),
            "'" + path + "' is not an otscope database (file is not a database)");
  EXPECT_EQ(file_bytes(path), before);
}

TEST(DatabaseOpen, ReadonlyOfMissingFileIsAnErrorAndCreatesNothing) {
  TempDir dir;
  const std::string path = db_file(dir, "missing.db");
  EXPECT_EQ(db_error_of([&] { Database::open_readonly(path); }),
            "cannot open database '" + path + "': no such file");
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(DatabaseOpen, UnwritableLocationIsAClearError) {
  const std::string path = "/nonexistent-otscope-dir/x.db";
  EXPECT_EQ(db_error_of([&] { Database::open(path); }),
            "cannot open database '" + path + "': unable to open database file");
}

TEST(DatabaseOpen, ReadonlyHandleRefusesWrites) {
  TempDir dir;
  const std::string path = db_file(dir);
  { Database::open(path); }
  Database db = Database::open_readonly(path);
  EXPECT_TRUE(db.read_only());
  EXPECT_EQ(db_error_of([&] { db.merge(test::sample_delta(), 1); }),
            "cannot merge into database '" + path + "': it is open read-only");
  EXPECT_NE(db_error_of([&] { db.begin_run({.source = "x"}); }), "");
  EXPECT_EQ(db.totals().assets, 0u);
}

TEST(DatabaseOpen, SecondWriterWaitsThenFailsWhileReadersStillRead) {
  TempDir dir;
  const std::string path = db_file(dir);
  auto first = std::make_unique<Database>(Database::open(path));
  first->merge(test::sample_delta(), first->begin_run({.source = "live:eth0"}));

  DbOptions impatient;
  impatient.busy_timeout = std::chrono::milliseconds(300);
  auto started = std::chrono::steady_clock::now();
  std::string error = db_error_of([&] { Database::open(path, impatient); });
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(error, "database '" + path + "' is in use by another otscope writer (waited 300 ms)");
  EXPECT_GE(waited, std::chrono::milliseconds(300));

  // Listing commands are not blocked by the writer, and see its committed merges.
  Database reader = Database::open_readonly(path);
  EXPECT_EQ(reader.totals().assets, 2u);
  EXPECT_EQ(reader.capture_runs().at(0).status, RunStatus::Running);

  first.reset();
  EXPECT_FALSE(std::filesystem::exists(path + "-lock"));
  Database second = Database::open(path, impatient);
  EXPECT_EQ(second.totals().assets, 2u);
}

TEST(DatabaseOpen, SecondWriterThroughASymlinkIsAlsoRefused) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database first = Database::open(path);
  const std::string alias = db_file(dir, "alias.db");
  std::filesystem::create_symlink(path, alias);
  DbOptions impatient;
  impatient.busy_timeout = std::chrono::milliseconds(50);
  EXPECT_EQ(db_error_of([&] { Database::open(alias, impatient); }),
            "database '" + alias + "' is in use by another otscope writer (waited 50 ms)");
}

TEST(DatabaseOpen, CaptureRunLifecycle) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  CaptureRunRecord run;
  run.source = "plant/line1.pcapng";
  run.started_us = test::kT0;
  std::int64_t id = db.begin_run(run);
  EXPECT_GT(id, 0);
  ASSERT_EQ(db.capture_runs().size(), 1u);
  EXPECT_EQ(db.capture_runs()[0].status, RunStatus::Running);
  EXPECT_EQ(db.capture_runs()[0].record.source, "plant/line1.pcapng");

  run.finished_us = test::kT0 + 2'500'000;
  run.first_packet_us = test::kT0 - 60'000'000;
  run.last_packet_us = test::kT0 - 1'000'000;
  run.packets = 1'234;
  run.bytes = 98'765;
  run.drops = 3;
  run.undecodable = 2;
  db.finish_run(id, run, RunStatus::Complete);
  StoredCaptureRun stored = db.capture_runs().at(0);
  EXPECT_EQ(stored.id, id);
  EXPECT_EQ(stored.status, RunStatus::Complete);
  EXPECT_EQ(stored.record.started_us, test::kT0);
  EXPECT_EQ(stored.record.finished_us, test::kT0 + 2'500'000);
  EXPECT_EQ(stored.record.first_packet_us, test::kT0 - 60'000'000);
  EXPECT_EQ(stored.record.last_packet_us, test::kT0 - 1'000'000);
  EXPECT_EQ(stored.record.packets, 1'234u);
  EXPECT_EQ(stored.record.bytes, 98'765u);
  EXPECT_EQ(stored.record.drops, 3u);
  EXPECT_EQ(stored.record.undecodable, 2u);

  EXPECT_EQ(db_error_of([&] { db.finish_run(id + 100, run, RunStatus::Complete); }),
            "cannot finish a capture run in database '" + path + "': no capture run " +
                std::to_string(id + 100));
}

TEST(DatabaseOpen, RunLeftRunningByADeadWriterBecomesInterrupted) {
  TempDir dir;
  const std::string path = db_file(dir);
  std::int64_t id = 0;
  {
    Database db = Database::open(path);
    id = db.begin_run({.source = "live:eth1"});
    // Destroyed without finish_run(), as when the process dies.
  }
  EXPECT_EQ(Database::open_readonly(path).capture_runs().at(0).status, RunStatus::Running);
  Database db = Database::open(path);
  ASSERT_EQ(db.capture_runs().size(), 1u);
  EXPECT_EQ(db.capture_runs()[0].id, id);
  EXPECT_EQ(db.capture_runs()[0].status, RunStatus::Interrupted);
}

TEST(DatabaseOpen, MovedHandleKeepsWorking) {
  TempDir dir;
  Database a = Database::open(db_file(dir));
  Database b = std::move(a);
  EXPECT_EQ(b.totals().assets, 0u);
  EXPECT_NE(db_error_of([&] { (void)a.totals(); }), "");  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace otscope
