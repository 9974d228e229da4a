#include "gui/data/run_workers.h"

#include <QCoreApplication>
#include <QFileInfo>

#include "cli/run.h"
#include "gui/text.h"

namespace otscope::gui {

namespace {

// "12 new assets, 3 alerts; 1 capture failed: ..."
QString outcomeText(const cli::RunOutcome& o, const QString& what) {
  QString text =
      what + QStringLiteral(": ") +
      QCoreApplication::translate("RunWorkers", "%1 packets, %2 assets, %3 operations, %4 alerts")
          .arg(countText(o.summary.packets), countText(o.counts.assets),
               countText(o.counts.operations), countText(o.summary.alerts)) +
      QStringLiteral(" (") + durationText(o.seconds) + u')';
  if (o.cancelled)
    text += QCoreApplication::translate("RunWorkers", "; stopped early, what was read is kept");
  if (!o.database_error.empty())
    text += QCoreApplication::translate("RunWorkers", "; nothing was stored: %1")
                .arg(QString::fromStdString(o.database_error));
  for (const std::string& e : o.errors) text += QStringLiteral("; ") + QString::fromStdString(e);
  return text;
}

}  // namespace

ReplayWorker::ReplayWorker(QString database, QStringList files, QString policy)
    : RunWorker(std::move(database), std::move(policy)), files_(std::move(files)) {}

void ReplayWorker::run() {
  std::vector<std::string> captures;
  for (const QString& f : files_) captures.push_back(f.toStdString());
  cli::OfflineOptions options;
  options.db = database_.toStdString();
  options.detection.policy = policy_.toStdString();
  try {
    cli::OfflineRun run(std::move(options), std::move(captures));
    const cli::RunOutcome outcome = run.run(
        [this](const cli::RunProgress& p) {
          ActivityProgress out;
          out.title = tr("Replaying %1 (%2 of %3)")
                          .arg(QFileInfo(QString::fromStdString(p.file)).fileName())
                          .arg(p.file_index + 1)
                          .arg(p.file_count);
          if (p.file_size > 0) {
            // Whole run: finished files count in full.
            const double file_part =
                static_cast<double>(p.bytes_read) / static_cast<double>(p.file_size);
            out.permille = static_cast<int>(
                1000.0 * (static_cast<double>(p.file_index) + std::min(1.0, file_part)) /
                static_cast<double>(std::max<std::size_t>(1, p.file_count)));
          }
          out.packets = p.total_packets;
          out.packets_per_s = p.packets_per_second;
          out.detail = tr("%1 packets · %2 packets/s · %3 elapsed")
                           .arg(countText(p.total_packets))
                           .arg(countText(static_cast<std::uint64_t>(p.packets_per_second)))
                           .arg(durationText(p.elapsed_seconds));
          if (p.remaining_seconds >= 0)
            out.detail += tr(" · %1 left").arg(durationText(p.remaining_seconds));
          emit progress(out);
        },
        &stop_);
    emit finished(
        outcome.exit_code == 0,
        outcomeText(outcome, plural(static_cast<std::uint64_t>(files_.size()), "RunWorkers",
                                    QT_TRANSLATE_NOOP("RunWorkers", "Replay of %1 file"),
                                    QT_TRANSLATE_NOOP("RunWorkers", "Replay of %1 files"))));
  } catch (const cli::RunError& e) {
    emit finished(false, QString::fromStdString(e.what()));
  }
}

LiveWorker::LiveWorker(QString database, LiveSettings settings, QString policy)
    : RunWorker(std::move(database), std::move(policy)), settings_(std::move(settings)) {}

void LiveWorker::run() {
  cli::LiveRunOptions options;
  options.db = database_.toStdString();
  options.live.interface = settings_.interface.toStdString();
  options.live.filter = settings_.filter.toStdString();
  options.live.snaplen = settings_.snaplen;
  options.live.promiscuous = settings_.promiscuous;
  options.flush_interval = settings_.flush_interval_s;
  options.detection.policy = policy_.toStdString();
  try {
    cli::LiveRun run(std::move(options));
    const QString title = tr("Capturing on %1").arg(settings_.interface);
    const cli::RunOutcome outcome = run.run(
        stop_,
        [this, title](const cli::LiveFlush& f) {
          ActivityProgress out;
          out.title = title;
          out.packets = f.totals.packets;
          out.drops = f.drops;
          out.packets_per_s = f.packets_per_second;
          out.detail = tr("%1 packets · %2 packets/s · %3 dropped · %4 elapsed")
                           .arg(countText(f.totals.packets))
                           .arg(countText(static_cast<std::uint64_t>(f.packets_per_second)))
                           .arg(countText(f.drops))
                           .arg(durationText(f.elapsed_seconds));
          emit progress(out);
        },
        [this, title](const std::string&) {
          ActivityProgress out;
          out.title = title;
          out.detail = tr("waiting for packets…");
          emit progress(out);
        });
    emit finished(outcome.exit_code == 0,
                  outcomeText(outcome, tr("Capture on %1").arg(settings_.interface)));
  } catch (const cli::RunError& e) {
    emit finished(false, QString::fromStdString(e.what()));
  }
}

}  // namespace otscope::gui
