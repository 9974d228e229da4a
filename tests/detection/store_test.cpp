// Alerts and the baseline in the database: aggregation across runs, states, accepting an alert
// into the baseline, and the evidence bound.
#include <gtest/gtest.h>

#include <chrono>

#include "db/alert_store.h"
#include "protocols/modbus/modbus.h"
#include "protocols/s7/codes.h"
#include "protocols/s7/s7.h"
#include "tests/detection/detection_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope::detection {
namespace {

using test::at;
using test::flow;
using test::ip;
using test::request;

MessageEvent write_hr(std::uint32_t start) {
  return request(modbus::kProtocol, 6, "Write Single Register", OpClass::Write, {},
                 {{"holding_register", start, 1}});
}
MessageEvent plc_stop() {
  MessageEvent ev =
      request(s7::kS7comm, s7::fn::kPlcStop, "PLC Stop", OpClass::ModeChange, "P_PROGRAM");
  ev.command = &s7::kPlcStop;
  return ev;
}

class StoreTest : public ::testing::Test {
 protected:
  std::string path() const { return (dir_.path() / "otscope.db").string(); }
  test::TempDir dir_;
};

TEST_F(StoreTest, RunsAggregateIntoTheOpenAlertAndClosedOnesStayHistory) {
  Database db = Database::open(path());
  const std::int64_t run = db.begin_run({.source = "a.pcap"});
  const std::vector<std::pair<std::string, std::int64_t>> runs = {{"a.pcap", run}};
  const FlowInfo ews = flow("10.10.1.11", "10.10.1.40", 102);

  Detector first;
  first.set_capture_name(0, "a.pcap");
  first.on_message(ews, at(1, 11), plc_stop());
  first.on_message(ews, at(2, 12), plc_stop());
  auto merged = merge_alerts(db, first.take_changes(), runs);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_TRUE(merged[0].new_row);

  Detector second;  // the next run sees the same thing again
  second.set_capture_name(0, "b.pcap");
  second.on_message(ews, at(100, 5), plc_stop());
  auto again = merge_alerts(db, second.take_changes());
  ASSERT_EQ(again.size(), 1u);
  EXPECT_FALSE(again[0].new_row);
  EXPECT_EQ(again[0].id, merged[0].id);

  std::vector<StoredAlert> all = load_alerts(db);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].alert.count, 3u);
  EXPECT_EQ(all[0].alert.first_seen_us, at(1).ts_us);
  EXPECT_EQ(all[0].alert.last_seen_us, at(100).ts_us);
  ASSERT_EQ(all[0].alert.evidence.size(), 3u);
  EXPECT_EQ(all[0].alert.evidence[0].capture, "a.pcap");
  EXPECT_EQ(all[0].alert.evidence[2].capture, "b.pcap");
  EXPECT_EQ(all[0].alert.evidence[2].frame, 5u);
  EXPECT_EQ(all[0].state, AlertState::Open);
  EXPECT_EQ(all[0].alert.summary, "10.10.1.11 -> 10.10.1.40: PLC Stop request");

  // Acknowledged alerts keep aggregating; closed ones do not, a new alert starts.
  EXPECT_TRUE(set_alert_state(db, all[0].id, AlertState::Acknowledged));
  Detector third;
  third.on_message(ews, at(200), plc_stop());
  EXPECT_FALSE(merge_alerts(db, third.take_changes())[0].new_row);
  EXPECT_TRUE(set_alert_state(db, all[0].id, AlertState::Closed));
  Detector fourth;
  fourth.on_message(ews, at(300), plc_stop());
  auto fresh = merge_alerts(db, fourth.take_changes());
  EXPECT_TRUE(fresh[0].new_row);
  EXPECT_NE(fresh[0].id, all[0].id);
  all = load_alerts(db);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, fresh[0].id);  // newest first
  EXPECT_EQ(all[1].alert.count, 4u);
  EXPECT_EQ(all[1].state, AlertState::Closed);
  // A closed alert cannot be reopened while a newer one of the same kind is live.
  EXPECT_THROW(set_alert_state(db, all[1].id, AlertState::Open), DbError);
  EXPECT_FALSE(set_alert_state(db, 999, AlertState::Closed));
  EXPECT_EQ(db.integrity_check(), "ok");
}

TEST_F(StoreTest, EvidenceStaysBoundedAcrossFlushes) {
  Database db = Database::open(path());
  Detector d;
  const FlowInfo hmi = flow("10.10.1.10", "10.10.1.20");
  for (int flush = 0; flush < 5; ++flush) {
    for (int i = 0; i < 7; ++i) d.on_message(hmi, at(flush * 10 + i), write_hr(1));
    merge_alerts(db, d.take_changes());
  }
  auto all = load_alerts(db);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].alert.count, 35u);
  EXPECT_EQ(all[0].alert.evidence.size(), Alert::kMaxEvidence);
}

