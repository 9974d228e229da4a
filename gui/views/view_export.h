// Exports from the console: the current view as CSV (the rows and columns the user sees, in the
// order shown, spreadsheet-safe like `otscope ... --csv`), and the audit report, rendered by
// the same code as `otscope report` in a worker thread.
#pragma once

#include <QObject>
#include <QString>
#include <functional>

namespace otscope::gui {

class TablePage;

/// Writes the page's visible rows and columns to `file`. Returns "" or a one-line error.
QString writeViewCsv(const TablePage& page, const QString& file);
/// The same as text, for tests.
QString viewCsv(const TablePage& page);

/// Writes the report of `database` to `file` (.pdf or .html by its suffix) off the GUI thread;
/// calls `done` in `context`'s thread with "" or a one-line error.
void writeReportAsync(const QString& database, const QString& file, QObject* context,
                      std::function<void(const QString& error)> done);
/// The same, synchronously.
QString writeReport(const QString& database, const QString& file);

/// Writes alert `id`'s evidence frames and their TCP handshakes, from the original captures, to
/// a pcap at `file` (`otscope alerts export-pcap`). Returns "" (and what was written in
/// `message`) or a one-line error.
QString exportEvidencePcap(const QString& database, qint64 id, const QString& file,
                           QString* message = nullptr);
/// The same off the GUI thread; `done(error, message)` in `context`'s thread.
void exportEvidencePcapAsync(
    const QString& database, qint64 id, const QString& file, QObject* context,
    std::function<void(const QString& error, const QString& message)> done);

}  // namespace otscope::gui
