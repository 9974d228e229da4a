// Several writers on one file: processes that merge at the same time, a writer killed while its
// run is running, run liveness as a console sees it, two processes upgrading one old file, and
// the cheap change poll (data_version).
//
// The writers are forked children. A child never inherits an open SQLite connection to the file
// (SQLite forbids using one across fork()): the parent opens its own handles only after forking,
// or closes them before.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "db/database.h"
#include "protocols/s7/s7.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_file;
using test::RawSqlite;
using test::TempDir;

/// A pipe whose ends are closed when it goes away.
struct Pipe {
  Pipe() {
    if (::pipe2(fds, O_CLOEXEC) != 0) ADD_FAILURE() << "pipe2 failed";
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_read() {
    if (fds[0] >= 0) ::close(fds[0]);
    fds[0] = -1;
  }
  void close_write() {
    if (fds[1] >= 0) ::close(fds[1]);
    fds[1] = -1;
  }
  int fds[2] = {-1, -1};
};

/// Runs `body` in a forked child that exits with its result (2 when it throws). The child blocks
/// until `gate`'s write end is closed by everyone, so several children start at the same moment.
pid_t fork_child(Pipe* gate, const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  int code = 2;
  try {
    if (gate != nullptr) {
      gate->close_write();
      char c = 0;
      while (::read(gate->fds[0], &c, 1) < 0 && errno == EINTR) {
      }
    }
    code = body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "child %d: %s\n", static_cast<int>(::getpid()), e.what());
  }
  ::_exit(code);
}

