// The network map: the inventory's devices as nodes and its observed links as edges (never
// inferred ones), grouped by subnet, VLAN, the auditor's zone or Purdue level, filtered by
// protocol and operation class, laid out by Graphviz (libgvc) and drawn in one look everywhere:
// the style table below is what the console's scene and the SVG writer (the audit report, the
// console's SVG export) both draw from. No Qt here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/asset_role.h"
#include "model/inventory.h"

namespace otscope::netmap {

enum class Grouping { None, Subnet, Vlan, Zone, Purdue };
/// "none", "subnet", "vlan", "zone", "purdue".
std::string_view grouping_name(Grouping g);
bool grouping_from_name(std::string_view name, Grouping& out);

/// Which operations an edge must carry to be drawn.
enum class OpFilter {
  All,
  WritesAndControl,  // write, control, program or mode change (the dangerous ones)
  ProgramAndMode,    // program or mode change
};

/// Write, control, program and mode change: what the map draws thick and red.
bool is_dangerous(OpClass c);

struct MapOptions {
  Grouping grouping = Grouping::None;
  /// Protocols whose links are drawn (InventoryEdge::protocol; "tcp/PORT" for undecoded
  /// traffic); empty: all.
  std::set<std::string> protocols;
  OpFilter ops = OpFilter::All;
  /// Groups shown as one node, by MapGroup::key. Above `collapse_threshold` assets every group
  /// starts collapsed and `expanded` lists the ones opened instead.
  std::set<std::string> collapsed;
  std::set<std::string> expanded;
  std::size_t collapse_threshold = 400;
  /// IPv4 prefix length of a subnet group (IPv6: /64).
  int subnet_prefix = 24;
};

struct MapNode {
  std::string key;  // "asset:<id>" (id: the database's, else the inventory index), "group:<key>"
  bool group = false;
  std::int64_t asset_id = 0;  // assets table id (0: in-memory inventory)
  std::size_t asset = 0;      // index into Inventory::assets (asset nodes)
  std::string name;           // display name (a wire string) or the group's label
  std::string ip;             // first IP, "" when none
  std::string mac;            // "" when unknown
  AssetRole role = AssetRole::Unknown;
  std::uint64_t open_alerts = 0;  // a group: its members' sum
  std::string group_key;          // the group holding it ("" when not grouped)
  std::size_t members = 1;        // a collapsed group: its assets
};

struct MapEdge {
  std::size_t from = 0;  // node index: the client (requester)
  std::size_t to = 0;    // node index: the server
  /// The protocol; "" for an edge of a collapsed group that aggregates several (`protocols`).
  std::string protocol;
  std::set<std::string> protocols;
  std::set<OpClass> op_classes;
  bool dangerous = false;  // carries write, control, program or mode-change operations
  std::uint64_t requests = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::size_t links = 1;  // inventory edges aggregated into it (collapsed groups)
  /// The inventory edges it stands for, as (client asset index, server asset index).
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
};

struct MapGroup {
  std::string key;  // "subnet:10.0.1.0/24", "vlan:10", "zone:Cell 1", "purdue:1", "...:" none
  Grouping kind = Grouping::None;
  std::string value;  // "10.0.1.0/24", "10", the zone (auditor's text), "1"; "" when unset
  std::vector<std::size_t> members;  // asset indices
  bool collapsed = false;
  std::uint64_t internal_links = 0;  // edges between its own members
};

struct NetworkMap {
  std::vector<MapNode> nodes;
  /// One per (client node, server node, protocol) between assets; one per (client node, server
  /// node) when either end is a collapsed group.
  std::vector<MapEdge> edges;
  std::vector<MapGroup> groups;
  /// Node index by MapNode::key.
  std::map<std::string, std::size_t> index;
  bool filtered = false;  // a protocol or operation filter is active: unlinked nodes are dropped
  /// Every protocol of the inventory's edges (for a filter's choices), sorted.
  std::set<std::string> protocols;
};

/// The node key of an asset.
std::string asset_key(const InventoryAsset& a, std::size_t index);
/// English label of a group ("10.0.1.0/24", "VLAN 10", "Zone: Cell 1", "Purdue level 1", "No
/// zone recorded", ...), for the report; the console words its own through Qt's translations.
/// Translates the map's own words (context "map"): (context, English) -> the reader's language;
/// unset keeps English. The report passes its translator; the console words its view itself.
using Translate = std::function<std::string(const char* context, const char* text)>;

/// What to call a group ("10.0.1.0/24", "VLAN 20", "Zone: Cell 2", "No IP address").
std::string group_label(const MapGroup& g, const Translate& translate = {});

/// Builds the map. `open_alerts`: open or acknowledged alerts per asset id (or per inventory
/// index for an in-memory inventory).
NetworkMap build_map(const Inventory& inventory,
                     const std::map<std::int64_t, std::uint64_t>& open_alerts,
                     const MapOptions& options);

// ---- layout ----------------------------------------------------------------------------------

struct Point {
  double x = 0;
  double y = 0;
  bool operator==(const Point&) const = default;
};
struct Rect {
  double x = 0;
  double y = 0;
  double w = 0;
  double h = 0;
};

/// Node size, in points (the scene's and the SVG's unit): the shape with its two-line label.
inline constexpr double kNodeWidth = 150;
inline constexpr double kNodeHeight = 52;
inline constexpr double kGroupPad = 14;
inline constexpr double kGroupTitle = 22;

struct MapLayout {
  std::vector<Point> nodes;               // centre per node, y down
  std::vector<std::vector<Point>> edges;  // cubic Bézier control points (1 + 3n); empty: straight
  std::vector<Rect> groups;  // per group: around its members (w == 0: collapsed or empty)
  Rect bounds;               // everything drawn
  std::string engine;        // Graphviz engine used ("dot", "sfdp"), "grid" when it failed
  std::string error;         // what Graphviz said when it failed ("" on success)
  double milliseconds = 0;
};

/// Lays `map` out with Graphviz: "dot" (a cluster per expanded group) up to `kDotNodes` visible
/// nodes, "fdp" with clusters up to `kFdpNodes`, else "sfdp" (straight lines); the environment
/// variable OTSCOPE_MAP_ENGINE names another engine (benchmarks, tests of the failure path).
/// Graphviz is not thread-safe: one layout runs at a time (a mutex), from any thread; its messages
/// are collected into MapLayout::error, never printed. Nodes named in `pinned` (by key) keep those
/// positions; edges touching them are drawn straight.
MapLayout layout_map(const NetworkMap& map, const std::map<std::string, Point>& pinned = {});
inline constexpr std::size_t kDotNodes = 40;
inline constexpr std::size_t kFdpNodes = 1000;

/// Moves node `node` to `centre`: its edges become straight, the groups and bounds are fitted.
void move_node(const NetworkMap& map, MapLayout& layout, std::size_t node, Point centre);
/// Group rectangles around their members and the bounds around everything.
void fit_groups(const NetworkMap& map, MapLayout& layout);

// ---- the look --------------------------------------------------------------------------------

enum class Shape {
  Rect,
  RoundRect,
  Octagon,
  Diamond,
  Hexagon,
  Parallelogram,
  Barrel,
  Ellipse,
  Tab
};

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  std::string hex() const;  // "#rrggbb"
};

