// The dashboard's store: every query it runs searches an index or reads a small table, the alert
// series count what the alerts table holds, and health samples are bounded per run and pruned
// with their age.
#include "db/dashboard.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/retention.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_file;
using test::kT0;
using test::query_plan;
using test::RawSqlite;
using test::TempDir;

// What a dashboard query may scan: the small tables, the partial index of the alerts not closed
// (what nobody has dealt with), the assets by role and by traffic (an index, read to a LIMIT), and
// the assets themselves for the vendor count (their number is capped by the engine, and the
// console reads them all anyway). Never the alerts, their evidence, operations, links,
// identities, anomalies, the history or the health samples.
bool allowed_scan(const std::string& step) {
  for (const char* ok :
       {"SCAN capture_runs", "SCAN protocol_stats", "SCAN alerts USING INDEX alerts_live_by_key",
        "SCAN alerts USING COVERING INDEX alerts_live_by_key",
        "SCAN assets USING COVERING INDEX assets_by_role",
        "SCAN assets USING INDEX assets_by_traffic",
        "SCAN assets USING COVERING INDEX assets_by_traffic", "SCAN a"})
    if (step == ok) return true;
  return step.rfind("SCAN a USING ", 0) == 0;  // the assets, through one of their indexes
}

void expect_no_big_scan(const std::string& path) {
  const std::vector<const char*> queries = db::dashboard_queries();
  EXPECT_GE(queries.size(), 15u);
  for (const char* sql : queries) {
    const auto plan = query_plan(path, sql);
    EXPECT_FALSE(plan.empty()) << sql;
    for (const std::string& step : plan) {
      const bool scan = step.rfind("SCAN", 0) == 0;
      EXPECT_TRUE(!scan || allowed_scan(step)) << step << " in: " << sql;
    }
  }
}

TEST(Dashboard, EveryQuerySearchesAnIndexOrASmallTable) {
  TempDir dir;
  const std::string path = db_file(dir);
  {
    Database db = Database::open(path);
    db.merge(test::sample_delta(), db.begin_run({.source = "a.pcap"}));
  }
  expect_no_big_scan(path);
  // With the tables of a large plant and their statistics gathered, still no scan.
  {
    RawSqlite raw(path);
    raw.exec("BEGIN");
    for (int i = 0; i < 5000; ++i) {
      const std::string n = std::to_string(i);
      const std::string address = "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250);
      raw.exec("INSERT INTO assets (id, mac_vendor, first_seen, last_seen) VALUES (" +
               std::to_string(1000 + i) + ", 'Vendor " + std::to_string(i % 40) + "', " +
               std::to_string(kT0 + i) + ", " + std::to_string(kT0 + i) + ")");
      raw.exec("INSERT INTO asset_ips (asset_id, ip) VALUES (" + std::to_string(1000 + i) + ", '" +
               address + "')");
      for (const char* field : {"vendor", "model", "firmware", "serial"})
        raw.exec("INSERT INTO identities (ip, protocol, field, value, source) VALUES ('" + address +
                 "', 'modbus', '" + field + "', 'v" + n + "', 'test')");
      raw.exec(
          "INSERT INTO alerts (rule, severity, protocol, src_ip, dst_ip, summary, count, "
          "first_seen, last_seen, state) VALUES ('r" +
          std::to_string(i % 7) + "', 'low', 'modbus', '" + address + "', '10.0.0.1', 's', 1, " +
          std::to_string(kT0 + i) + ", " + std::to_string(kT0 + i) + ", '" +
          (i % 10 == 0 ? "open" : "closed") + "')");
    }
    raw.exec("COMMIT");
    raw.exec("ANALYZE");
  }
  expect_no_big_scan(path);
}

void add_alert(RawSqlite& raw, const std::string& rule, const std::string& severity,
               std::int64_t first_seen, const std::string& state, const std::string& src) {
  raw.exec(
      "INSERT INTO alerts (rule, severity, protocol, src_ip, dst_ip, summary, count, "
      "first_seen, last_seen, state) VALUES ('" +
      rule + "', '" + severity + "', 'modbus', '" + src + "', '10.0.0.1', 's', 1, " +
      std::to_string(first_seen) + ", " + std::to_string(first_seen) + ", '" + state + "')");
}

