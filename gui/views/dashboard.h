// The Dashboard view: the plant at a glance in Qt Charts, from db/dashboard.h's series (the
// reader thread reads them, the Refresh carries them): alerts by severity over time, open alerts
// by rule, assets by role and by vendor, messages per protocol, top talkers, the last 24 h (new
// assets, identity changes) and the capture health of the running or latest run. Series are
// updated in place at every refresh. A click on a bar or an item asks for the matching view,
// filtered (filterRequested).
#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>
#include <vector>

#include "model/dashboard.h"
#include "model/inventory.h"

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QDateTimeAxis;
class QHorizontalBarSeries;
class QLabel;
class QLineSeries;
class QListWidget;
class QStackedBarSeries;
class QValueAxis;

namespace otscope::gui {

class DashboardView : public QWidget {
  Q_OBJECT
 public:
  explicit DashboardView(QWidget* parent = nullptr);
  ~DashboardView() override;

  /// Shows `dashboard`; names assets as the inventory does. Charts keep their objects: only the
  /// values and categories change.
  void setData(std::shared_ptr<const Dashboard> dashboard,
               std::shared_ptr<const Inventory> inventory);
  const Dashboard* data() const { return data_.get(); }

  /// One horizontal bar chart: its categories top to bottom, the values and the filter each
  /// bar's click applies.
  struct Bars {
    QString name;  // "rules", "roles", "vendors", "protocols", "talkers"
    QString title;
    QChartView* view = nullptr;
    QChart* chart = nullptr;
    QHorizontalBarSeries* series = nullptr;
    QBarSet* set = nullptr;
    QBarCategoryAxis* axis = nullptr;
    QValueAxis* values = nullptr;
    QStringList labels;            // as shown ("PLC  30"), top to bottom
    std::vector<qreal> numbers;    // top to bottom
    std::vector<QString> views;    // the view a click shows, per bar
    std::vector<QString> filters;  // its filter text
    std::vector<qint64> select;    // the row to select, -1 none
  };
  const Bars& bars(const QString& name) const;
  /// Alerts over time: per severity (low..critical) the values, per bucket the label.
  QStackedBarSeries* alertsSeries() const { return alerts_series_; }
  QStringList alertBuckets() const;
  QLineSeries* packetRate() const { return rate_; }
  QListWidget* recentList() const { return recent_; }
  QLabel* healthText() const { return health_text_; }

  /// What a click on bar `index` of chart `name` asks for (tests call it as a click does).
  void clickBar(const QString& name, int index);
  /// A click on the alerts-over-time chart: severity 0 (low) .. 3 (critical).
  void clickSeverity(int severity);
  /// A click on item `row` of the last-24-h list.
  void clickRecent(int row);

 signals:
  /// Show `view` filtered by `filter`, and select row `select_id` when >= 0.
  void filterRequested(QString view, QString filter, qint64 select_id);

 private:
  Bars* makeBars(const QString& name, const QString& title, const char* color);
  /// The bars of one chart as a refresh builds them, top to bottom.
  struct BarRows {
    QStringList labels;
    std::vector<qreal> values;
    std::vector<QString> views;    // the view a click shows
    std::vector<QString> filters;  // its filter text
    std::vector<qint64> select;    // the row to select, -1 none
    void add(const QString& label, std::uint64_t value, const QString& view, const QString& filter,
             qint64 select_id = -1);
  };
  void updateBars(Bars& b, BarRows rows, bool bytes = false);
  void updateAlerts();
  void updateRecent();
  void updateHealth();
  QString assetName(std::int64_t id, const std::string& ip, const std::string& mac) const;

  std::shared_ptr<const Dashboard> data_;
  std::shared_ptr<const Inventory> inventory_;
  std::vector<std::unique_ptr<Bars>> bars_;

  QChart* alerts_chart_ = nullptr;
  QStackedBarSeries* alerts_series_ = nullptr;
  QBarSet* severity_sets_[4] = {};
  QBarCategoryAxis* alerts_axis_ = nullptr;
  QValueAxis* alerts_values_ = nullptr;
  QStringList bucket_labels_;

  QLabel* recent_title_ = nullptr;
  QListWidget* recent_ = nullptr;
  struct RecentItem {
    QString filter;
    qint64 asset_id = -1;
  };
  std::vector<RecentItem> recent_items_;

  QChart* health_chart_ = nullptr;
  QLineSeries* rate_ = nullptr;
  QDateTimeAxis* health_time_ = nullptr;
  QValueAxis* health_values_ = nullptr;
  QLabel* health_text_ = nullptr;
  QLabel* subtitle_ = nullptr;
};

}  // namespace otscope::gui
