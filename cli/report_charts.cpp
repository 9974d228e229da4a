#include "cli/report_charts.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "cli/format.h"
#include "cli/report.h"
#include "common/bytes.h"
#include "model/asset_role.h"

namespace otscope::cli {
namespace {

// Valid UTF-8 kept, any other byte as '?': an SVG with a broken byte is no image at all.
std::string clean_utf8(std::string_view s) {
  std::string out;
  const Bytes all(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  for (std::size_t i = 0; i < all.size();) {
    const std::size_t n = utf8_sequence(all.subspan(i));
    if (n == 0) {
      out += '?';
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

// Escaped for SVG text, cut to `max` characters (code points) with an ellipsis.
std::string label_text(std::string_view s, std::size_t max) {
  std::string clean = clean_utf8(s);
  std::size_t points = 0, cut = clean.size();
  for (std::size_t i = 0; i < clean.size(); ++i) {
    if ((static_cast<unsigned char>(clean[i]) & 0xc0) == 0x80) continue;
    if (points == max - 1 && cut == clean.size()) cut = i;
    ++points;
  }
  if (points > max) clean = clean.substr(0, cut) + "\u2026";
  return html_escape(clean);
}

std::string header(int width, int height) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
         "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) +
         " " + std::to_string(height) +
         "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">"
         "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>";
}

std::string title_text(std::string_view title) {
  return "<text x=\"4\" y=\"15\" font-size=\"13\" font-weight=\"bold\">" + label_text(title, 80) +
         "</text>";
}

std::string role_label(const std::string& name) {
  AssetRole role{};
  if (name.empty() || !asset_role_from_name(name, role))
    return name.empty() ? report_term("roles", "Unknown") : name;
  return report_term("roles", asset_role_label(role));
}

std::string time_label(std::int64_t us, bool hours) {
  const std::string iso = iso8601(us);  // 2015-03-09T14:00:00Z
  return hours ? iso.substr(5, 5) + " " + iso.substr(11, 5) : iso.substr(0, 10);
}

// Bars of the open-alerts chart, as in the console; the other rules share one.
constexpr std::size_t kShownRules = 10;

std::string color(std::size_t i) {
  return std::string(kChartPalette[i % kChartPalette.size()]);
}

}  // namespace

std::string bar_chart_svg(std::string_view title, const std::vector<ChartBar>& bars, int width) {
  constexpr int kTop = 26, kRow = 20, kLabel = 190;
  const int height = kTop + std::max<int>(1, static_cast<int>(bars.size())) * kRow + 6;
  std::uint64_t max = 1;
  for (const ChartBar& b : bars) max = std::max(max, b.value);
  const int span = std::max(40, width - kLabel - 70);
  std::ostringstream svg;
  svg << header(width, height) << title_text(title);
  if (bars.empty()) svg << "<text x=\"4\" y=\"" << kTop + 14 << "\" fill=\"#666666\">none</text>";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const ChartBar& b = bars[i];
    const int y = kTop + static_cast<int>(i) * kRow;
    const int w = std::max<int>(
        b.value > 0 ? 1 : 0,
        static_cast<int>(static_cast<double>(b.value) / static_cast<double>(max) * span));
    svg << "<text x=\"" << kLabel - 6 << "\" y=\"" << y + 14 << "\" text-anchor=\"end\">"
        << label_text(b.label, 28) << "</text><rect x=\"" << kLabel << "\" y=\"" << y + 3
        << "\" width=\"" << w << "\" height=\"" << kRow - 6 << "\" fill=\"" << b.color
        << "\"/><text x=\"" << kLabel + w + 4 << "\" y=\"" << y + 14 << "\">"
        << (b.value_text.empty() ? thousands(b.value) : label_text(b.value_text, 16)) << "</text>";
  }
  svg << "</svg>";
  return svg.str();
}

std::string stacked_chart_svg(std::string_view title, const std::vector<std::string>& x_labels,
                              const std::vector<ChartSeries>& series, int width, int height) {
  constexpr int kTop = 40, kLeft = 50, kBottom = 30, kRight = 10;
  const std::size_t n = x_labels.size();
  std::vector<std::uint64_t> totals(n, 0);
  for (const ChartSeries& s : series)
    for (std::size_t i = 0; i < n && i < s.values.size(); ++i) totals[i] += s.values[i];
  std::uint64_t max = 1;
  for (std::uint64_t t : totals) max = std::max(max, t);
  const int plot_w = std::max(10, width - kLeft - kRight);
  const int plot_h = std::max(10, height - kTop - kBottom);
  std::ostringstream svg;
  svg << header(width, height) << title_text(title);
  // Legend.
  int lx = 4;
  for (const ChartSeries& s : series) {
    svg << "<rect x=\"" << lx << "\" y=\"22\" width=\"10\" height=\"10\" fill=\"" << s.color
        << "\"/><text x=\"" << lx + 14 << "\" y=\"31\">" << label_text(s.name, 20) << "</text>";
    lx += 24 + static_cast<int>(clean_utf8(s.name).size()) * 7;
  }
  // Axis: 0 and the maximum.
  svg << "<line x1=\"" << kLeft << "\" y1=\"" << kTop + plot_h << "\" x2=\"" << kLeft + plot_w
      << "\" y2=\"" << kTop + plot_h << "\" stroke=\"#888888\"/>"
      << "<text x=\"" << kLeft - 4 << "\" y=\"" << kTop + 8 << "\" text-anchor=\"end\">"
      << thousands(max) << "</text><text x=\"" << kLeft - 4 << "\" y=\"" << kTop + plot_h
      << "\" text-anchor=\"end\">0</text>";
  if (n == 0) {
    svg << "<text x=\"" << kLeft + 8 << "\" y=\"" << kTop + plot_h / 2
        << "\" fill=\"#666666\">none</text></svg>";
    return svg.str();
  }
  const double slot = static_cast<double>(plot_w) / static_cast<double>(n);
  const int bar_w = std::clamp(static_cast<int>(slot * 0.8), 1, 40);
  const std::size_t every = std::max<std::size_t>(1, (n * 80 + plot_w - 1) / plot_w);
  for (std::size_t i = 0; i < n; ++i) {
    const int x = kLeft + static_cast<int>(slot * static_cast<double>(i) + slot * 0.1);
    double y = kTop + plot_h;
    for (const ChartSeries& s : series) {
      const std::uint64_t v = i < s.values.size() ? s.values[i] : 0;
      if (v == 0) continue;
      const double h = static_cast<double>(v) / static_cast<double>(max) * plot_h;
      y -= h;
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>", x, y,
                    bar_w, h, s.color.c_str());
      svg << buf;
    }
    if (i % every == 0)
      svg << "<text x=\"" << x << "\" y=\"" << kTop + plot_h + 14 << "\">"
          << label_text(x_labels[i], 16) << "</text>";
  }
  svg << "</svg>";
  return svg.str();
}

namespace {

// "<th>A</th><th>B</th></tr>\n", escaped.
std::string header_cells(const std::vector<std::string>& headers) {
  std::string out;
  for (const std::string& h : headers) out += "<th>" + html_escape(h) + "</th>";
  return out + "</tr>\n";
}

}  // namespace

std::string dashboard_html(const Dashboard& d, const Inventory& inventory) {
  std::map<std::int64_t, const InventoryAsset*> by_id;
  for (const InventoryAsset& a : inventory.assets) by_id[a.id] = &a;
  auto name = [&](std::int64_t id, const std::string& ip, const std::string& mac) {
    const auto it = by_id.find(id);
    if (it != by_id.end() && !it->second->display_name().empty()) {
      const std::string n = it->second->display_name();
      return n == ip || ip.empty() ? n : n + " (" + ip + ")";
    }
    return ip.empty() ? mac : ip;
  };
  constexpr int kWidth = 480;
  std::string out = "<h3>" + html_escape(RT("report", "The plant at a glance")) + "</h3>\n<p>" +
                    html_escape(fill_placeholders(
                        RT("report",
                           "Times are the database's own: the last 24 h end at its newest "
                           "time, %1 (now for a live sensor, the end of the capture for a "
                           "replay)."),
                        {iso8601(d.newest_us)})) +
                    "</p>\n<table cellspacing=\"6\" cellpadding=\"0\"><tr><td>";
  auto cell = [&](const std::string& svg, int width, const std::string& alt, bool row_end) {
    out += svg_image_html(svg, width, alt);
    out += row_end ? "</td></tr><tr><td>" : "</td><td>";
  };

  // Alerts by severity over time.
  {
    const bool hours = d.bucket_us == Dashboard::kHourUs;
    std::vector<std::string> x;
    for (const SeverityBucket& b : d.alerts_over_time) x.push_back(time_label(b.start_us, hours));
    static constexpr const char* kNames[] = {"Low", "Medium", "High", "Critical"};
    std::vector<ChartSeries> series;
    for (std::size_t s = 4; s-- > 0;) {
      ChartSeries cs{report_term("severity", kNames[s]), std::string(kSeverityChartColors[s]), {}};
      for (const SeverityBucket& b : d.alerts_over_time) cs.values.push_back(b.counts[s]);
      series.push_back(std::move(cs));
    }
    const std::string title = hours ? RT("report", "Alerts raised by severity, per hour (UTC)")
                              : d.bucket_us == Dashboard::kDayUs
                                  ? RT("report", "Alerts raised by severity, per day (UTC)")
                              : d.bucket_us == Dashboard::kWeekUs
                                  ? RT("report", "Alerts raised by severity, per week (UTC)")
                                  : RT("report", "Alerts raised by severity, per 30 days (UTC)");
    cell(stacked_chart_svg(title, x, series, kWidth, 220), kWidth, title, false);
  }
  {
    std::vector<ChartBar> bars;
    std::uint64_t other = 0;
    for (const DashboardCount& c : d.open_alerts_by_rule) {
      if (bars.size() < kShownRules)
        bars.push_back({c.key, c.value, std::string(kChartPalette[7])});
      else
        other += c.value;
    }
    if (other > 0)
      bars.push_back({RT("report", "other rules"), other, std::string(kChartPalette[7])});
    const std::string title = RT("report", "Open alerts by rule");
    cell(bar_chart_svg(title, bars, kWidth), kWidth, title, true);
  }
  {
    std::vector<ChartBar> bars;
    for (std::size_t i = 0; i < d.assets_by_role.size(); ++i)
      bars.push_back({role_label(d.assets_by_role[i].key), d.assets_by_role[i].value, color(i)});
    const std::string title = RT("report", "Assets by role");
    cell(bar_chart_svg(title, bars, kWidth), kWidth, title, false);
  }
  {
    std::vector<ChartBar> bars;
    for (std::size_t i = 0; i < d.assets_by_vendor.size(); ++i) {
      const VendorCount& v = d.assets_by_vendor[i];
      // As in the console: a vendor from the MAC registry says so.
      const std::string label = v.vendor == kOtherVendors ? RT("report", "other or unknown")
                                : v.from_identity         ? v.vendor
                                                          : v.vendor + " (MAC)";
      bars.push_back({label, v.assets, color(i)});
    }
    const std::string title = RT("report", "Assets by vendor");
    cell(bar_chart_svg(title, bars, kWidth), kWidth, title, true);
  }
  {
    std::vector<ChartBar> bars;
    for (std::size_t i = 0; i < d.messages_by_protocol.size(); ++i)
      bars.push_back({d.messages_by_protocol[i].key, d.messages_by_protocol[i].value, color(i)});
    const std::string title = RT("report", "Messages per protocol");
    cell(bar_chart_svg(title, bars, kWidth), kWidth, title, false);
  }
  {
    std::vector<ChartBar> bars;
    for (const DashboardAsset& a : d.top_talkers)
      bars.push_back({name(a.id, a.ip, a.mac), a.bytes_sent + a.bytes_received, color(0),
                      human_bytes(a.bytes_sent + a.bytes_received)});
    const std::string title = RT("report", "Top talkers (bytes sent and received)");
    cell(bar_chart_svg(title, bars, kWidth), kWidth, title, true);
  }
  out += "</td></tr></table>\n";

  out += "<p><b>" + html_escape(RT("report", "In the last 24 h")) + "</b> " +
         html_escape(fill_placeholders(
             RT("report", "(to %1): %2 new assets, %3 identity or address changes."),
             {iso8601(d.newest_us), std::to_string(d.new_assets_24h),
              std::to_string(d.changes_24h)})) +
         "</p>\n";
  if (!d.new_assets.empty()) {
    out += "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\"><tr>" +
           header_cells({RT("report", "New asset"), RT("report", "MAC"), RT("report", "Role"),
                         RT("report", "First seen")});
    for (const DashboardAsset& a : d.new_assets)
      out += "<tr><td>" + html_escape(name(a.id, a.ip, a.mac)) + "</td><td>" + html_escape(a.mac) +
             "</td><td>" + html_escape(role_label(a.role)) + "</td><td>" +
             html_escape(iso8601(a.first_seen_us)) + "</td></tr>\n";
    out += "</table>\n";
  }
  if (!d.changes.empty()) {
    out += "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\"><tr>" +
           header_cells({RT("report", "Device"), RT("report", "Field"), RT("report", "Old"),
                         RT("report", "New"), RT("report", "Changed")});
    for (const DashboardChange& c : d.changes)
      out += "<tr><td>" + html_escape(c.ip.empty() ? c.mac : c.ip) + "</td><td>" +
             html_escape(c.field) + "</td><td>" + html_escape(c.old_value) + "</td><td>" +
             html_escape(c.new_value) + "</td><td>" + html_escape(iso8601(c.changed_at_us)) +
             "</td></tr>\n";
    out += "</table>\n";
  }

  out +=
      "<p><b>" + html_escape(RT("report", "Capture health")) + "</b> " +
      html_escape(RT("report", "(the newest runs; counters over each whole run)")) +
      "</p>\n<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\"><tr>" +
      header_cells({RT("report", "Run"), RT("report", "Source"), RT("report", "Status"),
                    RT("report", "Packets"), RT("report", "Kernel drops"), RT("report", "TCP gaps"),
                    RT("report", "Out of order"), RT("report", "Flows evicted"),
                    RT("report", "Malformed frames"), RT("report", "Kept out by caps")});
  for (const DashboardRun& r : d.runs) {
    const HealthSample& s = r.last;
    const bool known = r.samples_stored > 0;
    auto n = [&](std::uint64_t v) { return known ? thousands(v) : std::string("-"); };
    out += "<tr><td>" + std::to_string(r.id) + "</td><td>" + html_escape(r.source) + "</td><td>" +
           html_escape(report_term("runs", r.status)) + "</td><td>" + n(s.packets) + "</td><td>" +
           n(s.drops) + "</td><td>" + n(s.tcp_gaps) + "</td><td>" + n(s.out_of_order) +
           "</td><td>" + n(s.flows_evicted) + "</td><td>" + n(s.malformed) + "</td><td>" +
           n(s.limit_drops) + "</td></tr>\n";
  }
  out += "</table>\n";
  return out;
}

}  // namespace otscope::cli
