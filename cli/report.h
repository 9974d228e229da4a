// `otscope report`: the asset inventory report an auditor signs, as one self-contained HTML
// document (summary, asset table, identity per device, communication matrix, network diagram,
// change history, anomalies and alerts, known vulnerabilities from stored advisories) and as PDF
// rendered from that HTML by Qt, headless.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "model/inventory.h"

namespace otscope::cli {

struct ReportOptions {
  std::string title = "OT asset inventory";
  std::string database;           // shown in the header
  std::int64_t generated_us = 0;  // 0: now
  /// The reader's language ("en", "zh_CN"): the HTML's lang, and which words `translate` gives.
  std::string language = "en";
  /// The report's words in the reader's language: (context, English) -> translation. Unset:
  /// English. The CLI fills it with load_report_translation(); the console with Qt's translator.
  std::function<std::string(const char* context, const char* text)> translate;
};

/// `&`, `<`, `>`, `"` and `'` as entities: every wire string goes through this.
std::string html_escape(std::string_view text);

/// The report's words in the reader's language: ReportOptions::translate of the report being
/// written on this thread (report_html), English without one. lupdate reads RT("report", "...")
/// as it reads QT_TRANSLATE_NOOP (scripts/i18n-update.sh), so the words land in the console's
/// translations (gui/i18n/).
std::string RT(const char* context, const char* text);
/// A term the model names at run time (a role, a severity, a verdict, a run's status), in the
/// context the console translates it in ("roles", "severity", ...).
std::string report_term(const char* context, std::string_view text);

/// "%1 ... %2" with the arguments in place: a translated sentence decides their order.
std::string fill_placeholders(std::string text, const std::vector<std::string>& args);

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

/// The report's title: `options.title`, or the default title in the reader's language.
std::string report_title(const ReportOptions& options);

/// The report as HTML (the subset Qt's rich text engine renders, so the PDF matches).
std::string report_html(const Database& db, const ReportOptions& options);

/// Sets `options` to write the report in `language` ("en", "zh_CN"), with the translations of the
/// PDF module (the console's, compiled in). Returns "" on success, else a one-line reason.
std::string load_report_translation(const std::string& language, ReportOptions& options);

/// Renders `html` to a PDF file at `path` (A4 landscape) through the PDF module (otscope-pdf.so,
/// Qt on the offscreen platform, no display needed), loaded on first use. Returns "" on success,
/// else a one-line reason.
std::string write_pdf(const std::string& html, const std::string& path, const std::string& title);

}  // namespace otscope::cli
