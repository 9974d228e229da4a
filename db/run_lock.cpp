#include "db/run_lock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>

#include "db/database.h"

namespace otscope::db {
namespace {

std::string resolved(const std::string& database_path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::weakly_canonical(database_path, ec);
  return ec ? database_path : p.string();
}

struct flock run_byte(short type, std::int64_t run_id) {
  struct flock fl {};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = static_cast<off_t>(run_id);
  fl.l_len = 1;
  fl.l_pid = 0;  // required by the F_OFD_* commands
  return fl;
}

bool valid_run_id(std::int64_t run_id) {
  return run_id > 0 && run_id < std::numeric_limits<off_t>::max();
}

}  // namespace

RunLocks::~RunLocks() {
  if (fd_ >= 0) ::close(fd_);
}

std::string RunLocks::lock_path(const std::string& database_path) {
  return resolved(database_path) + "-lock";
}

void RunLocks::open_for_writing(const std::string& database_path) {
  database_ = database_path;
  path_ = lock_path(database_path);
  for (int attempt = 0;; ++attempt) {
    int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) {
      // Ours: give it the database's permission bits (never more than the database allows).
      struct stat db {};
      if (::stat(resolved(database_path).c_str(), &db) == 0) ::fchmod(fd, db.st_mode & 0666);
      fd_ = fd;
      return;
    }
    if (errno == EEXIST) {
      fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
      if (fd >= 0) {
        fd_ = fd;
        return;
      }
      // Removed by someone between the two calls (an older otscope does that): try again.
      if (errno == ENOENT && attempt < 10) continue;
    }
    throw DbError("cannot open database '" + database_path + "': cannot open lock file '" + path_ +
                  "': " + std::strerror(errno));
  }
}

void RunLocks::open_for_reading(const std::string& database_path) {
  database_ = database_path;
  path_ = lock_path(database_path);
}

void RunLocks::hold(std::int64_t run_id) {
  if (fd_ < 0)
    throw DbError("cannot lock capture run " + std::to_string(run_id) + " of database '" +
                  database_ + "': the database is not open for writing");
  if (!valid_run_id(run_id)) throw DbError("invalid capture run id " + std::to_string(run_id));
  struct flock fl = run_byte(F_WRLCK, run_id);
  if (::fcntl(fd_, F_OFD_SETLK, &fl) != 0) {
    const int error = errno;
    throw DbError("cannot lock capture run " + std::to_string(run_id) + " of database '" +
                  database_ + "' in '" + path_ + "': " +
                  (error == EAGAIN || error == EACCES ? std::string("held by another writer")
                                                      : std::string(std::strerror(error))));
  }
  held_.insert(run_id);
}

void RunLocks::release(std::int64_t run_id) noexcept {
  if (held_.erase(run_id) == 0 || fd_ < 0) return;
  struct flock fl = run_byte(F_UNLCK, run_id);
  ::fcntl(fd_, F_OFD_SETLK, &fl);
}

bool RunLocks::alive(std::int64_t run_id) {
  if (!valid_run_id(run_id)) return false;
  if (held_here(run_id)) return true;
  if (fd_ < 0) {
    if (path_.empty()) return false;
    // F_OFD_GETLK only asks; a descriptor open for reading is enough.
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      if (errno == ENOENT) return false;
      throw DbError("cannot read database '" + database_ + "': cannot open lock file '" + path_ +
                    "': " + std::strerror(errno));
    }
  }
  struct flock fl = run_byte(F_WRLCK, run_id);
  if (::fcntl(fd_, F_OFD_GETLK, &fl) != 0) {
    throw DbError("cannot read database '" + database_ + "': cannot query lock file '" + path_ +
                  "': " + std::strerror(errno));
  }
  return fl.l_type != F_UNLCK;
}

}  // namespace otscope::db
