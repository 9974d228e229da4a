// One table model per view (assets, alerts, operations, ...), each over rows that the reader
// thread loads from the database. A refresh arrives as a diff keyed by row id: changed rows are
// updated in place, new rows appended in one batch, vanished rows removed; the model is reset
// only when a database is (re)opened. Sorting and filtering belong to the proxy (view_proxy.h),
// which asks the model for typed comparisons and filter matches rather than for display text.
//
// Each view describes itself with a Traits type: its Row, its column table, how a cell reads
// (`cell()`, pure, also run in the reader thread to build the row's search text), its tooltips,
// how two rows compare per column and which columns compare as text; optionally `style()` for
// the colours and fonts of a cell.
#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QString>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "gui/models/row_filter.h"

namespace otscope::gui {

/// One column of a view.
struct ColumnSpec {
  const char* title;  // English; translated through the "columns" context
  /// Filter keys that name this column, comma-separated ("proto,protocol,protocols"); the
  /// title (lower-case, spaces as '_') works too.
  const char* keys;
  bool shown = true;  // visible by default (the column chooser changes it)
  bool numeric = false;
  const char* help = "";  // the header's tooltip
};

/// What every view's rows carry besides their own fields.
struct RowBase {
  std::int64_t id = 0;
  /// Every cell, lower-cased, separated by '\x1f': what free-text filtering searches, and what
  /// text columns sort by.
  QString search;
  /// Where each cell ends in `search` (capped at 65,535: a longer row sorts by its first part).
  static constexpr int kMaxColumns = 28;
  std::array<std::uint16_t, kMaxColumns> cell_end{};
};

/// The order of a typed cell: three unsigned words compared in turn.
struct SortKey {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::uint64_t c = 0;
  friend auto operator<=>(const SortKey&, const SortKey&) = default;
};
/// A signed value (a time, an id) as an unsigned word in the same order.
inline std::uint64_t ordered(std::int64_t v) {
  return static_cast<std::uint64_t>(v) ^ (std::uint64_t{1} << 63);
}

/// A refresh of one view: every row when `reset`, else the new and changed rows and the ids
/// of the rows that are gone.
template <class Row>
struct TableDiff {
  bool reset = false;
  std::vector<Row> rows;
  std::vector<std::int64_t> removed;
};

/// The part of every view model that the proxy, the views and the CSV export use.
class TableModelBase : public QAbstractTableModel {
  Q_OBJECT
 public:
  using QAbstractTableModel::QAbstractTableModel;

  virtual std::span<const ColumnSpec> columnSpecs() const = 0;
  /// Negative, zero or positive as row `left` sorts before, with or after row `right`.
  virtual int compareRows(int left, int right, int column) const = 0;
  virtual std::int64_t idAt(int row) const = 0;
  virtual const QString& searchTextAt(int row) const = 0;
  /// The cell as shown (plain text).
  virtual QString cellText(int row, int column) const = 0;
  /// Whether the column sorts by its text (case-insensitively) rather than by a typed key:
  /// the proxy then sorts by the lower-cased cell kept in the row's search text.
  virtual bool textSorted(int column) const = 0;
  /// A typed column's key of `row` (false for a text column).
  virtual bool sortKeyAt(int row, int column, SortKey& key) const = 0;
  /// The lower-cased cell as kept in the row's search text (no copy).
  virtual QStringView searchCell(int row, int column) const = 0;

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  /// The row holding `id`, or -1.
  int rowOfId(std::int64_t id) const { return index_.value(id, -1); }
  /// The columns a filter key names ("ip" names both ends of a connection); empty when none.
  QList<int> columnsOfKey(const QString& key) const;
  /// Whether row `row` satisfies every term of `filter`.
  bool matches(int row, const RowFilter& filter) const;
  /// Keys of `filter` that name no column here (they are searched as text), for the filter
  /// box's hint.
  QStringList unknownKeys(const RowFilter& filter) const;
  /// Every filter key this view knows, for the filter box's hint.
  QStringList knownKeys() const;
  /// The column's title as the user reads it.
  QString columnTitle(int column) const;

 signals:
  /// After a refresh was applied.
  void refreshed(int inserted, int changed, int removed);

 protected:
  QHash<std::int64_t, int> index_;

