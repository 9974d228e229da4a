// The otscope SQLite store: what `otscope analyze` (and a live capture) persists and what the
// listing commands read back. Re-running an analysis into the same file merges into it: counts
// add up, first/last seen widen, sets (IPs, VLANs, ranges, exception codes) grow.
//
// Safety model: WAL journal, one write transaction per merge (all of a delta or none of it), a
// process-wide writer lock so that only one otscope writes a database at a time, bound SQL
// parameters only. See db/README.md for the schema and the migration rule.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/analysis.h"
#include "engine/inventory.h"

namespace otscope {

namespace db {
class Connection;
}  // namespace db

/// Every database failure, with a one-line message naming the file, e.g.
/// "cannot open database 'x.db': unable to open database file".
class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// `PRAGMA application_id` of every otscope database ("OTSC"), so a foreign SQLite file is refused.
inline constexpr std::int32_t kOtscopeApplicationId = 0x4f545343;

/// One forward schema step. Applying it takes the file from version-1 to `version` in a single
/// transaction. Released steps are never edited; a schema change appends a new step.
struct Migration {
  int version = 0;
  std::string_view description;
  /// Fixed DDL/DML, one or more statements; never data.
  std::string_view sql;
};

/// The built-in steps v1..current, in order.
std::span<const Migration> schema_migrations();
/// The version the built-in steps lead to (the last one's).
int current_schema_version();

struct DbOptions {
  /// How long a writer waits for another writer (and any SQLite lock) before failing.
  std::chrono::milliseconds busy_timeout{5000};
  /// Upper bound on the database file size; 0 = unlimited. A merge that would exceed it fails
  /// like a full disk: rolled back, DbError thrown.
  std::uint64_t max_size_bytes = 0;
  /// The schema steps to apply; tests pass a longer list to exercise a future migration.
  std::span<const Migration> migrations = schema_migrations();
};

enum class RunStatus : std::uint8_t {
  Running,      // begin_run() was called, finish_run() not yet
  Complete,     // the capture was processed to its end
  Interrupted,  // stopped early, or its writer died (found 'running' by the next writer)
};
/// "running", "complete", "interrupted" (the text stored in capture_runs.status).
std::string_view run_status_name(RunStatus s);

// Rows read back: the row id plus the record as the engine produces it.
struct StoredCaptureRun {
  std::int64_t id = 0;
  CaptureRunRecord record;
  RunStatus status = RunStatus::Running;
};
struct StoredAsset {
  std::int64_t id = 0;
  AssetRecord record;  // ips and vlans sorted
};
struct StoredLink {
  std::int64_t id = 0;
  LinkRecord record;
};
struct StoredOperation {
  std::int64_t id = 0;
  OperationRecord record;
};
struct StoredIdentity {
  std::int64_t id = 0;
  IdentityRecord record;
  /// capture_runs.id of the run that first reported it, 0 when that run was deleted.
  std::int64_t capture_run_id = 0;
};
struct StoredAnomaly {
  std::int64_t id = 0;
  AnomalyRecord record;
  /// capture_runs.id of the run that first reported it, 0 when that run was deleted.
  std::int64_t capture_run_id = 0;
};

struct StoredHostname {
  std::int64_t id = 0;
  HostnameRecord record;
  /// capture_runs.id of the run that first reported it, 0 when unknown.
  std::int64_t capture_run_id = 0;
};
struct StoredChange {
  std::int64_t id = 0;
  ChangeRecord record;
  /// capture_runs.id of the run that saw the new value first, 0 when unknown.
  std::int64_t capture_run_id = 0;
};
/// Alerts of one rule and severity (issue 7's alerts table), for the audit report.
struct AlertSummary {
  std::string rule;
  std::string severity;
  std::uint64_t alerts = 0;  // rows
  std::uint64_t events = 0;  // sum of their counts
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
};

/// Row counts for the CLI summary.
struct DbTotals {
  std::uint64_t capture_runs = 0;
  std::uint64_t assets = 0;
  std::uint64_t links = 0;
  std::uint64_t operations = 0;
  std::uint64_t identities = 0;
  std::uint64_t anomalies = 0;
};

/// One open otscope database. Not thread-safe: use one object per thread (a reader may run in
/// another thread or process while the writer merges; WAL keeps its view consistent).
class Database {
 public:
  /// Opens or creates a database for writing and brings its schema up to date. Holds the
  /// database's writer lock until destroyed: a second writer (another `otscope analyze` on the
  /// same file) waits up to busy_timeout, then fails with DbError "... is in use by another
  /// otscope writer ...". Rows a dead writer left 'running' are marked 'interrupted'.
  /// Throws DbError when the file cannot be opened, is not an otscope database, or has a newer
  /// schema than this build.
  static Database open(const std::string& path, const DbOptions& options = {});
  /// Opens an existing database for reading only (listing commands); never creates or upgrades
  /// it. Throws DbError when the file is missing, foreign, or not at the current schema version.
  static Database open_readonly(const std::string& path, const DbOptions& options = {});

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  const std::string& path() const;
  bool read_only() const;
  /// The file's `PRAGMA user_version`.
  int schema_version() const;

