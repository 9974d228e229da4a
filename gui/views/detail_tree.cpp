#include "gui/views/detail_tree.h"

#include <QHeaderView>

#include "gui/text.h"

namespace otscope::gui {

DetailTree::DetailTree(QStringList headers, QWidget* parent) : QTreeWidget(parent) {
  setColumnCount(static_cast<int>(headers.size()));
  setHeaderLabels(headers);
  setRootIsDecorated(true);
  setUniformRowHeights(true);
  setWordWrap(false);
  setTextElideMode(Qt::ElideRight);
  setSelectionMode(QAbstractItemView::ExtendedSelection);
  setAlternatingRowColors(true);
  header()->setStretchLastSection(false);
  header()->setDefaultSectionSize(160);
  // Sections are remembered by their title (without the count that follows it).
  connect(this, &QTreeWidget::itemCollapsed, this, [this](QTreeWidgetItem* item) {
    if (item->parent() == nullptr) collapsed_.insert(item->data(0, Qt::UserRole).toString());
  });
  connect(this, &QTreeWidget::itemExpanded, this, [this](QTreeWidgetItem* item) {
    if (item->parent() == nullptr) collapsed_.remove(item->data(0, Qt::UserRole).toString());
  });
}

QTreeWidgetItem* DetailTree::section(const QString& title, const QString& note) {
  // Across the whole width, so a long title is never cut to its first column.
  auto* item = new QTreeWidgetItem(
      this, QStringList{note.isEmpty() ? title : title + QStringLiteral(" (") + note + u')'});
  item->setData(0, Qt::UserRole, title);
  QFont f = item->font(0);
  f.setBold(true);
  item->setFont(0, f);
  item->setFirstColumnSpanned(true);
  item->setExpanded(!collapsed_.contains(title));
  return item;
}

QTreeWidgetItem* DetailTree::row(QTreeWidgetItem* parent, const QStringList& cells) {
  auto* item = new QTreeWidgetItem(parent, cells);
  item->setFirstColumnSpanned(cells.size() == 1);
  // Cells are elided to their column: the whole text is in the tooltip.
  for (int c = 0; c < cells.size(); ++c)
    if (!cells[c].isEmpty()) item->setToolTip(c, plainToolTip(cells[c]));
  return item;
}

void DetailTree::clearRows() {
  clear();
}

void DetailTree::fitColumns() {
  if (columnCount() < 2) return;
  const int width = viewport()->width();
  int others = 0;
  for (int c = 0; c < columnCount(); ++c) {
    if (c == 1) continue;
    resizeColumnToContents(c);
    setColumnWidth(c, std::min(columnWidth(c) + 8, std::max(80, width / (c == 0 ? 4 : 5))));
    others += columnWidth(c);
  }
  setColumnWidth(1, std::max(120, width - others));
}

void DetailTree::resizeEvent(QResizeEvent* event) {
  QTreeWidget::resizeEvent(event);
  fitColumns();
}

RowDetail::RowDetail(TableModelBase* model, QWidget* parent)
    : DetailTree({tr("Field"), tr("Value")}, parent), model_(model) {
  setRootIsDecorated(false);
  connect(model, &TableModelBase::refreshed, this, [this] {
    if (id_ >= 0) showRow(id_);
  });
}

void RowDetail::showRow(qint64 id) {
  id_ = id;
  clearRows();
  const int row = model_->rowOfId(id);
  if (row < 0) return;
  for (int c = 0; c < model_->columnCount(); ++c) {
    const QString value = model_->cellText(row, c);
    if (value.isEmpty()) continue;
    auto* item = new QTreeWidgetItem(this, QStringList{model_->columnTitle(c), value});
    if (value.size() > 40) item->setToolTip(1, plainToolTip(value));
  }
  fitColumns();
}

}  // namespace otscope::gui
