#include "gui/views/dashboard.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <map>

#include "gui/data/row_builders.h"
#include "gui/models/view_models.h"
#include "gui/text.h"
#include "model/asset_role.h"
#include "model/detection/rules.h"

namespace otscope::gui {

namespace {

// Bars of the open-alerts chart; the other rules share one.
constexpr int kShownRules = 10;

QColor chartColor(std::string_view hex) {
  return QColor(QString::fromLatin1(hex.data(), static_cast<qsizetype>(hex.size())));
}

QString count(std::uint64_t n) {
  return QLocale().toString(static_cast<qulonglong>(n));
}

QString roleText(const std::string& name) {
  AssetRole role{};
  if (name.empty() || !asset_role_from_name(name, role))
    return QCoreApplication::translate("otscope::gui::DashboardView", "no role yet");
  return QCoreApplication::translate("roles", std::string(asset_role_label(role)).c_str());
}

// A category shown on an axis: Qt Charts draws axis labels as rich text, so a wire string is
// escaped to appear as the text it is; long ones are cut.
QString axisLabel(const QString& text) {
  return text.toHtmlEscaped();
}

// A name cut to 22 characters.
QString shortName(const QString& text) {
  return text.size() > 22 ? text.left(21) + QChar(0x2026) : text;
}

// Categories must be unique: a second "Siemens" becomes "Siemens (2)".
QStringList uniqueLabels(const QStringList& labels) {
  QStringList out;
  std::map<QString, int> seen;
  for (const QString& l : labels) {
    const int n = ++seen[l];
    out << (n == 1 ? l : QStringLiteral("%1 (%2)").arg(l).arg(n));
  }
  return out;
}

// "PLC-1 (10.0.0.5)"; the address alone when it is the name.
QString withIp(const QString& name, const std::string& ip) {
  const QString address = QString::fromStdString(ip);
  return address.isEmpty() || name == address ? name : name + QStringLiteral(" (") + address + u')';
}

QString quoted(const QString& value) {
  QString v = value;
  v.remove(u'"');
  return u'"' + v + u'"';
}

QChartView* makeView(QChart* chart, QWidget* parent) {
  auto* view = new QChartView(chart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumSize(300, 220);
  chart->setMargins(QMargins(4, 4, 4, 4));
  chart->setAnimationOptions(QChart::NoAnimation);
  QFont f = chart->titleFont();
  f.setBold(true);
  chart->setTitleFont(f);
  return view;
}

}  // namespace

DashboardView::DashboardView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("dashboard"));
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(6, 6, 6, 6);
  subtitle_ = new QLabel(this);
  subtitle_->setObjectName(QStringLiteral("dashboardSubtitle"));
  subtitle_->setTextFormat(Qt::PlainText);
  subtitle_->setWordWrap(true);
  outer->addWidget(subtitle_);
  auto* grid = new QGridLayout;
  outer->addLayout(grid, 1);

  // Alerts raised per time bucket, stacked by severity.
  alerts_chart_ = new QChart;
  alerts_chart_->setTitle(tr("Alerts raised by severity"));
  alerts_series_ = new QStackedBarSeries(alerts_chart_);
  static const char* kSeverities[] = {QT_TR_NOOP("Low"), QT_TR_NOOP("Medium"), QT_TR_NOOP("High"),
                                      QT_TR_NOOP("Critical")};
  for (int s = 0; s < 4; ++s) {
    severity_sets_[s] = new QBarSet(tr(kSeverities[s]), alerts_series_);
    severity_sets_[s]->setColor(chartColor(kSeverityChartColors[static_cast<std::size_t>(s)]));
    severity_sets_[s]->setBorderColor(severity_sets_[s]->color().darker(130));
    alerts_series_->append(severity_sets_[s]);
  }
  alerts_chart_->addSeries(alerts_series_);
  alerts_axis_ = new QBarCategoryAxis(alerts_chart_);
  alerts_axis_->setTruncateLabels(false);
  alerts_values_ = new QValueAxis(alerts_chart_);
  alerts_values_->setLabelFormat(QStringLiteral("%d"));
  alerts_chart_->addAxis(alerts_axis_, Qt::AlignBottom);
  alerts_chart_->addAxis(alerts_values_, Qt::AlignLeft);
  alerts_series_->attachAxis(alerts_axis_);
  alerts_series_->attachAxis(alerts_values_);
  alerts_chart_->legend()->setAlignment(Qt::AlignTop);
  connect(alerts_series_, &QStackedBarSeries::clicked, this, [this](int, QBarSet* set) {
    for (int s = 0; s < 4; ++s)
      if (set == severity_sets_[s]) clickSeverity(s);
  });
  grid->addWidget(makeView(alerts_chart_, this), 0, 0, 1, 2);

