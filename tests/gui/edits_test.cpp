// What a person changes from the console (alert states, the auditor's fields) persists; a
// read-only console refuses every change and says why; hostile strings from the wire are shown
// literally; and a QTest smoke test drives the window as a user would.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include "db/alert_store.h"
#include "db/database.h"
#include "gui/views/alert_detail.h"
#include "gui/views/asset_detail.h"
#include "gui/views/table_page.h"
#include "gui/views/view_export.h"
#include "protocols/modbus/modbus.h"
#include "tests/gui/gui_fixtures.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::cliJson;
using test::waitFor;

std::filesystem::path plantDb(const test::TempDir& dir) {
  const auto db = dir.path() / "plant.db";
  test::analyzeInto(
      db, {test::demoCapture(), (test::project_pcaps() / "attack_plc_stop.pcap").string()});
  return db;
}

std::int64_t alertOf(const gui::MainWindow& w, detection::RuleId rule) {
  for (const gui::AlertRow& r : w.alertModel()->rows())
    if (r.rule == rule) return r.id;
  return -1;
}

TEST(Edits, AcknowledgeCloseAndAcceptPersist) {
  test::TempDir dir;
  const auto db = plantDb(dir);
  auto window = test::openWindow(db);
  ASSERT_FALSE(window->isReadOnly()) << window->readOnlyReason().toStdString();
  QSignalSpy done(window.get(), &gui::MainWindow::editDone);
  const std::int64_t stop = alertOf(*window, detection::find_rule("s7.plc_stop")->id);
  ASSERT_GE(stop, 0);
  window->setAlertState({stop}, detection::AlertState::Acknowledged);
  ASSERT_TRUE(waitFor([&] { return done.count() == 1; }));
  EXPECT_TRUE(done.at(0).at(0).toBool());
  ASSERT_TRUE(waitFor([&] {
    return window->alertModel()->findById(stop)->state == detection::AlertState::Acknowledged;
  }));
  // Stored: the CLI sees it too.
  for (const json& a : cliJson(db, {"alerts", "--all"})) {
    if (a.at("id") == stop) {
      EXPECT_EQ(a.at("state"), "acknowledged");
    }
  }

  // Accepting another alert puts what it saw into the baseline and closes it.
  std::int64_t other = -1;
  for (const gui::AlertRow& r : window->alertModel()->rows())
    if (r.id != stop && r.state == detection::AlertState::Open) other = r.id;
  ASSERT_GE(other, 0);
  const std::size_t baseline_before = window->baselineModel()->rowCount();
  window->acceptAlert(other, /*confirm=*/false);
  ASSERT_TRUE(waitFor([&] { return done.count() == 2; }));
  EXPECT_TRUE(done.at(1).at(0).toBool()) << done.at(1).at(1).toString().toStdString();
  ASSERT_TRUE(waitFor([&] {
    return window->alertModel()->findById(other)->state == detection::AlertState::Closed;
  }));
  EXPECT_TRUE(waitFor([&] {
    return static_cast<std::size_t>(window->baselineModel()->rowCount()) > baseline_before;
  }));
}

