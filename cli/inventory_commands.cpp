#include "cli/inventory_commands.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "cli/common.h"
#include "cli/format.h"
#include "cli/inventory_view.h"
#include "cli/report.h"
#include "db/database.h"

namespace otscope::cli {

namespace {

using nlohmann::json;

void print_json(const json& j) {
  // Wire strings are printable ASCII by the time they are stored; replace rather than throw if
  // anything else ever slips through.
  std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

struct ListArgs {
  std::string db = default_db();
  bool json = false;
  bool csv = false;
  std::string ip;  // history: only this address
};

struct ReportArgs {
  std::string db = default_db();
  std::string pdf;
  std::string html;
  std::string title = "OT asset inventory";
  std::string lang = "en";
};

CLI::App* list_command(CLI::App& app, const char* name, const char* help, ListArgs& args) {
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("--db", args.db, "SQLite database to read")->capture_default_str();
  auto* j = cmd->add_flag("--json", args.json, "JSON on stdout");
  auto* c = cmd->add_flag("--csv", args.csv, "CSV (spreadsheet-safe) on stdout");
  j->excludes(c);
  return cmd;
}

int cmd_assets(const ListArgs& a) {
  try {
    const Inventory inv = Database::open_readonly(a.db).inventory();
    if (a.json) {
      print_json(assets_json(inv));
    } else if (a.csv) {
      write_csv(std::cout, assets_csv_table(inv));
    } else {
      write_text(std::cout, assets_text_table(inv));
    }
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  return 0;
}

struct MapArgs {
  ListArgs list;
  std::string svg;  // write the diagram there instead of listing
  std::string group = "auto";
};

int cmd_map(const MapArgs& m) {
  const ListArgs& a = m.list;
  try {
    const Database db = Database::open_readonly(a.db);
    const Inventory inv = db.inventory();
    if (!m.svg.empty()) {
      std::string svg;
      try {
        svg = network_diagram_svg(db, inv, m.group);
      } catch (const std::invalid_argument& e) {
        return fail(e.what(), 2);
      }
      std::ofstream out(m.svg, std::ios::binary | std::ios::trunc);
      if (!out || !(out << svg) || !out.flush()) return fail("cannot write '" + m.svg + "'", 2);
    } else if (a.json) {
      print_json(map_json(inv));
    } else if (a.csv) {
      write_csv(std::cout, map_table(inv));
    } else {
      write_text(std::cout, map_table(inv));
    }
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  return 0;
}

int cmd_history(const ListArgs& a) {
  IpAddress ip;
  if (!a.ip.empty() && !IpAddress::parse(a.ip, ip))
    return fail("'" + a.ip + "' is not an IP address", 2);
  try {
    const auto history = Database::open_readonly(a.db).asset_history(a.ip.empty() ? nullptr : &ip);
    if (a.json) {
      print_json(history_json(history));
    } else if (a.csv) {
      write_csv(std::cout, history_table(history));
    } else {
      write_text(std::cout, history_table(history));
    }
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  return 0;
}

int cmd_report(const ReportArgs& a) {
  std::string html;
  ReportOptions options;
  try {
    options.title = a.title;
    options.database = a.db;
    const std::string error = load_report_translation(a.lang, options);
    if (!error.empty()) return fail(error, 2);
    html = report_html(Database::open_readonly(a.db), options);
  } catch (const DbError& e) {
    return fail(e.what(), 2);
  }
  if (!a.html.empty()) {
    std::ofstream out(a.html, std::ios::binary | std::ios::trunc);
    out << html;
    out.close();
    if (!out) return fail("cannot write HTML report '" + a.html + "'", 3);
  }
  if (!a.pdf.empty()) {
    const std::string error = write_pdf(html, a.pdf, report_title(options));
    if (!error.empty()) return fail(error, 3);
  }
  return 0;
}

}  // namespace

void add_inventory_commands(CLI::App& app, int& exit_code) {
  // Owned by the callbacks, which outlive parsing.
  auto assets = std::make_shared<ListArgs>();
  list_command(app, "assets", "List the devices: addresses, names, role, identity", *assets)
      ->callback([assets, &exit_code] { exit_code = cmd_assets(*assets); });

  auto map = std::make_shared<MapArgs>();
  auto* mc = list_command(
      app, "map", "Communication map: devices with roles, who talks to whom and how", map->list);
  mc->add_option("--svg", map->svg,
                 "Draw the network diagram (the report's and the console's look) into this SVG "
                 "file");
  mc->add_option("--group", map->group,
                 "Grouping of the diagram: auto (zones if recorded, else subnets), none, subnet, "
                 "vlan, zone, purdue");
  mc->callback([map, &exit_code] { exit_code = cmd_map(*map); });

  auto history = std::make_shared<ListArgs>();
  auto* h = list_command(app, "history", "Identity and IP<->MAC changes with old and new values",
                         *history);
  h->add_option("--ip", history->ip, "Only the changes about this address");
  h->callback([history, &exit_code] { exit_code = cmd_history(*history); });

  auto report = std::make_shared<ReportArgs>();
  auto* r = app.add_subcommand("report", "Write the auditor's inventory report (PDF and/or HTML)");
  r->add_option("--db", report->db, "SQLite database to read")->capture_default_str();
  r->add_option("--pdf", report->pdf, "Write the report as PDF to this file");
  r->add_option("--html", report->html, "Write the report as HTML to this file");
  r->add_option("--title", report->title, "Title on the first page")->capture_default_str();
  r->add_option("--lang", report->lang, "Language of the report: en, zh_CN")
      ->check(CLI::IsMember({"en", "zh_CN"}))
      ->capture_default_str();
  r->callback([report, &exit_code] {
    if (report->pdf.empty() && report->html.empty()) {
      exit_code = fail("report needs --pdf FILE and/or --html FILE", 2);
      return;
    }
    exit_code = cmd_report(*report);
  });
}

}  // namespace otscope::cli
