// The one-writer guarantee: an exclusive flock(2) on "<database>-lock", held for the lifetime of
// a writing Database. SQLite alone would let two processes interleave their merge transactions
// into one file; this makes the second `otscope analyze` wait, then fail clearly.
//
// The lock lives on a side file rather than on the database itself because closing any
// descriptor of the database file would drop the POSIX locks SQLite holds on it in this process.
#pragma once

#include <chrono>
#include <string>

namespace otscope::db {

class WriterLock {
 public:
  WriterLock() = default;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  /// Releases the lock and removes the side file.
  ~WriterLock();

  /// Takes the lock for `database_path` (symlinks resolved), retrying until `timeout`; throws
  /// DbError when another writer still holds it or the side file cannot be created.
  void acquire(const std::string& database_path, std::chrono::milliseconds timeout);

  static std::string lock_path(const std::string& database_path) { return database_path + "-lock"; }

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace otscope::db
