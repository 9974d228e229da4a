#include "db/database.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <limits>
#include <thread>
#include <utility>

#include "db/database_impl.h"
#include "model/advisory/findings.h"

namespace otscope {

namespace {
/// A Database is used by one thread at a time (each reader of the console, the writer of a run
/// own theirs), so its connection needs none of SQLite's mutexes (SQLITE_OPEN_NOMUTEX), and
/// nothing here reads SQLite's memory statistics. bench: the mutexes were 8.6 % of the
/// instructions of a first merge of the bench capture's inventory.
int open_flags(int flags) {
  static const bool configured = [] {
    // Only before SQLite initialises itself; refused (and harmless) afterwards.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  return flags | SQLITE_OPEN_NOMUTEX;
}
}  // namespace
namespace {

// What the first page of a file says about it.
struct FileHeader {
  std::int64_t application_id = 0;
  std::int64_t user_version = 0;
  std::int64_t schema_objects = 0;
  bool is_empty_sqlite() const {
    return application_id == 0 && user_version == 0 && schema_objects == 0;
  }
};

FileHeader read_header(db::Connection& connection, const std::string& path) {
  const std::string context = "cannot read database '" + path + "'";
  // One read transaction, so the three values come from one snapshot even while another
  // process creates or upgrades the file.
  db::ReadTransaction snapshot(
      connection);  // outside the try: the catch reads the error code first
  try {
    FileHeader header;
    header.application_id = connection.query_int("PRAGMA application_id", context);
    header.user_version = connection.query_int("PRAGMA user_version", context);
    header.schema_objects = connection.query_int("SELECT count(*) FROM sqlite_schema", context);
    return header;
  } catch (const DbError&) {
    if ((sqlite3_errcode(connection.get()) & 0xff) == SQLITE_NOTADB) {
      throw DbError("'" + path + "' is not an otscope database (" +
                    sqlite3_errmsg(connection.get()) + ")");
    }
    throw;
  }
}

void validate_migrations(std::span<const Migration> migrations) {
  if (migrations.empty()) throw DbError("invalid schema migration list: it is empty");
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      throw DbError("invalid schema migration list: step " + std::to_string(i + 1) +
                    " has version " + std::to_string(migrations[i].version));
    }
  }
}

void check_version(const FileHeader& header, const std::string& path, int current) {
  if (header.application_id != kOtscopeApplicationId) {
    throw DbError("'" + path + "' is not an otscope database");
  }
  if (header.user_version > current) {
    throw DbError("database '" + path + "' has schema version " +
                  std::to_string(header.user_version) + ", newer than this otscope (" +
                  std::to_string(current) + ")");
  }
}

int busy_timeout_ms(std::chrono::milliseconds timeout) {
  auto ms = std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 0,
                                                       std::numeric_limits<int>::max());
  return static_cast<int>(ms);
}

