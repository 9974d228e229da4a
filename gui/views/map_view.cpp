#include "gui/views/map_view.h"

#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QFile>
#include <QFileDialog>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QPainterPathStroker>
#include <QPointer>
#include <QScrollBar>
#include <QShowEvent>
#include <QStyleOptionGraphicsItem>
#include <QThreadPool>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <cmath>

#include "gui/text.h"
#include "protocols/registry.h"

namespace otscope::gui {

namespace {

QColor qcolor(const netmap::Rgb& c) {
  return QColor(c.r, c.g, c.b);
}

QPolygonF polygon(const std::vector<netmap::Point>& points) {
  QPolygonF p;
  for (const netmap::Point& q : points) p << QPointF(q.x, q.y);
  return p;
}

QPainterPath curvePath(const std::vector<netmap::Point>& c) {
  QPainterPath path;
  if (c.empty()) return path;
  path.moveTo(c[0].x, c[0].y);
  for (std::size_t k = 1; k + 2 < c.size(); k += 3)
    path.cubicTo(c[k].x, c[k].y, c[k + 1].x, c[k + 1].y, c[k + 2].x, c[k + 2].y);
  return path;
}

QString roleText(AssetRole role) {
  switch (role) {
    case AssetRole::Plc:
      return QCoreApplication::translate("otscope::gui::MapView", "PLC");
    case AssetRole::Rtu:
      return QCoreApplication::translate("otscope::gui::MapView", "RTU / outstation");
    case AssetRole::Gateway:
      return QCoreApplication::translate("otscope::gui::MapView", "Gateway");
    case AssetRole::Hmi:
      return QCoreApplication::translate("otscope::gui::MapView", "HMI / SCADA client");
    case AssetRole::ScadaMaster:
      return QCoreApplication::translate("otscope::gui::MapView", "SCADA master");
    case AssetRole::EngineeringWorkstation:
      return QCoreApplication::translate("otscope::gui::MapView", "Engineering station");
    case AssetRole::Historian:
      return QCoreApplication::translate("otscope::gui::MapView", "Historian");
    case AssetRole::Router:
      return QCoreApplication::translate("otscope::gui::MapView", "Router");
    case AssetRole::ItHost:
      return QCoreApplication::translate("otscope::gui::MapView", "IT host");
    case AssetRole::Unknown:
      break;
  }
  return QCoreApplication::translate("otscope::gui::MapView", "Unknown role");
}

QString protocolText(const std::string& p) {
  if (p.empty()) return QCoreApplication::translate("otscope::gui::MapView", "several protocols");
  if (const auto known = find_protocol(p)) {
    const std::string_view name = known->display_name();
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
  }
  return wireText(p);
}

QString opsText(const std::set<OpClass>& ops) {
  QStringList out;
  for (OpClass c : ops) {
    const std::string_view name = op_class_name(c);
    out << QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
  }
  return out.join(QStringLiteral(", "));
}

}  // namespace

// ---- scene items
// ---------------------------------------------------------------------------------

/// A device or a collapsed group: the role's shape, two lines of plain text, the alert badge.
class MapNodeItem : public QGraphicsItem {
 public:
  MapNodeItem(MapView* view, int index, const netmap::MapNode& node) : view_(view), index_(index) {
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setZValue(2);
    setNode(node);
  }
  void setNode(const netmap::MapNode& n) {
    group_ = n.group;
    const netmap::RoleStyle& st = n.group ? netmap::group_style() : netmap::role_style(n.role);
    shape_ =
        polygon(netmap::shape_outline(st.shape, {-netmap::kNodeWidth / 2, -netmap::kNodeHeight / 2,
                                                 netmap::kNodeWidth, netmap::kNodeHeight}));
    fill_ = qcolor(st.fill);
    border_ = qcolor(st.border);
    dashed_ = !n.group && n.role == AssetRole::Unknown;
    line1_ = wireText(n.name.empty() ? n.mac : n.name);
    if (n.group)
      line2_ = plural(n.members, "otscope::gui::MapView",
                      QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 asset"),
                      QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 assets"));
    else
      line2_ = n.ip == n.name ? QString() : QString::fromStdString(n.ip);
    alerts_ = n.open_alerts;
    QString tip = line1_;
    if (n.group) {
      tip +=
          QStringLiteral("\n") + line2_ + QStringLiteral("\n") +
          QCoreApplication::translate("otscope::gui::MapView", "Double-click to expand the group.");
    } else {
      if (!n.ip.empty() && n.ip != n.name)
        tip += QStringLiteral("\n") + QString::fromStdString(n.ip);
      if (!n.mac.empty()) tip += QStringLiteral("\n") + QString::fromStdString(n.mac);
      tip += QStringLiteral("\n") + roleText(n.role);
      tip += QStringLiteral("\n") + QCoreApplication::translate("otscope::gui::MapView",
                                                                "Double-click to open the asset.");
    }
    if (alerts_ > 0)
      tip += QStringLiteral("\n") +
             plural(alerts_, "otscope::gui::MapView",
                    QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 open alert"),
                    QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 open alerts"));
    setToolTip(plainToolTip(tip));
    update();
  }
  int index() const { return index_; }
  QRectF boundingRect() const override {
    return QRectF(-netmap::kNodeWidth / 2 - 10, -netmap::kNodeHeight / 2 - 14,
                  netmap::kNodeWidth + 24, netmap::kNodeHeight + 24);
  }
  QPainterPath shape() const override {
    QPainterPath p;
    p.addPolygon(shape_);
    p.closeSubpath();
    return p;
  }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) override {
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing, lod > 0.3);
    QPen pen(isSelected() ? QColor(0x0d, 0x47, 0xa1) : border_,
             isSelected() ? 3.5 : (group_ ? 2.5 : 1.5));
    if (dashed_ && !isSelected()) pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(fill_);
    painter->drawPolygon(shape_);
    if (lod > 0.35) {
      QFont f = painter->font();
      f.setPointSizeF(8.5);
      f.setBold(true);
      painter->setFont(f);
      painter->setPen(QColor(0x21, 0x21, 0x21));
      const QFontMetricsF fm(f);
      const double w = netmap::kNodeWidth - 14;
      const QString l1 = fm.elidedText(line1_, Qt::ElideRight, w);
      if (line2_.isEmpty()) {
        painter->drawText(QRectF(-w / 2, -10, w, 20), Qt::AlignCenter, l1);
      } else {
        painter->drawText(QRectF(-w / 2, -18, w, 18), Qt::AlignHCenter | Qt::AlignBottom, l1);
        f.setBold(false);
        f.setPointSizeF(7.5);
        painter->setFont(f);
        painter->setPen(QColor(0x42, 0x42, 0x42));
        painter->drawText(QRectF(-w / 2, 1, w, 16), Qt::AlignHCenter | Qt::AlignTop,
                          QFontMetricsF(f).elidedText(line2_, Qt::ElideRight, w));
      }
    }
    if (alerts_ > 0) {
      const QPointF c(netmap::kNodeWidth / 2 - 2, -netmap::kNodeHeight / 2 + 2);
      painter->setPen(QPen(Qt::white, 1.5));
      painter->setBrush(qcolor(netmap::badge_color()));
      painter->drawEllipse(c, 10, 10);
      if (lod > 0.25) {
        QFont f = painter->font();
        f.setPointSizeF(7);
        f.setBold(true);
        painter->setFont(f);
        painter->drawText(QRectF(c.x() - 10, c.y() - 10, 20, 20), Qt::AlignCenter,
                          alerts_ > 99 ? QStringLiteral("99+") : QString::number(alerts_));
      }
    }
  }

