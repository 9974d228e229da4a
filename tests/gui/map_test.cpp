// The Network map view against databases built by `otscope analyze`: its nodes are the
// database's assets and its edges the observed links (what `otscope map --json` lists), the
// dangerous ones are those with write, control, program or mode-change operations; grouping,
// collapsing and the filters change what is drawn as specified; dragged positions survive
// closing and reopening the console; exports parse and escape hostile names.
#include <gtest/gtest.h>

#include <QFile>
#include <QImage>
#include <QLabel>
#include <QSvgRenderer>
#include <QXmlStreamReader>
#include <algorithm>
#include <set>
#include <tuple>

#include "db/map_store.h"
#include "gui/views/map_view.h"
#include "gui/views/table_page.h"
#include "tests/gui/gui_fixtures.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::cliJson;
using test::waitFor;

using EdgeKey = std::tuple<std::int64_t, std::int64_t, std::string>;  // client, server, protocol

bool waitForMap(gui::MapView* map) {
  return waitFor([&] { return map->isReady(); }, 60000);
}

std::set<std::int64_t> mapAssetIds(const gui::MapView& view) {
  std::set<std::int64_t> out;
  for (const netmap::MapNode& n : view.map().nodes)
    if (!n.group) out.insert(n.asset_id);
  return out;
}

std::set<EdgeKey> mapEdges(const gui::MapView& view, bool dangerous_only = false) {
  std::set<EdgeKey> out;
  const auto& m = view.map();
  for (const netmap::MapEdge& e : m.edges)
    if (!dangerous_only || e.dangerous)
      out.insert({m.nodes[e.from].asset_id, m.nodes[e.to].asset_id, e.protocol});
  return out;
}

bool dangerousClasses(const json& classes) {
  for (const json& c : classes)
    for (const char* d : {"write", "control", "program", "mode_change"})
      if (c.get<std::string>() == d) return true;
  return false;
}

std::set<EdgeKey> cliEdges(const json& map, bool dangerous_only = false) {
  std::set<EdgeKey> out;
  for (const json& e : map.at("edges"))
    if (!dangerous_only || dangerousClasses(e.at("op_classes")))
      out.insert({e.at("client").get<std::int64_t>(), e.at("server").get<std::int64_t>(),
                  e.at("protocol").get<std::string>()});
  return out;
}

std::set<std::int64_t> cliAssetIds(const json& assets) {
  std::set<std::int64_t> out;
  for (const json& a : assets) out.insert(a.at("id").get<std::int64_t>());
  return out;
}

// The whole picture equals the database: every asset a node, every observed link an edge.
void expectMapEqualsDatabase(const std::filesystem::path& db, gui::MapView& view) {
  const json map = cliJson(db, {"map"});
  EXPECT_EQ(mapAssetIds(view), cliAssetIds(cliJson(db, {"assets"})));
  EXPECT_EQ(view.map().nodes.size(), map.at("nodes").size());
  EXPECT_EQ(mapEdges(view), cliEdges(map));
  EXPECT_EQ(view.map().edges.size(), map.at("edges").size()) << "one edge per observed link";
  EXPECT_EQ(mapEdges(view, true), cliEdges(map, true))
      << "thick red exactly where writes, control, program or mode changes were seen";
  // Every node is placed, no two on top of each other.
  const auto& nodes = view.layout().nodes;
  ASSERT_EQ(nodes.size(), view.map().nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i)
    for (std::size_t k = i + 1; k < nodes.size(); ++k)
      EXPECT_FALSE(std::abs(nodes[i].x - nodes[k].x) < netmap::kNodeWidth &&
                   std::abs(nodes[i].y - nodes[k].y) < netmap::kNodeHeight)
          << view.map().nodes[i].name << " overlaps " << view.map().nodes[k].name;
}

class DemoMap : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() / "demo.db";
    // The demo plant, then a PLC stop and a program download by an unknown station.
    const auto pcaps = std::filesystem::path(test::demoCapture()).parent_path();
    test::analyzeInto(db_, {test::demoCapture(), (pcaps / "attack_plc_stop.pcap").string(),
                            (pcaps / "attack_program_download.pcap").string()});
  }
  std::unique_ptr<gui::MainWindow> open(bool read_only = false) {
    auto w = test::openWindow(db_, read_only);
    w->showView(QStringLiteral("map"));
    EXPECT_TRUE(waitForMap(w->mapView()));
    return w;
  }
  test::TempDir dir_;
  std::filesystem::path db_;
};

