// Every statement the db layer prepares, checked with EXPLAIN QUERY PLAN on a database of a
// plant's size: no statement scans a table that grows with the network or with time unless it
// reads that table whole on purpose (a listing, an export, a fingerprint, a count), and every
// index the schema creates serves some statement or a constraint (an unused index costs every
// insert and update for nothing).
//
// The texts are not listed by hand: db::SqlRecorder records each distinct text prepared while the
// test populates a database through the public API and calls every reader, so a new query is
// checked the day it is written and exercised.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "db/advisory_store.h"
#include "db/alert_store.h"
#include "db/dashboard.h"
#include "db/database_impl.h"
#include "db/map_store.h"
#include "db/retention.h"
#include "db/sqlite.h"
#include "model/advisory/advisory.h"
#include "protocols/modbus/modbus.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_file;
using test::kT0;
using test::query_plan;
using test::RawSqlite;
using test::TempDir;
namespace det = detection;

// Tables whose size is bounded by construction, which any statement may read whole: one row per
// capture run, per protocol, per protocol function.
const std::set<std::string> kSmallTables = {"capture_runs", "protocol_stats", "protocol_functions"};

// The statements that read big tables whole, and why that is their job. A statement missing here
// that scans a big table fails the test; an entry no statement matches any more fails it too.
struct WholeRead {
  const char* sql;  // the statement's text, or a piece of it when `exact` is false
  std::set<std::string> tables;
  const char* why;
  bool exact = true;
};

