#include "gui/models/view_proxy.h"

#include <algorithm>
#include <thread>

namespace otscope::gui {

namespace {

// More places than this for a refresh's rows, and the proxy resets instead of announcing each
// insertion (every announcement costs the views a pass over their rows).
constexpr std::size_t kMaxInsertRuns = 64;

}  // namespace

ViewProxy::ViewProxy(TableModelBase* model, QObject* parent)
    : QAbstractProxyModel(parent), model_(model) {
  QAbstractProxyModel::setSourceModel(model);
  connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
  connect(model, &QAbstractItemModel::modelReset, this, [this] {
    rebuild();
    endResetModel();
  });
  connect(model, &QAbstractItemModel::rowsInserted, this,
          [this](const QModelIndex&, int first, int last) { sourceRowsInserted(first, last); });
  // Removals shift every later source row: rare (a baseline replaced), so a reset.
  connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { beginResetModel(); });
  connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
    rebuild();
    endResetModel();
  });
  connect(model, &QAbstractItemModel::dataChanged, this, &ViewProxy::sourceDataChanged);
  connect(model, &QAbstractItemModel::headerDataChanged, this,
          &QAbstractItemModel::headerDataChanged);
  rebuild();
}

// ---- the mapping -------------------------------------------------------------------------------

bool ViewProxy::accepts(int source_row) const {
  if (predicate_ && !predicate_(source_row)) return false;
  return filter_.empty() || model_->matches(source_row, filter_);
}

namespace {

// Text order on lower-cased cells; empty cells last in ascending order, as spreadsheets do.
int compareKeys(QStringView a, QStringView b) {
  if (a.isEmpty() != b.isEmpty()) return a.isEmpty() ? 1 : -1;
  return a.compare(b, Qt::CaseSensitive);
}

}  // namespace

bool ViewProxy::before(int a, int b) const {
  if (sort_column_ >= 0) {
    const int c = text_sort_ ? compareKeys(model_->searchCell(a, sort_column_),
                                           model_->searchCell(b, sort_column_))
                             : model_->compareRows(a, b, sort_column_);
    if (c != 0) return order_ == Qt::AscendingOrder ? c < 0 : c > 0;
  }
  // Equal keys keep a stable, meaningful order: by row id, in the sort's direction.
  const std::int64_t x = model_->idAt(a);
  const std::int64_t y = model_->idAt(b);
  return order_ == Qt::AscendingOrder ? x < y : x > y;
}

void ViewProxy::rebuild() {
  rows_.clear();
  const int n = model_->rowCount();
  rows_.reserve(static_cast<std::size_t>(n));
  for (int r = 0; r < n; ++r)
    if (accepts(r)) rows_.push_back(r);
  sortRows();
  rebuildPositions();
}

void ViewProxy::sortRows() {
  if (sort_column_ < 0) return;
  const bool ascending = order_ == Qt::AscendingOrder;
  // Each shown row's key pulled out once, so that sorting compares integers: a typed column's
  // key, or a text column's first 24 characters (one byte each, empty cells last); only texts
  // longer than that and equal so far are compared further. Ties go by row id.
  constexpr qsizetype kPrefix = 24;
  struct Key {
    SortKey key;
    std::int64_t id;
    int row;
    bool longer;  // the text goes on past the prefix: equal prefixes must compare texts
  };
  std::vector<Key> keys;
  keys.reserve(rows_.size());
  // Texts by source row, read only when two prefixes are equal and a text is longer.
  std::vector<QStringView> texts(text_sort_ ? static_cast<std::size_t>(model_->rowCount()) : 0);
  if (text_sort_) {
    // First every row's text (its row), then the prefixes with the texts ahead fetched: the
    // texts are 100,000 separate strings, and waiting for each in turn is most of the cost.
    for (int r : rows_) texts[static_cast<std::size_t>(r)] = model_->searchCell(r, sort_column_);
  }
  constexpr std::size_t kAhead = 16;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const int r = rows_[i];
    Key k{{}, model_->idAt(r), r, false};
    if (text_sort_) {
      if (i + kAhead < rows_.size())
        __builtin_prefetch(texts[static_cast<std::size_t>(rows_[i + kAhead])].data());
      const QStringView text = texts[static_cast<std::size_t>(r)];
      k.longer = text.size() > kPrefix;
      std::uint64_t words[3] = {0, 0, 0};
      for (qsizetype j = 0; j < kPrefix; ++j) {
        const char16_t c = j < text.size() ? text[j].unicode() : u'\0';
        words[j / 8] = words[j / 8] << 8 | (c > 0xfe ? 0xffu : c);
      }
      k.key =
          text.isEmpty() ? SortKey{~std::uint64_t{0}, 0, 0} : SortKey{words[0], words[1], words[2]};
    } else {
      model_->sortKeyAt(r, sort_column_, k.key);
    }
    keys.push_back(k);
  }
  auto before_key = [&](const Key& a, const Key& b) {
    // One pass over the words (the defaulted <=> would be run twice for a < and a >).
    int c = 0;
    if (a.key.a != b.key.a)
      c = a.key.a < b.key.a ? -1 : 1;
    else if (a.key.b != b.key.b)
      c = a.key.b < b.key.b ? -1 : 1;
    else if (a.key.c != b.key.c)
      c = a.key.c < b.key.c ? -1 : 1;
    if (c == 0 && (a.longer || b.longer))
      c = compareKeys(texts[static_cast<std::size_t>(a.row)],
                      texts[static_cast<std::size_t>(b.row)]);
    if (c != 0) return ascending ? c < 0 : c > 0;
    return ascending ? a.id < b.id : a.id > b.id;
  };
  // Large views sort on two cores: each half, then one merge.
  if (keys.size() >= 20000 && std::thread::hardware_concurrency() > 1) {
    const auto middle = keys.begin() + static_cast<std::ptrdiff_t>(keys.size() / 2);
    std::thread other([&] { std::sort(middle, keys.end(), before_key); });
    std::sort(keys.begin(), middle, before_key);
    other.join();
    std::inplace_merge(keys.begin(), middle, keys.end(), before_key);
  } else {
    std::sort(keys.begin(), keys.end(), before_key);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) rows_[i] = keys[i].row;
}

