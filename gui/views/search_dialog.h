// Global search (Ctrl+F): one box that searches assets, alerts and operations at once and jumps
// to the row chosen. It searches what the views hold, with the views' filter language.
#pragma once

#include <QDialog>
#include <vector>

class QLineEdit;
class QTreeWidget;
class QLabel;
class QTimer;

namespace otscope::gui {

class TablePage;

class SearchDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SearchDialog(QWidget* parent = nullptr);
  /// The views searched, in the order their results are listed.
  void setPages(std::vector<TablePage*> pages);
  /// Sets the text and searches at once.
  void search(const QString& text);
  /// Results per page name, for tests: ids in the order listed.
  QList<qint64> resultIds(const QString& page) const;

 signals:
  void chosen(QString page, qint64 id);

 private:
  void run();

  std::vector<TablePage*> pages_;
  QLineEdit* edit_;
  QTreeWidget* results_;
  QLabel* note_;
  QTimer* timer_;
};

}  // namespace otscope::gui
