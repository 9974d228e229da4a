#include "db/writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "db/database.h"

namespace otscope::db {

WriterLock::~WriterLock() {
  if (fd_ < 0) return;
  // Unlink while still holding the lock: a waiter that then locks the old inode sees that the
  // path no longer names it and retries on a fresh file (see acquire()).
  ::unlink(path_.c_str());
  ::close(fd_);
}

void WriterLock::acquire(const std::string& database_path, std::chrono::milliseconds timeout) {
  // Resolve symlinks so that two spellings of one database share one lock.
  std::error_code ec;
  std::filesystem::path resolved = std::filesystem::weakly_canonical(database_path, ec);
  path_ = lock_path(ec ? database_path : resolved.string());
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      throw DbError("cannot open database '" + database_path + "': cannot create lock file '" +
                    path_ + "': " + std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      struct stat held {};
      struct stat named {};
      if (::fstat(fd, &held) == 0 && ::stat(path_.c_str(), &named) == 0 &&
          held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
        fd_ = fd;
        return;
      }
      // The previous holder removed the file between our open() and flock(): start again.
      ::close(fd);
      continue;
    }
    int error = errno;
    ::close(fd);
    if (error != EWOULDBLOCK && error != EINTR) {
      throw DbError("cannot lock database '" + database_path + "': " + std::strerror(error));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw DbError("database '" + database_path +
                    "' is in use by another otscope writer (waited " +
                    std::to_string(timeout.count()) + " ms)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace otscope::db
