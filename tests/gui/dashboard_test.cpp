// The console's Dashboard: its charts show what the database holds (the series of
// db::read_dashboard, read by the reader thread), a click on a bar or an item opens the matching
// view filtered to exactly the rows the bar counts, wire strings stay text, the charts are
// updated in place as a replay writes, and a live run's health is stored while it captures.
#include "db/dashboard.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QSignalSpy>
#include <QStackedBarSeries>

#include "capture/interfaces.h"
#include "gui/data/run_workers.h"
#include "gui/views/dashboard.h"
#include "gui/views/table_page.h"
#include "tests/gui/gui_fixtures.h"
#include "tests/inventory/crafted_captures.h"

namespace otscope {
namespace {

using test::waitFor;

Dashboard stored(const std::filesystem::path& db) {
  return db::read_dashboard(Database::open_readonly(db.string()));
}

// The rows a view shows once its filter has been applied.
int shownRows(gui::MainWindow& w, const QString& view) {
  return w.page(view)->proxy()->rowCount();
}

TEST(Dashboard, ChartsShowTheDatabaseAndClicksOpenTheCountedRows) {
  test::TempDir dir;
  const auto db = dir.path() / "d.db";
  test::analyzeInto(
      db, {test::demoCapture(), (test::project_pcaps() / "attack_plc_stop.pcap").string()});
  auto w = test::openWindow(db, /*read_only=*/true);
  gui::DashboardView* dash = w->dashboard();
  ASSERT_TRUE(waitFor([&] { return dash->data() != nullptr; }));
  const Dashboard d = stored(db);
  EXPECT_EQ(*dash->data(), d);
  // The console opens on the alerts; View > Dashboard (Ctrl+0) shows the charts.
  EXPECT_EQ(w->currentView(), QStringLiteral("alerts"));
  QAction* show_dashboard = nullptr;
  for (QAction* a : w->findChildren<QAction*>())
    if (a->shortcut() == QKeySequence(QStringLiteral("Ctrl+0"))) show_dashboard = a;
  ASSERT_NE(show_dashboard, nullptr);
  show_dashboard->trigger();
  EXPECT_EQ(w->currentView(), QStringLiteral("dashboard"));

  // Each bar chart: its values top to bottom are the series', and so are the Qt bar set's
  // (bottom to top).
  auto expectBars = [&](const QString& name, const std::vector<std::uint64_t>& values) {
    const gui::DashboardView::Bars& b = dash->bars(name);
    ASSERT_EQ(b.numbers.size(), values.size()) << name.toStdString();
    ASSERT_EQ(b.set->count(), static_cast<int>(values.size()));
    ASSERT_EQ(b.axis->count(), static_cast<int>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(b.numbers[i], static_cast<qreal>(values[i])) << name.toStdString();
      EXPECT_EQ(b.set->at(static_cast<int>(values.size() - 1 - i)), static_cast<qreal>(values[i]));
    }
  };
  std::vector<std::uint64_t> roles, vendors, protocols, talkers, rules;
  for (const DashboardCount& c : d.assets_by_role) roles.push_back(c.value);
  for (const VendorCount& v : d.assets_by_vendor) vendors.push_back(v.assets);
  for (const DashboardCount& c : d.messages_by_protocol) protocols.push_back(c.value);
  for (const DashboardAsset& a : d.top_talkers) talkers.push_back(a.bytes_sent + a.bytes_received);
  for (const DashboardCount& c : d.open_alerts_by_rule) rules.push_back(c.value);
  ASSERT_LE(rules.size(), 10u);  // the demo has fewer rules than the chart shows
  expectBars(QStringLiteral("roles"), roles);
  expectBars(QStringLiteral("vendors"), vendors);
  expectBars(QStringLiteral("protocols"), protocols);
  expectBars(QStringLiteral("talkers"), talkers);
  expectBars(QStringLiteral("rules"), rules);

  // Alerts over time: one category per bucket, each severity's set holding its counts.
  ASSERT_FALSE(d.alerts_over_time.empty());
  const QList<QBarSet*> sets = dash->alertsSeries()->barSets();
  ASSERT_EQ(sets.size(), 4);
  std::array<std::uint64_t, 4> per_severity{};
  for (int s = 0; s < 4; ++s) {
    ASSERT_EQ(sets[s]->count(), static_cast<int>(d.alerts_over_time.size()));
    for (std::size_t b = 0; b < d.alerts_over_time.size(); ++b) {
      EXPECT_EQ(sets[s]->at(static_cast<int>(b)),
                static_cast<qreal>(d.alerts_over_time[b].counts[static_cast<std::size_t>(s)]));
      per_severity[static_cast<std::size_t>(s)] +=
          d.alerts_over_time[b].counts[static_cast<std::size_t>(s)];
    }
  }
  // The last 24 h: one line per new asset and change; the health of the newest run.
  EXPECT_EQ(dash->recentList()->count(), static_cast<int>(d.new_assets.size() + d.changes.size()));
  EXPECT_NE(dash->healthText()->text().indexOf(QString::fromStdString(d.run.source)), -1);

  // A click on a role shows the assets of that role: as many rows as the bar says.
  for (std::size_t i = 0; i < d.assets_by_role.size(); ++i) {
    if (d.assets_by_role[i].key.empty()) continue;
    w->showView(QStringLiteral("dashboard"));
    dash->clickBar(QStringLiteral("roles"), static_cast<int>(i));
    EXPECT_EQ(w->currentView(), QStringLiteral("assets"));
    EXPECT_TRUE(w->page(QStringLiteral("assets"))
                    ->filterEdit()
                    ->text()
                    .startsWith(QStringLiteral("role:")));
    EXPECT_TRUE(waitFor(
        [&] {
          return shownRows(*w, QStringLiteral("assets")) ==
                 static_cast<int>(d.assets_by_role[i].value);
        },
        3000))
        << d.assets_by_role[i].key << ": " << shownRows(*w, QStringLiteral("assets"));
  }
  // A rule: its open alerts.
  for (std::size_t i = 0; i < d.open_alerts_by_rule.size(); ++i) {
    dash->clickBar(QStringLiteral("rules"), static_cast<int>(i));
    EXPECT_EQ(w->currentView(), QStringLiteral("alerts"));
    EXPECT_TRUE(waitFor(
        [&] {
          return shownRows(*w, QStringLiteral("alerts")) ==
                 static_cast<int>(d.open_alerts_by_rule[i].value);
        },
        3000))
        << d.open_alerts_by_rule[i].key;
  }
  // A severity: its alerts (every bucket is shown: the demo's alerts span one morning).
  for (int s = 0; s < 4; ++s) {
    dash->clickSeverity(s);
    EXPECT_EQ(w->currentView(), QStringLiteral("alerts"));
    EXPECT_TRUE(waitFor(
        [&] {
          return shownRows(*w, QStringLiteral("alerts")) ==
                 static_cast<int>(per_severity[static_cast<std::size_t>(s)]);
        },
        3000))
        << "severity " << s << ": " << shownRows(*w, QStringLiteral("alerts"));
  }
  // A protocol: the operations of that protocol.
  dash->clickBar(QStringLiteral("protocols"), 0);
  EXPECT_EQ(w->currentView(), QStringLiteral("operations"));
  EXPECT_TRUE(waitFor([&] { return shownRows(*w, QStringLiteral("operations")) > 0; }, 3000));
  EXPECT_LT(shownRows(*w, QStringLiteral("operations")), w->operationModel()->rowCount());
  // A talker: its asset, selected.
  ASSERT_FALSE(d.top_talkers.empty());
  dash->clickBar(QStringLiteral("talkers"), 0);
  EXPECT_EQ(w->currentView(), QStringLiteral("assets"));
  EXPECT_EQ(w->page(QStringLiteral("assets"))->currentId(), d.top_talkers[0].id);
  EXPECT_EQ(w->page(QStringLiteral("assets"))->filterEdit()->text(),
            QStringLiteral("ip:") + QString::fromStdString(d.top_talkers[0].ip));
  // A new asset of the last 24 h: that asset.
  ASSERT_FALSE(d.new_assets.empty());
  w->showView(QStringLiteral("dashboard"));
  dash->clickRecent(0);
  EXPECT_EQ(w->currentView(), QStringLiteral("assets"));
  EXPECT_EQ(w->page(QStringLiteral("assets"))->currentId(), d.new_assets[0].id);
  EXPECT_TRUE(waitFor([&] { return shownRows(*w, QStringLiteral("assets")) == 1; }, 3000));
  // A vendor the MAC registry names: the assets with that MAC vendor.
  for (std::size_t i = 0; i < d.assets_by_vendor.size(); ++i) {
    const VendorCount& v = d.assets_by_vendor[i];
    if (v.vendor == kOtherVendors) continue;
    dash->clickBar(QStringLiteral("vendors"), static_cast<int>(i));
    EXPECT_EQ(w->currentView(), QStringLiteral("assets"));
    // A substring filter: "Siemens" also finds "Siemens AG"; never fewer than the bar.
    EXPECT_TRUE(waitFor(
        [&] { return shownRows(*w, QStringLiteral("assets")) >= static_cast<int>(v.assets); },
        3000))
        << v.vendor;
  }
}

constexpr std::int64_t kT0 = 1'772'438'400'000'000;
const char kScript[] = "<b>Evil</b> & <script>x</script>";

TEST(Dashboard, WireStringsAreShownAsText) {
  test::TempDir dir;
  const auto db = dir.path() / "h.db";
  const std::string cap =
      test::write_capture(dir.path() / "hostile.pcap",
                          test::modbus_identity_exchange(kT0, {"f8:b1:56:00:00:10", "192.168.7.10"},
                                                         {"00:80:f4:00:00:20", "192.168.7.20"},
                                                         {{0, kScript}, {1, "X-1"}, {2, "v1"}}));
  test::analyzeInto(db, {cap});
  auto w = test::openWindow(db, /*read_only=*/true);
  gui::DashboardView* dash = w->dashboard();
  ASSERT_TRUE(waitFor([&] { return dash->data() != nullptr; }));
  const gui::DashboardView::Bars& vendors = dash->bars(QStringLiteral("vendors"));
  int found = -1;
  for (int i = 0; i < vendors.labels.size(); ++i)
    if (vendors.labels[i].startsWith(QStringLiteral("<b>Evil</b>"))) found = i;
  ASSERT_GE(found, 0) << vendors.labels.join(u'|').toStdString();
  // Qt Charts draws axis labels as rich text: the category is the escaped text, so it shows the
  // markup as characters.
  const QStringList categories = vendors.axis->categories();
  EXPECT_TRUE(categories.contains(vendors.labels[found].toHtmlEscaped()))
      << categories.join(u'|').toStdString();
  for (const QString& c : categories) EXPECT_FALSE(c.contains(QStringLiteral("<b>")));
  // Its click filters by the vendor the device reported.
  dash->clickBar(QStringLiteral("vendors"), found);
  EXPECT_EQ(w->page(QStringLiteral("assets"))->filterEdit()->text(),
            QStringLiteral("vendor:\"<b>Evil</b> & <script>x</script>\""));
  EXPECT_TRUE(waitFor([&] { return shownRows(*w, QStringLiteral("assets")) == 1; }, 3000));
}

TEST(Dashboard, FollowsAReplayWithTheSameCharts) {
  test::TempDir dir;
  const auto db = dir.path() / "r.db";
  auto w = test::openWindow(db);
  gui::DashboardView* dash = w->dashboard();
  const QChart* roles_chart = dash->bars(QStringLiteral("roles")).chart;
  const QBarSet* roles_set = dash->bars(QStringLiteral("roles")).set;
  QSignalSpy finished(w.get(), &gui::MainWindow::activityFinished);
  w->replay({QString::fromStdString(test::demoCapture())});
  ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 60000));
  ASSERT_TRUE(waitFor([&] { return dash->data() && *dash->data() == stored(db); }, 10000));
  EXPECT_EQ(dash->data()->new_assets_24h, 12u);
  // The same chart objects, with the new values.
  EXPECT_EQ(dash->bars(QStringLiteral("roles")).chart, roles_chart);
  EXPECT_EQ(dash->bars(QStringLiteral("roles")).set, roles_set);
  EXPECT_EQ(roles_set->count(), static_cast<int>(dash->data()->assets_by_role.size()));
  // The replay stored its health: one run, complete, its final packets.
  ASSERT_EQ(dash->data()->runs.size(), 1u);
  EXPECT_GE(dash->data()->run.samples_stored, 1u);
  EXPECT_EQ(dash->data()->run.last.packets, 3050u);
}

