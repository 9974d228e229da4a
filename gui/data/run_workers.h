// Replays and live captures from the console: the same run lifecycle as `otscope analyze` and
// `otscope capture` (cli/run.h), driven from a worker thread that reports progress and stops
// on request. What was read before a stop is stored, as on the command line.
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <cstdint>

namespace otscope::gui {

struct ActivityProgress {
  QString title;      // "Replaying plant.pcap (2 of 3)", "Capturing on eth0"
  int permille = -1;  // of the bytes to read; -1 when unknown (live, standard input)
  QString detail;     // "1,234 packets · 12,000 packets/s · 12 s elapsed · 30 s left"
  std::uint64_t packets = 0;
  std::uint64_t drops = 0;
  double packets_per_s = 0;
};

/// What the live capture dialog chose.
struct LiveSettings {
  QString interface;
  QString filter;
  int snaplen = 262144;
  bool promiscuous = true;
  double flush_interval_s = 1.0;
};

/// What a replay and a live capture have in common: run() in a worker thread, progress while
/// it runs, one finished() at the end, and a thread-safe stop.
class RunWorker : public QObject {
  Q_OBJECT
 public:
  /// Thread-safe: the run stops soon (at the next packet batch or read timeout) and keeps what
  /// it read.
  void cancel() { stop_.store(true); }

 public slots:
  virtual void run() = 0;

 signals:
  void progress(otscope::gui::ActivityProgress progress);
  /// `ok` false when a capture or the database failed; `message` says what was stored.
  void finished(bool ok, QString message);

 protected:
  RunWorker(QString database, QString policy)
      : database_(std::move(database)), policy_(std::move(policy)) {}
  QString database_;
  QString policy_;  // a policy file, "" for the built-in policy
  std::atomic<bool> stop_{false};
};

/// Capture files replayed into the database, as `otscope analyze` would.
class ReplayWorker : public RunWorker {
  Q_OBJECT
 public:
  ReplayWorker(QString database, QStringList files, QString policy = {});
  void run() override;

 private:
  QStringList files_;
};

/// A live capture into the database, as `otscope capture` would.
class LiveWorker : public RunWorker {
  Q_OBJECT
 public:
  LiveWorker(QString database, LiveSettings settings, QString policy = {});
  void run() override;

 private:
  LiveSettings settings_;
};

}  // namespace otscope::gui

Q_DECLARE_METATYPE(otscope::gui::ActivityProgress)