  Bars* rules =
      makeBars(QStringLiteral("rules"), tr("Open alerts by rule"), kChartPalette[7].data());
  grid->addWidget(rules->view, 0, 2);
  grid->addWidget(
      makeBars(QStringLiteral("roles"), tr("Assets by role"), kChartPalette[0].data())->view, 1, 0);
  grid->addWidget(
      makeBars(QStringLiteral("vendors"), tr("Assets by vendor"), kChartPalette[1].data())->view, 1,
      1);
  grid->addWidget(
      makeBars(QStringLiteral("protocols"), tr("Messages per protocol"), kChartPalette[2].data())
          ->view,
      1, 2);
  grid->addWidget(makeBars(QStringLiteral("talkers"), tr("Top talkers (bytes sent and received)"),
                           kChartPalette[3].data())
                      ->view,
                  2, 0);

  // The last 24 h: counts and the newest items.
  auto* recent_box = new QWidget(this);
  auto* recent_layout = new QVBoxLayout(recent_box);
  recent_layout->setContentsMargins(4, 4, 4, 4);
  recent_title_ = new QLabel(recent_box);
  recent_title_->setObjectName(QStringLiteral("recentTitle"));
  recent_title_->setTextFormat(Qt::PlainText);
  recent_title_->setWordWrap(true);
  QFont bold = recent_title_->font();
  bold.setBold(true);
  recent_title_->setFont(bold);
  recent_ = new QListWidget(recent_box);
  recent_->setObjectName(QStringLiteral("recentList"));
  recent_->setToolTip(tr("Double-click or Enter opens the device"));
  recent_layout->addWidget(recent_title_);
  recent_layout->addWidget(recent_, 1);
  connect(recent_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { clickRecent(recent_->row(item)); });
  grid->addWidget(recent_box, 2, 1);

  // Capture health: packets per second of the followed run, and its counters.
  auto* health_box = new QWidget(this);
  auto* health_layout = new QVBoxLayout(health_box);
  health_layout->setContentsMargins(0, 0, 0, 0);
  health_chart_ = new QChart;
  health_chart_->setTitle(tr("Capture health: packets per second"));
  health_chart_->legend()->hide();
  rate_ = new QLineSeries(health_chart_);
  rate_->setColor(chartColor(kChartPalette[0]));
  health_chart_->addSeries(rate_);
  health_time_ = new QDateTimeAxis(health_chart_);
  health_time_->setFormat(QStringLiteral("HH:mm:ss"));
  health_time_->setTickCount(4);
  health_values_ = new QValueAxis(health_chart_);
  health_values_->setLabelFormat(QStringLiteral("%.0f"));
  health_chart_->addAxis(health_time_, Qt::AlignBottom);
  health_chart_->addAxis(health_values_, Qt::AlignLeft);
  rate_->attachAxis(health_time_);
  rate_->attachAxis(health_values_);
  health_layout->addWidget(makeView(health_chart_, health_box), 1);
  health_text_ = new QLabel(health_box);
  health_text_->setObjectName(QStringLiteral("healthText"));
  health_text_->setTextFormat(Qt::PlainText);
  health_text_->setWordWrap(true);
  health_layout->addWidget(health_text_);
  grid->addWidget(health_box, 2, 2);

  for (int c = 0; c < 3; ++c) grid->setColumnStretch(c, 1);
  for (int r = 0; r < 3; ++r) grid->setRowStretch(r, 1);
  subtitle_->setText(tr("Reading the database…"));
}