const std::vector<WholeRead>& whole_reads() {
  static const std::vector<WholeRead> reads = {
      // The listings: Database::assets(), links(), operations(), ... and inventory(), which the
      // CLI listings, the report, the console and the role refresh after a merge read in full.
      {"SELECT id, mac, mac_vendor, first_seen, last_seen, packets_sent, bytes_sent, "
       "packets_received, bytes_received, via_mac, roles FROM assets",
       {"assets"},
       "Database::assets(): every asset"},
      {"SELECT asset_id, ip, first_seen, last_seen, packets_sent, bytes_sent, packets_received, "
       "bytes_received FROM asset_ips",
       {"asset_ips"},
       "Database::assets(): every asset's addresses"},
      {"SELECT asset_id, vlan FROM asset_vlans", {"asset_vlans"}, "Database::assets(): VLANs"},
      {OTSCOPE_LINK_SELECT, {"links"}, "Database::links(): every link"},
      {OTSCOPE_OPERATION_SELECT, {"operations"}, "Database::operations(): every operation"},
      {"SELECT id, protocol, client_ip, server_ip, client_mac, server_mac, unit, function, "
       "function_name, op_class, detail, requests, responses, unsolicited, exceptions, "
       "exception_codes, '[]', first_seen, last_seen FROM operations",
       {"operations"},
       "Merger::refresh_all_roles(): a merge that touched a quarter of the assets or more infers "
       "every role again from every operation (without their ranges)"},
      {"SELECT id, ip, mac, protocol, field, value, source, first_seen, last_seen, frame, "
       "capture_run_id FROM identities",
       {"identities"},
       "Database::identities(): every identity fact"},
      {"SELECT id, protocol, kind, src_ip, dst_ip, detail, malformed, count, first_seen, "
       "last_seen, first_frame, capture_run_id FROM anomalies",
       {"anomalies"},
       "Database::anomalies(): every anomaly"},
      {"SELECT id, ip, mac, name, source, first_seen, last_seen, frame, capture_run_id FROM "
       "asset_names",
       {"asset_names"},
       "Database::hostnames(): every host name"},
      {"SELECT id, ip, mac, field, old_value, new_value, changed_at, old_last_seen, source, "
       "frame, capture_run_id FROM asset_history",
       {"asset_history"},
       "Database::asset_history() without an address: the whole history"},
      {"SELECT asset_id, name, criticality, zone, purdue_level, owner, notes, tags, updated FROM "
       "asset_audit",
       {"asset_audit"},
       "Database::asset_audits(): every auditor record"},
      {"SELECT rule, severity, count(*), sum(count), min(first_seen), max(last_seen) FROM alerts "
       "GROUP BY rule, severity ORDER BY rule, severity",
       {"alerts"},
       "Database::alerts_summary(): the report's table of every alert by rule"},
      // Alerts: the whole list (`alerts`, `alerts --json`, the console), read through the index
      // of first sightings; with evidence it is the export of every alert.
      {"SELECT id, rule, severity, protocol, src_ip, dst_ip, src_mac, dst_mac, functions, "
       "summary, count, first_seen, last_seen, state, facts FROM alerts ORDER BY first_seen "
       "DESC, id DESC LIMIT ?1",
       {"alerts"},
       "load_alerts(): every alert, newest first (a LIMIT stops early)"},
      {"SELECT id, rule, severity, protocol, src_ip, dst_ip, src_mac, dst_mac, functions, "
       "summary, count, first_seen, last_seen, state, '[]' FROM alerts ORDER BY first_seen "
       "DESC, id DESC LIMIT ?1",
       {"alerts"},
       "load_alerts() without facts: the console's list, newest first (a LIMIT stops early)"},
      {"SELECT alert_id, capture, frame, time, summary, earlier FROM alert_evidence ORDER BY "
       "alert_id, rowid",
       {"alert_evidence"},
       "load_alerts() with evidence and no limit: every alert's evidence (`alerts --json`)"},
      // The baseline and its learned values: loaded whole into the detector before a run and
      // exported whole.
      {"SELECT protocol, client_ip, server_ip, unit, function, function_name, ranges, "
       "first_seen, last_seen, origin FROM baseline",
       {"baseline"},
       "load_baseline_entries(): the whole baseline"},
      {"SELECT protocol, server_ip, unit, space, address, kind, min_value, max_value, "
       "last_value, max_step, operations, count, first_seen, last_seen FROM baseline_values "
       "ORDER BY protocol, server_ip, unit, space, address",
       {"baseline_values"},
       "load_baseline_values(): every learned point"},
      // Advisories: every stored one (`advisories`), and the map's saved positions: every one.
      {"SELECT document FROM advisories ORDER BY tracking_id",
       {"advisories"},
       "load_advisories() without vendors: every advisory"},
      {"SELECT node, x, y FROM map_positions ORDER BY node",
       {"map_positions"},
       "load_map_positions(): every saved position"},
      {"DELETE FROM map_positions WHERE substr(node, 1, length(?1)) = ?1",
       {"map_positions"},
       "clear_map_positions(): the positions of one grouping, or all (the map's reset)"},
      // Counts and fingerprints: one aggregate over a whole table is what they are. A console
      // computes the fingerprints only after PRAGMA data_version says another connection
      // committed, and then reads the changed group in full anyway.
      {"SELECT (SELECT count(*) FROM capture_runs), (SELECT count(*) FROM assets), (SELECT "
       "count(*) FROM links), (SELECT count(*) FROM operations), (SELECT count(*) FROM "
       "identities), (SELECT count(*) FROM anomalies)",
       {"assets", "links", "operations", "identities", "anomalies"},
       "Database::totals(): row counts"},
      {"SELECT count(*) FROM advisories", {"advisories"}, "advisory_count()"},
      {"SELECT count(*), max(id), total(packets_sent + packets_received), max(last_seen), "
       "total(length(roles)), total(role_confidence * 1000), total(length(role)) FROM assets",
       {"assets"},
       "Database::fingerprints()"},
      {"SELECT count(*), total(packets_sent + packets_received), max(last_seen), "
       "total(asset_id) FROM asset_ips",
       {"asset_ips"},
       "Database::fingerprints()"},
      {"SELECT count(*), total(asset_id * vlan) FROM asset_vlans",
       {"asset_vlans"},
       "Database::fingerprints()"},
      {"SELECT count(*), max(id), max(last_seen) FROM asset_names",
       {"asset_names"},
       "Database::fingerprints()"},
      {"SELECT count(*), max(id), max(last_seen) FROM identities",
       {"identities"},
       "Database::fingerprints()"},
      {"SELECT count(*), max(id) FROM asset_history",
       {"asset_history"},
       "Database::fingerprints()"},
      {"SELECT count(*), max(updated), total(asset_id) FROM asset_audit",
       {"asset_audit"},
       "Database::fingerprints()"},
      {"SELECT count(*), max(id), total(flows + packets), max(last_seen) FROM links",
       {"links"},
       "Database::fingerprints()"},
      {"SELECT count(*), max(id), total(requests + responses + unsolicited + exceptions), "
       "max(last_seen), total(length(ranges) + length(exception_codes)) FROM operations",
       {"operations"},
       "Database::fingerprints()"},
      {"SELECT count(*), max(id), total(count), max(last_seen) FROM anomalies",
       {"anomalies"},
       "Database::fingerprints()"},
      {"SELECT count(*), max(id), total(count), max(last_seen), total(id * CASE state WHEN "
       "'open' THEN 1 WHEN 'acknowledged' THEN 2 ELSE 3 END), total(length(facts) + "
       "length(functions)), (SELECT count(*) FROM alert_evidence) FROM alerts",
       {"alerts", "alert_evidence"},
       "alerts_fingerprint()"},
      {"SELECT count(*), max(last_seen), min(first_seen), total(length(ranges)), total(unit + "
       "function), (SELECT count(*) + total(count) + max(coalesce(last_seen, 0)) FROM "
       "baseline_values) FROM baseline",
       {"baseline", "baseline_values"},
       "baseline_fingerprint()"},
      {"SELECT count(*), max(id), total(length(version)), max(imported) FROM advisories",
       {"advisories"},
       "advisories_fingerprint()"},
      {"SELECT count(*), coalesce(max(updated), 0), coalesce(total(x) + total(y), 0) FROM "
       "map_positions",
       {"map_positions"},
       "map_positions_fingerprint()"},
      // The dashboard's charts of every asset and every alert nobody dealt with: by role (a
      // covering index of the roles), the top talkers (the traffic index read in order up to the
      // LIMIT), the open alerts by rule (the partial index of alerts not closed).
      {"SELECT role, count(*) FROM assets GROUP BY role",
       {"assets"},
       "read_dashboard(): assets by role"},
      {"SELECT id, mac, role, mac_vendor, first_seen, bytes_sent, bytes_received FROM assets "
       "ORDER BY bytes_sent + bytes_received DESC LIMIT ?1",
       {"assets"},
       "read_dashboard(): the top talkers"},
      {"SELECT rule, count(*) FROM alerts WHERE state != 'closed' GROUP BY rule",
       {"alerts"},
       "read_dashboard(): open and acknowledged alerts by rule"},
      // The dashboard's vendor chart reads every asset (their number is capped by the engine;
      // the console reads them all anyway), each with one index search of its addresses.
      {"AS mv, (SELECT i.value FROM asset_ips ai CROSS JOIN identities i",
       {"assets"},
       "read_dashboard(): assets by vendor",
       false},
      // Retention's dry run (`otscope prune --dry-run`) counts what a prune would delete: the
      // closed alerts and anomalies older than the cutoff, once per command.
      {"SELECT (SELECT count(*) FROM alerts WHERE state = 'closed' AND",
       {"alerts", "anomalies"},
       "count_prunable(): the dry run's counts",
       false},
  };
  return reads;
}