TEST_F(DemoMap, NodesAndEdgesAreTheAssetsAndObservedLinks) {
  auto w = open(true);
  gui::MapView* view = w->mapView();
  expectMapEqualsDatabase(db_, *view);
  EXPECT_TRUE(w->showView(QStringLiteral("map")));
  EXPECT_EQ(w->currentView(), QStringLiteral("map"));
  // The unknown station that downloads to and stops the S7 PLC: drawn thick and red.
  bool s7_dangerous = false;
  for (const netmap::MapEdge& e : view->map().edges)
    s7_dangerous = s7_dangerous || (e.protocol == "s7comm" && e.dangerous);
  EXPECT_TRUE(s7_dangerous);
  // Badges: the open alerts the Assets view counts.
  for (const netmap::MapNode& n : view->map().nodes) {
    const gui::AssetRow* row = w->assetModel()->findById(n.asset_id);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(n.open_alerts, row->open_alerts) << n.name;
  }
}

TEST_F(DemoMap, GroupingCollapsingAndFiltersChangeWhatIsDrawn) {
  {
    // The auditor's zones: the control network and the substation.
    Database db = Database::open(db_.string());
    for (const InventoryAsset& a : db.inventory().assets) {
      AssetAudit audit = a.audit;
      const std::string ip = a.record.ips.empty() ? "" : a.record.ips.front().to_string();
      if (ip.starts_with("10.10.20.")) audit.zone = "Substation";
      if (ip.starts_with("10.10.1.")) audit.zone = "Control network";
      if (!audit.zone.empty()) db.set_asset_audit(a.id, audit);
    }
  }
  auto w = open(true);
  gui::MapView* view = w->mapView();
  const json assets = cliJson(db_, {"assets"});

  // By subnet: one group per /24 of the assets' first IPv4 address.
  std::set<std::string> subnets;
  for (const json& a : assets) {
    const std::string ip = a.at("ips").empty() ? "" : a.at("ips")[0].get<std::string>();
    subnets.insert(ip.empty() ? "subnet:" : "subnet:" + ip.substr(0, ip.rfind('.')) + ".0/24");
  }
  view->setGrouping(netmap::Grouping::Subnet);
  ASSERT_TRUE(waitForMap(view));
  std::set<std::string> keys;
  for (const netmap::MapGroup& g : view->map().groups) keys.insert(g.key);
  EXPECT_EQ(keys, subnets);
  EXPECT_TRUE(keys.contains("subnet:10.10.1.0/24"));
  expectMapEqualsDatabase(db_, *view);  // expanded groups draw every device
  for (const netmap::MapNode& n : view->map().nodes)
    if (n.ip.starts_with("10.10.1.")) {
      EXPECT_EQ(n.group_key, "subnet:10.10.1.0/24") << n.ip;
    }

  // Collapsing a group: one node for its members, their links aggregated per peer.
  const std::string plant = "subnet:10.10.1.0/24";
  std::size_t members = 0;
  for (const netmap::MapGroup& g : view->map().groups)
    if (g.key == plant) members = g.members.size();
  ASSERT_GT(members, 2u);
  const std::size_t nodes_before = view->map().nodes.size();
  view->setGroupCollapsed(QString::fromStdString(plant), true);
  ASSERT_TRUE(waitForMap(view));
  const auto& m = view->map();
  EXPECT_EQ(m.nodes.size(), nodes_before - members + 1);
  const auto group_node = m.index.find("group:" + plant);
  ASSERT_NE(group_node, m.index.end());
  EXPECT_EQ(m.nodes[group_node->second].members, members);
  for (const netmap::MapNode& n : m.nodes) EXPECT_NE(n.group_key, plant) << n.name;
  // Expected: the links with exactly one end inside, one edge per (client side, server side).
  const json map = cliJson(db_, {"map"});
  std::set<std::int64_t> inside;
  for (const json& a : assets)
    if (!a.at("ips").empty() && a.at("ips")[0].get<std::string>().starts_with("10.10.1."))
      inside.insert(a.at("id").get<std::int64_t>());
  std::set<std::pair<std::string, std::string>> expected_pairs;
  std::size_t internal = 0;
  for (const json& e : map.at("edges")) {
    const auto c = e.at("client").get<std::int64_t>(), s = e.at("server").get<std::int64_t>();
    const bool ci = inside.contains(c), si = inside.contains(s);
    if (ci && si) {
      ++internal;
      continue;
    }
    if (!ci && !si) continue;
    expected_pairs.insert({ci ? "G" : std::to_string(c), si ? "G" : std::to_string(s)});
  }
  std::set<std::pair<std::string, std::string>> group_pairs;
  std::size_t aggregated = 0;
  for (const netmap::MapEdge& e : m.edges) {
    const bool fi = e.from == group_node->second, ti = e.to == group_node->second;
    if (!fi && !ti) continue;
    group_pairs.insert({fi ? "G" : std::to_string(m.nodes[e.from].asset_id),
                        ti ? "G" : std::to_string(m.nodes[e.to].asset_id)});
    aggregated += e.links;
  }
  EXPECT_EQ(group_pairs, expected_pairs);
  for (const netmap::MapGroup& g : m.groups)
    if (g.key == plant) {
      EXPECT_EQ(g.internal_links, internal);
    }
  EXPECT_GT(internal, 0u);
  // Expanding brings every device back.
  view->setGroupCollapsed(QString::fromStdString(plant), false);
  ASSERT_TRUE(waitForMap(view));
  expectMapEqualsDatabase(db_, *view);

  // By the auditor's zones.
  view->setGrouping(netmap::Grouping::Zone);
  ASSERT_TRUE(waitForMap(view));
  keys.clear();
  for (const netmap::MapGroup& g : view->map().groups) keys.insert(g.key);
  std::set<std::string> zones = {"zone:Control network", "zone:Substation"};
  for (const json& a : assets) {
    const std::string ip = a.at("ips").empty() ? "" : a.at("ips")[0].get<std::string>();
    if (!ip.starts_with("10.10.1.") && !ip.starts_with("10.10.20.")) zones.insert("zone:");
  }
  EXPECT_EQ(keys, zones);
  for (const netmap::MapNode& n : view->map().nodes)
    if (n.ip.starts_with("10.10.20.")) {
      EXPECT_EQ(n.group_key, "zone:Substation");
    }

  // By VLAN: one group per first VLAN tag, untagged devices together.
  view->setGrouping(netmap::Grouping::Vlan);
  ASSERT_TRUE(waitForMap(view));
  std::set<std::string> vlans;
  for (const json& a : assets)
    vlans.insert(a.at("vlans").empty() ? "vlan:" : "vlan:" + a.at("vlans")[0].dump());
  keys.clear();
  for (const netmap::MapGroup& g : view->map().groups) keys.insert(g.key);
  EXPECT_EQ(keys, vlans);
  view->setGrouping(netmap::Grouping::None);
  ASSERT_TRUE(waitForMap(view));

  // Protocol filter: exactly the Modbus links, and only the devices at their ends.
  view->setProtocolFilter(QStringLiteral("modbus"));
  ASSERT_TRUE(waitForMap(view));
  std::set<EdgeKey> modbus;
  std::set<std::int64_t> ends;
  for (const EdgeKey& e : cliEdges(map))
    if (std::get<2>(e) == "modbus") {
      modbus.insert(e);
      ends.insert(std::get<0>(e));
      ends.insert(std::get<1>(e));
    }
  ASSERT_FALSE(modbus.empty());
  EXPECT_EQ(mapEdges(*view), modbus);
  EXPECT_EQ(mapAssetIds(*view), ends);
  view->setProtocolFilter(QString());
  ASSERT_TRUE(waitForMap(view));

  // Operation filter: writes and control = the dangerous links; program and mode changes.
  view->setOpFilter(netmap::OpFilter::WritesAndControl);
  ASSERT_TRUE(waitForMap(view));
  EXPECT_EQ(mapEdges(*view), cliEdges(map, true));
  for (const netmap::MapEdge& e : view->map().edges) EXPECT_TRUE(e.dangerous);
  view->setOpFilter(netmap::OpFilter::ProgramAndMode);
  ASSERT_TRUE(waitForMap(view));
  std::set<EdgeKey> program;
  for (const json& e : map.at("edges"))
    for (const json& c : e.at("op_classes"))
      if (c == "program" || c == "mode_change")
        program.insert({e.at("client").get<std::int64_t>(), e.at("server").get<std::int64_t>(),
                        e.at("protocol").get<std::string>()});
  EXPECT_FALSE(program.empty()) << "the attack captures' download and stop";
  EXPECT_EQ(mapEdges(*view), program);
  EXPECT_LT(program.size(), cliEdges(map, true).size());
}

