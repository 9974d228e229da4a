// The alerts view's own filters beside the filter box: minimum severity, state, rule and time
// range. Times are relative to the newest alert, so "last 24 hours" means the same for a live
// sensor and for a capture replayed years later.
#pragma once

#include <QWidget>

#include "gui/models/view_models.h"
#include "gui/models/view_proxy.h"

class QComboBox;
class QDateTimeEdit;

namespace otscope::gui {

class AlertFilterBar : public QWidget {
  Q_OBJECT
 public:
  AlertFilterBar(const AlertModel* model, ViewProxy* proxy, QWidget* parent = nullptr);

  enum class States { Active, Open, Acknowledged, Closed, All };
  enum class Range { Any, Hour, Day, Week, Custom };

  void setMinimumSeverity(int severity);  // -1: any
  void setStates(States states);
  void setRule(const QString& rule_name);  // "": any
  void setRange(Range range);
  /// Custom range (µs since the epoch, 0 = open end).
  void setCustomRange(std::int64_t from_us, std::int64_t to_us);
  /// Back to the defaults (any severity, open and acknowledged, every rule, any time).
  void clear();
  /// Re-reads the rules present and the newest alert after a refresh.
  void update();

 private:
  bool accepts(int source_row) const;
  void apply();

  const AlertModel* model_;
  ViewProxy* proxy_;
  QComboBox* severity_;
  QComboBox* state_;
  QComboBox* rule_;
  QComboBox* range_;
  QDateTimeEdit* from_;
  QDateTimeEdit* to_;
  // The predicate's inputs, copied out of the widgets when they change.
  int min_severity_ = -1;
  States states_ = States::Active;
  int rule_filter_ = -1;  // RuleId, -1 any
  std::int64_t from_us_ = 0;
  std::int64_t to_us_ = 0;
  std::int64_t newest_us_ = 0;
};

}  // namespace otscope::gui
