// The audit report's network diagram: drawn by the console's map code (one renderer), one node
// per device and one edge per observed link, grouped by the auditor's zones when there are some
// (else by subnet), hostile names escaped, and an image in the PDF. And Graphviz's failures stay
// out of the user's terminal.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/network_map.h"
#include "cli/report.h"
#include "tests/inventory/inventory_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using test::run_command;

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    const int v = value(c);
    if (v < 0) continue;
    buffer = buffer << 6 | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The SVG of the report's section 5.
std::string diagram_of(const std::string& html) {
  const std::size_t section = html.find(">5. Network diagram</h2>");
  EXPECT_NE(section, std::string::npos);
  if (section == std::string::npos) return {};
  const std::string marker = "data:image/svg+xml;base64,";
  const std::size_t at = html.find(marker, section);
  EXPECT_NE(at, std::string::npos);
  EXPECT_LT(at, html.find("<h2>6.", section)) << "the image belongs to section 5";
  const std::size_t end = html.find('"', at);
  return base64_decode(html.substr(at + marker.size(), end - at - marker.size()));
}

struct DemoDb {
  test::TempDir dir;
  std::string db;
  std::string bin = test::otscope_binary().string();
  DemoDb() {
    db = (dir.path() / "d.db").string();
    const auto pcaps = test::project_pcaps();
    auto r = run_command({bin, "analyze", "-q", "--db", db, (pcaps / "demo_plant.pcap").string(),
                          (pcaps / "attack_program_download.pcap").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  nlohmann::json map() const {
    auto r = run_command({bin, "map", "--db", db, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
};

TEST(NetworkDiagram, ReportDrawsEveryDeviceAndObservedLinkBySubnet) {
  DemoDb d;
  const nlohmann::json map = d.map();
  const std::string html = cli::report_html(Database::open_readonly(d.db), {});
  const std::string svg = diagram_of(html);
  ASSERT_FALSE(svg.empty());
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_EQ(count(svg, "<g class=\"node\">"), map.at("nodes").size());
  EXPECT_EQ(count(svg, "<g class=\"edge\">"), map.at("edges").size());
  std::size_t dangerous = 0;
  for (const auto& e : map.at("edges"))
    for (const auto& c : e.at("op_classes"))
      if (c == "write" || c == "control" || c == "program" || c == "mode_change") {
        ++dangerous;
        break;
      }
  ASSERT_GT(dangerous, 0u);
  // Thick red: the dangerous colour as a link's outer stroke, once per dangerous link.
  EXPECT_EQ(count(svg, "fill=\"none\" stroke=\"" + netmap::dangerous_color().hex() +
                           "\" stroke-width=\"4.000\""),
            dangerous);
  EXPECT_NE(svg.find(">10.10.1.0/24 ("), std::string::npos) << "grouped by subnet";
  EXPECT_NE(html.find("grouped by subnet"), std::string::npos);
  EXPECT_NE(svg.find("SV-PUMPSTATION"), std::string::npos);
}

// `otscope map --svg`: the same picture from the command line, in the grouping asked for.
TEST(NetworkDiagram, MapCommandWritesTheDiagram) {
  DemoDb d;
  const nlohmann::json map = d.map();
  const auto svg_path = d.dir.path() / "map.svg";
  auto r = run_command({d.bin, "map", "--db", d.db, "--svg", svg_path.string(), "--group", "vlan"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string svg = read_text(svg_path);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_EQ(count(svg, "<g class=\"node\">"), map.at("nodes").size());
  EXPECT_EQ(count(svg, "<g class=\"edge\">"), map.at("edges").size());
  EXPECT_NE(svg.find(">Untagged ("), std::string::npos) << "grouped by VLAN";
  r = run_command({d.bin, "map", "--db", d.db, "--svg", svg_path.string(), "--group", "rack"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown grouping 'rack'"), std::string::npos) << r.err;
}

TEST(NetworkDiagram, GroupedByTheAuditorsZonesAndEscaped) {
  DemoDb d;
  {
    Database db = Database::open(d.db);
    const Inventory inv = db.inventory();
    for (const InventoryAsset& a : inv.assets) {
      AssetAudit audit = a.audit;
      audit.zone = "Cell <A> & \"B\"";
      if (a.display_name() == "SV-PUMPSTATION") audit.name = "<script>alert(1)</script>";
      db.set_asset_audit(a.id, audit);
    }
  }
  const std::string html = cli::report_html(Database::open_readonly(d.db), {});
  const std::string svg = diagram_of(html);
  EXPECT_NE(html.find("grouped by the zones recorded by the auditor"), std::string::npos);
  EXPECT_NE(svg.find("Zone: Cell &lt;A&gt; &amp; &quot;B&quot;"), std::string::npos);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(NetworkDiagram, PdfReportHoldsTheDiagramAsAnImage) {
  if (!std::filesystem::exists("/usr/bin/pdfimages"))
    GTEST_SKIP() << "pdfimages (poppler-utils) not installed";
  DemoDb d;
  const auto pdf = d.dir.path() / "r.pdf";
  auto r = run_command({"/usr/bin/env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", d.bin, "report",
                        "--db", d.db, "--pdf", pdf.string()});
  if (r.exit_code != 0 && r.err.find("otscope-pdf") != std::string::npos)
    GTEST_SKIP() << "the PDF module is not built: " << r.err;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = run_command({"/usr/bin/pdfimages", "-list", pdf.string()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  // A header of two lines, then one line per image.
  EXPECT_GE(count(list.out, "\n"), 3u) << list.out;
  EXPECT_NE(list.out.find("image"), std::string::npos) << list.out;
}

// A layout engine Graphviz does not have: the map is drawn as a grid, the reason is kept, and
// nothing reaches the terminal.
TEST(NetworkDiagram, GraphvizFailuresAreReportedNotPrinted) {
  Inventory inv;
  for (int i = 0; i < 5; ++i) {
    InventoryAsset a;
    a.id = i + 1;
    a.record.ips.push_back(IpAddress::v4(0x0a000001u + static_cast<std::uint32_t>(i)));
    inv.assets.push_back(a);
  }
  const netmap::NetworkMap m = netmap::build_map(inv, {}, {});
  test::TempDir dir;
  const std::string err_path = (dir.path() / "stderr").string();
  std::fflush(stderr);
  const int saved = dup(2);
  FILE* capture = std::fopen(err_path.c_str(), "w");
  ASSERT_NE(capture, nullptr);
  dup2(fileno(capture), 2);
  setenv("OTSCOPE_MAP_ENGINE", "no-such-engine", 1);
  const netmap::MapLayout l = netmap::layout_map(m);
  unsetenv("OTSCOPE_MAP_ENGINE");
  const netmap::MapLayout fine = netmap::layout_map(m);
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::fclose(capture);
  EXPECT_EQ(read_text(err_path), "") << "Graphviz printed to the terminal";
  EXPECT_EQ(l.engine, "grid");
  EXPECT_FALSE(l.error.empty());
  EXPECT_EQ(l.nodes.size(), 5u);
  EXPECT_TRUE(fine.error.empty()) << fine.error;
  EXPECT_EQ(fine.engine, "dot");
  const std::string svg = netmap::map_svg(m, l);
  EXPECT_EQ(count(svg, "<g class=\"node\">"), 5u);
}

// Above the threshold every group starts collapsed: the report stays one readable picture.
TEST(NetworkDiagram, LargeInventoriesStartCollapsed) {
  Inventory inv;
  for (std::uint32_t i = 0; i < 450; ++i) {
    InventoryAsset a;
    a.id = i + 1;
    a.record.ips.push_back(IpAddress::v4(0x0a000000u | (i / 50) << 8 | (i % 50 + 1)));
    inv.assets.push_back(a);
  }
  for (std::size_t i = 0; i + 50 < inv.assets.size(); i += 7) {
    InventoryEdge e;
    e.client = i;
    e.server = i + 50;
    e.protocol = "modbus";
    e.op_classes = {OpClass::Read};
    inv.edges.push_back(e);
  }
  netmap::MapOptions o;
  o.grouping = netmap::Grouping::Subnet;
  netmap::NetworkMap m = netmap::build_map(inv, {}, o);
  EXPECT_EQ(m.groups.size(), 9u);
  EXPECT_EQ(m.nodes.size(), 9u) << "one node per collapsed subnet";
  for (const netmap::MapGroup& g : m.groups) EXPECT_TRUE(g.collapsed);
  // Neighbouring subnets' links, one aggregated edge per pair of groups.
  EXPECT_EQ(m.edges.size(), 8u);
  std::size_t links = 0;
  for (const netmap::MapEdge& e : m.edges) links += e.links;
  EXPECT_EQ(links, inv.edges.size());
  o.expanded.insert("subnet:10.0.3.0/24");
  m = netmap::build_map(inv, {}, o);
  EXPECT_EQ(m.nodes.size(), 8u + 50u);
  const netmap::MapLayout l = netmap::layout_map(m);
  EXPECT_TRUE(l.error.empty()) << l.error;
}

}  // namespace
}  // namespace otscope