int exit_code(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

RunStatus status_of(const Database& db, std::int64_t run) {
  for (const StoredCaptureRun& r : db.capture_runs())
    if (r.id == run) return r.status;
  ADD_FAILURE() << "no run " << run;
  return RunStatus::Running;
}

// One firmware value seen at `seen`: merging another value later adds one history row.
AnalysisResult firmware(const char* value, std::int64_t seen) {
  AnalysisResult delta;
  IdentityRecord id;
  id.ip = test::ip("10.0.0.20");
  id.protocol = s7::kS7comm;
  id.field = "firmware";
  id.value = value;
  id.source = "s7comm SZL 0x0011";
  id.first_seen_us = id.last_seen_us = seen;
  delta.identities.push_back(id);
  return delta;
}

// (c) Two analyses merging into one file at the same time, both from the first open of a file
// that does not exist yet: every merge is stored, counts are the sum, the file is sound.
TEST(ConcurrentWriters, ProcessesMergingAtOnceEndWithTheSumOfTheirDeltas) {
  constexpr int kWriters = 3;
  constexpr int kMerges = 12;
  for (int round = 0; round < 3; ++round) {
    TempDir dir;
    const std::string path = db_file(dir);
    Pipe gate;
    std::vector<pid_t> children;
    for (int w = 0; w < kWriters; ++w) {
      children.push_back(fork_child(&gate, [&path, w] {
        Database db = Database::open(path);
        for (int i = 0; i < kMerges; ++i) {
          const std::string source = "writer" + std::to_string(w) + "-" + std::to_string(i);
          const std::int64_t run = db.begin_run({.source = source});
          db.merge(test::sample_delta(), run);
          db.merge(test::bulk_delta(50), run);
          db.finish_run(run, {.source = source, .packets = 1}, RunStatus::Complete);
        }
        return 0;
      }));
    }
    gate.close_write();  // go
    for (pid_t child : children) EXPECT_EQ(exit_code(child), 0) << "round " << round;

    Database db = Database::open_readonly(path);
    constexpr std::uint64_t kTotal = kWriters * kMerges;
    EXPECT_EQ(db.schema_version(), current_schema_version());
    ASSERT_EQ(db.capture_runs().size(), kTotal);
    for (const StoredCaptureRun& r : db.capture_runs()) EXPECT_EQ(r.status, RunStatus::Complete);
    EXPECT_EQ(db.totals().assets, 2u + 50u);
    const auto links = db.links();
    ASSERT_EQ(links.size(), 1u + 50u);
    std::uint64_t hmi_plc_packets = 0;
    for (const StoredLink& l : links)
      if (l.record.server.to_string() == "10.0.0.20") hmi_plc_packets = l.record.packets;
    EXPECT_EQ(hmi_plc_packets, 190u * kTotal);
    EXPECT_EQ(db.protocol_stats().at("modbus").messages, (11u + 5u * 50u) * kTotal);
    std::uint64_t anomalies = 0;
    for (const StoredAnomaly& a : db.anomalies()) anomalies += a.record.count;
    EXPECT_EQ(anomalies, (1u + 50u) * kTotal);
    EXPECT_EQ(db.integrity_check(), "ok");
  }
}

// Two processes opening an old file at once: every schema step is applied exactly once (a step
// applied twice would fail on its CREATE TABLE) and both go on to merge.
TEST(ConcurrentWriters, ProcessesUpgradingOneOldFileApplyEachStepOnce) {
  for (int round = 0; round < 3; ++round) {
    TempDir dir;
    const std::string path = db_file(dir);
    {
      DbOptions v1;
      v1.migrations = schema_migrations().first(1);
      Database old = Database::open(path, v1);
      old.finish_run(old.begin_run({.source = "v1.pcap"}), {.source = "v1.pcap"},
                     RunStatus::Complete);
      ASSERT_EQ(old.schema_version(), 1);
    }
    Pipe gate;
    std::vector<pid_t> children;
    for (int w = 0; w < 3; ++w) {
      children.push_back(fork_child(&gate, [&path] {
        Database db = Database::open(path);
        if (db.schema_version() != current_schema_version()) return 3;
        db.merge(test::sample_delta(), db.begin_run({.source = "new.pcap"}));
        return 0;
      }));
    }
    gate.close_write();
    for (pid_t child : children) EXPECT_EQ(exit_code(child), 0) << "round " << round;
    RawSqlite raw(path);
    EXPECT_EQ(raw.integer("PRAGMA user_version"), current_schema_version());
    EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'asset_audit'"), 1);
    EXPECT_EQ(raw.integer("SELECT packets FROM links"), 3 * 190);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM capture_runs WHERE source = 'v1.pcap'"), 1);
    EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  }
}

// (b) and (d): a writer killed with SIGKILL while its run is running. Its run stops being alive
// the moment it dies and the next writable open marks it interrupted; the run of a writer that
// is still alive stays running throughout.
TEST(ConcurrentWriters, RunOfAKilledWriterBecomesInterruptedAndALiveOneStaysRunning) {
  TempDir dir;
  const std::string path = db_file(dir);
  { Database::open(path); }  // closed again before forking

  Pipe ready;
  const pid_t sensor = fork_child(nullptr, [&path, &ready] {
    ready.close_read();
    Database db = Database::open(path);
    const std::int64_t run = db.begin_run({.source = "live:eth9"});
    db.merge(test::sample_delta(), run);
    if (::write(ready.fds[1], &run, sizeof run) != sizeof run) return 4;
    for (;;) ::pause();  // capturing, until killed
  });
  ready.close_write();
  std::int64_t killed_run = 0;
  ASSERT_EQ(::read(ready.fds[0], &killed_run, sizeof killed_run),
            static_cast<ssize_t>(sizeof killed_run));

  Database live = Database::open(path);
  const std::int64_t live_run = live.begin_run({.source = "live:eth0"});
  Database console = Database::open_readonly(path);
  EXPECT_TRUE(console.run_alive(killed_run));
  EXPECT_TRUE(console.run_alive(live_run));
  EXPECT_TRUE(live.run_alive(killed_run));
  EXPECT_TRUE(live.run_alive(live_run));
  {
    // A writer opening while both are alive leaves both running.
    Database other = Database::open(path);
    EXPECT_EQ(status_of(other, killed_run), RunStatus::Running);
    EXPECT_EQ(status_of(other, live_run), RunStatus::Running);
  }

  ASSERT_EQ(::kill(sensor, SIGKILL), 0);
  EXPECT_EQ(exit_code(sensor), 128 + SIGKILL);
  EXPECT_FALSE(console.run_alive(killed_run));
  EXPECT_TRUE(console.run_alive(live_run));
  // The row says 'running' until a writer opens; run_alive() already tells the truth.
  EXPECT_EQ(status_of(console, killed_run), RunStatus::Running);

  {
    Database next = Database::open(path);
    EXPECT_EQ(status_of(next, killed_run), RunStatus::Interrupted);
    EXPECT_EQ(status_of(next, live_run), RunStatus::Running);
    EXPECT_EQ(next.totals().assets, 2u);  // what the killed writer committed is kept
    EXPECT_EQ(next.integrity_check(), "ok");
  }
  live.finish_run(live_run, {.source = "live:eth0"}, RunStatus::Complete);
  EXPECT_FALSE(console.run_alive(live_run));
  EXPECT_FALSE(live.run_alive(live_run));
  EXPECT_EQ(status_of(Database::open(path), live_run), RunStatus::Complete);
}

TEST(ConcurrentWriters, RunAliveAnswersForEveryKindOfRun) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database a = Database::open(path);
  Database b = Database::open(path);
  const std::int64_t run_a = a.begin_run({.source = "a"});
  const std::int64_t run_b = b.begin_run({.source = "b"});
  // Each handle sees its own run and the other's (two handles of one process do not share
  // their locks).
  EXPECT_TRUE(a.run_alive(run_a));
  EXPECT_TRUE(a.run_alive(run_b));
  EXPECT_TRUE(b.run_alive(run_a));
  EXPECT_FALSE(a.run_alive(run_b + 100));  // unknown
  EXPECT_FALSE(a.run_alive(0));
  EXPECT_FALSE(a.run_alive(-1));

  // A run is only alive while 'running': finished with status Running it stays held.
  b.finish_run(run_b, {.source = "b"}, RunStatus::Running);
  EXPECT_TRUE(a.run_alive(run_b));
  b.finish_run(run_b, {.source = "b"}, RunStatus::Interrupted);
  EXPECT_FALSE(a.run_alive(run_b));
  EXPECT_FALSE(b.run_alive(run_b));

  // Closing a handle without finishing its run: not alive, and interrupted at the next open.
  std::int64_t run_c = 0;
  {
    Database c = Database::open(path);
    run_c = c.begin_run({.source = "c"});
    EXPECT_TRUE(a.run_alive(run_c));
  }
  EXPECT_FALSE(a.run_alive(run_c));
  Database d = Database::open(path);
  EXPECT_EQ(status_of(d, run_c), RunStatus::Interrupted);
  EXPECT_EQ(status_of(d, run_a), RunStatus::Running);
  EXPECT_EQ(status_of(d, run_b), RunStatus::Interrupted);
}