TEST_F(DemoMap, DraggedPositionsSurviveReopeningTheConsole) {
  const QString key = QStringLiteral("asset:1");
  QPointF moved;
  std::map<std::string, QPointF> others;
  {
    auto w = open(false);
    ASSERT_FALSE(w->isReadOnly());
    gui::MapView* view = w->mapView();
    ASSERT_TRUE(view->map().index.contains(key.toStdString()));
    moved = view->nodeCentre(key) + QPointF(420, 260);
    QString edit_message;
    QObject::connect(w.get(), &gui::MainWindow::editDone,
                     [&](bool, const QString& message) { edit_message = message; });
    ASSERT_TRUE(view->moveNode(key, moved));
    EXPECT_EQ(view->nodeCentre(key), moved);
    // Written by the editor thread.
    ASSERT_TRUE(waitFor([&] {
      Database db = Database::open_readonly(db_.string());
      return db::load_map_positions(db).contains("none/" + key.toStdString());
    })) << edit_message.toStdString();
    for (const netmap::MapNode& n : view->map().nodes)
      others[n.key] = view->nodeCentre(QString::fromStdString(n.key));
    // A refresh that brings no new device or link (the auditor renames one) moves nothing and
    // lays nothing out again; the new name is drawn.
    const int layouts = view->layoutCount();
    {
      Database db = Database::open(db_.string());
      AssetAudit audit;
      audit.name = "Renamed PLC";
      db.set_asset_audit(1, audit);
    }
    ASSERT_TRUE(waitFor([&] {
      const auto it = view->map().index.find(key.toStdString());
      return it != view->map().index.end() && view->map().nodes[it->second].name == "Renamed PLC";
    }));
    EXPECT_EQ(view->layoutCount(), layouts);
    EXPECT_EQ(view->nodeCentre(key), moved);
    for (const auto& [k, p] : others) EXPECT_EQ(view->nodeCentre(QString::fromStdString(k)), p);
  }
  auto w = open(false);
  gui::MapView* view = w->mapView();
  EXPECT_EQ(view->nodeCentre(key), moved);
  for (const auto& [k, p] : others) EXPECT_EQ(view->nodeCentre(QString::fromStdString(k)), p) << k;

  // Reset layout forgets them (in the database too).
  view->resetLayout();
  ASSERT_TRUE(waitForMap(view));
  EXPECT_NE(view->nodeCentre(key), moved);
  EXPECT_TRUE(waitFor([&] {
    Database db = Database::open_readonly(db_.string());
    return db::load_map_positions(db).empty();
  }));
}

