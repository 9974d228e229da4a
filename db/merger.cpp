#include "db/merger.h"

#include <algorithm>
#include <map>
#include <vector>

#include "db/codec.h"
#include "db/database_impl.h"
#include "model/history.h"

namespace otscope::db {
namespace {

// Merge arithmetic shared by every table, written once: counts add; first_seen takes the earlier
// and last_seen the later of two times, where NULL (unknown) yields to any known time. (SQLite's
// two-argument min()/max() return NULL when either side is NULL, hence the coalesce.)
#define OTSCOPE_EARLIER(old, fresh) "coalesce(min(" old ", " fresh "), " old ", " fresh ")"
#define OTSCOPE_LATER(old, fresh) "coalesce(max(" old ", " fresh "), " old ", " fresh ")"
// True when the incoming row was seen before the stored one: its first-occurrence details win.
#define OTSCOPE_INCOMING_IS_EARLIER "(first_seen IS NULL OR excluded.first_seen < first_seen)"
// An address row merged into the one the asset already has: times widened, counters added.
#define OTSCOPE_ADD_TO_ASSET_IP \
  "ON CONFLICT (asset_id, ip) DO UPDATE SET "                                    \
  "first_seen = " OTSCOPE_EARLIER("first_seen", "excluded.first_seen") ", "      \
  "last_seen = " OTSCOPE_LATER("last_seen", "excluded.last_seen") ", "           \
  "packets_sent = packets_sent + excluded.packets_sent, "                        \
  "bytes_sent = bytes_sent + excluded.bytes_sent, "                              \
  "packets_received = packets_received + excluded.packets_received, "            \
  "bytes_received = bytes_received + excluded.bytes_received"

constexpr const char* kUpsertProtocol =
    "INSERT INTO protocol_stats (protocol, messages, malformed) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (protocol) DO UPDATE SET messages = messages + excluded.messages, "
    "malformed = malformed + excluded.malformed";

constexpr const char* kUpsertFunction =
    "INSERT INTO protocol_functions (protocol, function, messages) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (protocol, function) DO UPDATE SET messages = messages + excluded.messages";

constexpr const char* kFindAssetByMac = "SELECT id FROM assets WHERE mac = ?1";

// The lookups by IP start from asset_ips_by_ip and reach the asset by its id: CROSS JOIN fixes
// that order. (With a plain JOIN the planner chose to walk the UNIQUE index on assets.mac for
// `mac IS NULL` — every MAC-less asset, once per lookup — which made merging many routed hosts
// quadratic.)
// The few rows an address has are ordered here rather than by SQL: an ORDER BY made SQLite build
// and drop a sorter per lookup (bench: 6 % of a first merge of the bench capture).
constexpr const char* kFindMacLessAssetByIp =
    "SELECT a.id FROM asset_ips i CROSS JOIN assets a ON a.id = i.asset_id "
    "WHERE i.ip = ?1 AND a.mac IS NULL";

// The device with a MAC that holds an address (the one seen with it last, as the engine's owner),
// for a record without a MAC of its own; never the router the record came through (?2).
constexpr const char* kFindMacAssetByIp =
    "SELECT a.id, coalesce(i.last_seen, 0) FROM asset_ips i CROSS JOIN assets a "
    "ON a.id = i.asset_id WHERE i.ip = ?1 AND a.mac IS NOT NULL AND a.mac IS NOT ?2";

// A MAC-less row holding an address that a device with a MAC (?2) now claims on its own segment:
// a raw-IP or routed record merged before the device was seen. Never the row of a device behind
// that same MAC as a router.
constexpr const char* kFindMacLessRowOfIp =
    "SELECT a.id FROM asset_ips i CROSS JOIN assets a ON a.id = i.asset_id "
    "WHERE i.ip = ?1 AND a.mac IS NULL AND a.via_mac IS NOT ?2 AND a.id <> ?3";

// Absorbing such a row (?2) into the device's (?1): counters added, times widened, addresses,
// VLANs and the auditor's record (when the device has none) moved, then the row removed.
constexpr const char* kAbsorbCounters =
    "UPDATE assets AS t SET "
    "first_seen = " OTSCOPE_EARLIER("t.first_seen", "s.first_seen") ", "
    "last_seen = " OTSCOPE_LATER("t.last_seen", "s.last_seen") ", "
    "packets_sent = t.packets_sent + s.packets_sent, bytes_sent = t.bytes_sent + s.bytes_sent, "
    "packets_received = t.packets_received + s.packets_received, "
    "bytes_received = t.bytes_received + s.bytes_received "
    "FROM assets AS s WHERE t.id = ?1 AND s.id = ?2";

constexpr const char* kAbsorbIps =
    "INSERT INTO asset_ips (asset_id, ip, first_seen, last_seen, packets_sent, bytes_sent, "
    "packets_received, bytes_received) SELECT ?1, ip, first_seen, last_seen, packets_sent, "
    "bytes_sent, packets_received, bytes_received FROM asset_ips WHERE asset_id = ?2 AND "
    "true " OTSCOPE_ADD_TO_ASSET_IP;

constexpr const char* kAbsorbVlans =
    "INSERT INTO asset_vlans (asset_id, vlan) SELECT ?1, vlan FROM asset_vlans "
    "WHERE asset_id = ?2 AND true ON CONFLICT DO NOTHING";

constexpr const char* kAbsorbAudit =
    "UPDATE asset_audit SET asset_id = ?1 WHERE asset_id = ?2 "
    "AND NOT EXISTS (SELECT 1 FROM asset_audit WHERE asset_id = ?1)";

constexpr const char* kDeleteAsset = "DELETE FROM assets WHERE id = ?1";

constexpr const char* kInsertAsset =
    "INSERT INTO assets (mac, mac_vendor, first_seen, last_seen, packets_sent, bytes_sent, "
    "packets_received, bytes_received, via_mac, role, role_confidence, roles) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

constexpr const char* kUpdateAsset =
    "UPDATE assets SET mac_vendor = CASE WHEN ?2 <> '' THEN ?2 ELSE mac_vendor END, "
    "first_seen = " OTSCOPE_EARLIER("first_seen", "?3") ", "
    "last_seen = " OTSCOPE_LATER("last_seen", "?4") ", "
    "packets_sent = packets_sent + ?5, bytes_sent = bytes_sent + ?6, "
    "packets_received = packets_received + ?7, bytes_received = bytes_received + ?8, "
    "via_mac = coalesce(?9, via_mac) WHERE id = ?1";

constexpr const char* kUpsertAssetIp =
    "INSERT INTO asset_ips (asset_id, ip, first_seen, last_seen, packets_sent, bytes_sent, "
    "packets_received, bytes_received) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    "?8) " OTSCOPE_ADD_TO_ASSET_IP;

constexpr const char* kInsertAssetVlan =
    "INSERT INTO asset_vlans (asset_id, vlan) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

constexpr const char* kUpsertLink =
    "INSERT INTO links (client_ip, server_ip, client_mac, server_mac, transport, server_port, "
    "protocol, flows, packets, bytes, first_seen, last_seen) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
    "ON CONFLICT (client_ip, server_ip, transport, server_port, protocol) DO UPDATE SET "
    "client_mac = coalesce(excluded.client_mac, client_mac), "
    "server_mac = coalesce(excluded.server_mac, server_mac), "
    "flows = flows + excluded.flows, packets = packets + excluded.packets, "
    "bytes = bytes + excluded.bytes, "
    "first_seen = " OTSCOPE_EARLIER("first_seen", "excluded.first_seen") ", "
    "last_seen = " OTSCOPE_LATER("last_seen", "excluded.last_seen");

constexpr const char* kFindOperation =
    "SELECT id, exception_codes, ranges FROM operations WHERE protocol = ?1 AND client_ip = ?2 "
    "AND server_ip = ?3 AND unit = ?4 AND function = ?5 AND detail = ?6";

constexpr const char* kInsertOperation =
    "INSERT INTO operations (protocol, client_ip, server_ip, client_mac, server_mac, unit, "
    "function, function_name, op_class, detail, requests, responses, unsolicited, exceptions, "
    "exception_codes, ranges, first_seen, last_seen) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
    "ON CONFLICT (protocol, client_ip, server_ip, unit, function, detail) DO NOTHING";

constexpr const char* kUpdateOperation =
    "UPDATE operations SET client_mac = coalesce(?2, client_mac), "
    "server_mac = coalesce(?3, server_mac), "
    "function_name = CASE WHEN ?4 <> '' THEN ?4 ELSE function_name END, "
    // The class of the row's earliest message, as one merge of the whole run gives it, wherever
    // a live capture's flushes cut the run.
    "op_class = CASE WHEN first_seen IS NULL OR ?12 < first_seen THEN ?5 ELSE op_class END, "
    "requests = requests + ?6, responses = responses + ?7, unsolicited = unsolicited + ?8, "
    "exceptions = exceptions + ?9, exception_codes = ?10, ranges = ?11, "
    "first_seen = " OTSCOPE_EARLIER("first_seen", "?12") ", "
    "last_seen = " OTSCOPE_LATER("last_seen", "?13") " WHERE id = ?1";

constexpr const char* kUpsertIdentity =
    "INSERT INTO identities (ip, mac, protocol, field, value, source, first_seen, last_seen, "
    "frame, capture_run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (ip, field, value) DO UPDATE SET mac = coalesce(excluded.mac, mac), "
    "protocol = CASE WHEN " OTSCOPE_INCOMING_IS_EARLIER " THEN excluded.protocol ELSE protocol END, "
    "source = CASE WHEN " OTSCOPE_INCOMING_IS_EARLIER " THEN excluded.source ELSE source END, "
    "frame = CASE WHEN " OTSCOPE_INCOMING_IS_EARLIER " THEN excluded.frame ELSE frame END, "
    "capture_run_id = CASE WHEN " OTSCOPE_INCOMING_IS_EARLIER
    " THEN excluded.capture_run_id ELSE capture_run_id END, "
    "first_seen = " OTSCOPE_EARLIER("first_seen", "excluded.first_seen") ", "
    "last_seen = " OTSCOPE_LATER("last_seen", "excluded.last_seen");

constexpr const char* kUpsertAnomaly =
    "INSERT INTO anomalies (protocol, kind, src_ip, dst_ip, detail, malformed, count, first_seen, "
    "last_seen, first_frame, capture_run_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT (protocol, kind, src_ip, dst_ip) DO UPDATE SET "
    "detail = CASE WHEN " OTSCOPE_INCOMING_IS_EARLIER " THEN excluded.detail ELSE detail END, "
    "first_frame = CASE WHEN " OTSCOPE_INCOMING_IS_EARLIER
    " THEN excluded.first_frame ELSE first_frame END, "
    "capture_run_id = CASE WHEN " OTSCOPE_INCOMING_IS_EARLIER
    " THEN excluded.capture_run_id ELSE capture_run_id END, "
    "malformed = max(malformed, excluded.malformed), count = count + excluded.count, "
    "first_seen = " OTSCOPE_EARLIER("first_seen", "excluded.first_seen") ", "
    "last_seen = " OTSCOPE_LATER("last_seen", "excluded.last_seen");

constexpr const char* kUpsertName =
    "INSERT INTO asset_names (ip, mac, name, source, first_seen, last_seen, frame, "
    "capture_run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (ip, mac, name, source) DO UPDATE SET "
    "frame = CASE WHEN " OTSCOPE_INCOMING_IS_EARLIER " THEN excluded.frame ELSE frame END, "
    "capture_run_id = CASE WHEN " OTSCOPE_INCOMING_IS_EARLIER
    " THEN excluded.capture_run_id ELSE capture_run_id END, "
    "first_seen = " OTSCOPE_EARLIER("first_seen", "excluded.first_seen") ", "
    "last_seen = " OTSCOPE_LATER("last_seen", "excluded.last_seen");

// A MAC is one asset's (UNIQUE): `=` with a scalar subquery, where IN built a table per call.
constexpr const char* kDetachRoutedIp =
    "DELETE FROM asset_ips WHERE ip = ?1 AND asset_id = (SELECT id FROM assets WHERE mac = ?2)";

constexpr const char* kInsertChange =
    "INSERT INTO asset_history (ip, mac, field, old_value, new_value, changed_at, old_last_seen, "
    "source, frame, capture_run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (ip, field, old_value, new_value, changed_at) DO NOTHING";

constexpr const char* kIdentityValues =
    "SELECT value, first_seen, last_seen, mac, source, frame, capture_run_id, protocol "
    "FROM identities WHERE ip = ?1 AND field = ?2";

constexpr const char* kUnitValues = "SELECT value FROM identities WHERE ip = ?1 AND field = ?2";

// Which MAC answers for an address: a local asset's own, or the router's for a routed one.
constexpr const char* kMacsOfIp =
    "SELECT coalesce(a.mac, a.via_mac), i.first_seen, i.last_seen FROM asset_ips i "
    "JOIN assets a ON a.id = i.asset_id WHERE i.ip = ?1 AND coalesce(a.mac, a.via_mac) IS NOT NULL";

constexpr const char* kUpdateRoles =
    "UPDATE assets SET role = ?2, role_confidence = ?3, roles = ?4 WHERE id = ?1 AND roles <> ?4";

// What the roles of the touched assets are inferred from (Merger::refresh_roles()).
constexpr const char* kMaxAssetId = "SELECT max(id) FROM assets";
constexpr const char* kMaxOperationId = "SELECT max(id) FROM operations";
constexpr const char* kMaxLinkId = "SELECT max(id) FROM links";
// Every operation as role inference reads it, the ranges (which it does not read) left unread:
// the one whole-table read, of refresh_all_roles() (a first merge), not in statements().
constexpr const char* kRoleOperations =
    "SELECT id, protocol, client_ip, server_ip, client_mac, server_mac, unit, function, "
    "function_name, op_class, detail, requests, responses, unsolicited, exceptions, "
    "exception_codes, '[]', first_seen, last_seen FROM operations";
constexpr const char* kAssetIdsOfIp = "SELECT asset_id FROM asset_ips WHERE ip = ?1";
constexpr const char* kAssetOfMac = "SELECT id FROM assets WHERE mac = ?1";
constexpr const char* kRoleAsset = "SELECT mac, via_mac FROM assets WHERE id = ?1";
constexpr const char* kRoleAssetIps = "SELECT ip FROM asset_ips WHERE asset_id = ?1";
constexpr const char* kRoutedThrough = "SELECT id FROM assets WHERE via_mac = ?1";
constexpr const char* kLinksOfClient = OTSCOPE_LINK_SELECT "WHERE client_ip = ?1";
constexpr const char* kLinksOfServer = OTSCOPE_LINK_SELECT "WHERE server_ip = ?1";
constexpr const char* kOperationsOfClient = OTSCOPE_OPERATION_SELECT "WHERE client_ip = ?1";
constexpr const char* kOperationsOfServer = OTSCOPE_OPERATION_SELECT "WHERE server_ip = ?1";

#undef OTSCOPE_ADD_TO_ASSET_IP
#undef OTSCOPE_EARLIER
#undef OTSCOPE_LATER
#undef OTSCOPE_INCOMING_IS_EARLIER

// The name a record is stored under; a record without a protocol is refused before anything of
// the merge is written, so the database never holds a row its readers cannot read back.
std::string_view stored_protocol(Protocol p) {
  if (!p.valid()) throw DbError("a record without a protocol cannot be stored");
  return p.name();
}

}  // namespace

