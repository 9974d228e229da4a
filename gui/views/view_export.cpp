#include "gui/views/view_export.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QPointer>
#include <QTableView>
#include <QThread>
#include <array>
#include <fstream>
#include <sstream>
#include <utility>

#include "cli/detection_commands.h"
#include "cli/format.h"
#include "cli/report.h"
#include "cli/report_pdf.h"
#include "db/database.h"
#include "gui/i18n/language.h"
#include "gui/views/table_page.h"

namespace otscope::gui {

QString viewCsv(const TablePage& page) {
  const QTableView* table = page.table();
  const QHeaderView* header = table->horizontalHeader();
  TableModelBase* model = page.model();
  ViewProxy* proxy = page.proxy();
  // Columns in the order the user arranged them, hidden ones left out.
  std::vector<int> columns;
  for (int visual = 0; visual < header->count(); ++visual) {
    const int logical = header->logicalIndex(visual);
    if (!table->isColumnHidden(logical)) columns.push_back(logical);
  }
  cli::Table out;
  for (int c : columns) out.columns.push_back(model->columnTitle(c).toStdString());
  for (int r = 0; r < proxy->rowCount(); ++r) {
    const int source = proxy->sourceRow(r);
    std::vector<std::string> row;
    for (int c : columns) row.push_back(model->cellText(source, c).toStdString());
    out.rows.push_back(std::move(row));
  }
  std::ostringstream text;
  cli::write_csv(text, out);
  return QString::fromStdString(text.str());
}

QString writeViewCsv(const TablePage& page, const QString& file) {
  QFile out(file);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
    return QObject::tr("cannot write '%1': %2").arg(file, out.errorString());
  const QByteArray bytes = viewCsv(page).toUtf8();
  if (out.write(bytes) != bytes.size())
    return QObject::tr("cannot write '%1': %2").arg(file, out.errorString());
  out.close();
  return {};
}

QString writeReport(const QString& database, const QString& file) {
  std::string html;
  std::string title;
  try {
    cli::ReportOptions options;
    options.database = database.toStdString();
    // The console's language, with the console's translator (QCoreApplication::translate is
    // thread-safe): the report reads as the console does.
    options.language = currentLanguage().toStdString();
    if (options.language != "en")
      options.translate = [](const char* context, const char* text) {
        return QCoreApplication::translate(context, text).toStdString();
      };
    title = cli::report_title(options);
    html = cli::report_html(Database::open_readonly(database.toStdString()), options);
  } catch (const DbError& e) {
    return QString::fromStdString(e.what());
  }
  if (QFileInfo(file).suffix().compare(QStringLiteral("html"), Qt::CaseInsensitive) == 0 ||
      QFileInfo(file).suffix().compare(QStringLiteral("htm"), Qt::CaseInsensitive) == 0) {
    std::ofstream out(file.toStdString(), std::ios::binary | std::ios::trunc);
    out << html;
    out.close();
    return out ? QString() : QObject::tr("cannot write HTML report '%1'").arg(file);
  }
  // The same renderer as `otscope report --pdf`, linked in rather than loaded: the console has
  // Qt already.
  std::array<char, 512> error{};
  const std::string path = file.toStdString();
  if (otscope_render_pdf(html.data(), html.size(), path.c_str(), title.c_str(), error.data(),
                         error.size()) != 0)
    return QString::fromUtf8(error.data());
  return {};
}

QString exportEvidencePcap(const QString& database, qint64 id, const QString& file,
                           QString* message) {
  const cli::EvidencePcapOutcome r =
      cli::export_alert_pcap(database.toStdString(), id, file.toStdString());
  if (!r.error.empty()) return QString::fromStdString(r.error);
  if (message != nullptr) *message = QString::fromStdString(r.message);
  return {};
}

namespace {

// Runs `work` in a thread of its own and hands its result to `done` in `context`'s thread (not
// at all when `context` is gone by then).
template <class Result>
void runAsync(QObject* context, std::function<Result()> work,
              std::function<void(const Result&)> done) {
  QThread* thread = QThread::create([context = QPointer<QObject>(context), work = std::move(work),
                                     done = std::move(done)]() mutable {
    Result result = work();
    if (context)
      QMetaObject::invokeMethod(
          context.data(), [done, result] { done(result); }, Qt::QueuedConnection);
  });
  QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  thread->start();
}

}  // namespace

void exportEvidencePcapAsync(
    const QString& database, qint64 id, const QString& file, QObject* context,
    std::function<void(const QString& error, const QString& message)> done) {
  using Outcome = std::pair<QString, QString>;  // error, message
  runAsync<Outcome>(
      context,
      [database, id, file] {
        Outcome o;
        o.first = exportEvidencePcap(database, id, file, &o.second);
        return o;
      },
      [done = std::move(done)](const Outcome& o) { done(o.first, o.second); });
}

void writeReportAsync(const QString& database, const QString& file, QObject* context,
                      std::function<void(const QString&)> done) {
  runAsync<QString>(
      context, [database, file] { return writeReport(database, file); }, std::move(done));
}

}  // namespace otscope::gui
