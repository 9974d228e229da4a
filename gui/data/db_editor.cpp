#include "gui/data/db_editor.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointF>
#include <fstream>
#include <sstream>

#include "db/alert_store.h"
#include "db/map_store.h"
#include "gui/text.h"
#include "model/detection/baseline.h"

namespace otscope::gui {

namespace det = otscope::detection;

namespace {

QString what(const std::exception& e) {
  return QString::fromStdString(e.what());
}

}  // namespace

DbEditor::DbEditor(QString path) : path_(std::move(path)) {}

DbEditor::~DbEditor() = default;

QString DbEditor::unwritableReason(const QString& path) {
  const QFileInfo file(path);
  if (file.exists()) {
    if (!file.isWritable()) return tr("you have no permission to write '%1'").arg(path);
  }
  // SQLite's write-ahead log lives beside the database: the folder must be writable too.
  const QFileInfo folder(file.absolutePath());
  if (!folder.exists()) return tr("the folder '%1' does not exist").arg(folder.filePath());
  if (!folder.isWritable())
    return tr("you have no permission to write in the folder '%1'").arg(folder.filePath());
  return {};
}

void DbEditor::open() {
  QString reason;
  const bool ok = writable(reason);
  emit ready(ok, reason);
}

bool DbEditor::writable(QString& reason) {
  if (db_) return true;
  reason = unwritableReason(path_);
  if (!reason.isEmpty()) return false;
  try {
    db_.emplace(Database::open(path_.toStdString()));
    return true;
  } catch (const DbError& e) {
    reason = what(e);
    return false;
  }
}

void DbEditor::setAlertState(QList<qint64> ids, int state) {
  QString reason;
  if (!writable(reason)) {
    emit done(false, reason);
    return;
  }
  const auto s = static_cast<det::AlertState>(state);
  int changed = 0;
  try {
    for (qint64 id : ids)
      if (det::set_alert_state(*db_, id, s)) ++changed;
  } catch (const DbError& e) {
    emit done(false, what(e));
    return;
  }
  const QString name = QString::fromUtf8(std::string(det::alert_state_name(s)).c_str());
  emit done(true, plural(static_cast<std::uint64_t>(changed), "DbEditor",
                         QT_TRANSLATE_NOOP("DbEditor", "%1 alert marked"),
                         QT_TRANSLATE_NOOP("DbEditor", "%1 alerts marked")) +
                      u' ' + name);
}

void DbEditor::acceptAlert(qint64 id) {
  QString reason;
  if (!writable(reason)) {
    emit done(false, reason);
    return;
  }
  try {
    const std::optional<std::size_t> n = det::accept_alert(*db_, id);
    if (!n) {
      emit done(false, tr("there is no alert %1 any more").arg(id));
      return;
    }
    emit done(true, *n == 0
                        ? tr("Alert %1 closed; it held nothing the baseline could learn").arg(id)
                        : tr("Alert %1 accepted: %2 baseline entries added, alert closed")
                              .arg(id)
                              .arg(static_cast<qulonglong>(*n)));
  } catch (const DbError& e) {
    emit done(false, what(e));
  }
}

void DbEditor::setAudit(qint64 asset_id, AssetAudit audit) {
  QString reason;
  if (!writable(reason)) {
    emit done(false, reason);
    return;
  }
  try {
    db_->set_asset_audit(asset_id, audit);
    emit done(true, tr("Asset %1 saved").arg(asset_id));
  } catch (const DbError& e) {
    emit done(false, what(e));
  }
}

void DbEditor::saveMapPositions(QVariantMap positions) {
  QString reason;
  if (!writable(reason)) {
    emit done(false, reason);
    return;
  }
  std::map<std::string, db::MapPosition> out;
  for (auto it = positions.cbegin(); it != positions.cend(); ++it) {
    const QPointF p = it.value().toPointF();
    out[it.key().toStdString()] = {p.x(), p.y()};
  }
  try {
    db::save_map_positions(*db_, out);
    emit done(true, tr("Map layout saved"));
  } catch (const DbError& e) {
    emit done(false, what(e));
  }
}

void DbEditor::clearMapPositions(QString prefix) {
  QString reason;
  if (!writable(reason)) {
    emit done(false, reason);
    return;
  }
  try {
    db::clear_map_positions(*db_, prefix.toStdString());
    emit done(true, tr("Map layout reset"));
  } catch (const DbError& e) {
    emit done(false, what(e));
  }
}

void DbEditor::importBaseline(QString file, bool replace) {
  QString reason;
  if (!writable(reason)) {
    emit done(false, reason);
    return;
  }
  std::ifstream in(file.toStdString(), std::ios::binary);
  if (!in) {
    emit done(false, tr("cannot read '%1'").arg(file));
    return;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  try {
    const det::Baseline imported = det::Baseline::from_json(buffer.str(), file.toStdString());
    if (replace) det::clear_baseline(*db_);
    det::save_baseline(*db_, imported, "imported");
    emit done(true, tr("Baseline imported from '%1': %2 paths, %3 functions")
                        .arg(file)
                        .arg(static_cast<qulonglong>(imported.path_count()))
                        .arg(static_cast<qulonglong>(imported.function_count())));
  } catch (const std::exception& e) {
    emit done(false, what(e));
  }
}

void DbEditor::exportBaseline(QString file) {
  try {
    // Exporting only reads: a read-only handle will do when this user cannot write.
    std::optional<Database> reader;
    const Database* db = db_ ? &*db_ : nullptr;
    if (db == nullptr) {
      reader.emplace(Database::open_readonly(path_.toStdString()));
      db = &*reader;
    }
    const std::string text = det::load_baseline(*db).to_json();
    std::ofstream out(file.toStdString(), std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      emit done(false, tr("cannot write '%1'").arg(file));
      return;
    }
    emit done(true, tr("Baseline exported to '%1'").arg(file));
  } catch (const std::exception& e) {
    emit done(false, what(e));
  }
}

}  // namespace otscope::gui
