#include "gui/views/advisory_detail.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "gui/text.h"

namespace otscope::gui {

AdvisoryDetail::AdvisoryDetail(const AdvisoryModel* findings, QWidget* parent)
    : QWidget(parent), findings_(findings) {
  // Every text here comes from an advisory document or from the wire: plain text only.
  title_ = new QLabel(this);
  title_->setObjectName(QStringLiteral("advisoryTitle"));
  title_->setTextFormat(Qt::PlainText);
  title_->setWordWrap(true);
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QFont big = title_->font();
  big.setPointSizeF(big.pointSizeF() * 1.3);
  big.setBold(true);
  title_->setFont(big);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("advisoryStatus"));
  status_->setTextFormat(Qt::PlainText);
  status_->setWordWrap(true);
  status_->setAutoFillBackground(true);
  status_->setMargin(4);
  reason_ = new QLabel(this);
  reason_->setObjectName(QStringLiteral("advisoryReason"));
  reason_->setTextFormat(Qt::PlainText);
  reason_->setWordWrap(true);
  reason_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  asset_ = new QPushButton(tr("Show asset"), this);
  asset_->setToolTip(tr("Open the device in the assets view (Enter on the row)"));
  copy_url_ = new QPushButton(tr("Copy advisory URL"), this);
  copy_url_->setToolTip(tr("Copy the advisory's address, to open it in a browser"));
  auto* actions = new QHBoxLayout;
  actions->addWidget(asset_);
  actions->addWidget(copy_url_);
  actions->addStretch(1);

  tree_ = new DetailTree({tr("Item"), tr("Value")}, this);
  tree_->setObjectName(QStringLiteral("advisoryTree"));

  remediation_label_ = new QLabel(tr("Remediation"), this);
  remediation_label_->setTextFormat(Qt::PlainText);
  QFont bold = remediation_label_->font();
  bold.setBold(true);
  remediation_label_->setFont(bold);
  remediation_ = new QPlainTextEdit(this);
  remediation_->setObjectName(QStringLiteral("advisoryRemediation"));
  remediation_->setReadOnly(true);
  remediation_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
  remediation_->setMaximumHeight(remediation_->fontMetrics().lineSpacing() * 9);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(title_);
  layout->addWidget(status_);
  layout->addWidget(reason_);
  layout->addLayout(actions);
  layout->addWidget(tree_, 1);
  layout->addWidget(remediation_label_);
  layout->addWidget(remediation_);

  connect(asset_, &QPushButton::clicked, this, [this] {
    if (const AdvisoryRow* r = findings_->findById(id_)) emit openAsset(r->asset_id);
  });
  connect(copy_url_, &QPushButton::clicked, this, [this] {
    if (const AdvisoryRow* r = findings_->findById(id_)) QApplication::clipboard()->setText(r->url);
  });
  connect(findings_, &TableModelBase::refreshed, this, [this] { render(); });
  render();
}

void AdvisoryDetail::showFinding(qint64 id) {
  id_ = id;
  render();
}

QString AdvisoryDetail::remediationText() const {
  return remediation_->toPlainText();
}

void AdvisoryDetail::render() {
  tree_->clearRows();
  const AdvisoryRow* r = id_ >= 0 ? findings_->findById(id_) : nullptr;
  asset_->setEnabled(r != nullptr);
  copy_url_->setEnabled(r != nullptr && !r->url.isEmpty());
  if (r == nullptr) {
    title_->setText(tr("No advisory selected"));
    status_->clear();
    status_->setPalette(palette());
    reason_->setText(
        tr("Select a row to see why the advisory concerns the device, its CVEs and what to do."));
    remediation_->clear();
    return;
  }
  title_->setText(r->title.isEmpty() ? r->advisory : r->title);
  QStringList status{verdictText(r->verdict)};
  if (r->cvss >= 0) status << tr("CVSS %1").arg(cvssText(r->cvss));
  status << r->asset;
  status_->setText(status.join(QStringLiteral(" · ")));
  QPalette p = palette();
  if (r->verdict != advisory::Verdict::NotAffected && r->cvss >= 0)
    p.setColor(QPalette::Window, severityColor(cvssSeverity(r->cvss)));
  status_->setPalette(p);
  reason_->setText(r->reason.isEmpty() ? QString() : tr("Why: %1").arg(r->reason));

  QTreeWidgetItem* adv = tree_->section(tr("Advisory"));
  tree_->row(adv, {tr("Tracking id"), r->advisory});
  if (!r->title.isEmpty()) tree_->row(adv, {tr("Title"), r->title});
  if (!r->url.isEmpty()) tree_->row(adv, {tr("URL"), r->url});
  if (!r->product.isEmpty()) tree_->row(adv, {tr("Product listed"), r->product});
  if (!r->version_range.isEmpty()) tree_->row(adv, {tr("Versions"), r->version_range});

  QTreeWidgetItem* vuln = tree_->section(tr("Vulnerabilities"), QString::number(r->cves.size()));
  if (r->cvss >= 0) tree_->row(vuln, {tr("CVSS"), cvssText(r->cvss)});
  if (!r->cvss_vector.isEmpty()) tree_->row(vuln, {tr("CVSS vector"), r->cvss_vector});
  for (const QString& cve : r->cves) tree_->row(vuln, {tr("CVE"), cve});

  QTreeWidgetItem* device = tree_->section(tr("Device"));
  tree_->row(device, {tr("Asset"), r->asset});
  if (!r->ips.isEmpty()) tree_->row(device, {tr("IP addresses"), r->ips});
  for (const auto& [label, value] : {std::pair{tr("Vendor"), &r->vendor},
                                     {tr("Model"), &r->model},
                                     {tr("Module type"), &r->module_type},
                                     {tr("Product"), &r->reported_product},
                                     {tr("Order number"), &r->order_number},
                                     {tr("Firmware"), &r->firmware},
                                     {tr("Hardware"), &r->hardware}})
    if (!value->isEmpty()) tree_->row(device, {label, *value});
  tree_->fitColumns();

  // One remediation a paragraph.
  remediation_->setPlainText(r->remediation.isEmpty()
                                 ? tr("The advisory names no remediation for this product.")
                                 : r->remediation.split(QStringLiteral("; ")).join(u'\n'));
}

}  // namespace otscope::gui
