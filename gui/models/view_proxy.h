// The sort/filter proxy of every view (the Wireshark ui/qt way: the model holds rows, the proxy
// owns their order and which are shown). It keeps a plain mapping of shown rows and sorts it with
// the model's typed comparisons, so 100,000 rows sort in tens of milliseconds; a refresh's new
// rows are merged into place, changed rows move only when their order changed.
//
// Signals to views: new rows as row insertions (one per place they land), a re-sort as a layout
// change with persistent indexes (selection, current row) carried along, and a change of the
// filter, or a refresh scattering rows over many places, as a reset of the proxy; the page
// (table_page.h) puts the selection and the scroll position back after such a reset.
#pragma once

#include <QAbstractProxyModel>
#include <functional>
#include <vector>

#include "gui/models/row_filter.h"
#include "gui/models/table_model.h"

namespace otscope::gui {

class ViewProxy : public QAbstractProxyModel {
  Q_OBJECT
 public:
  explicit ViewProxy(TableModelBase* model, QObject* parent = nullptr);

  TableModelBase* tableModel() const { return model_; }
  /// Sets the filter box's text and re-filters.
  void setFilterText(const QString& text);
  const RowFilter& rowFilter() const { return filter_; }
  /// An extra condition on source rows (nullptr: none); re-filters.
  void setPredicate(std::function<bool(int source_row)> predicate);
  /// Re-runs the filter after the predicate's inputs changed.
  void refilter();

  /// The source row of a proxy row, -1 when out of range.
  int sourceRow(int proxy_row) const;
  /// The proxy row showing the model's row id, -1 when hidden or absent.
  int proxyRowOfId(std::int64_t id) const;
  int sortColumn() const { return sort_column_; }
  Qt::SortOrder sortOrder() const { return order_; }

  // QAbstractItemModel / QAbstractProxyModel
  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  QModelIndex sibling(int row, int column, const QModelIndex& index) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  bool hasChildren(const QModelIndex& parent = {}) const override;
  QModelIndex mapToSource(const QModelIndex& proxy) const override;
  QModelIndex mapFromSource(const QModelIndex& source) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;
  void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

 private:
  bool accepts(int source_row) const;
  /// Whether source row `a` is shown before `b`.
  bool before(int a, int b) const;
  /// Filter and sort from scratch, without signals.
  void rebuild();
  void rebuildPositions();
  /// Sorts rows_ by the sort column (no signals).
  void sortRows();
  void reset();
  /// Re-sorts the shown rows as one layout change.
  void resort();
  /// Inserts accepted source rows into place; false when they land in too many places (the
  /// caller resets instead).
  bool insertRows(std::vector<int> rows);
  void sourceRowsInserted(int first, int last);
  void sourceDataChanged(const QModelIndex& top_left, const QModelIndex& bottom_right);

  TableModelBase* model_;
  RowFilter filter_;
  std::function<bool(int)> predicate_;
  int sort_column_ = -1;
  Qt::SortOrder order_ = Qt::AscendingOrder;
  bool text_sort_ = false;      // the sort column orders by text (keys from the search text)
  std::vector<int> rows_;       // proxy row -> source row
  std::vector<int> positions_;  // source row -> proxy row, -1 hidden
};

}  // namespace otscope::gui
