#include "gui/screenshot.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QPixmap>
#include <QTableView>
#include <QThread>

#include "gui/views/alert_detail.h"
#include "gui/views/map_view.h"
#include "gui/views/table_page.h"

namespace otscope::gui {

namespace {

// Runs the event loop until `done()` or `ms` pass.
template <class Done>
bool waitFor(Done done, int ms) {
  QElapsedTimer timer;
  timer.start();
  while (!done()) {
    if (timer.elapsed() > ms) return false;
    QApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return true;
}

}  // namespace

QString takeScreenshot(const ConsoleOptions& options, const QString& view, const QString& filter,
                       const QString& file) {
  if (!QFileInfo::exists(options.database))
    return QStringLiteral("cannot open database '%1': no such file").arg(options.database);
  MainWindow window(options);
  window.resize(1600, 1000);
  window.showView(view);
  window.show();
  qint64 loaded_alert = -1;
  QObject::connect(&window, &MainWindow::alertDetailLoaded, &window,
                   [&](qint64 id) { loaded_alert = id; });
  if (!waitFor([&] { return window.hasData(); }, 30000))
    return QStringLiteral("the database '%1' could not be read within 30 s").arg(options.database);
  if (view == QLatin1String("map")) {
    // The network map: once Graphviz's layout is in the scene.
    MapView* map = window.mapView();
    if (!waitFor([&] { return map->isReady(); }, 60000))
      return QStringLiteral("the map could not be laid out within 60 s");
    if (!filter.isEmpty()) map->search(filter);
    waitFor([&] { return !map->isReady(); }, 300);  // a search may expand a group
    waitFor([&] { return map->isReady(); }, 60000);
    waitFor([] { return false; }, 200);
    if (filter.isEmpty()) map->fitAll();
    waitFor([] { return false; }, 100);
    const QPixmap shot = window.grab();
    if (shot.isNull() || !shot.save(file, "PNG"))
      return QStringLiteral("cannot write '%1'").arg(file);
    return {};
  }
  TablePage* page = window.page(view);
  if (page == nullptr) {  // the dashboard: its charts, once drawn
    waitFor([] { return false; }, 300);
    const QPixmap shot = window.grab();
    if (shot.isNull()) return QStringLiteral("the window could not be rendered");
    if (!shot.save(file, "PNG")) return QStringLiteral("cannot write '%1'").arg(file);
    return {};
  }
  if (!filter.isEmpty()) page->setFilterText(filter);
  if (page->proxy()->rowCount() > 0) {
    page->table()->selectionModel()->setCurrentIndex(
        page->proxy()->index(0, 0),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  }
  if (view == QLatin1String("alerts") && page->currentId() >= 0)
    waitFor([&] { return loaded_alert == page->currentId(); }, 5000);
  // Let the layout settle and paint.
  waitFor([] { return false; }, 200);
  const QPixmap shot = window.grab();
  if (shot.isNull()) return QStringLiteral("the window could not be rendered");
  if (!shot.save(file, "PNG")) return QStringLiteral("cannot write '%1'").arg(file);
  return {};
}

}  // namespace otscope::gui