 private:
  mutable QHash<QString, QList<int>> key_columns_;  // columnsOfKey() answers
};

/// Three-way comparisons.
template <class T>
int threeWay(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
int compareText(const QString& a, const QString& b);

/// "name (10.0.0.1)" style text for an endpoint, "" for none.
QString endpointText(const QString& ip, const QString& name);

template <class Traits>
class TableModel : public TableModelBase {
 public:
  using Row = typename Traits::Row;
  using TableModelBase::TableModelBase;

  std::span<const ColumnSpec> columnSpecs() const override { return Traits::columns(); }
  int rowCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
  }
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
      case Qt::DisplayRole:
        return Traits::cell(row, column);
      case Qt::ToolTipRole:
        return Traits::toolTip(row, column);
      case Qt::TextAlignmentRole:
        return static_cast<int>(Traits::columns()[static_cast<std::size_t>(column)].numeric
                                    ? Qt::AlignRight | Qt::AlignVCenter
                                    : Qt::AlignLeft | Qt::AlignVCenter);
      case Qt::UserRole:
        return QVariant::fromValue<qint64>(row.id);
      default:
        // Colours and fonts, for the views that have any.
        if constexpr (requires { Traits::style(row, column, role); })
          return Traits::style(row, column, role);
        else
          return {};
    }
  }
  int compareRows(int left, int right, int column) const override {
    const Row& a = rows_[static_cast<std::size_t>(left)];
    const Row& b = rows_[static_cast<std::size_t>(right)];
    if (const auto ka = Traits::sortKey(a, column))
      return threeWay(*ka, *Traits::sortKey(b, column));
    return compareText(Traits::cell(a, column), Traits::cell(b, column));
  }
  std::int64_t idAt(int row) const override { return rows_[static_cast<std::size_t>(row)].id; }
  const QString& searchTextAt(int row) const override {
    return rows_[static_cast<std::size_t>(row)].search;
  }
  QString cellText(int row, int column) const override {
    return Traits::cell(rows_[static_cast<std::size_t>(row)], column);
  }
  bool textSorted(int column) const override { return !Traits::sortKey(Row{}, column); }
  bool sortKeyAt(int row, int column, SortKey& key) const override {
    const auto k = Traits::sortKey(rows_[static_cast<std::size_t>(row)], column);
    if (k) key = *k;
    return k.has_value();
  }
  QStringView searchCell(int row, int column) const override {
    const Row& r = rows_[static_cast<std::size_t>(row)];
    const qsizetype from = column == 0 ? 0 : r.cell_end[static_cast<std::size_t>(column - 1)] + 1;
    const qsizetype to = r.cell_end[static_cast<std::size_t>(column)];
    return to <= from ? QStringView() : QStringView(r.search).mid(from, to - from);
  }

  const std::vector<Row>& rows() const { return rows_; }
  const Row& rowAt(int row) const { return rows_[static_cast<std::size_t>(row)]; }
  const Row* findById(std::int64_t id) const {
    const int r = rowOfId(id);
    return r < 0 ? nullptr : &rows_[static_cast<std::size_t>(r)];
  }

  /// Applies a refresh: in-place updates, one insert batch at the end, removals; a reset only
  /// when the diff says so (a database was opened).
  void apply(TableDiff<Row> diff) {
    if (diff.reset) {
      beginResetModel();
      rows_ = std::move(diff.rows);
      reindex(0);
      endResetModel();
      emit refreshed(static_cast<int>(rows_.size()), 0, 0);
      return;
    }
    int removed = 0;
    if (!diff.removed.empty()) {
      std::vector<int> gone;
      for (std::int64_t id : diff.removed)
        if (const int r = rowOfId(id); r >= 0) gone.push_back(r);
      std::sort(gone.begin(), gone.end(), std::greater<>());
      for (std::size_t i = 0; i < gone.size();) {
        // Contiguous runs, from the end, one signal each.
        std::size_t j = i;
        while (j + 1 < gone.size() && gone[j + 1] == gone[j] - 1) ++j;
        const int first = gone[j];
        const int last = gone[i];
        beginRemoveRows({}, first, last);
        rows_.erase(rows_.begin() + first, rows_.begin() + last + 1);
        endRemoveRows();
        i = j + 1;
      }
      removed = static_cast<int>(gone.size());
      reindex(0);
    }
    std::vector<Row> added;
    int changed_first = -1;
    int changed_last = -1;
    int changed = 0;
    for (Row& row : diff.rows) {
      const int r = rowOfId(row.id);
      if (r < 0) {
        added.push_back(std::move(row));
        continue;
      }
      rows_[static_cast<std::size_t>(r)] = std::move(row);
      changed_first = changed_first < 0 ? r : std::min(changed_first, r);
      changed_last = std::max(changed_last, r);
      ++changed;
    }
    // One signal over the span of changed rows: the proxy re-sorts and re-filters them in one
    // pass instead of once per row.
    if (changed > 0)
      emit dataChanged(index(changed_first, 0), index(changed_last, columnCount() - 1));
    if (!added.empty()) {
      const int first = static_cast<int>(rows_.size());
      beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
      for (Row& row : added) rows_.push_back(std::move(row));
      reindex(first);
      endInsertRows();
    }
    emit refreshed(static_cast<int>(added.size()), changed, removed);
  }

 private:
  void reindex(int from) {
    if (from == 0) index_.clear();
    for (std::size_t i = static_cast<std::size_t>(from); i < rows_.size(); ++i)
      index_.insert(rows_[i].id, static_cast<int>(i));
  }

  std::vector<Row> rows_;
};

}  // namespace otscope::gui
