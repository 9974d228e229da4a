// One run lifecycle for `otscope analyze`, `otscope capture` and the desktop console: check what
// the run needs before any work, open the database, policy and forwarders, read, merge into the
// database, close detection, and say how it went (summary, errors, exit code as the README
// gives them). The command line and a GUI worker thread drive the same objects.
//
// Threads: construct a run and call run() on one thread (a worker); only the cancel or stop flag
// is shared with other threads. Callbacks are called on the thread that called run().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "capture/source.h"
#include "cli/detection_commands.h"
#include "cli/summary.h"
#include "db/database.h"
#include "db/retention.h"
#include "engine/engine.h"
#include "model/analysis.h"

namespace otscope::cli {

/// A run that cannot start: a capture, interface, protocol name, policy, forwarding target or
/// database that cannot be opened. Nothing was written. The message is one line.
class RunError : public std::runtime_error {
 public:
  explicit RunError(const std::string& message, int exit_code = 2)
      : std::runtime_error(message), exit_code_(exit_code) {}
  /// The command's exit code for it (README: 2).
  int exit_code() const noexcept { return exit_code_; }

 private:
  int exit_code_;
};

/// How a run went.
struct RunOutcome {
  /// Offline: the whole run's result. Live: the run's running totals (packets, bytes, protocols,
  /// alerts, health, and in `captures` the run's one record); the record vectors stay empty.
  AnalysisResult summary;
  /// What the summary reports for assets, links, operations, identities and anomalies. Offline:
  /// the run's own records. Live: the database's rows (a live run merges as it goes), and the
  /// run's anomaly occurrences.
  SummaryCounts counts;
  /// One line each: captures that failed while being read or ended in the middle of a packet
  /// (what was read before is kept; exit code 1).
  std::vector<std::string> errors;
  /// Set when writing the database failed (exit code 3); the summary is then not to be shown.
  std::string database_error;
  /// Stopped by the cancel (offline) or stop (live) flag; what was read is stored as
  /// 'interrupted'.
  bool cancelled = false;
  /// Reading time: offline up to the end of reading, before the database write; live the whole
  /// capture.
  double seconds = 0;
  /// README: 0 success (also when cancelled), 1 a capture failed while being read, 3 the database
  /// write failed.
  int exit_code = 0;
  /// The database written, "" for none.
  std::string database;
};

/// Progress of an offline run.
struct RunProgress {
  std::size_t file_index = 0;  // of the capture being read, from 0
  std::size_t file_count = 0;
  std::string file;
  std::uint64_t packets = 0;        // read from this capture so far
  std::uint64_t total_packets = 0;  // read in the whole run so far
  std::uint64_t bytes_read = 0;     // of this capture's file
  std::uint64_t file_size = 0;      // 0 when unknown (standard input)
  double elapsed_seconds = 0;
  double packets_per_second = 0;  // over the run so far
  /// Estimated from the bytes still to read at the rate so far; negative when unknown (standard
  /// input, or nothing read yet).
  double remaining_seconds = -1;
};

struct OfflineOptions {
  /// The database to merge into (created when missing); none: analyse in memory only.
  std::optional<std::string> db;
  /// Decoders by name (modbus, dnp3, s7comm); all when empty.
  std::vector<std::string> protocols;
  /// Encoding of device strings that are not UTF-8 (EngineOptions::legacy_encoding).
  std::string legacy_encoding;
  DetectionArgs detection;
  /// Threads to analyse with (EngineOptions::threads); 0: one per core.
  std::size_t threads = 0;
};

/// The threads an offline run uses for `requested` (0: one per core, at least 1).
std::size_t offline_threads(std::size_t requested);

/// An offline analysis of capture files: `otscope analyze`, or the console's "open captures".
class OfflineRun {
 public:
  using ProgressFn = std::function<void(const RunProgress&)>;

  /// Checks the protocol names, then every capture (a typo costs nothing and creates no
  /// database), then opens the database and loads the policy, the stored baseline and the alert
  /// forwarders. Throws RunError (exit code 2) with a one-line message.
  OfflineRun(OfflineOptions options, std::vector<std::string> captures);
  ~OfflineRun();
  OfflineRun(const OfflineRun&) = delete;
  OfflineRun& operator=(const OfflineRun&) = delete;

  /// Reads the captures in order, merges the result into the database (each capture one
  /// capture_runs row: 'complete', or 'interrupted' when it failed, was cut short or cancelled)
  /// and raises, stores and forwards the alerts. Call once. `on_progress` is called at the start
  /// of each capture, about every 100 ms while reading, and at the end of each capture.
  /// `cancel`, when given, is read at least every Engine::kProgressPackets packets; once it is
  /// true reading stops and what was read is stored and summarised. Capture and database errors
  /// are reported in the outcome, not thrown.
  RunOutcome run(const ProgressFn& on_progress = {}, const std::atomic<bool>* cancel = nullptr);

  /// Forwarding problems and baseline warnings, one line each; after run().
  std::vector<std::string> warnings() const;