TEST_F(StoreTest, AcceptPutsWhatTheAlertSawIntoTheBaseline) {
  Database db = Database::open(path());
  Detector d;
  const FlowInfo intruder = flow("10.10.1.66", "10.10.1.20");
  d.on_message(intruder, at(1), write_hr(100));
  d.on_message(intruder, at(2), write_hr(107));
  auto merged = merge_alerts(db, d.take_changes());
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_TRUE(load_baseline(db).empty());

  auto accepted = accept_alert(db, merged[0].id);
  ASSERT_TRUE(accepted);
  EXPECT_EQ(*accepted, 1u);
  const Baseline b = load_baseline(db);
  const PathKey path{modbus::kProtocol, ip("10.10.1.66"), ip("10.10.1.20"), 1};
  const BaselineFunction* f = b.function(path, 6);
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(ranges_cover(f->ranges,
                           RangeList{{"holding_register", 100, 1}, {"holding_register", 107, 1}}));
  EXPECT_EQ(load_alert(db, merged[0].id)->state, AlertState::Closed);
  EXPECT_FALSE(accept_alert(db, 12345));

  // With that baseline stored, the same writes are normal operation.
  DetectorConfig c;
  c.baseline = load_baseline(db);
  Detector enforcing(c);
  enforcing.on_message(intruder, at(10), write_hr(100));
  EXPECT_TRUE(enforcing.alerts().empty());
  enforcing.on_message(intruder, at(11), write_hr(200));
  ASSERT_EQ(enforcing.alerts().size(), 1u);
  EXPECT_EQ(enforcing.alerts()[0].rule, RuleId::BaselineNewWriteRange);
}

TEST_F(StoreTest, BaselineSavesUniteAndClear) {
  Database db = Database::open(path());
  Baseline a;
  const PathKey path{modbus::kProtocol, ip("10.10.1.10"), ip("10.10.1.20"), 255};
  a.learn(path, 3, "Read Holding Registers", RangeList{{"holding_register", 0, 10}}, 5);
  save_baseline(db, a, "learned");
  Baseline b;
  b.learn(path, 3, "Read Holding Registers", RangeList{{"holding_register", 100, 10}}, 2);
  b.learn(path, 16, "Write Multiple Registers", RangeList{{"holding_register", 100, 2}}, 9);
  save_baseline(db, b, "imported");
  const Baseline stored = load_baseline(db);
  EXPECT_EQ(stored.function_count(), 2u);
  const BaselineFunction* read = stored.function(path, 3);
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->ranges.size(), 2u);
  EXPECT_EQ(read->first_seen_us, 2);
  EXPECT_EQ(read->last_seen_us, 5);
  clear_baseline(db);
  EXPECT_TRUE(load_baseline(db).empty());
}

TEST_F(StoreTest, ChangesAgainstEarlierRunsComeFromTheInventoryHistory) {
  Database db = Database::open(path());
  auto firmware = [](const char* value, std::int64_t seen) {
    AnalysisResult delta;
    IdentityRecord id;
    id.ip = ip("10.10.1.40");
    id.protocol = s7::kS7comm;
    id.field = "firmware";
    id.value = value;
    id.source = "s7comm SZL 0x0011";
    id.first_seen_us = id.last_seen_us = seen;
    id.frame = 7;
    delta.identities.push_back(id);
    return delta;
  };
  const MergeReport monday =
      db.merge(firmware("V3.2.6", at(1).ts_us), db.begin_run({.source = "monday.pcap"}));
  EXPECT_TRUE(merged_changes(db, monday).empty());
  const std::int64_t before = last_change_id(db);
  EXPECT_TRUE(changes_since(db, before).empty());
  const MergeReport tuesday =
      db.merge(firmware("V3.3.0", at(100).ts_us), db.begin_run({.source = "tuesday.pcap"}));
  EXPECT_EQ(changes_since(db, before).size(), 1u);
  const auto changes = merged_changes(db, tuesday);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].first.old_value, "V3.2.6");
  EXPECT_EQ(changes[0].first.new_value, "V3.3.0");
  EXPECT_EQ(changes[0].second, "tuesday.pcap");

  Detector d;
  for (const auto& [change, capture] : changes) d.on_change(change, capture);
  ASSERT_EQ(d.alerts().size(), 1u);
  EXPECT_EQ(d.alerts()[0].rule, RuleId::FirmwareChanged);
  EXPECT_EQ(d.alerts()[0].evidence[0].capture, "tuesday.pcap");
  EXPECT_TRUE(changes_since(db, last_change_id(db)).empty());
}

