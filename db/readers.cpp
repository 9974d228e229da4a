// The read side: every table back into the engine's record structs, in a stable order. Sorting is
// done here rather than in SQL because addresses are stored as text and "10.0.0.10" must come
// after "10.0.0.9".
#include <algorithm>
#include <map>
#include <tuple>

#include "db/codec.h"
#include "db/database.h"
#include "db/database_impl.h"

namespace otscope {
namespace {

RunStatus parse_run_status(const std::string& text) {
  for (RunStatus s : {RunStatus::Running, RunStatus::Complete, RunStatus::Interrupted}) {
    if (run_status_name(s) == text) return s;
  }
  throw DbError("invalid capture run status '" + text + "' in the database");
}

std::uint32_t column_u32(const db::Statement& row, int column) {
  std::int64_t v = row.column_int(column);
  if (v < 0 || v > 0xffffffffLL) {
    throw DbError("value " + std::to_string(v) + " out of range in the database");
  }
  return static_cast<std::uint32_t>(v);
}

}  // namespace

std::vector<StoredCaptureRun> Database::capture_runs() const {
  Impl& d = impl();
  std::vector<StoredCaptureRun> out;
  try {
    db::Statement rows(d.connection.get(),
                       "SELECT id, source, started, finished, first_packet, last_packet, packets, "
                       "bytes, drops, undecodable, status FROM capture_runs ORDER BY id");
    while (rows.next()) {
      StoredCaptureRun run;
      run.id = rows.column_int(0);
      run.record.source = rows.column_text(1);
      run.record.started_us = rows.column_time(2);
      run.record.finished_us = rows.column_time(3);
      run.record.first_packet_us = rows.column_time(4);
      run.record.last_packet_us = rows.column_time(5);
      run.record.packets = rows.column_count(6);
      run.record.bytes = rows.column_count(7);
      run.record.drops = rows.column_count(8);
      run.record.undecodable = rows.column_count(9);
      run.status = parse_run_status(rows.column_text(10));
      out.push_back(std::move(run));
    }
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
  return out;
}

std::vector<StoredAsset> db::read_assets(sqlite3* connection) {
  std::map<std::int64_t, StoredAsset> by_id;
  db::Statement rows(connection,
                     "SELECT id, mac, mac_vendor, first_seen, last_seen, packets_sent, "
                     "bytes_sent, packets_received, bytes_received, via_mac, roles FROM assets");
  while (rows.next()) {
    StoredAsset asset;
    asset.id = rows.column_int(0);
    asset.record.mac = db::parse_mac(rows.column_text(1));
    asset.record.mac_vendor = rows.column_text(2);
    asset.record.first_seen_us = rows.column_time(3);
    asset.record.last_seen_us = rows.column_time(4);
    asset.record.packets_sent = rows.column_count(5);
    asset.record.bytes_sent = rows.column_count(6);
    asset.record.packets_received = rows.column_count(7);
    asset.record.bytes_received = rows.column_count(8);
    asset.record.via_mac = db::parse_mac(rows.column_text(9));
    asset.record.roles = db::roles_from_json(rows.column_text(10));
    by_id.emplace(asset.id, std::move(asset));
  }
  db::Statement ips(connection,
                    "SELECT asset_id, ip, first_seen, last_seen, packets_sent, bytes_sent, "
                    "packets_received, bytes_received FROM asset_ips");
  while (ips.next()) {
    auto it = by_id.find(ips.column_int(0));
    if (it == by_id.end()) continue;
    AssetAddress a;
    a.ip = db::parse_ip(ips.column_text(1));
    a.first_seen_us = ips.column_time(2);
    a.last_seen_us = ips.column_time(3);
    a.packets_sent = ips.column_count(4);
    a.bytes_sent = ips.column_count(5);
    a.packets_received = ips.column_count(6);
    a.bytes_received = ips.column_count(7);
    it->second.record.ips.push_back(a.ip);
    it->second.record.addresses.push_back(a);
  }
  db::Statement vlans(connection, "SELECT asset_id, vlan FROM asset_vlans");
  while (vlans.next()) {
    auto it = by_id.find(vlans.column_int(0));
    if (it != by_id.end()) {
      it->second.record.vlans.push_back(static_cast<std::uint16_t>(vlans.column_int(1)));
    }
  }

  std::vector<StoredAsset> out;
  out.reserve(by_id.size());
  for (auto& [id, asset] : by_id) {
    std::sort(asset.record.ips.begin(), asset.record.ips.end());
    std::sort(asset.record.addresses.begin(), asset.record.addresses.end(),
              [](const AssetAddress& a, const AssetAddress& b) { return a.ip < b.ip; });
    std::sort(asset.record.vlans.begin(), asset.record.vlans.end());
    out.push_back(std::move(asset));
  }
  std::sort(out.begin(), out.end(), [](const StoredAsset& a, const StoredAsset& b) {
    // Assets with an IP first, by their lowest IP; then by MAC; the id settles ties.
    bool a_no_ip = a.record.ips.empty();
    bool b_no_ip = b.record.ips.empty();
    IpAddress a_ip = a_no_ip ? IpAddress{} : a.record.ips.front();
    IpAddress b_ip = b_no_ip ? IpAddress{} : b.record.ips.front();
    return std::tie(a_no_ip, a_ip, a.record.mac, a.id) <
           std::tie(b_no_ip, b_ip, b.record.mac, b.id);
  });
  return out;
}

std::vector<StoredAsset> Database::assets() const {
  Impl& d = impl();
  try {
    db::ReadTransaction snapshot(d.connection);
    return db::read_assets(d.connection.get());
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
}

StoredLink db::link_row(const db::Statement& rows) {
  StoredLink link;
  link.id = rows.column_int(0);
  link.record.client = db::parse_ip(rows.column_text(1));
  link.record.server = db::parse_ip(rows.column_text(2));
  link.record.client_mac = db::parse_mac(rows.column_text(3));
  link.record.server_mac = db::parse_mac(rows.column_text(4));
  link.record.transport = db::parse_transport(rows.column_text(5));
  link.record.server_port = static_cast<std::uint16_t>(rows.column_int(6));
  link.record.protocol = rows.column_text(7);
  link.record.flows = rows.column_count(8);
  link.record.packets = rows.column_count(9);
  link.record.bytes = rows.column_count(10);
  link.record.first_seen_us = rows.column_time(11);
  link.record.last_seen_us = rows.column_time(12);
  return link;
}

bool db::link_order(const StoredLink& a, const StoredLink& b) {
  const LinkRecord& x = a.record;
  const LinkRecord& y = b.record;
  return std::tie(x.client, x.server, x.transport, x.server_port, x.protocol, a.id) <
         std::tie(y.client, y.server, y.transport, y.server_port, y.protocol, b.id);
}

std::vector<StoredLink> db::read_links(sqlite3* connection) {
  std::vector<StoredLink> out;
  {
    db::Statement rows(connection, OTSCOPE_LINK_SELECT);
    while (rows.next()) out.push_back(db::link_row(rows));
  }
  std::sort(out.begin(), out.end(), db::link_order);
  return out;
}

std::vector<StoredLink> Database::links() const {
  Impl& d = impl();
  try {
    return db::read_links(d.connection.get());
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
}

StoredOperation db::operation_row(const db::Statement& rows) {
  StoredOperation op;
  op.id = rows.column_int(0);
  OperationRecord& r = op.record;
  r.protocol = db::parse_protocol(rows.column_text(1));
  r.client = db::parse_ip(rows.column_text(2));
  r.server = db::parse_ip(rows.column_text(3));
  r.client_mac = db::parse_mac(rows.column_text(4));
  r.server_mac = db::parse_mac(rows.column_text(5));
  r.unit = rows.column_int(6);
  r.function = column_u32(rows, 7);
  r.function_name = rows.column_text(8);
  r.op = db::parse_op_class(rows.column_text(9));
  r.detail = rows.column_text(10);
  r.requests = rows.column_count(11);
  r.responses = rows.column_count(12);
  r.unsolicited = rows.column_count(13);
  r.exceptions = rows.column_count(14);
  r.exception_codes = db::exception_codes_from_json(rows.column_text(15));
  r.ranges = db::ranges_from_json(rows.column_text(16));
  r.first_seen_us = rows.column_time(17);
  r.last_seen_us = rows.column_time(18);
  return op;
}

bool db::operation_order(const StoredOperation& a, const StoredOperation& b) {
  const OperationRecord& x = a.record;
  const OperationRecord& y = b.record;
  return std::tie(x.protocol, x.client, x.server, x.unit, x.function, x.detail, a.id) <
         std::tie(y.protocol, y.client, y.server, y.unit, y.function, y.detail, b.id);
}

std::vector<StoredOperation> db::read_operations(sqlite3* connection) {
  std::vector<StoredOperation> out;
  {
    db::Statement rows(connection, OTSCOPE_OPERATION_SELECT);
    while (rows.next()) out.push_back(db::operation_row(rows));
  }
  std::sort(out.begin(), out.end(), db::operation_order);
  return out;
}

std::vector<StoredOperation> Database::operations() const {
  Impl& d = impl();
  try {
    return db::read_operations(d.connection.get());
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
}

std::vector<StoredIdentity> db::read_identities(sqlite3* connection) {
  std::vector<StoredIdentity> out;
  {
    db::Statement rows(connection,
                       "SELECT id, ip, mac, protocol, field, value, source, first_seen, "
                       "last_seen, frame, capture_run_id FROM identities");
    while (rows.next()) {
      StoredIdentity identity;
      identity.id = rows.column_int(0);
      IdentityRecord& r = identity.record;
      r.ip = db::parse_ip(rows.column_text(1));
      r.mac = db::parse_mac(rows.column_text(2));
      r.protocol = db::parse_protocol(rows.column_text(3));
      r.field = rows.column_text(4);
      r.value = rows.column_text(5);
      r.source = rows.column_text(6);
      r.first_seen_us = rows.column_time(7);
      r.last_seen_us = rows.column_time(8);
      r.frame = rows.column_count(9);
      identity.capture_run_id = rows.is_null(10) ? 0 : rows.column_int(10);
      out.push_back(std::move(identity));
    }
  }
  std::sort(out.begin(), out.end(), [](const StoredIdentity& a, const StoredIdentity& b) {
    return std::tie(a.record.ip, a.record.field, a.record.value, a.id) <
           std::tie(b.record.ip, b.record.field, b.record.value, b.id);
  });
  return out;
}

std::vector<StoredIdentity> Database::identities() const {
  Impl& d = impl();
  try {
    return db::read_identities(d.connection.get());
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
}

std::vector<StoredAnomaly> Database::anomalies() const {
  Impl& d = impl();
  std::vector<StoredAnomaly> out;
  try {
    db::Statement rows(d.connection.get(),
                       "SELECT id, protocol, kind, src_ip, dst_ip, detail, malformed, count, "
                       "first_seen, last_seen, first_frame, capture_run_id FROM anomalies");
    while (rows.next()) {
      StoredAnomaly anomaly;
      anomaly.id = rows.column_int(0);
      AnomalyRecord& r = anomaly.record;
      r.protocol = db::parse_protocol(rows.column_text(1));
      r.kind = rows.column_text(2);
      r.src = db::parse_ip(rows.column_text(3));
      r.dst = db::parse_ip(rows.column_text(4));
      r.detail = rows.column_text(5);
      r.malformed = rows.column_int(6) != 0;
      r.count = rows.column_count(7);
      r.first_seen_us = rows.column_time(8);
      r.last_seen_us = rows.column_time(9);
      r.first_frame = rows.column_count(10);
      anomaly.capture_run_id = rows.is_null(11) ? 0 : rows.column_int(11);
      out.push_back(std::move(anomaly));
    }
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
  std::sort(out.begin(), out.end(), [](const StoredAnomaly& a, const StoredAnomaly& b) {
    const AnomalyRecord& x = a.record;
    const AnomalyRecord& y = b.record;
    return std::tie(x.protocol, x.kind, x.src, x.dst, a.id) <
           std::tie(y.protocol, y.kind, y.src, y.dst, b.id);
  });
  return out;
}

std::map<std::string, ProtocolStats> Database::protocol_stats() const {
  Impl& d = impl();
  std::map<std::string, ProtocolStats> out;
  try {
    db::ReadTransaction snapshot(d.connection);
    db::Statement totals(d.connection.get(),
                         "SELECT protocol, messages, malformed FROM protocol_stats");
    while (totals.next()) {
      ProtocolStats& stats = out[totals.column_text(0)];
      stats.messages = totals.column_count(1);
      stats.malformed = totals.column_count(2);
    }
    db::Statement functions(d.connection.get(),
                            "SELECT protocol, function, messages FROM protocol_functions");
    while (functions.next()) {
      out[functions.column_text(0)].functions[column_u32(functions, 1)] = functions.column_count(2);
    }
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
  return out;
}

}  // namespace otscope
