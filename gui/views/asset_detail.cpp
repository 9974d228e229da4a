#include "gui/views/asset_detail.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <map>
#include <set>

#include "cli/inventory_view.h"
#include "gui/data/row_builders.h"
#include "gui/text.h"

namespace otscope::gui {

namespace {

QString seenText(std::int64_t first, std::int64_t last) {
  if (first == 0 && last == 0) return {};
  if (first == last || last == 0) return timeText(first);
  if (first == 0) return timeText(last);
  const QString a = timeText(first);
  const QString b = timeText(last);
  // One day: "2026-03-02 08:00:00–08:07:00".
  return a.left(10) == b.left(10) ? a + QChar(0x2013) + b.mid(11) : a + QStringLiteral(" – ") + b;
}

// The combo boxes' stored values, with what the user reads.
const std::vector<std::pair<const char*, const char*>>& criticalities() {
  static const std::vector<std::pair<const char*, const char*>> kValues = {
      {"", QT_TRANSLATE_NOOP("criticality", "(not set)")},
      {"low", QT_TRANSLATE_NOOP("criticality", "Low")},
      {"medium", QT_TRANSLATE_NOOP("criticality", "Medium")},
      {"high", QT_TRANSLATE_NOOP("criticality", "High")},
      {"critical", QT_TRANSLATE_NOOP("criticality", "Critical")}};
  return kValues;
}

const std::vector<std::pair<const char*, const char*>>& purdueLevels() {
  static const std::vector<std::pair<const char*, const char*>> kValues = {
      {"", QT_TRANSLATE_NOOP("purdue", "(not set)")},
      {"0", QT_TRANSLATE_NOOP("purdue", "0 – physical process")},
      {"1", QT_TRANSLATE_NOOP("purdue", "1 – basic control (PLC, RTU)")},
      {"2", QT_TRANSLATE_NOOP("purdue", "2 – supervisory control (HMI, SCADA)")},
      {"3", QT_TRANSLATE_NOOP("purdue", "3 – site operations (historian)")},
      {"3.5", QT_TRANSLATE_NOOP("purdue", "3.5 – industrial DMZ")},
      {"4", QT_TRANSLATE_NOOP("purdue", "4 – site business network")},
      {"5", QT_TRANSLATE_NOOP("purdue", "5 – enterprise network")}};
  return kValues;
}

void fillCombo(QComboBox* combo, const char* context,
               const std::vector<std::pair<const char*, const char*>>& values) {
  for (const auto& [value, label] : values)
    combo->addItem(QCoreApplication::translate(context, label), QString::fromUtf8(value));
}

void selectValue(QComboBox* combo, const std::string& value) {
  const int i = combo->findData(QString::fromStdString(value));
  combo->setCurrentIndex(i < 0 ? 0 : i);
}

std::vector<std::string> splitTags(const QString& text) {
  std::vector<std::string> out;
  for (const QString& tag : text.split(u',', Qt::SkipEmptyParts)) {
    const QString t = tag.trimmed();
    if (!t.isEmpty()) out.push_back(t.toStdString());
  }
  return out;
}

QString joinTags(const std::vector<std::string>& tags) {
  QStringList out;
  for (const std::string& t : tags) out << QString::fromStdString(t);
  return out.join(QStringLiteral(", "));
}

}  // namespace

AssetDetail::AssetDetail(const OperationModel* operations, const LinkModel* links,
                         const AlertModel* alerts, QWidget* parent)
    : QWidget(parent), operations_(operations), links_(links), alerts_(alerts) {
  title_ = new QLabel(this);
  title_->setObjectName(QStringLiteral("assetTitle"));
  title_->setTextFormat(Qt::PlainText);
  QFont big = title_->font();
  big.setPointSizeF(big.pointSizeF() * 1.3);
  big.setBold(true);
  title_->setFont(big);
  subtitle_ = new QLabel(this);
  subtitle_->setTextFormat(Qt::PlainText);
  subtitle_->setWordWrap(true);
  show_operations_ = new QPushButton(tr("Operations"), this);
  show_operations_->setToolTip(tr("Show this device's operations (as client and as server)"));
  show_alerts_ = new QPushButton(tr("Alerts"), this);
  show_alerts_->setToolTip(tr("Show the alerts this device sent or received"));

  tree_ = new DetailTree({tr("Item"), tr("Value"), tr("Source"), tr("Seen")}, this);
  tree_->setObjectName(QStringLiteral("assetTree"));

  audit_box_ = new QGroupBox(tr("Auditor fields"), this);
  name_ = new QLineEdit(audit_box_);
  name_->setObjectName(QStringLiteral("auditName"));
  name_->setPlaceholderText(tr("What the plant calls this device"));
  criticality_ = new QComboBox(audit_box_);
  criticality_->setObjectName(QStringLiteral("auditCriticality"));
  fillCombo(criticality_, "criticality", criticalities());
  zone_ = new QLineEdit(audit_box_);
  zone_->setObjectName(QStringLiteral("auditZone"));
  zone_->setPlaceholderText(tr("Zone or conduit (IEC 62443)"));
  purdue_ = new QComboBox(audit_box_);
  purdue_->setObjectName(QStringLiteral("auditPurdue"));
  fillCombo(purdue_, "purdue", purdueLevels());
  owner_ = new QLineEdit(audit_box_);
  owner_->setObjectName(QStringLiteral("auditOwner"));
  tags_ = new QLineEdit(audit_box_);
  tags_->setObjectName(QStringLiteral("auditTags"));
  tags_->setPlaceholderText(tr("Comma-separated"));
  notes_ = new QPlainTextEdit(audit_box_);
  notes_->setObjectName(QStringLiteral("auditNotes"));
  notes_->setTabChangesFocus(true);
  notes_->setMaximumHeight(notes_->fontMetrics().height() * 3 + 12);
  save_ = new QPushButton(tr("&Save"), audit_box_);
  save_->setObjectName(QStringLiteral("auditSave"));
  save_->setShortcut(QKeySequence(QStringLiteral("Ctrl+S")));
  save_->setToolTip(tr("Store these fields in the database (Ctrl+S)"));
  revert_ = new QPushButton(tr("Revert"), audit_box_);
  audit_note_ = new QLabel(audit_box_);
  audit_note_->setTextFormat(Qt::PlainText);
  audit_note_->setWordWrap(true);

  // Two columns, so the form leaves the tree most of the pane.
  auto* form = new QGridLayout;
  auto label = [this](const QString& text, QWidget* buddy) {
    auto* l = new QLabel(text, audit_box_);
    l->setBuddy(buddy);
    return l;
  };
  form->addWidget(label(tr("&Name"), name_), 0, 0);
  form->addWidget(name_, 0, 1);
  form->addWidget(label(tr("Criticalit&y"), criticality_), 0, 2);
  form->addWidget(criticality_, 0, 3);
  form->addWidget(label(tr("&Zone"), zone_), 1, 0);
  form->addWidget(zone_, 1, 1);
  form->addWidget(label(tr("&Purdue level"), purdue_), 1, 2);
  form->addWidget(purdue_, 1, 3);
  form->addWidget(label(tr("O&wner"), owner_), 2, 0);
  form->addWidget(owner_, 2, 1);
  form->addWidget(label(tr("&Tags"), tags_), 2, 2);
  form->addWidget(tags_, 2, 3);
  form->addWidget(label(tr("N&otes"), notes_), 3, 0, Qt::AlignTop);
  form->addWidget(notes_, 3, 1, 1, 3);
  form->setColumnStretch(1, 3);
  form->setColumnStretch(3, 2);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(audit_note_, 1);
  buttons->addWidget(revert_);
  buttons->addWidget(save_);
  auto* box_layout = new QVBoxLayout(audit_box_);
  box_layout->addLayout(form);
  box_layout->addLayout(buttons);

  auto* head = new QHBoxLayout;
  auto* titles = new QVBoxLayout;
  titles->addWidget(title_);
  titles->addWidget(subtitle_);
  head->addLayout(titles, 1);
  head->addWidget(show_operations_, 0, Qt::AlignTop);
  head->addWidget(show_alerts_, 0, Qt::AlignTop);

  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(tree_);
  split->addWidget(audit_box_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  split->setChildrenCollapsible(false);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(head);
  layout->addWidget(split, 1);

  connect(save_, &QPushButton::clicked, this, [this] {
    if (form_id_ < 0) return;
    form_loaded_ = formAudit();
    emit saveAudit(form_id_, form_loaded_);
  });
  connect(revert_, &QPushButton::clicked, this, [this] {
    if (const InventoryAsset* a = current()) setFormAudit(a->audit);
  });
  auto ipFilter = [this] {
    const InventoryAsset* a = current();
    if (a == nullptr || a->record.ips.empty()) return QString();
    return QStringLiteral("ip:") + QString::fromStdString(a->record.ips.front().to_string());
  };
  connect(show_operations_, &QPushButton::clicked, this, [this, ipFilter] {
    if (const QString f = ipFilter(); !f.isEmpty()) emit showOperations(f);
  });
  connect(show_alerts_, &QPushButton::clicked, this, [this, ipFilter] {
    if (const QString f = ipFilter(); !f.isEmpty()) emit showAlerts(f);
  });
  showAsset(-1);
}

void AssetDetail::setInventory(std::shared_ptr<const Inventory> inventory) {
  inventory_ = std::move(inventory);
  render();
}

void AssetDetail::showAsset(qint64 id) {
  id_ = id;
  render();
}

void AssetDetail::setReadOnly(bool read_only, const QString& reason) {
  read_only_ = read_only;
  read_only_reason_ = reason;
  render();
}

const InventoryAsset* AssetDetail::current() const {
  if (!inventory_ || id_ < 0) return nullptr;
  for (const InventoryAsset& a : inventory_->assets)
    if (a.id == id_) return &a;
  return nullptr;
}

AssetAudit AssetDetail::formAudit() const {
  AssetAudit a;
  a.name = name_->text().trimmed().toStdString();
  a.criticality = criticality_->currentData().toString().toStdString();
  a.zone = zone_->text().trimmed().toStdString();
  a.purdue_level = purdue_->currentData().toString().toStdString();
  a.owner = owner_->text().trimmed().toStdString();
  a.notes = notes_->toPlainText().toStdString();
  a.tags = splitTags(tags_->text());
  return a;
}

void AssetDetail::setFormAudit(const AssetAudit& audit) {
  name_->setText(QString::fromStdString(audit.name));
  selectValue(criticality_, audit.criticality);
  zone_->setText(QString::fromStdString(audit.zone));
  selectValue(purdue_, audit.purdue_level);
  owner_->setText(QString::fromStdString(audit.owner));
  tags_->setText(joinTags(audit.tags));
  notes_->setPlainText(QString::fromStdString(audit.notes));
}

bool AssetDetail::formDirty() const {
  AssetAudit now = formAudit();
  AssetAudit loaded = form_loaded_;
  now.updated_us = loaded.updated_us = 0;
  return !(now == loaded);
}

void AssetDetail::setFormEnabled(bool enabled) {
  for (QWidget* w : std::initializer_list<QWidget*>{name_, criticality_, zone_, purdue_, owner_,
                                                    tags_, notes_, save_, revert_})
    w->setEnabled(enabled);
}

void AssetDetail::render() {
  tree_->clearRows();
  const InventoryAsset* a = current();
  show_operations_->setEnabled(a != nullptr && !a->record.ips.empty());
  show_alerts_->setEnabled(a != nullptr && !a->record.ips.empty());
  if (a == nullptr) {
    title_->setText(tr("No asset selected"));
    subtitle_->setText(
        tr("Select a device in the list to see its identity, roles, history and "
           "communication."));
    form_id_ = -1;
    form_loaded_ = AssetAudit{};
    setFormAudit(form_loaded_);
    setFormEnabled(false);
    audit_note_->clear();
    return;
  }
  const AssetRecord& r = a->record;
  title_->setText(wireText(cli::display_name(*a)));
  QStringList sub;
  if (const RoleAssessment* role = a->role())
    sub << QCoreApplication::translate("roles", std::string(asset_role_label(role->role)).c_str());
  if (const std::string product = cli::product_text(*a); !product.empty()) sub << wireText(product);
  QStringList ips;
  for (const IpAddress& ip : r.ips) ips << QString::fromStdString(ip.to_string());
  if (!ips.isEmpty()) sub << ips.join(QStringLiteral(", "));
  if (!r.mac.is_zero())
    sub << macText(r.mac) + (r.mac_vendor.empty()
                                 ? QString()
                                 : QStringLiteral(" (") + wireText(r.mac_vendor) + u')');
  subtitle_->setText(sub.join(QStringLiteral(" · ")));

  // Identity: every fact, grouped by field, the value in force first.
  QTreeWidgetItem* identity =
      tree_->section(tr("Identity"), a->identity.empty() ? tr("nothing reported") : QString());
  for (const IdentityRecord& f : a->identity)
    tree_->row(identity,
               {wireText(f.field), wireText(f.value),
                // The source names its protocol ("modbus 43/14 read device identification").
                (f.source.empty() ? protocolText(std::string(protocol_name(f.protocol)))
                                  : wireText(f.source)) +
                    (f.frame ? tr(", frame %1").arg(f.frame) : QString()),
                seenText(f.first_seen_us, f.last_seen_us)});

  QTreeWidgetItem* roles =
      tree_->section(tr("Roles"), r.roles.empty() ? tr("none inferred") : QString());
  for (const RoleAssessment& role : r.roles) {
    QTreeWidgetItem* item = tree_->row(
        roles,
        {QCoreApplication::translate("roles", std::string(asset_role_label(role.role)).c_str()),
         tr("confidence %1%").arg(static_cast<int>(role.confidence * 100 + 0.5))});
    for (const std::string& reason : role.reasons) tree_->row(item, {QString(), wireText(reason)});
    item->setExpanded(true);
  }

  QTreeWidgetItem* addresses = tree_->section(tr("Addresses"));
  if (!r.mac.is_zero()) tree_->row(addresses, {tr("MAC"), macText(r.mac), wireText(r.mac_vendor)});
  if (!r.via_mac.is_zero()) tree_->row(addresses, {tr("Behind router"), macText(r.via_mac)});
  if (!r.addresses.empty()) {
    for (const AssetAddress& ad : r.addresses)
      tree_->row(addresses, {tr("IP"), QString::fromStdString(ad.ip.to_string()),
                             tr("%1 sent, %2 received")
                                 .arg(countText(ad.packets_sent), countText(ad.packets_received)),
                             seenText(ad.first_seen_us, ad.last_seen_us)});
  } else {
    for (const IpAddress& ip : r.ips)
      tree_->row(addresses, {tr("IP"), QString::fromStdString(ip.to_string())});
  }
  for (std::uint16_t vlan : r.vlans) tree_->row(addresses, {tr("VLAN"), QString::number(vlan)});
  tree_->row(addresses,
             {tr("Traffic"),
              tr("%1 packets sent, %2 received")
                  .arg(countText(r.packets_sent), countText(r.packets_received)),
              tr("%1 sent, %2 received").arg(bytesText(r.bytes_sent), bytesText(r.bytes_received)),
              seenText(r.first_seen_us, r.last_seen_us)});

  if (!a->names.empty()) {
    QTreeWidgetItem* names = tree_->section(tr("Names"));
    for (const HostnameRecord& n : a->names)
      tree_->row(names,
                 {wireText(n.name),
                  n.ip.is_unspecified() ? QString() : QString::fromStdString(n.ip.to_string()),
                  wireText(n.source), seenText(n.first_seen_us, n.last_seen_us)});
  }

  if (!a->history.empty()) {
    QTreeWidgetItem* history =
        tree_->section(tr("Changes"), plural(a->history.size(), "AssetDetail",
                                             QT_TRANSLATE_NOOP("AssetDetail", "%1 change"),
                                             QT_TRANSLATE_NOOP("AssetDetail", "%1 changes")));
    for (const ChangeRecord& c : a->history)
      tree_->row(history, {wireText(c.field),
                           (c.old_value.empty() ? tr("(none)") : wireText(c.old_value)) +
                               QStringLiteral(" → ") + wireText(c.new_value),
                           wireText(c.source), timeText(c.changed_us)});
  }

  // Communication, from the operations and links the views hold: one line per peer and
  // protocol with the functions used (each function a line below it), then the connections no
  // decoder claimed.
  std::set<IpAddress> own(r.ips.begin(), r.ips.end());
  struct Peer {
    QString peer;
    QString protocol;
    QStringList functions;
    std::uint64_t requests = 0;
    std::uint64_t exceptions = 0;
    std::int64_t first = 0;
    std::int64_t last = 0;
    std::vector<const OperationRow*> operations;
  };
  std::map<std::pair<QString, QString>, Peer> sends;
  std::map<std::pair<QString, QString>, Peer> receives;
  auto add = [](std::map<std::pair<QString, QString>, Peer>& into, const QString& peer,
                const OperationRow& op) {
    Peer& p = into[{peer, op.protocol}];
    p.peer = peer;
    p.protocol = op.protocol;
    const QString name =
        op.function_name.isEmpty() ? QString::number(op.function) : op.function_name;
    if (!p.functions.contains(name)) p.functions << name;
    p.requests += op.requests;
    p.exceptions += op.exceptions;
    p.first = p.first == 0 ? op.first_seen_us : std::min(p.first, op.first_seen_us);
    p.last = std::max(p.last, op.last_seen_us);
    p.operations.push_back(&op);
  };
  for (const OperationRow& op : operations_->rows()) {
    if (own.contains(op.client)) add(sends, op.server_text, op);
    if (own.contains(op.server)) add(receives, op.client_text, op);
  }
  auto section = [this](const QString& title, const QString& arrow,
                        const std::map<std::pair<QString, QString>, Peer>& peers) {
    if (peers.empty()) return;
    QTreeWidgetItem* top = tree_->section(
        title, plural(peers.size(), "AssetDetail", QT_TRANSLATE_NOOP("AssetDetail", "%1 peer"),
                      QT_TRANSLATE_NOOP("AssetDetail", "%1 peers")));
    for (const auto& [key, p] : peers) {
      const QString counts =
          tr("%1 requests").arg(countText(p.requests)) +
          (p.exceptions ? tr(", %1 exceptions").arg(countText(p.exceptions)) : QString());
      QTreeWidgetItem* item = tree_->row(
          top, {arrow + p.peer,
                p.protocol + QStringLiteral(": ") + p.functions.join(QStringLiteral(", ")), counts,
                seenText(p.first, p.last)});
      for (const OperationRow* op : p.operations)
        tree_->row(item, {QString(),
                          OperationTraits::cell(*op, OperationTraits::Function) +
                              (op->detail.isEmpty() ? QString() : QStringLiteral(" ") + op->detail),
                          op->ranges.isEmpty() ? tr("%1 requests").arg(countText(op->requests))
                                               : op->ranges,
                          seenText(op->first_seen_us, op->last_seen_us)});
    }
  };
  section(tr("Commands it sends"), QStringLiteral("→ "), sends);
  section(tr("Commands it receives"), QStringLiteral("← "), receives);

  QTreeWidgetItem* other = nullptr;
  for (const LinkRow& l : links_->rows()) {
    if (!l.protocol.isEmpty()) continue;  // decoded links are listed above, by function
    const bool as_client = own.contains(l.client);
    if (!as_client && !own.contains(l.server)) continue;
    if (other == nullptr) other = tree_->section(tr("Other connections"));
    tree_->row(other, {(as_client ? QStringLiteral("→ ") + l.server_text
                                  : QStringLiteral("← ") + l.client_text),
                       QStringLiteral("%1/%2").arg(l.transport.toLower()).arg(l.port),
                       tr("%1 flows, %2").arg(countText(l.flows), bytesText(l.bytes)),
                       seenText(l.first_seen_us, l.last_seen_us)});
  }

  constexpr int kMaxRows = 200;
  QTreeWidgetItem* alerts = nullptr;
  int alert_count = 0;
  for (const AlertRow& al : alerts_->rows()) {
    if (al.state == detection::AlertState::Closed) continue;
    if (!own.contains(al.src) && !own.contains(al.dst)) continue;
    if (alerts == nullptr) alerts = tree_->section(tr("Open alerts"));
    if (++alert_count <= kMaxRows)
      tree_->row(alerts, {severityText(al.severity), ruleTitleText(al.rule),
                          al.src_text + QStringLiteral(" → ") + al.dst_text,
                          seenText(al.first_seen_us, al.last_seen_us)});
  }
  if (alert_count > kMaxRows) tree_->row(alerts, {tr("… and %1 more").arg(alert_count - kMaxRows)});
  tree_->fitColumns();

  // The auditor's form follows the selected asset; a refresh of the same asset keeps what the
  // user is typing.
  if (form_id_ != a->id || !formDirty()) {
    form_id_ = a->id;
    form_loaded_ = a->audit;
    setFormAudit(a->audit);
  }
  setFormEnabled(!read_only_);
  if (read_only_) {
    audit_note_->setText(tr("Read-only: %1").arg(read_only_reason_));
  } else if (a->audit.updated_us != 0) {
    audit_note_->setText(tr("Last saved %1").arg(timeText(a->audit.updated_us)));
  } else {
    audit_note_->clear();
  }
}

}  // namespace otscope::gui
