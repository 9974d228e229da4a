#include "cli/advisory_commands.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/common.h"
#include "cli/detection_commands.h"
#include "cli/format.h"
#include "common/clock.h"
#include "db/advisory_store.h"
#include "db/database.h"
#include "model/advisory/findings.h"

namespace otscope::cli {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
namespace adv = otscope::advisory;

struct ImportArgs {
  std::string db = default_db();
  std::vector<std::string> paths;
  bool json = false;
  DetectionArgs detection;
};

struct VulnArgs {
  std::string db = default_db();
  bool json = false;
  bool csv = false;
  bool affected_only = false;
};

struct AdvisoryListArgs {
  std::string db = default_db();
  bool json = false;
  bool csv = false;
};

/// One document read from the paths: where it came from and its text.
struct Document {
  std::string origin;  // "dir/icsa-19-283-02.json" or "archive.tar.xz:csaf_files/.../x.json"
  std::string text;
};

bool is_json_name(const std::string& name) {
  return name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
}

bool is_archive_name(const std::string& name) {
  for (const char* ext : {".tar.xz", ".tar.gz", ".tgz", ".tar.bz2", ".tar.zst", ".tar", ".zip"})
    if (name.size() > std::string(ext).size() &&
        name.compare(name.size() - std::string(ext).size(), std::string::npos, ext) == 0)
      return true;
  return false;
}

// Every .json member of an archive (any format and compression libarchive reads).
void read_archive(const std::string& path, std::vector<Document>& out) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    throw std::runtime_error("cannot read archive '" + path +
                             "': " + archive_error_string(a.get()));
  archive_entry* entry = nullptr;
  int r = 0;
  while ((r = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    const char* name = archive_entry_pathname(entry);
    if (archive_entry_filetype(entry) != AE_IFREG || name == nullptr || !is_json_name(name)) {
      archive_read_data_skip(a.get());
      continue;
    }
    Document d{path + ":" + name, {}};
    char buf[1 << 16];
    la_ssize_t n = 0;
    while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0)
      d.text.append(buf, static_cast<std::size_t>(n));
    if (n < 0)
      throw std::runtime_error("cannot read archive '" + path +
                               "': " + archive_error_string(a.get()));
    out.push_back(std::move(d));
  }
  if (r != ARCHIVE_EOF)
    throw std::runtime_error("cannot read archive '" + path +
                             "': " + archive_error_string(a.get()));
}

std::string read_file_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + p.string() + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<Document> read_documents(const std::string& path) {
  std::vector<Document> out;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw std::runtime_error("no such file or folder '" + path + "'");
  if (fs::is_directory(st)) {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec))
      if (it->is_regular_file() && is_json_name(it->path().filename().string()))
        files.push_back(it->path());
    if (ec) throw std::runtime_error("cannot list '" + path + "': " + ec.message());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) out.push_back({f.string(), read_file_text(f)});
  } else if (is_archive_name(path)) {
    read_archive(path, out);
  } else {
    out.push_back({path, read_file_text(path)});
  }
  return out;
}

// A ROLIE feed or provider metadata lists advisories; it is not one.
bool is_feed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_object() &&
         (j.contains("feed") || j.contains("canonical_url") || j.contains("distributions"));
}

std::uint64_t alert_on_new_advisories(Database& db, const std::vector<adv::Advisory>& parsed,
                                      const std::vector<std::string>& changed,
                                      const DetectionArgs& detection);