TEST(Dashboard, AlertSeriesCountTheAlertsTable) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  db.merge(test::sample_delta(), db.begin_run({.source = "a.pcap"}));
  constexpr std::int64_t kHour = Dashboard::kHourUs;
  const std::int64_t start = (kT0 / kHour) * kHour;  // an hour's first microsecond
  {
    RawSqlite raw(path);
    add_alert(raw, "s7.plc_stop", "critical", start + 10, "open", "10.0.0.2");
    add_alert(raw, "modbus.write", "low", start + 30 * 60 * 1000000LL, "acknowledged", "10.0.0.2");
    add_alert(raw, "modbus.write", "low", start + 40 * 60 * 1000000LL, "open", "10.0.0.3");
    add_alert(raw, "modbus.write", "high", start + 2 * kHour + 5, "open", "10.0.0.4");
    add_alert(raw, "s7.plc_stop", "medium", start + 3 * kHour, "closed", "10.0.0.5");
  }
  const Dashboard d = db::read_dashboard(db);
  // sample_delta's devices were last seen 9 s after kT0: the alerts' three hours are the span.
  EXPECT_EQ(d.bucket_us, kHour);
  ASSERT_EQ(d.alerts_over_time.size(), 4u);
  EXPECT_EQ(d.alerts_over_time[0].start_us, start);
  EXPECT_EQ(d.alerts_over_time[0].counts, (std::array<std::uint64_t, 4>{2, 0, 0, 1}));
  EXPECT_EQ(d.alerts_over_time[1].counts, (std::array<std::uint64_t, 4>{0, 0, 0, 0}));
  EXPECT_EQ(d.alerts_over_time[2].counts, (std::array<std::uint64_t, 4>{0, 0, 1, 0}));
  EXPECT_EQ(d.alerts_over_time[3].counts, (std::array<std::uint64_t, 4>{0, 1, 0, 0}));
  // Open and acknowledged, not closed; most first.
  EXPECT_EQ(d.open_alerts_by_rule,
            (std::vector<DashboardCount>{{"modbus.write", 3}, {"s7.plc_stop", 1}}));
}

TEST(Dashboard, LongerSpansTakeLongerBucketsAndAreBounded) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database db = Database::open(path);
  {
    RawSqlite raw(path);
    for (int day = 0; day < 30; ++day)  // a month: daily
      add_alert(raw, "r", "low", kT0 + day * Dashboard::kDayUs, "closed", "10.0.0.2");
  }
  Dashboard d = db::read_dashboard(db);
  EXPECT_EQ(d.bucket_us, Dashboard::kDayUs);
  EXPECT_EQ(d.alerts_over_time.size(), 30u);
  {
    RawSqlite raw(path);
    for (int day = 30; day < 300; ++day)  // ten months: weekly, every alert shown
      add_alert(raw, "r", "medium", kT0 + day * Dashboard::kDayUs, "closed", "10.0.0.2");
  }
  d = db::read_dashboard(db);
  EXPECT_EQ(d.bucket_us, Dashboard::kWeekUs);
  std::uint64_t shown = 0;
  for (const SeverityBucket& b : d.alerts_over_time) shown += b.counts[0] + b.counts[1];
  EXPECT_EQ(shown, 300u);
  EXPECT_LE(d.alerts_over_time.size(), Dashboard::kMaxBuckets);
  {
    RawSqlite raw(path);  // ten years: 30 days a bucket, the newest 60 of them
    add_alert(raw, "r", "high", kT0 + 3650 * Dashboard::kDayUs, "closed", "10.0.0.2");
  }
  d = db::read_dashboard(db);
  EXPECT_EQ(d.bucket_us, Dashboard::kMonthUs);
  ASSERT_EQ(d.alerts_over_time.size(), Dashboard::kMaxBuckets);
  EXPECT_EQ(d.alerts_over_time.back().start_us,
            (kT0 + 3650 * Dashboard::kDayUs) / Dashboard::kMonthUs * Dashboard::kMonthUs);
  EXPECT_EQ(d.alerts_over_time.back().counts, (std::array<std::uint64_t, 4>{0, 0, 1, 0}));
  EXPECT_TRUE(d.open_alerts_by_rule.empty());
}

