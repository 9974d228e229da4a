// otscope-console-bench: the console at scale. Builds (or reuses) a database of 10,000 assets,
// 100,000 alerts and 50,000 operations, then measures on Qt's offscreen platform what the console
// issue asks: the time until the first view is drawn, every view's sort by every column and its
// filtering, the network map's layout (collapsed groups, then every device), and how long the
// GUI thread is ever busy while a follow refresh brings 1,000 new alerts written by another
// connection. Prints one table; asserts nothing.
//
//   otscope-console-bench [--db FILE] [--assets N] [--alerts N] [--operations N] [--keep]
//                         [--columns]
#include <sys/resource.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "db/alert_store.h"
#include "db/database.h"
#include "gui/main_window.h"
#include "gui/views/map_view.h"
#include "gui/views/table_page.h"
#include "protocols/modbus/modbus.h"
#include "protocols/registry.h"

namespace {

using namespace otscope;
namespace det = otscope::detection;

constexpr std::int64_t kT0 = 1'767'225'600'000'000;  // 2026-01-01

struct Sizes {
  int assets = 10000;
  int alerts = 100000;
  int operations = 50000;
};

IpAddress ipOf(int i) {
  return IpAddress::v4(0x0a000000u + static_cast<std::uint32_t>(i) + 1);
}

MacAddress macOf(int i) {
  MacAddress m;
  m.bytes = {0x02,
             0x00,
             0x00,
             static_cast<std::uint8_t>(i >> 16),
             static_cast<std::uint8_t>(i >> 8),
             static_cast<std::uint8_t>(i)};
  return m;
}

// Clients (HMIs, engineering stations) are the first 500 assets; the rest are field devices.
constexpr int kClients = 500;

std::vector<det::AlertChange> alertChanges(int first, int count, int assets, std::int64_t t0) {
  const auto& rules = det::builtin_rules();
  const int nrules = static_cast<int>(rules.size());
  std::vector<det::AlertChange> out;
  out.reserve(static_cast<std::size_t>(count));
  for (int i = first; i < first + count; ++i) {
    det::AlertChange c;
    c.raised = true;
    det::Alert& a = c.alert;
    const det::Rule& rule = rules[static_cast<std::size_t>(i % nrules)];
    a.rule = rule.id;
    a.severity = rule.severity;
    a.protocol = all_protocols()[static_cast<std::size_t>(i % 3)];
    const int src = (i / nrules) % assets;
    a.src = ipOf(src);
    a.dst = ipOf((src + 1 + i % 7) % assets);
    a.src_mac = macOf(src);
    a.functions = {std::string(rule.title)};
    a.summary = a.src.to_string() + " -> " + a.dst.to_string() + ": " + std::string(rule.title);
    a.count = 1 + static_cast<std::uint64_t>(i % 5);
    a.first_seen_us = t0 + static_cast<std::int64_t>(i) * 1000;
    a.last_seen_us = a.first_seen_us + 500;
    a.evidence = {
        {"bench.pcap", static_cast<std::uint64_t>(i) * 2 + 1, a.first_seen_us, a.summary}};
    out.push_back(std::move(c));
  }
  return out;
}

void makeDatabase(const std::string& path, const Sizes& n) {
  Database db = Database::open(path);
  AnalysisResult delta;
  delta.protocols["modbus"].messages = static_cast<std::uint64_t>(n.operations) * 10;
  for (int i = 0; i < n.assets; ++i) {
    AssetRecord a;
    a.mac = macOf(i);
    a.ips = {ipOf(i)};
    a.mac_vendor =
        i % 3 == 0 ? "Siemens AG" : (i % 3 == 1 ? "Schneider Electric" : "Rockwell Automation");
    a.first_seen_us = kT0 + i;
    a.last_seen_us = kT0 + 3'600'000'000LL + i;
    a.packets_sent = a.packets_received = static_cast<std::uint64_t>(100 + i);
    a.bytes_sent = a.bytes_received = static_cast<std::uint64_t>(6400 + i);
    delta.assets.push_back(a);
    if (i >= kClients) {
      for (const auto& [field, value] :
           {std::pair<const char*, std::string>{"vendor", i % 2 ? "Siemens" : "Schneider Electric"},
            {"product", i % 2 ? "CPU 315-2 PN/DP" : "Modicon M340"},
            {"firmware", "V3." + std::to_string(i % 10)}}) {
        IdentityRecord id;
        id.ip = a.ips[0];
        id.mac = a.mac;
        id.field = field;
        id.value = value;
        id.protocol = modbus::kProtocol;
        id.source = "modbus 43/14 read device identification";
        id.first_seen_us = id.last_seen_us = a.first_seen_us;
        delta.identities.push_back(id);
      }
    }
  }
  static const std::pair<std::uint32_t, const char*> kFunctions[] = {
      {1, "Read Coils"},           {2, "Read Discrete Inputs"},  {3, "Read Holding Registers"},
      {4, "Read Input Registers"}, {6, "Write Single Register"}, {16, "Write Multiple Registers"}};
  for (int i = 0; i < n.operations; ++i) {
    OperationRecord op;
    op.protocol = modbus::kProtocol;
    const int client = i % kClients;
    const int server = kClients + (i / 6) % (n.assets - kClients);
    op.client = ipOf(client);
    op.server = ipOf(server);
    op.client_mac = macOf(client);
    op.server_mac = macOf(server);
    op.unit = (i / 6 / (n.assets - kClients)) % 255;
    const auto& [function, name] = kFunctions[i % 6];
    op.function = function;
    op.function_name = name;
    op.op = function >= 5 ? OpClass::Write : OpClass::Read;
    op.requests = op.responses = static_cast<std::uint64_t>(10 + i % 1000);
    op.ranges = {{"holding_register", static_cast<std::uint32_t>(i % 1000), 10}};
    op.first_seen_us = kT0 + i;
    op.last_seen_us = kT0 + 3'600'000'000LL + i;
    delta.operations.push_back(op);
    if (i % 6 == 0) {
      LinkRecord l;
      l.client = op.client;
      l.server = op.server;
      l.client_mac = op.client_mac;
      l.server_mac = op.server_mac;
      l.server_port = 502;
      l.protocol = "modbus";
      l.flows = 1;
      l.packets = op.requests * 2;
      l.bytes = l.packets * 70;
      l.first_seen_us = op.first_seen_us;
      l.last_seen_us = op.last_seen_us;
      delta.links.push_back(l);
    }
  }
  CaptureRunRecord run;
  run.source = "bench.pcap";
  run.started_us = kT0;
  const std::int64_t id = db.begin_run(run);
  db.merge(delta, id);
  db.finish_run(id, run, RunStatus::Complete);
  const std::vector<std::pair<std::string, std::int64_t>> runs = {{"bench.pcap", id}};
  det::merge_alerts(db, alertChanges(0, n.alerts, n.assets, kT0), runs);
}

bool waitFor(const std::function<bool()>& done, int ms) {
  QElapsedTimer t;
  t.start();
  while (!done()) {
    if (t.elapsed() > ms) return false;
    QApplication::processEvents(QEventLoop::AllEvents, 5);
  }
  return true;
}

double ms(const QElapsedTimer& t) {
  return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

long peakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  if (std::getenv("QT_QPA_PLATFORM") == nullptr) setenv("QT_QPA_PLATFORM", "offscreen", 1);
  QApplication app(argc, argv);
  Sizes n;
  std::string path = "bench/out/console-bench.db";
  bool keep = false;
  bool columns = false;  // every column's sort time, not only the worst and the median
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--db")
      path = next();
    else if (a == "--assets")
      n.assets = std::stoi(next());
    else if (a == "--alerts")
      n.alerts = std::stoi(next());
    else if (a == "--operations")
      n.operations = std::stoi(next());
    else if (a == "--keep")
      keep = true;
    else if (a == "--columns")
      columns = true;
    else {
      std::fprintf(stderr,
                   "usage: otscope-console-bench [--db FILE] [--assets N] [--alerts N] "
                   "[--operations N] [--keep] [--columns]\n");
      return 2;
    }
  }
  std::filesystem::create_directories(std::filesystem::path(path).parent_path().empty()
                                          ? std::filesystem::path(".")
                                          : std::filesystem::path(path).parent_path());
  if (!keep || !std::filesystem::exists(path)) {
    for (const char* suffix : {"", "-wal", "-shm", "-lock"}) std::filesystem::remove(path + suffix);
    QElapsedTimer t;
    t.start();
    makeDatabase(path, n);
    std::printf("database: %s (%d assets, %d alerts, %d operations) made in %.1f s\n", path.c_str(),
                n.assets, n.alerts, n.operations, ms(t) / 1000);
  }

