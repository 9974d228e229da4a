// What the console tests share: databases built by the real `otscope analyze`, a main window
// on them, and waiting on the event loop for what the worker threads deliver.
#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QThread>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gui/main_window.h"
#include "tests/support/test_support.h"

namespace otscope::test {

/// Runs the event loop until `done()` holds or `ms` pass; returns done().
bool waitFor(const std::function<bool()>& done, int ms = 15000);

/// `otscope analyze --db DB CAPTURES...`; fails the test when it exits non-zero.
void analyzeInto(const std::filesystem::path& db, const std::vector<std::string>& captures);

/// `otscope CMD --db DB --json` parsed (e.g. "assets", "operations", "alerts --all").
nlohmann::json cliJson(const std::filesystem::path& db, const std::vector<std::string>& command);

/// A main window on `db` (layout kept in the test's temp dir), after its first read.
std::unique_ptr<gui::MainWindow> openWindow(const std::filesystem::path& db, bool read_only = false,
                                            int poll_ms = 200);

/// The demo plant capture of the project.
std::string demoCapture();

}  // namespace otscope::test
