// The alert detail pane: what happened in one sentence, why it matters (the rule's explanation
// and ATT&CK technique), who did it to whom, the decoded messages with the capture frames that
// carried them, and what accepting it would allow from now on.
#pragma once

#include <QWidget>
#include <memory>

#include "db/alert_store.h"
#include "gui/models/view_models.h"
#include "gui/views/detail_tree.h"

class QLabel;
class QPushButton;

namespace otscope::gui {

class AlertDetail : public QWidget {
  Q_OBJECT
 public:
  explicit AlertDetail(const AlertModel* alerts, QWidget* parent = nullptr);

  /// Shows the row's fields at once; the evidence follows with setLoaded().
  void showAlert(qint64 id);
  qint64 alertId() const { return id_; }
  /// The alert as read with its evidence and facts (nullptr: it could not be read).
  void setLoaded(qint64 id, std::shared_ptr<const detection::StoredAlert> alert);
  void setReadOnly(bool read_only, const QString& reason);
  /// What accepting the alert would add to the baseline, in words (for the confirmation).
  QString acceptDescription() const;

 signals:
  void acknowledge(qint64 id);
  void close(qint64 id);
  void accept(qint64 id);
  void openAsset(QString ip);
  void exportEvidence(qint64 id);

 private:
  void render();

  const AlertModel* alerts_;
  qint64 id_ = -1;
  std::shared_ptr<const detection::StoredAlert> loaded_;
  bool read_only_ = false;
  QString read_only_reason_;

  QLabel* title_;
  QLabel* status_;
  QLabel* explanation_;
  DetailTree* tree_;
  QPushButton* ack_;
  QPushButton* close_;
  QPushButton* accept_;
  QPushButton* source_;
  QPushButton* target_;
  QPushButton* pcap_;
};

}  // namespace otscope::gui