TEST(Edits, AuditorFieldsPersistAndReachTheCli) {
  test::TempDir dir;
  const auto db = plantDb(dir);
  auto window = test::openWindow(db);
  gui::TablePage* page = window->page(QStringLiteral("assets"));
  window->showView(QStringLiteral("assets"));
  page->setFilterText(QStringLiteral("role:plc"));
  ASSERT_GT(page->proxy()->rowCount(), 0);
  const std::int64_t id = page->model()->idAt(page->proxy()->sourceRow(0));
  ASSERT_TRUE(page->selectId(id));
  gui::AssetDetail* detail = window->assetDetail();
  ASSERT_EQ(detail->assetId(), id);

  AssetAudit audit;
  audit.name = "泵站 2 号 PLC";
  audit.criticality = "critical";
  audit.zone = "Cell/Area 1";
  audit.purdue_level = "1";
  audit.owner = "Électricité team";
  audit.notes = "Replaced 2025-11; spare in store B";
  audit.tags = {"safety", "line-2"};
  detail->setFormAudit(audit);
  QSignalSpy done(window.get(), &gui::MainWindow::editDone);
  detail->findChild<QPushButton*>(QStringLiteral("auditSave"))->click();
  ASSERT_TRUE(waitFor([&] { return done.count() == 1; }));
  ASSERT_TRUE(done.at(0).at(0).toBool()) << done.at(0).at(1).toString().toStdString();

  // In the database, exactly as entered.
  const Database reader = Database::open_readonly(db.string());
  const auto stored = reader.asset_audits();
  ASSERT_TRUE(stored.contains(id));
  EXPECT_EQ(stored.at(id).name, audit.name);
  EXPECT_EQ(stored.at(id).criticality, "critical");
  EXPECT_EQ(stored.at(id).tags, audit.tags);
  // In the CLI's JSON.
  for (const json& a : cliJson(db, {"assets"})) {
    if (a.at("id") != id) continue;
    EXPECT_EQ(a.at("audit").at("owner"), audit.owner);
    EXPECT_EQ(a.at("audit").at("zone"), audit.zone);
  }
  // In the console's own row, after its refresh.
  ASSERT_TRUE(waitFor([&] {
    const gui::AssetRow* r = window->assetModel()->findById(id);
    return r != nullptr && r->zone == QStringLiteral("Cell/Area 1");
  }));
  EXPECT_EQ(window->assetModel()->findById(id)->name, QString::fromUtf8("泵站 2 号 PLC"));
  // A new console on the same file shows them again.
  window.reset();
  auto again = test::openWindow(db);
  again->page(QStringLiteral("assets"))->selectId(id);
  EXPECT_EQ(again->assetDetail()->formAudit().owner, audit.owner);
  EXPECT_EQ(again->assetDetail()->formAudit().purdue_level, "1");
}

TEST(Edits, ReadOnlyRefusesEveryEditAndSaysWhy) {
  test::TempDir dir;
  const auto db = plantDb(dir);
  const std::string before = cliJson(db, {"alerts", "--all"}).dump();
  auto window = test::openWindow(db, /*read_only=*/true);
  EXPECT_TRUE(window->isReadOnly());
  EXPECT_FALSE(window->readOnlyReason().isEmpty());
  // Every edit action is disabled and its tooltip says why.
  int edit_actions = 0;
  for (QAction* a : window->findChildren<QAction*>()) {
    const QString text = a->text();
    if (text.contains(QStringLiteral("Acknowledge")) ||
        text.contains(QStringLiteral("Accept into")) || text.contains(QStringLiteral("&Import")) ||
        text.contains(QStringLiteral("Replay")) || text.contains(QStringLiteral("live capture"))) {
      ++edit_actions;
      EXPECT_FALSE(a->isEnabled()) << text.toStdString();
      EXPECT_TRUE(a->toolTip().contains(QStringLiteral("Read-only"))) << text.toStdString();
    }
  }
  EXPECT_GE(edit_actions, 5);
  // The buttons of the panes too.
  const std::int64_t stop = alertOf(*window, detection::find_rule("s7.plc_stop")->id);
  window->page(QStringLiteral("alerts"))->selectId(stop);
  for (QPushButton* b : window->alertDetail()->findChildren<QPushButton*>()) {
    if (b->text().contains(QStringLiteral("Acknowledge")) ||
        b->text().startsWith(QStringLiteral("Close")) ||
        b->text().contains(QStringLiteral("Accept"))) {
      EXPECT_FALSE(b->isEnabled()) << b->text().toStdString();
    }
  }
  window->page(QStringLiteral("assets"))->selectId(window->assetModel()->idAt(0));
  EXPECT_FALSE(
      window->assetDetail()->findChild<QPushButton*>(QStringLiteral("auditSave"))->isEnabled());
  EXPECT_FALSE(
      window->assetDetail()->findChild<QLineEdit*>(QStringLiteral("auditName"))->isEnabled());
  // Calling the edits anyway changes nothing.
  window->setAlertState({stop}, detection::AlertState::Closed);
  window->acceptAlert(stop, false);
  window->replay({QString::fromStdString(test::demoCapture())});
  EXPECT_FALSE(window->activityRunning());
  waitFor([] { return false; }, 500);
  EXPECT_EQ(cliJson(db, {"alerts", "--all"}).dump(), before);
}

