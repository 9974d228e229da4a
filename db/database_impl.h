// The state behind a Database handle (internal to db/).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "db/database.h"
#include "db/merger.h"
#include "db/run_lock.h"
#include "db/sqlite.h"

namespace otscope {

namespace db {
// Table readers shared by Database's readers and the merger (which reads inside its own
// transaction); they throw DbError with SQLite's message.
std::vector<StoredAsset> read_assets(sqlite3* connection);
std::vector<StoredLink> read_links(sqlite3* connection);
std::vector<StoredOperation> read_operations(sqlite3* connection);
std::vector<StoredIdentity> read_identities(sqlite3* connection);
std::vector<StoredHostname> read_hostnames(sqlite3* connection);
std::vector<StoredChange> read_history(sqlite3* connection, const IpAddress* ip);
std::map<std::int64_t, AssetAudit> read_audits(sqlite3* connection);

// A link or operation row as link_row() and operation_row() read it: append WHERE ... to select.
#define OTSCOPE_LINK_SELECT                                                                     \
  "SELECT id, client_ip, server_ip, client_mac, server_mac, transport, server_port, protocol, " \
  "flows, packets, bytes, first_seen, last_seen FROM links "
#define OTSCOPE_OPERATION_SELECT                                                        \
  "SELECT id, protocol, client_ip, server_ip, client_mac, server_mac, unit, function, " \
  "function_name, op_class, detail, requests, responses, unsolicited, exceptions, "     \
  "exception_codes, ranges, first_seen, last_seen FROM operations "
// The columns of a change history row as history_row() reads them (a reader may add its own).
#define OTSCOPE_HISTORY_COLUMNS                                                          \
  "id, ip, mac, field, old_value, new_value, changed_at, old_last_seen, source, frame, " \
  "capture_run_id"
StoredChange history_row(const Statement& row);
/// The order of Database::asset_history(): first sighting, address, field, id.
bool history_order(const StoredChange& a, const StoredChange& b);
StoredLink link_row(const Statement& row);
StoredOperation operation_row(const Statement& row);
/// The order of Database::links() and operations() (what role inference is given).
bool link_order(const StoredLink& a, const StoredLink& b);
bool operation_order(const StoredOperation& a, const StoredOperation& b);
}  // namespace db

struct Database::Impl {
  std::string path;
  bool read_only = false;
  int schema_version = 0;
  // Declaration order is destruction order reversed: statements go first, then the connection,
  // and only then the run locks.
  db::RunLocks run_locks;
  db::Connection connection;
  std::unique_ptr<db::Merger> merger;  // prepared on the first merge

  /// "cannot merge into database 'x.db'"-style prefix for errors.
  std::string context(const std::string& action) const {
    return "cannot " + action + " database '" + path + "'";
  }
  /// Applies the steps above `from`; returns the version reached.
  int migrate(int from, std::span<const Migration> migrations);
  void require_writable(const std::string& action) const;
  /// Marks 'running' rows whose run byte nobody holds as 'interrupted'; one transaction.
  void mark_dead_runs_interrupted();
  MergeReport merge(const AnalysisResult& delta,
                    const std::function<std::int64_t(std::uint32_t capture)>& run_for_capture);
};

}  // namespace otscope
