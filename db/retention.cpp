#include "db/retention.h"

#include <algorithm>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "db/sqlite.h"

namespace otscope {
namespace {

// A row's age is its last sighting, its first when the last is unknown; unknown rows are kept.
constexpr std::string_view kPrunableAlerts =
    "state = 'closed' AND coalesce(last_seen, first_seen) < ?1";
constexpr std::string_view kPrunableAnomalies = "coalesce(last_seen, first_seen) < ?1";
constexpr std::string_view kPrunableHealth = "time < ?1";

std::string context(const Database& db, const char* action) {
  return std::string("cannot ") + action + " database '" + db.path() + "'";
}

// Up to `limit` ids above `after`, ascending: each batch resumes where the previous one ended,
// so a prune reads each table once however many batches it takes.
std::vector<std::int64_t> next_ids(db::Connection& c, std::string_view table,
                                   std::string_view where, std::int64_t cutoff_us,
                                   std::int64_t after, std::size_t limit) {
  db::Statement select(c.get(), "SELECT id FROM " + std::string(table) + " WHERE id > ?2 AND " +
                                    std::string(where) + " ORDER BY id LIMIT ?3");
  select.start().bind_int(1, cutoff_us).bind_int(2, after).bind_count(3, limit);
  std::vector<std::int64_t> ids;
  while (select.next()) ids.push_back(select.column_int(0));
  return ids;
}

}  // namespace

std::int64_t retention_cutoff_us(std::chrono::seconds max_age) {
  return wall_clock_us() - std::chrono::duration_cast<std::chrono::microseconds>(max_age).count();
}

RetentionCounts count_prunable(const Database& db, std::int64_t cutoff_us) {
  RetentionCounts counts;
  try {
    db::Connection& c = db.connection();
    db::ReadTransaction snapshot(c);
    db::Statement query(
        c.get(), "SELECT (SELECT count(*) FROM alerts WHERE " + std::string(kPrunableAlerts) +
                     "), (SELECT count(*) FROM alert_evidence WHERE alert_id IN (SELECT id FROM "
                     "alerts WHERE " +
                     std::string(kPrunableAlerts) + ")), (SELECT count(*) FROM anomalies WHERE " +
                     std::string(kPrunableAnomalies) +
                     "), (SELECT count(*) FROM capture_health WHERE " +
                     std::string(kPrunableHealth) + ")");
    query.start().bind_int(1, cutoff_us);
    if (query.next()) {
      counts.alerts = query.column_count(0);
      counts.evidence = query.column_count(1);
      counts.anomalies = query.column_count(2);
      counts.health_samples = query.column_count(3);
    }
  } catch (const DbError& e) {
    throw DbError(context(db, "read") + ": " + e.what());
  }
  return counts;
}

RetentionCounts prune(Database& db, std::int64_t cutoff_us, const RetentionOptions& options) {
  if (db.read_only()) throw DbError(context(db, "prune") + ": it is open read-only");
  RetentionCounts counts;
  const std::size_t batch = std::max<std::size_t>(1, options.batch_rows);
  // An alert takes its evidence with it (at most 10 rows), so fewer alerts per batch.
  const std::size_t alert_batch = std::max<std::size_t>(1, batch / 11);
  db::Connection& c = db.connection();
  std::int64_t last_alert = 0, last_anomaly = 0, last_sample = 0;
  bool alerts_done = false, anomalies_done = false, health_done = false;
  // One batch of a table whose rows go by themselves (nothing else to count): deleted, counted,
  // the cursor moved past them, `done` once a batch comes back short.
  const auto prune_rows = [&](std::string_view table, std::string_view where, std::int64_t& last,
                              bool& done, std::uint64_t& pruned) {
    const auto ids = next_ids(c, table, where, cutoff_us, last, batch);
    db::Statement remove(c.get(), "DELETE FROM " + std::string(table) + " WHERE id = ?1");
    for (std::int64_t id : ids) {
      remove.start().bind_int(1, id).run();
      ++pruned;
    }
    if (ids.size() < batch) done = true;
    if (!ids.empty()) last = ids.back();
  };
  try {
    while (!alerts_done || !anomalies_done || !health_done) {
      if (options.max_batches > 0 && counts.transactions >= options.max_batches) {
        counts.complete = false;
        break;
      }
      if (counts.transactions > 0 && options.pause.count() > 0)
        std::this_thread::sleep_for(options.pause);
      // Selected inside the write transaction: what another writer changed since (an alert
      // reopened, an anomaly seen again) is judged as it is now.
      db::Transaction transaction(c);
      if (!alerts_done) {
        const auto ids = next_ids(c, "alerts", kPrunableAlerts, cutoff_us, last_alert, alert_batch);
        db::Statement evidence(c.get(), "SELECT count(*) FROM alert_evidence WHERE alert_id = ?1");
        db::Statement remove(c.get(), "DELETE FROM alerts WHERE id = ?1");
        for (std::int64_t id : ids) {
          evidence.start().bind_int(1, id);
          if (evidence.next()) counts.evidence += evidence.column_count(0);
          remove.start().bind_int(1, id).run();  // its evidence by ON DELETE CASCADE
          ++counts.alerts;
        }
        if (ids.size() < alert_batch) alerts_done = true;
        if (!ids.empty()) last_alert = ids.back();
      } else if (!anomalies_done) {
        prune_rows("anomalies", kPrunableAnomalies, last_anomaly, anomalies_done, counts.anomalies);
      } else {
        prune_rows("capture_health", kPrunableHealth, last_sample, health_done,
                   counts.health_samples);
      }
      transaction.commit();
      ++counts.transactions;
    }
  } catch (const DbError& e) {
    throw DbError(context(db, "prune") + ": " + e.what() + " (" + std::to_string(counts.alerts) +
                  " alerts and " + std::to_string(counts.anomalies) +
                  " anomalies were pruned before)");
  }
  return counts;
}

}  // namespace otscope