bool matches(const WholeRead& w, const std::string& sql) {
  return w.exact ? sql == w.sql : sql.find(w.sql) != std::string::npos;
}

std::string first_word(const std::string& sql) {
  std::size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  std::size_t j = i;
  while (j < sql.size() && std::isalpha(static_cast<unsigned char>(sql[j]))) ++j;
  std::string w = sql.substr(i, j - i);
  for (char& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return w;
}

// The table each alias or name of `sql` stands for ("FROM assets a", "JOIN alerts b").
std::map<std::string, std::string> aliases(const std::string& sql,
                                           const std::set<std::string>& tables) {
  static const std::set<std::string> kKeywords = {
      "WHERE", "JOIN",  "ON",      "ORDER", "GROUP",  "LIMIT", "LEFT", "INNER", "CROSS",
      "USING", "UNION", "NATURAL", "SET",   "VALUES", "AND",   "OR",   "AS",    "INDEXED"};
  std::map<std::string, std::string> out;
  static const std::regex kFrom(R"(\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?)",
                                std::regex::icase);
  for (auto it = std::sregex_iterator(sql.begin(), sql.end(), kFrom); it != std::sregex_iterator();
       ++it) {
    const std::string table = (*it)[1];
    if (tables.count(table) == 0) continue;
    out[table] = table;
    std::string alias = (*it)[2];
    std::string upper = alias;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!alias.empty() && kKeywords.count(upper) == 0) out[alias] = table;
  }
  return out;
}

// A plant: 2,000 PLCs polled by two masters, their identities (half of them updated later, so
// the history has rows), names, anomalies; alerts with evidence and packets, some closed; a
// baseline with learned values; advisories; map positions; health samples; auditor records.
constexpr int kPlcs = 2000;

