#include "cli/detection_commands.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "capture/evidence_pcap.h"
#include "capture/pcap_writer.h"
#include "capture/source.h"
#include "cli/advisory_commands.h"
#include "cli/common.h"
#include "cli/format.h"
#include "cli/listings.h"
#include "db/alert_store.h"

namespace otscope::cli {

using nlohmann::json;
namespace det = otscope::detection;

namespace {

// ---- alerts -------------------------------------------------------------------------------------

Table alerts_table(const std::vector<det::StoredAlert>& alerts) {
  Table t;
  t.columns = {"id",  "severity", "state",    "time",  "rule",      "protocol",
               "src", "dst",      "function", "count", "last_seen", "summary"};
  for (const det::StoredAlert& s : alerts) {
    const det::Alert& a = s.alert;
    t.rows.push_back({std::to_string(s.id), std::string(det::severity_name(a.severity)),
                      std::string(det::alert_state_name(s.state)), iso8601(a.first_seen_us),
                      std::string(det::rule(a.rule).name),
                      a.protocol ? std::string(protocol_name(*a.protocol)) : "",
                      det::ip_text(a.src), det::ip_text(a.dst), a.function_text(),
                      std::to_string(a.count), iso8601(a.last_seen_us), a.summary});
  }
  return t;
}

struct AlertsArgs {
  std::string db = default_db();
  bool json = false;
  bool csv = false;
  bool all = false;
};

int cmd_alerts(const AlertsArgs& a) {
  try {
    Database db = Database::open_readonly(a.db);
    std::vector<det::StoredAlert> alerts = det::load_alerts(db);
    if (!a.all)
      std::erase_if(alerts,
                    [](const det::StoredAlert& s) { return s.state == det::AlertState::Closed; });
    if (a.json) {
      json out = json::array();
      for (const det::StoredAlert& s : alerts)
        out.push_back(det::alert_json(s.alert, s.id, s.state));
      std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
    } else if (a.csv) {
      write_csv(std::cout, alerts_table(alerts));
    } else {
      write_text(std::cout, alerts_table(alerts));
    }
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  return 0;
}

struct AlertIdArgs {
  std::string db = default_db();
  std::int64_t id = 0;
};

int cmd_alert_state(const AlertIdArgs& a, det::AlertState state) {
  try {
    Database db = Database::open(a.db);
    if (!det::set_alert_state(db, a.id, state))
      return fail("no alert " + std::to_string(a.id) + " in '" + a.db + "'", 1);
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  std::cout << "alert " << a.id << ": " << det::alert_state_name(state) << '\n';
  return 0;
}

int cmd_alert_accept(const AlertIdArgs& a) {
  try {
    Database db = Database::open(a.db);
    std::optional<std::size_t> n = det::accept_alert(db, a.id);
    if (!n) return fail("no alert " + std::to_string(a.id) + " in '" + a.db + "'", 1);
    if (*n == 0) {
      std::cout << "alert " << a.id
                << ": closed; it holds no communication the baseline could learn\n";
    } else {
      std::cout << "alert " << a.id << ": " << *n << " baseline entr" << (*n == 1 ? "y" : "ies")
                << " added; alert closed\n";
    }
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  return 0;
}

struct ExportPcapArgs {
  std::string db = default_db();
  std::int64_t id = 0;
  std::string output;
  std::string captures_dir;
};

int cmd_alert_export_pcap(const ExportPcapArgs& a) {
  const EvidencePcapOutcome r = export_alert_pcap(a.db, a.id, a.output, a.captures_dir);
  if (!r.error.empty()) return fail(r.error, r.exit_code);
  std::cout << r.message << '\n';
  for (const std::string& w : r.warnings) std::cerr << "otscope: warning: " << w << '\n';
  return 0;
}

// ---- baseline ----------------------------------------------------------------------------------

struct LearnArgs {
  std::string db = default_db();
  std::string policy;
  std::vector<std::string> captures;
};

int cmd_baseline_learn(const LearnArgs& a) {
  for (const auto& path : a.captures) {
    if (path == "-") continue;
    try {
      capture::PcapSource::open_file(path);
    } catch (const CaptureError& e) {
      return fail(e.what(), 2);
    }
  }
  try {
    Database db = Database::open(a.db);
    DetectionArgs args;
    args.policy = a.policy;
    DetectionSetup setup = prepare_detection(args, &db);
    setup.config.learn_only = true;
    EngineOptions options;
    options.detection = std::move(setup.config);
    Engine engine(std::move(options));
    int code = 0;
    for (std::size_t i = 0; i < a.captures.size(); ++i) {
      try {
        engine.run_file(a.captures[i], static_cast<std::uint32_t>(i));
      } catch (const CaptureError& e) {
        std::cerr << "otscope: error: " << e.what() << '\n';
        code = 1;
      }
    }
    engine.finish();
    engine.take_result();
    const det::Baseline& learned = engine.detector().learned();
    det::save_baseline(db, learned, "learned");
    const det::Baseline stored = det::load_baseline(db);
    std::cout << "otscope: learned " << learned.path_count() << " paths, "
              << learned.function_count() << " functions from " << a.captures.size()
              << (a.captures.size() == 1 ? " capture" : " captures") << "; baseline in '" << a.db
              << "' now holds " << stored.path_count() << " paths, " << stored.function_count()
              << " functions, " << stored.value_point_count() << " value points ("
              << learned.value_point_count() << " learned now)\n";
    return code;
  } catch (const det::PolicyError& e) {
    return fail(e.what(), 2);
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
}

struct FileArgs {
  std::string db = default_db();
  std::string file;
  bool replace = false;
};

int cmd_baseline_export(const FileArgs& a) {
  try {
    Database db = Database::open_readonly(a.db);
    const std::string text = det::load_baseline(db).to_json();
    if (a.file == "-") {
      std::cout << text;
      return 0;
    }
    std::ofstream out(a.file, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return fail("cannot write '" + a.file + "'", 1);
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  return 0;
}

int cmd_baseline_import(const FileArgs& a) {
  std::string text;
  {
    std::ifstream in(a.file, std::ios::binary);
    if (!in) return fail("cannot read '" + a.file + "'", 2);
    std::ostringstream buf;
    buf << in.rdbuf();
    text = buf.str();
  }
  try {
    const det::Baseline imported = det::Baseline::from_json(text, a.file);
    Database db = Database::open(a.db);
    if (a.replace) det::clear_baseline(db);
    det::save_baseline(db, imported, "imported");
    const det::Baseline stored = det::load_baseline(db);
    std::cout << "otscope: imported " << imported.path_count() << " paths, "
              << imported.function_count() << " functions; baseline in '" << a.db << "' now holds "
              << stored.path_count() << " paths, " << stored.function_count() << " functions, "
              << stored.value_point_count() << " value points\n";
  } catch (const det::BaselineError& e) {
    return fail(e.what(), 2);
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  return 0;
}

struct ShowArgs {
  std::string db = default_db();
  bool csv = false;
};

int cmd_baseline_show(const ShowArgs& a) {
  try {
    Database db = Database::open_readonly(a.db);
    Table t;
    t.columns = {"protocol", "client", "server",     "unit",     "function",
                 "name",     "ranges", "first_seen", "last_seen"};
    for (const det::BaselineEntry& e : det::load_baseline(db).entries())
      t.rows.push_back(
          {std::string(protocol_name(e.path.protocol)), e.path.client.to_string(),
           e.path.server.to_string(), e.path.unit < 0 ? "" : std::to_string(e.path.unit),
           std::to_string(e.function.function), e.function.name, ranges_text(e.function.ranges),
           iso8601(e.function.first_seen_us), iso8601(e.function.last_seen_us)});
    if (a.csv) {
      write_csv(std::cout, t);
    } else {
      write_text(std::cout, t);
    }
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  return 0;
}

// ---- rules -------------------------------------------------------------------------------------

int cmd_rules(bool as_json) {
  if (as_json) {
    json out = json::array();
    for (const det::Rule& r : det::builtin_rules())
      out.push_back({{"rule", r.name},
                     {"title", r.title},
                     {"severity", det::severity_name(r.severity)},
                     {"attack", r.technique},
                     {"attack_name", r.technique_name},
                     {"explanation", r.explanation}});
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  Table t;
  t.columns = {"rule", "severity", "attack", "title"};
  for (const det::Rule& r : det::builtin_rules())
    t.rows.push_back({std::string(r.name), std::string(det::severity_name(r.severity)),
                      std::string(r.technique) + " " + std::string(r.technique_name),
                      std::string(r.title)});
  write_text(std::cout, t);
  return 0;
}

}  // namespace

void add_detection_options(CLI::App* cmd, DetectionArgs& args) {
  cmd->add_option("--policy", args.policy,
                  "Detection policy (TOML; see docs/policy.example.toml); built-in when absent");
  cmd->add_option("--alerts-jsonl", args.alerts_jsonl,
                  "Append each new alert as one JSON line to this file");
  cmd->add_option("--syslog", args.syslog,
                  "Send each new alert as CEF over syslog to udp://HOST:PORT or tcp://HOST:PORT "
                  "(repeatable)");
}

DetectionSetup prepare_detection(const DetectionArgs& args, const Database* db) {
  DetectionSetup setup;
  if (!args.policy.empty())
    setup.config.policy = std::make_shared<const det::Policy>(det::load_policy_file(args.policy));
  if (db != nullptr) setup.config.baseline = det::load_baseline(*db);
  if (!args.alerts_jsonl.empty())
    setup.forwarders.push_back(std::make_unique<det::JsonLinesForwarder>(args.alerts_jsonl));
  for (const std::string& target : args.syslog)
    setup.forwarders.push_back(std::make_unique<det::SyslogForwarder>(target));
  return setup;
}

std::uint64_t finish_detection(det::Detector& detector, Database* db,
                               const MergeReport& merge_report,
                               const std::vector<std::pair<std::string, std::int64_t>>& captures,
                               DetectionSetup& setup,
                               const std::function<void(std::vector<det::AlertChange>&)>& attach) {
  if (db != nullptr) {
    // Firmware, serial or MAC changes against what earlier runs stored.
    for (const auto& [change, capture] : det::merged_changes(*db, merge_report))
      detector.on_change(change, capture);
    // Devices identified for the first time, or with new firmware, that an imported advisory
    // lists as affected (CVSS 7 or more).
    raise_advisory_alerts(detector, *db, merge_report,
                          captures.empty() ? std::string() : captures.front().first);
  }
  const std::uint64_t raised = detector.take_raised();
  std::vector<det::AlertChange> changes = detector.take_changes();
  if (attach) attach(changes);
  std::vector<det::MergedAlert> merged;
  if (db != nullptr) merged = det::merge_alerts(*db, changes, captures);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (!changes[i].raised) continue;
    std::optional<std::int64_t> id;
    if (i < merged.size()) id = merged[i].id;
    for (auto& f : setup.forwarders) f->forward(changes[i].alert, id);
  }
  if (db != nullptr && !detector.learned().empty())
    det::save_baseline(*db, detector.learned(), "learned");
  return raised;
}

std::vector<std::string> detection_problems(const det::Detector& detector,
                                            const DetectionSetup& setup) {
  std::vector<std::string> out;
  for (const auto& f : setup.forwarders)
    if (std::string p = f->problems(); !p.empty()) out.push_back(std::move(p));
  const det::Policy& p = detector.policy();
  if (p.learning == det::LearningMode::Enforce && detector.phase() == det::BaselinePhase::Off)
    out.emplace_back(
        "the policy asks to enforce the baseline but it is empty; run `otscope baseline learn` "
        "first");
  return out;
}

EvidencePcapOutcome export_alert_pcap(const std::string& db, std::int64_t id,
                                      const std::string& output, const std::string& captures_dir) {
  EvidencePcapOutcome out;
  const auto failed = [&out](std::string why, int code) {
    out.error = std::move(why);
    out.exit_code = code;
    return out;
  };
  const std::string alert_name = "alert " + std::to_string(id);
  std::optional<det::StoredAlert> alert;
  try {
    alert = det::load_alert(Database::open_readonly(db), id);
  } catch (const DbError& e) {
    return failed(e.what(), 2);
  }
  if (!alert) return failed("no " + alert_name + " in '" + db + "'", 1);
  const bool live = std::any_of(
      alert->alert.evidence.begin(), alert->alert.evidence.end(),
      [](const det::Evidence& e) { return e.frame != 0 && e.capture.rfind("live:", 0) == 0; });
  if (live) {
    // A live capture stored the evidence packets it kept (its flows' rings) with the alert.
    std::vector<det::EvidencePacket> packets;
    try {
      packets = det::load_evidence_packets(Database::open_readonly(db), id);
    } catch (const DbError& e) {
      return failed(e.what(), 2);
    }
    if (packets.empty())
      return failed(alert_name +
                        " was raised on a live capture that kept none of its packets: its frames "
                        "are in the file `otscope capture --write` saved, if any",
                    1);
    std::set<std::uint64_t> evidence;
    for (const det::Evidence& e : alert->alert.evidence)
      for (std::uint64_t frame : e.frames()) evidence.insert(frame);
    std::uint64_t shown = 0, context = 0;
    try {
      capture::PcapWriter writer({output}, packets.front().link_type, 262144);
      for (const det::EvidencePacket& p : packets) {
        if (p.link_type != packets.front().link_type) continue;
        writer.write(
            p.ts_us / 1'000'000, p.ts_us % 1'000'000, static_cast<std::uint32_t>(p.data.size()),
            std::max<std::uint32_t>(p.original_length, static_cast<std::uint32_t>(p.data.size())),
            p.data.data());
        ++(evidence.contains(p.frame) ? shown : context);
      }
      writer.flush();
    } catch (const CaptureError& e) {
      return failed(e.what(), 1);
    }
    out.message = output + ": " + std::to_string(shown) + " evidence frame" +
                  (shown == 1 ? "" : "s") + " and " + std::to_string(context) + " first frame" +
                  (context == 1 ? "" : "s") + " of their connections, kept by the live capture";
    return out;
  }
  std::vector<capture::EvidenceCapture> captures;
  for (const det::Evidence& e : alert->alert.evidence) {
    if (e.frame == 0) continue;  // an inventory change or an advisory: no frame
    if (e.capture == "-") return failed(alert_name + " was raised from standard input", 1);
    // Where the capture was when it was analysed, else in `captures_dir` by its name.
    std::string path = e.capture;
    std::error_code ec;
    if (!captures_dir.empty() && !std::filesystem::exists(path, ec))
      path =
          (std::filesystem::path(captures_dir) / std::filesystem::path(path).filename()).string();
    auto it = std::find_if(captures.begin(), captures.end(),
                           [&](const capture::EvidenceCapture& c) { return c.path == path; });
    if (it == captures.end()) it = captures.insert(captures.end(), {path, {}});
    for (std::uint64_t frame : e.frames()) it->frames.insert(frame);
  }
  if (captures.empty()) return failed(alert_name + " holds no capture frames to export", 1);
  try {
    const auto r = capture::export_evidence_pcap(captures, output);
    out.message = output + ": " + std::to_string(r.evidence_frames) + " evidence frame" +
                  (r.evidence_frames == 1 ? "" : "s") + " and " +
                  std::to_string(r.handshake_frames) + " handshake frame" +
                  (r.handshake_frames == 1 ? "" : "s") + " from " +
                  std::to_string(captures.size()) + " capture" + (captures.size() == 1 ? "" : "s");
    for (const std::string& m : r.missing)
      out.warnings.push_back(m + " is past the end of the capture");
  } catch (const CaptureError& e) {
    return failed(e.what(), 1);
  }
  return out;
}

// Each command's arguments live in a shared object its options write to and its callback reads,
// as long as the app holds the callback.
void add_detection_commands(CLI::App& app, int& exit_code) {
  // alerts [ack|close|accept ID]
  auto alerts = std::make_shared<AlertsArgs>();
  auto* al = app.add_subcommand("alerts", "List alerts; acknowledge, close or accept one");
  al->add_option("--db", alerts->db, "SQLite database to read")->capture_default_str();
  auto* j = al->add_flag("--json", alerts->json, "JSON array on stdout");
  auto* c = al->add_flag("--csv", alerts->csv, "CSV (spreadsheet-safe) on stdout");
  j->excludes(c);
  al->add_flag("--all", alerts->all, "Include closed alerts");
  al->require_subcommand(0, 1);
  al->callback([al, alerts, &exit_code] {
    if (!al->get_subcommands().empty()) return;  // ack/close/accept ran instead
    exit_code = cmd_alerts(*alerts);
  });

  struct IdCommand {
    const char* name;
    const char* help;
  };
  for (const IdCommand& ic :
       {IdCommand{"ack", "Mark an alert acknowledged (seen, being handled)"},
        IdCommand{"close", "Close an alert (a new occurrence opens a new one)"},
        IdCommand{"accept", "Put what the alert saw into the baseline and close it"}}) {
    auto* sub = al->add_subcommand(ic.name, ic.help);
    auto args = std::make_shared<AlertIdArgs>();
    sub->add_option("id", args->id, "Alert id (from `otscope alerts`)")->required();
    sub->add_option("--db", args->db, "SQLite database to update")->capture_default_str();
    const std::string name = ic.name;
    sub->callback([&exit_code, args, name] {
      if (name == "accept") {
        exit_code = cmd_alert_accept(*args);
      } else {
        exit_code = cmd_alert_state(
            *args, name == "ack" ? det::AlertState::Acknowledged : det::AlertState::Closed);
      }
    });
  }

  auto* xp = al->add_subcommand(
      "export-pcap",
      "Write an alert's evidence frames and their TCP handshakes, from the original captures, "
      "to a pcap file Wireshark opens");
  auto export_args = std::make_shared<ExportPcapArgs>();
  xp->add_option("id", export_args->id, "Alert id (from `otscope alerts`)")->required();
  xp->add_option("-o,--output", export_args->output, "The pcap file to write")->required();
  xp->add_option("--db", export_args->db, "SQLite database to read")->capture_default_str();
  xp->add_option("--captures-dir", export_args->captures_dir,
                 "Where the captures are now, when they moved since they were analysed");
  xp->callback([&exit_code, export_args] { exit_code = cmd_alert_export_pcap(*export_args); });

  // baseline learn|export|import|show
  auto* bl = app.add_subcommand("baseline", "Learn, show, export or import the baseline");
  bl->require_subcommand(1);
  auto learn = std::make_shared<LearnArgs>();
  auto* ln = bl->add_subcommand("learn", "Learn the baseline from captures of normal operation");
  ln->add_option("--db", learn->db, "SQLite database to store it in")->capture_default_str();
  ln->add_option("--policy", learn->policy, "Detection policy (TOML)");
  ln->add_option("captures", learn->captures, "Capture files in order")->required();
  ln->callback([learn, &exit_code] { exit_code = cmd_baseline_learn(*learn); });

  auto exp = std::make_shared<FileArgs>();
  auto imp = std::make_shared<FileArgs>();
  auto* ex = bl->add_subcommand("export", "Write the baseline as JSON");
  ex->add_option("file", exp->file, "Output file ('-' for standard output)")->required();
  ex->add_option("--db", exp->db, "SQLite database to read")->capture_default_str();
  ex->callback([exp, &exit_code] { exit_code = cmd_baseline_export(*exp); });
  auto* im = bl->add_subcommand("import", "Add a JSON baseline (from `baseline export`)");
  im->add_option("file", imp->file, "JSON file")->required();
  im->add_option("--db", imp->db, "SQLite database to update")->capture_default_str();
  im->add_flag("--replace", imp->replace, "Replace the stored baseline instead of adding to it");
  im->callback([imp, &exit_code] { exit_code = cmd_baseline_import(*imp); });

  auto show = std::make_shared<ShowArgs>();
  auto* sh = bl->add_subcommand("show", "List the baseline");
  sh->add_option("--db", show->db, "SQLite database to read")->capture_default_str();
  sh->add_flag("--csv", show->csv, "CSV (spreadsheet-safe) on stdout");
  sh->callback([show, &exit_code] { exit_code = cmd_baseline_show(*show); });

  // rules
  auto rules_json = std::make_shared<bool>(false);
  auto* ru = app.add_subcommand("rules", "List the built-in detection rules");
  ru->add_flag("--json", *rules_json, "JSON array on stdout");
  ru->callback([rules_json, &exit_code] { exit_code = cmd_rules(*rules_json); });
}

}  // namespace otscope::cli
