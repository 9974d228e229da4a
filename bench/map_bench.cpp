// The network map at scale: build and Graphviz layout times for a synthetic plant of N assets
// (subnets of 50: PLCs, RTUs, HMIs, engineering stations, IT hosts), ungrouped, grouped by
// subnet, and with the groups collapsed. `--png SVG PNG` rasterises an SVG (to look at one).
#include <unistd.h>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>

#include "cli/network_map.h"

using namespace otscope;

namespace {

Inventory synthetic(std::size_t n) {
  Inventory inv;
  std::mt19937 rng(42);
  std::vector<std::size_t> plcs, clients;
  for (std::size_t i = 0; i < n; ++i) {
    InventoryAsset a;
    a.id = static_cast<std::int64_t>(i + 1);
    a.record.ips.push_back(IpAddress::v4(0x0a000000u | static_cast<std::uint32_t>(i / 50) << 8 |
                                         static_cast<std::uint32_t>(i % 50 + 10)));
    const std::size_t k = i % 10;
    const AssetRole role = k < 5   ? AssetRole::Plc
                           : k < 6 ? AssetRole::Rtu
                           : k < 8 ? AssetRole::Hmi
                           : k < 9 ? AssetRole::EngineeringWorkstation
                                   : AssetRole::ItHost;
    a.record.roles.push_back({role, 0.9, {}});
    a.audit.name = "dev-" + std::to_string(i);
    (role == AssetRole::Plc || role == AssetRole::Rtu ? plcs : clients).push_back(i);
    inv.assets.push_back(std::move(a));
  }
  for (std::size_t c : clients) {
    const AssetRole role = inv.assets[c].record.roles[0].role;
    if (role == AssetRole::ItHost) continue;
    // Mostly the own subnet's controllers, now and then another's.
    for (int e = 0; e < 6; ++e) {
      std::size_t s = plcs[rng() % plcs.size()];
      if (e < 5) {
        const std::size_t base = c / 50 * 50;
        s = base + (rng() % 10 < 6 ? rng() % 5 : 5);
        if (s >= n) continue;
      }
      InventoryEdge edge;
      edge.client = c;
      edge.server = s;
      edge.protocol = s % 10 == 5 ? "dnp3" : (s % 2 ? "modbus" : "s7comm");
      edge.op_classes = {OpClass::Read};
      if (role == AssetRole::EngineeringWorkstation) edge.op_classes.insert(OpClass::Program);
      if (role == AssetRole::Hmi && rng() % 4 == 0) edge.op_classes.insert(OpClass::Write);
      inv.edges.push_back(edge);
    }
  }
  std::sort(inv.edges.begin(), inv.edges.end(), [](const auto& a, const auto& b) {
    return std::tie(a.client, a.server, a.protocol) < std::tie(b.client, b.server, b.protocol);
  });
  inv.edges.erase(std::unique(inv.edges.begin(), inv.edges.end(),
                              [](const auto& a, const auto& b) {
                                return a.client == b.client && a.server == b.server &&
                                       a.protocol == b.protocol;
                              }),
                  inv.edges.end());
  return inv;
}

int png(const char* svg, const char* out, int argc, char** argv) {
  QGuiApplication app(argc, argv);
  QSvgRenderer r{QString::fromLocal8Bit(svg)};
  if (!r.isValid()) return std::fprintf(stderr, "invalid SVG\n"), 1;
  QImage img(r.defaultSize(), QImage::Format_ARGB32);
  img.fill(Qt::white);
  QPainter p(&img);
  r.render(&p);
  p.end();
  return img.save(QString::fromLocal8Bit(out)) ? 0 : 1;
}

}  // namespace