 protected:
  QVariant itemChange(GraphicsItemChange change, const QVariant& value) override {
    if (change == ItemPositionHasChanged && !placing_) view_->nodeMoving(index_, pos());
    return QGraphicsItem::itemChange(change, value);
  }
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override {
    pressed_at_ = pos();
    QGraphicsItem::mousePressEvent(event);
  }
  void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override {
    QGraphicsItem::mouseReleaseEvent(event);
    if (pos() != pressed_at_) view_->nodeDropped(index_);
  }
  void mouseDoubleClickEvent(QGraphicsSceneMouseEvent*) override {
    view_->activateNode(QString::fromStdString(view_->map().nodes[index_].key));
  }

 public:
  /// Places the item without reporting a move.
  void place(QPointF p) {
    placing_ = true;
    setPos(p);
    placing_ = false;
  }

 private:
  MapView* view_;
  int index_;
  bool group_ = false;
  QPolygonF shape_;
  QColor fill_;
  QColor border_;
  bool dashed_ = false;
  QString line1_;
  QString line2_;
  std::uint64_t alerts_ = 0;
  QPointF pressed_at_;
  bool placing_ = false;
};

/// One link (or a collapsed group's links): the curve and its arrowhead.
class MapEdgeItem : public QGraphicsPathItem {
 public:
  MapEdgeItem(MapView* view, int index, const netmap::MapEdge& e) : view_(view), index_(index) {
    setFlags(ItemIsSelectable);
    setZValue(e.dangerous ? 1.5 : 1);
    color_ = e.dangerous ? qcolor(netmap::dangerous_color())
                         : qcolor(netmap::protocol_color(e.protocol));
    core_ = qcolor(netmap::protocol_color(e.protocol));
    width_ = e.dangerous ? netmap::kDangerousWidth : netmap::kEdgeWidth;
    dangerous_ = e.dangerous;
    setPen(QPen(color_, width_));
  }
  void setCurve(const std::vector<netmap::Point>& curve) {
    prepareGeometryChange();
    setPath(curvePath(curve));
    arrow_ = polygon(netmap::arrow_head(curve, dangerous_ ? 12 : 9));
  }
  int index() const { return index_; }
  QRectF boundingRect() const override {
    return QGraphicsPathItem::boundingRect().united(arrow_.boundingRect()).adjusted(-4, -4, 4, 4);
  }
  QPainterPath shape() const override {
    QPainterPathStroker s;
    s.setWidth(std::max(8.0, width_ + 4));
    return s.createStroke(path());
  }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) override {
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing, lod > 0.3);
    const QColor c = isSelected() ? QColor(0x0d, 0x47, 0xa1) : color_;
    painter->setPen(QPen(c, isSelected() ? width_ + 1.5 : width_));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path());
    if (dangerous_ && !isSelected()) {
      painter->setPen(QPen(core_, 1));
      painter->drawPath(path());
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(c);
    painter->drawPolygon(arrow_);
  }

 protected:
  void mouseDoubleClickEvent(QGraphicsSceneMouseEvent*) override { view_->activateEdge(index_); }

 private:
  MapView* view_;
  int index_;
  QColor color_;
  QColor core_;
  double width_ = 1;
  bool dangerous_ = false;
  QPolygonF arrow_;
};

