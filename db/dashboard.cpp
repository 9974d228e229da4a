#include "db/dashboard.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "db/codec.h"
#include "db/sqlite.h"

namespace otscope::db {
namespace {

// The newest time in the file: the last sighting of any asset (a live sensor's merges move it
// every flush) or the newest packet of a finished run.
constexpr const char* kNewestAsset = "SELECT max(last_seen) FROM assets";
constexpr const char* kNewestRun = "SELECT max(last_packet) FROM capture_runs";
// min() and max() separately: SQLite answers each from the index only when it is alone.
constexpr const char* kFirstAlert = "SELECT min(first_seen) FROM alerts";
constexpr const char* kLastAlert = "SELECT max(first_seen) FROM alerts";
// Binned here rather than by GROUP BY (a temporary B-tree): the rows come in index order.
constexpr const char* kAlertBuckets =
    "SELECT first_seen, severity FROM alerts WHERE first_seen >= ?1";
// The partial index of the alerts not closed (alerts_live_by_key) holds the rule first.
constexpr const char* kOpenByRule =
    "SELECT rule, count(*) FROM alerts WHERE state != 'closed' GROUP BY rule";
constexpr const char* kByRole = "SELECT role, count(*) FROM assets GROUP BY role";
// The vendor a device reports (its addresses' newest 'vendor' identity, as the inventory picks
// it), else its MAC's vendor. CROSS JOIN keeps the asset's addresses outside: each is one search
// of the identities' (ip, field, value) key, never a scan of the identities.
constexpr const char* kByVendor =
    "SELECT iv, mv, count(*) FROM (SELECT coalesce(a.mac_vendor, '') AS mv, (SELECT i.value "
    "FROM asset_ips ai CROSS JOIN identities i ON i.ip = ai.ip AND i.field = 'vendor' "
    "WHERE ai.asset_id = a.id ORDER BY i.last_seen DESC, i.first_seen DESC LIMIT 1) AS iv "
    "FROM assets a) GROUP BY 1, 2";
constexpr const char* kProtocols =
    "SELECT protocol, messages FROM protocol_stats WHERE messages > 0";
constexpr const char* kTopTalkers =
    "SELECT id, mac, role, mac_vendor, first_seen, bytes_sent, bytes_received FROM assets "
    "ORDER BY bytes_sent + bytes_received DESC LIMIT ?1";
constexpr const char* kNewAssetsCount = "SELECT count(*) FROM assets WHERE first_seen >= ?1";
constexpr const char* kNewAssets =
    "SELECT id, mac, role, mac_vendor, first_seen, bytes_sent, bytes_received FROM assets "
    "WHERE first_seen >= ?1 ORDER BY first_seen DESC LIMIT ?2";
constexpr const char* kAssetIps = "SELECT ip FROM asset_ips WHERE asset_id = ?1";
constexpr const char* kChangesCount = "SELECT count(*) FROM asset_history WHERE changed_at >= ?1";
constexpr const char* kChanges =
    "SELECT id, ip, mac, field, old_value, new_value, changed_at FROM asset_history "
    "WHERE changed_at >= ?1 ORDER BY changed_at DESC, id DESC LIMIT ?2";
constexpr const char* kRuns =
    "SELECT id, source, status, started FROM capture_runs ORDER BY id DESC LIMIT ?1";
constexpr const char* kLiveRuns =
    "SELECT id, source, status, started FROM capture_runs WHERE status = 'running' "
    "ORDER BY id DESC";
#define OTSCOPE_HEALTH_COLUMNS                                                        \
  "time, packet_time, packets, bytes, drops, tcp_gaps, tcp_gap_bytes, out_of_order, " \
  "flows_evicted, malformed, limit_drops "
constexpr const char* kRunSampleCount = "SELECT count(*) FROM capture_health WHERE run_id = ?1";
constexpr const char* kLastSample = "SELECT " OTSCOPE_HEALTH_COLUMNS
                                    "FROM capture_health WHERE run_id = ?1 "
                                    "ORDER BY time DESC, id DESC LIMIT 1";
constexpr const char* kSamples =
    "SELECT " OTSCOPE_HEALTH_COLUMNS "FROM capture_health WHERE run_id = ?1 ORDER BY time, id";

int severity_index(const std::string& s) {
  if (s == "critical") return 3;
  if (s == "high") return 2;
  if (s == "medium") return 1;
  return 0;
}

HealthSample sample_row(const Statement& row) {
  HealthSample s;
  s.time_us = row.column_time(0);
  s.packet_time_us = row.column_time(1);
  s.packets = row.column_count(2);
  s.bytes = row.column_count(3);
  s.drops = row.column_count(4);
  s.tcp_gaps = row.column_count(5);
  s.tcp_gap_bytes = row.column_count(6);
  s.out_of_order = row.column_count(7);
  s.flows_evicted = row.column_count(8);
  s.malformed = row.column_count(9);
  s.limit_drops = row.column_count(10);
  return s;
}

std::int64_t query_time(sqlite3* c, const char* sql) {
  Statement q(c, sql);
  q.start();
  return q.next() ? q.column_time(0) : 0;
}

// Most first, then by key.
void sort_counts(std::vector<DashboardCount>& v) {
  std::sort(v.begin(), v.end(), [](const DashboardCount& a, const DashboardCount& b) {
    return a.value != b.value ? a.value > b.value : a.key < b.key;
  });
}

DashboardAsset asset_row(const Statement& row) {
  DashboardAsset a;
  a.id = row.column_int(0);
  a.mac = row.column_text(1);
  a.role = row.column_text(2);
  a.vendor = row.column_text(3);
  a.first_seen_us = row.column_time(4);
  a.bytes_sent = row.column_count(5);
  a.bytes_received = row.column_count(6);
  return a;
}

// The asset's lowest address, compared as addresses ("10.0.0.9" before "10.0.0.10").
void fill_ip(Statement& ips, DashboardAsset& a) {
  ips.start().bind_int(1, a.id);
  bool have = false;
  IpAddress best;
  while (ips.next()) {
    const IpAddress ip = parse_ip(ips.column_text(0));
    if (!have || ip < best) best = ip;
    have = true;
  }
  a.ip = have ? best.to_string() : std::string();
}

DashboardRun run_row(sqlite3* c, const Database& db, const Statement& row) {
  DashboardRun r;
  r.id = row.column_int(0);
  r.source = row.column_text(1);
  r.status = row.column_text(2);
  r.started_us = row.column_time(3);
  r.alive = r.status == "running" && db.run_alive(r.id);
  Statement count(c, kRunSampleCount);
  count.start().bind_int(1, r.id);
  if (count.next()) r.samples_stored = count.column_count(0);
  Statement last(c, kLastSample);
  last.start().bind_int(1, r.id);
  if (last.next()) r.last = sample_row(last);
  return r;
}

}  // namespace

std::vector<const char*> dashboard_queries() {
  return {kNewestAsset,    kNewestRun, kFirstAlert,     kLastAlert,    kAlertBuckets,
          kOpenByRule,     kByRole,    kByVendor,       kProtocols,    kTopTalkers,
          kNewAssetsCount, kNewAssets, kAssetIps,       kChangesCount, kChanges,
          kRuns,           kLiveRuns,  kRunSampleCount, kLastSample,   kSamples};
}

Dashboard read_dashboard(const Database& db) {
  Dashboard d;
  try {
    Connection& connection = db.connection();
    sqlite3* c = connection.get();
    ReadTransaction snapshot(connection);

    d.newest_us = std::max(query_time(c, kNewestAsset), query_time(c, kNewestRun));

    // Alerts by severity over time.
    const std::int64_t first_alert = query_time(c, kFirstAlert);
    const std::int64_t last_alert = query_time(c, kLastAlert);
    if (first_alert > 0) {
      const std::int64_t end = std::max(last_alert, d.newest_us);
      // An hour while the alerts span up to two days (as the hourly view of one shift), else
      // the smallest bucket that holds the span.
      const std::int64_t span = end - first_alert;
      d.bucket_us =
          span <= 2 * Dashboard::kDayUs ? Dashboard::kHourUs
          : span < static_cast<std::int64_t>(Dashboard::kMaxBuckets - 1) * Dashboard::kDayUs
              ? Dashboard::kDayUs
          : span < static_cast<std::int64_t>(Dashboard::kMaxBuckets - 1) * Dashboard::kWeekUs
              ? Dashboard::kWeekUs
              : Dashboard::kMonthUs;
      const std::int64_t last_bucket = end / d.bucket_us;
      const std::int64_t first_bucket =
          std::max(first_alert / d.bucket_us,
                   last_bucket - static_cast<std::int64_t>(Dashboard::kMaxBuckets) + 1);
      for (std::int64_t b = first_bucket; b <= last_bucket; ++b)
        d.alerts_over_time.push_back(SeverityBucket{b * d.bucket_us, {}});
      Statement q(c, kAlertBuckets);
      q.start().bind_int(1, first_bucket * d.bucket_us);
      while (q.next()) {
        const std::int64_t b = q.column_int(0) / d.bucket_us - first_bucket;
        if (b < 0 || b >= static_cast<std::int64_t>(d.alerts_over_time.size())) continue;
        ++d.alerts_over_time[static_cast<std::size_t>(b)]
              .counts[static_cast<std::size_t>(severity_index(q.column_text(1)))];
      }
    }

    auto counts = [&](const char* sql) {
      std::vector<DashboardCount> out;
      Statement q(c, sql);
      q.start();
      while (q.next()) out.push_back(DashboardCount{q.column_text(0), q.column_count(1)});
      sort_counts(out);
      return out;
    };
    d.open_alerts_by_rule = counts(kOpenByRule);
    d.assets_by_role = counts(kByRole);
    d.messages_by_protocol = counts(kProtocols);

    {
      std::map<std::pair<std::string, bool>, std::uint64_t> by_vendor;
      Statement q(c, kByVendor);
      q.start();
      while (q.next()) {
        const std::string reported = q.column_text(0);
        by_vendor[reported.empty() ? std::pair(q.column_text(1), false)
                                   : std::pair(reported, true)] += q.column_count(2);
      }
      std::vector<VendorCount> vendors;
      for (auto& [key, n] : by_vendor) vendors.push_back(VendorCount{key.first, key.second, n});
      // Known vendors first by count; the unknown ones join "other".
      std::sort(vendors.begin(), vendors.end(), [](const VendorCount& a, const VendorCount& b) {
        if (a.vendor.empty() != b.vendor.empty()) return b.vendor.empty();
        if (a.assets != b.assets) return a.assets > b.assets;
        return std::tie(a.vendor, a.from_identity) < std::tie(b.vendor, b.from_identity);
      });
      VendorCount other{std::string(kOtherVendors), false, 0};
      for (VendorCount& v : vendors) {
        if (!v.vendor.empty() && d.assets_by_vendor.size() < Dashboard::kTopVendors)
          d.assets_by_vendor.push_back(std::move(v));
        else
          other.assets += v.assets;
      }
      if (other.assets > 0) d.assets_by_vendor.push_back(std::move(other));
    }

    Statement ips(c, kAssetIps);
    {
      Statement q(c, kTopTalkers);
      q.start().bind_count(1, Dashboard::kTopTalkers);
      while (q.next()) {
        DashboardAsset a = asset_row(q);
        if (a.bytes_sent + a.bytes_received == 0) continue;
        fill_ip(ips, a);
        d.top_talkers.push_back(std::move(a));
      }
    }

    if (d.newest_us > 0) {
      const std::int64_t since = d.newest_us - Dashboard::kDayUs;
      Statement n(c, kNewAssetsCount);
      n.start().bind_int(1, since);
      if (n.next()) d.new_assets_24h = n.column_count(0);
      Statement q(c, kNewAssets);
      q.start().bind_int(1, since).bind_count(2, Dashboard::kListed);
      while (q.next()) {
        DashboardAsset a = asset_row(q);
        fill_ip(ips, a);
        d.new_assets.push_back(std::move(a));
      }
      Statement m(c, kChangesCount);
      m.start().bind_int(1, since);
      if (m.next()) d.changes_24h = m.column_count(0);
      Statement h(c, kChanges);
      h.start().bind_int(1, since).bind_count(2, Dashboard::kListed);
      while (h.next()) {
        DashboardChange ch;
        ch.id = h.column_int(0);
        ch.ip = h.column_text(1);
        ch.mac = h.column_text(2);
        ch.field = h.column_text(3);
        ch.old_value = h.column_text(4);
        ch.new_value = h.column_text(5);
        ch.changed_at_us = h.column_time(6);
        d.changes.push_back(std::move(ch));
      }
    }

    // Health: the newest run whose writer is at work, else the newest run.
    {
      Statement live(c, kLiveRuns);
      live.start();
      while (live.next() && d.run.id == 0) {
        DashboardRun r = run_row(c, db, live);
        if (r.alive) d.run = std::move(r);
      }
      Statement runs(c, kRuns);
      runs.start().bind_count(1, Dashboard::kListedRuns);
      while (runs.next()) d.runs.push_back(run_row(c, db, runs));
      if (d.run.id == 0 && !d.runs.empty()) d.run = d.runs.front();
      if (d.run.id != 0) {
        Statement q(c, kSamples);
        q.start().bind_int(1, d.run.id);
        while (q.next()) d.health.push_back(sample_row(q));
      }
    }
  } catch (const DbError& e) {
    throw DbError("cannot read database '" + db.path() + "': " + e.what());
  }
  return d;
}

void store_health_sample(Database& db, std::int64_t run_id, const HealthSample& s) {
  if (db.read_only())
    throw DbError("cannot write database '" + db.path() + "': it is open read-only");
  try {
    Connection& connection = db.connection();
    sqlite3* c = connection.get();
    Transaction transaction(connection);
    Statement insert(c, "INSERT INTO capture_health (run_id, " OTSCOPE_HEALTH_COLUMNS
                        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    insert.start()
        .bind_int(1, run_id)
        .bind_int(2, s.time_us)
        .bind_time(3, s.packet_time_us)
        .bind_count(4, s.packets)
        .bind_count(5, s.bytes)
        .bind_count(6, s.drops)
        .bind_count(7, s.tcp_gaps)
        .bind_count(8, s.tcp_gap_bytes)
        .bind_count(9, s.out_of_order)
        .bind_count(10, s.flows_evicted)
        .bind_count(11, s.malformed)
        .bind_count(12, s.limit_drops)
        .run();
    Statement count(c, kRunSampleCount);
    count.start().bind_int(1, run_id);
    const std::uint64_t stored = count.next() ? count.column_count(0) : 0;
    count.reset();
    if (stored > kMaxHealthSamples) {
      // Thin the older half: every other sample of it goes (the first stays, so the run's start
      // is kept), which leaves room for kMaxHealthSamples / 4 more before the next thinning.
      Statement older(c,
                      "SELECT id FROM capture_health WHERE run_id = ?1 ORDER BY time, id "
                      "LIMIT ?2");
      older.start().bind_int(1, run_id).bind_count(2, kMaxHealthSamples / 2 + 1);
      std::vector<std::int64_t> ids;
      while (older.next()) ids.push_back(older.column_int(0));
      older.reset();
      Statement remove(c, "DELETE FROM capture_health WHERE id = ?1");
      for (std::size_t i = 1; i < ids.size(); i += 2) remove.start().bind_int(1, ids[i]).run();
    }
    transaction.commit();
  } catch (const DbError& e) {
    throw DbError("cannot write database '" + db.path() + "': " + e.what());
  }
}

std::vector<HealthSample> health_samples(const Database& db, std::int64_t run_id) {
  std::vector<HealthSample> out;
  try {
    Statement q(db.connection().get(), kSamples);
    q.start().bind_int(1, run_id);
    while (q.next()) out.push_back(sample_row(q));
  } catch (const DbError& e) {
    throw DbError("cannot read database '" + db.path() + "': " + e.what());
  }
  return out;
}

}  // namespace otscope::db