std::vector<std::string_view> Merger::statements() {
  return {kUpsertProtocol,   kUpsertFunction,     kFindAssetByMac,     kFindMacLessAssetByIp,
          kFindMacAssetByIp, kInsertAsset,        kUpdateAsset,        kUpsertAssetIp,
          kInsertAssetVlan,  kUpsertLink,         kFindOperation,      kInsertOperation,
          kUpdateOperation,  kUpsertIdentity,     kUpsertAnomaly,      kUpsertName,
          kDetachRoutedIp,   kInsertChange,       kIdentityValues,     kUnitValues,
          kMacsOfIp,         kUpdateRoles,        kAssetIdsOfIp,       kAssetOfMac,
          kRoleAsset,        kRoleAssetIps,       kRoutedThrough,      kLinksOfClient,
          kLinksOfServer,    kOperationsOfClient, kOperationsOfServer, kFindMacLessRowOfIp,
          kAbsorbCounters,   kAbsorbIps,          kAbsorbVlans,        kAbsorbAudit,
          kDeleteAsset,      kMaxOperationId,     kMaxLinkId};
}

Merger::Merger(sqlite3* db)
    : db_(db),
      upsert_protocol_(db, kUpsertProtocol),
      upsert_function_(db, kUpsertFunction),
      find_asset_by_mac_(db, kFindAssetByMac),
      find_mac_less_asset_by_ip_(db, kFindMacLessAssetByIp),
      find_mac_asset_by_ip_(db, kFindMacAssetByIp),
      insert_asset_(db, kInsertAsset),
      update_asset_(db, kUpdateAsset),
      upsert_asset_ip_(db, kUpsertAssetIp),
      insert_asset_vlan_(db, kInsertAssetVlan),
      upsert_link_(db, kUpsertLink),
      find_operation_(db, kFindOperation),
      insert_operation_(db, kInsertOperation),
      update_operation_(db, kUpdateOperation),
      upsert_identity_(db, kUpsertIdentity),
      upsert_anomaly_(db, kUpsertAnomaly),
      detach_routed_ip_(db, kDetachRoutedIp),
      upsert_name_(db, kUpsertName),
      insert_change_(db, kInsertChange),
      identity_values_(db, kIdentityValues),
      unit_values_(db, kUnitValues),
      macs_of_ip_(db, kMacsOfIp),
      update_roles_(db, kUpdateRoles),
      max_asset_id_(db, kMaxAssetId),
      max_operation_id_(db, kMaxOperationId),
      max_link_id_(db, kMaxLinkId),
      role_operations_(db, kRoleOperations),
      asset_ids_of_ip_(db, kAssetIdsOfIp),
      asset_of_mac_(db, kAssetOfMac),
      role_asset_(db, kRoleAsset),
      role_asset_ips_(db, kRoleAssetIps),
      routed_through_(db, kRoutedThrough),
      links_of_client_(db, kLinksOfClient),
      links_of_server_(db, kLinksOfServer),
      operations_of_client_(db, kOperationsOfClient),
      operations_of_server_(db, kOperationsOfServer),
      find_mac_less_row_of_ip_(db, kFindMacLessRowOfIp),
      absorb_counters_(db, kAbsorbCounters),
      absorb_ips_(db, kAbsorbIps),
      absorb_vlans_(db, kAbsorbVlans),
      delete_asset_(db, kDeleteAsset) {
  // The auditor's table came with schema step 4; a file of an older layout (tests of the
  // migrations merge into one) has no record to move.
  Statement has_audit(db, "SELECT 1 FROM sqlite_schema WHERE name = 'asset_audit'");
  if (has_audit.next()) absorb_audit_.emplace(db, kAbsorbAudit);
}