 private:
  OfflineOptions options_;
  std::vector<std::string> captures_;
  std::optional<Database> db_;
  DetectionSetup detection_;
  std::unique_ptr<Engine> engine_;
};

struct LiveRunOptions {
  /// The database every flush is merged into (created when missing). Required.
  std::string db;
  capture::LiveOptions live;
  /// Seconds to capture; 0 until stopped.
  double duration = 0;
  /// Seconds between database writes.
  double flush_interval = 5;
  /// Also save the captured frames to this pcap file; "" for none.
  std::string write;
  /// With `write`: a ring buffer of files of at most this many bytes (FILE_00001.pcap, ...;
  /// capture/pcap_writer.h); 0 for one file.
  std::uint64_t write_max_bytes = 0;
  /// With write_max_bytes: keep at most this many files (0: all).
  std::uint64_t write_files = 0;
  /// Retention: closed alerts (with their evidence) and anomalies last seen longer ago than this
  /// are pruned (db/retention.h) when the run starts and every `retention_interval`, a bounded
  /// number of small transactions per flush; 0 for none.
  std::chrono::seconds retention{0};
  std::chrono::seconds retention_interval{3600};
  std::vector<std::string> protocols;
  std::string legacy_encoding;
  DetectionArgs detection;
};

/// What one flush of a live run wrote, and the run so far.
struct LiveFlush {
  std::uint64_t packets = 0;  // in this interval
  std::uint64_t bytes = 0;
  std::uint64_t drops = 0;  // kernel and interface drops since the start
  double interval_seconds = 0;
  double packets_per_second = 0;  // over this interval
  double elapsed_seconds = 0;
  /// The run so far: packets, bytes, protocols, alerts, health; see RunOutcome::summary.
  AnalysisResult totals;
  /// The database's rows after this flush, and the run's anomaly occurrences so far.
  SummaryCounts counts;
  /// The longest time the capture thread stopped reading for a flush so far (LiveRun::
  /// flush_stall_max_ms()).
  double flush_stall_max_ms = 0;
};

/// A live capture into a database: `otscope capture`, or the console's "capture".
class LiveRun {
 public:
  using FlushFn = std::function<void(const LiveFlush&)>;

  /// Checks the protocol names, opens the database and loads the policy, the stored baseline and
  /// the alert forwarders. Throws RunError (exit code 2) with a one-line message.
  explicit LiveRun(LiveRunOptions options);
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  /// Opens the interface, records the run in the database and captures until `stop` is true
  /// (seen within LiveOptions::timeout_ms) or the duration has passed, merging into the database
  /// every flush interval and at the end. Call once. `on_started` is called once the interface
  /// is open and the run recorded, with the source name ("live:IFACE"); `on_flush` after each
  /// merge. Throws RunError (exit code 2) when the interface, the filter or the --write file
  /// cannot be opened (nothing was written: a database file this run created is removed again,
  /// and the run cannot be retried); a read error later ends the run with exit code 1 (what was
  /// read is kept), a database write error with exit code 3.
  ///
  /// Threads: the calling thread captures; at each flush it only takes the engine's delta and the
  /// detector's alert changes and queues them (at most a few flushes deep) for a database writer
  /// thread of the run's own, which merges, stores the alerts, health samples and baseline,
  /// prunes, and calls `on_flush` (so `on_flush` runs on that writer thread, one call at a time,
  /// in order). When the capture stops, the last delta is queued and the writer has written
  /// everything before run() returns.
  RunOutcome run(const std::atomic<bool>& stop, const FlushFn& on_flush = {},
                 const std::function<void(const std::string&)>& on_started = {});

  /// Forwarding problems, baseline warnings and retention failures, one line each; after run().
  std::vector<std::string> warnings() const;
  /// What retention pruned during run().
  const RetentionCounts& pruned() const { return pruned_; }
  /// The longest time the capture thread stopped reading packets for one flush during run(), in
  /// milliseconds: taking the engine's delta and the alert changes, handing them to the database
  /// writer, and any wait for room in its queue (the writer's own work is not a stall).
  double flush_stall_max_ms() const {
    return static_cast<double>(stall_max_us_.load(std::memory_order_relaxed)) / 1000.0;
  }
  /// Flushes handed to the database writer during run(), the last one included.
  std::uint64_t flushes() const { return flushes_; }
  /// Those of them that found the writer's queue full and waited for it: the database did not
  /// keep up with the flush interval (a longer --flush-interval gives it more time per write).
  std::uint64_t flush_queue_waits() const { return queue_waits_; }

 private:
  std::atomic<std::int64_t> stall_max_us_{0};
  std::uint64_t flushes_ = 0;
  std::uint64_t queue_waits_ = 0;
  LiveRunOptions options_;
  RetentionCounts pruned_;
  std::vector<std::string> retention_warnings_;
  /// This run created the database file: a start that fails removes it again.
  bool created_db_ = false;
  std::optional<Database> db_;
  DetectionSetup detection_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace otscope::cli