TEST(Hostile, DeviceNamesAreShownLiterally) {
  test::TempDir dir;
  const auto db = dir.path() / "hostile.db";
  const std::string markup = "<b>PLC</b><img src=x onerror=alert(1)>";
  const std::string hostile = markup + "\x07\x1b[31m\n" + std::string(10000, 'A');
  const std::string formula = "=cmd|' /C calc'!A0";
  {
    // Stored as a device could have sent them: the console must cope with any bytes.
    Database d = Database::open(db.string());
    AnalysisResult delta;
    auto add = [&](const char* ip_text, std::uint8_t last, const std::string& name) {
      AssetRecord a;
      a.mac.bytes = {0x00, 0x1b, 0x1b, 0x01, 0x02, last};
      IpAddress ip;
      IpAddress::parse(ip_text, ip);
      a.ips = {ip};
      a.mac_vendor = "Siemens AG";
      a.first_seen_us = 1'700'000'000'000'000;
      a.last_seen_us = a.first_seen_us + 1'000'000;
      a.packets_sent = 1;
      delta.assets.push_back(a);
      HostnameRecord h;
      h.ip = ip;
      h.mac = a.mac;
      h.name = name;
      h.source = "dhcp host name (option 12)";
      h.first_seen_us = h.last_seen_us = a.first_seen_us;
      delta.hostnames.push_back(h);
      IdentityRecord v;
      v.protocol = modbus::kProtocol;
      v.ip = ip;
      v.mac = a.mac;
      v.field = "vendor";
      v.value = "<i>Acme</i>";
      v.source = "modbus 43/14 read device identification";
      v.first_seen_us = v.last_seen_us = a.first_seen_us;
      delta.identities.push_back(v);
    };
    add("10.9.9.9", 3, hostile);
    add("10.9.9.10", 4, formula);
    CaptureRunRecord run;
    run.source = "crafted.pcap";
    d.merge(delta, d.begin_run(run));
  }
  auto window = test::openWindow(db);
  gui::TablePage* page = window->page(QStringLiteral("assets"));
  window->showView(QStringLiteral("assets"));
  page->table()->sortByColumn(gui::AssetTraits::Ips, Qt::AscendingOrder);
  ASSERT_EQ(window->assetModel()->rowCount(), 2);
  const int row = window->assetModel()->rowOfId(window->assetModel()->rows()[0].ips ==
                                                        QStringLiteral("10.9.9.9")
                                                    ? window->assetModel()->rows()[0].id
                                                    : window->assetModel()->rows()[1].id);
  const QModelIndex name = window->assetModel()->index(row, gui::AssetTraits::Name);
  const QString shown = name.data(Qt::DisplayRole).toString();
  // Every character there, markup as text, controls as visible escapes, nothing cut or replaced.
  EXPECT_TRUE(
      shown.startsWith(QString::fromStdString(markup) + QStringLiteral("\\x07\\x1B[31m\\n")))
      << shown.left(80).toStdString();
  EXPECT_EQ(shown.count(u'A'), 10000);
  const QString tip = name.data(Qt::ToolTipRole).toString();
  EXPECT_TRUE(tip.contains(QStringLiteral("&lt;b&gt;PLC&lt;/b&gt;")));
  EXPECT_FALSE(tip.contains(QStringLiteral("<b>")));
  EXPECT_EQ(window->assetModel()->index(row, gui::AssetTraits::Vendor).data().toString(),
            QStringLiteral("<i>Acme</i>"));

  // The detail pane: its labels are plain text, the title says the name as it is.
  ASSERT_TRUE(page->selectId(window->assetModel()->idAt(row)));
  auto* title = window->assetDetail()->findChild<QLabel*>(QStringLiteral("assetTitle"));
  ASSERT_NE(title, nullptr);
  EXPECT_EQ(title->textFormat(), Qt::PlainText);
  EXPECT_TRUE(title->text().startsWith(QString::fromStdString(markup)));
  for (QLabel* label : window->findChildren<QLabel*>())
    EXPECT_NE(label->textFormat(), Qt::RichText) << label->objectName().toStdString();
  // It renders (a 10 kB name does not break the layout or the paint).
  EXPECT_FALSE(window->grab().isNull());

  // Exported, a name a spreadsheet would run as a formula stays text.
  page->setFilterText(QString());
  const QString csv = gui::viewCsv(*page);
  EXPECT_TRUE(csv.contains(QStringLiteral("'=cmd|' /C calc'!A0"))) << csv.left(300).toStdString();
  EXPECT_FALSE(csv.contains(QStringLiteral(",=cmd")));
}

