// Choosing a live capture: the interfaces with their addresses, a capture filter checked as it
// is typed, the snap length. When the console may not capture (no CAP_NET_RAW), the dialog says
// so and how to fix it, or to run the sensor as a service and follow its database instead.
#pragma once

#include <QDialog>

#include "gui/data/run_workers.h"

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTreeWidget;

namespace otscope::gui {

class LiveDialog : public QDialog {
  Q_OBJECT
 public:
  explicit LiveDialog(QWidget* parent = nullptr);
  LiveSettings settings() const;
  /// Whether Start may be pressed (an interface chosen, a valid filter, permission).
  bool canStart() const;
  /// The problem shown under the form ("" when none).
  QString problem() const;
  void setFilter(const QString& bpf);
  void selectInterface(const QString& name);

 private:
  void check();

  QTreeWidget* interfaces_;
  QLineEdit* filter_;
  QSpinBox* snaplen_;
  QCheckBox* promiscuous_;
  QLabel* problem_;
  QDialogButtonBox* buttons_;
  bool permitted_ = false;
  QString permission_hint_;
};

}  // namespace otscope::gui
