#include "cli/run.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

#include "cli/advisory_commands.h"
#include "common/clock.h"
#include "db/alert_store.h"
#include "db/dashboard.h"
#include "protocols/registry.h"

namespace otscope::cli {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start, Clock::time_point now = Clock::now()) {
  return std::chrono::duration<double>(now - start).count();
}

/// How often a run stores a health sample while it reads (a live run: at every flush).
constexpr auto kHealthInterval = std::chrono::seconds(1);

/// A health sample of a run: its packets, bytes and drops, and the capture layer's counters
/// minus what they were when the run began (`base`).
HealthSample health_sample(const CaptureRunRecord& run, const CaptureHealth& h,
                           const CaptureHealth& base) {
  HealthSample s;
  s.time_us = wall_clock_us();
  s.packet_time_us = run.last_packet_us;
  s.packets = run.packets;
  s.bytes = run.bytes;
  s.drops = run.drops;
  s.tcp_gaps = h.tcp_gaps - base.tcp_gaps;
  s.tcp_gap_bytes = h.tcp_gap_bytes - base.tcp_gap_bytes;
  s.out_of_order = h.tcp_out_of_order_segments - base.tcp_out_of_order_segments;
  s.flows_evicted = h.flows_evicted - base.flows_evicted;
  s.malformed = h.link_errors - base.link_errors;
  s.limit_drops = h.limit_drops() - base.limit_drops();
  return s;
}

/// Stores a sample; the capture goes on when it cannot (the run's own writes report the problem).
void store_sample(Database& db, std::int64_t run_id, const HealthSample& s) {
  try {
    db::store_health_sample(db, run_id, s);
  } catch (const DbError&) {
  }
}

/// An unknown --protocols name is a one-line error before any work.
void check_protocols(const std::vector<std::string>& names) {
  try {
    select_protocols(names);
  } catch (const std::invalid_argument& e) {
    throw RunError(e.what());
  }
}

/// An encoding iconv does not know is a one-line error before any work.
void check_encoding(const std::string& encoding) {
  if (encoding.empty()) return;
  try {
    LegacyText check(encoding);
  } catch (const std::invalid_argument& e) {
    throw RunError(e.what());
  }
}

/// Policy, stored baseline and forwarding targets; any failure is a run that cannot start.
DetectionSetup detection_for(const DetectionArgs& args, const Database* db) {
  try {
    return prepare_detection(args, db);
  } catch (const std::exception& e) {  // PolicyError, ForwardError, DbError
    throw RunError(e.what());
  }
}

Database open_database(const std::string& path) {
  try {
    return Database::open(path);
  } catch (const DbError& e) {
    throw RunError(e.what());
  }
}

/// A run that cannot start writes nothing: the database file it created (with SQLite's and
/// otscope's side files) is removed again, after `db` is closed. A file that existed is kept.
void remove_created_database(std::optional<Database>& db, const std::string& path, bool created) {
  db.reset();
  if (!created) return;
  std::error_code ec;
  for (const char* suffix : {"-wal", "-shm", "-journal", "-lock", ""})
    std::filesystem::remove(path + suffix, ec);
}

bool file_exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

void add_protocols(AnalysisResult& into, const AnalysisResult& delta) {
  for (const auto& [name, s] : delta.protocols) {
    ProtocolStats& p = into.protocols[name];
    p.messages += s.messages;
    p.malformed += s.malformed;
    for (const auto& [code, n] : s.functions) p.functions[code] += n;
  }
}

/// The engine of a run: its detection configuration (moved out of `setup`) and decoders.
std::unique_ptr<Engine> make_engine(DetectionSetup& setup,
                                    const std::vector<std::string>& protocols,
                                    const std::string& legacy_encoding, std::size_t threads = 1) {
  EngineOptions options;
  options.threads = threads;
  options.detection = std::move(setup.config);
  options.protocols = protocols;
  options.legacy_encoding = legacy_encoding;
  return std::make_unique<Engine>(std::move(options));
}

SummaryCounts database_counts(const DbTotals& t, std::uint64_t anomalies) {
  SummaryCounts c;
  c.assets = t.assets;
  c.links = t.links;
  c.operations = t.operations;
  c.identities = t.identities;
  c.anomalies = anomalies;
  return c;
}

}  // namespace

