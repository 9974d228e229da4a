// The advisory detail pane: one advisory's verdict for one device, and why. The advisory's
// title, its verdict and score, the reason the device was judged so (the order number or product
// listed, the firmware against the vulnerable versions), the device as it identified itself, the
// CVEs with the CVSS vector, the advisory's address (plain text: it comes from the document, and
// is never a link) and what the advisory says to do.
#pragma once

#include <QWidget>

#include "gui/models/view_models.h"
#include "gui/views/detail_tree.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace otscope::gui {

class AdvisoryDetail : public QWidget {
  Q_OBJECT
 public:
  explicit AdvisoryDetail(const AdvisoryModel* findings, QWidget* parent = nullptr);

  void showFinding(qint64 id);
  qint64 findingId() const { return id_; }
  /// The remediation as shown (for tests).
  QString remediationText() const;

 signals:
  /// The asset the row is about (an asset id of the assets view).
  void openAsset(qint64 asset_id);

 private:
  void render();

  const AdvisoryModel* findings_;
  qint64 id_ = -1;

  QLabel* title_;
  QLabel* status_;
  QLabel* reason_;
  QPushButton* asset_;
  QPushButton* copy_url_;
  DetailTree* tree_;
  QLabel* remediation_label_;
  QPlainTextEdit* remediation_;
};

}  // namespace otscope::gui
