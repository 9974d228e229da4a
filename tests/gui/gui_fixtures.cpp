#include "tests/gui/gui_fixtures.h"

namespace otscope::test {

bool waitFor(const std::function<bool()>& done, int ms) {
  QElapsedTimer timer;
  timer.start();
  while (!done()) {
    if (timer.elapsed() > ms) return done();
    QApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(2);
  }
  return true;
}

void analyzeInto(const std::filesystem::path& db, const std::vector<std::string>& captures) {
  std::vector<std::string> argv = {otscope_binary().string(), "analyze", "-q", "--db", db.string()};
  argv.insert(argv.end(), captures.begin(), captures.end());
  const CommandResult r = run_command(argv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

nlohmann::json cliJson(const std::filesystem::path& db, const std::vector<std::string>& command) {
  std::vector<std::string> argv = {otscope_binary().string()};
  argv.insert(argv.end(), command.begin(), command.end());
  argv.insert(argv.end(), {"--db", db.string(), "--json"});
  const CommandResult r = run_command(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out, nullptr, false);
}

std::unique_ptr<gui::MainWindow> openWindow(const std::filesystem::path& db, bool read_only,
                                            int poll_ms) {
  gui::ConsoleOptions options;
  options.database = QString::fromStdString(db.string());
  options.read_only = read_only;
  options.poll_ms = poll_ms;
  options.settings_file =
      QString::fromStdString((db.parent_path() / "console-settings.ini").string());
  auto window = std::make_unique<gui::MainWindow>(options);
  window->resize(1400, 900);
  window->show();
  // Writable windows first learn whether they may write; then the first read arrives.
  waitFor([&] { return window->hasData(); });
  waitFor([&] { return window->accessKnown(); });
  return window;
}

std::string demoCapture() {
  return (project_pcaps() / "demo_plant.pcap").string();
}

}  // namespace otscope::test
