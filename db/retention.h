// Retention: pruning what a long-running sensor accumulates without bound, in small transactions.
//
// What is pruned, for rows whose last sighting (last_seen; first_seen when that is unknown) is
// older than the cutoff:
//   - closed alerts, with their evidence (alert_evidence rows go with their alert);
//   - anomalies (aggregated per protocol, kind, source and destination: a row not seen for the
//     retention period; a later occurrence starts a new row);
//   - capture health samples (capture_health) taken before the cutoff: a run's row stays, its
//     figures over time go with their age, as for a run that ended long ago.
// What is never pruned: open and acknowledged alerts and their evidence (nobody has dealt with
// them yet: an unhandled alert never disappears by itself, however old), assets and everything
// the inventory is made of (addresses, names, identities, change history, auditor fields), links,
// operations, the baseline, advisories, and the capture runs (one row per capture or sensor
// start: the record of when the network was watched). Rows whose times are unknown are kept.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "db/database.h"

namespace otscope {

struct RetentionOptions {
  /// Rows deleted per transaction (alerts count with their evidence, at most 10 rows each): each
  /// transaction holds the write lock for milliseconds, so a sensor's merge, `otscope alerts ack`
  /// or a console waits at most that long.
  std::size_t batch_rows = 500;
  /// Stop after this many transactions (0: until everything prunable is gone); a live capture
  /// prunes a bounded amount per flush and continues at the next one.
  std::size_t max_batches = 0;
  /// Pause between two transactions, so that another writer waiting for the lock gets it.
  std::chrono::milliseconds pause{2};
};

/// What was (or would be) pruned.
struct RetentionCounts {
  std::uint64_t alerts = 0;
  std::uint64_t evidence = 0;  // alert_evidence rows of those alerts
  std::uint64_t anomalies = 0;
  std::uint64_t health_samples = 0;  // capture_health rows
  /// Transactions committed.
  std::uint64_t transactions = 0;
  /// Everything older than the cutoff is gone (false when max_batches stopped early).
  bool complete = true;
  std::uint64_t rows() const { return alerts + evidence + anomalies + health_samples; }
};

/// Counts what prune() would delete for this cutoff (µs since the epoch), without changing
/// anything. Works on a read-only handle.
RetentionCounts count_prunable(const Database& db, std::int64_t cutoff_us);

/// Deletes closed alerts (with their evidence) and anomalies last seen before `cutoff_us`, and
/// capture health samples taken before it, in
/// transactions of at most `options.batch_rows` rows each. Throws DbError (what earlier
/// transactions deleted stays deleted).
RetentionCounts prune(Database& db, std::int64_t cutoff_us, const RetentionOptions& options = {});

/// The cutoff for "older than `max_age`" now: the current UTC time minus max_age, in µs.
std::int64_t retention_cutoff_us(std::chrono::seconds max_age);

}  // namespace otscope