  /// Records the start of processing a capture source: a 'running' row. Returns its id.
  std::int64_t begin_run(const CaptureRunRecord& run);
  /// Stores the run's final figures and status.
  void finish_run(std::int64_t run_id, const CaptureRunRecord& run, RunStatus status);

  /// Merges a delta in one transaction: counts add, first/last seen widen, ranges and exception
  /// codes are united. Identities and anomalies are attributed to `run_id`. Merging the same
  /// delta twice doubles its counts. On any failure (full disk, size limit, I/O error) nothing of
  /// the delta is stored and DbError is thrown. `delta.captures` and `delta.health` are not
  /// stored here: capture runs go through begin_run()/finish_run().
  void merge(const AnalysisResult& delta, std::int64_t run_id);
  /// As above, with identities and anomalies attributed by their `capture` index:
  /// run_ids_by_capture[record.capture] (DbError when an index has no run id).
  void merge(const AnalysisResult& delta, std::span<const std::int64_t> run_ids_by_capture);

  // Readers, in a stable order.
  /// By id.
  std::vector<StoredCaptureRun> capture_runs() const;
  /// By lowest IP (assets without an IP last), then MAC.
  std::vector<StoredAsset> assets() const;
  /// By client, server, transport, port, protocol.
  std::vector<StoredLink> links() const;
  /// By protocol, client, server, unit, function, detail.
  std::vector<StoredOperation> operations() const;
  /// By IP, field, value.
  std::vector<StoredIdentity> identities() const;
  /// By protocol, kind, source, destination.
  std::vector<StoredAnomaly> anomalies() const;
  /// Cumulative per-protocol counters, keyed by protocol_name().
  std::map<std::string, ProtocolStats> protocol_stats() const;
  DbTotals totals() const;

  /// Host names read from DHCP, DNS and NetBIOS, by IP, name, source.
  std::vector<StoredHostname> hostnames() const;
  /// Identity and IP<->MAC changes ("mac"), oldest first; only those about `ip` when given.
  /// What detection reads for firmware changes, replaced devices and taken-over addresses.
  std::vector<StoredChange> asset_history(const IpAddress* ip = nullptr) const;
  /// The asset inventory from everything stored: one entry per device with identity, names,
  /// roles and history, and the communication map. Asset ids are the assets table's.
  Inventory inventory() const;
  /// The alerts table grouped by rule and severity; empty when the file has no alerts table.
  std::vector<AlertSummary> alerts_summary() const;

  /// `PRAGMA integrity_check`: "ok", or SQLite's list of problems joined by newlines.
  std::string integrity_check() const;

  /// The open connection, for the stores kept beside the core tables in the same file (alerts
  /// and baseline: engine/detection/store.cpp), so they share this writer lock and schema.
  /// Writes through it must respect read_only() and use db::Transaction.
  db::Connection& connection() const;

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  Impl& impl() const;

  std::unique_ptr<Impl> impl_;
};

}  // namespace otscope
