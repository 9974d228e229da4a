// Helpers shared by the test suites: hex fixtures, locating captures, running the CLI.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace otscope::test {

/// "00 01 0a ff" or "00010aff" -> bytes. Whitespace ignored; aborts the test on bad hex.
std::vector<std::uint8_t> hex(const std::string& text);

/// ../shared/pcaps (or $OTSCOPE_SHARED_PCAPS); nullopt when absent.
std::optional<std::filesystem::path> shared_pcaps();
/// Every capture file (.pcap, .pcapng) below `dir`, in path order: all the shared captures as
/// one run.
std::vector<std::filesystem::path> capture_files(const std::filesystem::path& dir);

/// The project's own pcaps/ directory.
std::filesystem::path project_pcaps();

/// Path to the built `otscope` binary ($OTSCOPE_BIN, else the build tree).
std::filesystem::path otscope_binary();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
/// Runs argv (no shell), capturing stdout and stderr.
CommandResult run_command(const std::vector<std::string>& argv);

/// The unit `ulimit -f` counts in with this /bin/sh (dash: 512 bytes, bash: 1024); 0 when unknown.
std::uint64_t ulimit_f_unit();

/// A child process started with its stdout and stderr on pipes.
struct Spawned {
  int pid = -1;
  int out_fd = -1;
  int err_fd = -1;
};
Spawned spawn_command(const std::vector<std::string>& argv);
/// Reads a descriptor to its end and closes it.
std::string read_all(int fd);
/// Waits for the child; its exit code, or 128 + signal.
int wait_exit(int pid);

/// A fresh empty directory removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace otscope::test

/// Skips the current test with a clear message when ../shared/pcaps is not there.
#define OTSCOPE_SHARED_PCAPS_OR_SKIP(var)                                                 \
  auto var##_opt = ::otscope::test::shared_pcaps();                                       \
  if (!var##_opt) GTEST_SKIP() << "shared captures not found (set OTSCOPE_SHARED_PCAPS)"; \
  const std::filesystem::path var = *var##_opt