DashboardView::~DashboardView() = default;

DashboardView::Bars* DashboardView::makeBars(const QString& name, const QString& title,
                                             const char* color) {
  auto b = std::make_unique<Bars>();
  b->name = name;
  b->title = title;
  b->chart = new QChart;
  b->chart->setTitle(title);
  b->chart->legend()->hide();
  b->series = new QHorizontalBarSeries(b->chart);
  b->set = new QBarSet(title, b->series);
  b->set->setColor(QColor(QString::fromLatin1(color)));
  b->series->append(b->set);
  b->chart->addSeries(b->series);
  b->axis = new QBarCategoryAxis(b->chart);
  b->axis->setTruncateLabels(false);  // cut to 24 characters here: all of them stay readable
  b->values = new QValueAxis(b->chart);
  b->values->setLabelFormat(QStringLiteral("%.0f"));
  b->values->setTickCount(3);
  b->chart->addAxis(b->axis, Qt::AlignLeft);
  b->chart->addAxis(b->values, Qt::AlignBottom);
  b->series->attachAxis(b->axis);
  b->series->attachAxis(b->values);
  b->view = makeView(b->chart, this);
  b->view->setObjectName(name + QStringLiteral("Chart"));
  Bars* raw = b.get();
  // Categories are added bottom to top: bar `index` is raw->labels[count - 1 - index].
  connect(b->series, &QHorizontalBarSeries::clicked, this, [this, raw](int index, QBarSet*) {
    clickBar(raw->name, static_cast<int>(raw->labels.size()) - 1 - index);
  });
  bars_.push_back(std::move(b));
  return raw;
}

const DashboardView::Bars& DashboardView::bars(const QString& name) const {
  for (const auto& b : bars_)
    if (b->name == name) return *b;
  static const Bars kNone;
  return kNone;
}

QStringList DashboardView::alertBuckets() const {
  return bucket_labels_;
}

void DashboardView::BarRows::add(const QString& label, std::uint64_t value, const QString& view,
                                 const QString& filter, qint64 select_id) {
  labels << label;
  values.push_back(static_cast<qreal>(value));
  views.push_back(view);
  filters.push_back(filter);
  select.push_back(select_id);
}

void DashboardView::updateBars(Bars& b, BarRows rows, bool bytes) {
  const QStringList& labels = rows.labels;
  const std::vector<qreal>& values = rows.values;
  b.views = std::move(rows.views);
  b.filters = std::move(rows.filters);
  b.select = std::move(rows.select);
  // The value goes with its label ("PLC  30"): bar labels of Qt Charts vanish on short bars.
  QStringList shown;
  for (int i = 0; i < labels.size(); ++i) {
    const auto v = static_cast<std::uint64_t>(values[static_cast<std::size_t>(i)]);
    shown << QStringLiteral("%1  %2").arg(shortName(labels[i]), bytes ? bytesText(v) : count(v));
  }
  const QStringList unique = uniqueLabels(shown);
  b.chart->setTitle(values.empty() ? tr("%1: none yet").arg(b.title) : b.title);
  if (unique == b.labels && values == b.numbers) return;
  const int n = static_cast<int>(values.size());
  if (unique == b.labels) {
    for (int i = 0; i < n; ++i) b.set->replace(n - 1 - i, values[static_cast<std::size_t>(i)]);
  } else {
    b.set->remove(0, b.set->count());
    QStringList categories;
    QList<qreal> bottom_up;
    for (int i = n - 1; i >= 0; --i) {
      categories << axisLabel(unique[i]);
      bottom_up << values[static_cast<std::size_t>(i)];
    }
    b.axis->clear();
    b.axis->append(categories);
    b.set->append(bottom_up);
  }
  b.labels = unique;
  b.numbers = values;
  const qreal max = values.empty() ? 1 : *std::max_element(values.begin(), values.end());
  b.values->setRange(0, std::max<qreal>(1, max * 1.15));
  b.values->applyNiceNumbers();
}

