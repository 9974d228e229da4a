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

class ReplayWorker : public QObject {
  Q_OBJECT
 public:
  /// `policy`: a policy file, "" for the built-in policy.
  ReplayWorker(QString database, QStringList files, QString policy = {});
  /// Thread-safe: the run stops at the next packet batch and keeps what it read.
  void cancel() { cancel_.store(true); }

 public slots:
  void run();

 signals:
  void progress(otscope::gui::ActivityProgress progress);
  /// `ok` false when a capture or the database failed; `message` says what was stored.
  void finished(bool ok, QString message);

 private:
  QString database_;
  QStringList files_;
  QString policy_;
  std::atomic<bool> cancel_{false};
};

class LiveWorker : public QObject {
  Q_OBJECT
 public:
  LiveWorker(QString database, LiveSettings settings, QString policy = {});
  void cancel() { stop_.store(true); }

 public slots:
  void run();

 signals:
  void progress(otscope::gui::ActivityProgress progress);
  void finished(bool ok, QString message);

 private:
  QString database_;
  LiveSettings settings_;
  QString policy_;
  std::atomic<bool> stop_{false};
};

}  // namespace otscope::gui

Q_DECLARE_METATYPE(otscope::gui::ActivityProgress)
