#include "gui/views/alert_detail.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "gui/data/row_builders.h"
#include "gui/text.h"

namespace otscope::gui {

namespace det = otscope::detection;

namespace {

QString viewText(std::string_view s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString factText(const det::AlertFact& f) {
  QString text = ipText(f.path.client) + QStringLiteral(" → ") + ipText(f.path.server) +
                 QStringLiteral(" (") + protocolText(std::string(protocol_name(f.path.protocol)));
  if (f.path.unit >= 0)
    text += QCoreApplication::translate("AlertDetail", ", unit %1").arg(f.path.unit);
  text += QStringLiteral("): ") + QString::number(f.function);
  if (!f.name.empty()) text += u' ' + wireText(f.name);
  if (!f.ranges.empty())
    text += QCoreApplication::translate("AlertDetail", " on ") + rangesText(f.ranges);
  return text;
}

}  // namespace

AlertDetail::AlertDetail(const AlertModel* alerts, QWidget* parent)
    : QWidget(parent), alerts_(alerts) {
  title_ = new QLabel(this);
  title_->setObjectName(QStringLiteral("alertTitle"));
  title_->setTextFormat(Qt::PlainText);
  title_->setWordWrap(true);
  QFont big = title_->font();
  big.setPointSizeF(big.pointSizeF() * 1.3);
  big.setBold(true);
  title_->setFont(big);
  status_ = new QLabel(this);
  status_->setTextFormat(Qt::PlainText);
  status_->setWordWrap(true);
  status_->setAutoFillBackground(true);
  status_->setMargin(4);
  explanation_ = new QLabel(this);
  explanation_->setTextFormat(Qt::PlainText);
  explanation_->setWordWrap(true);

  tree_ = new DetailTree({tr("Item"), tr("Value"), tr("Where")}, this);
  tree_->setObjectName(QStringLiteral("alertTree"));

  ack_ = new QPushButton(tr("Acknowledge"), this);
  ack_->setToolTip(tr("Seen and being handled (Ctrl+K)"));
  close_ = new QPushButton(tr("Close"), this);
  close_->setToolTip(tr("Done; a new occurrence opens a new alert (Ctrl+Shift+K)"));
  accept_ = new QPushButton(tr("Accept into baseline…"), this);
  accept_->setToolTip(tr("Treat what this alert saw as normal from now on, and close it (Ctrl+B)"));
  source_ = new QPushButton(tr("Source asset"), this);
  target_ = new QPushButton(tr("Target asset"), this);
  pcap_ = new QPushButton(tr("Evidence pcap…"), this);
  pcap_->setObjectName(QStringLiteral("exportEvidence"));
  pcap_->setToolTip(
      tr("Write the frames that show this alert, with their connections' TCP handshakes, from the "
         "original capture to a pcap file for Wireshark"));

  auto* actions = new QHBoxLayout;
  actions->addWidget(ack_);
  actions->addWidget(close_);
  actions->addWidget(accept_);
  actions->addStretch(1);
  actions->addWidget(source_);
  actions->addWidget(target_);
  actions->addWidget(pcap_);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(title_);
  layout->addWidget(status_);
  layout->addWidget(explanation_);
  layout->addLayout(actions);
  layout->addWidget(tree_, 1);

  connect(ack_, &QPushButton::clicked, this, [this] { emit acknowledge(id_); });
  connect(close_, &QPushButton::clicked, this, [this] { emit close(id_); });
  connect(accept_, &QPushButton::clicked, this, [this] { emit accept(id_); });
  connect(source_, &QPushButton::clicked, this, [this] {
    if (const AlertRow* r = alerts_->findById(id_)) emit openAsset(ipText(r->src));
  });
  connect(target_, &QPushButton::clicked, this, [this] {
    if (const AlertRow* r = alerts_->findById(id_)) emit openAsset(ipText(r->dst));
  });
  connect(pcap_, &QPushButton::clicked, this, [this] { emit exportEvidence(id_); });
  connect(alerts_, &TableModelBase::refreshed, this, [this] { render(); });
  render();
}

void AlertDetail::showAlert(qint64 id) {
  if (id != id_) loaded_.reset();
  id_ = id;
  render();
}

void AlertDetail::setLoaded(qint64 id, std::shared_ptr<const det::StoredAlert> alert) {
  if (id != id_) return;
  loaded_ = std::move(alert);
  render();
}

void AlertDetail::setReadOnly(bool read_only, const QString& reason) {
  read_only_ = read_only;
  read_only_reason_ = reason;
  render();
}

QString AlertDetail::acceptDescription() const {
  if (!loaded_ || loaded_->id != id_) return {};
  if (loaded_->alert.facts.empty())
    return tr(
        "This alert holds no communication the baseline could learn: accepting it only "
        "closes it.");
  QStringList lines;
  for (const det::AlertFact& f : loaded_->alert.facts) lines << QStringLiteral("• ") + factText(f);
  return tr("From now on the baseline will treat these as normal, and the alert will be "
            "closed:\n%1")
      .arg(lines.join(u'\n'));
}

void AlertDetail::render() {
  tree_->clearRows();
  const AlertRow* r = id_ >= 0 ? alerts_->findById(id_) : nullptr;
  for (QPushButton* b : {ack_, close_, accept_, source_, target_, pcap_})
    b->setEnabled(r != nullptr);
  if (r == nullptr) {
    title_->setText(tr("No alert selected"));
    status_->clear();
    status_->setPalette(palette());
    explanation_->setText(
        tr("Select an alert to see what happened, who did it and the "
           "messages that show it."));
    return;
  }
  const det::Rule& rule = det::rule(r->rule);
  title_->setText(ruleTitleText(r->rule));
  status_->setText(
      tr("%1 · %2 · %3 · %4 – %5")
          .arg(severityText(r->severity), alertStateText(r->state),
               plural(r->count, "AlertDetail", QT_TRANSLATE_NOOP("AlertDetail", "%1 occurrence"),
                      QT_TRANSLATE_NOOP("AlertDetail", "%1 occurrences")),
               timeText(r->first_seen_us), timeText(r->last_seen_us)));
  QPalette p = palette();
  p.setColor(QPalette::Window, severityColor(r->severity));
  status_->setPalette(p);
  explanation_->setText(
      QCoreApplication::translate("rule_explanations", std::string(rule.explanation).c_str()));

  const bool open = r->state == det::AlertState::Open;
  const bool live = r->state != det::AlertState::Closed;
  ack_->setEnabled(!read_only_ && open);
  close_->setEnabled(!read_only_ && live);
  accept_->setEnabled(!read_only_ && live);
  source_->setEnabled(!r->src.is_unspecified());
  target_->setEnabled(!r->dst.is_unspecified());
  for (QPushButton* b : {ack_, close_, accept_})
    if (read_only_) b->setToolTip(tr("Read-only: %1").arg(read_only_reason_));

  QTreeWidgetItem* what = tree_->section(tr("What"));
  tree_->row(what, {tr("Summary"), r->summary});
  tree_->row(what, {tr("Source"), r->src_text});
  if (!r->dst_text.isEmpty()) tree_->row(what, {tr("Target"), r->dst_text});
  if (!r->protocol.isEmpty()) tree_->row(what, {tr("Protocol"), r->protocol});
  if (!r->functions.isEmpty()) tree_->row(what, {tr("Functions"), r->functions});
  tree_->row(what, {tr("ATT&CK for ICS"), viewText(rule.technique) + QStringLiteral(" ") +
                                              viewText(rule.technique_name)});
  tree_->row(what, {tr("Rule"), viewText(rule.name)});
  tree_->row(what, {tr("Alert id"), QString::number(r->id)});

  QTreeWidgetItem* evidence = tree_->section(tr("Evidence"));
  if (!loaded_) {
    tree_->row(evidence, {tr("reading…")});
  } else if (loaded_->alert.evidence.empty()) {
    tree_->row(evidence, {tr("no decoded messages stored")});
  } else {
    int n = 0;
    for (const det::Evidence& e : loaded_->alert.evidence) {
      const QString capture = wireText(e.capture);
      const QString file =
          QFileInfo(capture).fileName().isEmpty() ? capture : QFileInfo(capture).fileName();
      // A message reassembled from several segments names them all: "frames 6, 7 of x.pcap".
      QStringList frames;
      for (std::uint64_t frame : e.frames()) frames << QString::number(frame);
      const auto where = [&](const QString& in) {
        if (e.frame == 0) return in;
        return frames.size() == 1
                   ? tr("frame %1 of %2").arg(e.frame).arg(in)
                   : tr("frames %1 of %2").arg(frames.join(QStringLiteral(", ")), in);
      };
      QTreeWidgetItem* item = tree_->row(evidence, {tr("#%1 %2").arg(++n).arg(timeText(e.ts_us)),
                                                    wireText(e.summary), where(file)});
      item->setToolTip(0, isoTimeText(e.ts_us));
      item->setToolTip(2, plainToolTip(where(capture)));
    }
    if (loaded_->alert.count > loaded_->alert.evidence.size())
      tree_->row(evidence,
                 {tr("… %1 more occurrences not kept")
                      .arg(countText(loaded_->alert.count - loaded_->alert.evidence.size()))});
  }
  if (loaded_ && !loaded_->alert.facts.empty()) {
    QTreeWidgetItem* facts = tree_->section(tr("Accepting it would allow"));
    for (const det::AlertFact& f : loaded_->alert.facts) tree_->row(facts, {factText(f)});
  }
  tree_->fitColumns();
}

}  // namespace otscope::gui
