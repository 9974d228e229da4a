// The console's writer for what a person changes: alert states, accepting an alert into the
// baseline, the auditor's fields of an asset, baseline import and export. It lives in its own
// thread with a writable handle; every edit is one short transaction, so it succeeds while a
// sensor is writing the same database (it waits at most for the sensor's current flush).
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <optional>

#include "db/database.h"
#include "model/detection/alert.h"
#include "model/inventory.h"

namespace otscope::gui {

class DbEditor : public QObject {
  Q_OBJECT
 public:
  explicit DbEditor(QString path);
  ~DbEditor() override;

  /// Why a database cannot be written by this user, or "" when it can (a quick check of the
  /// file and its folder, before any open).
  static QString unwritableReason(const QString& path);

 public slots:
  /// Opens the database for writing (creating it when missing). Answers with ready().
  void open();
  void setAlertState(QList<qint64> ids, int state);
  void acceptAlert(qint64 id);
  void setAudit(qint64 asset_id, otscope::AssetAudit audit);
  void importBaseline(QString file, bool replace);
  void exportBaseline(QString file);
  /// Saves where the network map's nodes are: key -> QPointF (db/map_store.h's keys).
  void saveMapPositions(QVariantMap positions);
  /// Forgets the saved positions whose keys start with `prefix` (the map's "reset layout").
  void clearMapPositions(QString prefix);

 signals:
  /// After open(): writable, or not with the reason.
  void ready(bool writable, QString reason);
  /// An edit finished: `ok` and a one-line message for the status bar or a dialog.
  void done(bool ok, QString message);

 private:
  bool writable(QString& reason);

  QString path_;
  std::optional<Database> db_;
};

}  // namespace otscope::gui

Q_DECLARE_METATYPE(otscope::AssetAudit)
