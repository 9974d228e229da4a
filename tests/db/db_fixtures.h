// Shared fixtures of the database tests: address helpers, a small analysis delta with known
// values, a bulk delta, and a raw SQLite view of a file that bypasses the code under test.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "model/analysis.h"
#include "protocols/modbus/modbus.h"
#include "tests/support/test_support.h"

namespace otscope::test {

inline IpAddress ip(const std::string& text) {
  IpAddress out;
  if (!IpAddress::parse(text, out)) ADD_FAILURE() << "bad IP in fixture: " << text;
  return out;
}

inline MacAddress mac(const std::string& text) {
  MacAddress out;
  unsigned b[6] = {};
  if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) !=
      6) {
    ADD_FAILURE() << "bad MAC in fixture: " << text;
  }
  for (int i = 0; i < 6; ++i) out.bytes[i] = static_cast<std::uint8_t>(b[i]);
  return out;
}

inline std::string db_file(const TempDir& dir, const std::string& name = "otscope.db") {
  return (dir.path() / name).string();
}

// 2023-11-14 22:13:20 UTC, in microseconds: a plausible capture time.
inline constexpr std::int64_t kT0 = 1'700'000'000'000'000;

/// One Modbus HMI (10.0.0.5) polling one PLC (10.0.0.20): one record of every kind.
inline AnalysisResult sample_delta() {
  AnalysisResult d;
  ProtocolStats& modbus = d.protocols["modbus"];
  modbus.messages = 11;
  modbus.malformed = 1;
  modbus.functions = {{3, 6}, {16, 4}};

  AssetRecord plc;
  plc.mac = mac("00:1b:1b:01:02:03");
  plc.ips = {ip("10.0.0.20")};
  plc.vlans = {10};
  plc.mac_vendor = "Siemens AG";
  plc.first_seen_us = kT0 + 1'000;
  plc.last_seen_us = kT0 + 9'000'000;
  plc.packets_sent = 90;
  plc.bytes_sent = 5'400;
  plc.packets_received = 100;
  plc.bytes_received = 6'400;
  AssetRecord hmi;
  hmi.mac = mac("00:0c:29:aa:bb:cc");
  hmi.ips = {ip("10.0.0.5")};
  hmi.mac_vendor = "VMware, Inc.";
  hmi.first_seen_us = kT0;
  hmi.last_seen_us = kT0 + 9'000'100;
  hmi.packets_sent = 100;
  hmi.bytes_sent = 6'400;
  hmi.packets_received = 90;
  hmi.bytes_received = 5'400;
  d.assets = {plc, hmi};

  LinkRecord link;
  link.client = ip("10.0.0.5");
  link.server = ip("10.0.0.20");
  link.client_mac = hmi.mac;
  link.server_mac = plc.mac;
  link.transport = Transport::Tcp;
  link.server_port = 502;
  link.protocol = "modbus";
  link.flows = 2;
  link.packets = 190;
  link.bytes = 11'800;
  link.first_seen_us = kT0;
  link.last_seen_us = kT0 + 9'000'100;
  d.links = {link};

  OperationRecord op;
  op.protocol = modbus::kProtocol;
  op.client = link.client;
  op.server = link.server;
  op.client_mac = hmi.mac;
  op.server_mac = plc.mac;
  op.unit = 1;
  op.function = 3;
  op.function_name = "Read Holding Registers";
  op.op = OpClass::Read;
  op.requests = 6;
  op.responses = 5;
  op.exceptions = 1;
  op.exception_codes = {{2, 1}};
  op.ranges = {{"holding_register", 0, 10}, {"holding_register", 100, 5}};
  op.first_seen_us = kT0 + 500;
  op.last_seen_us = kT0 + 8'000'000;
  d.operations = {op};

  IdentityRecord vendor;
  vendor.ip = plc.ips[0];
  vendor.mac = plc.mac;
  vendor.protocol = modbus::kProtocol;
  vendor.field = "vendor";
  vendor.value = "Siemens";
  vendor.source = "modbus 43/14 read device identification";
  vendor.first_seen_us = kT0 + 2'000'000;
  vendor.last_seen_us = kT0 + 2'000'000;
  vendor.frame = 17;
  d.identities = {vendor};

  AnomalyRecord unanswered;
  unanswered.protocol = modbus::kProtocol;
  unanswered.kind = "modbus.unanswered_request";
  unanswered.src = link.client;
  unanswered.dst = link.server;
  unanswered.detail = "transaction 7 got no response";
  unanswered.count = 1;
  unanswered.first_seen_us = kT0 + 3'000'000;
  unanswered.last_seen_us = kT0 + 3'000'000;
  unanswered.first_frame = 42;
  d.anomalies = {unanswered};
  return d;
}

