// The Network map view: the inventory's devices as nodes (shape and colour by role, name and IP,
// a badge for open alerts) and the observed links as edges (colour by protocol, thick red for
// write, control, program and mode-change operations), grouped by subnet, VLAN, zone or Purdue
// level (collapsible), filtered by protocol and operation class. Graphviz lays it out in a
// worker thread (cli/network_map.h, the same code and look as the report's diagram); the GUI
// thread only builds the scene. A refresh that brings no new device or link moves nothing; where
// the user drags a node is saved in the database (through the editor thread) and read back by
// the reader thread.
#pragma once

#include <QGraphicsView>
#include <QPointF>
#include <QVariantMap>
#include <QWidget>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/network_map.h"
#include "db/map_store.h"
#include "model/inventory.h"

class QComboBox;
class QGraphicsScene;
class QLabel;
class QLineEdit;

namespace otscope::gui {

class MapView;
class MapLegend;
class MapNodeItem;
class MapEdgeItem;
class MapGroupItem;

/// The scene's view: wheel zoom around the cursor, drag on the background pans.
class MapCanvas : public QGraphicsView {
  Q_OBJECT
 public:
  MapCanvas(QGraphicsScene* scene, MapView* owner);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;

 private:
  MapView* owner_;
};

class MapView : public QWidget {
  Q_OBJECT
 public:
  explicit MapView(QWidget* parent = nullptr);
  ~MapView() override;

  /// The inventory of a refresh and the open (or acknowledged) alerts per asset id. Laid out
  /// when the view is shown; above MapOptions::collapse_threshold assets it starts grouped by
  /// subnet (collapsed) unless a grouping was chosen.
  void setInventory(std::shared_ptr<const Inventory> inventory,
                    std::map<std::int64_t, std::uint64_t> open_alerts);
  /// Every saved position (keys "<grouping>/<node key>"), as the reader read them.
  void setSavedPositions(const std::map<std::string, db::MapPosition>& positions);
  /// Whether drags are saved (a read-only console: not, and why).
  void setCanSave(bool can_save, const QString& reason);

  void setGrouping(netmap::Grouping grouping);
  netmap::Grouping grouping() const { return options_.grouping; }
  /// Whether the user (or the saved settings) chose the grouping.
  bool groupingChosen() const { return grouping_chosen_; }
  /// Only the links of `protocol` ("" all).
  void setProtocolFilter(const QString& protocol);
  void setOpFilter(netmap::OpFilter filter);
  /// Collapses or expands the group `key` (MapGroup::key).
  void setGroupCollapsed(const QString& key, bool collapsed);
  /// Finds a device by name, IP or MAC (substring, case-insensitive), selects and centres it;
  /// false when none matches.
  bool search(const QString& text);
  void fitAll();
  void zoomBy(double factor);
  /// "" on success, else why not.
  QString exportPng(const QString& file);
  QString exportSvg(const QString& file);
  /// Forgets the positions of this grouping (saved ones included) and lays the map out again.
  void resetLayout();

  const netmap::NetworkMap& map() const { return map_; }
  const netmap::MapLayout& layout() const { return layout_; }
  /// True when the scene shows the current data and options (no layout running).
  bool isReady() const { return shown_ticket_ == ticket_ && shown_ticket_ != 0; }
  /// How many Graphviz layouts were applied (a refresh without new nodes adds none).
  int layoutCount() const { return layouts_; }
  MapCanvas* canvas() const { return canvas_; }
  /// The node key of the selected node, "" when none.
  QString selectedKey() const;
  QPointF nodeCentre(const QString& key) const;
  /// As a drag of node `key` that ends at `centre` (scene coordinates): moves it, its edges and
  /// its group, and saves the positions when the console may write.
  bool moveNode(const QString& key, QPointF centre);
  /// As a double-click: a device opens in the Assets view, a collapsed group expands.
  void activateNode(const QString& key);
  /// As a double-click on edge `index`: its operations (its links for undecoded traffic).
  void activateEdge(int index);

  // Called by the scene's items.
  void nodeMoving(int index, QPointF centre);
  void nodeDropped(int index);
  void groupActivated(int index);
  void contextMenuAt(QGraphicsItem* item, const QPoint& global);

 signals:
  void openAsset(qint64 asset_id);
  /// A view ("operations", "links") with a filter.
  void openView(QString view, QString filter);
  void savePositions(QVariantMap positions);
  void clearPositions(QString prefix);
  /// A layout was applied to the scene.
  void laidOut();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  /// Builds the map for the current data and options; lays it out again only when what is
  /// drawn changed (or `relayout`). `keep` pins the nodes at their places on screen.
  void rebuild(bool relayout, bool keep);
  void applyLayout(quint64 ticket, netmap::NetworkMap map, netmap::MapLayout layout);
  void populateScene();
  void updateEdgesOf(int node);
  void updateGroups();
  void updateStatus();
  void updateProtocolChoices();
  /// The saved positions of the current grouping, by node key.
  std::map<std::string, netmap::Point> pinnedPositions() const;
  QString positionPrefix() const;
  QVariantMap currentPositions() const;
  /// Which nodes, edges and groups are drawn: equal means no layout is needed.
  static std::string structure(const netmap::NetworkMap& map);
  QString groupText(const netmap::MapGroup& group) const;

  std::shared_ptr<const Inventory> inventory_;
  std::map<std::int64_t, std::uint64_t> open_alerts_;
  std::map<std::string, db::MapPosition> saved_;
  netmap::MapOptions options_;
  netmap::NetworkMap map_;
  netmap::MapLayout layout_;
  std::string shown_structure_;
  quint64 ticket_ = 0;
  quint64 shown_ticket_ = 0;
  int layouts_ = 0;
  bool can_save_ = false;
  QString save_reason_;
  bool fit_pending_ = true;
  bool grouping_chosen_ = false;
  // A rebuild asked for while hidden: done when shown.
  bool dirty_ = false;
  bool dirty_relayout_ = false;
  bool dirty_keep_ = true;
  QString select_after_layout_;

  QComboBox* group_by_;
  QComboBox* protocol_;
  QComboBox* ops_;
  QLineEdit* search_;
  QLabel* status_;
  MapLegend* legend_;
  QGraphicsScene* scene_;
  MapCanvas* canvas_;
  std::vector<MapNodeItem*> node_items_;
  std::vector<MapEdgeItem*> edge_items_;
  std::vector<MapGroupItem*> group_items_;
};

}  // namespace otscope::gui
