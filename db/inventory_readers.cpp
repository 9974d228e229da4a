// The read side of the inventory tables (schema step 3): host names, change history, the whole
// inventory built from every stored fact, and the alerts summary for the audit report.
#include <algorithm>
#include <tuple>

#include "db/codec.h"
#include "db/database.h"
#include "db/database_impl.h"

namespace otscope {
namespace {

// '' is how the asset_names table stores "not known" (it keys on these columns).
IpAddress ip_or_unspecified(const std::string& text) {
  return text.empty() ? IpAddress{} : db::parse_ip(text);
}

}  // namespace

std::vector<StoredHostname> db::read_hostnames(sqlite3* connection) {
  std::vector<StoredHostname> out;
  db::Statement rows(connection,
                     "SELECT id, ip, mac, name, source, first_seen, last_seen, frame, "
                     "capture_run_id FROM asset_names");
  while (rows.next()) {
    StoredHostname n;
    n.id = rows.column_int(0);
    n.record.ip = ip_or_unspecified(rows.column_text(1));
    n.record.mac = db::parse_mac(rows.column_text(2));
    n.record.name = rows.column_text(3);
    n.record.source = rows.column_text(4);
    n.record.first_seen_us = rows.column_time(5);
    n.record.last_seen_us = rows.column_time(6);
    n.record.frame = rows.column_count(7);
    n.capture_run_id = rows.is_null(8) ? 0 : rows.column_int(8);
    out.push_back(std::move(n));
  }
  std::sort(out.begin(), out.end(), [](const StoredHostname& a, const StoredHostname& b) {
    return std::tie(a.record.ip, a.record.name, a.record.source, a.id) <
           std::tie(b.record.ip, b.record.name, b.record.source, b.id);
  });
  return out;
}

StoredChange db::history_row(const db::Statement& row) {
  StoredChange c;
  c.id = row.column_int(0);
  c.record.ip = db::parse_ip(row.column_text(1));
  c.record.mac = db::parse_mac(row.column_text(2));
  c.record.field = row.column_text(3);
  c.record.old_value = row.column_text(4);
  c.record.new_value = row.column_text(5);
  c.record.changed_us = row.column_int(6);
  c.record.old_last_seen_us = row.column_time(7);
  c.record.source = row.column_text(8);
  c.record.frame = row.column_count(9);
  c.capture_run_id = row.is_null(10) ? 0 : row.column_int(10);
  return c;
}

bool db::history_order(const StoredChange& a, const StoredChange& b) {
  return std::tie(a.record.changed_us, a.record.ip, a.record.field, a.id) <
         std::tie(b.record.changed_us, b.record.ip, b.record.field, b.id);
}

std::vector<StoredChange> db::read_history(sqlite3* connection, const IpAddress* ip) {
  std::vector<StoredChange> out;
  // One address's changes are one search of the key's index (ip first): "?1 IS NULL OR ip = ?1"
  // would read the whole history either way.
  db::Statement rows(connection, ip ? "SELECT " OTSCOPE_HISTORY_COLUMNS
                                      " FROM asset_history WHERE ip = ?1"
                                    : "SELECT " OTSCOPE_HISTORY_COLUMNS " FROM asset_history");
  rows.start();
  if (ip) rows.bind_text(1, ip->to_string());
  while (rows.next()) out.push_back(db::history_row(rows));
  std::sort(out.begin(), out.end(), db::history_order);
  return out;
}

std::vector<StoredHostname> Database::hostnames() const {
  Impl& d = impl();
  try {
    return db::read_hostnames(d.connection.get());
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
}

std::vector<StoredChange> Database::asset_history(const IpAddress* ip) const {
  Impl& d = impl();
  try {
    return db::read_history(d.connection.get(), ip);
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
}

Inventory Database::inventory() const {
  return inventory_contents().inventory;
}

InventoryContents Database::inventory_contents() const {
  Impl& d = impl();
  try {
    // One snapshot for all the tables, even while a writer merges.
    db::ReadTransaction snapshot(d.connection);
    sqlite3* c = d.connection.get();
    const auto assets = db::read_assets(c);
    const auto links = db::read_links(c);
    const auto operations = db::read_operations(c);
    const auto identities = db::read_identities(c);
    const auto names = db::read_hostnames(c);
    const auto history = db::read_history(c, nullptr);
    const auto audits = db::read_audits(c);

    std::vector<AssetRecord> asset_records;
    std::vector<std::int64_t> ids;
    for (const auto& a : assets) {
      asset_records.push_back(a.record);
      ids.push_back(a.id);
    }
    std::vector<LinkRecord> link_records;
    for (const auto& l : links) link_records.push_back(l.record);
    std::vector<OperationRecord> op_records;
    for (const auto& o : operations) op_records.push_back(o.record);
    std::vector<IdentityRecord> id_records;
    for (const auto& i : identities) id_records.push_back(i.record);
    std::vector<HostnameRecord> name_records;
    for (const auto& n : names) name_records.push_back(n.record);
    std::vector<ChangeRecord> change_records;
    for (const auto& h : history) change_records.push_back(h.record);

    InventorySources in;
    in.assets = asset_records;
    in.ids = ids;
    in.links = link_records;
    in.operations = op_records;
    in.identities = id_records;
    in.hostnames = name_records;
    in.changes = change_records;
    Inventory inventory = build_inventory(in);
    for (InventoryAsset& asset : inventory.assets) {
      auto it = audits.find(asset.id);
      if (it != audits.end()) asset.audit = it->second;
    }
    return InventoryContents{std::move(inventory), links, operations};
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
}

TableFingerprints Database::fingerprints() const {
  Impl& d = impl();
  // Each query's one row of aggregates, folded into one number per group.
  sqlite3* c = d.connection.get();
  auto fold = [c](std::uint64_t h, const char* sql) { return db::fold_aggregates(c, sql, h); };
  constexpr std::uint64_t kSeed = 0xcbf29ce484222325ULL;
  TableFingerprints f;
  try {
    db::ReadTransaction snapshot(d.connection);
    std::uint64_t h = kSeed;
    h = fold(
        h,
        "SELECT count(*), max(id), total(packets_sent + packets_received), max(last_seen), "
        "total(length(roles)), total(role_confidence * 1000), total(length(role)) FROM assets");
    h = fold(h,
             "SELECT count(*), total(packets_sent + packets_received), max(last_seen), "
             "total(asset_id) FROM asset_ips");
    h = fold(h, "SELECT count(*), total(asset_id * vlan) FROM asset_vlans");
    h = fold(h, "SELECT count(*), max(id), max(last_seen) FROM asset_names");
    h = fold(h, "SELECT count(*), max(id), max(last_seen) FROM identities");
    h = fold(h, "SELECT count(*), max(id) FROM asset_history");
    h = fold(h, "SELECT count(*), max(updated), total(asset_id) FROM asset_audit");
    h = fold(h, "SELECT count(*), max(id), total(flows + packets), max(last_seen) FROM links");
    h = fold(h,
             "SELECT count(*), max(id), total(requests + responses + unsolicited + exceptions), "
             "max(last_seen), total(length(ranges) + length(exception_codes)) FROM operations");
    f.inventory = h;
    f.anomalies =
        fold(kSeed, "SELECT count(*), max(id), total(count), max(last_seen) FROM anomalies");
    f.capture_runs = fold(kSeed,
                          "SELECT count(*), max(id), total(packets), total(drops), max(finished), "
                          "total(id * length(status)) FROM capture_runs");
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
  return f;
}

std::vector<AlertSummary> Database::alerts_summary() const {
  Impl& d = impl();
  std::vector<AlertSummary> out;
  try {
    const std::string context = "cannot read alerts";
    // The alerts table belongs to detection (issue 7) and may not exist in every file; only the
    // columns this summary needs are required.
    const std::int64_t usable = d.connection.query_int(
        "SELECT count(*) FROM pragma_table_info('alerts') WHERE name IN "
        "('rule', 'severity', 'count', 'first_seen', 'last_seen')",
        context);
    if (usable != 5) return out;
    db::Statement rows(
        d.connection.get(),
        "SELECT rule, severity, count(*), sum(count), min(first_seen), "
        "max(last_seen) FROM alerts GROUP BY rule, severity ORDER BY rule, severity");
    while (rows.next()) {
      AlertSummary a;
      a.rule = rows.column_text(0);
      a.severity = rows.column_text(1);
      a.alerts = rows.column_count(2);
      a.events = rows.column_count(3);
      a.first_seen_us = rows.column_time(4);
      a.last_seen_us = rows.column_time(5);
      out.push_back(std::move(a));
    }
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
  return out;
}

}  // namespace otscope