// Switching a file to WAL needs it to itself for a moment and SQLite answers SQLITE_BUSY at once
// rather than through the busy handler, so another process creating the same file at the same
// time is waited for here, up to busy_timeout.
std::string enable_wal(db::Connection& connection, const std::string& context,
                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    try {
      return connection.query_text("PRAGMA journal_mode = WAL", context);
    } catch (const DbError&) {
      if ((sqlite3_errcode(connection.get()) & 0xff) != SQLITE_BUSY ||
          std::chrono::steady_clock::now() >= deadline)
        throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void set_size_limit(db::Connection& connection, const std::string& path, std::uint64_t bytes) {
  const std::string context = "cannot limit the size of database '" + path + "'";
  auto page_size = static_cast<std::uint64_t>(connection.query_int("PRAGMA page_size", context));
  std::uint64_t pages = std::max<std::uint64_t>(1, bytes / std::max<std::uint64_t>(1, page_size));
  // SQLite raises a limit below the current size to the current size by itself.
  connection.query_int(("PRAGMA max_page_count = " + std::to_string(pages)).c_str(), context);
}

}  // namespace

std::string_view run_status_name(RunStatus s) {
  switch (s) {
    case RunStatus::Running:
      return "running";
    case RunStatus::Complete:
      return "complete";
    case RunStatus::Interrupted:
      return "interrupted";
  }
  return "running";
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Database::Impl& Database::impl() const {
  if (!impl_) throw DbError("use of a closed (moved-from) database handle");
  return *impl_;
}

Database Database::open(const std::string& path, const DbOptions& options) {
  validate_migrations(options.migrations);
  const int current = options.migrations.back().version;
  auto open_new_or_existing = [&]() -> Database {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->connection.open(path, open_flags(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    sqlite3_busy_timeout(impl->connection.get(), busy_timeout_ms(options.busy_timeout));

    // Refuse a foreign file before changing anything in it (even its journal mode) or beside it.
    FileHeader header = read_header(impl->connection, path);
    if (!header.is_empty_sqlite()) check_version(header, path, current);
    impl->run_locks.open_for_writing(path);

    const std::string context = "cannot configure database '" + path + "'";
    if (enable_wal(impl->connection, context, options.busy_timeout) != "wal") {
      throw DbError(context + ": WAL journal mode is not available for this file");
    }
    impl->connection.exec("PRAGMA synchronous = NORMAL", context);
    impl->connection.exec("PRAGMA foreign_keys = ON", context);
    if (options.max_size_bytes > 0) set_size_limit(impl->connection, path, options.max_size_bytes);

    impl->schema_version = impl->migrate(static_cast<int>(header.user_version), options.migrations);
    impl->mark_dead_runs_interrupted();
    return Database(std::move(impl));
  };
  // A file this open creates and cannot finish (a full disk or a file size limit while the
  // schema is written) is removed again with the side files it created; files that existed are
  // kept. The file is created here, exclusively (with SQLite's permission bits), so that a file
  // another process created at the same moment is never taken for ours.
  bool created = false;
  if (int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644); fd >= 0) {
    created = true;
    ::close(fd);
  }
  const std::array<std::string, 4> side_files{path + "-wal", path + "-shm", path + "-journal",
                                              path + "-lock"};
  std::array<bool, 4> side_existed{};
  for (std::size_t i = 0; i < side_files.size(); ++i) {
    std::error_code ec;
    side_existed[i] = std::filesystem::exists(side_files[i], ec) || ec;
  }
  try {
    return open_new_or_existing();
  } catch (...) {
    if (created) {
      std::error_code ec;
      for (std::size_t i = 0; i < side_files.size(); ++i)
        if (!side_existed[i]) std::filesystem::remove(side_files[i], ec);
      std::filesystem::remove(path, ec);
    }
    throw;
  }
}

Database Database::open_readonly(const std::string& path, const DbOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw DbError("cannot open database '" + path + "': no such file");
  }
  validate_migrations(options.migrations);
  const int current = options.migrations.back().version;
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->read_only = true;
  impl->connection.open(path, open_flags(SQLITE_OPEN_READONLY));
  sqlite3_busy_timeout(impl->connection.get(), busy_timeout_ms(options.busy_timeout));
  impl->run_locks.open_for_reading(path);

  FileHeader header = read_header(impl->connection, path);
  check_version(header, path, current);
  if (header.user_version < current) {
    throw DbError("database '" + path + "' has schema version " +
                  std::to_string(header.user_version) + ", older than this otscope (" +
                  std::to_string(current) + "); open it for writing once to upgrade it");
  }
  impl->schema_version = static_cast<int>(header.user_version);
  return Database(std::move(impl));
}

const std::string& Database::path() const {
  return impl().path;
}
bool Database::read_only() const {
  return impl().read_only;
}
int Database::schema_version() const {
  return impl().schema_version;
}

// Applies every step above `from`, each in one transaction together with the user_version it
// leads to, so a failed or interrupted upgrade leaves the file at the previous version. The
// version is read again inside each step's write transaction: another process opening the same
// old file at the same time may have applied the step since `from` was read.
int Database::Impl::migrate(int from, std::span<const Migration> migrations) {
  int version = from;
  for (const Migration& step : migrations) {
    if (step.version <= version) continue;
    try {
      db::Transaction transaction(connection);
      const auto now =
          static_cast<int>(connection.query_int("PRAGMA user_version", "cannot read user_version"));
      if (now >= step.version) {
        transaction.commit();
        version = now;
        continue;
      }
      if (now == 0) {
        // Pragma values cannot be bound; these are integers of ours, never data.
        connection.exec(
            ("PRAGMA application_id = " + std::to_string(kOtscopeApplicationId)).c_str(),
            "cannot set application_id");
      }
      connection.exec(std::string(step.sql).c_str(), "cannot apply schema step");
      connection.exec(("PRAGMA user_version = " + std::to_string(step.version)).c_str(),
                      "cannot set user_version");
      transaction.commit();
    } catch (const DbError& e) {
      throw DbError("cannot upgrade database '" + path + "' to schema version " +
                    std::to_string(step.version) + " (" + std::string(step.description) +
                    "): " + e.what());
    }
    version = step.version;
  }
  return version;
}

void Database::Impl::require_writable(const std::string& action) const {
  if (read_only) throw DbError(context(action) + ": it is open read-only");
}

// A run is 'running' in the table exactly while its writer holds its byte of the lock file:
// begin_run() takes the byte before its row commits and finish_run() releases it only after the
// new status commits. So a 'running' row whose byte nobody holds lost its writer.
void Database::Impl::mark_dead_runs_interrupted() {
  const std::string error_context = "cannot open database '" + path + "'";
  try {
    auto dead_runs = [this] {
      std::vector<std::int64_t> dead;
      db::Statement running(connection.get(),
                            "SELECT id FROM capture_runs WHERE status = 'running' ORDER BY id");
      while (running.next()) {
        const std::int64_t id = running.column_int(0);
        if (!run_locks.alive(id)) dead.push_back(id);
      }
      return dead;
    };
    // Without a write transaction first: usually every running run is live (a sensor) and a
    // writer that opens need not wait for another's merge just to find that out.
    if (dead_runs().empty()) return;
    db::Transaction transaction(connection);
    db::Statement mark(connection.get(),
                       "UPDATE capture_runs SET status = 'interrupted' "
                       "WHERE id = ?1 AND status = 'running'");
    for (std::int64_t id : dead_runs()) mark.start().bind_int(1, id).run();
    transaction.commit();
  } catch (const DbError& e) {
    throw DbError(error_context + ": " + e.what());
  }
}

bool Database::run_alive(std::int64_t run_id) const {
  return impl().run_locks.alive(run_id);
}

std::int64_t Database::data_version() const {
  Impl& d = impl();
  return d.connection.query_int("PRAGMA data_version", d.context("read"));
}

std::int64_t Database::begin_run(const CaptureRunRecord& run) {
  Impl& d = impl();
  d.require_writable("record a capture run in");
  std::int64_t id = 0;
  try {
    // The run's byte is held before its 'running' row becomes visible, so no other writer ever
    // sees the row without a live holder.
    db::Transaction transaction(d.connection);
    db::Statement insert(d.connection.get(),
                         "INSERT INTO capture_runs (source, started, finished, first_packet, "
                         "last_packet, packets, bytes, drops, undecodable, status) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'running')");
    insert.start()
        .bind_text(1, run.source)
        .bind_time(2, run.started_us)
        .bind_time(3, run.finished_us)
        .bind_time(4, run.first_packet_us)
        .bind_time(5, run.last_packet_us)
        .bind_count(6, run.packets)
        .bind_count(7, run.bytes)
        .bind_count(8, run.drops)
        .bind_count(9, run.undecodable)
        .run();
    id = sqlite3_last_insert_rowid(d.connection.get());
    d.run_locks.hold(id);
    try {
      transaction.commit();
    } catch (const DbError&) {
      d.run_locks.release(id);
      throw;
    }
  } catch (const DbError& e) {
    throw DbError(d.context("record a capture run in") + ": " + e.what());
  }
  return id;
}

void Database::finish_run(std::int64_t run_id, const CaptureRunRecord& run, RunStatus status) {
  Impl& d = impl();
  d.require_writable("finish a capture run in");
  try {
    db::Statement update(d.connection.get(),
                         "UPDATE capture_runs SET source = ?2, started = ?3, finished = ?4, "
                         "first_packet = ?5, last_packet = ?6, packets = ?7, bytes = ?8, "
                         "drops = ?9, undecodable = ?10, status = ?11 WHERE id = ?1");
    update.start()
        .bind_int(1, run_id)
        .bind_text(2, run.source)
        .bind_time(3, run.started_us)
        .bind_time(4, run.finished_us)
        .bind_time(5, run.first_packet_us)
        .bind_time(6, run.last_packet_us)
        .bind_count(7, run.packets)
        .bind_count(8, run.bytes)
        .bind_count(9, run.drops)
        .bind_count(10, run.undecodable)
        .bind_text(11, run_status_name(status))
        .run();
  } catch (const DbError& e) {
    throw DbError(d.context("finish a capture run in") + ": " + e.what());
  }
  if (sqlite3_changes(d.connection.get()) == 0) {
    throw DbError(d.context("finish a capture run in") + ": no capture run " +
                  std::to_string(run_id));
  }
  // Only now that the final status is committed: see mark_dead_runs_interrupted().
  if (status != RunStatus::Running) d.run_locks.release(run_id);
}

MergeReport Database::Impl::merge(
    const AnalysisResult& delta,
    const std::function<std::int64_t(std::uint32_t capture)>& run_for_capture) {
  require_writable("merge into");
  MergeReport report;
  try {
    if (!merger) merger = std::make_unique<db::Merger>(connection.get());
    // One transaction for the whole delta: a crash, a kill or a full disk leaves either all of
    // it or none of it. The destructor rolls back when anything below throws. Everything the
    // merger reads to decide what to write is read inside it (other writers commit between
    // merges, never during one).
    db::Transaction transaction(connection);
    const std::int64_t identities_before =
        connection.query_int("SELECT coalesce(max(rowid), 0) FROM identities", context("read"));
    merger->start(delta.roles_inferred);
    for (const auto& [protocol, stats] : delta.protocols) merger->protocol_stats(protocol, stats);
    for (const AssetRecord& asset : delta.assets) merger->asset(asset);
    for (const LinkRecord& link : delta.links) merger->link(link);
    for (const OperationRecord& op : delta.operations) merger->operation(op);
    for (const IdentityRecord& identity : delta.identities) {
      merger->identity(identity, run_for_capture(identity.capture));
    }
    for (const AnomalyRecord& anomaly : delta.anomalies) {
      merger->anomaly(anomaly, run_for_capture(anomaly.capture));
    }
    for (const HostnameRecord& name : delta.hostnames) {
      merger->hostname(name, run_for_capture(name.capture));
    }
    for (const ChangeRecord& change : delta.changes) {
      merger->change(change, run_for_capture(change.capture));
    }
    merger->finish();
    report.history_ids = merger->inserted_history();
    {
      // New rows of the fields the advisories judge a device by.
      const auto fields = advisory::identifying_fields();
      std::string sql = "SELECT DISTINCT ip FROM identities WHERE rowid > ?1 AND field IN (";
      for (std::size_t i = 0; i < fields.size(); ++i)
        sql += (i ? ", ?" : "?") + std::to_string(i + 2);
      // "+ip": sorted after the search of the new rows by rowid (ORDER BY ip made SQLite walk the
      // whole (ip, field, value) index instead, once per merge).
      sql += ") ORDER BY +ip";
      db::Statement identified(connection.get(), sql);
      identified.start().bind_int(1, identities_before);
      for (std::size_t i = 0; i < fields.size(); ++i)
        identified.bind_text(static_cast<int>(i + 2), fields[i]);
      while (identified.next()) report.identified_ips.push_back(identified.column_text(0));
    }
    transaction.commit();
  } catch (const std::exception& e) {
    throw DbError(context("merge into") + ": " + e.what() + " (nothing of this merge was stored)");
  }
  return report;
}

MergeReport Database::merge(const AnalysisResult& delta, std::int64_t run_id) {
  return impl().merge(delta, [run_id](std::uint32_t) { return run_id; });
}

MergeReport Database::merge(const AnalysisResult& delta,
                            std::span<const std::int64_t> run_ids_by_capture) {
  Impl& d = impl();
  auto check = [&](std::uint32_t capture) {
    if (capture >= run_ids_by_capture.size()) {
      throw DbError(d.context("merge into") + ": capture " + std::to_string(capture) +
                    " has no run id (" + std::to_string(run_ids_by_capture.size()) + " given)");
    }
  };
  for (const IdentityRecord& identity : delta.identities) check(identity.capture);
  for (const AnomalyRecord& anomaly : delta.anomalies) check(anomaly.capture);
  for (const HostnameRecord& name : delta.hostnames) check(name.capture);
  for (const ChangeRecord& change : delta.changes) check(change.capture);
  return d.merge(
      delta, [run_ids_by_capture](std::uint32_t capture) { return run_ids_by_capture[capture]; });
}

DbTotals Database::totals() const {
  Impl& d = impl();
  DbTotals totals;
  try {
    db::Statement query(
        d.connection.get(),
        "SELECT (SELECT count(*) FROM capture_runs), (SELECT count(*) FROM assets), "
        "(SELECT count(*) FROM links), (SELECT count(*) FROM operations), "
        "(SELECT count(*) FROM identities), (SELECT count(*) FROM anomalies)");
    if (query.next()) {
      totals.capture_runs = query.column_count(0);
      totals.assets = query.column_count(1);
      totals.links = query.column_count(2);
      totals.operations = query.column_count(3);
      totals.identities = query.column_count(4);
      totals.anomalies = query.column_count(5);
    }
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
  return totals;
}

std::string Database::integrity_check() const {
  Impl& d = impl();
  std::string report;
  try {
    db::Statement query(d.connection.get(), "PRAGMA integrity_check");
    while (query.next()) {
      if (!report.empty()) report += '\n';
      report += query.column_text(0);
    }
  } catch (const DbError& e) {
    throw DbError(d.context("check") + ": " + e.what());
  }
  return report;
}

db::Connection& Database::connection() const {
  return impl().connection;
}

}  // namespace otscope
