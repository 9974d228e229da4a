// The dashboard's series (model/dashboard.h) read from one database, and the capture health
// samples a run stores while it reads: all of their SQL. Every query searches an index or reads
// a small table (capture runs, protocol statistics) or the assets, whose number the engine caps;
// tests/db/dashboard_test.cpp checks the plans.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "db/database.h"
#include "model/dashboard.h"

namespace otscope::db {

/// At most this many health samples are kept per run: past it the older half is thinned (every
/// other sample dropped; samples are cumulative, so the totals stay exact and the rates become
/// averages over longer spans). A month-long live run flushing every 2 s stays this small.
inline constexpr std::size_t kMaxHealthSamples = 2000;

/// Everything the dashboard shows, in one read snapshot. Throws DbError.
Dashboard read_dashboard(const Database& db);

/// Stores one health sample of run `run_id` (one short transaction) and thins the run's samples
/// past kMaxHealthSamples. Throws DbError (read-only handle, unknown run, I/O).
void store_health_sample(Database& db, std::int64_t run_id, const HealthSample& sample);

/// A run's samples, oldest first.
std::vector<HealthSample> health_samples(const Database& db, std::int64_t run_id);

/// The SQL text of every query read_dashboard() runs (for the query-plan test).
std::vector<const char*> dashboard_queries();

}  // namespace otscope::db
