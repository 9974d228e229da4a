#include "gui/models/view_models.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFont>
#include <QPalette>
#include <QStringList>
#include <array>

#include "gui/text.h"
#include "model/advisory/findings.h"

namespace otscope::gui {

namespace det = otscope::detection;

namespace {

QVariant tip(const QString& text) {
  return text.isEmpty() ? QVariant() : QVariant(plainToolTip(text));
}

QString unitText(std::int64_t unit) {
  return unit < 0 ? QString() : QString::number(unit);
}

// "16 Write Multiple Registers" (the code as the CLI gives it, then its name), for operations
// and baseline entries; ordered by protocol, then code.
template <class Row>
QString functionText(const Row& r) {
  return r.function_name.isEmpty() ? QString::number(r.function)
                                   : QStringLiteral("%1 %2").arg(r.function).arg(r.function_name);
}

template <class Row>
SortKey functionKey(const Row& r) {
  return SortKey{textPrefix(r.protocol), r.function};
}

bool isDark() {
  const QPalette p = QApplication::palette();
  return p.color(QPalette::Base).lightness() < 128;
}

// A row of a live view is bold while it needs attention.
QVariant boldFont() {
  QFont f = QApplication::font();
  f.setBold(true);
  return f;
}

// "2 affected, 1 possibly (max CVSS 9.8)"; "" when no advisory concerns the asset.
QString assetAdvisoriesText(const AssetRow& r) {
  QStringList parts;
  if (r.advisories_affected > 0)
    parts << QCoreApplication::translate("assets", "%1 affected").arg(r.advisories_affected);
  if (r.advisories_possible > 0)
    parts << QCoreApplication::translate("assets", "%1 possibly").arg(r.advisories_possible);
  if (parts.isEmpty()) return {};
  QString text = parts.join(QStringLiteral(", "));
  if (r.advisories_max_cvss >= 0)
    text += QCoreApplication::translate("assets", " (max CVSS %1)")
                .arg(r.advisories_max_cvss, 0, 'f', 1);
  return text;
}

}  // namespace

QString ipText(const IpAddress& ip) {
  return ip.is_unspecified() ? QString() : QString::fromStdString(ip.to_string());
}

SortKey ipKey(const IpAddress& ip, bool set) {
  // IPv4 before IPv6 (as IpAddress orders them), unknown addresses last.
  return SortKey{set ? (ip.v6 ? 1u : 0u) : 2u, ip.word(0), ip.word(8)};
}

std::uint64_t textPrefix(const QString& text) {
  std::uint64_t p = 0;
  for (qsizetype i = 0; i < 8; ++i) {
    const char16_t c = i < text.size() ? text[i].toLower().unicode() : u'\0';
    p = p << 8 | (c > 0xfe ? 0xffu : c);
  }
  return p;
}

// ---- assets ------------------------------------------------------------------------------------

std::span<const ColumnSpec> AssetTraits::columns() {
  static const std::array<ColumnSpec, ColumnCount> kColumns{{
      {QT_TRANSLATE_NOOP("columns", "Name"), "name", true, false,
       QT_TRANSLATE_NOOP("columns", "The auditor's name, else a host name, else the device's own")},
      {QT_TRANSLATE_NOOP("columns", "IP addresses"), "ip,ips", true},
      {QT_TRANSLATE_NOOP("columns", "MAC"), "mac", false},
      {QT_TRANSLATE_NOOP("columns", "MAC vendor"), "mac_vendor,oui", true, false,
       QT_TRANSLATE_NOOP("columns", "Vendor of the MAC address (IEEE registry)")},
      {QT_TRANSLATE_NOOP("columns", "Role"), "role", true, false,
       QT_TRANSLATE_NOOP("columns", "Role inferred from behaviour")},
      {QT_TRANSLATE_NOOP("columns", "Vendor"), "vendor", true, false,
       QT_TRANSLATE_NOOP("columns", "Vendor the device reports about itself")},
      {QT_TRANSLATE_NOOP("columns", "Product"), "product,model", true},
      {QT_TRANSLATE_NOOP("columns", "Order number"), "order,order_number", false},
      {QT_TRANSLATE_NOOP("columns", "Firmware"), "firmware,fw", true},
      {QT_TRANSLATE_NOOP("columns", "Hardware"), "hardware,hw", false},
      {QT_TRANSLATE_NOOP("columns", "Serial"), "serial", false},
      {QT_TRANSLATE_NOOP("columns", "Protocols"), "proto,protocol,protocols", true},
      {QT_TRANSLATE_NOOP("columns", "VLANs"), "vlan,vlans", false},
      {QT_TRANSLATE_NOOP("columns", "Host names"), "host,hostname,hostnames", false},
      {QT_TRANSLATE_NOOP("columns", "Criticality"), "criticality,crit", true},
      {QT_TRANSLATE_NOOP("columns", "Zone"), "zone", true},
      {QT_TRANSLATE_NOOP("columns", "Purdue level"), "purdue,level", false},
      {QT_TRANSLATE_NOOP("columns", "Owner"), "owner", false},
      {QT_TRANSLATE_NOOP("columns", "Tags"), "tag,tags", false},
      {QT_TRANSLATE_NOOP("columns", "Open alerts"), "alerts,open_alerts", true, true,
       QT_TRANSLATE_NOOP("columns", "Open or acknowledged alerts this device sent or received")},
      {QT_TRANSLATE_NOOP("columns", "Advisories"), "advisories,vulns,vulnerabilities", true, false,
       QT_TRANSLATE_NOOP("columns",
                         "Public advisories (CSAF) whose products match this device, with the "
                         "highest CVSS score among them")},
      {QT_TRANSLATE_NOOP("columns", "First seen"), "first,first_seen", false},
      {QT_TRANSLATE_NOOP("columns", "Last seen"), "last,last_seen", true},
      {QT_TRANSLATE_NOOP("columns", "Packets sent"), "sent", false, true},
      {QT_TRANSLATE_NOOP("columns", "Packets received"), "received", false, true},
      {QT_TRANSLATE_NOOP("columns", "Bytes sent"), "bytes_sent", false, true},
      {QT_TRANSLATE_NOOP("columns", "Bytes received"), "bytes_received", false, true},
      {QT_TRANSLATE_NOOP("columns", "ID"), "id", false, true},
  }};
  return kColumns;
}

QString AssetTraits::cell(const Row& r, int column) {
  switch (column) {
    case Name:
      return r.name;
    case Ips:
      return r.ips;
    case Mac:
      return r.mac;
    case MacVendor:
      return r.mac_vendor;
    case Role:
      return r.role;
    case Vendor:
      return r.vendor;
    case Product:
      return r.product;
    case OrderNumber:
      return r.order_number;
    case Firmware:
      return r.firmware;
    case Hardware:
      return r.hardware;
    case Serial:
      return r.serial;
    case Protocols:
      return r.protocols;
    case Vlans:
      return r.vlans;
    case Hostnames:
      return r.hostnames;
    case Criticality:
      return r.criticality;
    case Zone:
      return r.zone;
    case Purdue:
      return r.purdue_level;
    case Owner:
      return r.owner;
    case Tags:
      return r.tags;
    case OpenAlerts:
      return r.open_alerts == 0 ? QString() : countText(r.open_alerts);
    case Advisories:
      return assetAdvisoriesText(r);
    case FirstSeen:
      return timeText(r.first_seen_us);
    case LastSeen:
      return timeText(r.last_seen_us);
    case PacketsSent:
      return countText(r.packets_sent);
    case PacketsReceived:
      return countText(r.packets_received);
    case BytesSent:
      return bytesText(r.bytes_sent);
    case BytesReceived:
      return bytesText(r.bytes_received);
    case Id:
      return QString::number(r.id);
  }
  return {};
}

QVariant AssetTraits::toolTip(const Row& r, int column) {
  switch (column) {
    case Role:
      return r.role.isEmpty()
                 ? QVariant()
                 : QVariant(QCoreApplication::translate("assets", "%1 (confidence %2%)")
                                .arg(r.role)
                                .arg(static_cast<int>(r.role_confidence * 100 + 0.5)));
    case Advisories:
      return tip(r.advisories_list);
    case FirstSeen:
      return isoTimeText(r.first_seen_us);
    case LastSeen:
      return isoTimeText(r.last_seen_us);
    default:
      return tip(cell(r, column));
  }
}

QVariant AssetTraits::style(const Row& r, int column, int role) {
  if (column == OpenAlerts && r.worst_open_severity >= 0) {
    const auto s = static_cast<det::Severity>(r.worst_open_severity);
    if (role == Qt::BackgroundRole) return severityColor(s);
    if (role == Qt::FontRole && s >= det::Severity::High) return boldFont();
  }
  if (column == Advisories && r.advisories_max_cvss >= 0 &&
      r.advisories_affected + r.advisories_possible > 0) {
    const det::Severity s = cvssSeverity(r.advisories_max_cvss);
    if (role == Qt::BackgroundRole) return severityColor(s);
    if (role == Qt::FontRole && r.advisories_affected > 0 && s >= det::Severity::High)
      return boldFont();
  }
  return {};
}

std::optional<SortKey> AssetTraits::sortKey(const Row& r, int column) {
  switch (column) {
    case Ips:
      return ipKey(r.first_ip, r.has_ip);
    case Mac:
      return SortKey{r.mac_value};
    case Criticality:
      return SortKey{static_cast<std::uint64_t>(4 - r.criticality_rank)};  // most critical first
    case OpenAlerts:                                                       // worst first, then most
      return SortKey{~static_cast<std::uint64_t>(r.worst_open_severity + 1), ~r.open_alerts};
    case Advisories:  // the highest score, then the most affected, then the most possibly
      return SortKey{cvssKey(r.advisories_max_cvss), r.advisories_affected, r.advisories_possible};
    case FirstSeen:
      return SortKey{ordered(r.first_seen_us)};
    case LastSeen:
      return SortKey{ordered(r.last_seen_us)};
    case PacketsSent:
      return SortKey{r.packets_sent};
    case PacketsReceived:
      return SortKey{r.packets_received};
    case BytesSent:
      return SortKey{r.bytes_sent};
    case BytesReceived:
      return SortKey{r.bytes_received};
    case Id:
      return SortKey{ordered(r.id)};
    default:
      return std::nullopt;
  }
}

// ---- advisories --------------------------------------------------------------------------------

QString verdictText(advisory::Verdict v) {
  static const std::array<QString, 3> kTexts = {
      QCoreApplication::translate("verdict", "Not affected"),
      QCoreApplication::translate("verdict", "Possibly affected"),
      QCoreApplication::translate("verdict", "Affected")};
  return kTexts[static_cast<std::size_t>(v) % kTexts.size()];
}

det::Severity cvssSeverity(double cvss) {
  const std::string_view name = advisory::severity_for_score(cvss);
  if (name == "critical") return det::Severity::Critical;
  if (name == "high") return det::Severity::High;
  if (name == "medium") return det::Severity::Medium;
  return det::Severity::Low;
}

QString cvssText(double cvss) {
  if (cvss < 0) return {};
  return QString::number(cvss, 'f', 1) + u' ' + severityText(cvssSeverity(cvss));
}

std::uint64_t cvssKey(double cvss) {
  return cvss < 0 ? 0 : static_cast<std::uint64_t>(cvss * 10 + 0.5) + 1;
}

std::span<const ColumnSpec> AdvisoryTraits::columns() {
  static const std::array<ColumnSpec, ColumnCount> kColumns{{
      {QT_TRANSLATE_NOOP("columns", "CVSS"), "cvss,score,severity", true, false,
       QT_TRANSLATE_NOOP("columns",
                         "Highest CVSS base score of the advisory's vulnerabilities that concern "
                         "the device; not-affected rows sort after all others")},
      {QT_TRANSLATE_NOOP("columns", "Verdict"), "verdict", true, false,
       QT_TRANSLATE_NOOP("columns",
                         "Affected: the device's product and firmware are listed as vulnerable. "
                         "Possibly: the product is listed but the firmware is unknown or the "
                         "range not understood. Not affected: listed as fixed or outside the "
                         "vulnerable versions")},
      {QT_TRANSLATE_NOOP("columns", "Asset"), "asset,name", true},
      {QT_TRANSLATE_NOOP("columns", "IP addresses"), "ip,ips", true},
      {QT_TRANSLATE_NOOP("columns", "Advisory"), "advisory,icsa", true, false,
       QT_TRANSLATE_NOOP("columns", "The advisory's tracking id")},
      {QT_TRANSLATE_NOOP("columns", "Title"), "title", true},
      {QT_TRANSLATE_NOOP("columns", "Device"), "device,vendor,product,model", true, false,
       QT_TRANSLATE_NOOP("columns", "What the device reports about itself")},
      {QT_TRANSLATE_NOOP("columns", "Firmware"), "firmware,fw", true},
      {QT_TRANSLATE_NOOP("columns", "Order number"), "order,order_number", true},
      {QT_TRANSLATE_NOOP("columns", "CVEs"), "cve,cves", true},
      {QT_TRANSLATE_NOOP("columns", "Remediation"), "remediation,fix", true, false,
       QT_TRANSLATE_NOOP("columns", "What the advisory says to do: vendor fixes first")},
      {QT_TRANSLATE_NOOP("columns", "Matched product"), "matched", false, false,
       QT_TRANSLATE_NOOP("columns", "The advisory's product that matched the device")},
      {QT_TRANSLATE_NOOP("columns", "Vulnerable versions"), "versions,range", false},
  }};
  return kColumns;
}

QString AdvisoryTraits::cell(const Row& r, int column) {
  switch (column) {
    case Cvss:
      return cvssText(r.cvss);
    case Verdict:
      return verdictText(r.verdict);
    case Asset:
      return r.asset;
    case Ips:
      return r.ips;
    case Device:
      return r.device;
    case OrderNumber:
      return r.order_number;
    case Firmware:
      return r.firmware;
    case Advisory:
      return r.advisory;
    case Title:
      return r.title;
    case Cves:
      return r.cves.join(QStringLiteral(", "));
    case Remediation:
      return r.remediation;
    case Product:
      return r.product;
    case VersionRange:
      return r.version_range;
  }
  return {};
}

QVariant AdvisoryTraits::toolTip(const Row& r, int column) {
  switch (column) {
    case Cvss:
      return tip(r.cvss_vector.isEmpty() ? cell(r, column)
                                         : cell(r, column) + u'\n' + r.cvss_vector);
    case Verdict:
      return tip(r.reason);
    case Cves:
      return tip(r.cves.join(u'\n'));
    default:
      return tip(cell(r, column));
  }
}

QVariant AdvisoryTraits::style(const Row& r, int column, int role) {
  // Not affected: listed for the record, greyed.
  if (r.verdict == advisory::Verdict::NotAffected) {
    if (role == Qt::ForegroundRole)
      return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
    return {};
  }
  if (column == Cvss && r.cvss >= 0 && role == Qt::BackgroundRole)
    return severityColor(cvssSeverity(r.cvss));
  if (column == Verdict && role == Qt::FontRole && r.verdict == advisory::Verdict::Affected)
    return boldFont();
  return {};
}

std::optional<SortKey> AdvisoryTraits::sortKey(const Row& r, int column) {
  const auto verdict = static_cast<std::uint64_t>(r.verdict);
  switch (column) {
    case Cvss: {
      // Highest first (descending), not-affected rows after every other; among equal scores
      // affected before possibly, then by asset (A to Z), then the newest advisory first.
      const std::uint64_t relevant = r.verdict == advisory::Verdict::NotAffected ? 0u : 1u;
      return SortKey{relevant << 32 | cvssKey(r.cvss) << 8 | verdict, ~textPrefix(r.asset),
                     r.advisory_order};
    }
    case Verdict:
      return SortKey{verdict, cvssKey(r.cvss)};
    case Ips:
      return ipKey(r.first_ip, r.has_ip);
    default:
      return std::nullopt;
  }
}

// ---- alerts ------------------------------------------------------------------------------------

QString severityText(det::Severity s) {
  // Translated once; every alert row shows one.
  static const std::array<QString, 4> kTexts = {
      QCoreApplication::translate("severity", "Low"),
      QCoreApplication::translate("severity", "Medium"),
      QCoreApplication::translate("severity", "High"),
      QCoreApplication::translate("severity", "Critical")};
  return kTexts[static_cast<std::size_t>(s) & 3];
}

QString alertStateText(det::AlertState s) {
  static const std::array<QString, 3> kTexts = {
      QCoreApplication::translate("alert_state", "Open"),
      QCoreApplication::translate("alert_state", "Acknowledged"),
      QCoreApplication::translate("alert_state", "Closed")};
  const auto i = static_cast<std::size_t>(s);
  return i < kTexts.size() ? kTexts[i] : QString();
}

QString ruleTitleText(det::RuleId rule) {
  // Translated once: sorting 100,000 alerts by title compares these, never builds them.
  static const std::vector<QString> kTitles = [] {
    std::vector<QString> titles(det::rule_count());
    for (const det::Rule& r : det::builtin_rules())
      titles[static_cast<std::size_t>(r.id)] =
          QCoreApplication::translate("rules", std::string(r.title).c_str());
    return titles;
  }();
  const auto i = static_cast<std::size_t>(rule);
  return i < kTitles.size() ? kTitles[i] : QString();
}

QColor severityColor(det::Severity s) {
  // Tints that keep the palette's text readable: light tints on a light base, deep ones on a
  // dark base.
  const bool dark = isDark();
  switch (s) {
    case det::Severity::Critical:
      return dark ? QColor(0x8b, 0x1a, 0x1a) : QColor(0xf4, 0xa0, 0xa0);
    case det::Severity::High:
      return dark ? QColor(0x8a, 0x4b, 0x0f) : QColor(0xf9, 0xc8, 0x8f);
    case det::Severity::Medium:
      return dark ? QColor(0x6b, 0x60, 0x10) : QColor(0xf6, 0xe7, 0x9a);
    case det::Severity::Low:
      return dark ? QColor(0x2b, 0x45, 0x5e) : QColor(0xcf, 0xe0, 0xf1);
  }
  return {};
}

namespace {

// A rule's fixed texts, built once.
struct RuleTexts {
  QString technique;  // "T0858 Change Operating Mode"
  QString name;       // "s7.plc_stop"
};

const RuleTexts& ruleTexts(det::RuleId id) {
  static const std::vector<RuleTexts> kTexts = [] {
    std::vector<RuleTexts> out(det::rule_count());
    for (const det::Rule& r : det::builtin_rules()) {
      RuleTexts& t = out[static_cast<std::size_t>(r.id)];
      t.technique =
          QString::fromUtf8(r.technique.data(), static_cast<qsizetype>(r.technique.size())) + u' ' +
          QString::fromUtf8(r.technique_name.data(),
                            static_cast<qsizetype>(r.technique_name.size()));
      t.name = QString::fromUtf8(r.name.data(), static_cast<qsizetype>(r.name.size()));
    }
    return out;
  }();
  static const RuleTexts kNone;
  const auto i = static_cast<std::size_t>(id);
  return i < kTexts.size() ? kTexts[i] : kNone;
}

}  // namespace

std::span<const ColumnSpec> AlertTraits::columns() {
  static const std::array<ColumnSpec, ColumnCount> kColumns{{
      {QT_TRANSLATE_NOOP("columns", "Severity"), "severity,sev", true},
      {QT_TRANSLATE_NOOP("columns", "State"), "state", true},
      {QT_TRANSLATE_NOOP("columns", "Alert"), "alert,title", true},
      {QT_TRANSLATE_NOOP("columns", "Source"), "src,source,from,ip,asset", true, false,
       QT_TRANSLATE_NOOP("columns", "Who sent the offending messages")},
      {QT_TRANSLATE_NOOP("columns", "Target"), "dst,target,to,ip,asset", true, false,
       QT_TRANSLATE_NOOP("columns", "The device they were sent to")},
      {QT_TRANSLATE_NOOP("columns", "Last seen"), "last,last_seen,time", true},
      {QT_TRANSLATE_NOOP("columns", "Count"), "count", true, true},
      {QT_TRANSLATE_NOOP("columns", "Protocol"), "proto,protocol", true},
      {QT_TRANSLATE_NOOP("columns", "Function"), "function,fn", true},
      {QT_TRANSLATE_NOOP("columns", "Summary"), "summary", true},
      {QT_TRANSLATE_NOOP("columns", "First seen"), "first,first_seen", true},
      {QT_TRANSLATE_NOOP("columns", "ATT&CK"), "attack,technique", false},
      {QT_TRANSLATE_NOOP("columns", "Rule"), "rule", false},
      {QT_TRANSLATE_NOOP("columns", "ID"), "id", false, true},
  }};
  return kColumns;
}

QString AlertTraits::cell(const Row& r, int column) {
  switch (column) {
    case Severity:
      return severityText(r.severity);
    case State:
      return alertStateText(r.state);
    case FirstSeen:
      return timeText(r.first_seen_us);
    case LastSeen:
      return timeText(r.last_seen_us);
    case Title:
      return ruleTitleText(r.rule);
    case Source:
      return r.src_text;
    case Target:
      return r.dst_text;
    case Protocol:
      return r.protocol;
    case Function:
      return r.functions;
    case Count:
      return countText(r.count);
    case Summary:
      return r.summary;
    case Technique:
      return ruleTexts(r.rule).technique;
    case Rule:
      return ruleTexts(r.rule).name;
    case Id:
      return QString::number(r.id);
  }
  return {};
}

QVariant AlertTraits::toolTip(const Row& r, int column) {
  switch (column) {
    case Title: {
      const std::string_view e = det::rule(r.rule).explanation;
      return plainToolTip(QCoreApplication::translate("rule_explanations", std::string(e).c_str()));
    }
    case FirstSeen:
      return isoTimeText(r.first_seen_us);
    case LastSeen:
      return isoTimeText(r.last_seen_us);
    default:
      return tip(cell(r, column));
  }
}

QVariant AlertTraits::style(const Row& r, int column, int role) {
  const bool live = r.state == det::AlertState::Open;
  if (role == Qt::BackgroundRole && column == Severity) return severityColor(r.severity);
  if (role == Qt::FontRole && live && r.severity >= det::Severity::High) return boldFont();
  if (role == Qt::ForegroundRole && r.state == det::AlertState::Closed)
    return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
  return {};
}

std::optional<SortKey> AlertTraits::sortKey(const Row& r, int column) {
  switch (column) {
    case Severity:  // then the newest last
      return SortKey{static_cast<std::uint64_t>(r.severity), ordered(r.last_seen_us)};
    case State:
      return SortKey{static_cast<std::uint64_t>(r.state)};
    case FirstSeen:
      return SortKey{ordered(r.first_seen_us)};
    case LastSeen:
      return SortKey{ordered(r.last_seen_us)};
    case Source:
      return ipKey(r.src, !r.src.is_unspecified());
    case Target:
      return ipKey(r.dst, !r.dst.is_unspecified());
    case Count:
      return SortKey{r.count};
    case Id:
      return SortKey{ordered(r.id)};
    default:
      return std::nullopt;
  }
}

// ---- operations --------------------------------------------------------------------------------

std::span<const ColumnSpec> OperationTraits::columns() {
  static const std::array<ColumnSpec, ColumnCount> kColumns{{
      {QT_TRANSLATE_NOOP("columns", "Protocol"), "proto,protocol", true},
      {QT_TRANSLATE_NOOP("columns", "Client"), "client,src,from,ip,asset", true, false,
       QT_TRANSLATE_NOOP("columns", "The requester: master, HMI, engineering station")},
      {QT_TRANSLATE_NOOP("columns", "Server"), "server,dst,to,ip,asset", true, false,
       QT_TRANSLATE_NOOP("columns", "The responder: PLC, RTU, outstation")},
      {QT_TRANSLATE_NOOP("columns", "Unit"), "unit", true, true,
       QT_TRANSLATE_NOOP("columns", "Modbus unit id, DNP3 outstation address")},
      {QT_TRANSLATE_NOOP("columns", "Function"), "function,fn", true},
      {QT_TRANSLATE_NOOP("columns", "Class"), "class,op,op_class", true},
      {QT_TRANSLATE_NOOP("columns", "Detail"), "detail", true, false,
       QT_TRANSLATE_NOOP("columns",
                         "Sub-function, PI service, block or object the operation names")},
      {QT_TRANSLATE_NOOP("columns", "Ranges"), "range,ranges,register", true},
      {QT_TRANSLATE_NOOP("columns", "Requests"), "requests", true, true},
      {QT_TRANSLATE_NOOP("columns", "Responses"), "responses", true, true},
      {QT_TRANSLATE_NOOP("columns", "Unsolicited"), "unsolicited", false, true},
      {QT_TRANSLATE_NOOP("columns", "Exceptions"), "exceptions,errors", true, true},
      {QT_TRANSLATE_NOOP("columns", "First seen"), "first,first_seen", false},
      {QT_TRANSLATE_NOOP("columns", "Last seen"), "last,last_seen", true},
      {QT_TRANSLATE_NOOP("columns", "ID"), "id", false, true},
  }};
  return kColumns;
}

QString OperationTraits::cell(const Row& r, int column) {
  switch (column) {
    case Protocol:
      return r.protocol;
    case Client:
      return r.client_text;
    case Server:
      return r.server_text;
    case Unit:
      return unitText(r.unit);
    case Function:
      return functionText(r);
    case OpClass:
      return r.op_class;
    case Detail:
      return r.detail;
    case Ranges:
      return r.ranges;
    case Requests:
      return countText(r.requests);
    case Responses:
      return countText(r.responses);
    case Unsolicited:
      return countText(r.unsolicited);
    case Exceptions:
      return r.exceptions == 0 ? QString() : countText(r.exceptions);
    case FirstSeen:
      return timeText(r.first_seen_us);
    case LastSeen:
      return timeText(r.last_seen_us);
    case Id:
      return QString::number(r.id);
  }
  return {};
}

QVariant OperationTraits::toolTip(const Row& r, int column) {
  if (column == FirstSeen) return isoTimeText(r.first_seen_us);
  if (column == LastSeen) return isoTimeText(r.last_seen_us);
  return tip(cell(r, column));
}

QVariant OperationTraits::style(const Row& r, int column, int role) {
  // Writes, controls, program transfers and mode changes stand out in a list of polls.
  static const QStringList kActive = {QStringLiteral("write"), QStringLiteral("control"),
                                      QStringLiteral("program"), QStringLiteral("mode_change"),
                                      QStringLiteral("restart")};
  if (role == Qt::FontRole && column == OpClass && kActive.contains(r.op_class)) return boldFont();
  return {};
}

std::optional<SortKey> OperationTraits::sortKey(const Row& r, int column) {
  switch (column) {
    case Client:
      return ipKey(r.client, true);
    case Server:
      return ipKey(r.server, true);
    case Unit:
      return SortKey{ordered(r.unit)};
    case Function:
      return functionKey(r);
    case Requests:
      return SortKey{r.requests};
    case Responses:
      return SortKey{r.responses};
    case Unsolicited:
      return SortKey{r.unsolicited};
    case Exceptions:
      return SortKey{r.exceptions};
    case FirstSeen:
      return SortKey{ordered(r.first_seen_us)};
    case LastSeen:
      return SortKey{ordered(r.last_seen_us)};
    case Id:
      return SortKey{ordered(r.id)};
    default:
      return std::nullopt;
  }
}

// ---- anomalies ---------------------------------------------------------------------------------

std::span<const ColumnSpec> AnomalyTraits::columns() {
  static const std::array<ColumnSpec, ColumnCount> kColumns{{
      {QT_TRANSLATE_NOOP("columns", "Protocol"), "proto,protocol", true},
      {QT_TRANSLATE_NOOP("columns", "Kind"), "kind", true},
      {QT_TRANSLATE_NOOP("columns", "Source"), "src,source,from,ip,asset", true},
      {QT_TRANSLATE_NOOP("columns", "Destination"), "dst,destination,to,ip,asset", true},
      {QT_TRANSLATE_NOOP("columns", "Malformed"), "malformed", true},
      {QT_TRANSLATE_NOOP("columns", "Count"), "count", true, true},
      {QT_TRANSLATE_NOOP("columns", "Detail"), "detail", true},
      {QT_TRANSLATE_NOOP("columns", "First seen"), "first,first_seen", false},
      {QT_TRANSLATE_NOOP("columns", "Last seen"), "last,last_seen", true},
      {QT_TRANSLATE_NOOP("columns", "Capture"), "capture", false},
      {QT_TRANSLATE_NOOP("columns", "First frame"), "frame", false, true},
      {QT_TRANSLATE_NOOP("columns", "ID"), "id", false, true},
  }};
  return kColumns;
}

QString AnomalyTraits::cell(const Row& r, int column) {
  switch (column) {
    case Protocol:
      return r.protocol;
    case Kind:
      return r.kind;
    case Source:
      return r.src_text;
    case Destination:
      return r.dst_text;
    case Malformed:
      return r.malformed ? QCoreApplication::translate("anomalies", "yes") : QString();
    case Count:
      return countText(r.count);
    case Detail:
      return r.detail;
    case FirstSeen:
      return timeText(r.first_seen_us);
    case LastSeen:
      return timeText(r.last_seen_us);
    case Capture:
      return r.capture;
    case Frame:
      return r.first_frame == 0 ? QString() : QString::number(r.first_frame);
    case Id:
      return QString::number(r.id);
  }
  return {};
}

QVariant AnomalyTraits::toolTip(const Row& r, int column) {
  if (column == FirstSeen) return isoTimeText(r.first_seen_us);
  if (column == LastSeen) return isoTimeText(r.last_seen_us);
  return tip(cell(r, column));
}

std::optional<SortKey> AnomalyTraits::sortKey(const Row& r, int column) {
  switch (column) {
    case Source:
      return ipKey(r.src, !r.src.is_unspecified());
    case Destination:
      return ipKey(r.dst, !r.dst.is_unspecified());
    case Malformed:
      return SortKey{static_cast<std::uint64_t>(r.malformed)};
    case Count:
      return SortKey{r.count};
    case FirstSeen:
      return SortKey{ordered(r.first_seen_us)};
    case LastSeen:
      return SortKey{ordered(r.last_seen_us)};
    case Frame:
      return SortKey{r.first_frame};
    case Id:
      return SortKey{ordered(r.id)};
    default:
      return std::nullopt;
  }
}

// ---- links -------------------------------------------------------------------------------------

std::span<const ColumnSpec> LinkTraits::columns() {
  static const std::array<ColumnSpec, ColumnCount> kColumns{{
      {QT_TRANSLATE_NOOP("columns", "Client"), "client,src,from,ip,asset", true},
      {QT_TRANSLATE_NOOP("columns", "Server"), "server,dst,to,ip,asset", true},
      {QT_TRANSLATE_NOOP("columns", "Transport"), "transport", true},
      {QT_TRANSLATE_NOOP("columns", "Port"), "port", true, true},
      {QT_TRANSLATE_NOOP("columns", "Protocol"), "proto,protocol", true},
      {QT_TRANSLATE_NOOP("columns", "Flows"), "flows", true, true},
      {QT_TRANSLATE_NOOP("columns", "Packets"), "packets", true, true},
      {QT_TRANSLATE_NOOP("columns", "Bytes"), "bytes", true, true},
      {QT_TRANSLATE_NOOP("columns", "First seen"), "first,first_seen", true},
      {QT_TRANSLATE_NOOP("columns", "Last seen"), "last,last_seen", true},
      {QT_TRANSLATE_NOOP("columns", "ID"), "id", false, true},
  }};
  return kColumns;
}

QString LinkTraits::cell(const Row& r, int column) {
  switch (column) {
    case Client:
      return r.client_text;
    case Server:
      return r.server_text;
    case Transport:
      return r.transport;
    case Port:
      return QString::number(r.port);
    case Protocol:
      return r.protocol;
    case Flows:
      return countText(r.flows);
    case Packets:
      return countText(r.packets);
    case Bytes:
      return bytesText(r.bytes);
    case FirstSeen:
      return timeText(r.first_seen_us);
    case LastSeen:
      return timeText(r.last_seen_us);
    case Id:
      return QString::number(r.id);
  }
  return {};
}

QVariant LinkTraits::toolTip(const Row& r, int column) {
  if (column == FirstSeen) return isoTimeText(r.first_seen_us);
  if (column == LastSeen) return isoTimeText(r.last_seen_us);
  return tip(cell(r, column));
}

std::optional<SortKey> LinkTraits::sortKey(const Row& r, int column) {
  switch (column) {
    case Client:
      return ipKey(r.client, true);
    case Server:
      return ipKey(r.server, true);
    case Port:
      return SortKey{r.port};
    case Flows:
      return SortKey{r.flows};
    case Packets:
      return SortKey{r.packets};
    case Bytes:
      return SortKey{r.bytes};
    case FirstSeen:
      return SortKey{ordered(r.first_seen_us)};
    case LastSeen:
      return SortKey{ordered(r.last_seen_us)};
    case Id:
      return SortKey{ordered(r.id)};
    default:
      return std::nullopt;
  }
}

// ---- capture runs ------------------------------------------------------------------------------

std::span<const ColumnSpec> RunTraits::columns() {
  static const std::array<ColumnSpec, ColumnCount> kColumns{{
      {QT_TRANSLATE_NOOP("columns", "Run"), "id,run", true, true},
      {QT_TRANSLATE_NOOP("columns", "Source"), "source,file", true},
      {QT_TRANSLATE_NOOP("columns", "Status"), "status", true},
      {QT_TRANSLATE_NOOP("columns", "Started"), "started", true},
      {QT_TRANSLATE_NOOP("columns", "Finished"), "finished", true},
      {QT_TRANSLATE_NOOP("columns", "First packet"), "first_packet", true},
      {QT_TRANSLATE_NOOP("columns", "Last packet"), "last_packet", true},
      {QT_TRANSLATE_NOOP("columns", "Packets"), "packets", true, true},
      {QT_TRANSLATE_NOOP("columns", "Bytes"), "bytes", true, true},
      {QT_TRANSLATE_NOOP("columns", "Drops"), "drops", true, true,
       QT_TRANSLATE_NOOP("columns", "Packets the kernel or interface dropped (live capture)")},
      {QT_TRANSLATE_NOOP("columns", "Undecodable"), "undecodable", false, true},
  }};
  return kColumns;
}

QString RunTraits::cell(const Row& r, int column) {
  switch (column) {
    case Id:
      return QString::number(r.id);
    case Source:
      return r.source;
    case Status:
      return r.status;
    case Started:
      return timeText(r.started_us);
    case Finished:
      return timeText(r.finished_us);
    case FirstPacket:
      return timeText(r.first_packet_us);
    case LastPacket:
      return timeText(r.last_packet_us);
    case Packets:
      return countText(r.packets);
    case Bytes:
      return bytesText(r.bytes);
    case Drops:
      return countText(r.drops);
    case Undecodable:
      return countText(r.undecodable);
  }
  return {};
}

QVariant RunTraits::toolTip(const Row& r, int column) {
  return tip(cell(r, column));
}

QVariant RunTraits::style(const Row& r, int column, int role) {
  if (role == Qt::FontRole && r.live) return boldFont();
  if (role == Qt::BackgroundRole && column == Drops && r.drops > 0)
    return severityColor(det::Severity::Medium);
  return {};
}

std::optional<SortKey> RunTraits::sortKey(const Row& r, int column) {
  switch (column) {
    case Id:
      return SortKey{ordered(r.id)};
    case Started:
      return SortKey{ordered(r.started_us)};
    case Finished:
      return SortKey{ordered(r.finished_us)};
    case FirstPacket:
      return SortKey{ordered(r.first_packet_us)};
    case LastPacket:
      return SortKey{ordered(r.last_packet_us)};
    case Packets:
      return SortKey{r.packets};
    case Bytes:
      return SortKey{r.bytes};
    case Drops:
      return SortKey{r.drops};
    case Undecodable:
      return SortKey{r.undecodable};
    default:
      return std::nullopt;
  }
}

// ---- baseline ----------------------------------------------------------------------------------

std::span<const ColumnSpec> BaselineTraits::columns() {
  static const std::array<ColumnSpec, ColumnCount> kColumns{{
      {QT_TRANSLATE_NOOP("columns", "Protocol"), "proto,protocol", true},
      {QT_TRANSLATE_NOOP("columns", "Client"), "client,src,from,ip,asset", true},
      {QT_TRANSLATE_NOOP("columns", "Server"), "server,dst,to,ip,asset", true},
      {QT_TRANSLATE_NOOP("columns", "Unit"), "unit", true, true},
      {QT_TRANSLATE_NOOP("columns", "Function"), "function,fn", true},
      {QT_TRANSLATE_NOOP("columns", "Ranges"), "range,ranges", true},
      {QT_TRANSLATE_NOOP("columns", "First seen"), "first,first_seen", true},
      {QT_TRANSLATE_NOOP("columns", "Last seen"), "last,last_seen", true},
      {QT_TRANSLATE_NOOP("columns", "Origin"), "origin", true, false,
       QT_TRANSLATE_NOOP("columns", "Learned from traffic, imported, or accepted from an alert")},
  }};
  return kColumns;
}

QString BaselineTraits::cell(const Row& r, int column) {
  switch (column) {
    case Protocol:
      return r.protocol;
    case Client:
      return r.client_text;
    case Server:
      return r.server_text;
    case Unit:
      return unitText(r.unit);
    case Function:
      return functionText(r);
    case Ranges:
      return r.ranges;
    case FirstSeen:
      return timeText(r.first_seen_us);
    case LastSeen:
      return timeText(r.last_seen_us);
    case Origin:
      return r.origin;
  }
  return {};
}

QVariant BaselineTraits::toolTip(const Row& r, int column) {
  return tip(cell(r, column));
}

std::optional<SortKey> BaselineTraits::sortKey(const Row& r, int column) {
  switch (column) {
    case Client:
      return ipKey(r.client, true);
    case Server:
      return ipKey(r.server, true);
    case Unit:
      return SortKey{ordered(r.unit)};
    case Function:
      return functionKey(r);
    case FirstSeen:
      return SortKey{ordered(r.first_seen_us)};
    case LastSeen:
      return SortKey{ordered(r.last_seen_us)};
    default:
      return std::nullopt;
  }
}

}  // namespace otscope::gui