HealthSample sample_at(std::int64_t time_us, std::uint64_t packets) {
  HealthSample s;
  s.time_us = time_us;
  s.packet_time_us = time_us - 5;
  s.packets = packets;
  s.bytes = packets * 60;
  s.tcp_gaps = packets / 100;
  return s;
}

TEST(Dashboard, HealthSamplesAreBoundedPerRunAndKeepTheRunsEnds) {
  TempDir dir;
  Database db = Database::open(db_file(dir));
  const std::int64_t run = db.begin_run({.source = "live:eth1"});
  const std::int64_t other = db.begin_run({.source = "live:eth2"});
  constexpr int kStored = 5000;  // three hours of flushes every 2 s
  for (int i = 0; i < kStored; ++i)
    db::store_health_sample(db, run, sample_at(kT0 + i * 2'000'000LL, 10ull * i));
  for (int i = 0; i < 5; ++i) db::store_health_sample(db, other, sample_at(kT0 + i, i));

  const std::vector<HealthSample> kept = db::health_samples(db, run);
  EXPECT_LE(kept.size(), db::kMaxHealthSamples);
  EXPECT_GE(kept.size(), db::kMaxHealthSamples / 2);
  ASSERT_FALSE(kept.empty());
  EXPECT_EQ(kept.front(), sample_at(kT0, 0));  // the run's start stays
  EXPECT_EQ(kept.back(), sample_at(kT0 + (kStored - 1) * 2'000'000LL, 10ull * (kStored - 1)));
  for (std::size_t i = 1; i < kept.size(); ++i) {
    EXPECT_LT(kept[i - 1].time_us, kept[i].time_us);
    EXPECT_LE(kept[i - 1].packets, kept[i].packets);
  }
  // Thinning one run leaves the others alone.
  EXPECT_EQ(db::health_samples(db, other).size(), 5u);

  // The dashboard follows the newest live run, with its samples; the list has both runs.
  const Dashboard d = db::read_dashboard(db);
  EXPECT_EQ(d.run.id, other);
  EXPECT_TRUE(d.run.alive);
  EXPECT_EQ(d.health, db::health_samples(db, other));
  ASSERT_EQ(d.runs.size(), 2u);
  EXPECT_EQ(d.runs[1].id, run);
  EXPECT_EQ(d.runs[1].last, kept.back());
  EXPECT_EQ(d.runs[1].samples_stored, kept.size());
}

TEST(Dashboard, RetentionPrunesHealthSamplesByAge) {
  TempDir dir;
  Database db = Database::open(db_file(dir));
  const std::int64_t run = db.begin_run({.source = "live:eth1"});
  for (int h = 0; h < 10; ++h)
    db::store_health_sample(db, run, sample_at(kT0 + h * Dashboard::kHourUs, 100ull * h));
  const std::int64_t cutoff = kT0 + 6 * Dashboard::kHourUs;
  EXPECT_EQ(count_prunable(db, cutoff).health_samples, 6u);
  RetentionOptions small;
  small.batch_rows = 4;  // two transactions for the samples
  const RetentionCounts pruned = prune(db, cutoff, small);
  EXPECT_EQ(pruned.health_samples, 6u);
  const std::vector<HealthSample> left = db::health_samples(db, run);
  ASSERT_EQ(left.size(), 4u);
  for (const HealthSample& s : left) EXPECT_GE(s.time_us, cutoff);
  EXPECT_EQ(db.capture_runs().size(), 1u);  // the run itself is kept
  EXPECT_EQ(count_prunable(db, cutoff).health_samples, 0u);
}

TEST(Dashboard, AReadOnlyHandleStoresNoSample) {
  TempDir dir;
  const std::string path = db_file(dir);
  std::int64_t run = 0;
  {
    Database db = Database::open(path);
    run = db.begin_run({.source = "a.pcap"});
    db.finish_run(run, {.source = "a.pcap"}, RunStatus::Complete);
  }
  Database ro = Database::open_readonly(path);
  EXPECT_THROW(db::store_health_sample(ro, run, sample_at(kT0, 1)), DbError);
  EXPECT_TRUE(db::health_samples(ro, run).empty());
}

TEST(Dashboard, AnEmptyDatabaseHasEmptySeries) {
  TempDir dir;
  Database db = Database::open(db_file(dir));
  const Dashboard d = db::read_dashboard(db);
  EXPECT_EQ(d, Dashboard{});
}

}  // namespace
}  // namespace otscope