void Merger::protocol_stats(const std::string& protocol, const ProtocolStats& stats) {
  upsert_protocol_.start()
      .bind_text(1, protocol)
      .bind_count(2, stats.messages)
      .bind_count(3, stats.malformed)
      .run();
  for (const auto& [function, count] : stats.functions) {
    upsert_function_.start()
        .bind_text(1, protocol)
        .bind_int(2, function)
        .bind_count(3, count)
        .run();
  }
}

Merger::Found Merger::find_asset(const std::string& mac, const std::string& via_mac,
                                 const std::vector<std::string>& ips) {
  Found found;
  if (!mac.empty()) {
    if (find_asset_by_mac_.start().bind_text(1, mac).next())
      found.id = find_asset_by_mac_.column_int(0);
    find_asset_by_mac_.reset();
    return found;
  }
  // Without a MAC (a raw-IP or loopback capture, a device behind a router): the device that
  // holds the address with its own MAC, as the engine does with an address it has seen locally;
  // else the MAC-less asset that owns it.
  for (const std::string& ip : ips) {
    // The one seen with the address last; of those, the oldest row.
    std::int64_t last_seen = 0;
    find_mac_asset_by_ip_.start().bind_text(1, ip).bind_text_or_null(2, via_mac);
    while (find_mac_asset_by_ip_.next()) {
      const std::int64_t id = find_mac_asset_by_ip_.column_int(0);
      const std::int64_t seen = find_mac_asset_by_ip_.column_int(1);
      if (found.id == 0 || seen > last_seen || (seen == last_seen && id < found.id)) {
        found.id = id;
        last_seen = seen;
      }
    }
    find_mac_asset_by_ip_.reset();
    if (found.id != 0) {
      found.local_owner = true;
      return found;
    }
  }
  for (const std::string& ip : ips) {
    find_mac_less_asset_by_ip_.start().bind_text(1, ip);
    while (find_mac_less_asset_by_ip_.next()) {
      const std::int64_t id = find_mac_less_asset_by_ip_.column_int(0);
      if (found.id == 0 || id < found.id) found.id = id;
    }
    find_mac_less_asset_by_ip_.reset();
    if (found.id != 0) return found;
  }
  return found;
}

