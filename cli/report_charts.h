// The audit report's charts as SVG documents (no Qt: `otscope report` draws them itself and the
// PDF module rasterises them): horizontal bars and stacked bars over time, every label escaped,
// in the console dashboard's colours (model/dashboard.h), from db/dashboard.h's series.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/dashboard.h"
#include "model/inventory.h"

namespace otscope::cli {

struct ChartBar {
  std::string label;  // any text (a wire string): escaped, invalid UTF-8 shown as '?'
  std::uint64_t value = 0;
  std::string color;       // #rrggbb
  std::string value_text;  // shown at the bar's end instead of the value ("3.0 MB"), if given
};

/// One bar per entry, largest scale first as given, the value at each bar's end. `width` in
/// pixels; the height follows from the number of bars.
std::string bar_chart_svg(std::string_view title, const std::vector<ChartBar>& bars, int width);

struct ChartSeries {
  std::string name;
  std::string color;
  std::vector<std::uint64_t> values;  // one per x label
};

/// Stacked columns, one per `x_labels` entry (a label every few columns when they are many),
/// with a legend of the series.
std::string stacked_chart_svg(std::string_view title, const std::vector<std::string>& x_labels,
                              const std::vector<ChartSeries>& series, int width, int height);

/// The report's "plant at a glance" figures as HTML: alerts by severity over time, open alerts
/// by rule, assets by role and by vendor, protocol mix, top talkers (named as the inventory
/// names them), the last 24 h, and capture health per run.
std::string dashboard_html(const Dashboard& d, const Inventory& inventory);

}  // namespace otscope::cli