/// An expanded group: a dashed frame around its members with its name.
class MapGroupItem : public QGraphicsItem {
 public:
  MapGroupItem(MapView* view, int index, QString title)
      : view_(view), index_(index), title_(std::move(title)) {
    setZValue(0);
    setToolTip(
        plainToolTip(title_ + QStringLiteral("\n") +
                     QCoreApplication::translate("otscope::gui::MapView",
                                                 "Double-click the frame to collapse the group.")));
  }
  void setRect(const QRectF& r) {
    prepareGeometryChange();
    rect_ = r;
  }
  int index() const { return index_; }
  QRectF boundingRect() const override { return rect_.adjusted(-2, -2, 2, 2); }
  QPainterPath shape() const override {
    // The frame and the title bar only: a click inside reaches the members or the background.
    QPainterPath outer, inner;
    outer.addRect(rect_);
    inner.addRect(rect_.adjusted(8, netmap::kGroupTitle + 2, -8, -8));
    return outer.subtracted(inner);
  }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(QColor(0x90, 0xa4, 0xae), 1.2, Qt::DashLine));
    painter->setBrush(QColor(0xf5, 0xf7, 0xfa));
    painter->drawRoundedRect(rect_, 8, 8);
    QFont f = painter->font();
    f.setPointSizeF(9);
    f.setBold(true);
    painter->setFont(f);
    painter->setPen(QColor(0x45, 0x5a, 0x64));
    painter->drawText(rect_.adjusted(8, 3, -8, 0), Qt::AlignLeft | Qt::AlignTop,
                      QFontMetricsF(f).elidedText(title_, Qt::ElideRight, rect_.width() - 16));
  }

 protected:
  void mouseDoubleClickEvent(QGraphicsSceneMouseEvent*) override { view_->groupActivated(index_); }

 private:
  MapView* view_;
  int index_;
  QString title_;
  QRectF rect_;
};

/// What the shapes and colours mean, drawn from the same style table as the map.
class MapLegend : public QWidget {
 public:
  explicit MapLegend(QWidget* parent) : QWidget(parent) { setMinimumHeight(44); }
  void setProtocols(std::set<std::string> protocols) {
    protocols_ = std::move(protocols);
    update();
  }
  QSize sizeHint() const override { return {800, 44}; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QFont f = font();
    f.setPointSizeF(8);
    p.setFont(f);
    const QFontMetrics fm(f);
    double x = 6, y = 4;
    auto room = [&](double w) {
      if (x + w > width() - 6) x = 6, y += 20;
      const double at = x;
      x += w + 14;
      return at;
    };
    for (AssetRole role : netmap::legend_roles()) {
      const netmap::RoleStyle& st = netmap::role_style(role);
      const QString label = roleText(role);
      const double at = room(30 + fm.horizontalAdvance(label));
      p.setPen(QPen(qcolor(st.border), 1));
      p.setBrush(qcolor(st.fill));
      p.drawPolygon(polygon(netmap::shape_outline(st.shape, {at + 3, y + 2, 20, 12})));
      p.setPen(palette().color(QPalette::WindowText));
      p.drawText(QPointF(at + 28, y + 12), label);
    }
    x = 6, y += 20;
    auto line = [&](const QString& label, QColor c, double w) {
      const double at = room(36 + fm.horizontalAdvance(label));
      p.setPen(QPen(c, w));
      p.drawLine(QPointF(at, y + 8), QPointF(at + 28, y + 8));
      p.setPen(palette().color(QPalette::WindowText));
      p.drawText(QPointF(at + 34, y + 12), label);
    };
    for (const std::string& proto : protocols_)
      line(protocolText(proto), qcolor(netmap::protocol_color(proto)), 2);
    line(QCoreApplication::translate("otscope::gui::MapView",
                                     "write, control, program or mode change"),
         qcolor(netmap::dangerous_color()), netmap::kDangerousWidth);
    const QString alerts = QCoreApplication::translate("otscope::gui::MapView", "open alerts");
    const double at = room(22 + fm.horizontalAdvance(alerts));
    p.setPen(Qt::NoPen);
    p.setBrush(qcolor(netmap::badge_color()));
    p.drawEllipse(QPointF(at + 8, y + 8), 7, 7);
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QPointF(at + 20, y + 12), alerts);
    if (const int want = static_cast<int>(y) + 22; want != minimumHeight()) setMinimumHeight(want);
  }

 private:
  std::set<std::string> protocols_;
};

// ---- canvas ----------------------------------------------------------------------------------

MapCanvas::MapCanvas(QGraphicsScene* scene, MapView* owner)
    : QGraphicsView(scene, owner), owner_(owner) {
  setObjectName(QStringLiteral("mapCanvas"));
  setDragMode(QGraphicsView::ScrollHandDrag);
  setRenderHint(QPainter::Antialiasing);
  setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
  setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
  setBackgroundBrush(Qt::white);
}

void MapCanvas::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return;
  owner_->zoomBy(std::pow(1.15, steps));
  event->accept();
}

void MapCanvas::contextMenuEvent(QContextMenuEvent* event) {
  owner_->contextMenuAt(itemAt(event->pos()), event->globalPos());
}

// ---- the view --------------------------------------------------------------------------------