void ViewProxy::rebuildPositions() {
  positions_.assign(static_cast<std::size_t>(model_->rowCount()), -1);
  for (std::size_t p = 0; p < rows_.size(); ++p)
    positions_[static_cast<std::size_t>(rows_[p])] = static_cast<int>(p);
}

void ViewProxy::reset() {
  beginResetModel();
  rebuild();
  endResetModel();
}

void ViewProxy::resort() {
  emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
  // Persistent indexes (the selection, the current row) follow their source rows.
  const QModelIndexList from = persistentIndexList();
  std::vector<std::pair<int, int>> sources;
  sources.reserve(static_cast<std::size_t>(from.size()));
  for (const QModelIndex& i : from) sources.emplace_back(sourceRow(i.row()), i.column());
  sortRows();
  rebuildPositions();
  QModelIndexList to;
  to.reserve(from.size());
  for (const auto& [source, column] : sources) {
    const int p = source < 0 ? -1 : positions_[static_cast<std::size_t>(source)];
    to << (p < 0 ? QModelIndex() : createIndex(p, column));
  }
  changePersistentIndexList(from, to);
  emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

bool ViewProxy::insertRows(std::vector<int> rows) {
  if (rows.empty()) return true;
  positions_.resize(static_cast<std::size_t>(model_->rowCount()), -1);
  std::stable_sort(rows.begin(), rows.end(), [this](int a, int b) { return before(a, b); });
  // Where each lands among the rows shown now; rows landing in one place form one run.
  std::vector<std::pair<std::size_t, std::vector<int>>> runs;
  for (int r : rows) {
    const auto at =
        static_cast<std::size_t>(std::upper_bound(rows_.begin(), rows_.end(), r,
                                                  [this](int a, int b) { return before(a, b); }) -
                                 rows_.begin());
    if (runs.empty() || runs.back().first != at) runs.push_back({at, {}});
    runs.back().second.push_back(r);
  }
  if (runs.size() > kMaxInsertRuns) return false;
  // From the last place to the first, so the places still to fill keep their positions.
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    const int at = static_cast<int>(it->first);
    beginInsertRows({}, at, at + static_cast<int>(it->second.size()) - 1);
    rows_.insert(rows_.begin() + at, it->second.begin(), it->second.end());
    rebuildPositions();
    endInsertRows();
  }
  return true;
}

void ViewProxy::sourceRowsInserted(int first, int last) {
  std::vector<int> accepted;
  for (int r = first; r <= last; ++r)
    if (accepts(r)) accepted.push_back(r);
  positions_.resize(static_cast<std::size_t>(model_->rowCount()), -1);
  if (!insertRows(std::move(accepted))) reset();
}

