// Liveness of capture runs across processes. While a run is `running`, the Database handle that
// began it holds an open-file-description lock (fcntl F_OFD_SETLK, F_WRLCK) on byte `run_id` of
// the side file "<database>-lock". The kernel drops the lock when the handle closes the file or
// its process dies, however it dies, so "the byte is locked" means "a live writer owns this run".
// A writable open turns `running` rows whose byte nobody holds into `interrupted`, and readers
// (a console) ask run_alive() to tell a live sensor run from a stale one.
//
// Why these choices:
// - OFD locks, not POSIX (F_SETLK) locks: POSIX locks belong to the process, so two handles in
//   one process could not see each other's runs and closing any descriptor of the file would
//   drop them all. OFD locks belong to the open file description each handle opens for itself.
// - A side file, not the database: SQLite holds POSIX locks on the database file itself.
// - The side file stays on disk. Removing it would let a live holder and a newcomer lock two
//   different inodes under the same name.
// - Only runs are locked, never the database: writers are serialised by SQLite's write
//   transactions (BEGIN IMMEDIATE + busy_timeout), each short.
#pragma once

#include <cstdint>
#include <set>
#include <string>

namespace otscope::db {

class RunLocks {
 public:
  RunLocks() = default;
  RunLocks(const RunLocks&) = delete;
  RunLocks& operator=(const RunLocks&) = delete;
  /// Closes the side file, which releases every run byte this handle holds.
  ~RunLocks();

  /// The side file of `database_path` (symlinks resolved, so two spellings of one database
  /// share it).
  static std::string lock_path(const std::string& database_path);

  /// Opens (creating when needed) the side file for a writing handle. A file created here gets
  /// the permission bits of the database file, so whoever may write the database may also hold
  /// runs in it. Throws DbError when it cannot be opened for writing.
  void open_for_writing(const std::string& database_path);
  /// Remembers the side file of a read-only handle; it is opened read-only on first use.
  void open_for_reading(const std::string& database_path);

  /// Takes run `run_id`'s byte (at once, never waiting). Throws DbError when the byte is held by
  /// another handle or the lock cannot be taken.
  void hold(std::int64_t run_id);
  /// Gives the byte back; nothing when not held here. Never throws.
  void release(std::int64_t run_id) noexcept;
  bool held_here(std::int64_t run_id) const { return held_.count(run_id) != 0; }

  /// True when some handle, in any process, holds run `run_id`'s byte (this one included).
  /// False when the side file does not exist (no writer ever held a run there). Throws DbError
  /// when the side file exists but cannot be opened or queried.
  bool alive(std::int64_t run_id);

 private:
  std::string database_;  // as given, for messages
  std::string path_;
  int fd_ = -1;
  std::set<std::int64_t> held_;
};

}  // namespace otscope::db
