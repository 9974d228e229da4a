// Each view's model, sort and filter against databases built by `otscope analyze` from the demo
// plant capture and from the shared real captures: what the console lists is what the CLI lists.
#include <gtest/gtest.h>

#include <QTableView>
#include <algorithm>
#include <set>

#include "gui/views/asset_detail.h"
#include "gui/views/search_dialog.h"
#include "gui/views/table_page.h"
#include "tests/gui/gui_fixtures.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::cliJson;
using test::waitFor;

std::set<std::int64_t> idsOf(const json& rows) {
  std::set<std::int64_t> out;
  for (const json& r : rows) out.insert(r.at("id").get<std::int64_t>());
  return out;
}

std::set<std::int64_t> idsOf(const gui::TableModelBase& model) {
  std::set<std::int64_t> out;
  for (int r = 0; r < model.rowCount(); ++r) out.insert(model.idAt(r));
  return out;
}

std::vector<std::int64_t> shownIds(const gui::TablePage& page) {
  std::vector<std::int64_t> out;
  for (int r = 0; r < page.proxy()->rowCount(); ++r)
    out.push_back(page.model()->idAt(page.proxy()->sourceRow(r)));
  return out;
}

class DemoModels : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() / "demo.db";
    test::analyzeInto(
        db_, {test::demoCapture(), (test::project_pcaps() / "attack_plc_stop.pcap").string()});
    window_ = test::openWindow(db_);
    ASSERT_TRUE(window_->hasData());
  }
  test::TempDir dir_;
  std::filesystem::path db_;
  std::unique_ptr<gui::MainWindow> window_;
};

TEST_F(DemoModels, EveryViewListsWhatTheCliLists) {
  const json assets = cliJson(db_, {"assets"});
  ASSERT_GT(assets.size(), 10u);
  EXPECT_EQ(idsOf(*window_->assetModel()), idsOf(assets));
  EXPECT_EQ(idsOf(*window_->operationModel()), idsOf(cliJson(db_, {"operations"})));
  EXPECT_EQ(idsOf(*window_->linkModel()), idsOf(cliJson(db_, {"links"})));
  EXPECT_EQ(idsOf(*window_->anomalyModel()), idsOf(cliJson(db_, {"anomalies"})));
  EXPECT_EQ(idsOf(*window_->runModel()), idsOf(cliJson(db_, {"runs"})));
  const json alerts = cliJson(db_, {"alerts", "--all"});
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(idsOf(*window_->alertModel()), idsOf(alerts));

  // Field by field for the assets an auditor reads.
  for (const json& a : assets) {
    const gui::AssetRow* row = window_->assetModel()->findById(a.at("id").get<std::int64_t>());
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->role_name.toStdString(), a.value("role", std::string()));
    EXPECT_EQ(row->mac.toStdString(), a.at("mac").is_null() ? "" : a.at("mac").get<std::string>());
    const json& identity = a.at("identity");
    for (const auto& [field, value] : {std::pair{"vendor", &row->vendor},
                                       {"firmware", &row->firmware},
                                       {"serial", &row->serial}}) {
      EXPECT_EQ(value->toStdString(),
                identity.at(field).is_null() ? "" : identity.at(field).get<std::string>())
          << field << " of asset " << a.at("id");
    }
  }
  // The alerts the demo's attack raises are there, with names resolved.
  bool stop = false;
  for (const gui::AlertRow& r : window_->alertModel()->rows())
    if (r.rule == detection::find_rule("s7.plc_stop")->id) stop = true;
  EXPECT_TRUE(stop);
}

