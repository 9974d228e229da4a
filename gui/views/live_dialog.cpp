#include "gui/views/live_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "capture/interfaces.h"
#include "capture/source.h"
#include "gui/text.h"

namespace otscope::gui {

LiveDialog::LiveDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Start live capture"));
  setObjectName(QStringLiteral("liveDialog"));
  interfaces_ = new QTreeWidget(this);
  interfaces_->setObjectName(QStringLiteral("interfaces"));
  interfaces_->setColumnCount(3);
  interfaces_->setHeaderLabels({tr("Interface"), tr("Addresses"), tr("State")});
  interfaces_->setRootIsDecorated(false);
  interfaces_->header()->resizeSection(0, 160);
  interfaces_->header()->resizeSection(1, 300);
  filter_ = new QLineEdit(this);
  filter_->setObjectName(QStringLiteral("bpf"));
  filter_->setPlaceholderText(tr("Capture filter (BPF), e.g. tcp port 502 or tcp port 102"));
  filter_->setClearButtonEnabled(true);
  snaplen_ = new QSpinBox(this);
  snaplen_->setRange(64, 262144);
  snaplen_->setValue(262144);
  snaplen_->setSuffix(tr(" bytes"));
  snaplen_->setToolTip(tr("Bytes kept of each packet; ICS messages need the whole packet"));
  promiscuous_ =
      new QCheckBox(tr("Promiscuous mode (see traffic of other hosts on a mirror port)"), this);
  promiscuous_->setChecked(true);
  problem_ = new QLabel(this);
  problem_->setObjectName(QStringLiteral("problem"));
  problem_->setTextFormat(Qt::PlainText);
  problem_->setWordWrap(true);
  problem_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Start"));

  auto* form = new QFormLayout;
  form->addRow(tr("Filter"), filter_);
  form->addRow(tr("Snap length"), snaplen_);
  form->addRow(QString(), promiscuous_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("Capture on:"), this));
  layout->addWidget(interfaces_, 1);
  layout->addLayout(form);
  layout->addWidget(problem_);
  layout->addWidget(buttons_);
  resize(680, 460);

  try {
    for (const capture::InterfaceInfo& i : capture::list_interfaces()) {
      // libpcap's pseudo-devices carry no Ethernet or IP traffic to monitor.
      bool pseudo = false;
      for (const char* prefix : {"dbus", "bluetooth", "nflog", "nfqueue", "usbmon"})
        pseudo = pseudo || i.name.rfind(prefix, 0) == 0;
      if (pseudo) continue;
      QStringList addresses;
      for (const std::string& a : i.addresses) addresses << QString::fromStdString(a);
      QStringList state;
      state << (i.up ? tr("up") : tr("down"));
      if (i.running) state << tr("running");
      if (i.loopback) state << tr("loopback");
      if (i.wireless) state << tr("wireless");
      auto* item =
          new QTreeWidgetItem(interfaces_, {wireText(i.name), addresses.join(QStringLiteral(", ")),
                                            state.join(QStringLiteral(", "))});
      item->setData(0, Qt::UserRole, QString::fromStdString(i.name));
      if (!i.description.empty()) item->setToolTip(0, plainToolTip(wireText(i.description)));
    }
  } catch (const CaptureError& e) {
    problem_->setText(QString::fromStdString(e.what()));
  }
  // The first interface that is up, not loopback, is the likely tap.
  for (int k = 0; k < interfaces_->topLevelItemCount(); ++k) {
    QTreeWidgetItem* item = interfaces_->topLevelItem(k);
    if (item->text(2).startsWith(tr("up")) && !item->text(2).contains(tr("loopback")) &&
        item->data(0, Qt::UserRole).toString() != QLatin1String("any")) {
      interfaces_->setCurrentItem(item);
      break;
    }
  }

  permitted_ = capture::live_capture_permitted();
  permission_hint_ = QString::fromStdString(
      capture::live_capture_permission_hint(QApplication::applicationFilePath().toStdString()));

  connect(interfaces_, &QTreeWidget::currentItemChanged, this, [this] { check(); });
  connect(filter_, &QLineEdit::textChanged, this, [this] { check(); });
  connect(snaplen_, &QSpinBox::valueChanged, this, [this] { check(); });
  connect(buttons_, &QDialogButtonBox::accepted, this, [this] {
    if (canStart()) accept();
  });
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  check();
}

LiveSettings LiveDialog::settings() const {
  LiveSettings s;
  if (const QTreeWidgetItem* item = interfaces_->currentItem())
    s.interface = item->data(0, Qt::UserRole).toString();
  s.filter = filter_->text().trimmed();
  s.snaplen = snaplen_->value();
  s.promiscuous = promiscuous_->isChecked();
  return s;
}

bool LiveDialog::canStart() const {
  return buttons_->button(QDialogButtonBox::Ok)->isEnabled();
}

QString LiveDialog::problem() const {
  return problem_->text();
}

void LiveDialog::setFilter(const QString& bpf) {
  filter_->setText(bpf);
}

void LiveDialog::selectInterface(const QString& name) {
  for (int k = 0; k < interfaces_->topLevelItemCount(); ++k)
    if (interfaces_->topLevelItem(k)->data(0, Qt::UserRole).toString() == name)
      interfaces_->setCurrentItem(interfaces_->topLevelItem(k));
}

void LiveDialog::check() {
  QString problem;
  if (!permitted_) {
    problem = tr("This console may not capture packets (it lacks the CAP_NET_RAW capability). "
                 "To capture here: %1")
                  .arg(permission_hint_);
  } else if (interfaces_->currentItem() == nullptr) {
    problem = tr("Choose an interface.");
  } else if (const std::string error =
                 capture::check_filter(filter_->text().trimmed().toStdString(), snaplen_->value());
             !error.empty()) {
    problem = tr("Filter: %1").arg(QString::fromStdString(error));
  }
  problem_->setText(problem);
  QPalette p = problem_->palette();
  p.setColor(QPalette::WindowText,
             problem.isEmpty() ? palette().color(QPalette::WindowText) : QColor(0xc0, 0x30, 0x20));
  problem_->setPalette(p);
  filter_->setStyleSheet(problem.startsWith(tr("Filter:"))
                             ? QStringLiteral("QLineEdit { border: 1px solid #c03020; }")
                             : QString());
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

}  // namespace otscope::gui
