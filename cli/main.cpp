// otscope: passive ICS network analysis from the command line.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/advisory_commands.h"
#include "cli/common.h"
#include "cli/detection_commands.h"
#include "cli/format.h"
#include "cli/inventory_commands.h"
#include "cli/listings.h"
#include "cli/maintenance_commands.h"
#include "cli/run.h"
#include "cli/summary.h"
#include "db/database.h"
#include "protocols/registry.h"

namespace {

using namespace otscope;
using nlohmann::json;

std::atomic<bool> g_stop{false};

void on_signal(int) {
  g_stop.store(true);
}

struct AnalyzeArgs {
  std::string db = cli::default_db();
  bool json = false;
  bool no_db = false;
  bool quiet = false;
  std::vector<std::string> protocols;
  std::string legacy_encoding;
  std::vector<std::string> captures;
  cli::DetectionArgs detection;
  std::size_t threads = 0;
};

void print_warnings(const std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) std::cerr << "otscope: warning: " << w << '\n';
}

int cmd_analyze(const AnalyzeArgs& a) {
  cli::OfflineOptions options;
  options.threads = a.threads;
  if (!a.no_db) options.db = a.db;
  options.protocols = a.protocols;
  options.legacy_encoding = a.legacy_encoding;
  options.detection = a.detection;
  std::optional<cli::OfflineRun> run;
  try {
    run.emplace(std::move(options), a.captures);
  } catch (const cli::RunError& e) {
    return cli::fail(e.what(), e.exit_code());
  }
  const bool progress = !a.quiet && isatty(STDERR_FILENO);
  cli::OfflineRun::ProgressFn show;
  if (progress)
    show = [](const cli::RunProgress& p) {
      std::cerr << "\r[" << (p.file_index + 1) << "/" << p.file_count << "] " << p.file << "  ";
      if (p.file_size) std::cerr << (p.bytes_read * 100 / p.file_size) << "%  ";
      std::cerr << cli::thousands(p.packets) << " packets   " << std::flush;
    };
  const cli::RunOutcome r = run->run(show);
  if (progress) std::cerr << "\r\033[K" << std::flush;
  if (!r.database_error.empty()) return cli::fail(r.database_error, r.exit_code);
  print_warnings(run->warnings());
  if (a.json) {
    json j = cli::summary_json(r.summary, r.counts);
    j["seconds"] = r.seconds;
    if (!r.database.empty()) j["database"] = r.database;
    if (!r.errors.empty()) j["errors"] = r.errors;
    std::cout << j.dump(2) << '\n';
  } else if (!a.quiet) {
    cli::write_summary(std::cout, r.summary, r.counts, r.seconds, r.database);
  }
  for (const auto& e : r.errors) std::cerr << "otscope: error: " << e << '\n';
  return r.exit_code;
}

struct CaptureArgs {
  capture::LiveOptions live;
  std::string db = cli::default_db();
  double duration = 0;
  double flush_interval = 5;
  bool no_promisc = false;
  bool json = false;
  std::string write;
  std::string write_max_size;  // "100M"; "" for one file
  std::uint64_t write_files = 0;
  std::string retention;  // "90d"; "" for none
  std::vector<std::string> protocols;
  std::string legacy_encoding;
  cli::DetectionArgs detection;
};