// Resident memory now, in KiB (Linux /proc/self/statm).
long rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// The console lays its map out again whenever devices or links appear, for weeks: the same
// 300-asset map laid out `n` times, with the resident memory every tenth of the way.
int repeat(std::size_t n) {
  const Inventory inv = synthetic(300);
  netmap::MapOptions o;
  o.grouping = netmap::Grouping::Subnet;
  for (std::size_t i = 1; i <= n; ++i) {
    const netmap::NetworkMap m = netmap::build_map(inv, {}, o);
    const netmap::MapLayout l = netmap::layout_map(m);
    if (i == 1 || i % std::max<std::size_t>(1, n / 10) == 0)
      std::printf("layout %4zu (%s): resident %ld KiB\n", i, l.engine.c_str(), rss_kib());
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
                   (argv[1][0] == '-' && std::strcmp(argv[1], "--png") != 0 &&
                    std::strcmp(argv[1], "--repeat") != 0))) {
    std::printf(
        "usage: otscope-map-bench [SVG_PREFIX]   time map build, layout and SVG for 300 and 3000\n"
        "                                        assets (SVG_PREFIX: also write the SVGs)\n"
        "       otscope-map-bench --repeat N     lay the 300-asset map out N times, print RSS\n"
        "       otscope-map-bench --png SVG OUT  render an SVG to PNG with Qt\n");
    return std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ? 0 : 2;
  }
  if (argc == 4 && std::strcmp(argv[1], "--png") == 0) return png(argv[2], argv[3], argc, argv);
  if (argc == 3 && std::strcmp(argv[1], "--repeat") == 0)
    return repeat(static_cast<std::size_t>(std::strtoul(argv[2], nullptr, 10)));
  for (std::size_t n : {300u, 3000u}) {
    const Inventory inv = synthetic(n);
    struct Case {
      const char* name;
      netmap::Grouping g;
      std::size_t threshold;
    };
    for (const Case& c : {Case{"ungrouped", netmap::Grouping::None, 400},
                          Case{"by subnet, expanded", netmap::Grouping::Subnet, 100000},
                          Case{"by subnet, default", netmap::Grouping::Subnet, 400}}) {
      netmap::MapOptions o;
      o.grouping = c.g;
      o.collapse_threshold = c.threshold;
      const auto t0 = std::chrono::steady_clock::now();
      const netmap::NetworkMap m = netmap::build_map(inv, {}, o);
      const auto t1 = std::chrono::steady_clock::now();
      const netmap::MapLayout l = netmap::layout_map(m);
      const auto t2 = std::chrono::steady_clock::now();
      const std::string svg = netmap::map_svg(m, l);
      const auto t3 = std::chrono::steady_clock::now();
      std::size_t overlaps = 0;
      if (l.nodes.size() <= 3000)
        for (std::size_t i = 0; i < l.nodes.size(); ++i)
          for (std::size_t k = i + 1; k < l.nodes.size(); ++k)
            if (std::abs(l.nodes[i].x - l.nodes[k].x) < netmap::kNodeWidth &&
                std::abs(l.nodes[i].y - l.nodes[k].y) < netmap::kNodeHeight)
              ++overlaps;
      std::printf("overlapping nodes: %zu; ", overlaps);
      auto ms = [](auto a, auto b) {
        return std::chrono::duration<double, std::milli>(b - a).count();
      };
      std::printf(
          "%5zu assets %4zu links, %-20s: %4zu nodes %4zu edges; build %7.1f ms, layout (%s) %8.1f "
          "ms, svg %6.1f ms (%zu KiB)%s%s\n",
          n, inv.edges.size(), c.name, m.nodes.size(), m.edges.size(), ms(t0, t1), l.engine.c_str(),
          ms(t1, t2), ms(t2, t3), svg.size() / 1024,
          l.error.empty() ? "" : " error: ", l.error.c_str());
      if (argc == 2) {
        std::ofstream(std::string(argv[1]) + "-" + std::to_string(n) + "-" +
                      std::to_string(static_cast<int>(c.g)) + "-" + std::to_string(c.threshold) +
                      ".svg")
            << svg;
      }
    }
  }
  return 0;
}
