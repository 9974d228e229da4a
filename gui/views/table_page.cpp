#include "gui/views/table_page.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "gui/text.h"

namespace otscope::gui {

TablePage::TablePage(QString name, TableModelBase* model, QWidget* parent)
    : QWidget(parent), name_(std::move(name)), model_(model) {
  proxy_ = new ViewProxy(model, this);

  filter_ = new QLineEdit(this);
  filter_->setClearButtonEnabled(true);
  filter_->setObjectName(QStringLiteral("filter"));
  filter_->setPlaceholderText(
      tr("Filter: words, or field:value (e.g. %1)")
          .arg(model->knownKeys().mid(0, 3).join(QStringLiteral(":… ")) + QStringLiteral(":…")));
  count_ = new QLabel(this);
  count_->setObjectName(QStringLiteral("count"));

  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("table"));
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setAlternatingRowColors(true);
  table_->setWordWrap(false);
  table_->setTextElideMode(Qt::ElideRight);
  table_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  table_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  // Column widths from the first rows only: 100,000 rows are not measured.
  table_->horizontalHeader()->setResizeContentsPrecision(200);
  QHeaderView* header = table_->horizontalHeader();
  header->setSectionsMovable(true);
  header->setStretchLastSection(true);
  header->setHighlightSections(false);
  header->setDefaultSectionSize(120);
  header->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(header, &QWidget::customContextMenuRequested, this,
          [this](const QPoint& p) { showColumnMenu(table_->horizontalHeader()->mapToGlobal(p)); });
  const auto specs = model->columnSpecs();
  for (std::size_t c = 0; c < specs.size(); ++c)
    table_->setColumnHidden(static_cast<int>(c), !specs[c].shown);

  // Said in the empty table: why there is nothing (no data yet, or the filter hides it all).
  empty_ = new QLabel(table_->viewport());
  empty_->setObjectName(QStringLiteral("emptyText"));
  empty_->setTextFormat(Qt::PlainText);
  empty_->setWordWrap(true);
  empty_->setAlignment(Qt::AlignCenter);
  empty_->setEnabled(false);  // drawn in the palette's disabled text colour
  empty_text_ = tr("Nothing here yet.");

  splitter_ = new QSplitter(Qt::Horizontal, this);
  splitter_->addWidget(table_);
  splitter_->setChildrenCollapsible(false);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  bar_ = new QHBoxLayout;
  bar_->addWidget(filter_, 1);
  bar_->addWidget(count_);
  layout->addLayout(bar_);
  layout->addWidget(splitter_, 1);

  // Filtering 100,000 rows on every keystroke would make typing stutter: wait for a pause.
  filter_timer_ = new QTimer(this);
  filter_timer_->setSingleShot(true);
  filter_timer_->setInterval(150);
  connect(filter_, &QLineEdit::textChanged, filter_timer_, qOverload<>(&QTimer::start));
  connect(filter_timer_, &QTimer::timeout, this, [this] {
    proxy_->setFilterText(filter_->text());
    updateFilterHint();
  });
  connect(filter_, &QLineEdit::returnPressed, this, [this] {
    filter_timer_->stop();
    proxy_->setFilterText(filter_->text());
    updateFilterHint();
  });

  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            emit currentChanged(current.isValid() ? model_->idAt(proxy_->mapToSource(current).row())
                                                  : -1);
          });
  connect(table_, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
    if (!index.isValid()) return;
    emit activated(model_->idAt(proxy_->mapToSource(index).row()), index.column());
  });
  // A new filter (or a refresh scattering rows everywhere) resets the proxy: the selection and
  // the current row come back, by id.
  connect(proxy_, &QAbstractItemModel::modelAboutToBeReset, this,
          [this] { reset_place_ = remember(); });
  connect(proxy_, &QAbstractItemModel::modelReset, this, [this] {
    restoreSelection(reset_place_);
    restoreScroll(reset_place_);
  });
  connect(proxy_, &QAbstractItemModel::rowsInserted, this, [this] { emitCount(); });
  connect(proxy_, &QAbstractItemModel::rowsRemoved, this, [this] { emitCount(); });
  connect(proxy_, &QAbstractItemModel::modelReset, this, [this] { emitCount(); });
  connect(proxy_, &QAbstractItemModel::layoutChanged, this, [this] { emitCount(); });
  emitCount();
}

