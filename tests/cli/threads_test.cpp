// `otscope analyze --threads N` gives the same database for every N: the shared captures (all of
// them, as one run) and the benchmark capture built from them, analysed with 1, 2 and 4 threads,
// hold the same rows in every table, alerts and their evidence included. What legitimately
// differs is left out: when the run started and finished (wall clock), and the health samples
// taken every few seconds of wall clock while a capture is read (each run's last sample, its
// final figures, is compared).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace otscope {
namespace {

namespace fs = std::filesystem;

using TableRows = std::map<std::string, std::vector<std::string>>;

std::vector<std::string> rows_of(sqlite3* db, const std::string& sql) {
  std::vector<std::string> out;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    return out;
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      if (i) row += " | ";
      const auto* text = sqlite3_column_text(stmt, i);
      row += text ? reinterpret_cast<const char*>(text) : "NULL";
    }
    out.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  return out;
}

// Every table's rows in stored order (rowid, or the key of a table without one).
TableRows dump(const fs::path& path) {
  sqlite3* db = nullptr;
  TableRows out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << path;
    sqlite3_close(db);
    return out;
  }
  for (const std::string& table :
       rows_of(db,
               "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
               "ORDER BY name")) {
    std::string sql = "SELECT * FROM \"" + table + "\"";
    if (table == "capture_runs")
      sql =
          "SELECT id, source, first_packet, last_packet, packets, bytes, drops, undecodable, "
          "status FROM capture_runs ORDER BY id";
    if (table == "capture_health")
      sql =
          "SELECT run_id, packet_time, packets, bytes, drops, tcp_gaps, tcp_gap_bytes, "
          "out_of_order, flows_evicted, malformed, limit_drops FROM capture_health WHERE id IN "
          "(SELECT max(id) FROM capture_health GROUP BY run_id) ORDER BY run_id";
    out[table] = rows_of(db, sql);
  }
  sqlite3_close(db);
  return out;
}

TableRows analyse(const std::vector<fs::path>& captures, int threads, const fs::path& db) {
  std::vector<std::string> argv{test::otscope_binary().string(), "analyze", "-q",       "--threads",
                                std::to_string(threads),         "--db",    db.string()};
  for (const fs::path& c : captures) argv.push_back(c.string());
  const test::CommandResult r = test::run_command(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return dump(db);
}

void expect_same(const TableRows& one, const TableRows& other, int threads) {
  ASSERT_EQ(one.size(), other.size());
  for (const auto& [table, rows] : one) {
    const auto it = other.find(table);
    ASSERT_NE(it, other.end()) << table;
    EXPECT_EQ(rows.size(), it->second.size()) << table << " with " << threads << " threads";
    const auto n = std::min(rows.size(), it->second.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (rows[i] != it->second[i]) {
        ADD_FAILURE() << table << " row " << i << " with 1 thread:\n  " << rows[i] << "\nwith "
                      << threads << ":\n  " << it->second[i];
        break;
      }
    }
  }
}

void expect_same_for_every_thread_count(const std::vector<fs::path>& captures,
                                        std::size_t min_alerts) {
  test::TempDir dir;
  const TableRows single = analyse(captures, 1, dir.path() / "1.db");
  // Something to compare: an inventory, operations and alerts with their evidence.
  EXPECT_GT(single.at("assets").size(), 10u);
  EXPECT_GT(single.at("operations").size(), 10u);
  EXPECT_GE(single.at("alerts").size(), min_alerts);
  EXPECT_GE(single.at("alert_evidence").size(), min_alerts);
  for (int threads : {2, 4}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    expect_same(single, analyse(captures, threads, dir.path() / (std::to_string(threads) + ".db")),
                threads);
  }
}

TEST(Threads, EverySharedCaptureGivesTheSameDatabaseWithOneTwoAndFourThreads) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(shared);
  const std::vector<fs::path> captures = test::capture_files(shared);
  ASSERT_GT(captures.size(), 20u);
  expect_same_for_every_thread_count(captures, 20);
}

// The benchmark capture (../shared/bench/make-ics-bench.sh, 589k packets): thousands of
// interleaved sessions, flows evicted and reopened, so that a difference in what reaches the
// decoding thread, or in its order, shows. Built once per build directory (about a minute).
TEST(Threads, TheBenchmarkCaptureGivesTheSameDatabaseWithOneTwoAndFourThreads) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(shared);
  const fs::path script = shared.parent_path() / "bench" / "make-ics-bench.sh";
  if (!fs::exists(script)) GTEST_SKIP() << "no " << script;
  const fs::path capture = fs::path(OTSCOPE_BINARY_DIR) / "bench-capture" / "ics-bench.pcap";
  if (!fs::exists(capture)) {
    const fs::path partial = capture.string() + ".part";
    const test::CommandResult made =
        test::run_command({"/bin/bash", script.string(), partial.string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    fs::rename(partial, capture);
  }
  expect_same_for_every_thread_count({capture}, 500);
}

}  // namespace
}  // namespace otscope
