// The otscope SQLite store: what `otscope analyze` (and a live capture) persists and what the
// listing commands read back. Re-running an analysis into the same file merges into it: counts
// add up, first/last seen widen, sets (IPs, VLANs, ranges, exception codes) grow.
//
// Safety model: WAL journal, one short write transaction per merge or edit (all of it or none of
// it; SQLite's write lock serialises writers, so a sensor, `otscope alerts ack` and a desktop
// console all write the same file), a per-run liveness lock so that a run left 'running' by a dead
// writer is told from a live one, bound SQL parameters only. See db/README.md for the schema and
// the migration rule.
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

#include "model/analysis.h"
#include "model/inventory.h"

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
  /// How long a write transaction waits for another writer's transaction (and a reader for any
  /// SQLite lock) before failing with DbError.
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
  Interrupted,  // stopped early, or its writer died (found 'running' by a later writable open)
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

/// What one merge() stored beyond counters, for whoever acts on it (detection raises alerts for
/// new history rows).
struct MergeReport {
  /// The asset_history ids this merge inserted, ascending: the changes the engine noticed and
  /// those derived against what earlier runs stored. Never another writer's rows.
  std::vector<std::int64_t> history_ids;
  /// The IPs (text) that gained a value of an identifying field (vendor, model, module type,
  /// product, order number or code, firmware, hardware) not stored before: devices identified for
  /// the first time or with new firmware, the ones to judge against the advisories. Sorted.
  std::vector<std::string> identified_ips;
};

/// The inventory with the links and operations it was built from, read in one snapshot (a
/// console shows all three and reads them once).
struct InventoryContents {
  Inventory inventory;
  std::vector<StoredLink> links;
  std::vector<StoredOperation> operations;
};

/// Cheap summaries of the tables (counts, id and time maxima, sums of counters and of the
/// lengths of the JSON columns), for a reader that polls: when a group's fingerprint is
/// unchanged, so are its rows, and the reader need not read them again.
struct TableFingerprints {
  /// Everything Database::inventory_contents() reads: assets, their addresses, VLANs, names,
  /// identities, history and auditor fields, links and operations.
  std::uint64_t inventory = 0;
  std::uint64_t anomalies = 0;
  std::uint64_t capture_runs = 0;
  bool operator==(const TableFingerprints&) const = default;
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
/// another thread or process while writers merge; WAL keeps its view consistent).
class Database {
 public:
  /// Opens or creates a database for writing and brings its schema up to date (each step one
  /// transaction; two processes upgrading one file at once apply every step once). Any number of
  /// writable handles, in any processes, may be open on one file: each write is one short
  /// transaction that waits up to busy_timeout for another writer's. Runs left 'running' whose
  /// writer is gone (see run_alive()) are marked 'interrupted'; runs of live writers are not.
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

  /// Records the start of processing a capture source: a 'running' row. Returns its id. This
  /// handle holds the run's liveness lock until finish_run() or its destruction (or its
  /// process's death), so no other writer takes the run for a dead one.
  std::int64_t begin_run(const CaptureRunRecord& run);
  /// Stores the run's final figures and status, and releases the run's liveness lock.
  void finish_run(std::int64_t run_id, const CaptureRunRecord& run, RunStatus status);
  /// True while the handle that began run `run_id` (this one or another, in any process) is open
  /// and has not finished it; false once that handle finished it, for an unknown id, and for a
  /// run whose writer died or closed its handle without finishing it. Works on read-only
  /// handles, so a console can tell a live sensor run from a stale 'running' row. Throws DbError
  /// when the lock file exists but cannot be read.
  bool run_alive(std::int64_t run_id) const;

  /// Merges a delta in one transaction: counts add, first/last seen widen, ranges and exception
  /// codes are united. Identities and anomalies are attributed to `run_id`. Merging the same
  /// delta twice doubles its counts. On any failure (full disk, size limit, I/O error) nothing of
  /// the delta is stored and DbError is thrown. `delta.captures` and `delta.health` are not
  /// stored here: capture runs go through begin_run()/finish_run(). Returns what the merge
  /// inserted into the change history.
  MergeReport merge(const AnalysisResult& delta, std::int64_t run_id);
  /// As above, with identities and anomalies attributed by their `capture` index:
  /// run_ids_by_capture[record.capture] (DbError when an index has no run id).
  MergeReport merge(const AnalysisResult& delta, std::span<const std::int64_t> run_ids_by_capture);

  /// Replaces what an auditor recorded about asset `asset_id` (one transaction; every field
  /// empty deletes the record) and sets its `updated` time to now. Strings are stored exactly as
  /// given; tags are trimmed, empty ones dropped, duplicates removed, order kept. Throws DbError
  /// when the handle is read-only, there is no such asset, a string is not UTF-8, criticality is
  /// not "", "low", "medium", "high" or "critical", or purdue_level is not "", "0", "1", "2",
  /// "3", "3.5", "4" or "5".
  void set_asset_audit(std::int64_t asset_id, const AssetAudit& audit);

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
  /// roles, history and the auditor's fields, and the communication map. Asset ids are the
  /// assets table's.
  Inventory inventory() const;
  /// inventory() together with the links and operations it was built from, in one snapshot.
  InventoryContents inventory_contents() const;
  /// See TableFingerprints; one snapshot, aggregate queries only (no row is returned).
  TableFingerprints fingerprints() const;
  /// What auditors recorded, by asset id (assets without a record are absent).
  std::map<std::int64_t, AssetAudit> asset_audits() const;
  /// The alerts table grouped by rule and severity; empty when the file has no alerts table.
  std::vector<AlertSummary> alerts_summary() const;

  /// `PRAGMA integrity_check`: "ok", or SQLite's list of problems joined by newlines.
  std::string integrity_check() const;

  /// `PRAGMA data_version` of this handle's connection: changes whenever another connection
  /// (another handle or process) commits to the file, not on this handle's own commits. Cheap
  /// enough to poll, so a console reloads only when something changed.
  std::int64_t data_version() const;

  /// The open connection, for the stores kept beside the core tables in the same file (alerts
  /// and baseline: db/alert_store.cpp), so they share this handle and schema.
  /// Writes through it must respect read_only() and use db::Transaction: every read that a
  /// write depends on belongs inside that transaction, since other writers commit in between.
  db::Connection& connection() const;

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  Impl& impl() const;

  std::unique_ptr<Impl> impl_;
};

}  // namespace otscope