// ---- offline -----------------------------------------------------------------------------------

std::size_t offline_threads(std::size_t requested) {
  if (requested != 0) return requested;
  return std::max<std::size_t>(1, std::thread::hardware_concurrency());
}

OfflineRun::OfflineRun(OfflineOptions options, std::vector<std::string> captures)
    : options_(std::move(options)), captures_(std::move(captures)) {
  check_protocols(options_.protocols);
  check_encoding(options_.legacy_encoding);
  // Every capture before any work, so a typo costs nothing.
  for (const std::string& path : captures_) {
    if (path == "-") continue;
    try {
      capture::PcapSource::open_file(path);
    } catch (const CaptureError& e) {
      throw RunError(e.what());
    }
  }
  if (!options_.db) {
    detection_ = detection_for(options_.detection, nullptr);
    return;
  }
  const bool created = !file_exists(*options_.db);
  db_.emplace(open_database(*options_.db));
  try {
    detection_ = detection_for(options_.detection, &*db_);
  } catch (const RunError&) {
    remove_created_database(db_, *options_.db, created);
    throw;
  }
}

OfflineRun::~OfflineRun() = default;

RunOutcome OfflineRun::run(const ProgressFn& on_progress, const std::atomic<bool>* cancel) {
  if (engine_) throw std::logic_error("OfflineRun::run() called twice");
  engine_ = make_engine(detection_, options_.protocols, options_.legacy_encoding,
                        offline_threads(options_.threads));
  Engine& engine = *engine_;

  RunOutcome out;
  if (db_) out.database = *options_.db;
  const std::size_t count = captures_.size();
  // File sizes for the estimate of the time left; unknown with standard input.
  std::vector<std::uint64_t> sizes(count, 0);
  bool sizes_known = true;
  std::uint64_t total_size = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::error_code ec;
    const std::uintmax_t size =
        captures_[i] == "-" ? 0 : std::filesystem::file_size(captures_[i], ec);
    if (captures_[i] == "-" || ec) {
      sizes_known = false;
      continue;
    }
    sizes[i] = size;
    total_size += size;
  }

  const Clock::time_point started = Clock::now();
  RunProgress progress;
  progress.file_count = count;
  std::uint64_t packets_before = 0;  // of the captures read completely
  std::uint64_t bytes_before = 0;    // file bytes of those captures
  Clock::time_point last_report{};
  auto report = [&](bool always) {
    if (!on_progress) return;
    const Clock::time_point now = Clock::now();
    if (!always && now - last_report < std::chrono::milliseconds(100)) return;
    last_report = now;
    progress.elapsed_seconds = seconds_since(started, now);
    progress.total_packets = packets_before + progress.packets;
    progress.packets_per_second =
        progress.elapsed_seconds > 0
            ? static_cast<double>(progress.total_packets) / progress.elapsed_seconds
            : 0;
    const std::uint64_t done = std::min(total_size, bytes_before + progress.bytes_read);
    progress.remaining_seconds = sizes_known && done > 0 && progress.elapsed_seconds > 0
                                     ? progress.elapsed_seconds *
                                           static_cast<double>(total_size - done) /
                                           static_cast<double>(done)
                                     : -1;
    on_progress(progress);
  };
  auto database_failure = [&](const DbError& e, AnalysisResult result) {
    out.database_error = e.what();
    out.exit_code = 3;
    out.summary = std::move(result);
    out.counts = summary_counts(out.summary);
    return std::move(out);
  };

  std::vector<std::int64_t> run_ids;
  std::vector<std::string> read_errors(count);  // by capture
  // Health samples while a capture is read: the capture layer's counters at its start, by capture.
  std::vector<CaptureHealth> health_base(count);
  Clock::time_point last_sample{};
  for (std::size_t i = 0; i < count; ++i) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
      out.cancelled = true;
      break;
    }
    if (db_) {
      CaptureRunRecord pending;
      pending.source = captures_[i];
      try {
        run_ids.push_back(db_->begin_run(pending));
      } catch (const DbError& e) {
        engine.finish();
        return database_failure(e, engine.take_result());
      }
    }
    progress.file_index = i;
    progress.file = captures_[i];
    progress.packets = 0;
    progress.bytes_read = 0;
    progress.file_size = sizes[i];
    report(true);
    if (db_) {
      health_base[i] = engine.current_health();
      last_sample = Clock::now();
    }
    try {
      const bool complete = engine.run_file(
          captures_[i], static_cast<std::uint32_t>(i),
          [&](const Progress& p) {
            progress.packets = p.packets;
            progress.bytes_read = p.bytes_read;
            report(false);
            if (db_ && Clock::now() - last_sample >= kHealthInterval) {
              last_sample = Clock::now();
              CaptureRunRecord so_far;  // bytes: of the file, the packets' are known at its end
              so_far.packets = p.packets;
              so_far.bytes = p.bytes_read;
              store_sample(*db_, run_ids[i],
                           health_sample(so_far, engine.current_health(), health_base[i]));
            }
          },
          cancel);
      if (!complete) out.cancelled = true;
    } catch (const CaptureError& e) {
      read_errors[i] = e.what();
    }
    report(true);
    packets_before += progress.packets;
    bytes_before += sizes[i];
    progress.packets = 0;
    progress.bytes_read = 0;
    if (out.cancelled) break;
  }
  engine.finish();
  AnalysisResult result = engine.take_result();
  out.seconds = seconds_since(started);
  // result.captures[i] is capture i: one record for each capture begun, failed or not.
  for (std::size_t i = 0; i < result.captures.size() && i < count; ++i) {
    if (!read_errors[i].empty()) out.errors.push_back(read_errors[i]);
    if (result.captures[i].truncated)
      out.errors.push_back("capture '" + captures_[i] +
                           "' ends in the middle of a packet (what was read before is kept)");
  }

  MergeReport merged;
  if (db_) {
    // Each run's last sample: its final figures (the last capture's include the flows the end
    // of input closed).
    for (std::size_t i = 0; i < run_ids.size() && i < result.captures.size(); ++i) {
      const CaptureHealth& end =
          i + 1 < health_base.size() && i + 1 < run_ids.size() ? health_base[i + 1] : result.health;
      store_sample(*db_, run_ids[i], health_sample(result.captures[i], end, health_base[i]));
    }
    try {
      merged = db_->merge(result, run_ids);
    } catch (const DbError& e) {
      return database_failure(e, std::move(result));
    }
  }
  try {
    std::vector<std::pair<std::string, std::int64_t>> capture_runs;
    for (std::size_t i = 0; i < run_ids.size() && i < count; ++i)
      capture_runs.emplace_back(captures_[i], run_ids[i]);
    result.alerts += finish_detection(engine.detector(), db_ ? &*db_ : nullptr, merged,
                                      capture_runs, detection_);
    // A run is complete once all it found is stored, its alerts included: when they cannot be
    // written, the runs stay unfinished (and a later writer marks them interrupted).
    for (std::size_t i = 0; db_ && i < run_ids.size() && i < result.captures.size(); ++i) {
      const CaptureRunRecord& c = result.captures[i];
      const bool whole = read_errors[i].empty() && !c.truncated && !c.cancelled;
      db_->finish_run(run_ids[i], c, whole ? RunStatus::Complete : RunStatus::Interrupted);
    }
  } catch (const DbError& e) {
    return database_failure(e, std::move(result));
  }
  out.summary = std::move(result);
  out.counts = summary_counts(out.summary);
  out.exit_code = out.errors.empty() ? 0 : 1;
  return out;
}