// A console acknowledges and accepts alerts while a sensor's handle has its run open and keeps
// merging: neither waits for the other beyond one short transaction.
TEST_F(StoreTest, AConsoleActsOnAlertsWhileASensorHandleIsOpen) {
  Database sensor = Database::open(path());
  const std::int64_t run = sensor.begin_run({.source = "live:eth0"});
  const FlowInfo ews = flow("10.10.1.11", "10.10.1.40", 102);
  const FlowInfo hmi = flow("10.10.1.10", "10.10.1.20");
  Detector d;
  d.set_capture_name(0, "live:eth0");
  d.on_message(ews, at(1), plc_stop());
  d.on_message(hmi, at(2), write_hr(5));
  const std::vector<std::pair<std::string, std::int64_t>> runs = {{"live:eth0", run}};
  const auto merged = merge_alerts(sensor, d.take_changes(), runs);
  ASSERT_EQ(merged.size(), 2u);

  const auto started = std::chrono::steady_clock::now();
  {
    Database console = Database::open(path());
    ASSERT_TRUE(set_alert_state(console, merged[0].id, AlertState::Acknowledged));
    ASSERT_TRUE(accept_alert(console, merged[1].id));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));

  // The sensor goes on: the acknowledged alert aggregates, the accepted (closed) one stays
  // history and a new occurrence opens a new row.
  d.on_message(ews, at(10), plc_stop());
  d.on_message(hmi, at(11), write_hr(5));
  const auto later = merge_alerts(sensor, d.take_changes(), runs);
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(later[0].id, merged[0].id);
  EXPECT_FALSE(later[0].new_row);
  EXPECT_TRUE(later[1].new_row);
  EXPECT_EQ(load_alert(sensor, merged[0].id)->state, AlertState::Acknowledged);
  EXPECT_EQ(load_alert(sensor, merged[1].id)->state, AlertState::Closed);
  EXPECT_TRUE(sensor.run_alive(run));
  EXPECT_EQ(sensor.capture_runs().at(0).status, RunStatus::Running);
}

TEST_F(StoreTest, AlertsLoadWithoutEvidenceAndFactsAndEvidenceOnDemand) {
  Database db = Database::open(path());
  Detector d;
  d.set_capture_name(0, "a.pcap");
  const FlowInfo intruder = flow("10.10.1.66", "10.10.1.20");
  for (int i = 0; i < 3; ++i) d.on_message(intruder, at(i + 1), write_hr(100));
  const auto merged = merge_alerts(db, d.take_changes());
  ASSERT_EQ(merged.size(), 1u);

  const auto full = load_alerts(db);
  ASSERT_EQ(full.size(), 1u);
  EXPECT_EQ(full[0].alert.evidence.size(), 3u);
  EXPECT_FALSE(full[0].alert.facts.empty());

  const auto rows = load_alerts(db, {.evidence = false, .facts = false});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, full[0].id);
  EXPECT_EQ(rows[0].alert.count, 3u);
  EXPECT_EQ(rows[0].alert.summary, full[0].alert.summary);
  EXPECT_EQ(rows[0].alert.functions, full[0].alert.functions);
  EXPECT_TRUE(rows[0].alert.evidence.empty());
  EXPECT_TRUE(rows[0].alert.facts.empty());

  const std::vector<Evidence> evidence = load_evidence(db, full[0].id);
  ASSERT_EQ(evidence.size(), 3u);
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    EXPECT_EQ(evidence[i].frame, full[0].alert.evidence[i].frame);
    EXPECT_EQ(evidence[i].summary, full[0].alert.evidence[i].summary);
    EXPECT_EQ(evidence[i].ts_us, full[0].alert.evidence[i].ts_us);
  }
  EXPECT_TRUE(load_evidence(db, full[0].id + 100).empty());
  Database ro = Database::open_readonly(path());
  EXPECT_EQ(load_evidence(ro, full[0].id).size(), 3u);
}

TEST_F(StoreTest, ReadOnlyDatabaseRefusesWrites) {
  { Database::open(path()); }
  Database ro = Database::open_readonly(path());
  EXPECT_TRUE(load_alerts(ro).empty());
  EXPECT_THROW(set_alert_state(ro, 1, AlertState::Closed), DbError);
  EXPECT_THROW(save_baseline(ro, Baseline{}, "x"), DbError);
}

}  // namespace
}  // namespace otscope::detection