void Merger::asset(const AssetRecord& asset) {
  const std::string mac = mac_text(asset.mac);
  std::vector<std::string> ips;
  ips.reserve(asset.ips.size());
  for (const IpAddress& ip : asset.ips) ips.push_back(ip.to_string());
  // Neither a MAC nor an IP: nothing to key it by, and a new row per merge would only pile up.
  if (mac.empty() && ips.empty()) return;

  const std::string via_mac = mac_text(asset.via_mac);
  const Found found = find_asset(mac, via_mac, ips);
  std::int64_t id = found.id;
  Statement& write = id != 0 ? update_asset_ : insert_asset_;
  write.start();
  if (id != 0) {
    write.bind_int(1, id);
  } else {
    write.bind_text_or_null(1, mac);
  }
  write.bind_text(2, asset.mac_vendor)
      .bind_time(3, asset.first_seen_us)
      .bind_time(4, asset.last_seen_us)
      .bind_count(5, asset.packets_sent)
      .bind_count(6, asset.bytes_sent)
      .bind_count(7, asset.packets_received)
      .bind_count(8, asset.bytes_received)
      // A device with a MAC of its own is on the local segment, whatever router a MAC-less
      // record of it came through.
      .bind_text_or_null(9, found.local_owner ? std::string() : via_mac);
  if (id == 0) {
    // The roles the producer inferred (AnalysisResult::roles_inferred); finish() infers them
    // again from what is stored unless the whole inventory is this merge's.
    const std::vector<RoleAssessment>& r = asset.roles;
    write.bind_text(10, r.empty() ? std::string_view("") : asset_role_name(r.front().role))
        .bind_double(11, r.empty() ? 0.0 : r.front().confidence)
        .bind_text(12, roles_to_json(r));
  } else {
    own_inventory_ = false;
  }
  write.run();
  if (id == 0) id = sqlite3_last_insert_rowid(db_);
  role_assets_.insert(id);
  if (!via_mac.empty()) role_macs_.insert(via_mac);

  for (std::size_t i = 0; i < ips.size(); ++i) {
    // Per-address detail when the producer gave it, else the asset's own times.
    AssetAddress a{asset.ips[i], asset.first_seen_us, asset.last_seen_us};
    for (const AssetAddress& detail : asset.addresses)
      if (detail.ip == asset.ips[i]) a = detail;
    upsert_asset_ip_.start()
        .bind_int(1, id)
        .bind_text(2, ips[i])
        .bind_time(3, a.first_seen_us)
        .bind_time(4, a.last_seen_us)
        .bind_count(5, a.packets_sent)
        .bind_count(6, a.bytes_sent)
        .bind_count(7, a.packets_received)
        .bind_count(8, a.bytes_received)
        .run();
    touched_ips_.insert(ips[i]);
    // A routed address belongs to the device behind the router, not to the router's asset
    // (an earlier delta may have put it there before the router was recognised).
    if (!via_mac.empty())
      detach_routed_ip_.start().bind_text(1, ips[i]).bind_text(2, via_mac).run();
  }
  for (std::uint16_t vlan : asset.vlans) {
    insert_asset_vlan_.start().bind_int(1, id).bind_int(2, vlan).run();
  }
  // A device seen with its own MAC on its segment is the device a MAC-less row of its address
  // stood for (a raw-IP capture merged first, or a routed view of it): one asset, as when the
  // merges come the other way round.
  if (!mac.empty() && via_mac.empty()) absorb_mac_less_rows(id, mac, ips);
}

