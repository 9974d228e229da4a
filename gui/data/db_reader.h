// The console's reader: a QObject that lives in its own thread with a read-only handle on the
// database. It reads every view once, then polls `PRAGMA data_version` (a sensor, a replay or an
// edit commits: the number changes) and reads again only then, sending the GUI thread diffs so
// that rows are inserted and updated in place. Reads never block the GUI thread, and with WAL
// they never block a writer either.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "db/advisory_store.h"
#include "db/alert_store.h"
#include "db/database.h"
#include "gui/data/refresh.h"
#include "gui/data/row_builders.h"

namespace otscope::gui {

class DbReader : public QObject {
  Q_OBJECT
 public:
  /// `poll_ms`: how often to look for changes (the follow latency).
  explicit DbReader(QString path, int poll_ms = 1000);
  ~DbReader() override;

 public slots:
  /// Opens the database and sends the first Refresh (reset); then polls. Call in the reader's
  /// thread (a queued call after moveToThread).
  void start();
  /// Reads again now if anything changed (or unconditionally with `force`).
  void refresh(bool force = false);
  /// Reads one alert with its evidence and facts; answers with alertLoaded(ticket, ...).
  void loadAlert(qint64 id, quint64 ticket);

 signals:
  void refreshed(std::shared_ptr<otscope::gui::Refresh> refresh);
  /// The database cannot be read (yet): missing, foreign, newer. Polling goes on, so a sensor
  /// that creates the file later is picked up.
  void unavailable(QString message);
  void alertLoaded(quint64 ticket, std::shared_ptr<const otscope::detection::StoredAlert> alert);

 private:
  bool ensureOpen();
  /// Reads the groups of tables whose fingerprints changed (everything when `reset`).
  std::shared_ptr<Refresh> readChanged(bool reset);
  /// Judges the inventory against the stored advisories when either changed; true when the
  /// findings were computed again (and `r->advisories` holds their diff).
  bool readAdvisories(Refresh& r, bool inventory_changed, bool reset);
  /// On a database's first read: sends the newest alerts ahead of everything else.
  void sendNewestAlerts();
  static constexpr std::size_t kFirstAlerts = 2000;
  bool first_alerts_sent_ = false;

  QString path_;
  int poll_ms_;
  QTimer* timer_ = nullptr;
  std::optional<Database> db_;
  std::int64_t seen_version_ = -1;
  bool sent_first_ = false;
  QString last_problem_;
  // Live runs change status without a commit (their writer dies): re-checked every poll.
  std::vector<std::int64_t> running_ids_;
  std::vector<bool> running_alive_;

  // What the previous read saw.
  TableFingerprints fingerprints_;
  std::uint64_t alerts_fp_ = 0;
  std::uint64_t baseline_fp_ = 0;
  std::uint64_t map_positions_fp_ = 0;
  bool map_positions_sent_ = false;
  std::shared_ptr<const Inventory> inventory_;
  NameBook names_;
  std::uint64_t names_version_ = 0;
  AlertTallies tallies_;
  std::uint64_t open_alerts_ = 0;
  std::uint64_t critical_open_ = 0;
  // Advisories: the stored ones of the inventory's vendors, kept until the store changes (a new
  // vendor's are added when its first device appears); the findings are computed again only when
  // the identities of the assets or the advisories change (a live capture changes counters every
  // second, identities rarely).
  std::uint64_t advisories_fp_ = 0;
  std::uint64_t advisory_count_ = 0;
  std::set<std::string> advisory_vendors_;  // vendor keys whose advisories are loaded
  std::vector<advisory::Advisory> advisories_;
  std::set<std::string> advisory_ids_;  // their tracking ids
  std::uint64_t identities_hash_ = 0;
  bool findings_primed_ = false;
  AdvisoryTallies advisory_tallies_;

  // Each view's rows as last sent.
  RowCache<AssetRow> assets_rows_;
  RowCache<AdvisoryRow> advisories_rows_;
  RowCache<AlertRow> alerts_rows_;
  RowCache<OperationRow> operations_rows_;
  RowCache<AnomalyRow> anomalies_rows_;
  RowCache<LinkRow> links_rows_;
  RowCache<RunRow> runs_rows_;
  RowCache<BaselineRow> baseline_rows_;
};

}  // namespace otscope::gui

Q_DECLARE_METATYPE(std::shared_ptr<const otscope::detection::StoredAlert>)
