// One view of the console: a filter box, the table (model + proxy) and a detail pane beside it.
// The page keeps the user's place while rows arrive: the selection stays on its rows, and the
// rows in sight stay in sight (unless the user sits at the top of the list, where new rows are
// meant to appear).
#pragma once

#include <QSettings>
#include <QWidget>
#include <cstdint>
#include <functional>
#include <vector>

#include "gui/models/table_model.h"
#include "gui/models/view_proxy.h"

class QLineEdit;
class QLabel;
class QSplitter;
class QTableView;
class QHBoxLayout;

namespace otscope::gui {

class TablePage : public QWidget {
  Q_OBJECT
 public:
  /// `name`: the view's stable name ("assets"), for saved layout and screenshots.
  TablePage(QString name, TableModelBase* model, QWidget* parent = nullptr);

  const QString& name() const { return name_; }
  QTableView* table() const { return table_; }
  ViewProxy* proxy() const { return proxy_; }
  TableModelBase* model() const { return model_; }
  QLineEdit* filterEdit() const { return filter_; }

  /// Puts `detail` beside the table (right), taking `share` of the width until the user moves
  /// the splitter (then as the saved layout says).
  void setDetail(QWidget* detail, double share = 0.4);
  /// Adds a widget to the bar above the table, after the filter box; `clear` puts its filters
  /// back to showing everything (called when a row it hides must be shown).
  void addBarWidget(QWidget* widget, std::function<void()> clear = {});

  /// The id of the current row, -1 when none.
  std::int64_t currentId() const;
  /// Ids of the selected rows.
  QList<qint64> selectedIds() const;
  /// Makes the row with `id` current and visible; when the filter hides it, the filter is
  /// cleared first. False when there is no such row.
  bool selectId(std::int64_t id);
  void setFilterText(const QString& text);
  /// What the empty table says when the database holds no rows for this view.
  void setEmptyText(const QString& text);
  /// The column chooser as a menu (also on the header's context menu).
  void showColumnMenu(const QPoint& global_pos);

  /// Around a model refresh: remembers, then restores, what the user was looking at.
  void beginRefresh();
  void endRefresh();

  void saveState(QSettings& settings) const;
  void restoreState(QSettings& settings);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 signals:
  /// The current row changed (-1: none).
  void currentChanged(qint64 id);
  /// Double-click or Enter on a row; `column` is the model column clicked.
  void activated(qint64 id, int column);
  /// The number of rows shown changed (filtering, refresh).
  void countChanged(int shown, int total);

 private:
  void updateFilterHint();
  void emitCount();

  QString name_;
  TableModelBase* model_;
  ViewProxy* proxy_;
  QLineEdit* filter_;
  QLabel* count_;
  QLabel* empty_;
  QString empty_text_;
  QHBoxLayout* bar_;
  QTableView* table_;
  QSplitter* splitter_;
  QTimer* filter_timer_;
  std::vector<std::function<void()>> clear_bar_;
  bool layout_restored_ = false;
  bool columns_fitted_ = false;
  // What the user looks at, kept across refreshes and proxy resets: the row at the top of the
  // view and how far down it was, the selection and the current row (by id).
  struct Place {
    bool at_top = false;
    std::int64_t anchor = -1;
    int offset = 0;
    QList<qint64> selected;
    std::int64_t current = -1;
  };
  Place remember() const;
  void restoreSelection(const Place& place);
  void restoreScroll(const Place& place);
  Place refresh_place_;
  Place reset_place_;
};

}  // namespace otscope::gui
