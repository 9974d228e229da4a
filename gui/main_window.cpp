#include "gui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QToolBar>
#include <QVBoxLayout>

#include "gui/data/db_editor.h"
#include "gui/data/db_reader.h"
#include "gui/data/run_workers.h"
#include "gui/text.h"
#include "gui/views/advisory_detail.h"
#include "gui/views/alert_detail.h"
#include "gui/views/alert_filter_bar.h"
#include "gui/views/asset_detail.h"
#include "gui/views/baseline_bar.h"
#include "gui/views/dashboard.h"
#include "gui/views/detail_tree.h"
#include "gui/views/live_dialog.h"
#include "gui/views/map_view.h"
#include "gui/views/search_dialog.h"
#include "gui/views/table_page.h"
#include "gui/views/view_export.h"

namespace otscope::gui {

namespace det = otscope::detection;

namespace {

// Queued-signal argument types, registered once.
void registerTypes() {
  static const bool done = [] {
    qRegisterMetaType<std::shared_ptr<Refresh>>();
    qRegisterMetaType<std::shared_ptr<const det::StoredAlert>>();
    qRegisterMetaType<AssetAudit>();
    qRegisterMetaType<ActivityProgress>();
    return true;
  }();
  (void)done;
}

// Stops a worker thread and deletes its object in that thread.
void finishThread(QThread*& thread) {
  if (thread == nullptr) return;
  thread->quit();
  thread->wait();
  delete thread;
  thread = nullptr;
}

}  // namespace

QStringList MainWindow::viewNames() {
  return {QStringLiteral("alerts"),     QStringLiteral("assets"),   QStringLiteral("advisories"),
          QStringLiteral("operations"), QStringLiteral("links"),    QStringLiteral("anomalies"),
          QStringLiteral("runs"),       QStringLiteral("baseline"), QStringLiteral("map")};
}

QStringList MainWindow::allViewNames() {
  return QStringList{QStringLiteral("dashboard")} + viewNames();
}

MainWindow::MainWindow(ConsoleOptions options, QWidget* parent)
    : QMainWindow(parent), options_(std::move(options)) {
  registerTypes();
  setObjectName(QStringLiteral("mainWindow"));
  resize(1400, 900);

  assets_ = new AssetModel(this);
  advisories_ = new AdvisoryModel(this);
  alerts_ = new AlertModel(this);
  operations_ = new OperationModel(this);
  anomalies_ = new AnomalyModel(this);
  links_ = new LinkModel(this);
  runs_ = new RunModel(this);
  baseline_ = new BaselineModel(this);

  buildViews();
  buildActions();
  restoreLayout();
  startDatabase(options_.database);
  if (!options_.captures.isEmpty()) {
    const QStringList files = options_.captures;
    QMetaObject::invokeMethod(
        this, [this, files] { replay(files); }, Qt::QueuedConnection);
  }
}

MainWindow::~MainWindow() {
  if (cancel_activity_) cancel_activity_();
  finishThread(activity_thread_);
  stopDatabase();
}

// ---- views -------------------------------------------------------------------------------------

void MainWindow::buildViews() {
  banner_ = new QFrame(this);
  banner_->setObjectName(QStringLiteral("banner"));
  banner_->setAutoFillBackground(true);
  banner_->setFrameShape(QFrame::StyledPanel);
  banner_text_ = new QLabel(banner_);
  banner_text_->setObjectName(QStringLiteral("bannerText"));
  banner_text_->setTextFormat(Qt::PlainText);
  banner_text_->setWordWrap(true);
  QFont bold = banner_text_->font();
  bold.setBold(true);
  banner_text_->setFont(bold);
  banner_button_ = new QPushButton(tr("Show alert"), banner_);
  auto* banner_layout = new QHBoxLayout(banner_);
  banner_layout->setContentsMargins(8, 4, 8, 4);
  banner_layout->addWidget(banner_text_, 1);
  banner_layout->addWidget(banner_button_);
  banner_->setVisible(false);
  connect(banner_button_, &QPushButton::clicked, this, [this] {
    showView(QStringLiteral("alerts"));
    page(QStringLiteral("alerts"))->selectId(banner_alert_);
  });

  tabs_ = new QTabWidget(this);
  tabs_->setObjectName(QStringLiteral("views"));
  tabs_->setDocumentMode(true);

  struct ViewDef {
    const char* name;
    const char* title;
    TableModelBase* model;
  };
  const ViewDef defs[] = {
      {"alerts", QT_TR_NOOP("Alerts"), alerts_},
      {"assets", QT_TR_NOOP("Assets"), assets_},
      {"advisories", QT_TR_NOOP("Advisories"), advisories_},
      {"operations", QT_TR_NOOP("Operations"), operations_},
      {"links", QT_TR_NOOP("Links"), links_},
      {"anomalies", QT_TR_NOOP("Anomalies"), anomalies_},
      {"runs", QT_TR_NOOP("Capture runs"), runs_},
      {"baseline", QT_TR_NOOP("Baseline"), baseline_},
  };
  for (const ViewDef& d : defs) {
    auto* p = new TablePage(QString::fromUtf8(d.name), d.model, tabs_);
    p->setObjectName(QString::fromUtf8(d.name) + QStringLiteral("Page"));
    p->setWindowTitle(tr(d.title));
    pages_.push_back(p);
    tabs_->addTab(p, tr(d.title));
    const QString name = p->name();
    connect(p, &TablePage::activated, this,
            [this, name](qint64 id, int column) { activated(name, id, column); });
  }

  // The dashboard first (the plant at a glance); the alerts stay the view a console opens on.
  dashboard_ = new DashboardView(tabs_);
  tabs_->insertTab(0, dashboard_, tr("Dashboard"));
  tabs_->setCurrentWidget(page(QStringLiteral("alerts")));
  connect(dashboard_, &DashboardView::filterRequested, this,
          [this](const QString& view, const QString& filter, qint64 select_id) {
            if (!showView(view)) return;
            TablePage* p = page(view);
            p->setFilterText(filter);
            if (select_id >= 0) p->selectId(select_id);
          });

  // What each empty view tells a newcomer.
  page(QStringLiteral("alerts"))
      ->setEmptyText(tr(
          "No alerts. They appear when the traffic shows a dangerous command (a PLC stop, a "
          "program download, a restart), a write from an unexpected station, or anything outside "
          "the learned baseline."));
  page(QStringLiteral("assets"))
      ->setEmptyText(tr(
          "No devices yet. Replay a capture (Ctrl+R), start a live capture (Ctrl+Shift+L), or open "
          "the database a sensor writes (Ctrl+O)."));
  updateAdvisoriesEmptyText(DbStatus{});
  page(QStringLiteral("operations"))
      ->setEmptyText(tr("No Modbus, DNP3 or S7 operations seen yet."));
  page(QStringLiteral("links"))->setEmptyText(tr("No traffic seen yet."));
  page(QStringLiteral("anomalies"))
      ->setEmptyText(tr("No protocol anomalies: every message seen so far was well-formed."));
  page(QStringLiteral("runs"))
      ->setEmptyText(tr("No capture has been analysed into this database yet."));
  page(QStringLiteral("baseline"))
      ->setEmptyText(tr(
          "The baseline is empty. Learn it from normal traffic (otscope baseline learn CAPTURE), "
          "accept alerts into it, or import one."));

  // Alerts: severity/state/rule/time filters, the detail with evidence and actions.
  TablePage* alerts_page = page(QStringLiteral("alerts"));
  alert_filters_ = new AlertFilterBar(alerts_, alerts_page->proxy(), alerts_page);
  alerts_page->addBarWidget(alert_filters_, [this] { alert_filters_->clear(); });
  alert_detail_ = new AlertDetail(alerts_, alerts_page);
  alerts_page->setDetail(alert_detail_);
  // Worst first, newest first among equals: a stopped PLC stays on top until it is handled.
  alerts_page->table()->sortByColumn(AlertTraits::Severity, Qt::DescendingOrder);
  connect(alerts_page, &TablePage::currentChanged, this, [this](qint64 id) {
    alert_detail_->showAlert(id);
    if (id >= 0) requestAlert(id);
  });
  connect(alert_detail_, &AlertDetail::acknowledge, this,
          [this](qint64 id) { setAlertState({id}, det::AlertState::Acknowledged); });
  connect(alert_detail_, &AlertDetail::close, this,
          [this](qint64 id) { setAlertState({id}, det::AlertState::Closed); });
  connect(alert_detail_, &AlertDetail::accept, this, [this](qint64 id) { acceptAlert(id); });
  connect(alert_detail_, &AlertDetail::exportEvidence, this,
          [this](qint64 id) { exportEvidence(id); });
  connect(alert_detail_, &AlertDetail::openAsset, this,
          [this](const QString& ip) { openAssetByIp(ip); });
  connect(alerts_, &TableModelBase::refreshed, alert_filters_, &AlertFilterBar::update);

  // Assets: identity, roles, history, communication and the auditor's fields.
  TablePage* assets_page = page(QStringLiteral("assets"));
  asset_detail_ = new AssetDetail(operations_, links_, alerts_, assets_page);
  assets_page->setDetail(asset_detail_);
  assets_page->table()->sortByColumn(AssetTraits::Ips, Qt::AscendingOrder);
  connect(assets_page, &TablePage::currentChanged, asset_detail_, &AssetDetail::showAsset);
  connect(asset_detail_, &AssetDetail::saveAudit, this, [this](qint64 id, AssetAudit audit) {
    if (read_only_) return;
    QMetaObject::invokeMethod(editor_, "setAudit", Qt::QueuedConnection, Q_ARG(qint64, id),
                              Q_ARG(otscope::AssetAudit, audit));
  });
  connect(asset_detail_, &AssetDetail::showOperations, this, [this](const QString& filter) {
    showView(QStringLiteral("operations"));
    page(QStringLiteral("operations"))->setFilterText(filter);
  });
  connect(asset_detail_, &AssetDetail::showAlerts, this, [this](const QString& filter) {
    showView(QStringLiteral("alerts"));
    alert_filters_->setStates(AlertFilterBar::States::All);
    page(QStringLiteral("alerts"))->setFilterText(filter);
  });

  // Advisories: the highest score first, the not-affected rows last; the detail says why.
  TablePage* advisories_page = page(QStringLiteral("advisories"));
  advisory_detail_ = new AdvisoryDetail(advisories_, advisories_page);
  // A narrower pane than the others': the table has many columns to show.
  advisories_page->setDetail(advisory_detail_, 0.36);
  advisories_page->table()->sortByColumn(AdvisoryTraits::Cvss, Qt::DescendingOrder);
  // Not-affected rows are listed for the record (a device that was checked and is fine); one
  // click hides them ("verdict:affected" would find them too, being a substring filter).
  auto* not_affected = new QCheckBox(tr("Show not affected"), advisories_page);
  not_affected->setObjectName(QStringLiteral("showNotAffected"));
  not_affected->setChecked(true);
  not_affected->setToolTip(
      tr("Also list the advisories that name a device but whose vulnerable versions exclude "
         "its firmware"));
  advisories_page->addBarWidget(not_affected, [not_affected] { not_affected->setChecked(true); });
  advisories_page->proxy()->setPredicate([this, not_affected](int row) {
    return not_affected->isChecked() ||
           advisories_->rowAt(row).verdict != advisory::Verdict::NotAffected;
  });
  connect(not_affected, &QCheckBox::toggled, advisories_page->proxy(), &ViewProxy::refilter);
  connect(advisories_page, &TablePage::currentChanged, advisory_detail_,
          &AdvisoryDetail::showFinding);
  connect(advisory_detail_, &AdvisoryDetail::openAsset, this, [this](qint64 asset_id) {
    showView(QStringLiteral("assets"));
    page(QStringLiteral("assets"))->selectId(asset_id);
  });

  // The other views show the current row's every field.
  for (const char* name : {"operations", "links", "anomalies", "runs", "baseline"}) {
    TablePage* p = page(QString::fromUtf8(name));
    auto* detail = new RowDetail(p->model(), p);
    p->setDetail(detail, 0.28);
    connect(p, &TablePage::currentChanged, detail, &RowDetail::showRow);
  }
  TablePage* baseline_page = page(QStringLiteral("baseline"));
  baseline_bar_ = new BaselineBar(baseline_, options_.policy, baseline_page);
  baseline_page->addBarWidget(baseline_bar_);
  connect(baseline_, &TableModelBase::refreshed, baseline_bar_, &BaselineBar::update);
  connect(baseline_bar_, &BaselineBar::importRequested, this, [this] { importBaseline(); });
  connect(baseline_bar_, &BaselineBar::exportRequested, this, [this] { exportBaseline(); });

  page(QStringLiteral("operations"))
      ->table()
      ->sortByColumn(OperationTraits::LastSeen, Qt::DescendingOrder);
  page(QStringLiteral("links"))->table()->sortByColumn(LinkTraits::Client, Qt::AscendingOrder);
  page(QStringLiteral("anomalies"))
      ->table()
      ->sortByColumn(AnomalyTraits::LastSeen, Qt::DescendingOrder);
  page(QStringLiteral("runs"))->table()->sortByColumn(RunTraits::Id, Qt::DescendingOrder);
  page(QStringLiteral("baseline"))
      ->table()
      ->sortByColumn(BaselineTraits::Client, Qt::AscendingOrder);

  // The network map, beside the assets it draws.
  map_view_ = new MapView(tabs_);
  tabs_->insertTab(tabs_->indexOf(page(QStringLiteral("assets"))) + 1, map_view_,
                   tr("Network map"));
  connect(map_view_, &MapView::openAsset, this, [this](qint64 id) {
    showView(QStringLiteral("assets"));
    page(QStringLiteral("assets"))->selectId(id);
  });
  connect(map_view_, &MapView::openView, this, [this](const QString& view, const QString& filter) {
    showView(view);
    page(view)->setFilterText(filter);
  });
  connect(map_view_, &MapView::savePositions, this, [this](const QVariantMap& positions) {
    if (read_only_ || editor_ == nullptr) return;
    QMetaObject::invokeMethod(editor_, "saveMapPositions", Qt::QueuedConnection,
                              Q_ARG(QVariantMap, positions));
  });
  connect(map_view_, &MapView::clearPositions, this, [this](const QString& prefix) {
    if (read_only_ || editor_ == nullptr) return;
    QMetaObject::invokeMethod(editor_, "clearMapPositions", Qt::QueuedConnection,
                              Q_ARG(QString, prefix));
  });

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(banner_);
  layout->addWidget(tabs_, 1);
  setCentralWidget(central);

  // Status bar: what is going on, where the data comes from, and the totals.
  activity_label_ = new QLabel(this);
  activity_label_->setObjectName(QStringLiteral("activityLabel"));
  activity_label_->setTextFormat(Qt::PlainText);
  activity_bar_ = new QProgressBar(this);
  activity_bar_->setObjectName(QStringLiteral("activityBar"));
  activity_bar_->setMaximumWidth(220);
  activity_bar_->setRange(0, 1000);
  activity_cancel_ = new QPushButton(tr("Cancel"), this);
  activity_cancel_->setObjectName(QStringLiteral("activityCancel"));
  activity_cancel_->setToolTip(tr("Stop; what was read so far is kept (Ctrl+.)"));
  connect(activity_cancel_, &QPushButton::clicked, this, [this] { stopActivity(); });
  counts_label_ = new QLabel(this);
  counts_label_->setObjectName(QStringLiteral("countsLabel"));
  counts_label_->setTextFormat(Qt::PlainText);
  source_label_ = new QLabel(this);
  source_label_->setObjectName(QStringLiteral("sourceLabel"));
  source_label_->setTextFormat(Qt::PlainText);
  statusBar()->addWidget(activity_label_, 1);
  statusBar()->addPermanentWidget(activity_bar_);
  statusBar()->addPermanentWidget(activity_cancel_);
  statusBar()->addPermanentWidget(counts_label_);
  statusBar()->addPermanentWidget(source_label_);
  activity_bar_->setVisible(false);
  activity_cancel_->setVisible(false);
}

TablePage* MainWindow::page(const QString& name) const {
  for (TablePage* p : pages_)
    if (p->name() == name) return p;
  return nullptr;
}

TablePage* MainWindow::currentPage() const {
  return qobject_cast<TablePage*>(tabs_->currentWidget());
}

QString MainWindow::currentView() const {
  if (map_view_ != nullptr && tabs_->currentWidget() == map_view_) return QStringLiteral("map");
  if (tabs_->currentWidget() == dashboard_) return QStringLiteral("dashboard");
  const TablePage* p = currentPage();
  return p ? p->name() : QString();
}

bool MainWindow::showView(const QString& name) {
  if (name == QLatin1String("map")) {
    tabs_->setCurrentWidget(map_view_);
    return true;
  }
  if (name == QLatin1String("dashboard")) {
    tabs_->setCurrentWidget(dashboard_);
    return true;
  }
  TablePage* p = page(name);
  if (p == nullptr) return false;
  tabs_->setCurrentWidget(p);
  return true;
}

SearchDialog* MainWindow::searchDialog() {
  if (!search_) {
    search_ = new SearchDialog(this);
    search_->setPages({page(QStringLiteral("assets")), page(QStringLiteral("alerts")),
                       page(QStringLiteral("operations")), page(QStringLiteral("advisories"))});
    connect(search_, &SearchDialog::chosen, this, [this](const QString& view, qint64 id) {
      showView(view);
      page(view)->selectId(id);
      page(view)->table()->setFocus();
    });
  }
  return search_;
}

// ---- actions -----------------------------------------------------------------------------------

void MainWindow::buildActions() {
  auto add = [this](QMenu* menu, const QString& text, const QKeySequence& key, auto&& slot) {
    QAction* a = menu->addAction(text);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WindowShortcut);
    connect(a, &QAction::triggered, this, slot);
    return a;
  };

