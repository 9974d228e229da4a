#include "gui/views/baseline_bar.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <set>

#include "engine/detection/policy.h"
#include "gui/text.h"

namespace otscope::gui {

namespace det = otscope::detection;

QString policyDescription(const QString& policy_file) {
  det::Policy policy;
  QString source = QCoreApplication::translate("BaselineBar", "built-in policy");
  if (!policy_file.isEmpty()) {
    try {
      policy = det::load_policy_file(policy_file.toStdString());
      source = QCoreApplication::translate("BaselineBar", "policy %1").arg(policy_file);
    } catch (const det::PolicyError& e) {
      return QCoreApplication::translate("BaselineBar", "policy %1: %2")
          .arg(policy_file, QString::fromStdString(e.what()));
    }
  }
  QString mode;
  switch (policy.learning) {
    case det::LearningMode::Auto:
      mode = policy.learning_duration_us > 0
                 ? QCoreApplication::translate("BaselineBar", "learns for %1, then enforces")
                       .arg(durationText(static_cast<double>(policy.learning_duration_us) / 1e6))
                 : QCoreApplication::translate("BaselineBar",
                                               "enforces the stored baseline when there is one");
      break;
    case det::LearningMode::Off:
      mode = QCoreApplication::translate("BaselineBar", "baseline rules off");
      break;
    case det::LearningMode::Learn:
      mode = QCoreApplication::translate("BaselineBar", "learns, raises no baseline alerts");
      break;
    case det::LearningMode::Enforce:
      mode = QCoreApplication::translate("BaselineBar",
                                         "enforces: anything outside the baseline is an alert");
      break;
  }
  return source + QStringLiteral(": ") + mode;
}

BaselineBar::BaselineBar(const BaselineModel* model, const QString& policy, QWidget* parent)
    : QWidget(parent), model_(model), policy_text_(policyDescription(policy)) {
  summary_ = new QLabel(this);
  summary_->setObjectName(QStringLiteral("baselineSummary"));
  summary_->setTextFormat(Qt::PlainText);
  import_ = new QPushButton(tr("Import…"), this);
  import_->setToolTip(tr("Add a baseline exported elsewhere, or replace the stored one (Ctrl+I)"));
  export_ = new QPushButton(tr("Export…"), this);
  export_->setToolTip(tr("Write the stored baseline as JSON (Ctrl+Shift+E)"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(summary_, 1);
  layout->addWidget(import_);
  layout->addWidget(export_);
  connect(import_, &QPushButton::clicked, this, &BaselineBar::importRequested);
  connect(export_, &QPushButton::clicked, this, &BaselineBar::exportRequested);
  update();
}

void BaselineBar::setReadOnly(bool read_only, const QString& reason) {
  import_->setEnabled(!read_only);
  import_->setToolTip(
      read_only ? tr("Read-only: %1").arg(reason)
                : tr("Add a baseline exported elsewhere, or replace the stored one (Ctrl+I)"));
}

void BaselineBar::update() {
  std::set<std::tuple<QString, qint64, qint64, qint64>> paths;
  int learned = 0;
  int imported = 0;
  int accepted = 0;
  for (const BaselineRow& r : model_->rows()) {
    paths.insert({r.protocol, static_cast<qint64>(r.client.word(0) ^ r.client.word(8)),
                  static_cast<qint64>(r.server.word(0) ^ r.server.word(8)), r.unit});
    if (r.origin == QLatin1String("learned"))
      ++learned;
    else if (r.origin == QLatin1String("imported"))
      ++imported;
    else
      ++accepted;
  }
  summary_->setText(plural(static_cast<std::uint64_t>(model_->rowCount()), "BaselineBar",
                           QT_TRANSLATE_NOOP("BaselineBar", "%1 entry"),
                           QT_TRANSLATE_NOOP("BaselineBar", "%1 entries")) +
                    QStringLiteral(" · ") +
                    plural(paths.size(), "BaselineBar", QT_TRANSLATE_NOOP("BaselineBar", "%1 path"),
                           QT_TRANSLATE_NOOP("BaselineBar", "%1 paths")) +
                    tr(" · learned %1, imported %2, accepted from alerts %3")
                        .arg(learned)
                        .arg(imported)
                        .arg(accepted) +
                    QStringLiteral(" · ") + policy_text_);
}

QString BaselineBar::summary() const {
  return summary_->text();
}

}  // namespace otscope::gui
