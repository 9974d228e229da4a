// Opening: schema creation, identification of the file, refusal of foreign files, read-only
// access, several writers on one file and the capture-run lifecycle.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

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

TEST(DatabaseOpen, SecondWriterOpensAtOnceAndMergesWhileTheFirstHasARunningRun) {
  TempDir dir;
  const std::string path = db_file(dir);
  auto first = std::make_unique<Database>(Database::open(path));
  const std::int64_t live = first->begin_run({.source = "live:eth0"});
  first->merge(test::sample_delta(), live);

  // A sensor's handle no longer keeps other writers out: a second one opens and merges at once.
  const auto started = std::chrono::steady_clock::now();
  Database second = Database::open(path);
  second.merge(test::sample_delta(), second.begin_run({.source = "replay.pcap"}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));

  // The first handle's run is still live, so the second open did not take it for a dead one.
  Database reader = Database::open_readonly(path);
  EXPECT_EQ(reader.capture_runs().at(0).status, RunStatus::Running);
  EXPECT_EQ(reader.totals().assets, 2u);
  EXPECT_EQ(reader.links().at(0).record.packets, 2 * 190u);
  // And the first handle keeps writing after the second one did.
  first->merge(test::sample_delta(), live);
  EXPECT_EQ(reader.links().at(0).record.packets, 3 * 190u);

  // The lock file outlives every handle: a holder and a newcomer must always lock one inode.
  first.reset();
  EXPECT_TRUE(std::filesystem::exists(path + "-lock"));
  Database third = Database::open(path);
  EXPECT_EQ(third.capture_runs().at(0).status, RunStatus::Interrupted);  // first never finished
  EXPECT_EQ(third.capture_runs().at(1).status, RunStatus::Running);      // second's is live
  EXPECT_EQ(third.integrity_check(), "ok");
}

TEST(DatabaseOpen, HandlesThroughASymlinkShareTheRunLocks) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database first = Database::open(path);
  const std::int64_t run = first.begin_run({.source = "live:eth0"});
  const std::string alias = db_file(dir, "alias.db");
  std::filesystem::create_symlink(path, alias);
  {
    Database through_alias = Database::open(alias);
    EXPECT_TRUE(through_alias.run_alive(run));
    EXPECT_EQ(through_alias.capture_runs().at(0).status, RunStatus::Running);
  }
  EXPECT_TRUE(Database::open_readonly(alias).run_alive(run));
  EXPECT_FALSE(std::filesystem::exists(alias + "-lock"));
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
  EXPECT_TRUE(db.run_alive(id));
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
  EXPECT_FALSE(db.run_alive(id));
  EXPECT_FALSE(Database::open_readonly(path).run_alive(id));
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
  EXPECT_FALSE(Database::open_readonly(path).run_alive(id));
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
