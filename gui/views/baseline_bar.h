// The baseline view's bar: how many entries the baseline holds and where they came from, the
// policy's learning mode (what the sensor and the console's replays do with the baseline), and
// import and export.
#pragma once

#include <QWidget>

#include "gui/models/view_models.h"

class QLabel;
class QPushButton;

namespace otscope::gui {

class BaselineBar : public QWidget {
  Q_OBJECT
 public:
  /// `policy`: the --policy file, "" for the built-in policy.
  BaselineBar(const BaselineModel* model, const QString& policy, QWidget* parent = nullptr);
  void setReadOnly(bool read_only, const QString& reason);
  /// Re-counts after a refresh.
  void update();
  QString summary() const;

 signals:
  void importRequested();
  void exportRequested();

 private:
  const BaselineModel* model_;
  QString policy_text_;
  QLabel* summary_;
  QPushButton* import_;
  QPushButton* export_;
};

/// "built-in policy: learning auto (a stored baseline is enforced)" or the file's mode.
QString policyDescription(const QString& policy_file);

}  // namespace otscope::gui
