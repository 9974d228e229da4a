// Merging deltas: every record stored and read back, counts adding up, first/last seen widening,
// the asset keying rule, range and exception-code unions, verbatim strings.
#include <gtest/gtest.h>

#include "db/database.h"
#include "protocols/modbus/modbus.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_error_of;
using test::db_file;
using test::ip;
using test::kT0;
using test::mac;
using test::RawSqlite;
using test::sample_delta;
using test::TempDir;

AddressRange range(const std::string& space, std::uint32_t start, std::uint32_t count) {
  return AddressRange{space, start, count};
}

bool same_ranges(const std::vector<AddressRange>& a, const std::vector<AddressRange>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].space != b[i].space || a[i].start != b[i].start || a[i].count != b[i].count) {
      return false;
    }
  }
  return true;
}

std::string describe(const std::vector<AddressRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    out += r.space.str() + ":" + std::to_string(r.start) + "+" + std::to_string(r.count) + " ";
  }
  return out;
}

class DatabaseMerge : public ::testing::Test {
 protected:
  TempDir dir_;
  std::string path_ = db_file(dir_);
  Database db_ = Database::open(path_);
  std::int64_t run_ = db_.begin_run({.source = "first.pcap"});
};

TEST_F(DatabaseMerge, StoresEveryRecordAsGiven) {
  db_.merge(sample_delta(), run_);

  auto stats = db_.protocol_stats();
  ASSERT_EQ(stats.count("modbus"), 1u);
  EXPECT_EQ(stats["modbus"].messages, 11u);
  EXPECT_EQ(stats["modbus"].malformed, 1u);
  EXPECT_EQ(stats["modbus"].functions, (std::map<std::uint32_t, std::uint64_t>{{3, 6}, {16, 4}}));

  auto assets = db_.assets();
  ASSERT_EQ(assets.size(), 2u);
  // Ordered by lowest IP: the HMI (10.0.0.5) before the PLC (10.0.0.20).
  EXPECT_EQ(assets[0].record.ips, std::vector<IpAddress>{ip("10.0.0.5")});
  const AssetRecord& plc = assets[1].record;
  EXPECT_EQ(plc.mac, mac("00:1b:1b:01:02:03"));
  EXPECT_EQ(plc.ips, std::vector<IpAddress>{ip("10.0.0.20")});
  EXPECT_EQ(plc.vlans, std::vector<std::uint16_t>{10});
  EXPECT_EQ(plc.mac_vendor, "Siemens AG");
  EXPECT_EQ(plc.first_seen_us, kT0 + 1'000);
  EXPECT_EQ(plc.last_seen_us, kT0 + 9'000'000);
  EXPECT_EQ(plc.packets_sent, 90u);
  EXPECT_EQ(plc.bytes_sent, 5'400u);
  EXPECT_EQ(plc.packets_received, 100u);
  EXPECT_EQ(plc.bytes_received, 6'400u);

  auto links = db_.links();
  ASSERT_EQ(links.size(), 1u);
  const LinkRecord& link = links[0].record;
  EXPECT_EQ(link.client, ip("10.0.0.5"));
  EXPECT_EQ(link.server, ip("10.0.0.20"));
  EXPECT_EQ(link.client_mac, mac("00:0c:29:aa:bb:cc"));
  EXPECT_EQ(link.server_mac, mac("00:1b:1b:01:02:03"));
  EXPECT_EQ(link.transport, Transport::Tcp);
  EXPECT_EQ(link.server_port, 502);
  EXPECT_EQ(link.protocol, "modbus");
  EXPECT_EQ(link.flows, 2u);
  EXPECT_EQ(link.packets, 190u);
  EXPECT_EQ(link.bytes, 11'800u);
  EXPECT_EQ(link.first_seen_us, kT0);
  EXPECT_EQ(link.last_seen_us, kT0 + 9'000'100);

  auto ops = db_.operations();
  ASSERT_EQ(ops.size(), 1u);
  const OperationRecord& op = ops[0].record;
  EXPECT_EQ(op.protocol, modbus::kProtocol);
  EXPECT_EQ(op.client, ip("10.0.0.5"));
  EXPECT_EQ(op.server, ip("10.0.0.20"));
  EXPECT_EQ(op.server_mac, mac("00:1b:1b:01:02:03"));
  EXPECT_EQ(op.unit, 1);
  EXPECT_EQ(op.function, 3u);
  EXPECT_EQ(op.function_name, "Read Holding Registers");
  EXPECT_EQ(op.op, OpClass::Read);
  EXPECT_EQ(op.detail, "");
  EXPECT_EQ(op.requests, 6u);
  EXPECT_EQ(op.responses, 5u);
  EXPECT_EQ(op.unsolicited, 0u);
  EXPECT_EQ(op.exceptions, 1u);
  EXPECT_EQ(op.exception_codes, (std::map<std::uint32_t, std::uint64_t>{{2, 1}}));
  EXPECT_TRUE(
      same_ranges(op.ranges, {range("holding_register", 0, 10), range("holding_register", 100, 5)}))
      << describe(op.ranges);
  EXPECT_EQ(op.first_seen_us, kT0 + 500);
  EXPECT_EQ(op.last_seen_us, kT0 + 8'000'000);

  auto ids = db_.identities();
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0].record.ip, ip("10.0.0.20"));
  EXPECT_EQ(ids[0].record.mac, mac("00:1b:1b:01:02:03"));
  EXPECT_EQ(ids[0].record.field, "vendor");
  EXPECT_EQ(ids[0].record.value, "Siemens");
  EXPECT_EQ(ids[0].record.source, "modbus 43/14 read device identification");
  EXPECT_EQ(ids[0].record.frame, 17u);
  EXPECT_EQ(ids[0].capture_run_id, run_);

  auto anomalies = db_.anomalies();
  ASSERT_EQ(anomalies.size(), 1u);
  EXPECT_EQ(anomalies[0].record.kind, "modbus.unanswered_request");
  EXPECT_EQ(anomalies[0].record.src, ip("10.0.0.5"));
  EXPECT_EQ(anomalies[0].record.dst, ip("10.0.0.20"));
  EXPECT_EQ(anomalies[0].record.count, 1u);
  EXPECT_EQ(anomalies[0].record.first_frame, 42u);
  EXPECT_FALSE(anomalies[0].record.malformed);
  EXPECT_EQ(anomalies[0].capture_run_id, run_);

  DbTotals totals = db_.totals();
  EXPECT_EQ(totals.capture_runs, 1u);
  EXPECT_EQ(totals.assets, 2u);
  EXPECT_EQ(totals.links, 1u);
  EXPECT_EQ(totals.operations, 1u);
  EXPECT_EQ(totals.identities, 1u);
  EXPECT_EQ(totals.anomalies, 1u);

  // Storage conventions, seen with plain SQLite.
  RawSqlite raw(path_);
  EXPECT_EQ(raw.text("SELECT first_seen FROM links"), std::to_string(kT0));
  EXPECT_EQ(raw.text("SELECT mac FROM assets WHERE mac_vendor = 'Siemens AG'"),
            "00:1b:1b:01:02:03");
  EXPECT_EQ(raw.text("SELECT ranges FROM operations"),
            R"([{"count":10,"space":"holding_register","start":0},)"
            R"({"count":5,"space":"holding_register","start":100}])");
  EXPECT_EQ(raw.text("SELECT exception_codes FROM operations"), R"({"2":1})");
}

TEST_F(DatabaseMerge, SecondMergeAddsCountsAndWidensFirstAndLastSeen) {
  db_.merge(sample_delta(), run_);
  std::int64_t run2 = db_.begin_run({.source = "second.pcap"});
  AnalysisResult wider = sample_delta();
  for (auto& a : wider.assets) a.first_seen_us -= 500'000, a.last_seen_us += 500'000;
  for (auto& l : wider.links) l.first_seen_us -= 500'000, l.last_seen_us += 500'000;
  for (auto& o : wider.operations) o.first_seen_us -= 500'000, o.last_seen_us += 500'000;
  wider.identities[0].first_seen_us -= 500'000;
  wider.identities[0].frame = 3;
  wider.anomalies[0].first_seen_us += 500'000;  // later: the first occurrence stays the stored one
  wider.anomalies[0].last_seen_us += 500'000;
  wider.anomalies[0].first_frame = 99;
  wider.anomalies[0].detail = "a later occurrence";
  db_.merge(wider, run2);

  auto stats = db_.protocol_stats()["modbus"];
  EXPECT_EQ(stats.messages, 22u);
  EXPECT_EQ(stats.malformed, 2u);
  EXPECT_EQ(stats.functions, (std::map<std::uint32_t, std::uint64_t>{{3, 12}, {16, 8}}));

  auto assets = db_.assets();
  ASSERT_EQ(assets.size(), 2u);
  const AssetRecord& plc = assets[1].record;
  EXPECT_EQ(plc.ips, std::vector<IpAddress>{ip("10.0.0.20")});
  EXPECT_EQ(plc.packets_sent, 180u);
  EXPECT_EQ(plc.bytes_sent, 10'800u);
  EXPECT_EQ(plc.packets_received, 200u);
  EXPECT_EQ(plc.bytes_received, 12'800u);
  EXPECT_EQ(plc.first_seen_us, kT0 + 1'000 - 500'000);
  EXPECT_EQ(plc.last_seen_us, kT0 + 9'500'000);

  auto links = db_.links();
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].record.flows, 4u);
  EXPECT_EQ(links[0].record.packets, 380u);
  EXPECT_EQ(links[0].record.bytes, 23'600u);
  EXPECT_EQ(links[0].record.first_seen_us, kT0 - 500'000);
  EXPECT_EQ(links[0].record.last_seen_us, kT0 + 9'500'100);

  auto ops = db_.operations();
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].record.requests, 12u);
  EXPECT_EQ(ops[0].record.responses, 10u);
  EXPECT_EQ(ops[0].record.exceptions, 2u);
  EXPECT_EQ(ops[0].record.exception_codes, (std::map<std::uint32_t, std::uint64_t>{{2, 2}}));
  EXPECT_TRUE(same_ranges(ops[0].record.ranges,
                          {range("holding_register", 0, 10), range("holding_register", 100, 5)}));
  EXPECT_EQ(ops[0].record.first_seen_us, kT0 - 499'500);
  EXPECT_EQ(ops[0].record.last_seen_us, kT0 + 8'500'000);

  // The identity's first sighting moved earlier, so its evidence now points at the second run.
  auto ids = db_.identities();
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0].record.first_seen_us, kT0 + 1'500'000);
  EXPECT_EQ(ids[0].record.last_seen_us, kT0 + 2'000'000);
  EXPECT_EQ(ids[0].record.frame, 3u);
  EXPECT_EQ(ids[0].capture_run_id, run2);

  // The anomaly's first occurrence did not move: its detail, frame and run stay.
  auto anomalies = db_.anomalies();
  ASSERT_EQ(anomalies.size(), 1u);
  EXPECT_EQ(anomalies[0].record.count, 2u);
  EXPECT_EQ(anomalies[0].record.first_seen_us, kT0 + 3'000'000);
  EXPECT_EQ(anomalies[0].record.last_seen_us, kT0 + 3'500'000);
  EXPECT_EQ(anomalies[0].record.first_frame, 42u);
  EXPECT_EQ(anomalies[0].record.detail, "transaction 7 got no response");
  EXPECT_EQ(anomalies[0].capture_run_id, run_);
}

TEST_F(DatabaseMerge, SameDeltaTwiceDoublesCountsAndKeepsTimes) {
  db_.merge(sample_delta(), run_);
  db_.merge(sample_delta(), run_);
  DbTotals totals = db_.totals();
  EXPECT_EQ(totals.assets, 2u);
  EXPECT_EQ(totals.links, 1u);
  EXPECT_EQ(totals.operations, 1u);
  EXPECT_EQ(totals.identities, 1u);
  EXPECT_EQ(totals.anomalies, 1u);
  EXPECT_EQ(db_.links()[0].record.packets, 380u);
  EXPECT_EQ(db_.links()[0].record.first_seen_us, kT0);
  EXPECT_EQ(db_.links()[0].record.last_seen_us, kT0 + 9'000'100);
  EXPECT_EQ(db_.operations()[0].record.requests, 12u);
  EXPECT_EQ(db_.anomalies()[0].record.count, 2u);
  EXPECT_EQ(db_.protocol_stats()["modbus"].messages, 22u);
}

TEST_F(DatabaseMerge, UnknownTimesNeverWinMinOrMax) {
  db_.merge(sample_delta(), run_);
  AnalysisResult untimed = sample_delta();
  for (auto& l : untimed.links) l.first_seen_us = 0, l.last_seen_us = 0;
  db_.merge(untimed, run_);
  EXPECT_EQ(db_.links()[0].record.first_seen_us, kT0);
  EXPECT_EQ(db_.links()[0].record.last_seen_us, kT0 + 9'000'100);
  RawSqlite raw(path_);
  EXPECT_EQ(raw.text("SELECT count(*) FROM links WHERE first_seen IS NULL"), "0");
}

TEST_F(DatabaseMerge, SameMacMergesIpsAndVlans) {
  AnalysisResult first;
  AssetRecord a;
  a.mac = mac("00:1b:1b:01:02:03");
  a.ips = {ip("10.0.0.20")};
  a.vlans = {10};
  a.mac_vendor = "Siemens AG";
  a.packets_sent = 1;
  first.assets = {a};
  db_.merge(first, run_);

  AnalysisResult second;
  a.ips = {ip("10.0.0.21"), ip("10.0.0.20")};
  a.vlans = {20};
  a.mac_vendor = "";  // unknown this time: the stored vendor stays
  second.assets = {a};
  db_.merge(second, run_);

  auto assets = db_.assets();
  ASSERT_EQ(assets.size(), 1u);
  EXPECT_EQ(assets[0].record.ips, (std::vector<IpAddress>{ip("10.0.0.20"), ip("10.0.0.21")}));
  EXPECT_EQ(assets[0].record.vlans, (std::vector<std::uint16_t>{10, 20}));
  EXPECT_EQ(assets[0].record.mac_vendor, "Siemens AG");
  EXPECT_EQ(assets[0].record.packets_sent, 2u);
}

TEST_F(DatabaseMerge, RoutedHostsWithoutMacKeyByIp) {
  // The gateway is known by its MAC; hosts behind it are only known by IP.
  AnalysisResult d;
  AssetRecord router;
  router.mac = mac("00:00:5e:00:01:01");
  router.ips = {ip("10.0.0.1")};
  router.packets_sent = 10;
  AssetRecord remote_a;
  remote_a.ips = {ip("192.168.5.10")};
  remote_a.packets_sent = 3;
  AssetRecord remote_b;
  remote_b.ips = {ip("192.168.5.11")};
  remote_b.packets_sent = 4;
  d.assets = {router, remote_a, remote_b};
  db_.merge(d, run_);
  db_.merge(d, run_);

  auto assets = db_.assets();
  ASSERT_EQ(assets.size(), 3u);
  EXPECT_EQ(assets[0].record.ips, std::vector<IpAddress>{ip("10.0.0.1")});
  EXPECT_EQ(assets[0].record.packets_sent, 20u);
  EXPECT_EQ(assets[1].record.ips, std::vector<IpAddress>{ip("192.168.5.10")});
  EXPECT_TRUE(assets[1].record.mac.is_zero());
  EXPECT_EQ(assets[1].record.packets_sent, 6u);
  EXPECT_EQ(assets[2].record.packets_sent, 8u);
  RawSqlite raw(path_);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM assets WHERE mac IS NULL"), 2);

  // A MAC-less record sharing one IP with a MAC-less asset joins it and adds its other IP.
  AnalysisResult more;
  AssetRecord multi;
  multi.ips = {ip("192.168.5.12"), ip("192.168.5.10")};
  multi.packets_sent = 1;
  // A MAC-less record with the router's IP (a raw-IP capture of it) joins the device that holds
  // that address with its MAC, as the engine does: no second row for one address.
  AssetRecord behind;
  behind.ips = {ip("10.0.0.1")};
  behind.packets_sent = 5;
  more.assets = {multi, behind};
  db_.merge(more, run_);

  assets = db_.assets();
  ASSERT_EQ(assets.size(), 3u);
  EXPECT_EQ(assets[0].record.ips, std::vector<IpAddress>{ip("10.0.0.1")});
  EXPECT_EQ(assets[0].record.mac, mac("00:00:5e:00:01:01"));
  EXPECT_EQ(assets[0].record.packets_sent, 25u);
  EXPECT_EQ(assets[1].record.ips, (std::vector<IpAddress>{ip("192.168.5.10"), ip("192.168.5.12")}));
  EXPECT_EQ(assets[1].record.packets_sent, 7u);
}

TEST_F(DatabaseMerge, AssetWithNeitherMacNorIpIsNotStored) {
  AnalysisResult d;
  d.assets.push_back(AssetRecord{});
  db_.merge(d, run_);
  EXPECT_EQ(db_.totals().assets, 0u);
}

TEST_F(DatabaseMerge, RangesAreUnitedPerSpace) {
  AnalysisResult d = sample_delta();
  d.operations[0].ranges = {range("holding_register", 0, 10)};
  db_.merge(d, run_);
  d.operations[0].ranges = {range("coil", 0, 8), range("holding_register", 5, 10),
                            range("holding_register", 20, 1)};
  db_.merge(d, run_);
  d.operations[0].ranges = {range("holding_register", 15, 5), range("holding_register", 400, 2)};
  db_.merge(d, run_);
  // 0-9 + 5-14 + 15-19 (adjacent) + 20 (adjacent) = 0-20; 400-401 stays apart.
  auto ops = db_.operations();
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_TRUE(same_ranges(
      ops[0].record.ranges,
      {range("coil", 0, 8), range("holding_register", 0, 21), range("holding_register", 400, 2)}))
      << describe(ops[0].record.ranges);
}

TEST_F(DatabaseMerge, ExceptionCodesAreAdded) {
  AnalysisResult d = sample_delta();
  db_.merge(d, run_);
  d.operations[0].exception_codes = {{2, 1}, {4, 3}};
  db_.merge(d, run_);
  EXPECT_EQ(db_.operations()[0].record.exception_codes,
            (std::map<std::uint32_t, std::uint64_t>{{2, 2}, {4, 3}}));
}

TEST_F(DatabaseMerge, OperationsAreKeyedByUnitFunctionAndDetail) {
  AnalysisResult d = sample_delta();
  OperationRecord diag = d.operations[0];
  diag.function = 8;
  diag.function_name = "Diagnostics";
  diag.op = OpClass::Diagnostic;
  diag.detail = "Restart Communications Option";
  OperationRecord other_unit = d.operations[0];
  other_unit.unit = 2;
  d.operations.push_back(diag);
  d.operations.push_back(other_unit);
  db_.merge(d, run_);
  db_.merge(d, run_);
  auto ops = db_.operations();
  ASSERT_EQ(ops.size(), 3u);
  // Ordered by unit, then function.
  EXPECT_EQ(ops[0].record.unit, 1);
  EXPECT_EQ(ops[0].record.function, 3u);
  EXPECT_EQ(ops[1].record.function, 8u);
  EXPECT_EQ(ops[1].record.detail, "Restart Communications Option");
  EXPECT_EQ(ops[1].record.op, OpClass::Diagnostic);
  EXPECT_EQ(ops[2].record.unit, 2);
  for (const auto& op : ops) EXPECT_EQ(op.record.requests, 12u);
}

// A row's class is that of its earliest message, whichever merge brought it: a live capture's
// flushes cut a run anywhere, and the stored row must not depend on where.
TEST_F(DatabaseMerge, AnOperationKeepsTheClassOfItsEarliestMessage) {
  AnalysisResult first = sample_delta();
  first.operations[0].op = OpClass::Read;
  db_.merge(first, run_);
  AnalysisResult later = sample_delta();
  later.operations[0].op = OpClass::Other;
  later.operations[0].first_seen_us = first.operations[0].last_seen_us + 1;
  later.operations[0].last_seen_us = first.operations[0].last_seen_us + 2;
  db_.merge(later, run_);
  EXPECT_EQ(db_.operations()[0].record.op, OpClass::Read) << "a later message does not change it";
  AnalysisResult earlier = sample_delta();
  earlier.operations[0].op = OpClass::Write;
  earlier.operations[0].first_seen_us = first.operations[0].first_seen_us - 10;
  earlier.operations[0].last_seen_us = first.operations[0].first_seen_us - 5;
  db_.merge(earlier, run_);
  EXPECT_EQ(db_.operations()[0].record.op, OpClass::Write) << "an earlier message does";
  EXPECT_EQ(db_.operations()[0].record.first_seen_us, earlier.operations[0].first_seen_us);
}

TEST_F(DatabaseMerge, LinksAreKeyedByEndpointsPortAndProtocol) {
  AnalysisResult d = sample_delta();
  db_.merge(d, run_);
  // MACs unknown this time: the stored ones stay. Another port is another link.
  AnalysisResult again = sample_delta();
  again.links[0].client_mac = MacAddress{};
  LinkRecord other_port = again.links[0];
  other_port.server_port = 5020;
  other_port.protocol = "";
  LinkRecord udp = again.links[0];
  udp.transport = Transport::Udp;
  udp.server_port = 20000;
  udp.protocol = "dnp3";
  again.links.push_back(other_port);
  again.links.push_back(udp);
  db_.merge(again, run_);
  auto links = db_.links();
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].record.server_port, 502);
  EXPECT_EQ(links[0].record.client_mac, mac("00:0c:29:aa:bb:cc"));
  EXPECT_EQ(links[0].record.packets, 380u);
  EXPECT_EQ(links[1].record.server_port, 5020);
  EXPECT_EQ(links[1].record.protocol, "");
  EXPECT_EQ(links[2].record.transport, Transport::Udp);
  EXPECT_EQ(links[2].record.protocol, "dnp3");
}