  QMenu* file = menuBar()->addMenu(tr("&File"));
  add(file, tr("&Open database…"), QKeySequence::Open, [this] { openDatabaseDialog(); });
  replay_action_ = add(file, tr("&Replay captures…"), QKeySequence(QStringLiteral("Ctrl+R")),
                       [this] { replayDialog(); });
  file->addSeparator();
  add(file, tr("&Export view as CSV…"), QKeySequence(QStringLiteral("Ctrl+E")),
      [this] { exportCsv(); });
  add(file, tr("Write &report (PDF/HTML)…"), QKeySequence::Print, [this] { writeReport(); });
  file->addSeparator();
  add(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

  QMenu* capture = menuBar()->addMenu(tr("&Capture"));
  live_action_ = add(capture, tr("Start &live capture…"),
                     QKeySequence(QStringLiteral("Ctrl+Shift+L")), [this] { startLive(); });
  stop_action_ =
      add(capture, tr("&Stop"), QKeySequence(QStringLiteral("Ctrl+.")), [this] { stopActivity(); });
  stop_action_->setEnabled(false);

  QMenu* alerts = menuBar()->addMenu(tr("&Alerts"));
  edit_actions_ << add(alerts, tr("&Acknowledge"), QKeySequence(QStringLiteral("Ctrl+K")), [this] {
    showView(QStringLiteral("alerts"));
    setAlertState(page(QStringLiteral("alerts"))->selectedIds(), det::AlertState::Acknowledged);
  });
  edit_actions_ << add(alerts, tr("&Close"), QKeySequence(QStringLiteral("Ctrl+Shift+K")), [this] {
    showView(QStringLiteral("alerts"));
    setAlertState(page(QStringLiteral("alerts"))->selectedIds(), det::AlertState::Closed);
  });
  edit_actions_ << add(alerts, tr("Accept into &baseline…"), QKeySequence(QStringLiteral("Ctrl+B")),
                       [this] {
                         const qint64 id = page(QStringLiteral("alerts"))->currentId();
                         if (id >= 0) acceptAlert(id);
                       });
  alerts->addSeparator();
  add(alerts, tr("Show &critical and high"), QKeySequence(QStringLiteral("Ctrl+Shift+H")), [this] {
    showView(QStringLiteral("alerts"));
    alert_filters_->setMinimumSeverity(static_cast<int>(det::Severity::High));
  });

  QMenu* view = menuBar()->addMenu(tr("&View"));
  add(view, tr("Dashboard"), QKeySequence(QStringLiteral("Ctrl+0")),
      [this] { showView(QStringLiteral("dashboard")); });
  for (std::size_t i = 0; i < pages_.size(); ++i) {
    TablePage* p = pages_[i];
    add(view, p->windowTitle(), QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)),
        [this, p] { tabs_->setCurrentWidget(p); });
  }
  add(view, tr("Network &map"), QKeySequence(QStringLiteral("Ctrl+Shift+M")),
      [this] { showView(QStringLiteral("map")); });
  view->addSeparator();
  add(view, tr("&Find everywhere…"), QKeySequence::Find, [this] {
    SearchDialog* s = searchDialog();
    s->show();
    s->raise();
    s->activateWindow();
  });
  add(view, tr("Filter this &view"), QKeySequence(QStringLiteral("Ctrl+Shift+F")), [this] {
    if (TablePage* p = currentPage()) {
      p->filterEdit()->setFocus();
      p->filterEdit()->selectAll();
    }
  });
  add(view, tr("C&olumns…"), QKeySequence(QStringLiteral("Ctrl+Shift+C")), [this] {
    if (TablePage* p = currentPage())
      p->showColumnMenu(p->table()->mapToGlobal(p->table()->rect().topLeft()));
  });
  add(view, tr("&Refresh"), QKeySequence::Refresh, [this] { refreshNow(); });

  QMenu* baseline = menuBar()->addMenu(tr("&Baseline"));
  edit_actions_ << add(baseline, tr("&Import…"), QKeySequence(QStringLiteral("Ctrl+I")),
                       [this] { importBaseline(); });
  add(baseline, tr("&Export…"), QKeySequence(QStringLiteral("Ctrl+Shift+E")),
      [this] { exportBaseline(); });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  add(help, tr("&Keyboard shortcuts"), QKeySequence::HelpContents, [this] { showShortcuts(); });
  add(help, tr("&About otscope console"), QKeySequence(), [this] {
    QMessageBox::about(this, tr("About otscope console"),
                       tr("otscope console 0.1.0\nPassive monitoring of industrial control "
                          "networks: Modbus/TCP, DNP3, S7comm.\nIt never transmits."));
  });

  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName(QStringLiteral("mainToolbar"));
  bar->setMovable(false);
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  bar->addAction(replay_action_);
  bar->addAction(live_action_);
  bar->addAction(stop_action_);
  bar->addSeparator();
  for (QAction* a : edit_actions_.mid(0, 3)) bar->addAction(a);
  bar->addSeparator();
  bar->addAction(view->actions().at(static_cast<int>(pages_.size()) + 1));  // Find everywhere
}