std::vector<std::string> OfflineRun::warnings() const {
  if (!engine_) return {};
  return detection_problems(engine_->detector(), detection_);
}

// ---- live --------------------------------------------------------------------------------------

namespace {

/// What the capture thread hands the database writer at each flush: plain data, nothing that
/// points into the engine or the detector.
struct FlushJob {
  /// The engine's delta (Engine::take_result()); its last CaptureRunRecord is the interval's.
  AnalysisResult delta;
  /// The detector's alert changes since the previous flush, with their evidence packets.
  std::vector<detection::AlertChange> changes;
  std::uint64_t raised = 0;  // alerts newly raised among them
  /// What the run has learned for the baseline so far (only while it learns).
  std::optional<detection::Baseline> learned;
};

/// Flushes waiting for the writer at most: a writer this far behind makes the capture thread
/// wait (counted as a stall) rather than hold unbounded deltas.
constexpr std::size_t kFlushQueueDepth = 4;

/// The bounded queue between the capture thread and the database writer, and the way back: the
/// changes a merge found against what the database stored, for the capture thread's detector.
class FlushQueue {
 public:
  /// Capture thread: queues a job, waiting while the queue is full (`waited` says whether it
  /// had to). False when the writer failed (failure() says why); the job is then dropped.
  bool push(FlushJob&& job, bool& waited) {
    std::unique_lock lock(mutex_);
    waited = jobs_.size() >= kFlushQueueDepth && !failed_;
    not_full_.wait(lock, [&] { return jobs_.size() < kFlushQueueDepth || failed_; });
    if (failed_) return false;
    jobs_.push_back(std::move(job));
    not_empty_.notify_one();
    return true;
  }
  /// Writer: the next job; nullopt once the queue is closed and empty.
  std::optional<FlushJob> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !jobs_.empty() || closed_; });
    if (jobs_.empty()) return std::nullopt;
    FlushJob job = std::move(jobs_.front());
    jobs_.pop_front();
    not_full_.notify_one();
    return job;
  }
  /// No more jobs: the writer ends once it has written those queued.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  /// Writer: writing failed; the jobs still queued are dropped and pushes refused.
  void fail(std::string message) {
    std::lock_guard lock(mutex_);
    failed_ = true;
    failure_ = std::move(message);
    jobs_.clear();
    not_full_.notify_all();
  }
  std::optional<std::string> failure() const {
    std::lock_guard lock(mutex_);
    if (!failed_) return std::nullopt;
    return failure_;
  }
  /// Writer: changes a merge added to the history, for the capture thread's detector.
  void send_back(std::vector<std::pair<ChangeRecord, std::string>> changes) {
    if (changes.empty()) return;
    std::lock_guard lock(mutex_);
    for (auto& c : changes) returned_.push_back(std::move(c));
  }
  /// Capture thread: those changes, once.
  std::vector<std::pair<ChangeRecord, std::string>> take_returned() {
    std::lock_guard lock(mutex_);
    return std::exchange(returned_, {});
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<FlushJob> jobs_;
  bool closed_ = false;
  bool failed_ = false;
  std::string failure_;
  std::vector<std::pair<ChangeRecord, std::string>> returned_;
};