MapView::MapView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("mapView"));

  group_by_ = new QComboBox(this);
  group_by_->setObjectName(QStringLiteral("mapGroupBy"));
  group_by_->addItem(tr("No grouping"), int(netmap::Grouping::None));
  group_by_->addItem(tr("Group by subnet"), int(netmap::Grouping::Subnet));
  group_by_->addItem(tr("Group by VLAN"), int(netmap::Grouping::Vlan));
  group_by_->addItem(tr("Group by zone"), int(netmap::Grouping::Zone));
  group_by_->addItem(tr("Group by Purdue level"), int(netmap::Grouping::Purdue));
  group_by_->setToolTip(tr("Zones and Purdue levels are what the auditor recorded per asset"));
  protocol_ = new QComboBox(this);
  protocol_->setObjectName(QStringLiteral("mapProtocol"));
  protocol_->addItem(tr("All protocols"), QString());
  ops_ = new QComboBox(this);
  ops_->setObjectName(QStringLiteral("mapOps"));
  ops_->addItem(tr("All operations"), int(netmap::OpFilter::All));
  ops_->addItem(tr("Writes and control"), int(netmap::OpFilter::WritesAndControl));
  ops_->addItem(tr("Program and mode changes"), int(netmap::OpFilter::ProgramAndMode));
  ops_->setToolTip(tr("Only the links that carry these operations, and their devices"));
  search_ = new QLineEdit(this);
  search_->setObjectName(QStringLiteral("mapSearch"));
  search_->setPlaceholderText(tr("Find name, IP or MAC…"));
  search_->setClearButtonEnabled(true);
  search_->setMaximumWidth(240);

  auto button = [this](const QString& text, const QString& tip, auto slot) {
    auto* b = new QToolButton(this);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    connect(b, &QToolButton::clicked, this, slot);
    return b;
  };
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(6, 4, 6, 0);
  bar->addWidget(group_by_);
  bar->addWidget(protocol_);
  bar->addWidget(ops_);
  bar->addWidget(search_);
  bar->addWidget(button(tr("Zoom in"), tr("Zoom in (mouse wheel)"), [this] { zoomBy(1.25); }));
  bar->addWidget(button(tr("Zoom out"), tr("Zoom out (mouse wheel)"), [this] { zoomBy(0.8); }));
  bar->addWidget(button(tr("Fit"), tr("Show the whole map"), [this] { fitAll(); }));
  bar->addStretch(1);
  bar->addWidget(button(tr("Reset layout"),
                        tr("Forget where nodes were dragged (in this grouping) and lay the map "
                           "out again"),
                        [this] { resetLayout(); }));
  bar->addWidget(button(tr("Export PNG…"), tr("Save the map as a PNG image"), [this] {
    const QString f =
        QFileDialog::getSaveFileName(this, tr("Export the map as PNG"),
                                     QStringLiteral("network-map.png"), tr("PNG images (*.png)"));
    if (f.isEmpty()) return;
    const QString error = exportPng(f);
    status_->setText(error.isEmpty() ? tr("Map saved to %1").arg(f) : error);
  }));
  bar->addWidget(button(tr("Export SVG…"), tr("Save the map as an SVG drawing"), [this] {
    const QString f =
        QFileDialog::getSaveFileName(this, tr("Export the map as SVG"),
                                     QStringLiteral("network-map.svg"), tr("SVG drawings (*.svg)"));
    if (f.isEmpty()) return;
    const QString error = exportSvg(f);
    status_->setText(error.isEmpty() ? tr("Map saved to %1").arg(f) : error);
  }));

  scene_ = new QGraphicsScene(this);
  scene_->setItemIndexMethod(QGraphicsScene::BspTreeIndex);
  canvas_ = new MapCanvas(scene_, this);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("mapStatus"));
  status_->setTextFormat(Qt::PlainText);
  status_->setWordWrap(true);
  legend_ = new MapLegend(this);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addLayout(bar);
  layout->addWidget(canvas_, 1);
  layout->addWidget(legend_);
  layout->addWidget(status_);

  connect(group_by_, &QComboBox::activated, this, [this](int i) {
    setGrouping(static_cast<netmap::Grouping>(group_by_->itemData(i).toInt()));
  });
  connect(protocol_, &QComboBox::activated, this,
          [this](int i) { setProtocolFilter(protocol_->itemData(i).toString()); });
  connect(ops_, &QComboBox::activated, this,
          [this](int i) { setOpFilter(static_cast<netmap::OpFilter>(ops_->itemData(i).toInt())); });
  connect(search_, &QLineEdit::returnPressed, this, [this] {
    if (!search(search_->text()))
      status_->setText(tr("No device matches “%1”").arg(search_->text()));
  });
  updateStatus();
}

MapView::~MapView() = default;

void MapView::setInventory(std::shared_ptr<const Inventory> inventory,
                           std::map<std::int64_t, std::uint64_t> open_alerts) {
  inventory_ = std::move(inventory);
  open_alerts_ = std::move(open_alerts);
  updateProtocolChoices();
  rebuild(false, true);
}

void MapView::setSavedPositions(const std::map<std::string, db::MapPosition>& positions) {
  if (positions == saved_) return;
  saved_ = positions;
  // Another console placed nodes (or this one's drag came back): apply what differs.
  const std::string prefix = positionPrefix().toStdString();
  bool moved = false;
  for (std::size_t i = 0; i < map_.nodes.size() && i < layout_.nodes.size(); ++i) {
    const auto it = saved_.find(prefix + map_.nodes[i].key);
    if (it == saved_.end()) continue;
    const netmap::Point p{it->second.x, it->second.y};
    if (std::abs(p.x - layout_.nodes[i].x) < 0.01 && std::abs(p.y - layout_.nodes[i].y) < 0.01)
      continue;
    netmap::move_node(map_, layout_, i, p);
    if (i < node_items_.size()) node_items_[i]->place(QPointF(p.x, p.y));
    updateEdgesOf(static_cast<int>(i));
    moved = true;
  }
  if (moved) updateGroups();
}

void MapView::setCanSave(bool can_save, const QString& reason) {
  can_save_ = can_save;
  save_reason_ = reason;
  updateStatus();
}

void MapView::setGrouping(netmap::Grouping grouping) {
  grouping_chosen_ = true;
  if (grouping == options_.grouping) return;
  options_.grouping = grouping;
  options_.collapsed.clear();
  options_.expanded.clear();
  group_by_->setCurrentIndex(group_by_->findData(int(grouping)));
  fit_pending_ = true;
  rebuild(true, false);
}

void MapView::setProtocolFilter(const QString& protocol) {
  options_.protocols.clear();
  if (!protocol.isEmpty()) options_.protocols.insert(protocol.toStdString());
  if (const int i = protocol_->findData(protocol); i >= 0) protocol_->setCurrentIndex(i);
  fit_pending_ = true;
  rebuild(true, false);
}