QString DashboardView::assetName(std::int64_t id, const std::string& ip,
                                 const std::string& mac) const {
  if (inventory_) {
    for (const InventoryAsset& a : inventory_->assets) {
      if (a.id != id) continue;
      const std::string name = a.display_name();
      if (!name.empty()) {
        return wireText(name);
      }
    }
  }
  return QString::fromStdString(ip.empty() ? mac : ip);
}

void DashboardView::setData(std::shared_ptr<const Dashboard> dashboard,
                            std::shared_ptr<const Inventory> inventory) {
  if (!dashboard) return;
  data_ = std::move(dashboard);
  if (inventory) inventory_ = std::move(inventory);
  const Dashboard& d = *data_;
  subtitle_->setText(
      d.newest_us > 0
          ? tr("Newest time in the database: %1 (now for a live sensor, the end of the capture for "
               "a replay); \"last 24 h\" ends there. Click a bar or an item to open the matching "
               "view, filtered.")
                .arg(timeText(d.newest_us))
          : tr("The database is empty: replay a capture or open the database a sensor writes."));

  updateAlerts();
  {
    BarRows rows;
    std::uint64_t other = 0;
    for (const DashboardCount& c : d.open_alerts_by_rule) {
      if (rows.labels.size() == kShownRules) {
        other += c.value;
        continue;
      }
      // The rule's title, in the console's language, as the alerts view words it.
      const detection::Rule* rule = detection::find_rule(c.key);
      rows.add(rule != nullptr ? ruleTitleText(rule->id) : wireText(c.key), c.value,
               QStringLiteral("alerts"),
               QStringLiteral("rule:%1 -state:closed").arg(quoted(wireText(c.key))));
    }
    if (other > 0)  // the rest in one bar: every open alert
      rows.add(tr("other rules"), other, QStringLiteral("alerts"), QStringLiteral("-state:closed"));
    updateBars(*bars_[0], std::move(rows));
  }
  {
    BarRows rows;
    for (const DashboardCount& c : d.assets_by_role) {
      // Assets without a role have an empty Role cell: no filter term finds them alone.
      rows.add(roleText(c.key), c.value, QStringLiteral("assets"),
               c.key.empty() ? QString() : QStringLiteral("role:%1").arg(quoted(roleText(c.key))));
    }
    updateBars(*bars_[1], std::move(rows));
  }
  {
    BarRows rows;
    for (const VendorCount& v : d.assets_by_vendor) {
      const bool other = v.vendor == kOtherVendors;
      rows.add(other             ? tr("other or unknown")
               : v.from_identity ? wireText(v.vendor)
                                 : tr("%1 (MAC)").arg(wireText(v.vendor)),
               v.assets, QStringLiteral("assets"),
               other ? QString()
                     : QStringLiteral("%1:%2").arg(v.from_identity ? QStringLiteral("vendor")
                                                                   : QStringLiteral("mac_vendor"),
                                                   quoted(wireText(v.vendor))));
    }
    updateBars(*bars_[2], std::move(rows));
  }
  {
    BarRows rows;
    for (const DashboardCount& c : d.messages_by_protocol)
      rows.add(protocolText(c.key), c.value, QStringLiteral("operations"),
               QStringLiteral("proto:%1").arg(quoted(protocolText(c.key))));
    updateBars(*bars_[3], std::move(rows));
  }
  {
    BarRows rows;
    for (const DashboardAsset& a : d.top_talkers)
      rows.add(assetName(a.id, a.ip, a.mac), a.bytes_sent + a.bytes_received,
               QStringLiteral("assets"),
               a.ip.empty() ? QStringLiteral("mac:%1").arg(QString::fromStdString(a.mac))
                            : QStringLiteral("ip:%1").arg(QString::fromStdString(a.ip)),
               a.id);
    updateBars(*bars_[4], std::move(rows), /*bytes=*/true);
  }
  updateRecent();
  updateHealth();
}