TEST_F(DemoMap, AReadOnlyConsoleDragsButDoesNotSave) {
  auto w = open(true);
  gui::MapView* view = w->mapView();
  const QString key = QString::fromStdString(view->map().nodes.front().key);
  const QPointF to = view->nodeCentre(key) + QPointF(300, 0);
  ASSERT_TRUE(view->moveNode(key, to));
  EXPECT_EQ(view->nodeCentre(key), to);
  waitFor([] { return false; }, 300);
  Database db = Database::open_readonly(db_.string());
  EXPECT_TRUE(db::load_map_positions(db).empty());
  EXPECT_TRUE(view->findChild<QLabel*>(QStringLiteral("mapStatus"))
                  ->text()
                  .contains(QStringLiteral("read-only")));
}

TEST_F(DemoMap, ActivatingANodeOrAnEdgeOpensItsAssetOrOperations) {
  auto w = open(true);
  gui::MapView* view = w->mapView();
  const auto& m = view->map();
  // The S7 link of the engineering station: its operations.
  int s7 = -1;
  for (std::size_t i = 0; i < m.edges.size(); ++i)
    if (m.edges[i].protocol == "s7comm") s7 = static_cast<int>(i);
  ASSERT_GE(s7, 0);
  const netmap::MapEdge e = m.edges[static_cast<std::size_t>(s7)];
  const std::string client = m.nodes[e.from].ip, server = m.nodes[e.to].ip;
  view->activateEdge(s7);
  EXPECT_EQ(w->currentView(), QStringLiteral("operations"));
  gui::TablePage* ops = w->page(QStringLiteral("operations"));
  ASSERT_GT(ops->proxy()->rowCount(), 0);
  for (int r = 0; r < ops->proxy()->rowCount(); ++r) {
    const gui::OperationRow* o =
        w->operationModel()->findById(ops->model()->idAt(ops->proxy()->sourceRow(r)));
    EXPECT_EQ(o->client.to_string(), client);
    EXPECT_EQ(o->server.to_string(), server);
  }
  // A device: the Assets view with it selected.
  w->showView(QStringLiteral("map"));
  const netmap::MapNode node = m.nodes[e.to];
  view->activateNode(QString::fromStdString(node.key));
  EXPECT_EQ(w->currentView(), QStringLiteral("assets"));
  EXPECT_EQ(w->page(QStringLiteral("assets"))->currentId(), node.asset_id);
  // Search by IP selects it.
  w->showView(QStringLiteral("map"));
  EXPECT_TRUE(view->search(QString::fromStdString(server)));
  EXPECT_EQ(view->selectedKey(), QString::fromStdString(node.key));
  EXPECT_FALSE(view->search(QStringLiteral("no-such-device-anywhere")));
}

