#include "gui/views/search_dialog.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "gui/models/row_filter.h"
#include "gui/views/table_page.h"

namespace otscope::gui {

namespace {

constexpr int kMaxPerView = 200;
constexpr int kPageRole = Qt::UserRole;
constexpr int kIdRole = Qt::UserRole + 1;

}  // namespace

SearchDialog::SearchDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Find everywhere"));
  setObjectName(QStringLiteral("searchDialog"));
  edit_ = new QLineEdit(this);
  edit_->setObjectName(QStringLiteral("searchEdit"));
  edit_->setClearButtonEnabled(true);
  edit_->setPlaceholderText(tr("Name, address, vendor, function, rule… (field:value works too)"));
  results_ = new QTreeWidget(this);
  results_->setObjectName(QStringLiteral("searchResults"));
  results_->setColumnCount(3);
  results_->setHeaderLabels({tr("Found"), tr("Where"), tr("More")});
  results_->setUniformRowHeights(true);
  results_->header()->setStretchLastSection(true);
  results_->header()->resizeSection(0, 320);
  note_ = new QLabel(this);
  note_->setTextFormat(Qt::PlainText);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(edit_);
  layout->addWidget(results_, 1);
  layout->addWidget(note_);
  resize(820, 520);

  timer_ = new QTimer(this);
  timer_->setSingleShot(true);
  timer_->setInterval(150);
  connect(edit_, &QLineEdit::textChanged, timer_, qOverload<>(&QTimer::start));
  connect(timer_, &QTimer::timeout, this, [this] { run(); });
  auto choose = [this](QTreeWidgetItem* item) {
    if (item == nullptr || !item->data(0, kIdRole).isValid()) return;
    emit chosen(item->data(0, kPageRole).toString(), item->data(0, kIdRole).toLongLong());
  };
  connect(results_, &QTreeWidget::itemActivated, this,
          [choose](QTreeWidgetItem* item, int) { choose(item); });
  connect(edit_, &QLineEdit::returnPressed, this, [this, choose] {
    timer_->stop();
    run();
    // Enter on the box takes the first result.
    for (int i = 0; i < results_->topLevelItemCount(); ++i)
      if (results_->topLevelItem(i)->childCount() > 0) {
        choose(results_->topLevelItem(i)->child(0));
        return;
      }
  });
}

void SearchDialog::setPages(std::vector<TablePage*> pages) {
  pages_ = std::move(pages);
}

void SearchDialog::search(const QString& text) {
  edit_->setText(text);
  timer_->stop();
  run();
}

QList<qint64> SearchDialog::resultIds(const QString& page) const {
  QList<qint64> out;
  for (int i = 0; i < results_->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* group = results_->topLevelItem(i);
    for (int k = 0; k < group->childCount(); ++k)
      if (group->child(k)->data(0, kPageRole).toString() == page)
        out << group->child(k)->data(0, kIdRole).toLongLong();
  }
  return out;
}

void SearchDialog::run() {
  results_->clear();
  const RowFilter filter = RowFilter::parse(edit_->text());
  if (filter.empty()) {
    note_->clear();
    return;
  }
  int total = 0;
  for (TablePage* page : pages_) {
    TableModelBase* model = page->model();
    // The page's first two shown columns say what a row is.
    QList<int> shown;
    for (int c = 0; c < model->columnCount() && shown.size() < 3; ++c)
      if (!page->table()->isColumnHidden(c)) shown << c;
    int found = 0;
    QTreeWidgetItem* group = nullptr;
    for (int row = 0; row < model->rowCount(); ++row) {
      if (!model->matches(row, filter)) continue;
      ++found;
      if (found > kMaxPerView) continue;
      if (group == nullptr) {
        group = new QTreeWidgetItem(results_);
        QFont f = group->font(0);
        f.setBold(true);
        group->setFont(0, f);
        group->setExpanded(true);
      }
      QStringList cells;
      for (int c : shown) cells << model->cellText(row, c);
      while (cells.size() < 3) cells << QString();
      auto* item = new QTreeWidgetItem(group, {cells[0], cells[1], cells[2]});
      item->setData(0, kPageRole, page->name());
      item->setData(0, kIdRole, QVariant::fromValue<qint64>(model->idAt(row)));
    }
    if (group != nullptr)
      group->setText(
          0,
          found > kMaxPerView
              ? tr("%1: %2 (first %3 shown)").arg(page->windowTitle()).arg(found).arg(kMaxPerView)
              : tr("%1: %2").arg(page->windowTitle()).arg(found));
    total += found;
  }
  note_->setText(total == 0 ? tr("Nothing found.")
                            : tr("Enter or double-click opens the row in its view."));
  if (results_->topLevelItemCount() > 0 && results_->topLevelItem(0)->childCount() > 0)
    results_->setCurrentItem(results_->topLevelItem(0)->child(0));
}

}  // namespace otscope::gui
