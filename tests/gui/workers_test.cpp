// The console's ways to get data: replaying captures through its worker (the same results as
// `otscope analyze`), cancelling a replay (what was read is kept), and following a database that
// another process writes (rows appear in place, the selection stays).
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTableView>
#include <QTreeWidget>
#include <csignal>

#include "capture/interfaces.h"
#include "db/database.h"
#include "gui/data/run_workers.h"
#include "gui/views/live_dialog.h"
#include "gui/views/table_page.h"
#include "tests/gui/gui_fixtures.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::cliJson;
using test::waitFor;

// The listings that must be equal; capture runs differ in their wall-clock times.
void expectSameListings(const std::filesystem::path& a, const std::filesystem::path& b) {
  for (const std::vector<std::string>& cmd : {std::vector<std::string>{"assets"},
                                              {"operations"},
                                              {"links"},
                                              {"anomalies"},
                                              {"alerts", "--all"},
                                              {"history"}})
    EXPECT_EQ(cliJson(a, cmd).dump(1), cliJson(b, cmd).dump(1)) << cmd.front();
}

TEST(Replay, ConsoleWorkerStoresWhatAnalyzeStores) {
  test::TempDir dir;
  const std::vector<std::string> captures = {
      test::demoCapture(), (test::project_pcaps() / "attack_plc_stop.pcap").string()};
  const auto by_cli = dir.path() / "cli.db";
  test::analyzeInto(by_cli, captures);

  const auto by_console = dir.path() / "console.db";
  auto window = test::openWindow(by_console);
  ASSERT_FALSE(window->isReadOnly()) << window->readOnlyReason().toStdString();
  EXPECT_EQ(window->assetModel()->rowCount(), 0);
  QSignalSpy finished(window.get(), &gui::MainWindow::activityFinished);
  QStringList files;
  for (const std::string& c : captures) files << QString::fromStdString(c);
  window->replay(files);
  EXPECT_TRUE(window->activityRunning());
  ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 60000));
  EXPECT_TRUE(finished.at(0).at(0).toBool()) << finished.at(0).at(1).toString().toStdString();
  expectSameListings(by_cli, by_console);
  // The views follow by themselves.
  const std::size_t assets = cliJson(by_cli, {"assets"}).size();
  EXPECT_TRUE(
      waitFor([&] { return window->assetModel()->rowCount() == static_cast<int>(assets); }, 5000));
  const json runs = cliJson(by_console, {"runs"});
  ASSERT_EQ(runs.size(), 2u);
  for (const json& r : runs) EXPECT_EQ(r.at("status"), "complete");
}

TEST(Replay, CancelKeepsWhatWasRead) {
  test::TempDir dir;
  const std::string first = test::demoCapture();
  const std::string second = (test::project_pcaps() / "attack_program_download.pcap").string();
  const auto only_first = dir.path() / "first.db";
  test::analyzeInto(only_first, {first});

  const auto db = dir.path() / "cancelled.db";
  { Database::open(db.string()); }  // an empty database
  gui::ReplayWorker worker(QString::fromStdString(db.string()),
                           {QString::fromStdString(first), QString::fromStdString(second)});
  // Cancel as the second capture starts (in the worker's thread, so exactly there).
  QObject::connect(
      &worker, &gui::ReplayWorker::progress, &worker,
      [&](const gui::ActivityProgress& p) {
        if (p.title.contains(QStringLiteral("2 of 2"))) worker.cancel();
      },
      Qt::DirectConnection);
  QSignalSpy finished(&worker, &gui::ReplayWorker::finished);
  worker.run();
  ASSERT_EQ(finished.count(), 1);
  EXPECT_TRUE(finished.at(0).at(1).toString().contains(QStringLiteral("stopped early")))
      << finished.at(0).at(1).toString().toStdString();
  // Everything of the first capture is there, as `analyze` of it alone stores it.
  EXPECT_EQ(cliJson(db, {"assets"}).dump(1), cliJson(only_first, {"assets"}).dump(1));
  EXPECT_EQ(cliJson(db, {"operations"}).dump(1), cliJson(only_first, {"operations"}).dump(1));
  const json runs = cliJson(db, {"runs"});
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].at("status"), "complete");
  EXPECT_EQ(runs[1].at("status"), "interrupted");
}