TEST_F(DemoMap, ExportsParseAndEscapeHostileNames) {
  const std::string hostile = "<script>alert(\"&x\")</script>";
  {
    Database db = Database::open(db_.string());
    const Inventory inventory = db.inventory();
    const InventoryAsset& a = inventory.assets.front();
    AssetAudit audit = a.audit;
    audit.name = hostile;
    db.set_asset_audit(a.id, audit);
  }
  auto w = open(true);
  gui::MapView* view = w->mapView();
  bool shown = false;
  for (const netmap::MapNode& n : view->map().nodes) shown = shown || n.name == hostile;
  EXPECT_TRUE(shown);
  const QString svg = QString::fromStdString((dir_.path() / "map.svg").string());
  ASSERT_EQ(view->exportSvg(svg), QString());
  QFile f(svg);
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  const QByteArray bytes = f.readAll();
  EXPECT_FALSE(bytes.contains("<script>")) << "a name from the wire never becomes markup";
  EXPECT_TRUE(bytes.contains("&lt;script&gt;alert(&quot;&amp;x&quot;)&lt;/script&gt;"));
  QXmlStreamReader xml(bytes);
  int nodes = 0;
  while (!xml.atEnd())
    if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("g") &&
        xml.attributes().value(QLatin1String("class")) == QLatin1String("node"))
      ++nodes;
  EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
  EXPECT_EQ(static_cast<std::size_t>(nodes), view->map().nodes.size());
  QSvgRenderer renderer(svg);
  EXPECT_TRUE(renderer.isValid());

  const QString png = QString::fromStdString((dir_.path() / "map.png").string());
  ASSERT_EQ(view->exportPng(png), QString());
  QImage image(png);
  ASSERT_FALSE(image.isNull());
  EXPECT_GT(image.width(), 600);
}

// Invalid UTF-8 and control characters in a host name (an in-memory inventory: the wire can
// send anything) still make a well-formed SVG.
TEST(MapSvg, BytesFromTheWireNeverBreakTheDocument) {
  Inventory inv;
  for (int i = 0; i < 3; ++i) {
    InventoryAsset a;
    a.id = i + 1;
    a.record.ips.push_back(IpAddress::v4(0x0a000001u + static_cast<std::uint32_t>(i)));
    inv.assets.push_back(a);
  }
  inv.assets[0].audit.name = "bad\xff\xfe name\x01\x1b[31m ]]> &amp; <x/>";
  inv.assets[1].audit.name = "\xe6\xb3\xb5 pump \xf0\x9f\x94\xa5";  // valid: kept
  InventoryEdge e;
  e.client = 0;
  e.server = 1;
  e.protocol = "modbus\"><script>";
  e.op_classes = {OpClass::Write};
  inv.edges.push_back(e);
  const netmap::NetworkMap m = netmap::build_map(inv, {{1, 3}}, {});
  const netmap::MapLayout l = netmap::layout_map(m);
  EXPECT_TRUE(l.error.empty()) << l.error;
  const std::string svg = netmap::map_svg(m, l, {.title = "Plant <1>"});
  QXmlStreamReader xml(QByteArray::fromStdString(svg));
  QString text;
  while (!xml.atEnd())
    if (xml.readNext() == QXmlStreamReader::Characters) text += xml.text();
  EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString() << "\n" << svg;
  EXPECT_TRUE(text.contains(QStringLiteral("\u6cf5 pump")));
  EXPECT_TRUE(text.contains(QStringLiteral("Plant <1>")));
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("<x/>"), std::string::npos);
}

