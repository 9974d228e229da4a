#include "cli/report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "cli/advisory_commands.h"
#include "cli/format.h"
#include "cli/inventory_view.h"
#include "cli/network_map.h"
#include "cli/report_charts.h"
#include "common/bytes.h"
#include "common/clock.h"
#include "db/advisory_store.h"
#include "db/alert_store.h"
#include "db/dashboard.h"
#include "protocols/registry.h"

namespace otscope::cli {

namespace {

thread_local const ReportOptions* t_options = nullptr;

// The communication matrix is drawn as a grid only while it stays readable on a page.
constexpr std::size_t kMaxMatrixColumns = 14;

std::string esc(std::string_view s) {
  return html_escape(s);
}

// An auditor reads times to the second; the listings keep microseconds.
std::string when(std::int64_t us) {
  std::string t = iso8601(us);
  const auto dot = t.find('.');
  if (dot != std::string::npos) t = t.substr(0, dot) + "Z";
  if (t.size() > 10 && t[10] == 'T') t[10] = ' ';
  return t;
}

std::string join_escaped(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += esc(p);
  }
  return out;
}

int severity_rank(const std::string& s) {
  if (s == "critical") return 0;
  if (s == "high") return 1;
  if (s == "medium") return 2;
  if (s == "low") return 3;
  return 4;
}

// "critical" -> "Critical", in the reader's language.
std::string severity_text(std::string severity) {
  if (!severity.empty()) severity[0] = static_cast<char>(std::toupper(severity[0]));
  return report_term("severity", severity);
}

class Html {
 public:
  Html& raw(std::string_view s) {
    out_ << s;
    return *this;
  }
  Html& text(std::string_view s) {
    out_ << esc(s);
    return *this;
  }
  void table(const std::vector<std::string>& headers) {
    out_ << "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\"><tr>";
    for (const auto& h : headers)
      out_ << "<th bgcolor=\"#dde4ee\" align=\"left\">" << esc(h) << "</th>";
    out_ << "</tr>\n";
  }
  // Cells are escaped here; `html_cells` marks the ones already written as HTML.
  void row(const std::vector<std::string>& cells, const std::set<std::size_t>& html_cells = {}) {
    out_ << "<tr>";
    for (std::size_t i = 0; i < cells.size(); ++i)
      out_ << "<td>" << (html_cells.count(i) ? cells[i] : esc(cells[i])) << "</td>";
    out_ << "</tr>\n";
  }
  void end_table() { out_ << "</table>\n"; }
  std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
};

std::string ips_text(const AssetRecord& r) {
  std::vector<std::string> ips;
  for (const IpAddress& ip : r.ips) ips.push_back(ip.to_string());
  return join_escaped(ips, "<br>");
}

std::string role_text(const InventoryAsset& a) {
  const RoleAssessment* r = a.role();
  if (!r) return "";
  char conf[16];
  std::snprintf(conf, sizeof conf, " (%.0f%%)", r->confidence * 100);
  return report_term("roles", asset_role_label(r->role)) + conf;
}

// "Cell 2 / level 1": where the auditor placed the device; "" when unset.
std::string zone_text(const AssetAudit& a) {
  std::string out = a.zone;
  if (!a.purdue_level.empty())
    out +=
        (out.empty() ? "" : " / ") + fill_placeholders(RT("report", "level %1"), {a.purdue_level});
  return out;
}

// Free text over several lines keeps its line breaks.
std::string multiline_escaped(std::string_view text) {
  std::string out;
  for (char c : esc(text)) {
    if (c == '\n') {
      out += "<br>\n";
    } else {
      out += c;
    }
  }
  return out;
}

void audit_lines(Html& h, const InventoryAsset& a) {
  const AssetAudit& au = a.audit;
  if (au.empty()) return;
  if (!au.name.empty())
    h.raw("<b>").text(RT("report", "Name (auditor):")).raw("</b> ").text(au.name).raw("<br>\n");
  if (!au.criticality.empty())
    h.raw("<b>").text(RT("report", "Criticality:")).raw("</b> ").text(au.criticality).raw("<br>\n");
  if (!au.zone.empty())
    h.raw("<b>").text(RT("report", "Zone:")).raw("</b> ").text(au.zone).raw("<br>\n");
  if (!au.purdue_level.empty())
    h.raw("<b>")
        .text(RT("report", "Purdue level:"))
        .raw("</b> ")
        .text(au.purdue_level)
        .raw("<br>\n");
  if (!au.owner.empty())
    h.raw("<b>").text(RT("report", "Owner:")).raw("</b> ").text(au.owner).raw("<br>\n");
  if (!au.tags.empty())
    h.raw("<b>")
        .text(RT("report", "Tags:"))
        .raw("</b> ")
        .raw(join_escaped(au.tags, ", "))
        .raw("<br>\n");
  if (!au.notes.empty())
    h.raw("<b>")
        .text(RT("report", "Notes:"))
        .raw("</b><br>\n")
        .raw(multiline_escaped(au.notes))
        .raw("<br>\n");
}

void summary(Html& h, const Database& db, const Inventory& inv,
             const std::vector<StoredChange>& history) {
  h.raw("<h2>").text(RT("report", "1. Summary")).raw("</h2>\n");
  std::uint64_t anomalies = 0, malformed = 0;
  for (const StoredAnomaly& a : db.anomalies()) {
    anomalies += a.record.count;
    if (a.record.malformed) malformed += a.record.count;
  }
  std::uint64_t alerts = 0;
  for (const AlertSummary& a : db.alerts_summary()) alerts += a.alerts;
  h.table({RT("report", "Devices"), RT("report", "Communication paths"),
           RT("report", "Identity changes"), RT("report", "Protocol anomalies"),
           RT("report", "Alerts")});
  h.row({std::to_string(inv.assets.size()), std::to_string(inv.edges.size()),
         std::to_string(history.size()),
         std::to_string(anomalies) + " (" + std::to_string(malformed) + " " +
             RT("report", "malformed") + ")",
         std::to_string(alerts)});
  h.end_table();

  std::map<std::string, std::size_t> by_role;
  for (const InventoryAsset& a : inv.assets)
    ++by_role[report_term("roles", a.role() ? asset_role_label(a.role()->role) : "Unknown")];
  h.raw("<h3>").text(RT("report", "Devices by role")).raw("</h3>\n");
  h.table({RT("report", "Role"), RT("report", "Devices")});
  for (const auto& [role, n] : by_role) h.row({role, std::to_string(n)});
  h.end_table();

  h.raw("<h3>").text(RT("report", "Industrial protocols")).raw("</h3>\n");
  h.table({RT("report", "Protocol"), RT("report", "Messages"), RT("report", "Malformed"),
           RT("report", "Function codes seen")});
  for (const auto& [name, s] : db.protocol_stats()) {
    if (s.messages == 0 && s.malformed == 0) continue;
    std::string functions;
    for (const auto& [code, n] : s.functions)
      functions +=
          (functions.empty() ? "" : ", ") + std::to_string(code) + " (" + std::to_string(n) + ")";
    h.row({name, thousands(s.messages), thousands(s.malformed), functions});
  }
  h.end_table();

  h.raw(dashboard_html(db::read_dashboard(db), inv));

  h.raw("<h3>").text(RT("report", "Captures analysed")).raw("</h3>\n");
  h.table({RT("report", "Run"), RT("report", "Source"), RT("report", "Status"),
           RT("report", "First packet"), RT("report", "Last packet"), RT("report", "Packets")});
  for (const StoredCaptureRun& r : db.capture_runs())
    h.row({std::to_string(r.id), r.record.source, report_term("runs", run_status_name(r.status)),
           when(r.record.first_packet_us), when(r.record.last_packet_us),
           thousands(r.record.packets)});
  h.end_table();
}

void asset_table(Html& h, const Inventory& inv) {
  h.raw("<h2>").text(RT("report", "2. Asset inventory")).raw("</h2>\n");
  h.table({RT("report", "ID"), RT("report", "Name"), RT("report", "Criticality"),
           RT("report", "Zone / Purdue level"), RT("report", "Owner"), RT("report", "IP addresses"),
           RT("report", "MAC / NIC vendor"), RT("report", "VLAN"), RT("report", "Role"),
           RT("report", "Vendor"), RT("report", "Product"), RT("report", "Firmware"),
           RT("report", "Serial"), RT("report", "First seen"), RT("report", "Last seen")});
  for (const InventoryAsset& a : inv.assets) {
    const AssetRecord& r = a.record;
    std::string mac = r.mac.is_zero() ? "" : esc(r.mac.to_string());
    if (!r.mac_vendor.empty()) mac += "<br><small>" + esc(r.mac_vendor) + "</small>";
    if (!r.via_mac.is_zero())
      mac += "<small>" + esc(RT("report", "routed via")) + " " + esc(r.via_mac.to_string()) +
             "</small>";
    std::vector<std::string> vlans;
    for (std::uint16_t v : r.vlans) vlans.push_back(std::to_string(v));
    h.row({std::to_string(a.id), display_name(a), a.audit.criticality, zone_text(a.audit),
           a.audit.owner, ips_text(r), mac, join_escaped(vlans, " "), role_text(a),
           a.identity_value("vendor"), product_text(a), a.identity_value("firmware"),
           a.identity_value("serial"), when(r.first_seen_us), when(r.last_seen_us)},
          {5, 6, 7});
  }
  h.end_table();
}

void identity_section(Html& h, const Inventory& inv) {
  h.raw("<h2>").text(RT("report", "3. Identity and role per device")).raw("</h2>\n");
  for (const InventoryAsset& a : inv.assets) {
    h.raw("<h3>").text("#" + std::to_string(a.id) + " " + display_name(a));
    if (!a.record.ips.empty()) h.text(" (" + a.record.ips.front().to_string() + ")");
    h.raw("</h3>\n<p>");
    audit_lines(h, a);
    if (const RoleAssessment* r = a.role()) {
      h.raw("<b>").text(RT("report", "Role:")).raw("</b> ").text(role_text(a)).raw("<br>\n");
      for (const std::string& why : r->reasons) h.raw("&nbsp;&nbsp;- ").text(why).raw("<br>\n");
      for (std::size_t i = 1; i < a.record.roles.size(); ++i) {
        const RoleAssessment& other = a.record.roles[i];
        char conf[16];
        std::snprintf(conf, sizeof conf, " (%.0f%%)", other.confidence * 100);
        h.raw("<i>")
            .text(RT("report", "Also possible:"))
            .raw("</i> ")
            .text(report_term("roles", asset_role_label(other.role)) + conf)
            .raw("<br>\n");
      }
    }
    const auto names = a.hostnames();
    if (!names.empty())
      h.raw("<b>")
          .text(RT("report", "Host names:"))
          .raw("</b> ")
          .raw(join_escaped(names, ", "))
          .raw("<br>\n");
    std::vector<std::string> protocols;
    for (const auto& [p, sides] : a.protocol_roles) {
      std::string s = p + " (";
      bool first = true;
      for (const auto& side : sides) {
        s += (first ? "" : ", ") + side;
        first = false;
      }
      protocols.push_back(s + ")");
    }
    if (!protocols.empty())
      h.raw("<b>")
          .text(RT("report", "Protocols:"))
          .raw("</b> ")
          .raw(join_escaped(protocols, ", "))
          .raw("<br>\n");
    h.raw("</p>\n");
    if (a.identity.empty()) continue;
    h.table({RT("report", "Field"), RT("report", "Value"), RT("report", "Protocol"),
             RT("report", "Source"), RT("report", "First seen"), RT("report", "Last seen")});
    for (const IdentityRecord& f : a.identity)
      h.row({f.field, f.value, std::string(protocol_name(f.protocol)), f.source,
             when(f.first_seen_us), when(f.last_seen_us)});
    h.end_table();
  }
}

void communication_section(Html& h, const Inventory& inv) {
  h.raw("<h2>").text(RT("report", "4. Communication matrix")).raw("</h2>\n");
  // Grid of industrial paths: rows are clients, columns servers.
  std::set<std::size_t> clients, servers;
  for (const InventoryEdge& e : inv.edges) {
    Protocol p{};
    if (!protocol_from_name(e.protocol, p)) continue;
    clients.insert(e.client);
    servers.insert(e.server);
  }
  if (!servers.empty() && servers.size() <= kMaxMatrixColumns) {
    std::vector<std::string> headers = {RT("report", "Client \\ Server")};
    for (std::size_t s : servers) headers.push_back(display_name(inv.assets[s]));
    h.table(headers);
    for (std::size_t c : clients) {
      std::vector<std::string> cells = {display_name(inv.assets[c])};
      for (std::size_t s : servers) {
        std::string cell;
        for (const InventoryEdge& e : inv.edges) {
          Protocol p{};
          if (e.client != c || e.server != s || !protocol_from_name(e.protocol, p)) continue;
          std::string ops;
          for (OpClass op : e.op_classes)
            ops += (ops.empty() ? "" : ", ") + std::string(op_class_name(op));
          cell +=
              (cell.empty() ? "" : "<br>") + esc(e.protocol) + (ops.empty() ? "" : ": " + esc(ops));
        }
        cells.push_back(cell);
      }
      std::set<std::size_t> html_cells;
      for (std::size_t i = 1; i < cells.size(); ++i) html_cells.insert(i);
      h.row(cells, html_cells);
    }
    h.end_table();
    h.raw("<p>").text(RT("report", "")).raw("</p>\n");
  }
  h.table({RT("report", "Client"), RT("report", "Server"), RT("report", "Protocol"),
           RT("report", "Operation classes"), RT("report", "Requests"), RT("report", "Packets"),
           RT("report", "First seen"), RT("report", "Last seen")});
  for (const InventoryEdge& e : inv.edges) {
    const InventoryAsset& c = inv.assets[e.client];
    const InventoryAsset& s = inv.assets[e.server];
    std::string ops;
    for (OpClass op : e.op_classes)
      ops += (ops.empty() ? "" : ", ") + std::string(op_class_name(op));
    h.row({display_name(c) + " [" + role_text(c) + "]", display_name(s) + " [" + role_text(s) + "]",
           e.protocol, ops, thousands(e.requests), thousands(e.packets), when(e.first_seen_us),
           when(e.last_seen_us)});
  }
  h.end_table();
}

std::map<std::int64_t, std::uint64_t> open_alerts_by_asset(const Database& db,
                                                           const Inventory& inv) {
  std::map<std::int64_t, std::uint64_t> out;
  for (const detection::StoredAlert& a :
       detection::load_alerts(db, detection::AlertLoad{.evidence = false, .facts = false})) {
    if (a.state == detection::AlertState::Closed) continue;
    std::set<std::int64_t> ids;
    for (const IpAddress* ip : {&a.alert.src, &a.alert.dst})
      if (!ip->is_unspecified())
        if (const InventoryAsset* asset = inv.find(*ip)) ids.insert(asset->id);
    for (std::int64_t id : ids) ++out[id];
  }
  return out;
}

netmap::MapOptions diagram_options(const Inventory& inv, const std::string& grouping) {
  netmap::MapOptions options;
  if (grouping == "auto") {
    const bool zones = std::any_of(inv.assets.begin(), inv.assets.end(),
                                   [](const InventoryAsset& a) { return !a.audit.zone.empty(); });
    options.grouping = zones ? netmap::Grouping::Zone : netmap::Grouping::Subnet;
  } else if (!netmap::grouping_from_name(grouping, options.grouping)) {
    throw std::invalid_argument("unknown grouping '" + grouping +
                                "' (auto, none, subnet, vlan, zone, purdue)");
  }
  return options;
}

// The network map as the console draws it (one renderer): grouped by zone when the auditor
// recorded zones, else by subnet; a large inventory's groups collapsed.
void diagram_section(Html& h, const Database& db, const Inventory& inv) {
  // On a page of its own, whole.
  h.raw("<h2 style=\"page-break-before: always\">")
      .text(RT("report", "5. Network diagram"))
      .raw("</h2>\n");
  if (inv.assets.empty()) {
    h.raw("<p>").text(RT("report", "No devices observed.")).raw("</p>\n");
    return;
  }
  const netmap::MapOptions options = diagram_options(inv, "auto");
  const bool zones = options.grouping == netmap::Grouping::Zone;
  const netmap::NetworkMap map = netmap::build_map(inv, open_alerts_by_asset(db, inv), options);
  const netmap::MapLayout layout = netmap::layout_map(map);
  netmap::SvgOptions svg_options;
  svg_options.translate = [](const char* context, const char* text) { return RT(context, text); };
  std::size_t dangerous = 0;
  for (const netmap::MapEdge& e : map.edges) dangerous += e.dangerous ? 1 : 0;
  std::size_t collapsed = 0;
  for (const netmap::MapGroup& g : map.groups) collapsed += g.collapsed ? 1 : 0;
  const std::vector<std::string> figures = {std::to_string(inv.assets.size()),
                                            std::to_string(inv.edges.size()),
                                            std::to_string(dangerous), std::to_string(collapsed)};
  h.raw("<p>")
      .text(fill_placeholders(
          zones ? RT("report",
                     "%1 devices and %2 observed links (no inferred ones), grouped by the zones "
                     "recorded by the auditor; %3 links carry write, control, program or "
                     "mode-change operations (thick red).")
                : RT("report",
                     "%1 devices and %2 observed links (no inferred ones), grouped by subnet; %3 "
                     "links carry write, control, program or mode-change operations (thick red)."),
          figures))
      .text(collapsed > 0 ? " " + fill_placeholders(RT("report",
                                                       "%4 groups are drawn collapsed, one node "
                                                       "each, with their links aggregated."),
                                                    figures)
                          : std::string())
      .raw("</p>\n");
  if (!layout.error.empty())
    h.raw("<p>")
        .text(fill_placeholders(
            RT("report",
               "Graphviz could not lay the map out (%1); the devices are drawn in a grid."),
            {layout.error}))
        .raw("</p>\n");
  // One page of A4 landscape holds about 1000 x 600 CSS pixels below the heading: a tall one is
  // drawn narrower so that it stays whole on its page (the PDF's raster is sharp enough to zoom).
  const double w = std::max(layout.bounds.w, 980.0), hgt = layout.bounds.h + 84;
  const int width = static_cast<int>(std::clamp(470.0 * w / std::max(hgt, 1.0), 400.0, 1000.0));
  h.raw("<p>")
      .raw(svg_image_html(netmap::map_svg(map, layout, svg_options), width,
                          RT("report", "Network diagram")))
      .raw("</p>\n");
}

void history_section(Html& h, const std::vector<StoredChange>& history) {
  h.raw("<h2>").text(RT("report", "6. Change history")).raw("</h2>\n");
  if (history.empty()) {
    h.raw("<p>").text(RT("report", "No identity or address change recorded.")).raw("</p>\n");
    return;
  }
  h.table({RT("report", "When"), RT("report", "IP"), RT("report", "Field"),
           RT("report", "Old value"), RT("report", "New value"),
           RT("report", "Old value last seen"), RT("report", "Source")});
  for (const StoredChange& s : history) {
    const ChangeRecord& c = s.record;
    h.row({when(c.changed_us), c.ip.to_string(), c.field, c.old_value, c.new_value,
           when(c.old_last_seen_us), c.source});
  }
  h.end_table();
}

void findings_section(Html& h, const Database& db) {
  h.raw("<h2>").text(RT("report", "7. Alerts and protocol anomalies")).raw("</h2>\n");
  auto alerts = db.alerts_summary();
  if (!alerts.empty()) {
    std::stable_sort(alerts.begin(), alerts.end(),
                     [](const AlertSummary& a, const AlertSummary& b) {
                       return severity_rank(a.severity) < severity_rank(b.severity);
                     });
    h.raw("<h3>").text(RT("report", "Alerts")).raw("</h3>\n");
    h.table({RT("report", "Severity"), RT("report", "Rule"), RT("report", "Alerts"),
             RT("report", "Events"), RT("report", "First seen"), RT("report", "Last seen")});
    for (const AlertSummary& a : alerts)
      h.row({severity_text(a.severity), a.rule, thousands(a.alerts), thousands(a.events),
             when(a.first_seen_us), when(a.last_seen_us)});
    h.end_table();
  }
  struct Kind {
    std::string protocol;
    std::uint64_t count = 0;
    bool malformed = false;
    std::set<std::string> pairs;
    std::int64_t first = 0, last = 0;
    std::string detail;
  };
  std::map<std::string, Kind> kinds;
  for (const StoredAnomaly& s : db.anomalies()) {
    const AnomalyRecord& a = s.record;
    Kind& k = kinds[a.kind];
    k.protocol = std::string(protocol_name(a.protocol));
    k.count += a.count;
    k.malformed = k.malformed || a.malformed;
    k.pairs.insert(a.src.to_string() + " -> " + a.dst.to_string());
    if (k.first == 0 || (a.first_seen_us != 0 && a.first_seen_us < k.first)) {
      k.first = a.first_seen_us;
      k.detail = a.detail;
    }
    k.last = std::max(k.last, a.last_seen_us);
  }
  h.raw("<h3>").text(RT("report", "Protocol anomalies")).raw("</h3>\n");
  if (kinds.empty()) {
    h.raw("<p>").text(RT("report", "None.")).raw("</p>\n");
    return;
  }
  h.table({RT("report", "Kind"), RT("report", "Protocol"), RT("report", "Count"),
           RT("report", "Malformed"), RT("report", "Between"), RT("report", "First seen"),
           RT("report", "Last seen"), RT("report", "First detail")});
  for (const auto& [kind, k] : kinds) {
    std::string pairs;
    std::size_t n = 0;
    for (const auto& p : k.pairs) {
      if (n++ == 3) {
        pairs += ", ...";
        break;
      }
      pairs += (pairs.empty() ? "" : ", ") + p;
    }
    h.row({kind, k.protocol, thousands(k.count),
           k.malformed ? RT("report", "yes") : RT("report", "no"), pairs, when(k.first),
           when(k.last), k.detail});
  }
  h.end_table();
}

void vulnerability_section(Html& h, const Database& db, const Inventory& inv) {
  h.raw("<h2>").text(RT("report", "8. Known vulnerabilities")).raw("</h2>\n");
  const std::size_t stored = db::advisory_count(db);
  if (stored == 0) {
    h.raw("<p>")
        .text(RT("report",
                 "No public advisory is stored: import them with otscope advisories import PATH "
                 "(CSAF 2.0) and the identified devices are judged against them."))
        .raw("</p>\n");
    return;
  }
  const std::vector<advisory::AssetFinding> rows = vulnerability_rows(db, inv);
  std::size_t affected = 0, possibly = 0;
  std::set<std::int64_t> assets;
  for (const advisory::AssetFinding& f : rows) {
    if (f.finding.verdict == advisory::Verdict::Affected) ++affected;
    if (f.finding.verdict == advisory::Verdict::PossiblyAffected) ++possibly;
    if (f.finding.verdict != advisory::Verdict::NotAffected) assets.insert(f.asset_id);
  }
  h.raw("<p>")
      .text(fill_placeholders(
          RT("report",
             "%1 public advisories (CSAF 2.0) checked against the %2 assets' identities "
             "(vendor, model, order number, firmware): %3 assets named; %4 affected, %5 "
             "possibly affected (product listed, version unknown). Verdicts are computed "
             "from the firmware observed; a device may have been patched since."),
          {thousands(stored), thousands(inv.assets.size()), thousands(assets.size()),
           thousands(affected), thousands(possibly)}))
      .raw("</p>\n");
  if (rows.empty()) return;
  h.table({RT("report", "CVSS"), RT("report", "Verdict"), RT("report", "Asset"),
           RT("report", "Identity"), RT("report", "Advisory"), RT("report", "CVEs"),
           RT("report", "Why"), RT("report", "Remediation")});
  for (const advisory::AssetFinding& f : rows) {
    const std::string advisory_cell =
        "<b>" + esc(f.advisory_id) + "</b> " + esc(f.title) + "<br>" + esc(f.url);
    // The vendor's fix; the general mitigations every advisory repeats are in `otscope vulns`.
    std::string remedy = f.finding.fix;
    if (remedy.empty() && !f.finding.remediation.empty())
      remedy = RT("report", "No fix listed.") + " " + f.finding.remediation;
    if (remedy.size() > 300) {
      std::size_t cut = remedy.rfind(' ', 300);
      remedy = remedy.substr(0, cut == std::string::npos ? 300 : cut) + " ...";
    }
    h.row({advisory::cvss_text(f.finding.cvss),
           report_term("verdict", advisory::verdict_label(f.finding.verdict)),
           f.asset_name == f.ips ? f.asset_name : f.asset_name + " (" + f.ips + ")",
           advisory::identity_text(f.device), advisory_cell, join(f.finding.cves, " "),
           f.finding.reason, remedy},
          {4});
  }
  h.end_table();
}

}  // namespace