void MapView::setOpFilter(netmap::OpFilter filter) {
  options_.ops = filter;
  ops_->setCurrentIndex(ops_->findData(int(filter)));
  fit_pending_ = true;
  rebuild(true, false);
}

void MapView::setGroupCollapsed(const QString& key, bool collapsed) {
  const std::string k = key.toStdString();
  if (collapsed) {
    options_.collapsed.insert(k);
    options_.expanded.erase(k);
  } else {
    options_.collapsed.erase(k);
    options_.expanded.insert(k);
  }
  rebuild(true, false);
}

std::string MapView::structure(const netmap::NetworkMap& m) {
  std::string s;
  for (const netmap::MapNode& n : m.nodes) s += n.key + '\n';
  s += '|';
  for (const netmap::MapEdge& e : m.edges)
    s += m.nodes[e.from].key + '>' + m.nodes[e.to].key + ':' + e.protocol + '\n';
  return s;
}

QString MapView::positionPrefix() const {
  const std::string_view g = netmap::grouping_name(options_.grouping);
  return QString::fromUtf8(g.data(), static_cast<qsizetype>(g.size())) + QLatin1Char('/');
}

std::map<std::string, netmap::Point> MapView::pinnedPositions() const {
  std::map<std::string, netmap::Point> out;
  const std::string prefix = positionPrefix().toStdString();
  for (auto it = saved_.lower_bound(prefix); it != saved_.end() && it->first.starts_with(prefix);
       ++it)
    out[it->first.substr(prefix.size())] = {it->second.x, it->second.y};
  return out;
}

void MapView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (dirty_) rebuild(dirty_relayout_, dirty_keep_);
}

void MapView::rebuild(bool relayout, bool keep) {
  if (!inventory_) return;
  // Nobody looks: laid out when the view is shown (a large plant costs seconds of Graphviz).
  if (!isVisible()) {
    dirty_relayout_ = dirty_ ? dirty_relayout_ || relayout : relayout;
    dirty_keep_ = dirty_ ? dirty_keep_ && keep : keep;
    dirty_ = true;
    return;
  }
  dirty_ = false;
  // A large plant starts grouped by subnet (its groups collapsed) unless the user chose.
  if (!grouping_chosen_ && options_.grouping == netmap::Grouping::None &&
      inventory_->assets.size() > options_.collapse_threshold) {
    options_.grouping = netmap::Grouping::Subnet;
    group_by_->setCurrentIndex(group_by_->findData(int(options_.grouping)));
    relayout = true;
    keep = false;
    fit_pending_ = true;
  }
  netmap::NetworkMap m = netmap::build_map(*inventory_, open_alerts_, options_);
  std::string shape = structure(m);
  if (!relayout && shown_ticket_ != 0 && shape == shown_structure_ && ticket_ == shown_ticket_) {
    // Nothing new to draw: names, roles and badges change in place, nothing moves.
    map_ = std::move(m);
    for (std::size_t i = 0; i < node_items_.size() && i < map_.nodes.size(); ++i)
      node_items_[i]->setNode(map_.nodes[i]);
    updateStatus();
    return;
  }
  std::map<std::string, netmap::Point> pinned = pinnedPositions();
  if (keep)  // new devices: those on screen stay where they are
    for (std::size_t i = 0; i < map_.nodes.size() && i < layout_.nodes.size(); ++i)
      pinned[map_.nodes[i].key] = layout_.nodes[i];
  const quint64 ticket = ++ticket_;
  updateStatus();
  // The layout runs in the pool; its result is applied in the GUI thread, by a call queued on
  // the application object (it outlives the pool's work) that checks the view still exists.
  // What the queued call holds must be safe to destroy at any time, even during shutdown.
  QPointer<MapView> self(this);
  QThreadPool::globalInstance()->start([self, ticket, m = std::move(m), pinned]() mutable {
    netmap::MapLayout l = netmap::layout_map(m, pinned);
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [self, ticket, m = std::move(m), l = std::move(l)]() mutable {
          if (self) self->applyLayout(ticket, std::move(m), std::move(l));
        },
        Qt::QueuedConnection);
  });
}

void MapView::applyLayout(quint64 ticket, netmap::NetworkMap map, netmap::MapLayout layout) {
  if (ticket != ticket_) return;  // a newer request is on its way
  // Links between devices that stayed where they were keep the curves they had.
  std::map<std::string, std::pair<std::size_t, std::vector<netmap::Point>>> curves;
  for (std::size_t k = 0; k < map_.edges.size() && k < layout_.edges.size(); ++k) {
    const netmap::MapEdge& e = map_.edges[k];
    if (!layout_.edges[k].empty())
      curves[map_.nodes[e.from].key + '>' + map_.nodes[e.to].key + ':' + e.protocol] = {
          k, layout_.edges[k]};
  }
  for (std::size_t k = 0; k < map.edges.size() && k < layout.edges.size(); ++k) {
    if (!layout.edges[k].empty()) continue;
    const netmap::MapEdge& e = map.edges[k];
    const auto it =
        curves.find(map.nodes[e.from].key + '>' + map.nodes[e.to].key + ':' + e.protocol);
    if (it == curves.end()) continue;
    const netmap::MapEdge& old = map_.edges[it->second.first];
    if (layout_.nodes[old.from] == layout.nodes[e.from] &&
        layout_.nodes[old.to] == layout.nodes[e.to])
      layout.edges[k] = it->second.second;
  }
  map_ = std::move(map);
  layout_ = std::move(layout);
  shown_structure_ = structure(map_);
  shown_ticket_ = ticket;
  ++layouts_;
  populateScene();
  if (fit_pending_) {
    fitAll();
    fit_pending_ = false;
  }
  if (!select_after_layout_.isEmpty()) {
    const QString key = select_after_layout_;
    select_after_layout_.clear();
    search(key);
  }
  legend_->setProtocols([&] {
    std::set<std::string> drawn;
    for (const netmap::MapEdge& e : map_.edges) drawn.insert(e.protocol);
    return drawn;
  }());
  updateStatus();
  emit laidOut();
}