TEST(Follow, RowsWrittenByAnotherProcessAppearInPlaceWithTheSelectionKept) {
  test::TempDir dir;
  const auto db = dir.path() / "plant.db";
  test::analyzeInto(db, {test::demoCapture()});
  auto window = test::openWindow(db, /*read_only=*/true, /*poll_ms=*/200);
  gui::TablePage* assets = window->page(QStringLiteral("assets"));
  const int before_assets = window->assetModel()->rowCount();
  const int before_alerts = window->alertModel()->rowCount();
  ASSERT_GT(before_assets, 3);
  // The user is looking at the third asset.
  const std::int64_t chosen = window->assetModel()->idAt(2);
  ASSERT_TRUE(assets->selectId(chosen));
  int resets = 0;
  int inserted = 0;
  QObject::connect(window->alertModel(), &QAbstractItemModel::modelReset, [&] { ++resets; });
  QObject::connect(window->assetModel(), &QAbstractItemModel::modelReset, [&] { ++resets; });
  QObject::connect(window->alertModel(), &QAbstractItemModel::rowsInserted,
                   [&](const QModelIndex&, int a, int b) { inserted += b - a + 1; });

  // Another process (as a sensor would) writes an attack into the same database.
  const auto spawned =
      test::spawn_command({test::otscope_binary().string(), "analyze", "-q", "--db", db.string(),
                           (test::project_pcaps() / "attack_program_download.pcap").string(),
                           (test::project_pcaps() / "attack_plc_stop.pcap").string()});
  test::read_all(spawned.out_fd);
  test::read_all(spawned.err_fd);
  ASSERT_EQ(test::wait_exit(spawned.pid), 0);
  QElapsedTimer since_commit;
  since_commit.start();
  const std::size_t alerts_now = cliJson(db, {"alerts", "--all"}).size();
  ASSERT_GT(alerts_now, static_cast<std::size_t>(before_alerts));
  ASSERT_TRUE(waitFor(
      [&] { return window->alertModel()->rowCount() == static_cast<int>(alerts_now); }, 5000));
  EXPECT_LT(since_commit.elapsed(), 2000) << "new rows appear within 2 s";
  EXPECT_EQ(resets, 0) << "a refresh never resets a model";
  EXPECT_EQ(inserted, static_cast<int>(alerts_now) - before_alerts);
  EXPECT_GE(window->assetModel()->rowCount(), before_assets);
  EXPECT_EQ(assets->currentId(), chosen) << "the selection stays on its row";
  EXPECT_TRUE(window->page(QStringLiteral("assets"))
                  ->table()
                  ->selectionModel()
                  ->isRowSelected(assets->proxy()->proxyRowOfId(chosen), {}));
}