TEST_F(DatabaseMerge, ReadersOrderAddressesNumerically) {
  AnalysisResult d;
  for (const char* text : {"10.0.0.10", "10.0.0.9", "10.0.0.100", "192.168.0.1", "10.0.0.2"}) {
    AssetRecord a;
    a.ips = {ip(text)};
    d.assets.push_back(a);
  }
  AssetRecord l2_only;
  l2_only.mac = mac("00:11:22:33:44:55");
  d.assets.push_back(l2_only);
  db_.merge(d, run_);
  std::vector<std::string> order;
  for (const auto& a : db_.assets()) {
    order.push_back(a.record.ips.empty() ? a.record.mac.to_string() : a.record.ips[0].to_string());
  }
  EXPECT_EQ(order, (std::vector<std::string>{"10.0.0.2", "10.0.0.9", "10.0.0.10", "10.0.0.100",
                                             "192.168.0.1", "00:11:22:33:44:55"}));
}

TEST_F(DatabaseMerge, Ipv6AddressesRoundTrip) {
  AnalysisResult d = sample_delta();
  d.links[0].client = ip("fe80::1");
  d.links[0].server = ip("2001:db8::20");
  db_.merge(d, run_);
  EXPECT_EQ(db_.links()[0].record.client, ip("fe80::1"));
  EXPECT_EQ(db_.links()[0].record.server, ip("2001:db8::20"));
}

