// The console's main window: the views in tabs (alerts, assets, advisories, operations, links,
// anomalies, capture runs, baseline), a banner for the worst open alert, menus with a shortcut for
// every action, and a status bar that says where the data comes from and what is running. The
// database is read by a reader thread and written by an editor thread; replays and live
// captures run in worker threads of their own. The GUI thread only applies what they send.
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QStringList>
#include <memory>

#include "gui/data/refresh.h"
#include "gui/models/view_models.h"
#include "model/inventory.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QThread;
class QFrame;
class QAction;

namespace otscope::gui {

class AdvisoryDetail;
class AlertDetail;
class AlertFilterBar;
class AssetDetail;
class BaselineBar;
class DashboardView;
class DbEditor;
class DbReader;
class RowDetail;
class RunWorker;
class MapView;
class SearchDialog;
class TablePage;
struct ActivityProgress;

struct ConsoleOptions {
  QString database;  // path; created when missing (unless read-only)
  bool read_only = false;
  QStringList captures;  // replayed into the database at start
  int poll_ms = 1000;    // follow latency
  /// Policy file for replays and live captures (and the baseline view's mode); "" built-in.
  QString policy;
  /// Where the window's layout is remembered; empty: the user's settings.
  QString settings_file;
};

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(ConsoleOptions options, QWidget* parent = nullptr);
  ~MainWindow() override;

  /// The view names: "alerts", "assets", "advisories", "operations", "links", "anomalies", "runs",
  /// "baseline", "map" (the network map, not a table: page() has none).
  static QStringList viewNames();
  /// viewNames() and "dashboard" (the charts, not a table): what --view and showView() take.
  static QStringList allViewNames();
  /// Shows a view by name; false when there is none.
  bool showView(const QString& name);
  TablePage* page(const QString& name) const;
  QString currentView() const;
  /// Whether edits are refused (and why).
  bool isReadOnly() const { return read_only_; }
  QString readOnlyReason() const { return read_only_reason_; }
  /// True once a whole read of the database was applied.
  bool hasData() const { return first_applied_ && complete_; }
  /// True once the first view shows rows (a large database's newest alerts come first).
  bool firstViewShown() const { return first_applied_; }
  /// True once it is known whether this console may write the database.
  bool accessKnown() const { return access_known_; }

  AssetModel* assetModel() const { return assets_; }
  AdvisoryModel* advisoryModel() const { return advisories_; }
  AlertModel* alertModel() const { return alerts_; }
  OperationModel* operationModel() const { return operations_; }
  AnomalyModel* anomalyModel() const { return anomalies_; }
  LinkModel* linkModel() const { return links_; }
  RunModel* runModel() const { return runs_; }
  BaselineModel* baselineModel() const { return baseline_; }
  AssetDetail* assetDetail() const { return asset_detail_; }
  AlertDetail* alertDetail() const { return alert_detail_; }
  AdvisoryDetail* advisoryDetail() const { return advisory_detail_; }
  DashboardView* dashboard() const { return dashboard_; }
  SearchDialog* searchDialog();
  MapView* mapView() const { return map_view_; }

  /// Opens the asset owning `ip` in the assets view.
  bool openAssetByIp(const QString& ip);
  /// Replays capture files into the database in a worker thread.
  void replay(const QStringList& files);
  /// Stops a running replay (what was read is kept) or live capture.
  void stopActivity();
  bool activityRunning() const;
  /// Sets alert states / accepts (the actions of the Alerts menu act on the selection).
  void setAlertState(const QList<qint64>& ids, detection::AlertState state);
  void acceptAlert(qint64 id, bool confirm = true);
  /// Reads the database again at once (F5).
  void refreshNow();

 signals:
  /// Every refresh applied (tests and screenshots wait on it).
  void refreshApplied();
  /// An edit finished.
  void editDone(bool ok, QString message);
  /// A replay or live capture ended.
  void activityFinished(bool ok, QString message);
  void alertDetailLoaded(qint64 id);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildViews();
  void buildActions();
  void startDatabase(const QString& path);
  void stopDatabase();
  void applyRefresh(const std::shared_ptr<Refresh>& refresh);
  void updateStatus(const DbStatus& status);
  void updateBanner();
  /// The advisories view's empty text: none stored, or none concerns a device seen.
  void updateAdvisoriesEmptyText(const DbStatus& status);
  void setReadOnly(bool read_only, const QString& reason);
  /// Runs `worker` (owned by its thread) with the status bar's progress and stop button.
  void startActivity(RunWorker* worker, const QString& label, bool endless);
  void onActivityProgress(const ActivityProgress& p);
  void onActivityFinished(bool ok, const QString& message);
  void startLive();
  void openDatabaseDialog();
  void replayDialog();
  void exportCsv();
  void writeReport();
  /// Asks where, then writes alert `id`'s evidence pcap off the GUI thread.
  void exportEvidence(qint64 id);
  void importBaseline();
  void exportBaseline();
  void showShortcuts();
  void activated(const QString& view, qint64 id, int column);
  void saveLayout();
  void restoreLayout();
  void requestAlert(qint64 id);
  TablePage* currentPage() const;

  ConsoleOptions options_;
  QString path_;
  bool read_only_ = false;
  QString read_only_reason_;
  bool first_applied_ = false;
  bool complete_ = false;
  bool access_known_ = false;
  std::shared_ptr<const Inventory> inventory_;
  DbStatus status_;

  // Models (one per view) and their pages.
  AssetModel* assets_;
  AdvisoryModel* advisories_;
  AlertModel* alerts_;
  OperationModel* operations_;
  AnomalyModel* anomalies_;
  LinkModel* links_;
  RunModel* runs_;
  BaselineModel* baseline_;
  std::vector<TablePage*> pages_;
  QTabWidget* tabs_;
  AssetDetail* asset_detail_;
  AlertDetail* alert_detail_;
  AdvisoryDetail* advisory_detail_;
  DashboardView* dashboard_;
  AlertFilterBar* alert_filters_;
  BaselineBar* baseline_bar_;
  QPointer<SearchDialog> search_;
  MapView* map_view_ = nullptr;

  // Banner for the worst open alert.
  QFrame* banner_;
  QLabel* banner_text_;
  QPushButton* banner_button_;
  qint64 banner_alert_ = -1;

  // Status bar.
  QLabel* source_label_;
  QLabel* counts_label_;
  QLabel* activity_label_;
  QProgressBar* activity_bar_;
  QPushButton* activity_cancel_;

  // Threads: reader and editor for the database, one worker for a replay or live capture.
  QThread* reader_thread_ = nullptr;
  DbReader* reader_ = nullptr;
  QThread* editor_thread_ = nullptr;
  DbEditor* editor_ = nullptr;
  QThread* activity_thread_ = nullptr;
  QObject* activity_ = nullptr;
  std::function<void()> cancel_activity_;
  quint64 alert_ticket_ = 0;

  QList<QAction*> edit_actions_;
  QAction* stop_action_ = nullptr;
  QAction* live_action_ = nullptr;
  QAction* replay_action_ = nullptr;
};

}  // namespace otscope::gui