void MainWindow::showShortcuts() {
  QStringList lines;
  for (QAction* menu : menuBar()->actions()) {
    if (menu->menu() == nullptr) continue;
    for (QAction* a : menu->menu()->actions()) {
      if (a->isSeparator() || a->shortcut().isEmpty()) continue;
      lines << QStringLiteral("%1\t%2").arg(a->shortcut().toString(QKeySequence::NativeText),
                                            QString(a->text()).remove(u'&'));
    }
  }
  lines << tr("Enter / double-click\tOpen the related row (alert → asset → operations)");
  QMessageBox box(this);
  box.setWindowTitle(tr("Keyboard shortcuts"));
  box.setTextFormat(Qt::PlainText);
  box.setText(lines.join(u'\n'));
  box.exec();
}

// ---- the database ------------------------------------------------------------------------------

void MainWindow::startDatabase(const QString& path) {
  path_ = path;
  first_applied_ = false;
  complete_ = false;
  // Another database's rows go at once; the new ones arrive from the reader.
  auto clear = [](auto* model) {
    TableDiff<typename std::remove_pointer_t<decltype(model)>::Row> empty;
    empty.reset = true;
    model->apply(std::move(empty));
  };
  clear(assets_);
  clear(advisories_);
  clear(alerts_);
  clear(operations_);
  clear(anomalies_);
  clear(links_);
  clear(runs_);
  clear(baseline_);
  inventory_.reset();
  setWindowTitle(tr("otscope console — %1").arg(QFileInfo(path).fileName()));

  // The editor first (unless read-only): it creates a missing file and upgrades an old one, so
  // that the reader finds a current database.
  QString reason;
  access_known_ = options_.read_only;
  if (options_.read_only) reason = tr("opened with --read-only");
  if (reason.isEmpty()) {
    editor_thread_ = new QThread(this);
    editor_ = new DbEditor(path);
    editor_->moveToThread(editor_thread_);
    connect(editor_thread_, &QThread::finished, editor_, &QObject::deleteLater);
    connect(editor_, &DbEditor::ready, this, [this](bool ok, const QString& why) {
      access_known_ = true;
      setReadOnly(!ok, why);
      if (reader_)
        QMetaObject::invokeMethod(reader_, "refresh", Qt::QueuedConnection, Q_ARG(bool, true));
    });
    connect(editor_, &DbEditor::done, this, [this](bool ok, const QString& message) {
      statusBar()->showMessage(message, 8000);
      if (!ok) QMessageBox::warning(this, tr("Not saved"), message);
      refreshNow();
      emit editDone(ok, message);
    });
    editor_thread_->start();
    QMetaObject::invokeMethod(editor_, "open", Qt::QueuedConnection);
  }
  setReadOnly(!reason.isEmpty() || editor_ != nullptr, reason.isEmpty() ? tr("opening…") : reason);

  reader_thread_ = new QThread(this);
  reader_ = new DbReader(path, options_.poll_ms);
  reader_->moveToThread(reader_thread_);
  connect(reader_thread_, &QThread::finished, reader_, &QObject::deleteLater);
  connect(reader_, &DbReader::refreshed, this, &MainWindow::applyRefresh);
  connect(reader_, &DbReader::unavailable, this, [this](const QString& message) {
    source_label_->setText(tr("waiting: %1").arg(message));
    activity_label_->setText(message);
  });
  connect(reader_, &DbReader::alertLoaded, this,
          [this](quint64 ticket, std::shared_ptr<const det::StoredAlert> alert) {
            if (ticket != alert_ticket_) return;
            const qint64 id = alert ? alert->id : alert_detail_->alertId();
            alert_detail_->setLoaded(id, std::move(alert));
            emit alertDetailLoaded(id);
          });
  reader_thread_->start();
  // With an editor, the reader starts once the file exists; it polls anyway.
  QMetaObject::invokeMethod(reader_, "start", Qt::QueuedConnection);
}

