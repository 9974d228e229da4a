// Retention (db/retention.h): closed alerts with their evidence and anomalies older than the
// cutoff are deleted in small transactions; open and acknowledged alerts, recent rows, rows of
// unknown age and the inventory stay.
#include "db/retention.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "common/clock.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_file;
using test::RawSqlite;
using test::TempDir;

constexpr std::int64_t kDay = 86'400'000'000;

// An alert in `state` last seen `age_days` ago with `evidence` evidence rows.
void add_alert(RawSqlite& raw, int id, const std::string& state, std::int64_t age_days,
               int evidence) {
  const std::int64_t t = wall_clock_us() - age_days * kDay;
  raw.exec(
      "INSERT INTO alerts (id, rule, severity, protocol, src_ip, dst_ip, summary, count, "
      "first_seen, last_seen, state) VALUES (" +
      std::to_string(id) + ", 'command.unauthorised_write', 'high', 'modbus', '10.0.0." +
      std::to_string(id) + "', '10.0.0.20', 'write', 1, " + std::to_string(t - kDay) + ", " +
      std::to_string(t) + ", '" + state + "')");
  for (int i = 0; i < evidence; ++i)
    raw.exec("INSERT INTO alert_evidence (alert_id, capture, frame, time, summary) VALUES (" +
             std::to_string(id) + ", 'live:eth1', " + std::to_string(i + 1) + ", " +
             std::to_string(t) + ", 'write single register')");
}

void add_anomaly(RawSqlite& raw, int id, const char* last_seen) {
  raw.exec(
      "INSERT INTO anomalies (id, protocol, kind, src_ip, dst_ip, detail, count, first_seen, "
      "last_seen) VALUES (" +
      std::to_string(id) + ", 'modbus', 'bad_length', '10.0.1." + std::to_string(id) +
      "', '10.0.0.20', '', 1, " + last_seen + ", " + last_seen + ")");
}

std::string ago(std::int64_t days) {
  return std::to_string(wall_clock_us() - days * kDay);
}

TEST(Retention, PrunesOldClosedAlertsWithEvidenceAndOldAnomaliesOnly) {
  TempDir dir;
  const std::string path = db_file(dir);
  {
    Database db = Database::open(path);
    db.merge(test::sample_delta(), db.begin_run(CaptureRunRecord{}));  // the inventory, of 2023
  }
  RawSqlite raw(path);
  add_alert(raw, 1, "closed", 120, 3);        // pruned, with its 3 evidence rows
  add_alert(raw, 2, "closed", 10, 2);         // recent: kept
  add_alert(raw, 3, "open", 400, 4);          // nobody dealt with it: kept however old
  add_alert(raw, 4, "acknowledged", 400, 1);  // kept
  add_alert(raw, 5, "closed", 91, 0);         // pruned
  add_anomaly(raw, 101, ago(200).c_str());    // pruned
  add_anomaly(raw, 102, ago(5).c_str());      // kept
  add_anomaly(raw, 103, "NULL");              // unknown age: kept
  const auto assets = raw.integer("SELECT count(*) FROM assets");
  const auto runs = raw.integer("SELECT count(*) FROM capture_runs");
  const auto sample_anomalies = raw.integer("SELECT count(*) FROM anomalies") - 3;
  ASSERT_GT(assets, 0);

  Database db = Database::open(path);
  const std::int64_t cutoff = retention_cutoff_us(std::chrono::hours(24 * 90));
  const RetentionCounts would = count_prunable(db, cutoff);
  EXPECT_EQ(would.alerts, 2u);
  EXPECT_EQ(would.evidence, 3u);
  EXPECT_EQ(would.anomalies, 1u + static_cast<std::uint64_t>(sample_anomalies));
  EXPECT_EQ(raw.integer("SELECT count(*) FROM alerts"), 5);  // counting changed nothing

  const RetentionCounts done = prune(db, cutoff);
  EXPECT_EQ(done.alerts, would.alerts);
  EXPECT_EQ(done.evidence, would.evidence);
  EXPECT_EQ(done.anomalies, would.anomalies);
  EXPECT_TRUE(done.complete);
  EXPECT_EQ(raw.text("SELECT group_concat(id) FROM (SELECT id FROM alerts ORDER BY id)"), "2,3,4");
  EXPECT_EQ(raw.integer("SELECT count(*) FROM alert_evidence"), 7);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM alert_evidence WHERE alert_id = 1"), 0);
  // The sample's anomalies are of 2023: pruned too.
  EXPECT_EQ(raw.text("SELECT group_concat(id) FROM (SELECT id FROM anomalies ORDER BY id)"),
            "102,103");
  EXPECT_EQ(raw.integer("SELECT count(*) FROM assets"), assets);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM capture_runs"), runs);
  EXPECT_GT(raw.integer("SELECT count(*) FROM operations"), 0);
  EXPECT_EQ(db.integrity_check(), "ok");
  // Nothing left to prune: a second pass deletes nothing.
  EXPECT_EQ(prune(db, cutoff).rows(), 0u);
}

TEST(Retention, DeletesInBoundedTransactionsAndResumes) {
  TempDir dir;
  const std::string path = db_file(dir);
  { Database db = Database::open(path); }
  {
    RawSqlite raw(path);
    raw.exec("BEGIN");
    for (int i = 1; i <= 1000; ++i) add_anomaly(raw, i, ago(365).c_str());
    for (int i = 1; i <= 30; ++i) add_alert(raw, i, "closed", 365, 10);
    raw.exec("COMMIT");
  }
  Database db = Database::open(path);
  const std::int64_t cutoff = retention_cutoff_us(std::chrono::hours(24));
  RetentionOptions small;
  small.batch_rows = 110;  // 10 alerts with their evidence, or 110 anomalies
  small.max_batches = 3;
  small.pause = std::chrono::milliseconds(0);
  const RetentionCounts first = prune(db, cutoff, small);
  EXPECT_FALSE(first.complete);
  EXPECT_EQ(first.transactions, 3u);
  EXPECT_EQ(first.alerts, 30u);  // 3 transactions of 10 alerts (110 rows each)
  EXPECT_EQ(first.evidence, 300u);
  EXPECT_EQ(first.anomalies, 0u);
  small.max_batches = 0;
  const RetentionCounts rest = prune(db, cutoff, small);
  EXPECT_TRUE(rest.complete);
  EXPECT_EQ(rest.anomalies, 1000u);
  EXPECT_GE(rest.transactions, 1000u / 110u);
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM anomalies"), 0);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM alerts"), 0);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM alert_evidence"), 0);
}

TEST(Retention, ReadOnlyHandleCountsButCannotPrune) {
  TempDir dir;
  const std::string path = db_file(dir);
  { Database db = Database::open(path); }
  Database ro = Database::open_readonly(path);
  EXPECT_EQ(count_prunable(ro, wall_clock_us()).rows(), 0u);
  EXPECT_NE(test::db_error_of([&] { prune(ro, wall_clock_us()); }).find("read-only"),
            std::string::npos);
}

}  // namespace
}  // namespace otscope