int cmd_import(const ImportArgs& args) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<adv::Advisory> parsed;
  std::vector<std::pair<std::string, std::string>> rejected;
  std::size_t documents = 0, feeds = 0;
  try {
    for (const std::string& path : args.paths) {
      for (Document& d : read_documents(path)) {
        ++documents;
        try {
          parsed.push_back(adv::parse_csaf(d.text));
        } catch (const adv::CsafError& e) {
          if (is_feed(d.text)) {
            ++feeds;
            continue;
          }
          rejected.emplace_back(d.origin, e.what());
        }
      }
    }
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  // Stored in tracking-id order, so the rows do not depend on the order of files (the store
  // keeps the newest version of an id read twice, whatever the order).
  std::stable_sort(
      parsed.begin(), parsed.end(),
      [](const adv::Advisory& a, const adv::Advisory& b) { return a.tracking_id < b.tracking_id; });
  db::AdvisoryImport stored;
  std::uint64_t raised = 0;
  try {
    Database db = Database::open(args.db);
    stored = db::store_advisories(db, parsed);
    raised = alert_on_new_advisories(db, parsed, stored.changed, args.detection);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (args.json) {
    json bad = json::array();
    for (const auto& [file, reason] : rejected) bad.push_back({{"file", file}, {"reason", reason}});
    std::cout << json{{"documents", documents},
                      {"advisories", parsed.size()},
                      {"added", stored.added},
                      {"updated", stored.updated},
                      {"unchanged", stored.unchanged},
                      {"feeds_skipped", feeds},
                      {"alerts", raised},
                      {"rejected", bad},
                      {"seconds", seconds},
                      {"database", args.db}}
                     .dump(2, ' ', false, json::error_handler_t::replace)
              << '\n';
  } else {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f", seconds);
    std::cout << "advisories: " << parsed.size() << " read from " << documents << " documents in "
              << secs << " s: " << stored.added << " new, " << stored.updated << " updated, "
              << stored.unchanged << " already stored";
    if (feeds > 0) std::cout << ", " << feeds << " feed file(s) skipped";
    std::cout << "; " << rejected.size() << " rejected -> " << args.db << '\n';
    if (raised > 0)
      std::cout << "alerts: " << raised
                << " known vulnerable device(s) newly named (asset.known_vulnerability)\n";
    for (const auto& [file, reason] : rejected)
      std::cerr << "otscope: rejected " << file << ": " << reason << '\n';
  }
  // Some bad documents among good ones are reported, not fatal; nothing usable at all is.
  return parsed.empty() && !rejected.empty() ? 1 : 0;
}

int cmd_vulns(const VulnArgs& args) {
  try {
    const Database db = Database::open_readonly(args.db);
    const Inventory inv = db.inventory();
    const std::vector<adv::AssetFinding> rows = vulnerability_rows(db, inv, args.affected_only);
    if (args.json) {
      std::cout << vulnerabilities_json(rows).dump(2, ' ', false, json::error_handler_t::replace)
                << '\n';
      return 0;
    }
    Table t;
    t.columns = {"asset", "ip", "identity", "advisory", "cvss", "verdict", "cves", "title"};
    if (args.csv) t.columns.insert(t.columns.end(), {"vector", "reason", "remediation", "url"});
    for (const adv::AssetFinding& f : rows) {
      std::vector<std::string> row{f.asset_name,
                                   f.ips,
                                   adv::identity_text(f.device),
                                   f.advisory_id,
                                   adv::cvss_text(f.finding.cvss),
                                   std::string(adv::verdict_label(f.finding.verdict)),
                                   join(f.finding.cves, " "),
                                   f.title};
      if (args.csv)
        row.insert(row.end(),
                   {f.finding.cvss_vector, f.finding.reason, f.finding.remediation, f.url});
      t.rows.push_back(std::move(row));
    }
    if (args.csv) {
      write_csv(std::cout, t);
    } else {
      write_text(std::cout, t);
      if (rows.empty())
        std::cout << (db::advisory_count(db) == 0
                          ? "no advisories stored: run `otscope advisories import PATH` first\n"
                          : "no identified asset is named by a stored advisory\n");
    }
    return 0;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

int cmd_advisory_list(const AdvisoryListArgs& args) {
  try {
    const Database db = Database::open_readonly(args.db);
    const std::vector<adv::Advisory> all = db::load_advisories(db);
    if (args.json) {
      json out = json::array();
      for (const adv::Advisory& a : all) {
        const double s = a.max_cvss();
        out.push_back({{"id", a.tracking_id},
                       {"version", a.version},
                       {"title", a.title},
                       {"publisher", a.publisher},
                       {"released",
                        a.initial_release_us ? json(iso8601(a.initial_release_us)) : json(nullptr)},
                       {"updated",
                        a.current_release_us ? json(iso8601(a.current_release_us)) : json(nullptr)},
                       {"max_cvss", s >= 0 ? json(s) : json(nullptr)},
                       {"vendors", a.vendor_keys()},
                       {"products", a.products.size()},
                       {"url", a.url}});
      }
      std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
      return 0;
    }
    Table t;
    t.columns = {"advisory", "version", "released", "cvss", "vendors", "title"};
    for (const adv::Advisory& a : all)
      t.rows.push_back({a.tracking_id, a.version,
                        a.initial_release_us ? iso8601(a.initial_release_us).substr(0, 10) : "",
                        adv::cvss_text(a.max_cvss()), join(a.vendor_keys(), ", "), a.title});
    if (args.csv)
      write_csv(std::cout, t);
    else
      write_text(std::cout, t);
    return 0;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

// asset.known_vulnerability for each affected finding with CVSS >= 7: one alert per device,
// each advisory once, the evidence being the identity fact that made the match (the firmware,
// else the order number, ...) with its frame and time, or `now_us` when given (an import).
void raise_for_findings(detection::Detector& detector, const Inventory& inv,
                        const std::vector<adv::AssetFinding>& findings, std::int64_t now_us,
                        const std::string& capture) {
  for (const adv::AssetFinding& f : findings) {
    if (f.finding.verdict != adv::Verdict::Affected || f.finding.cvss < 7.0) continue;
    const InventoryAsset& asset = inv.assets[f.asset];
    const Severity severity =
        severity_from_name(adv::severity_for_score(f.finding.cvss)).value_or(Severity::High);
    const std::string evidence = f.advisory_id + " (CVSS " + adv::cvss_text(f.finding.cvss) + ", " +
                                 join(f.finding.cves, " ") + "): " + f.title + "; " +
                                 f.finding.reason;
    const IdentityRecord* fact = nullptr;
    for (const char* field : {"firmware", "order_number", "model", "product", "vendor"}) {
      for (const IdentityRecord& r : asset.identity)
        if (r.field == field && (!fact || r.last_seen_us > fact->last_seen_us)) fact = &r;
      if (fact) break;
    }
    if (!fact && asset.record.ips.empty()) continue;
    const IpAddress ip = fact ? fact->ip : asset.record.ips.front();
    const std::int64_t ts =
        now_us != 0 ? now_us : (fact ? fact->first_seen_us : asset.record.last_seen_us);
    detector.on_advisory(ip, asset.record.mac, f.advisory_id, evidence, severity, ts,
                         now_us != 0 || !fact ? 0 : fact->frame, capture);
  }
}

// The devices that advisories added or revised by this import list as affected (CVSS >= 7) get
// asset.known_vulnerability, stored and forwarded like a run's alerts. Returns how many alerts
// were newly raised.
std::uint64_t alert_on_new_advisories(Database& db, const std::vector<adv::Advisory>& parsed,
                                      const std::vector<std::string>& changed,
                                      const DetectionArgs& detection) {
  if (changed.empty()) return 0;
  const std::set<std::string> ids(changed.begin(), changed.end());
  std::map<std::string, const adv::Advisory*> newest;
  for (const adv::Advisory& a : parsed) {
    if (!ids.count(a.tracking_id)) continue;
    auto [it, inserted] = newest.try_emplace(a.tracking_id, &a);
    if (!inserted && adv::compare_tracking_versions(a.version, it->second->version) > 0)
      it->second = &a;
  }
  std::vector<adv::Advisory> fresh;
  for (const auto& [id, a] : newest) fresh.push_back(*a);
  const Inventory inv = db.inventory();
  const std::vector<adv::AssetFinding> findings = adv::find_vulnerabilities(inv, fresh);
  if (findings.empty()) return 0;
  DetectionSetup setup = prepare_detection(detection, &db);
  detection::Detector detector(setup.config);
  raise_for_findings(detector, inv, findings, wall_clock_us(), "advisories import");
  return finish_detection(detector, &db, MergeReport{}, {}, setup);
}

}  // namespace

std::vector<advisory::AssetFinding> vulnerability_rows(const Database& db, const Inventory& inv,
                                                       bool affected_only) {
  const std::set<std::string> vendors = adv::vendor_keys(inv);
  std::vector<adv::AssetFinding> rows;
  if (vendors.empty()) return rows;
  const std::vector<adv::Advisory> advisories = db::load_advisories(db, &vendors);
  for (adv::AssetFinding& f : adv::find_vulnerabilities(inv, advisories)) {
    if (affected_only && f.finding.verdict == adv::Verdict::NotAffected) continue;
    rows.push_back(std::move(f));
  }
  return rows;
}

nlohmann::json vulnerabilities_json(std::span<const advisory::AssetFinding> rows) {
  json out = json::array();
  for (const adv::AssetFinding& f : rows) {
    out.push_back({{"asset_id", f.asset_id},
                   {"asset", f.asset_name},
                   {"ips", f.ips},
                   {"identity",
                    {{"vendor", f.device.vendor},
                     {"model", f.device.model},
                     {"module_type", f.device.module_type},
                     {"product", f.device.product},
                     {"order_number", f.device.order_number},
                     {"firmware", f.device.firmware},
                     {"hardware", f.device.hardware}}},
                   {"advisory", f.advisory_id},
                   {"title", f.title},
                   {"url", f.url},
                   {"product", f.finding.product_name},
                   {"version_range", f.finding.version_range},
                   {"verdict", adv::verdict_name(f.finding.verdict)},
                   {"reason", f.finding.reason},
                   {"cves", f.finding.cves},
                   {"cvss", f.finding.cvss >= 0 ? json(f.finding.cvss) : json(nullptr)},
                   {"cvss_vector", f.finding.cvss_vector},
                   {"fix", f.finding.fix},
                   {"remediation", f.finding.remediation}});
  }
  return out;
}

void raise_advisory_alerts(detection::Detector& detector, const Database& db,
                           const MergeReport& merged, const std::string& capture) {
  if (merged.identified_ips.empty() || db::advisory_count(db) == 0) return;
  const std::set<std::string> wanted(merged.identified_ips.begin(), merged.identified_ips.end());
  Inventory inv = db.inventory();
  // Only the assets this merge identified are judged.
  std::erase_if(inv.assets, [&](const InventoryAsset& a) {
    return std::none_of(a.record.ips.begin(), a.record.ips.end(),
                        [&](const IpAddress& ip) { return wanted.count(ip.to_string()) > 0; });
  });
  raise_for_findings(detector, inv, vulnerability_rows(db, inv, true), 0, capture);
}

void add_advisory_commands(CLI::App& app, int& exit_code) {
  auto* advisories = app.add_subcommand(
      "advisories", "Public security advisories (CSAF 2.0): import them, list them");
  advisories->require_subcommand(1);

  auto imp = std::make_shared<ImportArgs>();
  auto* im = advisories->add_subcommand(
      "import",
      "Import CSAF 2.0 advisories from files, folders (searched for *.json) or archives "
      "(.tar.xz, .tar.gz, .zip); a newer version of a stored advisory replaces it");
  im->add_option("PATH", imp->paths, "CSAF JSON files, folders or archives")->required();
  im->add_option("--db", imp->db, "SQLite database to store them in")->capture_default_str();
  im->add_flag("--json", imp->json, "JSON report on stdout");
  add_detection_options(im, imp->detection);
  im->callback([imp, &exit_code] { exit_code = cmd_import(*imp); });

  auto list = std::make_shared<AdvisoryListArgs>();
  auto* ls = advisories->add_subcommand("list", "List the stored advisories");
  ls->add_option("--db", list->db, "SQLite database to read")->capture_default_str();
  auto* lj = ls->add_flag("--json", list->json, "JSON array on stdout");
  auto* lc = ls->add_flag("--csv", list->csv, "CSV (spreadsheet-safe) on stdout");
  lj->excludes(lc);
  ls->callback([list, &exit_code] { exit_code = cmd_advisory_list(*list); });

  auto vulns = std::make_shared<VulnArgs>();
  auto* v = app.add_subcommand(
      "vulns",
      "Identified assets named by stored advisories: verdict (affected, possibly affected, not "
      "affected) with its reason, CVEs, CVSS, remediation; highest score first");
  v->add_option("--db", vulns->db, "SQLite database to read")->capture_default_str();
  auto* vj = v->add_flag("--json", vulns->json, "JSON array on stdout");
  auto* vc = v->add_flag("--csv", vulns->csv, "CSV (spreadsheet-safe) on stdout");
  vj->excludes(vc);
  v->add_flag("--affected", vulns->affected_only,
              "Only affected and possibly affected (leave out versions outside the ranges)");
  v->callback([vulns, &exit_code] { exit_code = cmd_vulns(*vulns); });
}

}  // namespace otscope::cli