TEST(Dashboard, ALiveRunStoresItsHealthWhileItCaptures) {
  if (!capture::live_capture_permitted()) GTEST_SKIP() << "no CAP_NET_RAW here";
  test::TempDir dir;
  const auto db = dir.path() / "live.db";
  gui::LiveSettings settings;
  settings.interface = QStringLiteral("lo");
  settings.flush_interval_s = 0.2;
  gui::LiveWorker worker(QString::fromStdString(db.string()), settings);
  int flushes = 0;
  std::size_t seen_while_running = 0;
  QObject::connect(
      &worker, &gui::LiveWorker::progress, &worker,
      [&](const gui::ActivityProgress& p) {
        if (!p.detail.contains(QStringLiteral("packets/s"))) return;
        // Another handle, as a console in another process reads it, while the run goes on.
        Database reader = Database::open_readonly(db.string());
        seen_while_running = db::health_samples(reader, 1).size();
        if (++flushes == 4) worker.cancel();
      },
      Qt::DirectConnection);
  worker.run();
  EXPECT_GE(flushes, 4);
  EXPECT_GE(seen_while_running, 3u);
  const Dashboard d = stored(db);
  ASSERT_EQ(d.runs.size(), 1u);
  EXPECT_EQ(d.run.id, 1);
  EXPECT_GE(d.health.size(), 4u);  // every flush and the end
  for (std::size_t i = 1; i < d.health.size(); ++i) {
    EXPECT_LE(d.health[i - 1].time_us, d.health[i].time_us);
    EXPECT_LE(d.health[i - 1].packets, d.health[i].packets);
  }
  const std::vector<StoredCaptureRun> runs = Database::open_readonly(db.string()).capture_runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(d.health.back().packets, runs[0].record.packets);
}

}  // namespace
}  // namespace otscope