TEST_F(DatabaseMerge, StringsWithSqlMetacharactersAreStoredVerbatim) {
  const std::string nasty = std::string("Robert'); DROP TABLE identities;-- \"q\" % _ \\ ?1 ") +
                            std::string(1, '\0') + " Zürich";
  AnalysisResult d = sample_delta();
  d.assets[0].mac_vendor = nasty;
  d.links[0].protocol = "x' OR '1'='1";
  d.operations[0].function_name = nasty;
  d.operations[0].detail = "'; DELETE FROM operations; --";
  d.operations[0].ranges = {range("DB'5\"", 1, 2)};
  d.identities[0].value = nasty;
  d.identities[0].source = "\"source\" with 'quotes'";
  IdentityRecord twin = d.identities[0];
  twin.value = "x' OR '1'='1";
  d.identities.push_back(twin);
  d.anomalies[0].kind = "modbus.%_'";
  d.anomalies[0].detail = nasty;
  db_.merge(d, run_);
  db_.merge(d, run_);
  std::int64_t run2 = db_.begin_run({.source = "/tmp/it's \"here\"; --.pcap"});

  EXPECT_EQ(db_.assets()[1].record.mac_vendor, nasty);
  EXPECT_EQ(db_.links()[0].record.protocol, "x' OR '1'='1");
  ASSERT_EQ(db_.operations().size(), 1u);
  EXPECT_EQ(db_.operations()[0].record.function_name, nasty);
  EXPECT_EQ(db_.operations()[0].record.detail, "'; DELETE FROM operations; --");
  EXPECT_EQ(db_.operations()[0].record.requests, 12u);
  EXPECT_EQ(db_.operations()[0].record.ranges.at(0).space, "DB'5\"");
  auto ids = db_.identities();
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0].record.value, nasty);
  EXPECT_EQ(ids[0].record.source, "\"source\" with 'quotes'");
  EXPECT_EQ(ids[1].record.value, "x' OR '1'='1");
  EXPECT_EQ(db_.anomalies()[0].record.kind, "modbus.%_'");
  EXPECT_EQ(db_.anomalies()[0].record.detail, nasty);
  EXPECT_EQ(db_.anomalies()[0].record.count, 2u);
  EXPECT_EQ(db_.capture_runs().at(1).id, run2);
  EXPECT_EQ(db_.capture_runs().at(1).record.source, "/tmp/it's \"here\"; --.pcap");
  EXPECT_EQ(db_.integrity_check(), "ok");
}