TEST(Smoke, OpenFilterSelectAcknowledgeWithTheKeyboardAndMouse) {
  test::TempDir dir;
  const auto db = plantDb(dir);
  auto window = test::openWindow(db);
  ASSERT_FALSE(window->isReadOnly());
  QApplication::setActiveWindow(window.get());

  // Ctrl+1: alerts. The worst open alert is announced in the banner.
  QTest::keyClick(window.get(), Qt::Key_1, Qt::ControlModifier);
  EXPECT_EQ(window->currentView(), QStringLiteral("alerts"));
  auto* banner = window->findChild<QLabel*>(QStringLiteral("bannerText"));
  ASSERT_NE(banner, nullptr);
  EXPECT_TRUE(banner->isVisible());
  EXPECT_TRUE(banner->text().contains(QStringLiteral("PLC stop"))) << banner->text().toStdString();

  // Type a filter as a user would.
  gui::TablePage* page = window->page(QStringLiteral("alerts"));
  page->filterEdit()->setFocus();
  QTest::keyClicks(page->filterEdit(), QStringLiteral("rule:s7.plc_stop"));
  QTest::keyClick(page->filterEdit(), Qt::Key_Return);
  ASSERT_EQ(page->proxy()->rowCount(), 1);

  // Click the row: the detail says what happened and who did it.
  QTableView* table = page->table();
  const QRect cell = table->visualRect(page->proxy()->index(0, gui::AlertTraits::Title));
  QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
  const std::int64_t stop = alertOf(*window, detection::find_rule("s7.plc_stop")->id);
  EXPECT_EQ(page->currentId(), stop);
  auto* title = window->alertDetail()->findChild<QLabel*>(QStringLiteral("alertTitle"));
  EXPECT_EQ(title->text(), QStringLiteral("PLC stop command"));
  EXPECT_TRUE(waitFor([&] {
    const auto* tree = window->alertDetail()->findChild<QTreeWidget*>(QStringLiteral("alertTree"));
    return !tree->findItems(QStringLiteral("#1"), Qt::MatchStartsWith | Qt::MatchRecursive)
                .isEmpty();
  })) << "the evidence frames are shown";

  // Ctrl+K acknowledges it.
  QSignalSpy done(window.get(), &gui::MainWindow::editDone);
  QTest::keyClick(window.get(), Qt::Key_K, Qt::ControlModifier);
  ASSERT_TRUE(waitFor([&] { return done.count() == 1; }));
  ASSERT_TRUE(waitFor([&] {
    return window->alertModel()->findById(stop)->state == detection::AlertState::Acknowledged;
  }));
  EXPECT_EQ(page->currentId(), stop) << "the selection survives the refresh";

  // Enter follows the alert to the PLC that was stopped.
  QTest::keyClick(table, Qt::Key_Return);
  EXPECT_EQ(window->currentView(), QStringLiteral("assets"));
  const gui::AssetRow* plc =
      window->assetModel()->findById(window->page(QStringLiteral("assets"))->currentId());
  ASSERT_NE(plc, nullptr);
  EXPECT_EQ(plc->role_name, QStringLiteral("plc"));
}

}  // namespace
}  // namespace otscope

