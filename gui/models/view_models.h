// The console's views as rows and column tables: assets, advisories, alerts, operations,
// anomalies, links, capture runs and the baseline. Rows are built in the reader thread
// (view_rows.cpp) from what db/ returns; every string from the wire in them has passed through
// wireText().
#pragma once

#include <QString>
#include <QVariant>
#include <cstdint>
#include <optional>
#include <span>

#include "common/flow.h"
#include "gui/models/table_model.h"
#include "model/advisory/advisory.h"
#include "model/detection/alert.h"
#include "model/detection/rules.h"

namespace otscope::gui {

// ---- assets ------------------------------------------------------------------------------------

struct AssetRow : RowBase {
  QString name;  // the auditor's name, else a host name, else what the device calls itself
  QString ips;   // every address, space-separated
  IpAddress first_ip;
  bool has_ip = false;
  QString mac;
  std::uint64_t mac_value = 0;
  QString mac_vendor;
  QString vlans;
  QString role;       // label: "PLC", "HMI / SCADA client"
  QString role_name;  // machine name: "plc"
  double role_confidence = 0;
  QString vendor;
  QString product;
  QString order_number;
  QString firmware;
  QString hardware;
  QString serial;
  QString protocols;
  QString hostnames;
  // What the auditor recorded.
  QString criticality;
  int criticality_rank = 0;  // 0 unset .. 4 critical
  QString zone;
  QString purdue_level;
  QString owner;
  QString tags;
  std::uint64_t open_alerts = 0;
  int worst_open_severity = -1;  // detection::Severity of the worst open alert, -1 none
  // Public advisories that concern it (affected, possibly affected) and their highest CVSS.
  std::uint32_t advisories_affected = 0;
  std::uint32_t advisories_possible = 0;
  double advisories_max_cvss = -1;
  QString advisories_list;  // one line per advisory, for the tooltip
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  std::uint64_t packets_sent = 0;
  std::uint64_t packets_received = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
};

struct AssetTraits {
  using Row = AssetRow;
  enum Column {
    Name,
    Ips,
    Mac,
    MacVendor,
    Role,
    Vendor,
    Product,
    OrderNumber,
    Firmware,
    Hardware,
    Serial,
    Protocols,
    Vlans,
    Hostnames,
    Criticality,
    Zone,
    Purdue,
    Owner,
    Tags,
    OpenAlerts,
    Advisories,
    FirstSeen,
    LastSeen,
    PacketsSent,
    PacketsReceived,
    BytesSent,
    BytesReceived,
    Id,
    ColumnCount
  };
  static std::span<const ColumnSpec> columns();
  static QString cell(const Row& row, int column);
  static QVariant toolTip(const Row& row, int column);
  static QVariant style(const Row& row, int column, int role);
  /// The order of a typed column (addresses, times, counts, severities); nullopt for the
  /// columns that sort by their text.
  static std::optional<SortKey> sortKey(const Row& row, int column);
};
using AssetModel = TableModel<AssetTraits>;

// ---- advisories --------------------------------------------------------------------------------

/// One asset judged against one public advisory (advisory::AssetFinding).
struct AdvisoryRow : RowBase {
  std::int64_t asset_id = 0;
  QString asset;  // the asset's name
  QString ips;
  IpAddress first_ip;
  bool has_ip = false;
  // What the device says it is.
  QString device;  // "Siemens S7-300 CPU 315-2 PN/DP"
  QString vendor;
  QString model;
  QString module_type;
  QString reported_product;
  QString order_number;
  QString firmware;
  QString hardware;
  // The advisory and its verdict.
  QString advisory;  // tracking id, "ICSA-19-283-02"
  /// The tracking id's digits as a number ("ICSA-19-283-02": 1928302): newer ids are larger.
  std::uint64_t advisory_order = 0;
  QString title;
  QString url;  // plain text, never a link
  advisory::Verdict verdict = advisory::Verdict::NotAffected;
  QString product;  // the advisory's product that matched the device
  QString version_range;
  QString reason;
  QStringList cves;
  double cvss = -1;  // -1: none given
  QString cvss_vector;
  QString remediation;  // "; "-joined, vendor fixes first
};

struct AdvisoryTraits {
  using Row = AdvisoryRow;
  // How bad, whether it applies, to which device and which advisory; then what the device is
  // and what to do.
  enum Column {
    Cvss,
    Verdict,
    Asset,
    Ips,
    Advisory,
    Title,
    Device,
    Firmware,
    OrderNumber,
    Cves,
    Remediation,
    Product,
    VersionRange,
    ColumnCount
  };
  static std::span<const ColumnSpec> columns();
  static QString cell(const Row& row, int column);
  static QVariant toolTip(const Row& row, int column);
  static QVariant style(const Row& row, int column, int role);
  /// CVSS sorts by score with the not-affected rows after all others (then by asset, and the
  /// newest advisory first, when descending); the verdict by its strength, then score.
  static std::optional<SortKey> sortKey(const Row& row, int column);
};
using AdvisoryModel = TableModel<AdvisoryTraits>;

/// "Affected", "Possibly affected", "Not affected".
QString verdictText(advisory::Verdict v);
/// The severity a CVSS base score maps to (advisory::severity_for_score).
detection::Severity cvssSeverity(double cvss);
/// "9.8 Critical"; "" when there is no score.
QString cvssText(double cvss);
/// A score as an ordered number: none (-1) first, then 0.0 .. 10.0.
std::uint64_t cvssKey(double cvss);

// ---- alerts ------------------------------------------------------------------------------------

struct AlertRow : RowBase {
  detection::Severity severity = detection::Severity::Low;
  detection::AlertState state = detection::AlertState::Open;
  detection::RuleId rule = detection::RuleId::Malformed;
  QString protocol;
  IpAddress src;
  IpAddress dst;
  QString src_text;  // "ENG-WS (10.0.0.5)"
  QString dst_text;
  QString functions;
  QString summary;
  std::uint64_t count = 0;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
};

struct AlertTraits {
  using Row = AlertRow;
  // What happened, who did it to whom and when first; the rest further right.
  enum Column {
    Severity,
    State,
    Title,
    Source,
    Target,
    LastSeen,
    Count,
    Protocol,
    Function,
    Summary,
    FirstSeen,
    Technique,
    Rule,
    Id,
    ColumnCount
  };
  static std::span<const ColumnSpec> columns();
  static QString cell(const Row& row, int column);
  static QVariant toolTip(const Row& row, int column);
  static QVariant style(const Row& row, int column, int role);
  /// The order of a typed column (addresses, times, counts, severities); nullopt for the
  /// columns that sort by their text.
  static std::optional<SortKey> sortKey(const Row& row, int column);
};
using AlertModel = TableModel<AlertTraits>;

/// "Critical", "High", ... as the user reads them.
QString severityText(detection::Severity s);
/// "Open", "Acknowledged", "Closed".
QString alertStateText(detection::AlertState s);
/// The rule's title as the user reads it.
QString ruleTitleText(detection::RuleId rule);
/// Background colour of a severity, readable with the current palette's text colour.
QColor severityColor(detection::Severity s);

// ---- operations --------------------------------------------------------------------------------

struct OperationRow : RowBase {
  QString protocol;
  IpAddress client;
  IpAddress server;
  QString client_text;
  QString server_text;
  std::int64_t unit = -1;
  std::uint32_t function = 0;
  QString function_name;
  QString op_class;
  QString detail;
  QString ranges;
  std::uint64_t requests = 0;
  std::uint64_t responses = 0;
  std::uint64_t unsolicited = 0;
  std::uint64_t exceptions = 0;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
};

struct OperationTraits {
  using Row = OperationRow;
  enum Column {
    Protocol,
    Client,
    Server,
    Unit,
    Function,
    OpClass,
    Detail,
    Ranges,
    Requests,
    Responses,
    Unsolicited,
    Exceptions,
    FirstSeen,
    LastSeen,
    Id,
    ColumnCount
  };
  static std::span<const ColumnSpec> columns();
  static QString cell(const Row& row, int column);
  static QVariant toolTip(const Row& row, int column);
  static QVariant style(const Row& row, int column, int role);
  /// The order of a typed column (addresses, times, counts, severities); nullopt for the
  /// columns that sort by their text.
  static std::optional<SortKey> sortKey(const Row& row, int column);
};
using OperationModel = TableModel<OperationTraits>;

// ---- anomalies ---------------------------------------------------------------------------------

struct AnomalyRow : RowBase {
  QString protocol;
  QString kind;
  IpAddress src;
  IpAddress dst;
  QString src_text;
  QString dst_text;
  QString detail;
  bool malformed = false;
  std::uint64_t count = 0;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  std::uint64_t first_frame = 0;
  QString capture;  // the capture run's source
};

struct AnomalyTraits {
  using Row = AnomalyRow;
  enum Column {
    Protocol,
    Kind,
    Source,
    Destination,
    Malformed,
    Count,
    Detail,
    FirstSeen,
    LastSeen,
    Capture,
    Frame,
    Id,
    ColumnCount
  };
  static std::span<const ColumnSpec> columns();
  static QString cell(const Row& row, int column);
  static QVariant toolTip(const Row& row, int column);
  /// The order of a typed column (addresses, times, counts, severities); nullopt for the
  /// columns that sort by their text.
  static std::optional<SortKey> sortKey(const Row& row, int column);
};
using AnomalyModel = TableModel<AnomalyTraits>;

// ---- links -------------------------------------------------------------------------------------

struct LinkRow : RowBase {
  IpAddress client;
  IpAddress server;
  QString client_text;
  QString server_text;
  QString transport;
  std::uint16_t port = 0;
  QString protocol;  // "" when no decoder claimed it
  std::uint64_t flows = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
};

struct LinkTraits {
  using Row = LinkRow;
  enum Column {
    Client,
    Server,
    Transport,
    Port,
    Protocol,
    Flows,
    Packets,
    Bytes,
    FirstSeen,
    LastSeen,
    Id,
    ColumnCount
  };
  static std::span<const ColumnSpec> columns();
  static QString cell(const Row& row, int column);
  static QVariant toolTip(const Row& row, int column);
  /// The order of a typed column (addresses, times, counts, severities); nullopt for the
  /// columns that sort by their text.
  static std::optional<SortKey> sortKey(const Row& row, int column);
};
using LinkModel = TableModel<LinkTraits>;

// ---- capture runs ------------------------------------------------------------------------------

struct RunRow : RowBase {
  QString source;
  std::int64_t started_us = 0;
  std::int64_t finished_us = 0;
  std::int64_t first_packet_us = 0;
  std::int64_t last_packet_us = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t drops = 0;
  std::uint64_t undecodable = 0;
  QString status;  // "complete", "interrupted", "running", "running (live)"
  bool live = false;
};

struct RunTraits {
  using Row = RunRow;
  enum Column {
    Id,
    Source,
    Status,
    Started,
    Finished,
    FirstPacket,
    LastPacket,
    Packets,
    Bytes,
    Drops,
    Undecodable,
    ColumnCount
  };
  static std::span<const ColumnSpec> columns();
  static QString cell(const Row& row, int column);
  static QVariant toolTip(const Row& row, int column);
  static QVariant style(const Row& row, int column, int role);
  /// The order of a typed column (addresses, times, counts, severities); nullopt for the
  /// columns that sort by their text.
  static std::optional<SortKey> sortKey(const Row& row, int column);
};
using RunModel = TableModel<RunTraits>;

// ---- baseline ----------------------------------------------------------------------------------

struct BaselineRow : RowBase {
  QString protocol;
  IpAddress client;
  IpAddress server;
  QString client_text;
  QString server_text;
  std::int64_t unit = -1;
  std::uint32_t function = 0;
  QString function_name;
  QString ranges;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  QString origin;  // "learned", "imported", "alert 12"
};

struct BaselineTraits {
  using Row = BaselineRow;
  enum Column {
    Protocol,
    Client,
    Server,
    Unit,
    Function,
    Ranges,
    FirstSeen,
    LastSeen,
    Origin,
    ColumnCount
  };
  static std::span<const ColumnSpec> columns();
  static QString cell(const Row& row, int column);
  static QVariant toolTip(const Row& row, int column);
  /// The order of a typed column (addresses, times, counts, severities); nullopt for the
  /// columns that sort by their text.
  static std::optional<SortKey> sortKey(const Row& row, int column);
};
using BaselineModel = TableModel<BaselineTraits>;

/// Fills `row.search` and `row.cell_end` from the row's cells: run once per row in the reader
/// thread.
template <class Traits>
void finishRow(typename Traits::Row& row) {
  static_assert(static_cast<int>(Traits::ColumnCount) <= RowBase::kMaxColumns);
  QString all;
  all.reserve(160);
  for (int c = 0; c < static_cast<int>(Traits::ColumnCount); ++c) {
    if (c > 0) all += QChar(0x1f);
    all += Traits::cell(row, c);
    row.cell_end[static_cast<std::size_t>(c)] =
        static_cast<std::uint16_t>(std::min<qsizetype>(all.size(), 0xffff));
  }
  row.search = all.toLower();
}

/// The order of an address: IPv4 before IPv6, unknown (`set` false) last.
SortKey ipKey(const IpAddress& ip, bool set);
/// The first eight characters of a text, lower-cased, as one ordered number.
std::uint64_t textPrefix(const QString& text);
QString ipText(const IpAddress& ip);

}  // namespace otscope::gui