struct RoleStyle {
  AssetRole role;
  Shape shape;
  Rgb fill;
  Rgb border;
  std::string_view legend;  // English, for the report's legend (translated in context "map")
};

/// Role -> shape and colours (a collapsed group has its own: group_style()).
const RoleStyle& role_style(AssetRole role);
const RoleStyle& group_style();
/// Every role in the legend's order.
const std::vector<AssetRole>& legend_roles();
/// Protocol -> edge colour ("modbus", "dnp3", "s7comm", "s7comm_plus"; anything else grey).
Rgb protocol_color(std::string_view protocol);
/// What the legend calls a protocol ("Modbus/TCP", "DNP3", "S7comm", ...; else as given).
std::string protocol_label(std::string_view protocol);
Rgb dangerous_color();
Rgb badge_color();
inline constexpr double kEdgeWidth = 1.4;
inline constexpr double kDangerousWidth = 4.0;

/// The outline of a node shape inside `r`, as a closed polygon (ellipses as many points).
std::vector<Point> shape_outline(Shape shape, const Rect& r);
/// The drawn curve of edge `i` as cubic Bézier control points (1 + 3n): Graphviz's spline, or
/// a straight line between the two nodes' boxes (parallel edges set apart).
std::vector<Point> edge_curve(const NetworkMap& map, const MapLayout& layout, std::size_t i);
/// The arrowhead at the end of `curve`: a triangle of side about `size`.
std::vector<Point> arrow_head(const std::vector<Point>& curve, double size);
/// A label cut to `max_chars` characters (UTF-8 aware), with "…" when cut.
std::string elide(std::string_view text, std::size_t max_chars);

struct SvgOptions {
  std::string title;  // shown above the map ("" none)
  bool legend = true;
  Translate translate;  // the legend's and the groups' words; unset: English
};

/// The map as a standalone SVG document. Every string from the wire is escaped.
std::string map_svg(const NetworkMap& map, const MapLayout& layout, const SvgOptions& options = {});

}  // namespace otscope::netmap
