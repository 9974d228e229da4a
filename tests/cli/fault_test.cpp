// Fault tests of the whole `otscope analyze` process (hardening issue): kill -9 at random points
// and a full disk at several fill levels must each leave a database that passes
// `PRAGMA integrity_check` and still holds every run committed before. The library-level
// counterparts (a forked writer killed mid-merge, DbOptions::max_size_bytes) are in
// tests/db/durability_test.cpp; these drive the real binary. The database is inspected with plain
// SQLite, independently of the code under test.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_support.h"

namespace otscope {
namespace {

using Clock = std::chrono::steady_clock;

std::string bin() {
  return test::otscope_binary().string();
}

// Every capture of the project's pcaps/ directory, so that a run merges for a while.
std::vector<std::string> all_project_captures() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(test::project_pcaps())) {
    if (e.path().extension() == ".pcap") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct DbState {
  std::string integrity;
  std::map<std::int64_t, std::int64_t> complete_runs;  // id -> packets
  int error = SQLITE_OK;
};

// Opens the file the way the next user would (read-write, so a WAL left by a killed writer is
// recovered) and reads the integrity check and the complete runs.
DbState inspect(const std::string& path) {
  DbState s;
  sqlite3* db = nullptr;
  s.error = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  if (s.error != SQLITE_OK) {
    sqlite3_close(db);
    return s;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (!s.integrity.empty()) s.integrity += "\n";
      s.integrity += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
  }
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(db, "SELECT id, packets FROM capture_runs WHERE status = 'complete'", -1,
                         &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      s.complete_runs[sqlite3_column_int64(st, 0)] = sqlite3_column_int64(st, 1);
    }
  } else {
    s.error = sqlite3_errcode(db);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return s;
}

// Every run complete before is still there, complete, with the same packet count.
void expect_keeps(const DbState& now, const std::map<std::int64_t, std::int64_t>& before,
                  const std::string& when) {
  EXPECT_EQ(now.integrity, "ok") << when;
  EXPECT_GE(now.complete_runs.size(), before.size()) << when;
  for (const auto& [id, packets] : before) {
    auto it = now.complete_runs.find(id);
    ASSERT_NE(it, now.complete_runs.end()) << when << ": complete run " << id << " lost";
    EXPECT_EQ(it->second, packets) << when << ": run " << id << " changed";
  }
}

// `otscope analyze` of every project capture, `times` over (one capture run per file).
std::vector<std::string> analyze_argv(const std::string& db, int times = 1) {
  std::vector<std::string> argv = {bin(), "analyze", "-q", "--db", db};
  for (int i = 0; i < times; ++i) {
    for (auto& f : all_project_captures()) argv.push_back(f);
  }
  return argv;
}

// A child killed at a random point: in a sanitized build the kill can land while LeakSanitizer
// checks the exiting process, which then reports only that it could not read the process's
// threads. A process killed mid-way has no leak check to give, so these run without one.
std::vector<std::string> killable(std::vector<std::string> argv) {
  const char* asan = std::getenv("ASAN_OPTIONS");
  if (asan == nullptr) return argv;
  argv.insert(argv.begin(),
              {"/usr/bin/env", std::string("ASAN_OPTIONS=") + asan + ":detect_leaks=0"});
  return argv;
}

TEST(FaultInjection, KillNineAtRandomPointsLeavesAnIntactDatabase) {
  test::TempDir dir;
  const std::string db = (dir.path() / "kill.db").string();
  // The captures four times over: a run of ~30 files, long enough to be killed mid-write.
  const auto argv = analyze_argv(db, 4);
  ASSERT_GT(argv.size(), 9u) << "no captures in " << test::project_pcaps();
  const std::size_t files = argv.size() - 5;

  // Two complete runs first, both timed: the kills are spread over the faster one's duration
  // (a run slowed by a busy machine, e.g. a parallel build, would put most kills after the end
  // of the runs that follow).
  std::int64_t run_us = 0;
  for (int i = 0; i < 2; ++i) {
    const auto t0 = Clock::now();
    auto timed = test::run_command(argv);
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
    ASSERT_EQ(timed.exit_code, 0) << timed.err;
    run_us = i == 0 ? us : std::min(run_us, us);
  }
  DbState state = inspect(db);
  ASSERT_EQ(state.integrity, "ok");
  ASSERT_EQ(state.complete_runs.size(), 2 * files);
  std::map<std::int64_t, std::int64_t> committed = state.complete_runs;

  std::mt19937 random(20240607);  // fixed seed: the same delays on every run
  std::uniform_int_distribution<std::int64_t> delay_us(0, run_us);
  constexpr int kKills = 50;
  int killed = 0, mid_run = 0, finished_first = 0, complete_runs_between = 0;
  for (int i = 0; i < kKills; ++i) {
    if (i % 10 == 9) {  // now and then a whole run in between
      auto r = test::run_command(argv);
      ASSERT_EQ(r.exit_code, 0) << "complete run after kill " << i << ": " << r.err;
      ++complete_runs_between;
      DbState after = inspect(db);
      expect_keeps(after, committed, "complete run after kill " + std::to_string(i));
      ASSERT_EQ(after.complete_runs.size(), committed.size() + files);
      committed = after.complete_runs;
    }
    const std::int64_t wait = delay_us(random);
    test::Spawned child = test::spawn_command(killable(argv));
    ASSERT_GT(child.pid, 0);
    std::this_thread::sleep_for(std::chrono::microseconds(wait));
    ASSERT_EQ(::kill(child.pid, SIGKILL), 0);
    const std::string out = test::read_all(child.out_fd);
    const std::string err = test::read_all(child.err_fd);
    const int code = test::wait_exit(child.pid);
    if (code == 128 + SIGKILL) {
      ++killed;
    } else {
      ASSERT_EQ(code, 0) << "kill " << i << " after " << wait << " us: " << err;
      ++finished_first;
    }
    DbState after = inspect(db);
    const std::string when = "kill " + std::to_string(i) + " after " + std::to_string(wait) + " us";
    ASSERT_EQ(after.error, SQLITE_OK) << when;
    expect_keeps(after, committed, when);
    // The files read to their end before the kill are complete runs, the one being read is not
    // (a kill after the last file's run was recorded, while the process closes, leaves all).
    const std::size_t added = after.complete_runs.size() - committed.size();
    if (code == 0) {
      ASSERT_EQ(added, files) << when;
    } else {
      ASSERT_LE(added, files) << when;
      if (added < files) ++mid_run;
    }
    if (HasFailure()) return;
    committed = after.complete_runs;
  }
  std::cout << "[          ] run " << run_us / 1000 << " ms; " << kKills << " kills: " << killed
            << " killed (" << mid_run << " before the last run was recorded), " << finished_first
            << " after the run ended; " << complete_runs_between << " complete runs in between; "
            << committed.size() << " complete runs kept\n";
  // Most kills must land inside the run, or the test proves little.
  EXPECT_GE(mid_run, kKills / 2);
}

TEST(FaultInjection, FullDiskAtSeveralFillLevelsKeepsEveryCommittedRun) {
  const std::uint64_t unit = test::ulimit_f_unit();
  if (unit != 512 && unit != 1024) GTEST_SKIP() << "cannot tell the unit of `ulimit -f`";
  test::TempDir dir;
  const std::string db = (dir.path() / "full.db").string();
  const auto argv = analyze_argv(db);
  ASSERT_EQ(test::run_command(argv).exit_code, 0);
  DbState state = inspect(db);
  ASSERT_EQ(state.integrity, "ok");
  const std::size_t files = argv.size() - 5;  // one capture run per file
  ASSERT_EQ(state.complete_runs.size(), files);
  std::map<std::int64_t, std::int64_t> committed = state.complete_runs;
  std::cout << "[          ] database " << std::filesystem::file_size(db) / 1024
            << " KiB after one run\n";

  // SIGXFSZ ignored (inherited through exec), so a write past the limit fails with EFBIG
  // instead of killing the process: the full-disk path of the program itself.
  std::string script = "trap '' XFSZ; ulimit -f \"$1\" || exit 99; shift; exec \"$@\"";
  std::map<int, int> by_exit_code;
  for (std::uint64_t kib : {8, 16, 32, 64, 128, 256, 512, 1024}) {
    std::vector<std::string> cmd = {"/bin/sh", "-c", script, "sh",
                                    std::to_string(kib * 1024 / unit)};
    cmd.insert(cmd.end(), argv.begin(), argv.end());
    auto r = test::run_command(cmd);
    const std::string when = "limit " + std::to_string(kib) + " KiB";
    ++by_exit_code[r.exit_code];
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << when << ": " << r.err;
    if (r.exit_code == 0) {
      DbState after = inspect(db);
      expect_keeps(after, committed, when);
      EXPECT_EQ(after.complete_runs.size(), committed.size() + files) << when;
      committed = after.complete_runs;
      continue;
    }
    EXPECT_TRUE(r.exit_code == 2 || r.exit_code == 3)
        << when << ": exit " << r.exit_code << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << when << ": " << r.err;
    EXPECT_EQ(r.err.rfind("otscope: error: ", 0), 0u) << when << ": " << r.err;
    DbState after = inspect(db);
    ASSERT_EQ(after.error, SQLITE_OK) << when;
    expect_keeps(after, committed, when);
    // Files read before the write failed may be stored whole; the failing one is not complete.
    EXPECT_LT(after.complete_runs.size(), committed.size() + files) << when;
    committed = after.complete_runs;
  }
  std::cout << "[          ] exit codes:";
  for (auto [code, n] : by_exit_code) std::cout << " " << code << "x" << n;
  std::cout << "\n";
  // The small limits must really hit the write path (exit 3), not only the open.
  EXPECT_GE(by_exit_code[3], 1);
  // And with room again the database takes a whole run.
  ASSERT_EQ(test::run_command(argv).exit_code, 0);
  DbState last = inspect(db);
  expect_keeps(last, committed, "after the full-disk attempts");
  EXPECT_EQ(last.complete_runs.size(), committed.size() + files);
}

}  // namespace
}  // namespace otscope