TEST_F(DemoModels, SortingOrdersByTypedValues) {
  gui::TablePage* page = window_->page(QStringLiteral("assets"));
  page->table()->sortByColumn(gui::AssetTraits::Ips, Qt::AscendingOrder);
  std::vector<IpAddress> ips;
  for (std::int64_t id : shownIds(*page)) {
    const gui::AssetRow* r = window_->assetModel()->findById(id);
    if (r->has_ip) ips.push_back(r->first_ip);
  }
  ASSERT_GT(ips.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ips.begin(), ips.end())) << "10.10.1.100 must come after 10.10.1.40";

  gui::TablePage* ops = window_->page(QStringLiteral("operations"));
  ops->table()->sortByColumn(gui::OperationTraits::Requests, Qt::DescendingOrder);
  std::vector<std::uint64_t> requests;
  for (std::int64_t id : shownIds(*ops))
    requests.push_back(window_->operationModel()->findById(id)->requests);
  EXPECT_TRUE(std::is_sorted(requests.rbegin(), requests.rend()));

  gui::TablePage* alerts = window_->page(QStringLiteral("alerts"));
  alerts->table()->sortByColumn(gui::AlertTraits::Severity, Qt::DescendingOrder);
  const std::vector<std::int64_t> shown = shownIds(*alerts);
  ASSERT_FALSE(shown.empty());
  EXPECT_EQ(window_->alertModel()->findById(shown.front())->severity,
            detection::Severity::Critical);

  // Every column of every view sorts both ways into an order its comparison agrees with.
  for (const QString& name : gui::MainWindow::viewNames()) {
    if (name == QLatin1String("map")) continue;  // the network map is no table
    gui::TablePage* p = window_->page(name);
    for (int c = 0; c < p->model()->columnCount(); ++c) {
      for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        p->table()->sortByColumn(c, order);
        for (int r = 1; r < p->proxy()->rowCount(); ++r) {
          const int cmp =
              p->model()->compareRows(p->proxy()->sourceRow(r - 1), p->proxy()->sourceRow(r), c);
          EXPECT_TRUE(order == Qt::AscendingOrder ? cmp <= 0 : cmp >= 0)
              << name.toStdString() << " column " << c << " row " << r;
        }
      }
    }
  }
}

