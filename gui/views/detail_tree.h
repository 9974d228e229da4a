// The detail panes' common part: a two- or three-column tree of sections (Identity, Roles,
// Evidence, ...) whose every cell is plain text, the Wireshark packet-detail way.
#pragma once

#include <QTreeWidget>

#include "gui/models/table_model.h"

namespace otscope::gui {

class DetailTree : public QTreeWidget {
  Q_OBJECT
 public:
  explicit DetailTree(QStringList headers, QWidget* parent = nullptr);

  /// A top-level section, expanded.
  QTreeWidgetItem* section(const QString& title, const QString& note = {});
  /// A row under `parent` (cells plain text; long ones get a tooltip).
  QTreeWidgetItem* row(QTreeWidgetItem* parent, const QStringList& cells);
  /// Clears, keeping which sections the user collapsed.
  void clearRows();
  /// After filling: the value column takes the room the others leave (each of them at most a
  /// third of the width).
  void fitColumns();

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  QSet<QString> collapsed_;
};

/// Every column of one row of a view, as field/value pairs: the detail pane of the views whose
/// rows say everything in their columns (operations, anomalies, links, runs, baseline).
class RowDetail : public DetailTree {
  Q_OBJECT
 public:
  explicit RowDetail(TableModelBase* model, QWidget* parent = nullptr);
  void showRow(qint64 id);

 private:
  TableModelBase* model_;
  qint64 id_ = -1;
};

}  // namespace otscope::gui