/// Stores alert changes and forwards the newly raised ones (with their database ids).
void store_alert_changes(Database& db, std::vector<detection::AlertChange>& changes,
                         const std::vector<std::pair<std::string, std::int64_t>>& captures,
                         DetectionSetup& setup) {
  if (changes.empty()) return;
  const std::vector<detection::MergedAlert> merged = detection::merge_alerts(db, changes, captures);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (!changes[i].raised) continue;
    std::optional<std::int64_t> id;
    if (i < merged.size()) id = merged[i].id;
    for (auto& f : setup.forwarders) f->forward(changes[i].alert, id);
  }
}

}  // namespace

LiveRun::LiveRun(LiveRunOptions options) : options_(std::move(options)) {
  check_protocols(options_.protocols);
  check_encoding(options_.legacy_encoding);
  if (options_.db.empty()) throw RunError("a live capture needs a database to write");
  created_db_ = !file_exists(options_.db);
  db_.emplace(open_database(options_.db));
  try {
    detection_ = detection_for(options_.detection, &*db_);
  } catch (const RunError&) {
    remove_created_database(db_, options_.db, created_db_);
    throw;
  }
}

LiveRun::~LiveRun() = default;

RunOutcome LiveRun::run(const std::atomic<bool>& stop, const FlushFn& on_flush,
                        const std::function<void(const std::string&)>& on_started) {
  if (engine_) throw std::logic_error("LiveRun::run() called twice");
  // The writer judges the devices a merge identified against the advisories with a detector of
  // its own, under the same policy: the engine's detector belongs to the capture thread.
  detection::Detector advisories(detection::DetectorConfig{detection_.config.policy, {}, false});
  engine_ = make_engine(detection_, options_.protocols, options_.legacy_encoding);
  Engine& engine = *engine_;

  RunOutcome out;
  out.database = options_.db;
  AnalysisResult& summary = out.summary;
  const Clock::time_point started = Clock::now();
  Clock::time_point last_flush = started;
  std::string source;
  std::int64_t run_id = 0;
  bool opened = false;
  // Written by the writer thread, read by this one after it has ended: the run's capture_runs
  // record (the first delta's record, then each delta's counts added) and its anomalies.
  CaptureRunRecord total;
  bool have_total = false;
  std::uint64_t anomalies = 0;
  FlushQueue queue;

  auto on_open = [&](capture::PcapSource& src) {
    if (!options_.write.empty())
      src.write_to(capture::PcapWriteOptions{options_.write, options_.write_max_bytes,
                                             options_.write_files});
    CaptureRunRecord pending;
    pending.source = src.name();
    source = pending.source;
    run_id = db_->begin_run(pending);
    opened = true;
    if (on_started) on_started(source);
  };
  // Retention: due when the run starts, then every retention_interval; a bounded amount per
  // flush, continued at the next flush when more is left.
  Clock::time_point next_prune = started;
  auto prune_if_due = [&](Clock::time_point now) {
    if (options_.retention.count() <= 0 || now < next_prune) return;
    RetentionOptions retention;
    retention.max_batches = 20;
    try {
      const RetentionCounts c = prune(*db_, retention_cutoff_us(options_.retention), retention);
      pruned_.alerts += c.alerts;
      pruned_.evidence += c.evidence;
      pruned_.anomalies += c.anomalies;
      pruned_.health_samples += c.health_samples;
      pruned_.transactions += c.transactions;
      next_prune = c.complete ? now + options_.retention_interval : now;
    } catch (const DbError& e) {
      // Capturing matters more than pruning: try again at the next interval.
      retention_warnings_.push_back(std::string("retention: ") + e.what());
      next_prune = now + options_.retention_interval;
    }
  };

  // The database writer: merges each delta, stores and forwards its alerts, the health sample and
  // the baseline, prunes, and reports the flush. Only it touches the database while capturing.
  auto write = [&](FlushJob& job) {
    AnalysisResult& delta = job.delta;
    const CaptureRunRecord& r = delta.captures.back();
    if (!have_total) {
      total = r;
      have_total = true;
    } else {
      total.packets += r.packets;
      total.bytes += r.bytes;
      total.undecodable += r.undecodable;
      total.finished_us = r.finished_us;
      total.drops = r.drops;
      total.last_packet_us = std::max(total.last_packet_us, r.last_packet_us);
      if (total.first_packet_us == 0) total.first_packet_us = r.first_packet_us;
    }
    const MergeReport merged = db_->merge(delta, run_id);
    // Identity and address changes against what earlier runs stored: the capture thread's
    // detector raises them (it knows which the run reported already) at its next flush.
    queue.send_back(detection::merged_changes(*db_, merged));
    raise_advisory_alerts(advisories, *db_, merged, source);
    job.raised += advisories.take_raised();
    for (detection::AlertChange& c : advisories.take_changes()) job.changes.push_back(std::move(c));
    store_alert_changes(*db_, job.changes, {{source, run_id}}, detection_);
    if (job.learned) detection::save_baseline(*db_, *job.learned, "learned");
    summary.alerts += delta.alerts + job.raised;
    summary.packets += delta.packets;
    summary.bytes += delta.bytes;
    add_protocols(summary, delta);
    summary.health = delta.health;  // the capture layer's counters since the start
    store_sample(*db_, run_id, health_sample(total, delta.health, CaptureHealth{}));
    for (const AnomalyRecord& a : delta.anomalies) anomalies += a.count;
    const Clock::time_point now = Clock::now();
    prune_if_due(now);
    if (on_flush) {
      LiveFlush f;
      f.packets = r.packets;
      f.bytes = r.bytes;
      f.drops = r.drops;
      f.interval_seconds = seconds_since(last_flush, now);
      f.packets_per_second =
          f.interval_seconds > 0 ? static_cast<double>(f.packets) / f.interval_seconds : 0;
      f.elapsed_seconds = seconds_since(started, now);
      f.totals = summary;
      f.totals.captures = {total};
      f.counts = database_counts(db_->totals(), anomalies);
      f.flush_stall_max_ms =
          static_cast<double>(stall_max_us_.load(std::memory_order_relaxed)) / 1000.0;
      on_flush(f);
    }
    last_flush = now;
  };
  std::thread writer([&] {
    while (std::optional<FlushJob> job = queue.pop()) {
      try {
        write(*job);
      } catch (const std::exception& e) {  // DbError; a forwarder's or on_flush's failure
        queue.fail(e.what());
      }
    }
  });
  // The writer has written everything queued (or failed) and ended; run() never returns or
  // throws before this.
  auto end_writer = [&] {
    queue.close();
    if (writer.joinable()) writer.join();
  };
  struct EndWriter {
    const std::function<void()> end;
    ~EndWriter() { end(); }
  } end_writer_on_exit{end_writer};

  // The capture thread's part of a flush: it takes the detector's alert changes (with the
  // evidence packets the engine's rings kept) and hands them over with the delta, then goes
  // back to reading. Throws DbError when the writer failed.
  auto flush = [&](AnalysisResult&& delta) {
    if (std::optional<std::string> failed = queue.failure()) throw DbError(*failed);
    detection::Detector& detector = engine.detector();
    for (const auto& [change, capture] : queue.take_returned()) detector.on_change(change, capture);
    FlushJob job;
    job.raised = detector.take_raised();
    job.changes = detector.take_changes();
    engine.attach_evidence_packets(job.changes);
    if (!detector.learned().empty()) job.learned = detector.learned();
    // Engine::run_live stamps the interval's record as the flush begins.
    const std::int64_t begun_us = delta.captures.back().finished_us;
    job.delta = std::move(delta);
    bool waited = false;
    if (!queue.push(std::move(job), waited))
      throw DbError(queue.failure().value_or("database error"));
    if (waited) ++queue_waits_;
    const std::int64_t stalled_us = std::max<std::int64_t>(0, wall_clock_us() - begun_us);
    if (stalled_us > stall_max_us_.load(std::memory_order_relaxed))
      stall_max_us_.store(stalled_us, std::memory_order_relaxed);
    ++flushes_;
  };

  try {
    engine.run_live(options_.live, options_.duration, stop, options_.flush_interval, flush,
                    on_open);
  } catch (const CaptureError& e) {
    if (!opened) {  // interface, filter or --write file: nothing was written
      end_writer();
      remove_created_database(db_, options_.db, created_db_);
      throw RunError(e.what());
    }
    out.errors.push_back(e.what());  // read error: what was read is merged
  } catch (const DbError& e) {
    out.database_error = e.what();
  }
  end_writer();
  if (out.database_error.empty())
    if (std::optional<std::string> failed = queue.failure()) out.database_error = *failed;
  if (out.database_error.empty()) {
    try {
      // The changes the last merges found go to the detector; the alerts they raise are stored.
      detection::Detector& detector = engine.detector();
      for (const auto& [change, capture] : queue.take_returned())
        detector.on_change(change, capture);
      summary.alerts +=
          finish_detection(detector, &*db_, MergeReport{}, {{source, run_id}}, detection_,
                           [&engine](auto& changes) { engine.attach_evidence_packets(changes); });
    } catch (const DbError& e) {
      out.database_error = e.what();
    }
  }
  if (!out.database_error.empty()) {
    out.exit_code = 3;
    if (opened) {
      try {  // what earlier flushes stored stays, marked as cut short
        db_->finish_run(run_id, total, RunStatus::Interrupted);
      } catch (const DbError&) {
      }
    }
    summary.captures = {total};
    out.seconds = seconds_since(started);
    return out;
  }
  out.cancelled = stop.load();
  try {
    db_->finish_run(
        run_id, total,
        out.cancelled || !out.errors.empty() ? RunStatus::Interrupted : RunStatus::Complete);
    out.counts = database_counts(db_->totals(), anomalies);
  } catch (const DbError& e) {
    out.database_error = e.what();
    out.exit_code = 3;
  }
  summary.captures = {total};
  out.seconds = seconds_since(started);
  if (out.exit_code == 0) out.exit_code = out.errors.empty() ? 0 : 1;
  return out;
}

std::vector<std::string> LiveRun::warnings() const {
  if (!engine_) return {};
  std::vector<std::string> out = detection_problems(engine_->detector(), detection_);
  out.insert(out.end(), retention_warnings_.begin(), retention_warnings_.end());
  return out;
}

}  // namespace otscope::cli