void DashboardView::updateAlerts() {
  const Dashboard& d = *data_;
  const bool hours = d.bucket_us == Dashboard::kHourUs;
  const bool cut = d.alerts_over_time.size() == Dashboard::kMaxBuckets;
  QString unit;
  switch (d.bucket_us) {
    case Dashboard::kHourUs:
      unit = cut ? tr("per hour (UTC), the last %1 hours") : tr("per hour (UTC)");
      break;
    case Dashboard::kDayUs:
      unit = cut ? tr("per day (UTC), the last %1 days") : tr("per day (UTC)");
      break;
    case Dashboard::kWeekUs:
      unit = cut ? tr("per week (UTC), the last %1 weeks") : tr("per week (UTC)");
      break;
    default:
      unit = cut ? tr("per 30 days (UTC), the last %1 periods") : tr("per 30 days (UTC)");
  }
  if (cut) unit = unit.arg(Dashboard::kMaxBuckets);
  alerts_chart_->setTitle(d.alerts_over_time.empty()
                              ? tr("Alerts raised by severity: none yet")
                              : tr("Alerts raised by severity, %1").arg(unit));
  QStringList labels;
  const int n = static_cast<int>(d.alerts_over_time.size());
  // About eight dates under the axis; the other categories are blank (made unique with
  // zero-width spaces, as a category axis needs).
  const int step = std::max(1, (n + 7) / 8);
  for (int i = 0; i < n; ++i) {
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(
        d.alerts_over_time[static_cast<std::size_t>(i)].start_us / 1000, Qt::UTC);
    labels << (i % step == 0 ? t.toString(hours ? QStringLiteral("MM-dd HH:00")
                                                : QStringLiteral("yyyy-MM-dd"))
                             : QString(i + 1, QChar(0x200b)));
  }
  qreal max = 1;
  for (const SeverityBucket& b : d.alerts_over_time) {
    std::uint64_t total = 0;
    for (std::uint64_t c : b.counts) total += c;
    max = std::max(max, static_cast<qreal>(total));
  }
  if (labels != bucket_labels_) {
    for (QBarSet* set : severity_sets_) set->remove(0, set->count());
    alerts_axis_->clear();
    alerts_axis_->append(labels);
    for (int s = 0; s < 4; ++s) {
      QList<qreal> values;
      for (const SeverityBucket& b : d.alerts_over_time)
        values << static_cast<qreal>(b.counts[static_cast<std::size_t>(s)]);
      severity_sets_[s]->append(values);
    }
    bucket_labels_ = labels;
  } else {
    for (int s = 0; s < 4; ++s)
      for (int i = 0; i < n; ++i) {
        const qreal v = static_cast<qreal>(
            d.alerts_over_time[static_cast<std::size_t>(i)].counts[static_cast<std::size_t>(s)]);
        if (severity_sets_[s]->at(i) != v) severity_sets_[s]->replace(i, v);
      }
  }
  // Whole numbers of alerts on the axis.
  const int top = static_cast<int>(std::ceil(max));
  alerts_values_->setRange(0, top);
  alerts_values_->setTickCount(top <= 5 ? top + 1 : 6);
  if (top > 5) alerts_values_->applyNiceNumbers();
}

void DashboardView::updateRecent() {
  const Dashboard& d = *data_;
  recent_title_->setText(tr("Last 24 h: new assets %1, identity or address changes %2")
                             .arg(count(d.new_assets_24h), count(d.changes_24h)));
  std::vector<RecentItem> items;
  QStringList texts;
  for (const DashboardAsset& a : d.new_assets) {
    texts << tr("New: %1, %2, first seen %3")
                 .arg(withIp(assetName(a.id, a.ip, a.mac), a.ip), roleText(a.role),
                      timeText(a.first_seen_us));
    items.push_back({a.ip.empty() ? QStringLiteral("mac:%1").arg(QString::fromStdString(a.mac))
                                  : QStringLiteral("ip:%1").arg(QString::fromStdString(a.ip)),
                     a.id});
  }
  for (const DashboardChange& c : d.changes) {
    const QString who = QString::fromStdString(c.ip.empty() ? c.mac : c.ip);
    texts << tr("Changed: %1 %2 from \"%3\" to \"%4\" at %5")
                 .arg(who, wireText(c.field), wireText(c.old_value), wireText(c.new_value),
                      timeText(c.changed_at_us));
    items.push_back({c.ip.empty() ? QStringLiteral("mac:%1").arg(QString::fromStdString(c.mac))
                                  : QStringLiteral("ip:%1").arg(QString::fromStdString(c.ip)),
                     -1});
  }
  recent_items_ = std::move(items);
  // In place: items keep their objects, so the selection and the scroll position stay.
  for (int i = 0; i < texts.size(); ++i) {
    if (i < recent_->count()) {
      if (recent_->item(i)->text() != texts[i]) recent_->item(i)->setText(texts[i]);
    } else {
      recent_->addItem(texts[i]);
    }
  }
  while (recent_->count() > texts.size()) delete recent_->takeItem(recent_->count() - 1);
}