TEST(ConcurrentWriters, RunAliveOnAReadOnlyHandleWithoutALockFile) {
  TempDir dir;
  const std::string path = db_file(dir);
  std::int64_t run = 0;
  {
    Database db = Database::open(path);
    run = db.begin_run({.source = "x"});
  }
  std::filesystem::remove(path + "-lock");  // as a copied database would be, without it
  Database ro = Database::open_readonly(path);
  EXPECT_FALSE(ro.run_alive(run));
  // A writer created it again since: the same read-only handle sees that writer's run.
  Database writer = Database::open(path);
  const std::int64_t live = writer.begin_run({.source = "y"});
  EXPECT_TRUE(ro.run_alive(live));
  EXPECT_FALSE(ro.run_alive(run));
}

// Which history rows a merge inserted: exactly its own, none when nothing new was stored, and
// never those of another writer that merged in between.
TEST(ConcurrentWriters, MergeReportsTheHistoryRowsItInserted) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database sensor = Database::open(path);
  Database replay = Database::open(path);
  const std::int64_t live = sensor.begin_run({.source = "live:eth0"});
  const std::int64_t file = replay.begin_run({.source = "old.pcap"});

  EXPECT_TRUE(sensor.merge(firmware("V1", test::kT0), live).history_ids.empty());
  const MergeReport second = sensor.merge(firmware("V2", test::kT0 + 1'000'000), live);
  ASSERT_EQ(second.history_ids.size(), 1u);
  const MergeReport other = replay.merge(firmware("V3", test::kT0 + 2'000'000), file);
  ASSERT_EQ(other.history_ids.size(), 1u);
  EXPECT_NE(other.history_ids[0], second.history_ids[0]);
  const MergeReport again = sensor.merge(firmware("V2", test::kT0 + 1'000'000), live);
  EXPECT_TRUE(again.history_ids.empty());

  std::map<std::int64_t, std::string> new_value_by_id;
  for (const StoredChange& c : sensor.asset_history()) new_value_by_id[c.id] = c.record.new_value;
  ASSERT_EQ(new_value_by_id.size(), 2u);
  EXPECT_EQ(new_value_by_id.at(second.history_ids[0]), "V2");
  EXPECT_EQ(new_value_by_id.at(other.history_ids[0]), "V3");
}

TEST(ConcurrentWriters, DataVersionChangesWhenAnotherHandleCommits) {
  TempDir dir;
  const std::string path = db_file(dir);
  Database writer = Database::open(path);
  Database console = Database::open_readonly(path);
  const std::int64_t seen = console.data_version();
  EXPECT_EQ(console.data_version(), seen);  // nothing committed: same value
  const std::int64_t own = writer.data_version();
  writer.merge(test::sample_delta(), writer.begin_run({.source = "a.pcap"}));
  EXPECT_EQ(writer.data_version(), own);  // its own commits do not count
  const std::int64_t after = console.data_version();
  EXPECT_NE(after, seen);
  EXPECT_EQ(console.data_version(), after);
}

}  // namespace
}  // namespace otscope