QString MapView::groupText(const netmap::MapGroup& g) const {
  QString label;
  const QString value = wireText(g.value);
  switch (g.kind) {
    case netmap::Grouping::None:
      break;
    case netmap::Grouping::Subnet:
      label = g.value.empty()
                  ? QCoreApplication::translate("otscope::gui::MapView", "No IP address")
                  : value;
      break;
    case netmap::Grouping::Vlan:
      label = g.value.empty()
                  ? QCoreApplication::translate("otscope::gui::MapView", "Untagged")
                  : QCoreApplication::translate("otscope::gui::MapView", "VLAN %1").arg(value);
      break;
    case netmap::Grouping::Zone:
      label = g.value.empty()
                  ? QCoreApplication::translate("otscope::gui::MapView", "No zone recorded")
                  : QCoreApplication::translate("otscope::gui::MapView", "Zone: %1").arg(value);
      break;
    case netmap::Grouping::Purdue:
      label =
          g.value.empty()
              ? QCoreApplication::translate("otscope::gui::MapView", "No Purdue level recorded")
              : QCoreApplication::translate("otscope::gui::MapView", "Purdue level %1").arg(value);
      break;
  }
  return label;
}

void MapView::populateScene() {
  const QString selected = selectedKey();
  scene_->clear();
  node_items_.clear();
  edge_items_.clear();
  group_items_.clear();
  for (std::size_t i = 0; i < map_.groups.size(); ++i) {
    auto* item = new MapGroupItem(
        this, static_cast<int>(i),
        groupText(map_.groups[i]) + QStringLiteral(" (%1)").arg(map_.groups[i].members.size()));
    scene_->addItem(item);
    group_items_.push_back(item);
  }
  updateGroups();
  for (std::size_t i = 0; i < map_.edges.size(); ++i) {
    const netmap::MapEdge& e = map_.edges[i];
    auto* item = new MapEdgeItem(this, static_cast<int>(i), e);
    item->setCurve(netmap::edge_curve(map_, layout_, i));
    QString tip = wireText(map_.nodes[e.from].name) + QStringLiteral(" → ") +
                  wireText(map_.nodes[e.to].name) + QStringLiteral("\n");
    QStringList protocols;
    for (const std::string& p : e.protocols) protocols << protocolText(p);
    tip += protocols.join(QStringLiteral(", "));
    if (!e.op_classes.empty()) tip += QStringLiteral("\n") + opsText(e.op_classes);
    if (e.dangerous)
      tip +=
          QStringLiteral("\n") +
          QCoreApplication::translate("otscope::gui::MapView",
                                      "Carries write, control, program or mode-change operations");
    if (e.links > 1)
      tip += QStringLiteral("\n") +
             plural(e.links, "otscope::gui::MapView",
                    QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 link"),
                    QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 links aggregated"));
    tip +=
        QStringLiteral("\n") + QCoreApplication::translate("otscope::gui::MapView",
                                                           "Double-click to show its operations.");
    item->setToolTip(plainToolTip(tip));
    scene_->addItem(item);
    edge_items_.push_back(item);
  }
  for (std::size_t i = 0; i < map_.nodes.size(); ++i) {
    auto* item = new MapNodeItem(this, static_cast<int>(i), map_.nodes[i]);
    item->place(QPointF(layout_.nodes[i].x, layout_.nodes[i].y));
    scene_->addItem(item);
    node_items_.push_back(item);
    if (QString::fromStdString(map_.nodes[i].key) == selected) item->setSelected(true);
  }
  const netmap::Rect b = layout_.bounds;
  scene_->setSceneRect(QRectF(b.x - 200, b.y - 200, b.w + 400, b.h + 400));
}

void MapView::updateGroups() {
  for (std::size_t i = 0; i < group_items_.size() && i < layout_.groups.size(); ++i) {
    const netmap::Rect& r = layout_.groups[i];
    group_items_[i]->setVisible(r.w > 0);
    group_items_[i]->setRect(QRectF(r.x, r.y, r.w, r.h));
  }
}

void MapView::updateEdgesOf(int node) {
  for (std::size_t k = 0; k < map_.edges.size() && k < edge_items_.size(); ++k) {
    const netmap::MapEdge& e = map_.edges[k];
    if (static_cast<int>(e.from) == node || static_cast<int>(e.to) == node)
      edge_items_[k]->setCurve(netmap::edge_curve(map_, layout_, k));
  }
}

void MapView::nodeMoving(int index, QPointF centre) {
  if (index < 0 || static_cast<std::size_t>(index) >= layout_.nodes.size()) return;
  netmap::move_node(map_, layout_, static_cast<std::size_t>(index), {centre.x(), centre.y()});
  updateEdgesOf(index);
  updateGroups();
}

QVariantMap MapView::currentPositions() const {
  // The whole picture, so that a reopened console shows it as it was left.
  QVariantMap out;
  const QString prefix = positionPrefix();
  for (std::size_t i = 0; i < map_.nodes.size() && i < layout_.nodes.size(); ++i)
    out.insert(prefix + QString::fromStdString(map_.nodes[i].key),
               QPointF(layout_.nodes[i].x, layout_.nodes[i].y));
  return out;
}

void MapView::nodeDropped(int index) {
  Q_UNUSED(index);
  if (!can_save_) {
    status_->setText(
        tr("This console is read-only: the new position is not saved (%1)").arg(save_reason_));
    return;
  }
  emit savePositions(currentPositions());
}

bool MapView::moveNode(const QString& key, QPointF centre) {
  const auto it = map_.index.find(key.toStdString());
  if (it == map_.index.end() || it->second >= node_items_.size()) return false;
  node_items_[it->second]->place(centre);
  nodeMoving(static_cast<int>(it->second), centre);
  nodeDropped(static_cast<int>(it->second));
  return true;
}

QPointF MapView::nodeCentre(const QString& key) const {
  const auto it = map_.index.find(key.toStdString());
  if (it == map_.index.end() || it->second >= layout_.nodes.size()) return {};
  return {layout_.nodes[it->second].x, layout_.nodes[it->second].y};
}

QString MapView::selectedKey() const {
  for (const MapNodeItem* item : node_items_)
    if (item->isSelected()) return QString::fromStdString(map_.nodes[item->index()].key);
  return {};
}

void MapView::activateNode(const QString& key) {
  const auto it = map_.index.find(key.toStdString());
  if (it == map_.index.end()) return;
  const netmap::MapNode& n = map_.nodes[it->second];
  if (n.group) {
    setGroupCollapsed(QString::fromStdString(n.key.substr(6)), false);
    return;
  }
  emit openAsset(n.asset_id);
}

void MapView::groupActivated(int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= map_.groups.size()) return;
  setGroupCollapsed(QString::fromStdString(map_.groups[index].key), true);
}