/// `n` HMI -> PLC pairs, each with an asset, a link, an operation and an anomaly; every Modbus
/// message counts once in protocols["modbus"]. Counts per merge: messages 5*n, requests 3 per
/// operation, packets_sent 5 per asset, packets 7 per link, anomaly count 1.
inline AnalysisResult bulk_delta(int n, const std::string& padding = {}) {
  AnalysisResult d;
  ProtocolStats& modbus = d.protocols["modbus"];
  modbus.messages = 5 * static_cast<std::uint64_t>(n);
  modbus.functions[3] = modbus.messages;
  for (int i = 0; i < n; ++i) {
    IpAddress plc_ip = IpAddress::v4(0x0a010000u + static_cast<std::uint32_t>(i));
    AssetRecord asset;
    asset.mac.bytes = {
        0x02, 0, 0, 0, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
    asset.ips = {plc_ip};
    asset.first_seen_us = kT0 + i;
    asset.last_seen_us = kT0 + 1'000'000 + i;
    asset.packets_sent = 5;
    d.assets.push_back(asset);

    LinkRecord link;
    link.client = ip("10.0.0.5");
    link.server = plc_ip;
    link.server_port = 502;
    link.protocol = "modbus";
    link.flows = 1;
    link.packets = 7;
    link.bytes = 700;
    link.first_seen_us = asset.first_seen_us;
    link.last_seen_us = asset.last_seen_us;
    d.links.push_back(link);

    OperationRecord op;
    op.protocol = modbus::kProtocol;
    op.client = link.client;
    op.server = plc_ip;
    op.unit = 1;
    op.function = 3;
    op.function_name = "Read Holding Registers";
    op.op = OpClass::Read;
    op.detail = padding;
    op.requests = 3;
    op.responses = 2;
    op.ranges = {{"holding_register", static_cast<std::uint32_t>(i) * 10, 10}};
    op.first_seen_us = asset.first_seen_us;
    op.last_seen_us = asset.last_seen_us;
    d.operations.push_back(op);

    AnomalyRecord anomaly;
    anomaly.protocol = modbus::kProtocol;
    anomaly.kind = "modbus.unanswered_request";
    anomaly.src = link.client;
    anomaly.dst = plc_ip;
    anomaly.detail = padding;
    anomaly.count = 1;
    anomaly.first_seen_us = asset.first_seen_us;
    anomaly.last_seen_us = asset.last_seen_us;
    d.anomalies.push_back(anomaly);
  }
  return d;
}

/// A plain SQLite connection to a file, for checking what is really stored.
class RawSqlite {
 public:
  explicit RawSqlite(const std::string& path, int flags = SQLITE_OPEN_READWRITE) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "raw open of " << path << " failed: " << sqlite3_errmsg(db_);
    }
  }
  RawSqlite(const RawSqlite&) = delete;
  RawSqlite& operator=(const RawSqlite&) = delete;
  ~RawSqlite() { sqlite3_close_v2(db_); }

  /// First column of the first row as text ("" when no row; "NULL" for NULL).
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "raw query failed: " << sql << ": " << sqlite3_errmsg(db_);
      return "";
    }
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(stmt, 0);
      out = t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    sqlite3_finalize(stmt);
    return out;
  }
  std::int64_t integer(const std::string& sql) { return std::stoll(text(sql)); }
  void exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "raw exec failed: " << sql << ": " << sqlite3_errmsg(db_);
    }
  }

 private:
  sqlite3* db_ = nullptr;
};

/// The DbError message of `action`, or "" when it did not throw DbError.
template <typename F>
std::string db_error_of(F&& action) {
  try {
    action();
  } catch (const DbError& e) {
    return e.what();
  }
  return "";
}

// The query plan of `sql`, one line per step ("SEARCH i USING INDEX asset_ips_by_ip (ip=?)").
inline std::vector<std::string> query_plan(const std::string& path, std::string_view sql) {
  sqlite3* db = nullptr;
  std::vector<std::string> out;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  const std::string explain = "EXPLAIN QUERY PLAN " + std::string(sql);
  if (sqlite3_prepare_v2(db, explain.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sqlite3_errmsg(db) << ": " << sql;
  } else {
    while (sqlite3_step(stmt) == SQLITE_ROW)
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close_v2(db);
  return out;
}

}  // namespace otscope::test