namespace otscope {
namespace {

TEST(Files, ReportAndLayoutAreWrittenAndKept) {
  test::TempDir dir;
  const auto db = plantDb(dir);
  // The report, as File ▸ Write report makes it: HTML and PDF.
  const QString html = QString::fromStdString((dir.path() / "report.html").string());
  EXPECT_EQ(gui::writeReport(QString::fromStdString(db.string()), html), QString());
  QFile h(html);
  ASSERT_TRUE(h.open(QIODevice::ReadOnly));
  const QByteArray text = h.readAll();
  EXPECT_TRUE(text.contains("SV-PUMPSTATION"));
  EXPECT_TRUE(text.contains("6ES7") || text.contains("CPU 315"));
  const QString pdf = QString::fromStdString((dir.path() / "report.pdf").string());
  auto window = test::openWindow(db);
  QString error = QStringLiteral("not called");
  gui::writeReportAsync(QString::fromStdString(db.string()), pdf, window.get(),
                        [&](const QString& e) { error = e; });
  ASSERT_TRUE(test::waitFor([&] { return error != QStringLiteral("not called"); }, 60000));
  EXPECT_EQ(error, QString());
  QFile p(pdf);
  ASSERT_TRUE(p.open(QIODevice::ReadOnly));
  EXPECT_TRUE(p.read(5).startsWith("%PDF-"));

  // The layout: a column hidden and the view chosen are there again in a new window.
  gui::TablePage* assets = window->page(QStringLiteral("assets"));
  ASSERT_FALSE(assets->table()->isColumnHidden(gui::AssetTraits::Firmware));
  assets->table()->setColumnHidden(gui::AssetTraits::Firmware, true);
  assets->table()->setColumnHidden(gui::AssetTraits::Serial, false);
  window->showView(QStringLiteral("operations"));
  window->close();
  window.reset();
  auto again = test::openWindow(db);
  EXPECT_EQ(again->currentView(), QStringLiteral("operations"));
  EXPECT_TRUE(
      again->page(QStringLiteral("assets"))->table()->isColumnHidden(gui::AssetTraits::Firmware));
  EXPECT_FALSE(
      again->page(QStringLiteral("assets"))->table()->isColumnHidden(gui::AssetTraits::Serial));
}

}  // namespace
}  // namespace otscope

namespace otscope {
namespace {

// The alert pane's "Evidence pcap…": the frames of the alert, from the capture it was raised
// from, in a pcap otscope itself reads back to the same alert.
TEST(Files, AnAlertsEvidenceIsExportedAsAPcap) {
  test::TempDir dir;
  const auto db = dir.path() / "stop.db";
  test::analyzeInto(db, {(test::project_pcaps() / "attack_plc_stop.pcap").string()});
  auto window = test::openWindow(db, /*read_only=*/true);
  gui::TablePage* alerts = window->page(QStringLiteral("alerts"));
  ASSERT_EQ(alerts->proxy()->rowCount(), 1);
  alerts->table()->selectionModel()->setCurrentIndex(
      alerts->proxy()->index(0, 0),
      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  auto* button = window->findChild<QPushButton*>(QStringLiteral("exportEvidence"));
  ASSERT_NE(button, nullptr);
  EXPECT_TRUE(button->isEnabled()) << "a read-only console may still export evidence";

  const qint64 id = alerts->currentId();
  const QString file = QString::fromStdString((dir.path() / "evidence.pcap").string());
  QString error = QStringLiteral("not called"), message;
  gui::exportEvidencePcapAsync(QString::fromStdString(db.string()), id, file, window.get(),
                               [&](const QString& e, const QString& m) {
                                 error = e;
                                 message = m;
                               });
  ASSERT_TRUE(test::waitFor([&] { return error != QStringLiteral("not called"); }, 30000));
  EXPECT_EQ(error, QString());
  EXPECT_TRUE(message.contains(QStringLiteral("1 evidence frame and 3 handshake frames")))
      << message.toStdString();
  const auto again = dir.path() / "again.db";
  test::analyzeInto(again, {file.toStdString()});
  const auto replayed = test::cliJson(again, {"alerts"});
  ASSERT_EQ(replayed.size(), 1u);
  EXPECT_EQ(replayed[0]["rule"], "s7.plc_stop");

  EXPECT_NE(gui::exportEvidencePcap(QString::fromStdString(db.string()), 999, file), QString());
}

}  // namespace
}  // namespace otscope