TEST(Follow, EditsSucceedWhileALiveSensorWrites) {
  test::TempDir dir;
  const auto db = dir.path() / "sensor.db";
  test::analyzeInto(
      db, {test::demoCapture(), (test::project_pcaps() / "attack_plc_stop.pcap").string()});
  // The sensor: a live capture on the loopback interface, flushing every half second.
  const auto sensor =
      test::spawn_command({test::otscope_binary().string(), "capture", "-i", "lo", "--db",
                           db.string(), "--duration", "8", "--flush-interval", "0.5", "--json"});
  auto window = test::openWindow(db);
  // Wait until the sensor's run is live in the runs view (or it could not capture here).
  const bool live = waitFor(
      [&] {
        for (const gui::RunRow& r : window->runModel()->rows())
          if (r.live) return true;
        return false;
      },
      4000);
  if (!live) {
    ::kill(sensor.pid, SIGTERM);
    const std::string err = test::read_all(sensor.err_fd);
    test::read_all(sensor.out_fd);
    test::wait_exit(sensor.pid);
    GTEST_SKIP() << "no live capture here: " << err;
  }
  ASSERT_FALSE(window->isReadOnly());
  QSignalSpy done(window.get(), &gui::MainWindow::editDone);
  QElapsedTimer timer;
  timer.start();
  const std::int64_t alert = window->alertModel()->idAt(0);
  window->setAlertState({alert}, detection::AlertState::Acknowledged);
  ASSERT_TRUE(waitFor([&] { return done.count() > 0; }, 6000));
  EXPECT_TRUE(done.at(0).at(0).toBool()) << done.at(0).at(1).toString().toStdString();
  EXPECT_LT(timer.elapsed(), 2000) << "an edit waits at most for the sensor's current flush";
  EXPECT_TRUE(waitFor([&] {
    const gui::AlertRow* r = window->alertModel()->findById(alert);
    return r != nullptr && r->state == detection::AlertState::Acknowledged;
  }));
  ::kill(sensor.pid, SIGTERM);
  test::read_all(sensor.out_fd);
  test::read_all(sensor.err_fd);
  EXPECT_EQ(test::wait_exit(sensor.pid), 0);
  // The sensor's run ends complete or interrupted, never left 'running'.
  EXPECT_TRUE(waitFor([&] {
    for (const gui::RunRow& r : window->runModel()->rows())
      if (r.live) return false;
    return true;
  }));
}

}  // namespace
}  // namespace otscope

namespace otscope {
namespace {

using nlohmann::json;
using test::cliJson;

TEST(Live, ConsoleCaptureStoresALiveRunAndStopsOnRequest) {
  if (!capture::live_capture_permitted()) GTEST_SKIP() << "no CAP_NET_RAW here";
  test::TempDir dir;
  const auto db = dir.path() / "live.db";
  gui::LiveSettings settings;
  settings.interface = QStringLiteral("lo");
  settings.filter = QStringLiteral("tcp port 502");
  settings.flush_interval_s = 0.3;
  gui::LiveWorker worker(QString::fromStdString(db.string()), settings);
  int flushes = 0;
  QObject::connect(
      &worker, &gui::LiveWorker::progress, &worker,
      [&](const gui::ActivityProgress& p) {
        // Progress says packets/s and drops; after two flushes, stop.
        if (p.detail.contains(QStringLiteral("packets/s")) && ++flushes == 2) worker.cancel();
      },
      Qt::DirectConnection);
  QSignalSpy finished(&worker, &gui::LiveWorker::finished);
  worker.run();
  ASSERT_EQ(finished.count(), 1);
  EXPECT_TRUE(finished.at(0).at(0).toBool()) << finished.at(0).at(1).toString().toStdString();
  EXPECT_GE(flushes, 2);
  const json runs = cliJson(db, {"runs"});
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].at("source"), "live:lo");
  EXPECT_NE(runs[0].at("status"), "running");
}

TEST(Live, DialogChecksTheFilterAndListsInterfaces) {
  gui::LiveDialog dialog;
  dialog.selectInterface(QStringLiteral("lo"));
  dialog.setFilter(QStringLiteral("tcp prot 502"));
  EXPECT_FALSE(dialog.canStart());
  EXPECT_TRUE(dialog.problem().contains(
      capture::live_capture_permitted() ? QStringLiteral("Filter") : QStringLiteral("CAP_NET_RAW")))
      << dialog.problem().toStdString();
  dialog.setFilter(QStringLiteral("tcp port 502 or tcp port 102"));
  if (capture::live_capture_permitted()) {
    EXPECT_TRUE(dialog.canStart()) << dialog.problem().toStdString();
    EXPECT_EQ(dialog.settings().interface, QStringLiteral("lo"));
    EXPECT_EQ(dialog.settings().filter, QStringLiteral("tcp port 502 or tcp port 102"));
  }
  // libpcap's pseudo-devices are not offered.
  for (auto* tree : dialog.findChildren<QTreeWidget*>())
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
      EXPECT_FALSE(tree->topLevelItem(i)->text(0).startsWith(QStringLiteral("dbus")));
}

}  // namespace
}  // namespace otscope