void MainWindow::stopDatabase() {
  if (reader_thread_) {
    reader_ = nullptr;
    finishThread(reader_thread_);
  }
  if (editor_thread_) {
    editor_ = nullptr;
    finishThread(editor_thread_);
  }
}

void MainWindow::refreshNow() {
  if (reader_)
    QMetaObject::invokeMethod(reader_, "refresh", Qt::QueuedConnection, Q_ARG(bool, false));
}

void MainWindow::requestAlert(qint64 id) {
  if (!reader_) return;
  QMetaObject::invokeMethod(reader_, "loadAlert", Qt::QueuedConnection, Q_ARG(qint64, id),
                            Q_ARG(quint64, ++alert_ticket_));
}

void MainWindow::setReadOnly(bool read_only, const QString& reason) {
  read_only_ = read_only;
  read_only_reason_ = reason;
  for (QAction* a : edit_actions_) {
    a->setEnabled(!read_only);
    a->setToolTip(read_only ? tr("Read-only: %1").arg(reason) : QString());
  }
  replay_action_->setEnabled(!read_only && !activityRunning());
  live_action_->setEnabled(!read_only && !activityRunning());
  if (read_only) {
    replay_action_->setToolTip(tr("Read-only: %1").arg(reason));
    live_action_->setToolTip(tr("Read-only: %1").arg(reason));
  }
  asset_detail_->setReadOnly(read_only, reason);
  baseline_bar_->setReadOnly(read_only, reason);
  alert_detail_->setReadOnly(read_only, reason);
  map_view_->setCanSave(!read_only, reason);
  updateStatus(status_);
}

