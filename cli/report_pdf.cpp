// PDF output of the report: Qt's rich-text engine lays out the same HTML and Qt's own PDF writer
// pages it. Runs headless: a QGuiApplication on the offscreen platform, no display needed.
#include <QGuiApplication>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QString>
#include <QTextDocument>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli/report.h"

namespace otscope::cli {

namespace {

// Qt's own chatter (font cache, runtime directory) is not the user's business on a command line.
void quiet_qt(QtMsgType type, const QMessageLogContext&, const QString&) {
  if (type == QtFatalMsg) std::abort();
}

}  // namespace

std::string write_pdf(const std::string& html, const std::string& path, const std::string& title) {
  std::unique_ptr<QGuiApplication> app;
  if (!QGuiApplication::instance()) {
    // A PDF needs fonts, not a screen: the offscreen platform works with or without a display,
    // unless the user asked for another platform.
    if (std::getenv("QT_QPA_PLATFORM") == nullptr) setenv("QT_QPA_PLATFORM", "offscreen", 1);
    qInstallMessageHandler(quiet_qt);
    static int argc = 1;
    static char name[] = "otscope";
    static char* argv[] = {name, nullptr};
    app = std::make_unique<QGuiApplication>(argc, argv);
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  {
    QPdfWriter writer(QString::fromStdString(path));
    writer.setTitle(QString::fromStdString(title));
    writer.setCreator(QStringLiteral("otscope"));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageOrientation(QPageLayout::Landscape);
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter);
    QTextDocument document;
    document.setHtml(QString::fromStdString(html));
    document.print(&writer);
  }
  // QPdfWriter reports no error of its own: the file says whether it worked.
  if (!std::filesystem::exists(path, ec) || std::filesystem::file_size(path, ec) == 0)
    return "cannot write PDF '" + path + "'";
  return "";
}

}  // namespace otscope::cli
