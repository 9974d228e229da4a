#include "db/sqlite.h"

#include <atomic>
#include <limits>

namespace otscope::db {

namespace {
std::atomic<SqlRecorder*> g_recorder{nullptr};
}  // namespace

SqlRecorder::SqlRecorder() {
  SqlRecorder* expected = nullptr;
  if (!g_recorder.compare_exchange_strong(expected, this))
    throw DbError("an SQL recorder is already installed");
}

SqlRecorder::~SqlRecorder() {
  g_recorder.store(nullptr);
}

std::set<std::string> SqlRecorder::texts() const {
  std::lock_guard lock(mutex_);
  return texts_;
}

void SqlRecorder::record(std::string_view sql) {
  SqlRecorder* recorder = g_recorder.load(std::memory_order_acquire);
  if (recorder == nullptr) return;
  std::lock_guard lock(recorder->mutex_);
  recorder->texts_.emplace(sql);
}

void throw_sqlite(sqlite3* db, const std::string& context) {
  std::string message = db ? sqlite3_errmsg(db) : "out of memory";
  throw DbError(context + ": " + message);
}

Connection::~Connection() {
  // sqlite3_close_v2 defers the close until every statement is finalised, so the order in which
  // owners are destroyed cannot leak the handle.
  if (db_) sqlite3_close_v2(db_);
}

void Connection::open(const std::string& path, int flags) {
  sqlite3* handle = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    if (handle) sqlite3_close_v2(handle);
    throw DbError("cannot open database '" + path + "': " + message);
  }
  db_ = handle;
  sqlite3_extended_result_codes(db_, 1);
}

void Connection::exec(const char* sql, const std::string& context) {
  SqlRecorder::record(sql);
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) throw_sqlite(db_, context);
}

std::int64_t Connection::query_int(const char* sql, const std::string& context) {
  Statement statement(db_, sql);
  try {
    return statement.next() ? statement.column_int(0) : 0;
  } catch (const DbError& e) {
    throw DbError(context + ": " + e.what());
  }
}

std::string Connection::query_text(const char* sql, const std::string& context) {
  Statement statement(db_, sql);
  try {
    return statement.next() ? statement.column_text(0) : std::string();
  } catch (const DbError& e) {
    throw DbError(context + ": " + e.what());
  }
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw DbError("SQL statement too long");
  }
  SqlRecorder::record(sql);
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt_, nullptr) != SQLITE_OK) {
    throw_sqlite(db_, "cannot prepare statement");
  }
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::start() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  return *this;
}

Statement& Statement::bind_int(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) throw_sqlite(db_, "cannot bind value");
  return *this;
}

Statement& Statement::bind_double(int index, double value) {
  if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) throw_sqlite(db_, "cannot bind value");
  return *this;
}

Statement& Statement::bind_count(int index, std::uint64_t value) {
  // Counters never come near 2^63; clamp rather than wrap if one ever did.
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  return bind_int(index, static_cast<std::int64_t>(value > kMax ? kMax : value));
}

Statement& Statement::bind_text(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so the caller's string may go away before step().
  if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8) !=
      SQLITE_OK) {
    throw_sqlite(db_, "cannot bind text");
  }
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) throw_sqlite(db_, "cannot bind NULL");
  return *this;
}

Statement& Statement::bind_text_or_null(int index, std::string_view text) {
  return text.empty() ? bind_null(index) : bind_text(index, text);
}

Statement& Statement::bind_time(int index, std::int64_t us) {
  return us == 0 ? bind_null(index) : bind_int(index, us);
}

bool Statement::next() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // Read the message before reset() so it describes this failure.
  std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw DbError(message);
}

void Statement::run() {
  while (next()) {
  }
  sqlite3_reset(stmt_);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
}

ReadTransaction::ReadTransaction(Connection& connection) : connection_(connection) {
  connection_.exec("BEGIN", "cannot start a read transaction");
}

ReadTransaction::~ReadTransaction() {
  if (connection_.in_transaction())
    sqlite3_exec(connection_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

std::uint64_t fold_aggregates(sqlite3* db, const char* sql, std::uint64_t seed) {
  Statement row(db, sql);
  if (!row.next()) return seed;
  for (int c = 0; c < row.columns(); ++c)
    seed = (seed ^ static_cast<std::uint64_t>(row.is_null(c) ? 0 : row.column_int(c))) *
           0x100000001b3ULL;
  return seed;
}

int Statement::columns() const {
  return sqlite3_column_count(stmt_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

double Statement::column_double(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::int64_t Statement::column_int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::uint64_t Statement::column_count(int column) const {
  std::int64_t v = sqlite3_column_int64(stmt_, column);
  return v < 0 ? 0 : static_cast<std::uint64_t>(v);
}

std::int64_t Statement::column_time(int column) const {
  return is_null(column) ? 0 : sqlite3_column_int64(stmt_, column);
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
  if (sqlite3_bind_blob64(stmt_, index, bytes.empty() ? "" : static_cast<const void*>(bytes.data()),
                          bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK) {
    throw_sqlite(db_, "cannot bind a blob");
  }
  return *this;
}

std::vector<std::uint8_t> Statement::column_blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr || size <= 0) return {};
  return std::vector<std::uint8_t>(data, data + size);
}

std::string Statement::column_text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (!text) return {};
  // The byte count keeps embedded NULs: what was bound comes back verbatim.
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
  connection_.exec("BEGIN IMMEDIATE", "cannot start a write transaction");
}

Transaction::~Transaction() {
  if (!done_) rollback();
}

void Transaction::commit() {
  connection_.exec("COMMIT", "cannot commit");
  done_ = true;
}

void Transaction::rollback() noexcept {
  done_ = true;
  // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) make SQLite roll back by itself; a second
  // ROLLBACK would only fail.
  if (connection_.in_transaction()) {
    sqlite3_exec(connection_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

}  // namespace otscope::db