std::string RT(const char* context, const char* text) {
  return t_options != nullptr && t_options->translate ? t_options->translate(context, text) : text;
}

std::string fill_placeholders(std::string text, const std::vector<std::string>& args) {
  for (std::size_t i = args.size(); i-- > 0;) {
    const std::string marker = "%" + std::to_string(i + 1);
    for (std::size_t at = text.find(marker); at != std::string::npos;
         at = text.find(marker, at + args[i].size()))
      text.replace(at, marker.size(), args[i]);
  }
  return text;
}

std::string report_term(const char* context, std::string_view text) {
  const std::string english(text);
  return t_options != nullptr && t_options->translate
             ? t_options->translate(context, english.c_str())
             : english;
}

std::string svg_image_html(std::string_view svg, int width, std::string_view alt) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string data;
  data.reserve((svg.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < svg.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, svg.size() - i);
    std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(svg[i])) << 16;
    if (n > 1) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(svg[i + 1])) << 8;
    if (n > 2) v |= static_cast<unsigned char>(svg[i + 2]);
    data += kAlphabet[(v >> 18) & 63];
    data += kAlphabet[(v >> 12) & 63];
    data += n > 1 ? kAlphabet[(v >> 6) & 63] : '=';
    data += n > 2 ? kAlphabet[v & 63] : '=';
  }
  return "<img src=\"data:image/svg+xml;base64," + data + "\" width=\"" + std::to_string(width) +
         "\" alt=\"" + html_escape(alt) + "\">";
}

