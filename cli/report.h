// `otscope report`: the asset inventory report an auditor signs, as one self-contained HTML
// document (summary, asset table, identity per device, communication matrix, network diagram,
// change history, anomalies and alerts, known vulnerabilities from stored advisories) and as PDF
// rendered from that HTML by Qt, headless.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "db/database.h"
#include "model/inventory.h"

namespace otscope::cli {

struct ReportOptions {
  std::string title = "OT asset inventory";
  std::string database;           // shown in the header
  std::int64_t generated_us = 0;  // 0: now
};

/// `&`, `<`, `>`, `"` and `'` as entities: every wire string goes through this.
std::string html_escape(std::string_view text);

/// A figure (an SVG document: the network diagram, a chart) as an HTML image: a data URL that
/// browsers show as it is and the PDF module draws as vector graphics (Qt's rich text has no SVG
/// of its own). `width` in CSS pixels; `alt` is escaped.
std::string svg_image_html(std::string_view svg, int width, std::string_view alt);

/// The network diagram of the report (and of `otscope map --svg`) as an SVG document: grouped by
/// `grouping` ("auto": the auditor's zones when any were recorded, else subnets; or "none",
/// "subnet", "vlan", "zone", "purdue"), open alerts as badges, a large inventory's groups
/// collapsed. Throws std::invalid_argument for an unknown grouping.
std::string network_diagram_svg(const Database& db, const Inventory& inventory,
                                const std::string& grouping = "auto");

/// The report as HTML (the subset Qt's rich text engine renders, so the PDF matches).
std::string report_html(const Database& db, const ReportOptions& options);

/// Renders `html` to a PDF file at `path` (A4 landscape) through the PDF module (otscope-pdf.so,
/// Qt on the offscreen platform, no display needed), loaded on first use. Returns "" on success,
/// else a one-line reason.
std::string write_pdf(const std::string& html, const std::string& path, const std::string& title);

}  // namespace otscope::cli