  // 1. Open: until the first view is drawn.
  gui::ConsoleOptions options;
  options.database = QString::fromStdString(path);
  options.poll_ms = 250;
  options.settings_file = QString::fromStdString(path + ".ini");
  std::filesystem::remove(path + ".ini");
  QElapsedTimer open;
  open.start();
  gui::MainWindow window(options);
  window.resize(1600, 1000);
  window.show();
  if (!waitFor([&] { return window.firstViewShown(); }, 60000)) {
    std::fprintf(stderr, "the database was not read within 60 s\n");
    return 1;
  }
  window.repaint();
  QApplication::processEvents();
  const double open_ms = ms(open);
  waitFor([&] { return window.hasData(); }, 60000);
  const double all_ms = ms(open);
  std::printf("\n%-34s %10.0f ms\n", "open, first view drawn", open_ms);
  std::printf("%-34s %10.0f ms\n", "open, every view read", all_ms);

  // 2. Sorting and filtering, every view, every column.
  std::printf("\n%-12s %8s %16s %16s %16s\n", "view", "rows", "sort worst (ms)", "sort median",
              "filter worst");
  for (const QString& name : gui::MainWindow::viewNames()) {
    gui::TablePage* page = window.page(name);
    if (page == nullptr) continue;  // the network map: measured below
    window.showView(name);
    QApplication::processEvents();
    std::vector<double> sorts;
    for (int c = 0; c < page->model()->columnCount(); ++c) {
      for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        QElapsedTimer t;
        t.start();
        // What a click on the column's header does (QTableView::sortByColumn sorts twice).
        page->table()->horizontalHeader()->setSortIndicator(c, order);
        page->table()->repaint();
        sorts.push_back(ms(t));
        if (columns)
          std::printf("  %s: %s %s %.1f ms\n", name.toUtf8().constData(),
                      page->model()->columnTitle(c).toUtf8().constData(),
                      order == Qt::AscendingOrder ? "ascending" : "descending", sorts.back());
      }
    }
    std::vector<double> filters;
    for (const char* text : {"10.0.1", "siemens", "ip:10.0.0.77", "-proto:modbus", "write", ""}) {
      QElapsedTimer t;
      t.start();
      page->setFilterText(QString::fromUtf8(text));
      page->table()->repaint();
      filters.push_back(ms(t));
    }
    std::sort(sorts.begin(), sorts.end());
    std::printf("%-12s %8d %16.1f %16.1f %16.1f\n", name.toUtf8().constData(),
                page->model()->rowCount(), sorts.back(), sorts[sorts.size() / 2],
                *std::max_element(filters.begin(), filters.end()));
  }

  // 3. The network map: until it is drawn (grouped by subnet and collapsed, as a large plant
  // opens), then ungrouped, and the longest GUI-thread frame meanwhile (the layout runs in a
  // worker; the GUI thread builds the scene).
  {
    gui::MapView* map = window.mapView();
    QTimer tick;
    tick.setInterval(2);
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    qint64 worst = 0;
    QObject::connect(&tick, &QTimer::timeout, [&] {
      const qint64 now = clock.nsecsElapsed();
      if (last != 0) worst = std::max(worst, now - last);
      last = now;
    });
    auto measure = [&](const char* what, const std::function<void()>& act) {
      last = worst = 0;
      tick.start();
      QElapsedTimer t;
      t.start();
      act();
      const bool done = waitFor([&] { return map->isReady(); }, 600000);
      map->repaint();
      const double total = ms(t);
      tick.stop();
      std::printf(
          "%-34s %10.0f ms  (%zu nodes, %zu edges, layout %s %.0f ms; longest GUI frame "
          "%.1f ms)%s\n",
          what, total, map->map().nodes.size(), map->map().edges.size(),
          map->layout().engine.c_str(), map->layout().milliseconds,
          static_cast<double>(worst) / 1e6, done ? "" : " NOT DONE");
    };
    std::printf("\n");
    measure("map: shown (default grouping)", [&] { window.showView(QStringLiteral("map")); });
    measure("map: ungrouped", [&] { map->setGrouping(netmap::Grouping::None); });
  }

  // 4. Follow: another connection commits 1,000 new alerts; the longest GUI-thread stall while
  // the console picks them up.
  window.showView(QStringLiteral("alerts"));
  window.page(QStringLiteral("alerts"))
      ->table()
      ->sortByColumn(gui::AlertTraits::LastSeen, Qt::DescendingOrder);
  QApplication::processEvents();
  const int before = window.alertModel()->rowCount();
  {
    Database writer = Database::open(path);
    // Keys not seen yet, so the alerts are new rows (a rerun with --keep adds more).
    det::merge_alerts(writer, alertChanges(before, 1000, n.assets, kT0 + 3'600'000'000LL * 2));
  }
  QElapsedTimer since;
  since.start();
  qint64 last = 0;
  qint64 worst = 0;
  QTimer tick;
  tick.setInterval(2);
  QElapsedTimer clock;
  clock.start();
  QObject::connect(&tick, &QTimer::timeout, [&] {
    const qint64 now = clock.nsecsElapsed();
    if (last != 0) worst = std::max(worst, now - last);
    last = now;
  });
  tick.start();
  const bool arrived =
      waitFor([&] { return window.alertModel()->rowCount() >= before + 1000; }, 30000);
  const double arrival_ms = ms(since);
  waitFor([] { return false; }, 300);  // the paint after it
  tick.stop();
  std::printf("\n%-34s %10s\n", "follow: 1,000 new alerts", arrived ? "arrived" : "NOT arrived");
  std::printf("%-34s %10.0f ms\n", "  visible after commit", arrival_ms);
  std::printf("%-34s %10.1f ms\n", "  longest GUI-thread frame", static_cast<double>(worst) / 1e6);
  std::printf("%-34s %10ld MiB\n", "peak RSS", peakRssMiB());
  return arrived ? 0 : 1;
}
