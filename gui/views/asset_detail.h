// The asset detail pane: who the device is (identity with where each fact came from), what it
// does (roles with their evidence), its addresses and names, how it changed, whom it talks to
// and who talks to it with which functions, its open alerts, and the auditor's fields, which
// are edited here.
#pragma once

#include <QWidget>
#include <memory>

#include "gui/models/view_models.h"
#include "gui/views/detail_tree.h"
#include "model/inventory.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QGroupBox;

namespace otscope::gui {

class AssetDetail : public QWidget {
  Q_OBJECT
 public:
  AssetDetail(const OperationModel* operations, const LinkModel* links, const AlertModel* alerts,
              QWidget* parent = nullptr);

  void setInventory(std::shared_ptr<const Inventory> inventory);
  /// Shows asset `id` (-1: none). Unsaved auditor edits of another asset are kept only until
  /// the user moves on; the same asset refreshing keeps them.
  void showAsset(qint64 id);
  qint64 assetId() const { return id_; }
  /// Disables editing and says why.
  void setReadOnly(bool read_only, const QString& reason);
  /// The auditor form's current content.
  AssetAudit formAudit() const;
  /// Fills the form (for tests and for a revert).
  void setFormAudit(const AssetAudit& audit);

 signals:
  void saveAudit(qint64 asset_id, otscope::AssetAudit audit);
  /// "Show operations" / "Show alerts" for the asset's addresses (a filter text).
  void showOperations(QString filter);
  void showAlerts(QString filter);

 private:
  void render();
  void setFormEnabled(bool enabled);
  const InventoryAsset* current() const;
  bool formDirty() const;

  const OperationModel* operations_;
  const LinkModel* links_;
  const AlertModel* alerts_;
  std::shared_ptr<const Inventory> inventory_;
  qint64 id_ = -1;
  qint64 form_id_ = -1;
  AssetAudit form_loaded_;
  bool read_only_ = false;
  QString read_only_reason_;

  QLabel* title_;
  QLabel* subtitle_;
  QPushButton* show_operations_;
  QPushButton* show_alerts_;
  DetailTree* tree_;
  QGroupBox* audit_box_;
  QLineEdit* name_;
  QComboBox* criticality_;
  QLineEdit* zone_;
  QComboBox* purdue_;
  QLineEdit* owner_;
  QLineEdit* tags_;
  QPlainTextEdit* notes_;
  QPushButton* save_;
  QPushButton* revert_;
  QLabel* audit_note_;
};

}  // namespace otscope::gui
