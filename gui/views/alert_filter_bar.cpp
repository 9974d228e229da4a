#include "gui/views/alert_filter_bar.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <set>

namespace otscope::gui {

namespace det = otscope::detection;

AlertFilterBar::AlertFilterBar(const AlertModel* model, ViewProxy* proxy, QWidget* parent)
    : QWidget(parent), model_(model), proxy_(proxy) {
  severity_ = new QComboBox(this);
  severity_->setObjectName(QStringLiteral("severityFilter"));
  severity_->setToolTip(tr("Minimum severity"));
  severity_->addItem(tr("Any severity"), -1);
  severity_->addItem(tr("Medium and above"), static_cast<int>(det::Severity::Medium));
  severity_->addItem(tr("High and above"), static_cast<int>(det::Severity::High));
  severity_->addItem(tr("Critical only"), static_cast<int>(det::Severity::Critical));

  state_ = new QComboBox(this);
  state_->setObjectName(QStringLiteral("stateFilter"));
  state_->setToolTip(tr("Alert state"));
  state_->addItem(tr("Open and acknowledged"), static_cast<int>(States::Active));
  state_->addItem(tr("Open"), static_cast<int>(States::Open));
  state_->addItem(tr("Acknowledged"), static_cast<int>(States::Acknowledged));
  state_->addItem(tr("Closed"), static_cast<int>(States::Closed));
  state_->addItem(tr("All states"), static_cast<int>(States::All));

  rule_ = new QComboBox(this);
  rule_->setObjectName(QStringLiteral("ruleFilter"));
  rule_->setToolTip(tr("Only alerts of this rule"));
  rule_->addItem(tr("Every rule"), -1);
  rule_->setSizeAdjustPolicy(QComboBox::AdjustToContents);

  range_ = new QComboBox(this);
  range_->setObjectName(QStringLiteral("rangeFilter"));
  range_->setToolTip(tr("Time range, relative to the newest alert"));
  range_->addItem(tr("Any time"), static_cast<int>(Range::Any));
  range_->addItem(tr("Last hour"), static_cast<int>(Range::Hour));
  range_->addItem(tr("Last 24 hours"), static_cast<int>(Range::Day));
  range_->addItem(tr("Last 7 days"), static_cast<int>(Range::Week));
  range_->addItem(tr("Between…"), static_cast<int>(Range::Custom));

  from_ = new QDateTimeEdit(this);
  to_ = new QDateTimeEdit(this);
  for (QDateTimeEdit* e : {from_, to_}) {
    e->setCalendarPopup(true);
    e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    e->setVisible(false);
  }

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(severity_);
  layout->addWidget(state_);
  layout->addWidget(rule_);
  layout->addWidget(range_);
  layout->addWidget(from_);
  layout->addWidget(to_);

  for (QComboBox* combo : {severity_, state_, rule_, range_})
    connect(combo, &QComboBox::currentIndexChanged, this, [this] { apply(); });
  connect(from_, &QDateTimeEdit::dateTimeChanged, this, [this] { apply(); });
  connect(to_, &QDateTimeEdit::dateTimeChanged, this, [this] { apply(); });
  proxy_->setPredicate([this](int row) { return accepts(row); });
}

void AlertFilterBar::setMinimumSeverity(int severity) {
  severity_->setCurrentIndex(std::max(0, severity_->findData(severity)));
}

void AlertFilterBar::setStates(States states) {
  state_->setCurrentIndex(std::max(0, state_->findData(static_cast<int>(states))));
}

void AlertFilterBar::setRule(const QString& rule_name) {
  const det::Rule* r = det::find_rule(rule_name.toStdString());
  update();
  rule_->setCurrentIndex(std::max(0, rule_->findData(r ? static_cast<int>(r->id) : -1)));
}

void AlertFilterBar::setRange(Range range) {
  range_->setCurrentIndex(std::max(0, range_->findData(static_cast<int>(range))));
}

void AlertFilterBar::setCustomRange(std::int64_t from_us, std::int64_t to_us) {
  from_->setDateTime(QDateTime::fromMSecsSinceEpoch(from_us / 1000));
  to_->setDateTime(QDateTime::fromMSecsSinceEpoch(to_us / 1000));
  setRange(Range::Custom);
}

void AlertFilterBar::clear() {
  severity_->setCurrentIndex(0);
  state_->setCurrentIndex(0);
  rule_->setCurrentIndex(0);
  range_->setCurrentIndex(0);
}

void AlertFilterBar::update() {
  // The rules present, by title; the current choice kept.
  std::set<int> present;
  std::int64_t newest = 0;
  for (const AlertRow& r : model_->rows()) {
    present.insert(static_cast<int>(r.rule));
    newest = std::max(newest, r.last_seen_us);
  }
  const int chosen = rule_->currentData().toInt();
  if (chosen >= 0) present.insert(chosen);
  std::vector<std::pair<QString, int>> items;
  for (int id : present) items.emplace_back(ruleTitleText(static_cast<det::RuleId>(id)), id);
  std::sort(items.begin(), items.end());
  bool same = rule_->count() == static_cast<int>(items.size()) + 1;
  for (std::size_t i = 0; same && i < items.size(); ++i)
    same = rule_->itemData(static_cast<int>(i) + 1).toInt() == items[i].second;
  if (!same) {
    const QSignalBlocker block(rule_);
    rule_->clear();
    rule_->addItem(tr("Every rule"), -1);
    for (const auto& [title, id] : items) rule_->addItem(title, id);
    rule_->setCurrentIndex(std::max(0, rule_->findData(chosen)));
  }
  if (newest != newest_us_) {
    newest_us_ = newest;
    if (range_->currentData().toInt() != static_cast<int>(Range::Any)) apply();
  }
}

void AlertFilterBar::apply() {
  min_severity_ = severity_->currentData().toInt();
  states_ = static_cast<States>(state_->currentData().toInt());
  rule_filter_ = rule_->currentData().toInt();
  const auto range = static_cast<Range>(range_->currentData().toInt());
  from_->setVisible(range == Range::Custom);
  to_->setVisible(range == Range::Custom);
  constexpr std::int64_t kHour = 3600LL * 1000000;
  switch (range) {
    case Range::Any:
      from_us_ = to_us_ = 0;
      break;
    case Range::Hour:
      from_us_ = newest_us_ - kHour, to_us_ = 0;
      break;
    case Range::Day:
      from_us_ = newest_us_ - 24 * kHour, to_us_ = 0;
      break;
    case Range::Week:
      from_us_ = newest_us_ - 7 * 24 * kHour, to_us_ = 0;
      break;
    case Range::Custom:
      from_us_ = from_->dateTime().toMSecsSinceEpoch() * 1000;
      to_us_ = to_->dateTime().toMSecsSinceEpoch() * 1000;
      break;
  }
  proxy_->refilter();
}

bool AlertFilterBar::accepts(int source_row) const {
  const AlertRow& r = model_->rowAt(source_row);
  if (static_cast<int>(r.severity) < min_severity_) return false;
  switch (states_) {
    case States::Active:
      if (r.state == det::AlertState::Closed) return false;
      break;
    case States::Open:
      if (r.state != det::AlertState::Open) return false;
      break;
    case States::Acknowledged:
      if (r.state != det::AlertState::Acknowledged) return false;
      break;
    case States::Closed:
      if (r.state != det::AlertState::Closed) return false;
      break;
    case States::All:
      break;
  }
  if (rule_filter_ >= 0 && static_cast<int>(r.rule) != rule_filter_) return false;
  // An alert is in the range when its occurrences overlap it.
  if (from_us_ != 0 && r.last_seen_us < from_us_) return false;
  if (to_us_ != 0 && r.first_seen_us > to_us_) return false;
  return true;
}

}  // namespace otscope::gui