int cmd_capture(CaptureArgs& a) {
  cli::LiveRunOptions options;
  if (!a.write_max_size.empty()) {
    const auto size = cli::parse_size(a.write_max_size);
    if (!size) return cli::fail("invalid --write-max-size '" + a.write_max_size + "'", 2);
    options.write_max_bytes = *size;
  }
  if (!a.retention.empty()) {
    const auto age = cli::parse_age(a.retention);
    if (!age) return cli::fail("invalid --retention '" + a.retention + "'", 2);
    options.retention = *age;
  }
  options.write_files = a.write_files;
  options.db = a.db;
  options.live = a.live;
  options.live.promiscuous = !a.no_promisc;
  options.duration = a.duration;
  options.flush_interval = a.flush_interval;
  options.write = a.write;
  options.protocols = a.protocols;
  options.legacy_encoding = a.legacy_encoding;
  options.detection = a.detection;
  std::optional<cli::LiveRun> run;
  try {
    run.emplace(std::move(options));
  } catch (const cli::RunError& e) {
    return cli::fail(e.what(), e.exit_code());
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  auto announce = [&](const std::string&) {
    if (!a.json)
      std::cerr
          << "otscope: capturing on "
          << a.live.interface << (a.live.filter.empty() ? "" : " (filter: " + a.live.filter + ")")
          << ", Ctrl-C to stop\n";
  };
  cli::RunOutcome r;
  try {
    r = run->run(g_stop, {}, announce);
  } catch (const cli::RunError& e) {
    return cli::fail(e.what(), e.exit_code());
  }
  if (!r.database_error.empty()) return cli::fail(r.database_error, r.exit_code);
  print_warnings(run->warnings());
  const std::uint64_t drops = r.summary.captures.empty() ? 0 : r.summary.captures.back().drops;
  if (a.json) {
    json j = cli::summary_json(r.summary, r.counts);
    j["drops"] = drops;
    j["flush_stall_max_ms"] = run->flush_stall_max_ms();
    j["flushes"] = run->flushes();
    j["flush_queue_waits"] = run->flush_queue_waits();
    j["seconds"] = r.seconds;
    j["database"] = r.database;
    if (!a.retention.empty())
      j["pruned"] = {{"alerts", run->pruned().alerts}, {"anomalies", run->pruned().anomalies}};
    if (!r.errors.empty()) j["errors"] = r.errors;
    std::cout << j.dump(2) << '\n';
  } else {
    cli::write_summary(std::cout, r.summary, r.counts, r.seconds, r.database);
    std::cout << "  kernel drops: " << drops << '\n';
    char stall[160];
    std::snprintf(stall, sizeof stall,
                  "  longest flush stall: %.1f ms (%llu flushes, %llu waited for the database)\n",
                  run->flush_stall_max_ms(), static_cast<unsigned long long>(run->flushes()),
                  static_cast<unsigned long long>(run->flush_queue_waits()));
    std::cout << stall;
  }
  for (const auto& e : r.errors) std::cerr << "otscope: error: " << e << '\n';
  return r.exit_code;
}

enum class Format { Text, Json, Csv };

struct ListArgs {
  std::string db = cli::default_db();
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
    return cli::fail(e.what(), 2);
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
  // The registered protocols, as --protocols names them and as people write them.
  std::string names, display;
  for (const ProtocolDescriptor* p : builtin_protocols()) {
    names += (names.empty() ? "" : ", ") + std::string(p->name);
    for (const ProtocolInfo* info : p->protocols)
      display += (display.empty() ? "" : ", ") + std::string(info->display_name);
  }
  const std::string protocols_help =
      "Decode only these protocols, comma-separated (" + names + "); all by default";
  const std::string encoding_help =
      "Character encoding of device strings that are not UTF-8 (GBK, CP1252, ...: any iconv "
      "name); without it such bytes are shown as \\xNN";
  CLI::App app{"otscope: passive monitoring of industrial control networks (" + display +
               ").\nReads captures or a live interface, never transmits, stores what it sees in "
               "SQLite."};
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
  an->add_option("--protocols", analyze.protocols, protocols_help)->delimiter(',');
  an->add_option("--legacy-encoding", analyze.legacy_encoding, encoding_help);
  an->add_option("--threads", analyze.threads,
                 "Threads: 1 reads and decodes on one; 2 or more read and reassemble on one and "
                 "decode on another, with the same results (default: one per core)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{256}));
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
  cp->add_option("--buffer-mib", cap.live.buffer_mib,
                 "Kernel capture ring in MiB (mapped into the process: counts in its memory)")
      ->check(CLI::Range(1, 2048))
      ->capture_default_str();
  cp->add_flag("--immediate,!--no-immediate", cap.live.immediate,
               "Deliver each packet at once instead of in blocks (lowest latency; drops packets "
               "at high rates). --no-immediate, the default, is kept for scripts");
  cp->add_option("--flush-interval", cap.flush_interval, "Seconds between database writes")
      ->check(CLI::Range(0.2, 3600.0))
      ->capture_default_str();
  cp->add_flag("--json", cap.json, "Print a machine-readable summary at the end");
  cp->add_option("--protocols", cap.protocols, protocols_help)->delimiter(',');
  cp->add_option("--legacy-encoding", cap.legacy_encoding, encoding_help);
  cli::add_detection_options(cp, cap.detection);
  cp->add_option("-w,--write", cap.write, "Also save the captured frames to this pcap file");
  cp->add_option("--write-max-size", cap.write_max_size,
                 "Ring buffer for --write: files of at most this size (100M, 1G), named "
                 "FILE_00001.pcap, ...")
      ->needs("--write");
  cp->add_option("--write-files", cap.write_files,
                 "With --write-max-size: keep at most this many files, deleting the oldest")
      ->check(CLI::PositiveNumber)
      ->needs("--write-max-size");
  cp->add_option("--retention", cap.retention,
                 "Prune closed alerts and anomalies last seen longer ago than this (90d) while "
                 "capturing, hourly");
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
  cli::add_advisory_commands(app, exit_code);
  cli::add_maintenance_commands(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