IpAddress plc_ip(int i) {
  return IpAddress::v4(0x0a010000u + static_cast<std::uint32_t>(i));
}
MacAddress plc_mac(int i) {
  MacAddress m;
  m.bytes = {0x02, 0, 0, 1, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
  return m;
}

AnalysisResult plant_delta(int run, std::int64_t t0) {
  AnalysisResult d;
  ProtocolStats& modbus = d.protocols["modbus"];
  modbus.messages = 10 * kPlcs;
  modbus.functions = {{3, 6 * kPlcs}, {16, 4 * kPlcs}};
  const IpAddress hmi = test::ip("10.0.0.5");
  const IpAddress eng = test::ip("10.0.0.6");
  for (const auto& [address, m] : {std::pair{hmi, test::mac("00:0c:29:aa:bb:cc")},
                                   std::pair{eng, test::mac("00:0c:29:aa:bb:cd")}}) {
    AssetRecord a;
    a.mac = m;
    a.ips = {address};
    a.first_seen_us = t0;
    a.last_seen_us = t0 + 1'000'000;
    a.packets_sent = 100;
    a.bytes_sent = 6'000;
    d.assets.push_back(a);
  }
  for (int i = 0; i < kPlcs; ++i) {
    const std::int64_t t = t0 + i;
    AssetRecord plc;
    plc.mac = plc_mac(i);
    plc.ips = {plc_ip(i)};
    plc.vlans = {static_cast<std::uint16_t>(10 + i % 4)};
    plc.mac_vendor = "Vendor " + std::to_string(i % 40);
    plc.first_seen_us = t;
    plc.last_seen_us = t + 1'000'000;
    plc.packets_sent = 10;
    plc.bytes_sent = 600;
    plc.packets_received = 10;
    plc.bytes_received = 700;
    d.assets.push_back(plc);
    if (i % 10 == 0) {  // a host behind a router, known by its address only
      AssetRecord routed;
      routed.ips = {IpAddress::v4(0x0a020000u + static_cast<std::uint32_t>(i))};
      routed.via_mac = test::mac("00:00:5e:00:01:01");
      routed.first_seen_us = t;
      routed.last_seen_us = t;
      routed.packets_sent = 1;
      routed.bytes_sent = 60;
      d.assets.push_back(routed);
    }
    for (const IpAddress& master : {hmi, eng}) {
      LinkRecord link;
      link.client = master;
      link.server = plc.ips[0];
      link.transport = Transport::Tcp;
      link.server_port = 502;
      link.protocol = "modbus";
      link.flows = 1;
      link.packets = 10;
      link.bytes = 700;
      link.first_seen_us = t;
      link.last_seen_us = t + 1'000'000;
      d.links.push_back(link);
      for (std::uint32_t function : {3u, 16u}) {
        OperationRecord op;
        op.protocol = modbus::kProtocol;
        op.client = master;
        op.server = plc.ips[0];
        op.unit = 1;
        op.function = function;
        op.function_name = function == 3 ? "Read Holding Registers" : "Write Multiple Registers";
        op.op = function == 3 ? OpClass::Read : OpClass::Write;
        op.requests = 3;
        op.responses = 3;
        op.ranges = {{"holding_register", static_cast<std::uint32_t>(i % 100) * 10, 10}};
        op.first_seen_us = t;
        op.last_seen_us = t + 1'000'000;
        d.operations.push_back(op);
      }
    }
    for (const char* field : {"vendor", "model", "firmware", "serial"}) {
      IdentityRecord id;
      id.ip = plc.ips[0];
      id.mac = plc.mac;
      id.protocol = modbus::kProtocol;
      id.field = field;
      const bool updated = std::string(field) == "firmware" && run > 0 && i % 2 == 0;
      id.value = std::string(field) == "vendor"
                     ? "Vendor " + std::to_string(i % 40)
                     : std::string(field) + "-" + std::to_string(i) + (updated ? "-new" : "");
      id.source = "modbus 43/14 read device identification";
      id.first_seen_us = t + 500'000;
      id.last_seen_us = t + 500'000;
      id.frame = 17;
      d.identities.push_back(id);
    }
    HostnameRecord name;
    name.ip = plc.ips[0];
    name.mac = plc.mac;
    name.name = "plc-" + std::to_string(i);
    name.source = "dhcp host name (option 12)";
    name.first_seen_us = t;
    name.last_seen_us = t;
    d.hostnames.push_back(name);
    AnomalyRecord anomaly;
    anomaly.protocol = modbus::kProtocol;
    anomaly.kind = "modbus.unanswered_request";
    anomaly.src = hmi;
    anomaly.dst = plc.ips[0];
    anomaly.detail = "transaction 7 got no response";
    anomaly.count = 1;
    anomaly.first_seen_us = t;
    anomaly.last_seen_us = t;
    anomaly.first_frame = 42;
    d.anomalies.push_back(anomaly);
  }
  return d;
}

std::vector<det::AlertChange> plant_alerts(std::int64_t t0) {
  std::vector<det::AlertChange> out;
  for (int i = 0; i < kPlcs; ++i) {
    det::AlertChange c;
    c.raised = true;
    det::Alert& a = c.alert;
    a.rule = i % 2 == 0 ? det::RuleId::UnauthorisedWrite : det::RuleId::Malformed;
    a.severity = i % 3 == 0 ? det::Severity::High : det::Severity::Low;
    a.protocol = modbus::kProtocol;
    a.src = test::ip("10.0.0.5");
    a.dst = plc_ip(i);
    a.functions = {"Write Multiple Registers"};
    a.summary = "10.0.0.5 wrote to " + plc_ip(i).to_string();
    a.count = 3;
    a.first_seen_us = t0 + i * 1'000'000LL;
    a.last_seen_us = a.first_seen_us + 10;
    for (std::uint64_t frame : {10u, 11u, 12u})
      a.evidence.push_back({"plant.pcap", frame + i, a.first_seen_us, "write", {}});
    det::AlertFact fact;
    fact.path = {modbus::kProtocol, a.src, a.dst, 1};
    fact.function = 16;
    fact.name = "Write Multiple Registers";
    fact.ranges = {{"holding_register", 0, 10}};
    a.facts = {fact};
    if (i % 100 == 0) c.packets.push_back({"plant.pcap", 10u + i, a.first_seen_us, 1, 60, {1, 2}});
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<advisory::Advisory> plant_advisories(const std::string& version) {
  std::vector<advisory::Advisory> out;
  for (int i = 0; i < 60; ++i) {
    advisory::Advisory a;
    a.tracking_id = "ICSA-26-" + std::to_string(100 + i) + "-01";
    a.version = version;
    a.title = "Vendor " + std::to_string(i % 40) + " PLC";
    a.initial_release_us = kT0;
    a.current_release_us = kT0;
    advisory::Product p;
    p.id = "CSAFPID-1";
    p.vendor = "Vendor " + std::to_string(i % 40);
    p.name = "PLC";
    a.products = {p};
    out.push_back(std::move(a));
  }
  return out;
}

// The database and every SQL text recorded while it was filled and read, shared by the tests.
struct RecordedPlant {
  TempDir dir;
  std::string path;
  /// Every distinct text prepared or run, and the plan of each that reads or writes rows.
  std::set<std::string> texts;
  std::map<std::string, std::vector<std::string>> plans;
  std::set<std::string> tables;
};

// Calls every reader (and writer) of the db layer's public API.
void exercise(const std::string& path) {
  {
    Database writer = Database::open(path);
    writer.begin_run({.source = "left running"});  // its writer goes away without finishing it
  }
  Database db = Database::open(path);  // marks that run interrupted
  const std::int64_t run1 = db.begin_run({.source = "plant-1.pcap"});
  db.merge(plant_delta(0, kT0), run1);
  db.finish_run(run1, {.source = "plant-1.pcap"}, RunStatus::Complete);
  const std::int64_t run2 = db.begin_run({.source = "plant-2.pcap"});
  const MergeReport report = db.merge(plant_delta(1, kT0 + 3'600'000'000LL), run2);
  EXPECT_FALSE(report.history_ids.empty());
  const std::vector<std::pair<std::string, std::int64_t>> runs = {{"plant.pcap", run2}};
  const auto merged = det::merge_alerts(db, plant_alerts(kT0), runs);
  ASSERT_EQ(merged.size(), static_cast<std::size_t>(kPlcs));
  // Every ninth closed (retention prunes the old ones), every seventh acknowledged; one
  // accepted into the baseline; one closed and reopened.
  for (std::size_t i = 0; i < merged.size(); i += 9)
    det::set_alert_state(db, merged[i].id, det::AlertState::Closed);
  for (std::size_t i = 1; i < merged.size(); i += 7)
    det::set_alert_state(db, merged[i].id, det::AlertState::Acknowledged);
  EXPECT_TRUE(det::set_alert_state(db, merged[0].id, det::AlertState::Open));
  EXPECT_TRUE(det::accept_alert(db, merged[2].id).has_value());

  det::Baseline baseline;
  for (int i = 0; i < kPlcs; ++i) {
    const det::PathKey path_key{modbus::kProtocol, test::ip("10.0.0.5"), plc_ip(i), 1};
    const AddressRange range{"holding_register", 0, 10};
    baseline.learn(path_key, 3, "Read Holding Registers", {&range, 1}, kT0 + i);
    const WrittenValue value{SpaceName("holding_register"),
                             static_cast<std::uint32_t>(i % 50),
                             ValueKind::Number,
                             static_cast<double>(i),
                             {}};
    baseline.learn_values(modbus::kProtocol, plc_ip(i), 1, {&value, 1}, kT0 + i);
  }
  det::save_baseline(db, baseline, "learned");
  det::save_baseline(db, baseline, "imported");

  db::store_advisories(db, plant_advisories("1.0.0"));
  db::store_advisories(db, plant_advisories("2.0.0"));  // replaces each: vendors again

  std::map<std::string, db::MapPosition> positions;
  const auto stored_assets = db.assets();
  for (std::size_t i = 0; i < 300 && i < stored_assets.size(); ++i)
    positions["none/asset:" + std::to_string(stored_assets[i].id)] = {static_cast<double>(i), 2.0};
  positions["subnet/group:subnet:10.1.0.0/24"] = {5, 5};
  db::save_map_positions(db, positions);

  for (std::size_t i = 0; i < 100; ++i) {
    AssetAudit audit;
    audit.name = "PLC " + std::to_string(i);
    audit.criticality = "high";
    audit.tags = {"line 1"};
    db.set_asset_audit(stored_assets[i].id, audit);
  }
  db.set_asset_audit(stored_assets[0].id, AssetAudit{});  // cleared: the row goes

  // More samples than a run keeps: the run's older half is thinned.
  for (std::size_t i = 0; i < db::kMaxHealthSamples + 2; ++i) {
    HealthSample s;
    s.time_us = kT0 + static_cast<std::int64_t>(i) * 1'000'000;
    s.packet_time_us = s.time_us;
    s.packets = 100 * i;
    db::store_health_sample(db, run2, s);
  }
  db.finish_run(run2, {.source = "plant-2.pcap"}, RunStatus::Complete);

  // Every reader, on this handle and on a read-only one (the CLI's listings, the console).
  Database ro = Database::open_readonly(path);
  for (const Database* h : {static_cast<const Database*>(&db), static_cast<const Database*>(&ro)}) {
    const Database& r = *h;
    EXPECT_EQ(r.capture_runs().size(), 3u);
    EXPECT_GE(r.assets().size(), static_cast<std::size_t>(kPlcs));
    EXPECT_EQ(r.links().size(), 2u * kPlcs);
    EXPECT_EQ(r.operations().size(), 4u * kPlcs);
    EXPECT_GE(r.identities().size(), 4u * kPlcs);
    EXPECT_EQ(r.anomalies().size(), static_cast<std::size_t>(kPlcs));
    EXPECT_FALSE(r.protocol_stats().empty());
    EXPECT_EQ(r.totals().links, 2u * kPlcs);
    EXPECT_EQ(r.hostnames().size(), static_cast<std::size_t>(kPlcs));
    EXPECT_FALSE(r.asset_history().empty());
    const IpAddress first = plc_ip(0);
    EXPECT_EQ(r.asset_history(&first).size(), 1u);
    EXPECT_GE(r.inventory().assets.size(), static_cast<std::size_t>(kPlcs));
    EXPECT_EQ(r.inventory_contents().links.size(), 2u * kPlcs);
    EXPECT_NE(r.fingerprints().inventory, 0u);
    EXPECT_EQ(r.asset_audits().size(), 99u);
    EXPECT_FALSE(r.alerts_summary().empty());
    EXPECT_EQ(r.integrity_check(), "ok");
    (void)r.data_version();
    EXPECT_FALSE(r.run_alive(run2));

    EXPECT_EQ(det::load_alerts(r).size(), static_cast<std::size_t>(kPlcs));
    EXPECT_EQ(det::load_alerts(r, {.evidence = false, .facts = false, .limit = 100}).size(), 100u);
    const auto newest = det::load_alerts(r, {.evidence = true, .facts = true, .limit = 5});
    ASSERT_EQ(newest.size(), 5u);
    EXPECT_EQ(newest[0].alert.evidence.size(), 3u);
    EXPECT_TRUE(det::load_alert(r, merged[5].id).has_value());
    EXPECT_EQ(det::load_evidence(r, merged[5].id).size(), 3u);
    EXPECT_EQ(det::load_evidence_packets(r, merged[100].id).size(), 1u);
    EXPECT_FALSE(det::load_baseline(r).empty());
    EXPECT_GE(det::load_baseline_entries(r).size(), static_cast<std::size_t>(kPlcs));
    EXPECT_EQ(det::load_baseline_values(r).size(), static_cast<std::size_t>(kPlcs));
    EXPECT_NE(det::alerts_fingerprint(r), 0u);
    EXPECT_NE(det::baseline_fingerprint(r), 0u);
    EXPECT_EQ(det::merged_changes(r, report).size(), report.history_ids.size());
    const std::int64_t last = det::last_change_id(r);
    EXPECT_GT(last, 0);
    EXPECT_EQ(det::changes_since(r, last - 1).size(), 1u);

    EXPECT_FALSE(db::read_dashboard(r).assets_by_vendor.empty());
    EXPECT_LE(db::health_samples(r, run2).size(), db::kMaxHealthSamples);

    EXPECT_EQ(db::load_map_positions(r).size(), 301u);
    EXPECT_NE(db::map_positions_fingerprint(r), 0u);
    EXPECT_EQ(db::advisory_count(r), 60u);
    EXPECT_EQ(db::load_advisories(r).size(), 60u);
    const std::set<std::string> vendors = {advisory::vendor_key("Vendor 3")};
    EXPECT_EQ(db::load_advisories(r, &vendors).size(), 2u);
    EXPECT_NE(db::advisories_fingerprint(r), 0u);

    const RetentionCounts prunable = count_prunable(r, kT0 + 500 * 1'000'000LL);
    EXPECT_GT(prunable.alerts, 0u);
  }

  const RetentionCounts pruned =
      prune(db, kT0 + 500 * 1'000'000LL, {.batch_rows = 100, .max_batches = 0, .pause = {}});
  EXPECT_GT(pruned.alerts, 0u);
  EXPECT_GT(pruned.health_samples, 0u);
  EXPECT_EQ(db::clear_map_positions(db, "none/"), 300u);
  EXPECT_EQ(db::clear_map_positions(db), 1u);
  det::clear_baseline(db);
}

std::set<std::string> column_values(const std::string& path, const std::string& sql) {
  std::set<std::string> out;
  RawSqlite raw(path, SQLITE_OPEN_READONLY);
  const std::int64_t rows = raw.integer("SELECT count(*) FROM (" + sql + ")");
  for (std::int64_t i = 0; i < rows; ++i)
    out.insert(raw.text(sql + " LIMIT 1 OFFSET " + std::to_string(i)));
  return out;
}

// Statements that read or write rows (schema scripts, PRAGMAs and transaction control have no
// plan worth checking).
bool has_plan(const std::string& sql) {
  const std::string w = first_word(sql);
  return w == "SELECT" || w == "WITH" || w == "INSERT" || w == "UPDATE" || w == "DELETE" ||
         w == "REPLACE";
}

class QueryPlans : public ::testing::Test {
 protected:
  // Filled and read once for all the tests of the suite (about a second).
  static void SetUpTestSuite() {
    plant_ = std::make_unique<RecordedPlant>();
    plant_->path = db_file(plant_->dir);
    {
      db::SqlRecorder recorder;
      exercise(plant_->path);
      plant_->texts = recorder.texts();
    }
    for (const std::string& sql : plant_->texts)
      if (has_plan(sql)) plant_->plans[sql] = query_plan(plant_->path, sql);
    plant_->tables =
        column_values(plant_->path, "SELECT name FROM sqlite_schema WHERE type = 'table'");
  }
  static void TearDownTestSuite() { plant_.reset(); }
  static std::unique_ptr<RecordedPlant> plant_;
};
std::unique_ptr<RecordedPlant> QueryPlans::plant_;

// The table `step` scans ("SCAN a USING INDEX x" -> assets); empty for a search, a subquery, a
// constant row.
std::string scanned_table(const std::string& step,
                          const std::map<std::string, std::string>& names) {
  if (step.rfind("SCAN ", 0) != 0) return {};
  const std::size_t end = step.find(' ', 5);
  const std::string name = step.substr(5, end == std::string::npos ? end : end - 5);
  auto it = names.find(name);
  return it == names.end() ? std::string() : it->second;
}

// Checks the plans of `plans` (the recorded statements' on one file).
void expect_no_big_scan(const RecordedPlant& p,
                        const std::map<std::string, std::vector<std::string>>& plans) {
  std::set<const WholeRead*> used;
  for (const auto& [sql, plan] : plans) {
    const auto names = aliases(sql, p.tables);
    for (const std::string& step : plan) {
      const std::string table = scanned_table(step, names);
      if (table.empty() || kSmallTables.count(table) != 0) continue;
      const WholeRead* whole = nullptr;
      for (const WholeRead& w : whole_reads())
        if (matches(w, sql) && w.tables.count(table) != 0) whole = &w;
      EXPECT_NE(whole, nullptr) << "scans " << table << " (" << step << "):\n  " << sql;
      if (whole != nullptr) used.insert(whole);
    }
  }
  for (const WholeRead& w : whole_reads())
    EXPECT_TRUE(used.count(&w) != 0) << "no recorded statement reads " << *w.tables.begin()
                                     << " whole any more (" << w.why << "): " << w.sql;
}

TEST_F(QueryPlans, NoStatementScansABigTableUnlessItReadsItWhole) {
  ASSERT_FALSE(HasFailure()) << "filling the database failed";
  // The db layer's statements of every kind were recorded: schema steps, merges, readers.
  EXPECT_GE(plant_->plans.size(), 100u);
  expect_no_big_scan(*plant_, plant_->plans);
}

// The same with the statistics of ANALYZE (sqlite_stat1), which a user or a tool may gather: the
// planner then knows the real sizes and selectivities, and must still search.
TEST_F(QueryPlans, NoBigScanWithTheStatisticsOfAnalyze) {
  ASSERT_FALSE(HasFailure()) << "filling the database failed";
  const std::string copy = db_file(plant_->dir, "analyzed.db");
  {
    RawSqlite raw(plant_->path, SQLITE_OPEN_READONLY);
    raw.exec("VACUUM INTO '" + copy + "'");
  }
  RawSqlite(copy).exec("ANALYZE");
  std::map<std::string, std::vector<std::string>> plans;
  for (const auto& [sql, plan] : plant_->plans) plans[sql] = query_plan(copy, sql);
  expect_no_big_scan(*plant_, plans);
}

// SQLite finds the rows of a child table when a parent row is deleted (ON DELETE CASCADE / SET
// NULL, or the check of a plain reference) by the child's column: without an index whose first
// column it is, every deleted parent row costs a scan of the child table, which no query plan
// shows.
struct ForeignKey {
  std::string child, column, parent;
};

std::vector<ForeignKey> foreign_keys(const RecordedPlant& p) {
  std::vector<ForeignKey> out;
  RawSqlite raw(p.path, SQLITE_OPEN_READONLY);
  for (const std::string& table : p.tables) {
    const std::string list =
        "SELECT \"from\" || '|' || \"table\" FROM pragma_foreign_key_list('" + table + "')";
    for (const std::string& fk : column_values(p.path, list)) {
      const std::size_t bar = fk.find('|');
      out.push_back({table, fk.substr(0, bar), fk.substr(bar + 1)});
    }
  }
  return out;
}

// The tables some recorded statement deletes rows of, directly or through ON DELETE CASCADE.
std::set<std::string> deleted_tables(const RecordedPlant& p, const std::vector<ForeignKey>& fks) {
  std::set<std::string> out;
  static const std::regex kDelete(R"(^\s*DELETE\s+FROM\s+(\w+))", std::regex::icase);
  for (const std::string& sql : p.texts) {
    std::smatch m;
    if (std::regex_search(sql, m, kDelete)) out.insert(m[1]);
  }
  RawSqlite raw(p.path, SQLITE_OPEN_READONLY);
  for (bool grew = true; grew;) {
    grew = false;
    for (const ForeignKey& fk : fks) {
      if (out.count(fk.parent) == 0 || out.count(fk.child) != 0) continue;
      const std::string action = raw.text("SELECT on_delete FROM pragma_foreign_key_list('" +
                                          fk.child + "') WHERE \"from\" = '" + fk.column + "'");
      if (action == "CASCADE") grew = out.insert(fk.child).second || grew;
    }
  }
  return out;
}

// The first column of each index of `table`.
std::map<std::string, std::string> index_first_columns(const std::string& path,
                                                       const std::string& table) {
  std::map<std::string, std::string> out;
  RawSqlite raw(path, SQLITE_OPEN_READONLY);
  for (const std::string& index :
       column_values(path, "SELECT name FROM pragma_index_list('" + table + "')"))
    out[index] = raw.text("SELECT name FROM pragma_index_info('" + index + "') WHERE seqno = 0");
  // A WITHOUT ROWID table is its primary key's index.
  const std::string pk_first =
      raw.text("SELECT name FROM pragma_table_info('" + table + "') WHERE pk = 1");
  if (!pk_first.empty()) out["(primary key of " + table + ")"] = pk_first;
  return out;
}

TEST_F(QueryPlans, EveryDeletedParentRowFindsItsChildrenThroughAnIndex) {
  ASSERT_FALSE(HasFailure()) << "filling the database failed";
  const RecordedPlant& p = *plant_;
  const auto fks = foreign_keys(p);
  const auto deleted = deleted_tables(p, fks);
  EXPECT_TRUE(deleted.count("alerts") && deleted.count("alert_evidence"));  // retention
  for (const ForeignKey& fk : fks) {
    if (deleted.count(fk.parent) == 0) continue;
    bool indexed = false;
    for (const auto& [index, column] : index_first_columns(p.path, fk.child))
      indexed |= column == fk.column;
    EXPECT_TRUE(indexed) << fk.child << "." << fk.column << " refers to " << fk.parent
                         << ", whose rows are deleted, without an index";
  }
}

// Every index the schema creates is searched by some recorded statement, or enforces a UNIQUE
// constraint (an upsert's conflict target), or finds the children of deleted parent rows.
TEST_F(QueryPlans, EveryIndexServesAStatementOrAConstraint) {
  ASSERT_FALSE(HasFailure()) << "filling the database failed";
  const RecordedPlant& p = *plant_;
  std::set<std::string> searched;
  static const std::regex kUsing(R"(USING (?:COVERING )?INDEX (\w+))");
  for (const auto& [sql, plan] : p.plans)
    for (const std::string& step : plan) {
      std::smatch m;
      // A search, or a walk of an index in its order (ORDER BY ... LIMIT, GROUP BY) or of a
      // partial index; not the scan of any index a count(*) picks because it is the smallest.
      const bool walk = sql.find("ORDER BY") != std::string::npos ||
                        sql.find("GROUP BY") != std::string::npos ||
                        sql.find("WHERE") != std::string::npos;
      if ((step.rfind("SEARCH", 0) == 0 || walk) && std::regex_search(step, m, kUsing))
        searched.insert(m[1]);
    }
  const auto fks = foreign_keys(p);
  const auto deleted = deleted_tables(p, fks);
  RawSqlite raw(p.path, SQLITE_OPEN_READONLY);
  const auto indexes = column_values(p.path, "SELECT name FROM sqlite_schema WHERE type = 'index'");
  EXPECT_GE(indexes.size(), 20u);
  for (const std::string& index : indexes) {
    if (searched.count(index) != 0) continue;
    const std::string table =
        raw.text("SELECT tbl_name FROM sqlite_schema WHERE name = '" + index + "'");
    const bool unique = raw.integer("SELECT \"unique\" FROM pragma_index_list('" + table +
                                    "') WHERE name = '" + index + "'") != 0;
    if (unique) continue;
    const std::string first =
        raw.text("SELECT name FROM pragma_index_info('" + index + "') WHERE seqno = 0");
    bool child_of_deleted = false;
    for (const ForeignKey& fk : fks)
      child_of_deleted |= fk.child == table && fk.column == first && deleted.count(fk.parent);
    EXPECT_TRUE(child_of_deleted) << "index " << index << " on " << table
                                  << " serves no statement and no constraint: drop it";
  }
}

// The SQL texts written in db/*.cpp: each run of adjacent string literals (comments, character
// literals and raw strings skipped: the schema steps are raw strings) that starts with a verb.
std::vector<std::string> sql_literals(const std::string& source) {
  std::vector<std::string> out;
  std::string current;
  bool in_run = false;
  for (std::size_t i = 0; i < source.size();) {
    const char c = source[i];
    if (source.compare(i, 2, "//") == 0) {
      i = source.find('\n', i);
      if (i == std::string::npos) break;
      continue;
    }
    if (source.compare(i, 2, "/*") == 0) {
      i = source.find("*/", i);
      if (i == std::string::npos) break;
      i += 2;
      continue;
    }
    if (c == 'R' && i + 1 < source.size() && source[i + 1] == '"') {
      const std::size_t open = source.find('(', i);
      const std::string end = ")" + source.substr(i + 2, open - i - 2) + "\"";
      i = source.find(end, open);
      if (i == std::string::npos) break;
      i += end.size();
      continue;
    }
    if (c == '\'') {
      i += source[i + 1] == '\\' ? 4 : 3;
      continue;
    }
    if (c == '"') {
      for (++i; i < source.size() && source[i] != '"'; ++i) {
        if (source[i] == '\\') ++i;
        current += source[i];
      }
      ++i;
      in_run = true;
      continue;
    }
    if (in_run && !std::isspace(static_cast<unsigned char>(c))) {
      // Verbs in capitals, as the db layer writes SQL ("cannot update alerts in" is a message).
      if (has_plan(current) && std::isupper(static_cast<unsigned char>(current[0])) &&
          std::isupper(static_cast<unsigned char>(current[1])))
        out.push_back(current);
      current.clear();
      in_run = false;
    }
    ++i;
  }
  return out;
}

// Every statement written in the db layer was prepared while the plant was filled and read, so
// the checks above saw its plan: a new query fails here until the exercise calls it.
TEST_F(QueryPlans, EveryStatementOfTheDbLayerWasRecorded) {
  ASSERT_FALSE(HasFailure()) << "filling the database failed";
  const RecordedPlant& p = *plant_;
  std::size_t literals = 0;
  for (const auto& entry : std::filesystem::directory_iterator(OTSCOPE_SOURCE_DIR "/db")) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    const std::string source((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    for (const std::string& literal : sql_literals(source)) {
      ++literals;
      // Its beginning: texts are completed at run time ("... FROM " + table, " WHERE id = ?1").
      const std::string start = literal.substr(0, std::min<std::size_t>(literal.size(), 40));
      const bool recorded = std::any_of(p.texts.begin(), p.texts.end(), [&](const std::string& t) {
        return t.find(start) != std::string::npos;
      });
      EXPECT_TRUE(recorded) << entry.path().filename().string() << ": never prepared: " << literal;
    }
  }
  EXPECT_GE(literals, 80u);
}

}  // namespace
}  // namespace otscope