void DashboardView::updateHealth() {
  const Dashboard& d = *data_;
  QList<QPointF> points;
  qreal max = 1;
  for (std::size_t i = 1; i < d.health.size(); ++i) {
    const HealthSample& a = d.health[i - 1];
    const HealthSample& b = d.health[i];
    const double seconds = static_cast<double>(b.time_us - a.time_us) / 1e6;
    if (seconds <= 0 || b.packets < a.packets) continue;
    const qreal rate = static_cast<qreal>(b.packets - a.packets) / seconds;
    points << QPointF(static_cast<qreal>(b.time_us / 1000), rate);
    max = std::max(max, rate);
  }
  if (points != rate_->points()) rate_->replace(points);
  if (!points.isEmpty()) {
    health_time_->setRange(QDateTime::fromMSecsSinceEpoch(
                               static_cast<qint64>(d.health.front().time_us / 1000), Qt::UTC),
                           QDateTime::fromMSecsSinceEpoch(
                               static_cast<qint64>(d.health.back().time_us / 1000), Qt::UTC));
  }
  health_values_->setRange(0, max * 1.1);
  health_values_->applyNiceNumbers();
  health_time_->setVisible(!points.isEmpty());
  health_values_->setVisible(!points.isEmpty());

  if (d.run.id == 0) {
    health_text_->setText(tr("No capture run yet."));
    return;
  }
  const QString status =
      d.run.alive ? tr("running now") : QCoreApplication::translate("runs", d.run.status.c_str());
  QString text = tr("Run %1 (%2), %3.").arg(d.run.id).arg(wireText(d.run.source), status);
  if (d.run.samples_stored == 0) {
    text += u' ' + tr("No health samples stored for this run (written by an older otscope).");
  } else {
    const HealthSample& s = d.run.last;
    text += u' ' + tr("Packets %1, kernel drops %2, TCP gaps %3 (%4 bytes), out of order %5, "
                      "flows evicted %6, malformed frames %7, kept out by caps %8.")
                       .arg(count(s.packets), count(s.drops), count(s.tcp_gaps),
                            count(s.tcp_gap_bytes), count(s.out_of_order), count(s.flows_evicted),
                            count(s.malformed), count(s.limit_drops));
    if (points.isEmpty())
      text += u' ' + tr("Too few samples for a rate (a short replay is one sample).");
  }
  health_text_->setText(text);
}

void DashboardView::clickBar(const QString& name, int index) {
  for (const auto& b : bars_) {
    if (b->name != name) continue;
    if (index < 0 || index >= static_cast<int>(b->filters.size())) return;
    const auto i = static_cast<std::size_t>(index);
    if (b->filters[i].isEmpty()) return;
    emit filterRequested(b->views[i], b->filters[i], b->select[i]);
  }
}

void DashboardView::clickSeverity(int severity) {
  if (severity < 0 || severity > 3) return;
  // As the Severity column says it (translated).
  emit filterRequested(QStringLiteral("alerts"),
                       QStringLiteral("severity:%1")
                           .arg(quoted(severityText(static_cast<detection::Severity>(severity)))),
                       -1);
}

void DashboardView::clickRecent(int row) {
  if (row < 0 || row >= static_cast<int>(recent_items_.size())) return;
  const RecentItem& item = recent_items_[static_cast<std::size_t>(row)];
  emit filterRequested(QStringLiteral("assets"), item.filter, item.asset_id);
}

}  // namespace otscope::gui