std::string network_diagram_svg(const Database& db, const Inventory& inventory,
                                const std::string& grouping) {
  const netmap::MapOptions options = diagram_options(inventory, grouping);
  const netmap::NetworkMap map =
      netmap::build_map(inventory, open_alerts_by_asset(db, inventory), options);
  return netmap::map_svg(map, netmap::layout_map(map));
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (const char* entity = markup_entity(c)) {
      out += entity;
    } else {
      // Control characters never reach a report as such.
      out += static_cast<unsigned char>(c) < 0x20 && c != '\n' ? '?' : c;
    }
  }
  return out;
}

std::string report_title(const ReportOptions& options) {
  const ReportOptions defaults;
  if (options.title != defaults.title) return options.title;
  const ReportOptions* outer = t_options;
  t_options = &options;
  std::string title = RT("report", "OT asset inventory");
  t_options = outer;
  return title;
}

std::string report_html(const Database& db, const ReportOptions& options) {
  // The report's words are translated with these options while it is written on this thread.
  struct Scope {
    const ReportOptions* outer = t_options;
    explicit Scope(const ReportOptions& o) { t_options = &o; }
    ~Scope() { t_options = outer; }
  } scope(options);
  const std::string title = report_title(options);
  const Inventory inv = db.inventory();
  const std::vector<StoredChange> history = db.asset_history();
  const std::int64_t now = options.generated_us != 0 ? options.generated_us : wall_clock_us();
  Html h;
  h.raw("<!DOCTYPE html>\n<html lang=\"")
      .text(options.language == "zh_CN" ? "zh-CN" : options.language)
      .raw("\"><head><meta charset=\"utf-8\"><title>")
      .text(title)
      .raw(
          "</title>\n<style>body { font-family: 'DejaVu Sans', 'WenQuanYi Micro Hei', 'Noto Sans "
          "CJK SC', sans-serif; font-size: 8pt; } "
          "h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 14px; } "
          "h3 { font-size: 10pt; } th, td { font-size: 7pt; vertical-align: top; }</style>\n"
          "</head><body>\n<h1>")
      .text(title)
      .raw("</h1>\n<p>")
      .text(fill_placeholders(
          RT("report",
             "Generated by otscope %1 from database %2. Passive observation only: every "
             "fact below was read from captured traffic, with the protocol message and "
             "time it came from."),
          {when(now), options.database}))
      .raw("</p>\n");
  summary(h, db, inv, history);
  asset_table(h, inv);
  identity_section(h, inv);
  communication_section(h, inv);
  diagram_section(h, db, inv);
  history_section(h, history);
  findings_section(h, db);
  vulnerability_section(h, db, inv);
  h.raw("</body></html>\n");
  return h.str();
}

}  // namespace otscope::cli