void TablePage::setDetail(QWidget* detail, double share) {
  splitter_->addWidget(detail);
  const int detail_part = static_cast<int>(share * 1000);
  splitter_->setStretchFactor(0, 1000 - detail_part);
  splitter_->setStretchFactor(1, detail_part);
  splitter_->setSizes({1000 - detail_part, detail_part});
}

void TablePage::addBarWidget(QWidget* widget, std::function<void()> clear) {
  bar_->insertWidget(bar_->count() - 1, widget);
  if (clear) clear_bar_.push_back(std::move(clear));
}

std::int64_t TablePage::currentId() const {
  const QModelIndex current = table_->selectionModel()->currentIndex();
  if (!current.isValid()) return -1;
  return model_->idAt(proxy_->mapToSource(current).row());
}

QList<qint64> TablePage::selectedIds() const {
  QList<qint64> out;
  for (const QModelIndex& index : table_->selectionModel()->selectedRows())
    out << model_->idAt(proxy_->mapToSource(index).row());
  if (out.isEmpty() && currentId() >= 0) out << currentId();
  return out;
}

bool TablePage::selectId(std::int64_t id) {
  if (model_->rowOfId(id) < 0) return false;
  int row = proxy_->proxyRowOfId(id);
  if (row < 0) {
    filter_->clear();
    filter_timer_->stop();
    for (const auto& clear : clear_bar_) clear();
    proxy_->setFilterText(QString());
    updateFilterHint();
    row = proxy_->proxyRowOfId(id);
  }
  if (row < 0) return false;
  const QModelIndex index = proxy_->index(row, 0);
  table_->selectionModel()->setCurrentIndex(
      index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  table_->scrollTo(index, QAbstractItemView::PositionAtCenter);
  return true;
}

void TablePage::setFilterText(const QString& text) {
  filter_->setText(text);
  filter_timer_->stop();
  proxy_->setFilterText(text);
  updateFilterHint();
}

void TablePage::showColumnMenu(const QPoint& global_pos) {
  QMenu menu(this);
  menu.setTitle(tr("Columns"));
  const int n = model_->columnCount();
  for (int c = 0; c < n; ++c) {
    QAction* action = menu.addAction(model_->columnTitle(c));
    action->setCheckable(true);
    action->setChecked(!table_->isColumnHidden(c));
    connect(action, &QAction::toggled, this,
            [this, c](bool on) { table_->setColumnHidden(c, !on); });
  }
  menu.addSeparator();
  QAction* reset = menu.addAction(tr("Default columns"));
  connect(reset, &QAction::triggered, this, [this] {
    const auto specs = model_->columnSpecs();
    for (std::size_t c = 0; c < specs.size(); ++c)
      table_->setColumnHidden(static_cast<int>(c), !specs[c].shown);
  });
  menu.exec(global_pos);
}

TablePage::Place TablePage::remember() const {
  Place place;
  place.at_top = table_->verticalScrollBar()->value() == 0;
  const QModelIndex top = table_->indexAt(QPoint(1, 1));
  if (top.isValid()) {
    place.anchor = model_->idAt(proxy_->sourceRow(top.row()));
    place.offset = table_->visualRect(top).top();
  }
  for (const QModelIndex& i : table_->selectionModel()->selectedRows())
    place.selected << model_->idAt(proxy_->sourceRow(i.row()));
  place.current = currentId();
  return place;
}

void TablePage::restoreSelection(const Place& place) {
  QItemSelection selection;
  for (qint64 id : place.selected) {
    const int row = proxy_->proxyRowOfId(id);
    if (row >= 0)
      selection.select(proxy_->index(row, 0), proxy_->index(row, proxy_->columnCount() - 1));
  }
  QItemSelectionModel* s = table_->selectionModel();
  s->select(selection, QItemSelectionModel::ClearAndSelect);
  const int current = place.current >= 0 ? proxy_->proxyRowOfId(place.current) : -1;
  if (current >= 0) {
    s->setCurrentIndex(proxy_->index(current, 0), QItemSelectionModel::NoUpdate);
  } else if (place.current >= 0) {
    // The filter hides the row the detail pane shows: the pane must not keep showing it.
    emit currentChanged(-1);
  }
}

void TablePage::restoreScroll(const Place& place) {
  QScrollBar* bar = table_->verticalScrollBar();
  if (place.at_top) {
    bar->setValue(0);
    return;
  }
  const int row = place.anchor >= 0 ? proxy_->proxyRowOfId(place.anchor) : -1;
  if (row < 0) return;
  // The rows in sight stay where they were, whatever was inserted above them.
  const int moved = table_->visualRect(proxy_->index(row, 0)).top() - place.offset;
  if (moved != 0) bar->setValue(bar->value() + moved);
}

void TablePage::beginRefresh() {
  refresh_place_ = remember();
}

void TablePage::endRefresh() {
  restoreScroll(refresh_place_);
  if (!columns_fitted_ && !layout_restored_ && model_->rowCount() > 0) {
    // First rows and no saved layout: columns as wide as what they hold, within reason.
    columns_fitted_ = true;
    table_->resizeColumnsToContents();
    constexpr int cap = 200;
    for (int c = 0; c < model_->columnCount(); ++c)
      table_->setColumnWidth(c, std::min(table_->columnWidth(c) + 12, cap));
  }
  emitCount();
}

void TablePage::saveState(QSettings& settings) const {
  settings.setValue(name_ + QStringLiteral("/header"), table_->horizontalHeader()->saveState());
  settings.setValue(name_ + QStringLiteral("/splitter"), splitter_->saveState());
}

void TablePage::restoreState(QSettings& settings) {
  const QByteArray header = settings.value(name_ + QStringLiteral("/header")).toByteArray();
  if (!header.isEmpty()) layout_restored_ = table_->horizontalHeader()->restoreState(header);
  const QByteArray split = settings.value(name_ + QStringLiteral("/splitter")).toByteArray();
  if (!split.isEmpty()) splitter_->restoreState(split);
}

void TablePage::updateFilterHint() {
  const QStringList unknown = model_->unknownKeys(proxy_->rowFilter());
  if (unknown.isEmpty()) {
    filter_->setToolTip(tr("Fields: %1\nWords match any column; -word excludes; "
                           "\"quoted text\" keeps spaces.")
                            .arg(model_->knownKeys().join(QStringLiteral(", "))));
    filter_->setStyleSheet(QString());
  } else {
    filter_->setToolTip(tr("Not a field here, searched as text: %1.\nFields: %2")
                            .arg(unknown.join(QStringLiteral(", ")),
                                 model_->knownKeys().join(QStringLiteral(", "))));
    filter_->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c87800; }"));
  }
  emitCount();
}

void TablePage::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  emitCount();  // places the empty table's text
}

void TablePage::setEmptyText(const QString& text) {
  empty_text_ = text;
  emitCount();
}

void TablePage::emitCount() {
  const int shown = proxy_->rowCount();
  const int total = model_->rowCount();
  empty_->setVisible(shown == 0);
  if (shown == 0) {
    empty_->setText(total == 0 ? empty_text_ : tr("No row matches the filter."));
    const QRect area = table_->viewport()->rect().adjusted(40, 40, -40, -40);
    empty_->setGeometry(area.x(), area.y(), area.width(), std::min(area.height(), 120));
  }
  count_->setText(shown == total ? plural(static_cast<std::uint64_t>(total), "TablePage",
                                          QT_TRANSLATE_NOOP("TablePage", "%1 row"),
                                          QT_TRANSLATE_NOOP("TablePage", "%1 rows"))
                                 : tr("%1 of %2 rows").arg(shown).arg(total));
  emit countChanged(shown, total);
}

}  // namespace otscope::gui
