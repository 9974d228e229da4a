// The PDF renderer, built as a module of its own (otscope-pdf.so) that `otscope report --pdf`
// loads on demand: Qt's rich-text engine lays out the report's HTML and Qt's own PDF writer pages
// it. Keeping Qt out of the otscope executable spares every other command (analyze above all)
// loading and relocating some fifty libraries at start-up. Runs headless: a QGuiApplication on
// the offscreen platform, no display needed.
#include "cli/report_pdf.h"

#include <QByteArray>
#include <QGuiApplication>
#include <QImage>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QString>
#include <QSvgRenderer>
#include <QTextDocument>
#include <QTranslator>
#include <QUrl>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

namespace {

// Qt's own chatter (font cache, runtime directory) is not the user's business on a command line.
void quiet_qt(QtMsgType type, const QMessageLogContext&, const QString&) {
  if (type == QtFatalMsg) std::abort();
}

int fail(const std::string& reason, char* error, std::size_t error_size) {
  if (error_size > 0) {
    const std::size_t n = std::min(reason.size(), error_size - 1);
    std::memcpy(error, reason.data(), n);
    error[n] = '\0';
  }
  return 1;
}

QTranslator*& report_translator() {
  static QTranslator* translator = nullptr;
  return translator;
}

// Qt's rich text draws images but has no SVG: the report's figures (svg_image_html: data URLs of
// SVG documents) are rasterised here at print resolution. Anything else is left to Qt.
class ReportDocument : public QTextDocument {
 protected:
  QVariant loadResource(int type, const QUrl& name) override {
    static const QString kPrefix = QStringLiteral("data:image/svg+xml;base64,");
    const QString url = name.toString();
    if (type != QTextDocument::ImageResource || !url.startsWith(kPrefix))
      return QTextDocument::loadResource(type, name);
    QSvgRenderer svg(QByteArray::fromBase64(url.mid(kPrefix.size()).toLatin1()));
    if (!svg.isValid()) return {};
    // The HTML gives the width in CSS pixels; three times that many pixels prints sharp.
    const QSize size = svg.defaultSize().isEmpty() ? QSize(800, 600) : svg.defaultSize();
    const double scale = 3.0 * std::min(1.0, 4000.0 / std::max(size.width(), size.height()));
    QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    svg.render(&painter);
    painter.end();
    image.setDevicePixelRatio(scale);
    return image;
  }
};

}  // namespace

extern "C" __attribute__((visibility("default"))) int otscope_load_translation(
    const char* language, char* error, std::size_t error_size) {
  static QTranslator translator;
  // The translations are this module's resources (:/i18n), as in the console.
  if (!translator.load(QStringLiteral(":/i18n/otscope_%1.qm").arg(QString::fromUtf8(language))))
    return fail(std::string("no report translation for language '") + language + "'", error,
                error_size);
  report_translator() = &translator;
  return 0;
}

extern "C" __attribute__((visibility("default"))) std::size_t otscope_translate(
    const char* context, const char* text, char* out, std::size_t out_size) {
  if (report_translator() == nullptr) return 0;
  const QByteArray t = report_translator()->translate(context, text).toUtf8();
  if (t.isEmpty() || out_size == 0) return 0;
  const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(t.size()), out_size);
  std::memcpy(out, t.constData(), n);
  return static_cast<std::size_t>(t.size());
}

extern "C" __attribute__((visibility("default"))) int otscope_render_pdf(
    const char* html, std::size_t html_size, const char* path, const char* title, char* error,
    std::size_t error_size) {
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
    QPdfWriter writer(QString::fromUtf8(path));
    writer.setTitle(QString::fromUtf8(title));
    writer.setCreator(QStringLiteral("otscope"));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageOrientation(QPageLayout::Landscape);
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter);
    ReportDocument document;
    document.setHtml(QString::fromUtf8(html, static_cast<qsizetype>(html_size)));
    document.print(&writer);
  }
  // QPdfWriter reports no error of its own: the file says whether it worked.
  if (!std::filesystem::exists(path, ec) || std::filesystem::file_size(path, ec) == 0)
    return fail(std::string("cannot write PDF '") + path + "'", error, error_size);
  return 0;
}
