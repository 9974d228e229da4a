// Thin RAII wrappers over the SQLite C API used inside db/ only: a connection, a prepared
// statement with bound parameters, and a transaction that rolls back unless committed.
// Nothing here builds SQL from data; values always travel as bound parameters.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"

namespace otscope::db {

/// Throws DbError "<context>: <sqlite message>".
[[noreturn]] void throw_sqlite(sqlite3* db, const std::string& context);

/// While one is alive, the SQL text of every statement the db layer prepares (Statement, and so
/// query_int, query_text and fold_aggregates) or runs (Connection::exec), each distinct text once,
/// from any thread and any connection of the process. tests/db/query_plan_test.cpp installs one,
/// calls every reader and checks each recorded text's EXPLAIN QUERY PLAN. At most one at a time.
class SqlRecorder {
 public:
  SqlRecorder();
  SqlRecorder(const SqlRecorder&) = delete;
  SqlRecorder& operator=(const SqlRecorder&) = delete;
  ~SqlRecorder();

  std::set<std::string> texts() const;
  /// Called by Statement and Connection::exec; a no-op costing one atomic load when none is
  /// installed.
  static void record(std::string_view sql);

 private:
  mutable std::mutex mutex_;
  std::set<std::string> texts_;
};

/// Owns one sqlite3 handle.
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  /// Opens `path` with sqlite3_open_v2 flags; throws DbError "cannot open database '...': ...".
  void open(const std::string& path, int flags);
  sqlite3* get() const { return db_; }

  /// Runs fixed SQL text (schema scripts, BEGIN/COMMIT). Never pass data in `sql`.
  void exec(const char* sql, const std::string& context);
  /// First column of the first row of a fixed query, as an integer.
  std::int64_t query_int(const char* sql, const std::string& context);
  /// First column of the first row of a fixed query, as text ("" when no row).
  std::string query_text(const char* sql, const std::string& context);
  bool in_transaction() const { return db_ && sqlite3_get_autocommit(db_) == 0; }

 private:
  sqlite3* db_ = nullptr;
};

/// One prepared statement, reused: start() resets it and clears its bindings, bind_*() set the
/// 1-based parameters, next()/run() step it.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& start();
  Statement& bind_int(int index, std::int64_t value);
  /// Unsigned counters are stored as SQLite's signed 64-bit integers.
  Statement& bind_count(int index, std::uint64_t value);
  Statement& bind_text(int index, std::string_view text);
  Statement& bind_double(int index, double value);
  Statement& bind_null(int index);
  /// NULL when the text is empty.
  Statement& bind_text_or_null(int index, std::string_view text);
  /// NULL when the time is 0 (unknown), else microseconds since the epoch.
  Statement& bind_time(int index, std::int64_t us);
  Statement& bind_blob(int index, std::span<const std::uint8_t> bytes);

  /// Steps once: true when a row is available. Throws DbError on failure.
  bool next();
  /// Steps a statement that returns no rows, then resets it.
  void run();
  void reset();

  /// Columns in the result.
  int columns() const;
  bool is_null(int column) const;
  std::int64_t column_int(int column) const;
  double column_double(int column) const;
  std::uint64_t column_count(int column) const;
  /// 0 when NULL.
  std::int64_t column_time(int column) const;
  /// "" when NULL.
  std::string column_text(int column) const;
  /// Empty when NULL.
  std::vector<std::uint8_t> column_blob(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN (deferred) on construction, rolled back on destruction: the reads in between see one
/// snapshot of the file, even while other processes commit.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& connection);
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  ~ReadTransaction();

 private:
  Connection& connection_;
};

/// The one row of aggregates `sql` returns (counts, maxima, sums: integers or NULL) folded into
/// `seed` (FNV-1a), for fingerprints that tell a polling reader whether a table changed.
std::uint64_t fold_aggregates(sqlite3* db, const char* sql,
                              std::uint64_t seed = 0xcbf29ce484222325ULL);

/// BEGIN IMMEDIATE on construction (takes the write lock at once, waiting up to busy_timeout);
/// rolls back on destruction unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();
  /// Rolls back now if SQLite has not already done so; never throws.
  void rollback() noexcept;

 private:
  Connection& connection_;
  bool done_ = false;
};

}  // namespace otscope::db