void ViewProxy::sourceDataChanged(const QModelIndex& top_left, const QModelIndex& bottom_right) {
  if (!top_left.isValid() || !bottom_right.isValid()) return;
  const int first = top_left.row();
  const int last = bottom_right.row();
  // Rows whose filter verdict changed leave or join the view.
  std::vector<int> leaving;
  std::vector<int> joining;
  for (int r = first; r <= last; ++r) {
    const bool shown = positions_[static_cast<std::size_t>(r)] >= 0;
    if (shown != accepts(r)) (shown ? leaving : joining).push_back(r);
  }
  if (leaving.size() + joining.size() > kMaxInsertRuns) {
    reset();
    return;
  }
  std::sort(leaving.begin(), leaving.end(), [this](int a, int b) {
    return positions_[static_cast<std::size_t>(a)] > positions_[static_cast<std::size_t>(b)];
  });
  for (int r : leaving) {
    const int p = positions_[static_cast<std::size_t>(r)];
    beginRemoveRows({}, p, p);
    rows_.erase(rows_.begin() + p);
    rebuildPositions();
    endRemoveRows();
  }
  if (!insertRows(std::move(joining))) {
    reset();
    return;
  }
  // Changed rows that are now out of order: one re-sort.
  int lo = -1;
  int hi = -1;
  bool unordered = false;
  for (int r = first; r <= last; ++r) {
    const int p = positions_[static_cast<std::size_t>(r)];
    if (p < 0) continue;
    lo = lo < 0 ? p : std::min(lo, p);
    hi = std::max(hi, p);
    if (sort_column_ < 0 || unordered) continue;
    const auto up = static_cast<std::size_t>(p);
    if ((up > 0 && before(r, rows_[up - 1])) || (up + 1 < rows_.size() && before(rows_[up + 1], r)))
      unordered = true;
  }
  if (unordered) {
    resort();
    lo = 0;
    hi = static_cast<int>(rows_.size()) - 1;
  }
  if (lo >= 0) emit dataChanged(index(lo, 0), index(hi, columnCount() - 1));
}

// ---- filter and sort ---------------------------------------------------------------------------

void ViewProxy::setFilterText(const QString& text) {
  filter_ = RowFilter::parse(text);
  reset();
}

void ViewProxy::setPredicate(std::function<bool(int)> predicate) {
  predicate_ = std::move(predicate);
  reset();
}

void ViewProxy::refilter() {
  reset();
}

void ViewProxy::sort(int column, Qt::SortOrder order) {
  if (column >= columnCount()) return;
  sort_column_ = column;
  order_ = order;
  text_sort_ = column >= 0 && model_->textSorted(column);
  resort();
}

// ---- lookups -----------------------------------------------------------------------------------

int ViewProxy::sourceRow(int proxy_row) const {
  if (proxy_row < 0 || static_cast<std::size_t>(proxy_row) >= rows_.size()) return -1;
  return rows_[static_cast<std::size_t>(proxy_row)];
}

int ViewProxy::proxyRowOfId(std::int64_t id) const {
  const int row = model_->rowOfId(id);
  if (row < 0 || static_cast<std::size_t>(row) >= positions_.size()) return -1;
  return positions_[static_cast<std::size_t>(row)];
}

QModelIndex ViewProxy::index(int row, int column, const QModelIndex& parent) const {
  if (parent.isValid() || row < 0 || column < 0 || static_cast<std::size_t>(row) >= rows_.size() ||
      column >= columnCount())
    return {};
  return createIndex(row, column);
}

QModelIndex ViewProxy::parent(const QModelIndex&) const {
  return {};
}

QModelIndex ViewProxy::sibling(int row, int column, const QModelIndex&) const {
  return index(row, column);
}

int ViewProxy::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ViewProxy::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : model_->columnCount();
}

bool ViewProxy::hasChildren(const QModelIndex& parent) const {
  return !parent.isValid() && !rows_.empty();
}

QModelIndex ViewProxy::mapToSource(const QModelIndex& proxy) const {
  if (!proxy.isValid()) return {};
  const int source = sourceRow(proxy.row());
  return source < 0 ? QModelIndex() : model_->index(source, proxy.column());
}

QModelIndex ViewProxy::mapFromSource(const QModelIndex& source) const {
  if (!source.isValid() || static_cast<std::size_t>(source.row()) >= positions_.size()) return {};
  const int p = positions_[static_cast<std::size_t>(source.row())];
  return p < 0 ? QModelIndex() : createIndex(p, source.column());
}

QVariant ViewProxy::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation == Qt::Horizontal) return model_->headerData(section, orientation, role);
  return {};
}

}  // namespace otscope::gui