void MapView::activateEdge(int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= map_.edges.size() || !inventory_) return;
  const netmap::MapEdge& e = map_.edges[index];
  // One side: its address, or for a collapsed /24 subnet its prefix ("10.0.1.").
  auto side = [&](std::size_t node, const char* key) -> QString {
    const netmap::MapNode& n = map_.nodes[node];
    if (!n.group)
      return n.ip.empty() ? QString() : QLatin1String(key) + QString::fromStdString(n.ip);
    const std::string group = n.key.substr(6);
    for (const netmap::MapGroup& g : map_.groups)
      if (g.key == group && g.kind == netmap::Grouping::Subnet && g.value.ends_with(".0/24"))
        return QLatin1String(key) + QString::fromStdString(g.value.substr(0, g.value.size() - 4));
    return {};
  };
  QStringList terms;
  for (const QString& t : {side(e.from, "client:"), side(e.to, "server:")})
    if (!t.isEmpty()) terms << t;
  const bool decoded = !e.protocol.empty() && find_protocol(e.protocol).has_value();
  if (decoded) {
    terms << QStringLiteral("proto:\"%1\"").arg(protocolText(e.protocol));
    emit openView(QStringLiteral("operations"), terms.join(QLatin1Char(' ')));
    return;
  }
  // Undecoded traffic ("tcp/80") has no operations: its links.
  const std::string& p = e.protocol;
  if (const std::size_t slash = p.find('/'); slash != std::string::npos) {
    terms << QStringLiteral("transport:") + QString::fromStdString(p.substr(0, slash));
    terms << QStringLiteral("port:") + QString::fromStdString(p.substr(slash + 1));
  }
  emit openView(QStringLiteral("links"), terms.join(QLatin1Char(' ')));
}

void MapView::contextMenuAt(QGraphicsItem* item, const QPoint& global) {
  QMenu menu(this);
  if (auto* node = dynamic_cast<MapNodeItem*>(item)) {
    const netmap::MapNode& n = map_.nodes[node->index()];
    const QString key = QString::fromStdString(n.key);
    if (n.group) {
      menu.addAction(tr("Expand group"), this, [this, key] { activateNode(key); });
    } else {
      menu.addAction(tr("Open asset"), this, [this, key] { activateNode(key); });
      if (!n.group_key.empty()) {
        const QString group = QString::fromStdString(n.group_key);
        menu.addAction(tr("Collapse its group"), this,
                       [this, group] { setGroupCollapsed(group, true); });
      }
    }
  } else if (auto* edge = dynamic_cast<MapEdgeItem*>(item)) {
    const int index = edge->index();
    menu.addAction(tr("Show operations"), this, [this, index] { activateEdge(index); });
  } else if (auto* group = dynamic_cast<MapGroupItem*>(item)) {
    const int index = group->index();
    menu.addAction(tr("Collapse group"), this, [this, index] { groupActivated(index); });
  }
  if (!map_.groups.empty()) {
    menu.addSeparator();
    menu.addAction(tr("Expand all groups"), this, [this] {
      options_.collapsed.clear();
      for (const netmap::MapGroup& g : map_.groups) options_.expanded.insert(g.key);
      fit_pending_ = true;
      rebuild(true, false);
    });
    menu.addAction(tr("Collapse all groups"), this, [this] {
      options_.expanded.clear();
      for (const netmap::MapGroup& g : map_.groups) options_.collapsed.insert(g.key);
      fit_pending_ = true;
      rebuild(true, false);
    });
  }
  menu.addSeparator();
  menu.addAction(tr("Fit"), this, [this] { fitAll(); });
  menu.exec(global);
}

bool MapView::search(const QString& text) {
  const QString needle = text.trimmed().toLower();
  if (needle.isEmpty() || !inventory_) return false;
  // The device (by name, any IP, MAC), then the node that shows it (itself or its group).
  for (std::size_t i = 0; i < inventory_->assets.size(); ++i) {
    const InventoryAsset& a = inventory_->assets[i];
    bool hit = wireText(a.display_name()).toLower().contains(needle) ||
               macText(a.record.mac).toLower().contains(needle);
    for (const IpAddress& ip : a.record.ips)
      hit = hit || QString::fromStdString(ip.to_string()) == needle ||
            QString::fromStdString(ip.to_string()).startsWith(needle);
    if (!hit) continue;
    const std::string key = netmap::asset_key(a, i);
    auto it = map_.index.find(key);
    if (it == map_.index.end()) {
      // Inside a collapsed group: open it and select the device once laid out.
      for (const netmap::MapGroup& g : map_.groups)
        if (g.collapsed && std::find(g.members.begin(), g.members.end(), i) != g.members.end()) {
          select_after_layout_ = text;
          setGroupCollapsed(QString::fromStdString(g.key), false);
          return true;
        }
      continue;  // filtered out: look further
    }
    scene_->clearSelection();
    if (it->second < node_items_.size()) {
      node_items_[it->second]->setSelected(true);
      canvas_->centerOn(node_items_[it->second]);
    }
    status_->setText(tr("Found %1").arg(wireText(a.display_name())));
    return true;
  }
  return false;
}