// A filter that hides the row the detail pane shows empties the pane: it never keeps describing
// a device the list no longer shows.
TEST_F(DemoModels, AFilterThatHidesTheSelectedRowEmptiesTheDetailPane) {
  gui::TablePage* page = window_->page(QStringLiteral("assets"));
  page->setFilterText(QStringLiteral("role:plc"));
  ASSERT_GT(page->proxy()->rowCount(), 0);
  page->table()->selectionModel()->setCurrentIndex(
      page->proxy()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  const qint64 plc = page->currentId();
  ASSERT_GE(plc, 0);
  EXPECT_EQ(window_->assetDetail()->assetId(), plc);
  page->setFilterText(QStringLiteral("role:historian"));
  EXPECT_EQ(page->proxy()->proxyRowOfId(plc), -1);
  EXPECT_EQ(window_->assetDetail()->assetId(), -1);
  // A filter that keeps it keeps the pane.
  page->setFilterText(QString());
  page->selectId(plc);
  page->setFilterText(QStringLiteral("role:plc"));
  EXPECT_EQ(window_->assetDetail()->assetId(), plc);
}

TEST_F(DemoModels, FilterBoxSelectsByFieldAndText) {
  const json assets = cliJson(db_, {"assets"});
  std::set<std::int64_t> plcs, dnp3, siemens;
  for (const json& a : assets) {
    if (a.value("role", std::string()) == "plc") plcs.insert(a.at("id").get<std::int64_t>());
    for (const json& p : a.at("protocols"))
      if (p == "dnp3") dnp3.insert(a.at("id").get<std::int64_t>());
    if (a.value("mac_vendor", std::string()).find("Siemens") != std::string::npos)
      siemens.insert(a.at("id").get<std::int64_t>());
  }
  ASSERT_FALSE(plcs.empty());
  ASSERT_FALSE(dnp3.empty());
  gui::TablePage* page = window_->page(QStringLiteral("assets"));
  auto shown = [&] {
    const auto v = shownIds(*page);
    return std::set<std::int64_t>(v.begin(), v.end());
  };
  page->setFilterText(QStringLiteral("role:plc"));
  EXPECT_EQ(shown(), plcs);
  page->setFilterText(QStringLiteral("proto:dnp3"));
  EXPECT_EQ(shown(), dnp3);
  page->setFilterText(QStringLiteral("oui:siemens"));
  EXPECT_EQ(shown(), siemens);
  page->setFilterText(QStringLiteral("role:plc -proto:modbus"));
  for (std::int64_t id : shown()) EXPECT_TRUE(plcs.contains(id));
  page->setFilterText(QString());
  EXPECT_EQ(page->proxy()->rowCount(), static_cast<int>(assets.size()));

  // The operations of one device, as the asset pane's "Operations" button asks for them.
  const json ops = cliJson(db_, {"operations"});
  std::set<std::int64_t> of_plc;
  for (const json& o : ops)
    if (o.at("server") == "10.10.1.20" || o.at("client") == "10.10.1.20")
      of_plc.insert(o.at("id").get<std::int64_t>());
  gui::TablePage* op_page = window_->page(QStringLiteral("operations"));
  op_page->setFilterText(QStringLiteral("ip:10.10.1.20"));
  const auto v = shownIds(*op_page);
  EXPECT_EQ(std::set<std::int64_t>(v.begin(), v.end()), of_plc);
}

TEST_F(DemoModels, GlobalSearchFindsAcrossViewsAndOpensTheRow) {
  gui::SearchDialog* search = window_->searchDialog();
  search->search(QStringLiteral("SV-PUMPSTATION"));
  const QList<qint64> assets = search->resultIds(QStringLiteral("assets"));
  ASSERT_EQ(assets.size(), 1);
  EXPECT_FALSE(search->resultIds(QStringLiteral("operations")).isEmpty());
  emit search->chosen(QStringLiteral("assets"), assets.front());
  EXPECT_EQ(window_->currentView(), QStringLiteral("assets"));
  EXPECT_EQ(window_->page(QStringLiteral("assets"))->currentId(), assets.front());
}

TEST_F(DemoModels, DoubleClickFollowsAlertToAssetToOperations) {
  gui::TablePage* alerts = window_->page(QStringLiteral("alerts"));
  std::int64_t stop_id = -1;
  std::string target;
  for (const gui::AlertRow& r : window_->alertModel()->rows())
    if (r.rule == detection::find_rule("s7.plc_stop")->id)
      stop_id = r.id, target = r.dst.to_string();
  ASSERT_GE(stop_id, 0);
  ASSERT_TRUE(alerts->selectId(stop_id));
  emit alerts->table()->activated(alerts->table()->currentIndex());
  EXPECT_EQ(window_->currentView(), QStringLiteral("assets"));
  const gui::AssetRow* asset =
      window_->assetModel()->findById(window_->page(QStringLiteral("assets"))->currentId());
  ASSERT_NE(asset, nullptr);
  EXPECT_TRUE(asset->ips.split(u' ').contains(QString::fromStdString(target)));
  gui::TablePage* assets = window_->page(QStringLiteral("assets"));
  emit assets->table()->activated(assets->table()->currentIndex());
  EXPECT_EQ(window_->currentView(), QStringLiteral("operations"));
  gui::TablePage* ops = window_->page(QStringLiteral("operations"));
  ASSERT_GT(ops->proxy()->rowCount(), 0);
  for (std::int64_t id : shownIds(*ops)) {
    const gui::OperationRow* o = window_->operationModel()->findById(id);
    EXPECT_TRUE(o->server.to_string() == target || o->client.to_string() == target);
  }
}

TEST(SharedModels, RealCapturesListAsTheDatabaseHoldsThem) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(shared);
  test::TempDir dir;
  const auto db = dir.path() / "shared.db";
  std::vector<std::string> captures;
  for (const char* f :
       {"s7/snap7_s300_everything.pcapng", "s7/s7comm_downloading_block_db1.pcap",
        "dnp3/bro_dnp3.pcap", "dnp3/cold_restart_and_response.pcap", "modbus/ModbusTCP.pcap",
        "modbus/fuzz-72.pcap", "other/TestDissectIec104.pcap"})
    if (std::filesystem::exists(shared / f)) captures.push_back((shared / f).string());
  ASSERT_GE(captures.size(), 5u);
  test::analyzeInto(db, captures);
  auto window = test::openWindow(db, /*read_only=*/true);
  EXPECT_EQ(idsOf(*window->assetModel()), idsOf(cliJson(db, {"assets"})));
  EXPECT_EQ(idsOf(*window->operationModel()), idsOf(cliJson(db, {"operations"})));
  EXPECT_EQ(idsOf(*window->anomalyModel()), idsOf(cliJson(db, {"anomalies"})));
  EXPECT_EQ(idsOf(*window->alertModel()), idsOf(cliJson(db, {"alerts", "--all"})));
  EXPECT_EQ(idsOf(*window->linkModel()), idsOf(cliJson(db, {"links"})));
  EXPECT_GT(window->anomalyModel()->rowCount(), 0)
      << "the fuzzed and malformed captures are anomalies";
  // The Snap7 S7-300's identity, as the PLC printed it, is on its row.
  bool found = false;
  for (const gui::AssetRow& r : window->assetModel()->rows())
    if (r.order_number.contains(QStringLiteral("6ES7 315-2EH14-0AB0"))) found = true;
  EXPECT_TRUE(found);
  gui::TablePage* page = window->page(QStringLiteral("anomalies"));
  page->setFilterText(QStringLiteral("proto:dnp3"));
  for (std::int64_t id : shownIds(*page))
    EXPECT_EQ(window->anomalyModel()->findById(id)->protocol, QStringLiteral("DNP3"));
}

}  // namespace
}  // namespace otscope