// 450 devices in nine /24 subnets: the map opens grouped by subnet with every group collapsed
// (one node each), and a double-click opens one.
TEST(LargeMap, OpensGroupedAndCollapsedAboveTheThreshold) {
  test::TempDir dir;
  const auto path = dir.path() / "large.db";
  {
    Database db = Database::open(path.string());
    AnalysisResult delta;
    for (std::uint32_t i = 0; i < 450; ++i) {
      AssetRecord a;
      a.mac.bytes = {
          0x02, 0, 0, 0, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
      a.ips = {IpAddress::v4(0x0a000000u | (i / 50) << 8 | (i % 50 + 1))};
      a.first_seen_us = 1'767'225'600'000'000;
      a.last_seen_us = a.first_seen_us + 1000;
      a.packets_sent = a.packets_received = 10;
      delta.assets.push_back(a);
    }
    const std::int64_t run = db.begin_run({});
    db.merge(delta, run);
    db.finish_run(run, {}, RunStatus::Complete);
  }
  auto w = test::openWindow(path, true);
  gui::MapView* view = w->mapView();
  EXPECT_EQ(view->layoutCount(), 0) << "nothing is laid out before the map is shown";
  w->showView(QStringLiteral("map"));
  ASSERT_TRUE(waitForMap(view));
  EXPECT_EQ(view->grouping(), netmap::Grouping::Subnet);
  ASSERT_EQ(view->map().groups.size(), 9u);
  EXPECT_EQ(view->map().nodes.size(), 9u);
  EXPECT_EQ(view->map().groups.front().key, "subnet:10.0.0.0/24") << "subnets by address";
  EXPECT_EQ(view->map().groups.back().key, "subnet:10.0.8.0/24");
  for (const netmap::MapNode& n : view->map().nodes) {
    EXPECT_TRUE(n.group);
    EXPECT_EQ(n.members, 50u);
  }
  view->activateNode(QStringLiteral("group:subnet:10.0.3.0/24"));
  ASSERT_TRUE(waitForMap(view));
  EXPECT_EQ(view->map().nodes.size(), 8u + 50u);
  // Search finds a device inside a collapsed group and opens the group.
  EXPECT_TRUE(view->search(QStringLiteral("10.0.5.7")));
  ASSERT_TRUE(waitForMap(view));
  EXPECT_EQ(view->map().nodes.size(), 7u + 100u);
  EXPECT_TRUE(waitFor([&] { return !view->selectedKey().isEmpty(); }));
}

TEST(SharedMap, RealCapturesDrawAsTheDatabaseHoldsThem) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(shared);
  test::TempDir dir;
  const auto db = dir.path() / "shared.db";
  // Every shared capture: 110 devices, among them hosts that talk to themselves (loops).
  std::vector<std::string> captures;
  for (const auto& path : test::capture_files(shared)) captures.push_back(path.string());
  ASSERT_GE(captures.size(), 20u);
  test::analyzeInto(db, captures);
  auto w = test::openWindow(db, true);
  w->showView(QStringLiteral("map"));
  gui::MapView* view = w->mapView();
  ASSERT_TRUE(waitForMap(view));
  expectMapEqualsDatabase(db, *view);
  EXPECT_FALSE(mapEdges(*view, true).empty()) << "block downloads, PLC stops, cold restarts";
  bool loop = false;
  for (const netmap::MapEdge& e : view->map().edges) loop = loop || e.from == e.to;
  EXPECT_TRUE(loop) << "a client and server on one host is drawn as a loop";
  view->setGrouping(netmap::Grouping::Subnet);
  ASSERT_TRUE(waitForMap(view));
  expectMapEqualsDatabase(db, *view);
}

}  // namespace
}  // namespace otscope
