#include "gui/data/db_reader.h"

#include "common/clock.h"
#include "db/dashboard.h"
#include "db/map_store.h"
#include "gui/data/row_builders.h"
#include "model/advisory/findings.h"

namespace otscope::gui {

namespace det = otscope::detection;

DbReader::DbReader(QString path, int poll_ms) : path_(std::move(path)), poll_ms_(poll_ms) {}

DbReader::~DbReader() = default;

void DbReader::start() {
  timer_ = new QTimer(this);
  timer_->setInterval(poll_ms_);
  connect(timer_, &QTimer::timeout, this, [this] { refresh(false); });
  timer_->start();
  refresh(true);
}

bool DbReader::ensureOpen() {
  if (db_) return true;
  try {
    db_.emplace(Database::open_readonly(path_.toStdString()));
    last_problem_.clear();
    return true;
  } catch (const DbError& e) {
    const QString problem = QString::fromStdString(e.what());
    // Said once per problem, not once per poll.
    if (problem != last_problem_) emit unavailable(problem);
    last_problem_ = problem;
    return false;
  }
}

void DbReader::refresh(bool force) {
  if (!ensureOpen()) return;
  try {
    const std::int64_t version = db_->data_version();
    bool changed = force || version != seen_version_ || !sent_first_;
    // A live run ends without a commit when its writer dies: its row must say so.
    if (!changed) {
      for (std::size_t i = 0; i < running_ids_.size() && !changed; ++i)
        changed = db_->run_alive(running_ids_[i]) != running_alive_[i];
    }
    if (!changed) return;
    seen_version_ = version;
    if (!sent_first_) sendNewestAlerts();
    std::shared_ptr<Refresh> r = readChanged(!sent_first_);
    sent_first_ = true;
    emit refreshed(std::move(r));
  } catch (const DbError& e) {
    // The file went away or became unreadable: start over on the next poll.
    db_.reset();
    sent_first_ = false;
    const QString problem = QString::fromStdString(e.what());
    if (problem != last_problem_) emit unavailable(problem);
    last_problem_ = problem;
  }
}

void DbReader::sendNewestAlerts() {
  // A first look before the whole read: the newest alerts, with addresses only (names come with
  // the inventory, a moment later), so a large database shows its default view at once.
  const std::vector<det::StoredAlert> newest = det::load_alerts(
      *db_, det::AlertLoad{.evidence = false, .facts = false, .limit = kFirstAlerts});
  if (newest.size() < kFirstAlerts) return;  // small: the whole read is as quick
  auto r = std::make_shared<Refresh>();
  r->reset = true;
  r->partial = true;
  r->alerts = alertRows(newest, NameBook(), alerts_rows_, /*reset=*/true);
  emit refreshed(std::move(r));
  first_alerts_sent_ = true;
}

std::shared_ptr<Refresh> DbReader::readChanged(bool reset) {
  auto r = std::make_shared<Refresh>();
  // After the newest alerts went ahead, this read completes the first one.
  r->reset = reset && !first_alerts_sent_;
  const bool alerts_reset = reset && !first_alerts_sent_;
  first_alerts_sent_ = false;
  const Database& db = *db_;

  // Which groups of tables changed since the last read: only those are read again, and of
  // their rows only those whose sources changed are built again.
  const TableFingerprints fp = db.fingerprints();
  const std::uint64_t alerts_fp = det::alerts_fingerprint(db);
  const std::uint64_t baseline_fp = det::baseline_fingerprint(db);
  const bool inventory_changed = reset || fp.inventory != fingerprints_.inventory || !inventory_;

  std::optional<InventoryContents> contents;
  if (inventory_changed) {
    contents.emplace(db.inventory_contents());
    inventory_ = std::make_shared<const Inventory>(std::move(contents->inventory));
    names_ = NameBook(*inventory_);
  }
  const bool names_changed = reset || names_.version() != names_version_;
  names_version_ = names_.version();

  const bool alerts_changed = reset || alerts_fp != alerts_fp_ || names_changed;
  if (alerts_changed) {
    const std::vector<det::StoredAlert> alerts =
        det::load_alerts(db, det::AlertLoad{.evidence = false, .facts = false});
    tallies_ = alertTallies(alerts);
    open_alerts_ = critical_open_ = 0;
    for (const det::StoredAlert& a : alerts) {
      if (a.state == det::AlertState::Closed) continue;
      ++open_alerts_;
      if (a.alert.severity == det::Severity::Critical) ++critical_open_;
    }
    r->alerts = alertRows(alerts, names_, alerts_rows_, alerts_reset);
  }
  const bool findings_changed = readAdvisories(*r, inventory_changed, reset);
  if (inventory_changed || alerts_changed || findings_changed)
    r->assets = assetRows(*inventory_, tallies_, advisory_tallies_, assets_rows_, reset);
  if (contents) {
    r->operations = operationRows(contents->operations, names_, operations_rows_, reset);
    r->links = linkRows(contents->links, names_, links_rows_, reset);
    contents.reset();
  }

  // Capture runs are few: read every time, so a sensor's live run is followed closely.
  const std::vector<StoredCaptureRun> runs = db.capture_runs();
  if (reset || fp.anomalies != fingerprints_.anomalies ||
      fp.capture_runs != fingerprints_.capture_runs || names_changed)
    r->anomalies = anomalyRows(db.anomalies(), runs, names_, anomalies_rows_, reset);
  running_ids_.clear();
  running_alive_.clear();
  r->runs = runRows(
      runs,
      [&](std::int64_t id) {
        const bool alive = db.run_alive(id);
        running_ids_.push_back(id);
        running_alive_.push_back(alive);
        return alive;
      },
      runs_rows_, reset);
  if (reset || baseline_fp != baseline_fp_ || names_changed)
    r->baseline = baselineRows(det::load_baseline_entries(db), names_, baseline_rows_, reset);

  // The map's saved positions: a small table, sent when it changed (another console's drag).
  const std::uint64_t positions_fp = db::map_positions_fingerprint(db);
  if (reset || !map_positions_sent_ || positions_fp != map_positions_fp_) {
    r->map_positions =
        std::make_shared<const std::map<std::string, db::MapPosition>>(db::load_map_positions(db));
    map_positions_fp_ = positions_fp;
    map_positions_sent_ = true;
  }

  fingerprints_ = fp;
  alerts_fp_ = alerts_fp;
  baseline_fp_ = baseline_fp;

  DbStatus& s = r->status;
  s.refreshed_us = wall_clock_us();
  s.assets = inventory_->assets.size();
  s.open_alerts = open_alerts_;
  s.critical_open = critical_open_;
  for (bool alive : running_alive_) s.live_runs += alive ? 1 : 0;
  s.advisories = advisory_count_;
  r->inventory = inventory_;
  r->dashboard = std::make_shared<const Dashboard>(db::read_dashboard(db));
  return r;
}

bool DbReader::readAdvisories(Refresh& r, bool inventory_changed, bool reset) {
  const Database& db = *db_;
  const std::uint64_t fp = db::advisories_fingerprint(db);
  const bool stored_changed = reset || !findings_primed_ || fp != advisories_fp_;
  if (!stored_changed && !inventory_changed) return false;

  // What the findings are made of on the inventory's side: each asset's identity, name and
  // addresses.
  SourceHash h;
  for (const InventoryAsset& a : inventory_->assets) {
    const advisory::DeviceIdentity d = advisory::device_identity(a);
    h.add(a.id).add(std::string_view(a.display_name()));
    for (const IpAddress& ip : a.record.ips) h.add(ip);
    for (const std::string* s : {&d.vendor, &d.model, &d.module_type, &d.product, &d.order_number,
                                 &d.firmware, &d.hardware})
      h.add(std::string_view(*s));
  }
  const std::uint64_t identities = h.value();
  if (!stored_changed && identities == identities_hash_) return false;
  const std::set<std::string> vendors = advisory::vendor_keys(*inventory_);

  if (stored_changed) {
    advisory_count_ = fp == 0 ? 0 : db::advisory_count(db);
    advisories_.clear();
    advisory_ids_.clear();
    advisory_vendors_.clear();
  }
  // Parsing stored advisories costs more than judging them: each vendor's are read once, when
  // its first device appears (or the store changed).
  std::set<std::string> missing;
  for (const std::string& v : vendors)
    if (!advisory_vendors_.contains(v)) missing.insert(v);
  if (!missing.empty() && advisory_count_ > 0) {
    for (advisory::Advisory& a : db::load_advisories(db, &missing))
      if (advisory_ids_.insert(a.tracking_id).second) advisories_.push_back(std::move(a));
  }
  advisory_vendors_.insert(missing.begin(), missing.end());
  const std::vector<advisory::AssetFinding> findings =
      advisories_.empty() ? std::vector<advisory::AssetFinding>()
                          : advisory::find_vulnerabilities(*inventory_, advisories_);
  advisory_tallies_ = advisoryTallies(findings);
  r.advisories = advisoryRows(findings, advisories_rows_, reset);
  advisories_fp_ = fp;
  identities_hash_ = identities;
  findings_primed_ = true;
  return true;
}

void DbReader::loadAlert(qint64 id, quint64 ticket) {
  std::shared_ptr<const det::StoredAlert> out;
  if (ensureOpen()) {
    try {
      if (auto alert = det::load_alert(*db_, id))
        out = std::make_shared<const det::StoredAlert>(std::move(*alert));
    } catch (const DbError&) {
      // The pane says the alert could not be read; the next poll reports the problem.
    }
  }
  emit alertLoaded(ticket, std::move(out));
}

}  // namespace otscope::gui