TEST_F(DatabaseMerge, RecordsAreAttributedToTheRunOfTheirCapture) {
  std::int64_t run2 = db_.begin_run({.source = "second.pcap"});
  AnalysisResult d = sample_delta();
  d.identities[0].capture = 1;
  d.anomalies[0].capture = 0;
  std::vector<std::int64_t> runs{run_, run2};
  db_.merge(d, runs);
  EXPECT_EQ(db_.identities()[0].capture_run_id, run2);
  EXPECT_EQ(db_.anomalies()[0].capture_run_id, run_);

  // An index without a run id is refused before anything is written.
  d.identities[0].capture = 2;
  EXPECT_EQ(db_error_of([&] { db_.merge(d, runs); }),
            "cannot merge into database '" + path_ + "': capture 2 has no run id (2 given)");
  EXPECT_EQ(db_.protocol_stats()["modbus"].messages, 11u);
}

TEST_F(DatabaseMerge, UnknownRunIdRollsBackTheWholeMerge) {
  db_.merge(sample_delta(), run_);
  AnalysisResult bad = sample_delta();
  bad.identities[0].value = "Siemens AG";  // a new identity row, which must name an existing run
  std::string error = db_error_of([&] { db_.merge(bad, run_ + 1000); });
  EXPECT_NE(error.find("cannot merge into database '" + path_ + "': FOREIGN KEY constraint failed"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("nothing of this merge was stored"), std::string::npos) << error;
  // Protocol stats, assets, links and operations were written before the failing identity row:
  // all of them were rolled back.
  EXPECT_EQ(db_.protocol_stats()["modbus"].messages, 11u);
  EXPECT_EQ(db_.links()[0].record.packets, 190u);
  EXPECT_EQ(db_.operations()[0].record.requests, 6u);
  // The handle stays usable.
  db_.merge(sample_delta(), run_);
  EXPECT_EQ(db_.links()[0].record.packets, 380u);
}

}  // namespace
}  // namespace otscope