void MainWindow::applyRefresh(const std::shared_ptr<Refresh>& r) {
  if (r->reset) first_applied_ = false;
  complete_ = !r->partial;
  // Each page keeps what the user looks at while its rows change.
  for (TablePage* p : pages_) p->beginRefresh();
  const bool asset_rows_changed =
      r->assets.reset || !r->assets.rows.empty() || !r->assets.removed.empty();
  // The models take the rows (the refresh has no other reader).
  assets_->apply(std::move(r->assets));
  advisories_->apply(std::move(r->advisories));
  alerts_->apply(std::move(r->alerts));
  operations_->apply(std::move(r->operations));
  anomalies_->apply(std::move(r->anomalies));
  links_->apply(std::move(r->links));
  runs_->apply(std::move(r->runs));
  baseline_->apply(std::move(r->baseline));
  for (TablePage* p : pages_) p->endRefresh();
  if (r->map_positions) map_view_->setSavedPositions(*r->map_positions);
  if (r->inventory && (r->inventory != inventory_ || asset_rows_changed)) {
    inventory_ = r->inventory;
    asset_detail_->setInventory(inventory_);
    // The map: its devices and links, and each device's open alerts (as the Assets view counts).
    std::map<std::int64_t, std::uint64_t> open_alerts;
    for (const AssetRow& row : assets_->rows())
      if (row.open_alerts > 0) open_alerts[row.id] = row.open_alerts;
    map_view_->setInventory(inventory_, std::move(open_alerts));
  }
  if (r->dashboard) dashboard_->setData(r->dashboard, inventory_);
  if (r->partial) {
    counts_label_->setText(tr("reading the database…"));
  } else {
    status_ = r->status;
    updateStatus(status_);
    updateAdvisoriesEmptyText(status_);
  }
  updateBanner();
  if (!first_applied_) {
    first_applied_ = true;
    // A first look: the newest alert selected, so its detail is on screen.
    for (TablePage* p : pages_)
      if (p->currentId() < 0 && p->proxy()->rowCount() > 0)
        p->table()->selectionModel()->setCurrentIndex(
            p->proxy()->index(0, 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  }
  emit refreshApplied();
}

void MainWindow::updateStatus(const DbStatus& s) {
  QString source = read_only_ ? tr("%1 (read-only)").arg(QFileInfo(path_).fileName())
                              : QFileInfo(path_).fileName();
  if (s.live_runs > 0) source += tr(" · following a live capture");
  source_label_->setText(source);
  source_label_->setToolTip(
      plainToolTip(path_ + (read_only_ ? QStringLiteral("\n") + read_only_reason_ : QString())));
  counts_label_->setText(
      plural(s.assets, "MainWindow", QT_TRANSLATE_NOOP("MainWindow", "%1 asset"),
             QT_TRANSLATE_NOOP("MainWindow", "%1 assets")) +
      QStringLiteral(" · ") +
      plural(s.open_alerts, "MainWindow", QT_TRANSLATE_NOOP("MainWindow", "%1 open alert"),
             QT_TRANSLATE_NOOP("MainWindow", "%1 open alerts")) +
      (s.critical_open ? tr(" (%1 critical)").arg(s.critical_open) : QString()) +
      (s.refreshed_us ? tr(" · read %1").arg(timeText(s.refreshed_us).mid(11)) : QString()));
}

void MainWindow::updateAdvisoriesEmptyText(const DbStatus& s) {
  page(QStringLiteral("advisories"))
      ->setEmptyText(
          s.advisories == 0
              ? tr("No public advisories stored. Import CSAF 2.0 advisories (e.g. CISA's ICS "
                   "advisories) with: otscope advisories import DIR --db DATABASE. Each device "
                   "that identified itself (vendor, order number, firmware) is then judged "
                   "against them.")
              : tr("None of the %1 stored advisories names a device seen so far. Devices are "
                   "matched by what they report about themselves (vendor, order number, "
                   "firmware); those that said nothing cannot be judged.")
                    .arg(countText(s.advisories)));
}

void MainWindow::updateBanner() {
  // The worst open alert, newest first among equals: what a plant engineer must see first.
  const AlertRow* worst = nullptr;
  std::uint64_t open_high = 0;
  for (const AlertRow& r : alerts_->rows()) {
    if (r.state != det::AlertState::Open || r.severity < det::Severity::High) continue;
    ++open_high;
    if (worst == nullptr || r.severity > worst->severity ||
        (r.severity == worst->severity && r.last_seen_us > worst->last_seen_us))
      worst = &r;
  }
  if (worst == nullptr) {
    banner_->setVisible(false);
    banner_alert_ = -1;
    return;
  }
  banner_alert_ = worst->id;
  // An alert about one device (firmware changed, known vulnerability) names only that device.
  QString text = worst->dst_text.isEmpty()
                     ? tr("%1: %2 — %3, %4")
                           .arg(severityText(worst->severity), ruleTitleText(worst->rule),
                                worst->src_text, timeText(worst->last_seen_us))
                     : tr("%1: %2 — %3 → %4, %5")
                           .arg(severityText(worst->severity), ruleTitleText(worst->rule),
                                worst->src_text, worst->dst_text, timeText(worst->last_seen_us));
  if (open_high > 1) text += tr("  (+%1 more high or critical)").arg(open_high - 1);
  banner_text_->setText(text);
  QPalette p = banner_->palette();
  p.setColor(QPalette::Window, severityColor(worst->severity));
  banner_->setPalette(p);
  banner_->setVisible(true);
}

// ---- navigation --------------------------------------------------------------------------------

bool MainWindow::openAssetByIp(const QString& ip) {
  IpAddress addr;
  if (!IpAddress::parse(ip.toStdString(), addr)) return false;
  for (const AssetRow& r : assets_->rows()) {
    if (!r.ips.split(u' ').contains(ip)) continue;
    showView(QStringLiteral("assets"));
    return page(QStringLiteral("assets"))->selectId(r.id);
  }
  statusBar()->showMessage(tr("No asset owns %1").arg(ip), 5000);
  return false;
}

void MainWindow::activated(const QString& view, qint64 id, int column) {
  // Enter or double-click follows the relation the user would follow next.
  if (view == QLatin1String("alerts")) {
    const AlertRow* r = alerts_->findById(id);
    if (r == nullptr) return;
    const bool source = column == AlertTraits::Source || r->dst.is_unspecified();
    openAssetByIp(ipText(source ? r->src : r->dst));
  } else if (view == QLatin1String("assets")) {
    const AssetRow* r = assets_->findById(id);
    if (r == nullptr || !r->has_ip) return;
    showView(QStringLiteral("operations"));
    page(QStringLiteral("operations"))->setFilterText(QStringLiteral("ip:") + ipText(r->first_ip));
  } else if (view == QLatin1String("advisories")) {
    const AdvisoryRow* r = advisories_->findById(id);
    if (r == nullptr) return;
    showView(QStringLiteral("assets"));
    page(QStringLiteral("assets"))->selectId(r->asset_id);
  } else if (view == QLatin1String("operations")) {
    const OperationRow* r = operations_->findById(id);
    if (r) openAssetByIp(ipText(column == OperationTraits::Client ? r->client : r->server));
  } else if (view == QLatin1String("links")) {
    const LinkRow* r = links_->findById(id);
    if (r) openAssetByIp(ipText(column == LinkTraits::Client ? r->client : r->server));
  } else if (view == QLatin1String("anomalies")) {
    const AnomalyRow* r = anomalies_->findById(id);
    if (r) openAssetByIp(ipText(column == AnomalyTraits::Destination ? r->dst : r->src));
  } else if (view == QLatin1String("baseline")) {
    const BaselineRow* r = baseline_->findById(id);
    if (r) openAssetByIp(ipText(column == BaselineTraits::Client ? r->client : r->server));
  }
}

// ---- edits -------------------------------------------------------------------------------------

void MainWindow::setAlertState(const QList<qint64>& ids, det::AlertState state) {
  if (ids.isEmpty()) return;
  if (read_only_) {
    statusBar()->showMessage(tr("Read-only: %1").arg(read_only_reason_), 8000);
    return;
  }
  QMetaObject::invokeMethod(editor_, "setAlertState", Qt::QueuedConnection,
                            Q_ARG(QList<qint64>, ids), Q_ARG(int, static_cast<int>(state)));
}

void MainWindow::acceptAlert(qint64 id, bool confirm) {
  if (read_only_) {
    statusBar()->showMessage(tr("Read-only: %1").arg(read_only_reason_), 8000);
    return;
  }
  if (confirm) {
    QString what = alert_detail_->alertId() == id ? alert_detail_->acceptDescription() : QString();
    if (what.isEmpty()) what = tr("What this alert saw will be treated as normal from now on.");
    QMessageBox box(QMessageBox::Question, tr("Accept into baseline"),
                    tr("Accept alert %1 into the baseline?").arg(id),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setTextFormat(Qt::PlainText);
    box.setInformativeText(what);
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Yes) return;
  }
  QMetaObject::invokeMethod(editor_, "acceptAlert", Qt::QueuedConnection, Q_ARG(qint64, id));
}

// ---- files -------------------------------------------------------------------------------------

void MainWindow::openDatabaseDialog() {
  const QString file =
      QFileDialog::getOpenFileName(this, tr("Open database"), QFileInfo(path_).absolutePath(),
                                   tr("otscope databases (*.db *.sqlite);;All files (*)"));
  if (file.isEmpty()) return;
  if (activityRunning()) {
    QMessageBox::information(this, tr("Busy"), tr("Stop the running replay or capture first."));
    return;
  }
  stopDatabase();
  saveLayout();
  startDatabase(file);
}

void MainWindow::replayDialog() {
  const QStringList files = QFileDialog::getOpenFileNames(
      this, tr("Replay captures"), QString(),
      tr("Captures (*.pcap *.pcapng *.cap *.pcap.gz);;All files (*)"));
  if (!files.isEmpty()) replay(files);
}

void MainWindow::exportCsv() {
  TablePage* p = currentPage();
  if (p == nullptr) return;
  const QString file = QFileDialog::getSaveFileName(
      this, tr("Export view as CSV"), p->name() + QStringLiteral(".csv"), tr("CSV files (*.csv)"));
  if (file.isEmpty()) return;
  const QString error = writeViewCsv(*p, file);
  if (!error.isEmpty())
    QMessageBox::warning(this, tr("Export failed"), error);
  else
    statusBar()->showMessage(
        tr("%1 written to %2")
            .arg(plural(static_cast<std::uint64_t>(p->proxy()->rowCount()), "MainWindow",
                        QT_TRANSLATE_NOOP("MainWindow", "%1 row"),
                        QT_TRANSLATE_NOOP("MainWindow", "%1 rows")),
                 file),
        8000);
}

void MainWindow::writeReport() {
  const QString file =
      QFileDialog::getSaveFileName(this, tr("Write report"), QStringLiteral("otscope-report.pdf"),
                                   tr("PDF (*.pdf);;HTML (*.html)"));
  if (file.isEmpty()) return;
  activity_label_->setText(tr("Writing %1…").arg(file));
  writeReportAsync(path_, file, this, [this, file](const QString& error) {
    activity_label_->clear();
    if (!error.isEmpty())
      QMessageBox::warning(this, tr("Report not written"), error);
    else
      statusBar()->showMessage(tr("Report written to %1").arg(file), 8000);
  });
}

void MainWindow::exportEvidence(qint64 id) {
  const QString file = QFileDialog::getSaveFileName(
      this, tr("Export evidence"), QStringLiteral("alert-%1-evidence.pcap").arg(id),
      tr("pcap (*.pcap)"));
  if (file.isEmpty()) return;
  activity_label_->setText(tr("Writing %1…").arg(file));
  exportEvidencePcapAsync(path_, id, file, this,
                          [this, id, file](const QString& error, const QString&) {
                            activity_label_->clear();
                            if (!error.isEmpty())
                              QMessageBox::warning(this, tr("Evidence not exported"), error);
                            else
                              statusBar()->showMessage(
                                  tr("Evidence of alert %1 written to %2").arg(id).arg(file), 8000);
                          });
}

void MainWindow::importBaseline() {
  if (read_only_) return;
  const QString file = QFileDialog::getOpenFileName(this, tr("Import baseline"), QString(),
                                                    tr("Baseline (*.json);;All files (*)"));
  if (file.isEmpty()) return;
  const auto answer = QMessageBox::question(
      this, tr("Import baseline"),
      tr("Add the imported entries to the stored baseline, or replace it?"),
      QMessageBox::Yes | QMessageBox::No | QMessageBox::Cancel, QMessageBox::Yes);
  if (answer == QMessageBox::Cancel) return;
  QMetaObject::invokeMethod(editor_, "importBaseline", Qt::QueuedConnection, Q_ARG(QString, file),
                            Q_ARG(bool, answer == QMessageBox::No));
}

void MainWindow::exportBaseline() {
  const QString file = QFileDialog::getSaveFileName(
      this, tr("Export baseline"), QStringLiteral("baseline.json"), tr("Baseline (*.json)"));
  if (file.isEmpty()) return;
  if (editor_) {
    QMetaObject::invokeMethod(editor_, "exportBaseline", Qt::QueuedConnection,
                              Q_ARG(QString, file));
  } else {
    DbEditor reader(path_);
    connect(&reader, &DbEditor::done, this,
            [this](bool, const QString& message) { statusBar()->showMessage(message, 8000); });
    reader.exportBaseline(file);
  }
}

// ---- replay and live capture -------------------------------------------------------------------

bool MainWindow::activityRunning() const {
  return activity_thread_ != nullptr;
}

void MainWindow::replay(const QStringList& files) {
  // Refusals go to the status bar: the actions are disabled, so only a script gets here.
  if (read_only_) {
    statusBar()->showMessage(
        tr("Replaying writes to the database, which is read-only: %1").arg(read_only_reason_),
        8000);
    return;
  }
  if (activityRunning()) {
    statusBar()->showMessage(tr("A replay or capture is already running."), 8000);
    return;
  }
  startActivity(new ReplayWorker(path_, files, options_.policy),
                plural(static_cast<std::uint64_t>(files.size()), "MainWindow",
                       QT_TRANSLATE_NOOP("MainWindow", "Replaying %1 file…"),
                       QT_TRANSLATE_NOOP("MainWindow", "Replaying %1 files…")),
                /*endless=*/false);
}

void MainWindow::startLive() {
  if (read_only_ || activityRunning()) return;
  LiveDialog dialog(this);
  if (dialog.exec() != QDialog::Accepted) return;
  startActivity(new LiveWorker(path_, dialog.settings(), options_.policy),
                tr("Starting capture on %1…").arg(dialog.settings().interface), /*endless=*/true);
}

void MainWindow::startActivity(RunWorker* worker, const QString& label, bool endless) {
  activity_thread_ = new QThread(this);
  worker->moveToThread(activity_thread_);
  activity_ = worker;
  cancel_activity_ = [worker] { worker->cancel(); };
  connect(activity_thread_, &QThread::started, worker, &RunWorker::run);
  connect(activity_thread_, &QThread::finished, worker, &QObject::deleteLater);
  connect(worker, &RunWorker::progress, this, &MainWindow::onActivityProgress);
  connect(worker, &RunWorker::finished, this, &MainWindow::onActivityFinished);
  activity_label_->setText(label);
  if (endless)
    activity_bar_->setRange(0, 0);  // busy: a live capture has no end
  else
    activity_bar_->setValue(0);
  activity_bar_->setVisible(true);
  activity_cancel_->setText(endless ? tr("Stop") : tr("Cancel"));
  activity_cancel_->setVisible(true);
  stop_action_->setEnabled(true);
  replay_action_->setEnabled(false);
  live_action_->setEnabled(false);
  activity_thread_->start();
}

void MainWindow::stopActivity() {
  if (cancel_activity_) cancel_activity_();
  activity_cancel_->setEnabled(false);
  activity_label_->setText(tr("Stopping…"));
}

void MainWindow::onActivityProgress(const ActivityProgress& p) {
  if (p.permille >= 0) {
    activity_bar_->setRange(0, 1000);
    activity_bar_->setValue(p.permille);
  }
  activity_label_->setText(p.title + QStringLiteral("  ") + p.detail);
}

void MainWindow::onActivityFinished(bool ok, const QString& message) {
  cancel_activity_ = nullptr;
  activity_ = nullptr;
  finishThread(activity_thread_);
  activity_bar_->setVisible(false);
  activity_bar_->setRange(0, 1000);
  activity_cancel_->setVisible(false);
  activity_cancel_->setEnabled(true);
  activity_cancel_->setText(tr("Cancel"));
  stop_action_->setEnabled(false);
  replay_action_->setEnabled(!read_only_);
  live_action_->setEnabled(!read_only_);
  activity_label_->setText(message);
  if (!ok) QMessageBox::warning(this, tr("Capture"), message);
  refreshNow();
  emit activityFinished(ok, message);
}

// ---- layout ------------------------------------------------------------------------------------

void MainWindow::saveLayout() {
  std::unique_ptr<QSettings> settings =
      options_.settings_file.isEmpty()
          ? std::make_unique<QSettings>()
          : std::make_unique<QSettings>(options_.settings_file, QSettings::IniFormat);
  settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings->setValue(QStringLiteral("window/state"), saveState());
  settings->setValue(QStringLiteral("window/view"), currentView());
  if (map_view_->groupingChosen())
    settings->setValue(QStringLiteral("map/grouping"),
                       QString::fromUtf8(netmap::grouping_name(map_view_->grouping()).data()));
  for (TablePage* p : pages_) p->saveState(*settings);
}

void MainWindow::restoreLayout() {
  std::unique_ptr<QSettings> settings =
      options_.settings_file.isEmpty()
          ? std::make_unique<QSettings>()
          : std::make_unique<QSettings>(options_.settings_file, QSettings::IniFormat);
  restoreGeometry(settings->value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(settings->value(QStringLiteral("window/state")).toByteArray());
  for (TablePage* p : pages_) p->restoreState(*settings);
  netmap::Grouping grouping = netmap::Grouping::None;
  if (netmap::grouping_from_name(
          settings->value(QStringLiteral("map/grouping")).toString().toStdString(), grouping))
    map_view_->setGrouping(grouping);
  showView(settings->value(QStringLiteral("window/view"), QStringLiteral("alerts")).toString());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (activityRunning()) {
    const auto answer =
        QMessageBox::question(this, tr("Quit"),
                              tr("A replay or capture is running. Stop it and quit? What was read "
                                 "so far is kept."));
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
    stopActivity();
  }
  saveLayout();
  event->accept();
}

}  // namespace otscope::gui