void Merger::absorb_mac_less_rows(std::int64_t id, const std::string& mac,
                                  const std::vector<std::string>& ips) {
  std::vector<std::int64_t> rows;
  for (const std::string& ip : ips) {
    find_mac_less_row_of_ip_.start().bind_text(1, ip).bind_text(2, mac).bind_int(3, id);
    while (find_mac_less_row_of_ip_.next()) rows.push_back(find_mac_less_row_of_ip_.column_int(0));
    find_mac_less_row_of_ip_.reset();
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  if (!rows.empty()) own_inventory_ = false;
  for (const std::int64_t row : rows) {
    for (Statement* s : {&absorb_counters_, &absorb_ips_, &absorb_vlans_})
      s->start().bind_int(1, id).bind_int(2, row).run();
    if (absorb_audit_) absorb_audit_->start().bind_int(1, id).bind_int(2, row).run();
    delete_asset_.start().bind_int(1, row).run();
  }
}

void Merger::link(const LinkRecord& link) {
  role_ips_.insert(link.client.to_string());
  role_ips_.insert(link.server.to_string());
  if (!link.client_mac.is_zero()) role_macs_.insert(mac_text(link.client_mac));
  if (!link.server_mac.is_zero()) role_macs_.insert(mac_text(link.server_mac));
  upsert_link_.start()
      .bind_text(1, link.client.to_string())
      .bind_text(2, link.server.to_string())
      .bind_text_or_null(3, mac_text(link.client_mac))
      .bind_text_or_null(4, mac_text(link.server_mac))
      .bind_text(5, transport_text(link.transport))
      .bind_int(6, link.server_port)
      .bind_text(7, link.protocol)
      .bind_count(8, link.flows)
      .bind_count(9, link.packets)
      .bind_count(10, link.bytes)
      .bind_time(11, link.first_seen_us)
      .bind_time(12, link.last_seen_us)
      .run();
}

void Merger::operation(const OperationRecord& op) {
  const std::string client = op.client.to_string();
  const std::string server = op.server.to_string();
  role_ips_.insert(client);
  role_ips_.insert(server);
  if (!op.client_mac.is_zero()) role_macs_.insert(mac_text(op.client_mac));
  if (!op.server_mac.is_zero()) role_macs_.insert(mac_text(op.server_mac));
  // Into an empty table every row of the delta is new (the engine gives each key once): no
  // search per row. Should a key come twice all the same, the insert does nothing and the
  // record is merged as into a table that has it.
  if (operations_were_empty_ && insert_operation(op)) return;
  const std::string_view protocol = stored_protocol(op.protocol);

  std::int64_t id = 0;
  std::map<std::uint32_t, std::uint64_t> codes = op.exception_codes;
  std::vector<AddressRange> ranges = op.ranges;
  if (find_operation_.start()
          .bind_text(1, protocol)
          .bind_text(2, client)
          .bind_text(3, server)
          .bind_int(4, op.unit)
          .bind_int(5, op.function)
          .bind_text(6, op.detail)
          .next()) {
    id = find_operation_.column_int(0);
    for (const auto& [code, count] : exception_codes_from_json(find_operation_.column_text(1))) {
      codes[code] += count;
    }
    std::vector<AddressRange> stored = ranges_from_json(find_operation_.column_text(2));
    ranges.insert(ranges.end(), stored.begin(), stored.end());
  }
  find_operation_.reset();
  const std::string codes_json = exception_codes_to_json(codes);
  const std::string ranges_json = ranges_to_json(union_ranges(std::move(ranges)));

  if (id != 0) {
    update_operation_.start()
        .bind_int(1, id)
        .bind_text_or_null(2, mac_text(op.client_mac))
        .bind_text_or_null(3, mac_text(op.server_mac))
        .bind_text(4, op.function_name)
        .bind_text(5, op_class_name(op.op))
        .bind_count(6, op.requests)
        .bind_count(7, op.responses)
        .bind_count(8, op.unsolicited)
        .bind_count(9, op.exceptions)
        .bind_text(10, codes_json)
        .bind_text(11, ranges_json)
        .bind_time(12, op.first_seen_us)
        .bind_time(13, op.last_seen_us)
        .run();
    return;
  }
  insert_operation(op, codes_json, ranges_json);
}

bool Merger::insert_operation(const OperationRecord& op) {
  return insert_operation(op, exception_codes_to_json(op.exception_codes),
                          ranges_to_json(union_ranges(op.ranges)));
}

bool Merger::insert_operation(const OperationRecord& op, const std::string& codes_json,
                              const std::string& ranges_json) {
  const std::string_view protocol = stored_protocol(op.protocol);
  insert_operation_.start()
      .bind_text(1, protocol)
      .bind_text(2, op.client.to_string())
      .bind_text(3, op.server.to_string())
      .bind_text_or_null(4, mac_text(op.client_mac))
      .bind_text_or_null(5, mac_text(op.server_mac))
      .bind_int(6, op.unit)
      .bind_int(7, op.function)
      .bind_text(8, op.function_name)
      .bind_text(9, op_class_name(op.op))
      .bind_text(10, op.detail)
      .bind_count(11, op.requests)
      .bind_count(12, op.responses)
      .bind_count(13, op.unsolicited)
      .bind_count(14, op.exceptions)
      .bind_text(15, codes_json)
      .bind_text(16, ranges_json)
      .bind_time(17, op.first_seen_us)
      .bind_time(18, op.last_seen_us)
      .run();
  return sqlite3_changes(db_) > 0;
}

void Merger::identity(const IdentityRecord& identity, std::int64_t run_id) {
  if (is_history_field(identity.field))
    touched_identities_.emplace(identity.ip.to_string(), identity.field);
  upsert_identity_.start()
      .bind_text(1, identity.ip.to_string())
      .bind_text_or_null(2, mac_text(identity.mac))
      .bind_text(3, stored_protocol(identity.protocol))
      .bind_text(4, identity.field)
      .bind_text(5, identity.value)
      .bind_text(6, identity.source)
      .bind_time(7, identity.first_seen_us)
      .bind_time(8, identity.last_seen_us)
      .bind_count(9, identity.frame)
      .bind_int(10, run_id)
      .run();
}

void Merger::anomaly(const AnomalyRecord& anomaly, std::int64_t run_id) {
  upsert_anomaly_.start()
      .bind_text(1, stored_protocol(anomaly.protocol))
      .bind_text(2, anomaly.kind)
      .bind_text(3, anomaly.src.to_string())
      .bind_text(4, anomaly.dst.to_string())
      .bind_text(5, anomaly.detail)
      .bind_int(6, anomaly.malformed ? 1 : 0)
      .bind_count(7, anomaly.count)
      .bind_time(8, anomaly.first_seen_us)
      .bind_time(9, anomaly.last_seen_us)
      .bind_count(10, anomaly.first_frame)
      .bind_int(11, run_id)
      .run();
}

}  // namespace otscope::db
