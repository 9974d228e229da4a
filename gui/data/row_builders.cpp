#include "gui/data/row_builders.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>
#include <iterator>
#include <map>
#include <thread>

#include "cli/inventory_view.h"
#include "cli/listings.h"
#include "gui/text.h"
#include "protocols/registry.h"

namespace otscope::gui {

namespace det = otscope::detection;

namespace {

QString joined(const std::vector<std::string>& parts, const QString& separator) {
  QStringList out;
  for (const std::string& p : parts) out << wireText(p);
  return out.join(separator);
}

int criticalityRank(const std::string& c) {
  static const char* kOrder[] = {"low", "medium", "high", "critical"};
  for (int i = 0; i < 4; ++i)
    if (c == kOrder[i]) return i + 1;
  return 0;
}

QString criticalityText(const std::string& c) {
  if (c == "low") return QCoreApplication::translate("criticality", "Low");
  if (c == "medium") return QCoreApplication::translate("criticality", "Medium");
  if (c == "high") return QCoreApplication::translate("criticality", "High");
  if (c == "critical") return QCoreApplication::translate("criticality", "Critical");
  return wireText(c);
}

}  // namespace

QString protocolText(const std::string& name) {
  if (const auto p = find_protocol(name)) {
    const std::string_view text = p->display_name();
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
  }
  return wireText(name);
}

QString rangesText(const std::vector<AddressRange>& ranges) {
  return wireText(cli::ranges_text(ranges));
}

NameBook::NameBook(const Inventory& inventory) {
  SourceHash h;
  for (const InventoryAsset& a : inventory.assets) {
    const std::string name = cli::display_name(a);
    // A device without a name is shown by its address: that fallback is no name.
    IpAddress as_ip;
    if (IpAddress::parse(name, as_ip) ||
        (!a.record.mac.is_zero() && name == a.record.mac.to_string()))
      continue;
    for (const IpAddress& ip : a.record.ips) {
      names_.emplace(ip, wireText(name));
      h.add(ip).add(std::string_view(name));
    }
  }
  version_ = h.value();
}

QString NameBook::name(const IpAddress& ip) const {
  const auto it = names_.find(ip);
  return it == names_.end() ? QString() : it->second;
}

QString NameBook::endpoint(const IpAddress& ip) const {
  if (ip.is_unspecified()) return {};
  return endpointText(ipText(ip), name(ip));
}

namespace {

void addRanges(SourceHash& h, const std::vector<AddressRange>& ranges) {
  for (const AddressRange& r : ranges)
    h.add(std::string_view(r.space.view())).add(std::uint64_t{r.start}).add(std::uint64_t{r.count});
}

/// The pattern of every builder: a quick pass hashes each record's sources and asks the cache
/// whether its row must be built; then the rows that must be are built on every core (formatting
/// 100,000 rows is most of the reader's work on a large database).
/// `source(record)` returns {row id, source hash}; `build(record, row)` fills a row.
template <class Row, class Record, class Source, class Build>
TableDiff<Row> buildDiff(const std::vector<Record>& records, RowCache<Row>& cache, bool reset,
                         Source source, Build build) {
  cache.begin(reset);
  std::vector<std::size_t> todo;  // indexes of the records whose rows must be built
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto [id, hash] = source(records[i]);
    if (cache.needs(id, hash)) todo.push_back(i);
  }
  const std::size_t n = todo.size();
  const unsigned threads = n < 2000 ? 1u : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  std::vector<std::vector<Row>> parts(threads);
  auto work = [&](unsigned t) {
    const std::size_t from = n * t / threads;
    const std::size_t to = n * (t + 1) / threads;
    parts[t].reserve(to - from);
    for (std::size_t k = from; k < to; ++k) {
      Row row;
      build(records[todo[k]], row);
      parts[t].push_back(std::move(row));
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(work, t);
  work(0);
  for (std::thread& h : helpers) h.join();
  std::vector<Row> rows = std::move(parts[0]);
  for (unsigned t = 1; t < threads; ++t)
    std::move(parts[t].begin(), parts[t].end(), std::back_inserter(rows));
  return cache.finish(std::move(rows));
}

}  // namespace

AlertTallies alertTallies(const std::vector<det::StoredAlert>& alerts) {
  AlertTallies tally;
  for (const det::StoredAlert& s : alerts) {
    if (s.state == det::AlertState::Closed) continue;
    for (const IpAddress* ip : {&s.alert.src, &s.alert.dst}) {
      if (ip->is_unspecified()) continue;
      AlertTally& t = tally[*ip];
      ++t.count;
      t.worst = std::max(t.worst, static_cast<int>(s.alert.severity));
    }
  }
  return tally;
}

AdvisoryTallies advisoryTallies(const std::vector<advisory::AssetFinding>& findings) {
  AdvisoryTallies out;
  for (const advisory::AssetFinding& f : findings) {
    const advisory::Verdict v = f.finding.verdict;
    if (v == advisory::Verdict::NotAffected) continue;
    AdvisoryTally& t = out[f.asset_id];
    ++(v == advisory::Verdict::Affected ? t.affected : t.possible);
    t.max_cvss = std::max(t.max_cvss, f.finding.cvss);
    // The findings come highest score first: so do the lines.
    QString line = wireText(f.advisory_id) + QStringLiteral(": ") + verdictText(v);
    if (f.finding.cvss >= 0)
      line += QCoreApplication::translate("assets", ", CVSS %1").arg(f.finding.cvss, 0, 'f', 1);
    if (!t.list.isEmpty()) t.list += u'\n';
    t.list += line;
  }
  return out;
}

std::int64_t advisoryRowId(std::int64_t asset_id, std::string_view tracking_id) {
  return static_cast<std::int64_t>(SourceHash().add(asset_id).add(tracking_id).value() &
                                   0x7fffffffffffffffULL);
}

QString deviceText(const advisory::DeviceIdentity& d) {
  QStringList parts;
  auto add = [&](const std::string& value) {
    if (value.empty()) return;
    const QString text = wireText(value);
    for (const QString& p : parts)
      if (p.contains(text, Qt::CaseInsensitive)) return;
    parts << text;
  };
  add(d.vendor);
  add(d.model);
  add(d.module_type);
  if (d.model.empty() && d.module_type.empty()) add(d.product);
  return parts.join(u' ');
}

TableDiff<AssetRow> assetRows(const Inventory& inventory, const AlertTallies& tally,
                              const AdvisoryTallies& advisories, RowCache<AssetRow>& cache,
                              bool reset) {
  static const AdvisoryTally kNoAdvisory;
  auto advisoriesOf = [&](const InventoryAsset& a) -> const AdvisoryTally& {
    const auto it = advisories.find(a.id);
    return it == advisories.end() ? kNoAdvisory : it->second;
  };
  auto openOf = [&](const AssetRecord& r) {
    AlertTally open;
    for (const IpAddress& ip : r.ips) {
      if (const auto it = tally.find(ip); it != tally.end()) {
        open.count += it->second.count;
        open.worst = std::max(open.worst, it->second.worst);
      }
    }
    return open;
  };
  auto source = [&](const InventoryAsset& a) {
    // The record, the identity facts, names, roles, protocols, the auditor's fields and the open
    // alerts of its addresses.
    const AssetRecord& r = a.record;
    SourceHash h;
    h.add(r.mac.value())
        .add(std::string_view(r.mac_vendor))
        .add(r.first_seen_us)
        .add(r.last_seen_us);
    h.add(r.packets_sent).add(r.packets_received).add(r.bytes_sent).add(r.bytes_received);
    for (const IpAddress& ip : r.ips) h.add(ip);
    const AlertTally open = openOf(r);
    h.add(open.count).add(static_cast<std::int64_t>(open.worst));
    const AdvisoryTally& adv = advisoriesOf(a);
    h.add(std::uint64_t{adv.affected}).add(std::uint64_t{adv.possible}).add(adv.list);
    h.add(static_cast<std::int64_t>(adv.max_cvss * 10));
    for (std::uint16_t v : r.vlans) h.add(std::uint64_t{v});
    for (const RoleAssessment& role : r.roles)
      h.add(static_cast<std::uint64_t>(role.role))
          .add(static_cast<std::int64_t>(role.confidence * 1e6));
    for (const IdentityRecord& f : a.identity)
      h.add(std::string_view(f.field)).add(std::string_view(f.value)).add(f.last_seen_us);
    for (const HostnameRecord& n : a.names) h.add(std::string_view(n.name));
    for (const auto& [protocol, sides] : a.protocol_roles) h.add(std::string_view(protocol));
    const AssetAudit& au = a.audit;
    h.add(std::string_view(au.name))
        .add(std::string_view(au.criticality))
        .add(std::string_view(au.zone));
    h.add(std::string_view(au.purdue_level)).add(std::string_view(au.owner));
    for (const std::string& t : au.tags) h.add(std::string_view(t));
    return std::pair{a.id, h.value()};
  };
  auto build = [&](const InventoryAsset& a, AssetRow& row) {
    const AssetRecord& r = a.record;
    row.id = a.id;
    row.name = wireText(cli::display_name(a));
    QStringList ips;
    for (const IpAddress& ip : r.ips) ips << QString::fromStdString(ip.to_string());
    const AlertTally open = openOf(r);
    row.open_alerts = open.count;
    row.worst_open_severity = open.worst;
    const AdvisoryTally& adv = advisoriesOf(a);
    row.advisories_affected = adv.affected;
    row.advisories_possible = adv.possible;
    row.advisories_max_cvss = adv.max_cvss;
    row.advisories_list = adv.list;
    row.ips = ips.join(u' ');
    row.has_ip = !r.ips.empty();
    if (row.has_ip) row.first_ip = r.ips.front();
    row.mac = macText(r.mac);
    row.mac_value = r.mac.value();
    row.mac_vendor = wireText(r.mac_vendor);
    QStringList vlans;
    for (std::uint16_t v : r.vlans) vlans << QString::number(v);
    row.vlans = vlans.join(u' ');
    if (const RoleAssessment* role = a.role()) {
      row.role =
          QCoreApplication::translate("roles", std::string(asset_role_label(role->role)).c_str());
      row.role_name = QString::fromUtf8(std::string(asset_role_name(role->role)).c_str());
      row.role_confidence = role->confidence;
    }
    row.vendor = wireText(a.identity_value("vendor"));
    row.product = wireText(cli::product_text(a));
    row.order_number = wireText(a.identity_value("order_number"));
    row.firmware = wireText(a.identity_value("firmware"));
    row.hardware = wireText(a.identity_value("hardware"));
    row.serial = wireText(a.identity_value("serial"));
    QStringList protocols;
    for (const auto& [protocol, sides] : a.protocol_roles) protocols << protocolText(protocol);
    row.protocols = protocols.join(QStringLiteral(", "));
    row.hostnames = joined(a.hostnames(), QStringLiteral(", "));
    const AssetAudit& au = a.audit;
    row.criticality = criticalityText(au.criticality);
    row.criticality_rank = criticalityRank(au.criticality);
    row.zone = wireText(au.zone);
    row.purdue_level = wireText(au.purdue_level);
    row.owner = wireText(au.owner);
    row.tags = joined(au.tags, QStringLiteral(", "));
    row.first_seen_us = r.first_seen_us;
    row.last_seen_us = r.last_seen_us;
    row.packets_sent = r.packets_sent;
    row.packets_received = r.packets_received;
    row.bytes_sent = r.bytes_sent;
    row.bytes_received = r.bytes_received;
    finishRow<AssetTraits>(row);
  };
  return buildDiff<AssetRow>(inventory.assets, cache, reset, source, build);
}

TableDiff<AdvisoryRow> advisoryRows(const std::vector<advisory::AssetFinding>& findings,
                                    RowCache<AdvisoryRow>& cache, bool reset) {
  auto source = [&](const advisory::AssetFinding& f) {
    // Everything the row shows: the asset's name and addresses, its identity, the advisory and
    // the verdict with its reasons.
    SourceHash h;
    h.add(std::string_view(f.asset_name)).add(std::string_view(f.ips));
    const advisory::DeviceIdentity& d = f.device;
    for (const std::string* s : {&d.vendor, &d.model, &d.module_type, &d.product, &d.order_number,
                                 &d.firmware, &d.hardware})
      h.add(std::string_view(*s));
    h.add(std::string_view(f.title)).add(std::string_view(f.url));
    const advisory::Finding& v = f.finding;
    h.add(static_cast<std::uint64_t>(v.verdict)).add(std::string_view(v.product_name));
    h.add(std::string_view(v.version_range)).add(std::string_view(v.reason));
    for (const std::string& cve : v.cves) h.add(std::string_view(cve));
    h.add(static_cast<std::int64_t>(v.cvss * 10)).add(std::string_view(v.cvss_vector));
    h.add(std::string_view(v.remediation));
    return std::pair{advisoryRowId(f.asset_id, f.advisory_id), h.value()};
  };
  auto build = [&](const advisory::AssetFinding& f, AdvisoryRow& row) {
    row.id = advisoryRowId(f.asset_id, f.advisory_id);
    row.asset_id = f.asset_id;
    row.asset = wireText(f.asset_name);
    row.ips = wireText(f.ips);
    const std::string first_ip = f.ips.substr(0, f.ips.find(' '));
    row.has_ip = IpAddress::parse(first_ip, row.first_ip);
    const advisory::DeviceIdentity& d = f.device;
    row.device = deviceText(d);
    row.vendor = wireText(d.vendor);
    row.model = wireText(d.model);
    row.module_type = wireText(d.module_type);
    row.reported_product = wireText(d.product);
    row.order_number = wireText(d.order_number);
    row.firmware = wireText(d.firmware);
    row.hardware = wireText(d.hardware);
    row.advisory = wireText(f.advisory_id);
    row.advisory_order = 0;
    int digits = 0;
    for (const char c : f.advisory_id)
      if (c >= '0' && c <= '9' && digits++ < 18)
        row.advisory_order = row.advisory_order * 10 + static_cast<std::uint64_t>(c - '0');
    row.title = wireText(f.title);
    row.url = wireText(f.url);
    const advisory::Finding& v = f.finding;
    row.verdict = v.verdict;
    row.product = wireText(v.product_name);
    row.version_range = wireText(v.version_range);
    row.reason = wireText(v.reason);
    for (const std::string& cve : v.cves) row.cves << wireText(cve);
    row.cvss = v.cvss;
    row.cvss_vector = wireText(v.cvss_vector);
    row.remediation = wireText(v.remediation);
    finishRow<AdvisoryTraits>(row);
  };
  return buildDiff<AdvisoryRow>(findings, cache, reset, source, build);
}

TableDiff<AlertRow> alertRows(const std::vector<det::StoredAlert>& alerts, const NameBook& names,
                              RowCache<AlertRow>& cache, bool reset) {
  auto source = [&](const det::StoredAlert& s) {
    const det::Alert& a = s.alert;
    SourceHash h;
    h.add(static_cast<std::uint64_t>(s.state)).add(static_cast<std::uint64_t>(a.severity));
    h.add(static_cast<std::uint64_t>(a.rule)).add(a.count).add(a.first_seen_us).add(a.last_seen_us);
    h.add(a.src).add(a.dst).add(std::string_view(a.summary));
    for (const std::string& f : a.functions) h.add(std::string_view(f));
    h.add(names.version());  // a renamed device renames its alerts
    return std::pair{s.id, h.value()};
  };
  auto build = [&](const det::StoredAlert& s, AlertRow& row) {
    const det::Alert& a = s.alert;
    row.id = s.id;
    row.severity = a.severity;
    row.state = s.state;
    row.rule = a.rule;
    row.protocol = a.protocol ? protocolText(std::string(protocol_name(*a.protocol))) : QString();
    row.src = a.src;
    row.dst = a.dst;
    row.src_text = names.endpoint(a.src);
    row.dst_text = names.endpoint(a.dst);
    row.functions = wireText(a.function_text());
    row.summary = wireText(a.summary);
    row.count = a.count;
    row.first_seen_us = a.first_seen_us;
    row.last_seen_us = a.last_seen_us;
    finishRow<AlertTraits>(row);
  };
  return buildDiff<AlertRow>(alerts, cache, reset, source, build);
}

TableDiff<OperationRow> operationRows(const std::vector<StoredOperation>& operations,
                                      const NameBook& names, RowCache<OperationRow>& cache,
                                      bool reset) {
  auto source = [&](const StoredOperation& s) {
    const OperationRecord& o = s.record;
    SourceHash h;
    h.add(o.requests).add(o.responses).add(o.unsolicited).add(o.exceptions);
    h.add(o.first_seen_us).add(o.last_seen_us).add(o.client).add(o.server);
    h.add(std::uint64_t{o.function}).add(o.unit).add(std::string_view(o.detail));
    addRanges(h, o.ranges);
    h.add(names.version());
    return std::pair{s.id, h.value()};
  };
  auto build = [&](const StoredOperation& s, OperationRow& row) {
    const OperationRecord& o = s.record;
    row.id = s.id;
    row.protocol = protocolText(std::string(protocol_name(o.protocol)));
    row.client = o.client;
    row.server = o.server;
    row.client_text = names.endpoint(o.client);
    row.server_text = names.endpoint(o.server);
    row.unit = o.unit;
    row.function = o.function;
    row.function_name = wireText(o.function_name);
    row.op_class = QString::fromUtf8(std::string(op_class_name(o.op)).c_str());
    row.detail = wireText(o.detail);
    row.ranges = rangesText(o.ranges);
    row.requests = o.requests;
    row.responses = o.responses;
    row.unsolicited = o.unsolicited;
    row.exceptions = o.exceptions;
    row.first_seen_us = o.first_seen_us;
    row.last_seen_us = o.last_seen_us;
    finishRow<OperationTraits>(row);
  };
  return buildDiff<OperationRow>(operations, cache, reset, source, build);
}

TableDiff<AnomalyRow> anomalyRows(const std::vector<StoredAnomaly>& anomalies,
                                  const std::vector<StoredCaptureRun>& runs, const NameBook& names,
                                  RowCache<AnomalyRow>& cache, bool reset) {
  std::map<std::int64_t, QString> sources;
  for (const StoredCaptureRun& run : runs) sources[run.id] = wireText(run.record.source);
  auto captureOf = [&](const StoredAnomaly& s) {
    const auto it = sources.find(s.capture_run_id);
    return it == sources.end() ? QString() : it->second;
  };
  auto source = [&](const StoredAnomaly& s) {
    const AnomalyRecord& a = s.record;
    SourceHash h;
    h.add(a.count).add(a.first_seen_us).add(a.last_seen_us).add(a.src).add(a.dst);
    h.add(std::string_view(a.detail)).add(a.first_frame).add(captureOf(s)).add(names.version());
    return std::pair{s.id, h.value()};
  };
  auto build = [&](const StoredAnomaly& s, AnomalyRow& row) {
    const AnomalyRecord& a = s.record;
    row.id = s.id;
    row.protocol = protocolText(std::string(protocol_name(a.protocol)));
    row.kind = wireText(a.kind);
    row.src = a.src;
    row.dst = a.dst;
    row.src_text = names.endpoint(a.src);
    row.dst_text = names.endpoint(a.dst);
    row.detail = wireText(a.detail);
    row.malformed = a.malformed;
    row.count = a.count;
    row.first_seen_us = a.first_seen_us;
    row.last_seen_us = a.last_seen_us;
    row.first_frame = a.first_frame;
    row.capture = captureOf(s);
    finishRow<AnomalyTraits>(row);
  };
  return buildDiff<AnomalyRow>(anomalies, cache, reset, source, build);
}

TableDiff<LinkRow> linkRows(const std::vector<StoredLink>& links, const NameBook& names,
                            RowCache<LinkRow>& cache, bool reset) {
  auto source = [&](const StoredLink& s) {
    const LinkRecord& l = s.record;
    SourceHash h;
    h.add(l.flows).add(l.packets).add(l.bytes).add(l.first_seen_us).add(l.last_seen_us);
    h.add(l.client).add(l.server).add(names.version());
    return std::pair{s.id, h.value()};
  };
  auto build = [&](const StoredLink& s, LinkRow& row) {
    const LinkRecord& l = s.record;
    row.id = s.id;
    row.client = l.client;
    row.server = l.server;
    row.client_text = names.endpoint(l.client);
    row.server_text = names.endpoint(l.server);
    row.transport = l.transport == Transport::Tcp   ? QStringLiteral("TCP")
                    : l.transport == Transport::Udp ? QStringLiteral("UDP")
                                                    : QStringLiteral("Ethernet");
    row.port = l.server_port;
    row.protocol = protocolText(l.protocol);
    row.flows = l.flows;
    row.packets = l.packets;
    row.bytes = l.bytes;
    row.first_seen_us = l.first_seen_us;
    row.last_seen_us = l.last_seen_us;
    finishRow<LinkTraits>(row);
  };
  return buildDiff<LinkRow>(links, cache, reset, source, build);
}

TableDiff<RunRow> runRows(const std::vector<StoredCaptureRun>& runs,
                          const std::function<bool(std::int64_t)>& alive, RowCache<RunRow>& cache,
                          bool reset) {
  // Whether each running run's writer is alive, asked once per run.
  std::map<std::int64_t, bool> live;
  for (const StoredCaptureRun& s : runs)
    if (s.status == RunStatus::Running) live[s.id] = alive(s.id);
  auto isLive = [&](const StoredCaptureRun& s) {
    const auto it = live.find(s.id);
    return it != live.end() && it->second;
  };
  auto source = [&](const StoredCaptureRun& s) {
    const CaptureRunRecord& r = s.record;
    SourceHash h;
    h.add(static_cast<std::uint64_t>(s.status)).add(static_cast<std::uint64_t>(isLive(s)));
    h.add(r.finished_us).add(r.last_packet_us).add(r.packets).add(r.bytes).add(r.drops);
    h.add(r.undecodable).add(std::string_view(r.source)).add(r.started_us).add(r.first_packet_us);
    return std::pair{s.id, h.value()};
  };
  auto build = [&](const StoredCaptureRun& s, RunRow& row) {
    const CaptureRunRecord& r = s.record;
    row.id = s.id;
    row.source = wireText(r.source);
    row.started_us = r.started_us;
    row.finished_us = r.finished_us;
    row.first_packet_us = r.first_packet_us;
    row.last_packet_us = r.last_packet_us;
    row.packets = r.packets;
    row.bytes = r.bytes;
    row.drops = r.drops;
    row.undecodable = r.undecodable;
    row.live = isLive(s);
    switch (s.status) {
      case RunStatus::Complete:
        row.status = QCoreApplication::translate("runs", "complete");
        break;
      case RunStatus::Interrupted:
        row.status = QCoreApplication::translate("runs", "interrupted");
        break;
      case RunStatus::Running:
        row.status = row.live ? QCoreApplication::translate("runs", "running")
                              : QCoreApplication::translate("runs", "stopped (writer gone)");
        break;
    }
    finishRow<RunTraits>(row);
  };
  return buildDiff<RunRow>(runs, cache, reset, source, build);
}

TableDiff<BaselineRow> baselineRows(const std::vector<det::StoredBaselineEntry>& entries,
                                    const NameBook& names, RowCache<BaselineRow>& cache,
                                    bool reset) {
  // The table's key (protocol, client, server, unit, function) as the row's id.
  auto idOf = [](const det::BaselineEntry& e) {
    return static_cast<std::int64_t>(hash_mix(det::PathKeyHash{}(e.path), e.function.function) &
                                     0x7fffffffffffffffULL);
  };
  auto source = [&](const det::StoredBaselineEntry& stored) {
    const det::BaselineEntry& e = stored.entry;
    SourceHash h;
    h.add(e.function.first_seen_us)
        .add(e.function.last_seen_us)
        .add(e.path.client)
        .add(e.path.server);
    h.add(std::string_view(e.function.name)).add(std::string_view(stored.origin));
    addRanges(h, e.function.ranges);
    h.add(names.version());
    return std::pair{idOf(e), h.value()};
  };
  auto build = [&](const det::StoredBaselineEntry& stored, BaselineRow& row) {
    const det::BaselineEntry& e = stored.entry;
    row.id = idOf(e);
    row.protocol = protocolText(std::string(protocol_name(e.path.protocol)));
    row.client = e.path.client;
    row.server = e.path.server;
    row.client_text = names.endpoint(e.path.client);
    row.server_text = names.endpoint(e.path.server);
    row.unit = e.path.unit;
    row.function = e.function.function;
    row.function_name = wireText(e.function.name);
    row.ranges = rangesText(e.function.ranges);
    row.first_seen_us = e.function.first_seen_us;
    row.last_seen_us = e.function.last_seen_us;
    row.origin = wireText(stored.origin);
    finishRow<BaselineTraits>(row);
  };
  return buildDiff<BaselineRow>(entries, cache, reset, source, build);
}

}  // namespace otscope::gui