void MapView::fitAll() {
  const netmap::Rect b = layout_.bounds;
  if (b.w <= 0) return;
  canvas_->fitInView(QRectF(b.x, b.y, b.w, b.h), Qt::KeepAspectRatio);
  // Never blown up past one and a half times the natural size (a three-device map).
  if (canvas_->transform().m11() > 1.5) canvas_->setTransform(QTransform::fromScale(1.5, 1.5));
}

void MapView::zoomBy(double factor) {
  const double now = canvas_->transform().m11();
  const double next = std::clamp(now * factor, 0.02, 8.0);
  canvas_->scale(next / now, next / now);
}

QString MapView::exportPng(const QString& file) {
  const netmap::Rect b = layout_.bounds;
  if (b.w <= 0) return tr("The map is empty");
  // Twice the natural size, at most 16,000 pixels wide or high.
  const double scale = std::min(2.0, 16000.0 / std::max(b.w, b.h));
  QImage image(static_cast<int>(b.w * scale), static_cast<int>(b.h * scale), QImage::Format_ARGB32);
  image.fill(Qt::white);
  {
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    const auto selected = scene_->selectedItems();
    scene_->clearSelection();
    scene_->render(&p, QRectF(0, 0, image.width(), image.height()), QRectF(b.x, b.y, b.w, b.h));
    for (QGraphicsItem* item : selected) item->setSelected(true);
  }
  if (!image.save(file, "PNG")) return tr("Cannot write %1").arg(file);
  return {};
}

QString MapView::exportSvg(const QString& file) {
  if (map_.nodes.empty()) return tr("The map is empty");
  const std::string svg = netmap::map_svg(map_, layout_);
  QFile out(file);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
      out.write(svg.data(), static_cast<qint64>(svg.size())) != static_cast<qint64>(svg.size()))
    return tr("Cannot write %1").arg(file);
  return {};
}

void MapView::resetLayout() {
  const QString prefix = positionPrefix();
  const std::string p = prefix.toStdString();
  for (auto it = saved_.lower_bound(p); it != saved_.end() && it->first.starts_with(p);)
    it = saved_.erase(it);
  if (can_save_) emit clearPositions(prefix);
  fit_pending_ = true;
  rebuild(true, false);
}

void MapView::updateProtocolChoices() {
  if (!inventory_) return;
  std::set<std::string> protocols;
  for (const InventoryEdge& e : inventory_->edges) protocols.insert(e.protocol);
  QStringList have;
  for (int i = 1; i < protocol_->count(); ++i) have << protocol_->itemData(i).toString();
  QStringList want;
  for (const std::string& p : protocols) want << QString::fromStdString(p);
  if (have == want) return;
  const QString current = protocol_->currentData().toString();
  protocol_->clear();
  protocol_->addItem(tr("All protocols"), QString());
  for (const std::string& p : protocols)
    protocol_->addItem(protocolText(p), QString::fromStdString(p));
  protocol_->setCurrentIndex(std::max(0, protocol_->findData(current)));
}

void MapView::updateStatus() {
  QString s;
  if (!inventory_) {
    s = tr("Waiting for the database…");
  } else if (ticket_ != shown_ticket_) {
    s = tr("Laying the map out…");
  } else {
    std::size_t dangerous = 0;
    for (const netmap::MapEdge& e : map_.edges) dangerous += e.dangerous ? 1 : 0;
    std::size_t collapsed = 0;
    for (const netmap::MapGroup& g : map_.groups) collapsed += g.collapsed ? 1 : 0;
    s = plural(map_.nodes.size(), "otscope::gui::MapView",
               QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 node"),
               QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 nodes")) +
        QStringLiteral(" · ") +
        plural(map_.edges.size(), "otscope::gui::MapView",
               QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 link"),
               QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 links")) +
        QStringLiteral(" · ") +
        plural(dangerous, "otscope::gui::MapView",
               QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 with write/control operations"),
               QT_TRANSLATE_NOOP("otscope::gui::MapView", "%1 with write/control operations"));
    if (collapsed > 0)
      s += QStringLiteral(" · ") +
           plural(collapsed, "otscope::gui::MapView",
                  QT_TRANSLATE_NOOP("otscope::gui::MapView",
                                    "%1 group collapsed (double-click to expand)"),
                  QT_TRANSLATE_NOOP("otscope::gui::MapView",
                                    "%1 groups collapsed (double-click to expand)"));
    s += QStringLiteral(" · ") +
         QCoreApplication::translate("otscope::gui::MapView", "layout %1 (%2 ms)")
             .arg(QString::fromStdString(layout_.engine))
             .arg(layout_.milliseconds, 0, 'f', 0);
    if (!layout_.error.empty())
      s += QStringLiteral(" · ") +
           QCoreApplication::translate("otscope::gui::MapView",
                                       "Graphviz failed, drawn as a grid: %1")
               .arg(wireText(layout_.error));
    if (!can_save_ && !save_reason_.isEmpty())
      s += QStringLiteral(" · ") +
           QCoreApplication::translate("otscope::gui::MapView",
                                       "read-only: dragged positions are not saved");
  }
  status_->setText(s);
}

}  // namespace otscope::gui
