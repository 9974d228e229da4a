// otscope: passive ICS network analysis from the command line.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/detection_commands.h"
#include "cli/format.h"
#include "cli/inventory_commands.h"
#include "cli/listings.h"
#include "cli/summary.h"
#include "db/database.h"
#include "engine/engine.h"
#include "protocols/registry.h"

namespace {

using namespace otscope;
using nlohmann::json;

std::atomic<bool> g_stop{false};
capture::PcapSource* g_live_source = nullptr;

void on_signal(int) {
  g_stop.store(true);
  if (g_live_source) g_live_source->interrupt();
}

std::string default_db() {
  const char* env = std::getenv("OTSCOPE_DB");
  return env && *env ? env : "otscope.db";
}

// Prints "otscope: error: ..." and returns the exit code for the failure.
int fail(const std::string& message, int code = 1) {
  std::cerr << "otscope: error: " << message << '\n';
  return code;
}

/// An unknown --protocols name is a one-line error before any work.
bool check_protocols(const std::vector<std::string>& names) {
  try {
    select_protocols(names);
    return true;
  } catch (const std::invalid_argument& e) {
    fail(e.what(), 2);
    return false;
  }
}

struct AnalyzeArgs {
  std::string db = default_db();
  bool json = false;
  bool no_db = false;
  bool quiet = false;
  std::vector<std::string> protocols;
  std::vector<std::string> captures;
  cli::DetectionArgs detection;
};

int cmd_analyze(const AnalyzeArgs& a) {
  if (!check_protocols(a.protocols)) return 2;
  // Check every capture before any work, so a typo costs nothing.
  for (const auto& path : a.captures) {
    if (path == "-") continue;
    try {
      capture::PcapSource::open_file(path);
    } catch (const CaptureError& e) {
      return fail(e.what(), 2);
    }
  }
  std::optional<Database> db;
  if (!a.no_db) {
    try {
      db.emplace(Database::open(a.db));
    } catch (const DbError& e) {
      return fail(e.what(), 2);
    }
  }
  cli::DetectionSetup detection;
  try {
    detection = cli::prepare_detection(a.detection, db ? &*db : nullptr);
  } catch (const std::exception& e) {  // policy, forwarding target or stored baseline
    return fail(e.what(), 2);
  }
  const bool progress = !a.quiet && isatty(STDERR_FILENO);
  EngineOptions engine_options;
  engine_options.detection = std::move(detection.config);
  engine_options.protocols = a.protocols;
  Engine engine(std::move(engine_options));
  std::vector<std::int64_t> run_ids;
  std::vector<std::string> errors;
  std::vector<bool> failed(a.captures.size(), false);
  const auto started = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < a.captures.size(); ++i) {
    if (db) {
      CaptureRunRecord pending;
      pending.source = a.captures[i];
      run_ids.push_back(db->begin_run(pending));
    }
    try {
      engine.run_file(a.captures[i], static_cast<std::uint32_t>(i), [&](const Progress& p) {
        if (!progress) return;
        std::cerr << "\r[" << (i + 1) << "/" << a.captures.size() << "] " << p.file << "  ";
        if (p.file_size) std::cerr << (p.bytes_read * 100 / p.file_size) << "%  ";
        std::cerr << cli::thousands(p.packets) << " packets   " << std::flush;
      });
    } catch (const CaptureError& e) {
      errors.push_back(e.what());
      failed[i] = true;
    }
  }
  engine.finish();
  if (progress) std::cerr << "\r\033[K" << std::flush;
  AnalysisResult result = engine.take_result();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (db) {
    try {
      db->merge(result, run_ids);
      for (std::size_t i = 0; i < run_ids.size() && i < result.captures.size(); ++i) {
        db->finish_run(run_ids[i], result.captures[i],
                       failed[i] || result.captures[i].truncated ? RunStatus::Interrupted
                                                                 : RunStatus::Complete);
      }
    } catch (const DbError& e) {
      return fail(e.what(), 3);
    }
  }
  try {
    std::vector<std::pair<std::string, std::int64_t>> capture_runs;
    for (std::size_t i = 0; i < run_ids.size() && i < a.captures.size(); ++i)
      capture_runs.emplace_back(a.captures[i], run_ids[i]);
    result.alerts +=
        cli::finish_detection(engine.detector(), db ? &*db : nullptr, capture_runs, detection);
  } catch (const DbError& e) {
    return fail(e.what(), 3);
  }
  cli::report_detection_problems(engine.detector(), detection);
  if (a.json) {
    json j = cli::summary_json(result);
    j["seconds"] = seconds;
    if (db) j["database"] = a.db;
    if (!errors.empty()) j["errors"] = errors;
    std::cout << j.dump(2) << '\n';
  } else if (!a.quiet) {
    cli::write_summary(std::cout, result, seconds, db ? a.db : std::string());
  }
  for (const auto& c : result.captures)
    if (c.truncated)
      std::cerr << "otscope: warning: '" << c.source << "' ends in the middle of a packet\n";
  for (const auto& e : errors) std::cerr << "otscope: error: " << e << '\n';
  return errors.empty() ? 0 : 1;
}

struct CaptureArgs {
  capture::LiveOptions live;
  std::string db = default_db();
  double duration = 0;
  double flush_interval = 5;
  bool no_promisc = false;
  bool no_immediate = false;
  bool json = false;
  std::string write;
  std::vector<std::string> protocols;
  cli::DetectionArgs detection;
};

int cmd_capture(CaptureArgs& a) {
  if (!check_protocols(a.protocols)) return 2;
  a.live.promiscuous = !a.no_promisc;
  a.live.immediate = !a.no_immediate;
  std::optional<Database> db;
  try {
    db.emplace(Database::open(a.db));
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  cli::DetectionSetup detection;
  try {
    detection = cli::prepare_detection(a.detection, &*db);
  } catch (const std::exception& e) {  // policy, forwarding target or stored baseline
    return fail(e.what(), 2);
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  EngineOptions engine_options;
  engine_options.detection = std::move(detection.config);
  engine_options.protocols = a.protocols;
  Engine engine(std::move(engine_options));
  std::string live_source;
  CaptureRunRecord total;
  std::int64_t run_id = 0;
  AnalysisResult summary;
  const auto started = std::chrono::steady_clock::now();
  try {
    engine.run_live(
        a.live, a.duration, g_stop, a.flush_interval,
        [&](AnalysisResult&& delta) {
          const CaptureRunRecord& r = delta.captures.back();
          if (total.started_us == 0) total = r;
          total.packets += r.packets;
          total.bytes += r.bytes;
          total.finished_us = r.finished_us;
          total.drops = r.drops;
          total.last_packet_us = std::max(total.last_packet_us, r.last_packet_us);
          if (total.first_packet_us == 0) total.first_packet_us = r.first_packet_us;
          db->merge(delta, run_id);
          summary.alerts +=
              delta.alerts +
              cli::finish_detection(engine.detector(), &*db, {{live_source, run_id}}, detection);
          summary.packets += delta.packets;
          summary.bytes += delta.bytes;
          for (const auto& [name, s] : delta.protocols) {
            auto& into = summary.protocols[name];
            into.messages += s.messages;
            into.malformed += s.malformed;
            for (const auto& [k, v] : s.functions) into.functions[k] += v;
          }
          summary.health = delta.health;
        },
        [&](capture::PcapSource& src) {
          g_live_source = &src;
          if (!a.write.empty()) src.write_to(a.write);
          CaptureRunRecord pending;
          pending.source = src.name();
          live_source = pending.source;
          run_id = db->begin_run(pending);
          if (!a.json)
            std::cerr << "otscope: capturing on " << a.live.interface
                      << (a.live.filter.empty() ? "" : " (filter: " + a.live.filter + ")")
                      << ", Ctrl-C to stop\n";
        });
  } catch (const CaptureError& e) {
    g_live_source = nullptr;
    return fail(e.what(), 2);
  } catch (const DbError& e) {
    g_live_source = nullptr;
    return fail(e.what(), 3);
  }
  g_live_source = nullptr;
  cli::report_detection_problems(engine.detector(), detection);
  db->finish_run(run_id, total, g_stop ? RunStatus::Interrupted : RunStatus::Complete);
  const DbTotals totals = db->totals();
  summary.captures.push_back(total);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (a.json) {
    json j = cli::summary_json(summary);
    j["assets"] = totals.assets;
    j["links"] = totals.links;
    j["drops"] = total.drops;
    j["seconds"] = seconds;
    j["database"] = a.db;
    std::cout << j.dump(2) << '\n';
  } else {
    cli::write_summary(std::cout, summary, seconds, a.db);
    std::cout << "  kernel drops: " << total.drops << '\n';
  }
  return 0;
}

enum class Format { Text, Json, Csv };

struct ListArgs {
  std::string db = default_db();
  bool json = false;
  bool csv = false;
};

int cmd_list(const ListArgs& a, cli::Table (*table)(const Database&),
             json (*as_json)(const Database&)) {
  try {
    Database db = Database::open_readonly(a.db);
    if (a.json) {
      std::cout << as_json(db).dump(2) << '\n';
    } else if (a.csv) {
      cli::write_csv(std::cout, table(db));
    } else {
      cli::write_text(std::cout, table(db));
    }
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  return 0;
}

void add_list_command(CLI::App& app, const char* name, const char* help, ListArgs& args,
                      int& exit_code, cli::Table (*table)(const Database&),
                      json (*as_json)(const Database&)) {
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("--db", args.db, "SQLite database to read")->capture_default_str();
  auto* j = cmd->add_flag("--json", args.json, "JSON array on stdout");
  auto* c = cmd->add_flag("--csv", args.csv, "CSV (spreadsheet-safe) on stdout");
  j->excludes(c);
  cmd->callback(
      [&args, &exit_code, table, as_json] { exit_code = cmd_list(args, table, as_json); });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "otscope: passive monitoring of industrial control networks (Modbus/TCP, DNP3, S7comm).\n"
      "Reads captures or a live interface, never transmits, stores what it sees in SQLite."};
  app.set_version_flag("--version", std::string("otscope 0.1.0"));
  app.require_subcommand(1);
  int exit_code = 0;

  AnalyzeArgs analyze;
  auto* an = app.add_subcommand("analyze", "Analyse pcap/pcapng files into the database");
  an->add_option("--db", analyze.db, "SQLite database to write (created if missing; merged into)")
      ->capture_default_str();
  an->add_flag("--json", analyze.json, "Print a machine-readable summary object");
  an->add_flag("--no-db", analyze.no_db, "Analyse in memory only; write no database");
  an->add_flag("-q,--quiet", analyze.quiet, "No summary and no progress line");
  an->add_option("--protocols", analyze.protocols,
                 "Decode only these protocols, comma-separated (modbus, dnp3, s7comm); all by "
                 "default")
      ->delimiter(',');
  an->add_option("captures", analyze.captures, "Capture files in order ('-' for standard input)")
      ->required();
  cli::add_detection_options(an, analyze.detection);
  an->callback([&] { exit_code = cmd_analyze(analyze); });

  CaptureArgs cap;
  auto* cp = app.add_subcommand("capture", "Capture live from an interface into the database");
  cp->add_option("-i,--interface", cap.live.interface, "Interface to listen on")->required();
  cp->add_option("--db", cap.db, "SQLite database to write")->capture_default_str();
  cp->add_option("-f,--filter", cap.live.filter, "BPF capture filter");
  cp->add_option("--duration", cap.duration, "Stop after this many seconds (0: until Ctrl-C)")
      ->check(CLI::NonNegativeNumber);
  cp->add_option("--snaplen", cap.live.snaplen, "Bytes captured per packet")
      ->check(CLI::Range(64, 262144))
      ->capture_default_str();
  cp->add_flag("--no-promisc", cap.no_promisc, "Do not put the interface in promiscuous mode");
  cp->add_option("--buffer-mib", cap.live.buffer_mib, "Kernel capture buffer in MiB")
      ->check(CLI::Range(1, 2048))
      ->capture_default_str();
  cp->add_flag("--no-immediate", cap.no_immediate, "Let the kernel batch packets");
  cp->add_option("--flush-interval", cap.flush_interval, "Seconds between database writes")
      ->check(CLI::Range(0.2, 3600.0))
      ->capture_default_str();
  cp->add_flag("--json", cap.json, "Print a machine-readable summary at the end");
  cp->add_option("--protocols", cap.protocols,
                 "Decode only these protocols, comma-separated (modbus, dnp3, s7comm); all by "
                 "default")
      ->delimiter(',');
  cli::add_detection_options(cp, cap.detection);
  cp->add_option("-w,--write", cap.write, "Also save the captured frames to this pcap file");
  cp->callback([&] { exit_code = cmd_capture(cap); });

  cli::add_inventory_commands(app, exit_code);
  ListArgs links, operations, anomalies, runs;
  add_list_command(app, "links", "List who talks to whom, on which port and protocol", links,
                   exit_code, cli::links_table, cli::links_json);
  add_list_command(app, "operations", "List what each client did to each server", operations,
                   exit_code, cli::operations_table, cli::operations_json);
  add_list_command(app, "anomalies", "List protocol anomalies (malformed messages, ...)", anomalies,
                   exit_code, cli::anomalies_table, cli::anomalies_json);
  add_list_command(app, "runs", "List the capture runs stored in the database", runs, exit_code,
                   cli::runs_table, cli::runs_json);

  cli::add_detection_commands(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
