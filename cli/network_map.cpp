#include "cli/network_map.h"

#include <gvc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <tuple>

#include "common/bytes.h"
#include "protocols/registry.h"

// The map's own words are marked for lupdate (scripts/i18n-update.sh) and translated through
// SvgOptions::translate / group_label's translator; no Qt here.
#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace otscope::netmap {

namespace {

constexpr std::string_view kGroupingNames[] = {"none", "subnet", "vlan", "zone", "purdue"};

std::string group_value(const InventoryAsset& a, Grouping g, int prefix) {
  switch (g) {
    case Grouping::None:
      return {};
    case Grouping::Subnet: {
      const IpAddress* pick = nullptr;
      for (const IpAddress& ip : a.record.ips)
        if (!ip.v6) {
          pick = &ip;
          break;
        }
      if (pick == nullptr && !a.record.ips.empty()) pick = &a.record.ips.front();
      if (pick == nullptr) return {};
      IpAddress net = *pick;
      const int bits = pick->v6 ? 64 : std::clamp(prefix, 0, 32);
      for (int i = 0; i < 16; ++i) {
        const int keep = std::clamp(bits - i * 8, 0, 8);
        net.bytes[static_cast<std::size_t>(i)] &= static_cast<std::uint8_t>(0xff00 >> keep);
      }
      return net.to_string() + "/" + std::to_string(bits);
    }
    case Grouping::Vlan:
      return a.record.vlans.empty() ? std::string() : std::to_string(a.record.vlans.front());
    case Grouping::Zone:
      return a.audit.zone;
    case Grouping::Purdue:
      return a.audit.purdue_level;
  }
  return {};
}

bool edge_passes(const InventoryEdge& e, const MapOptions& o) {
  if (!o.protocols.empty() && !o.protocols.contains(e.protocol)) return false;
  switch (o.ops) {
    case OpFilter::All:
      return true;
    case OpFilter::WritesAndControl:
      return std::any_of(e.op_classes.begin(), e.op_classes.end(), is_dangerous);
    case OpFilter::ProgramAndMode:
      return e.op_classes.contains(OpClass::Program) || e.op_classes.contains(OpClass::ModeChange);
  }
  return true;
}

}  // namespace

std::string_view grouping_name(Grouping g) {
  return kGroupingNames[static_cast<int>(g)];
}

bool grouping_from_name(std::string_view name, Grouping& out) {
  for (int i = 0; i < 5; ++i)
    if (kGroupingNames[i] == name) {
      out = static_cast<Grouping>(i);
      return true;
    }
  return false;
}

bool is_dangerous(OpClass c) {
  return c == OpClass::Write || c == OpClass::Control || c == OpClass::Program ||
         c == OpClass::ModeChange;
}

std::string asset_key(const InventoryAsset& a, std::size_t index) {
  return "asset:" + std::to_string(a.id != 0 ? a.id : static_cast<std::int64_t>(index));
}

std::string group_label(const MapGroup& g, const Translate& translate) {
  const auto T = [&translate](const char* text) {
    return translate ? translate("map", text) : std::string(text);
  };
  const auto with = [](std::string text, const std::string& value) {
    const auto at = text.find("%1");
    return at == std::string::npos ? text + " " + value : text.replace(at, 2, value);
  };
  switch (g.kind) {
    case Grouping::None:
      return {};
    case Grouping::Subnet:
      return g.value.empty() ? T(QT_TRANSLATE_NOOP("map", "No IP address")) : g.value;
    case Grouping::Vlan:
      return g.value.empty() ? T(QT_TRANSLATE_NOOP("map", "Untagged"))
                             : with(T(QT_TRANSLATE_NOOP("map", "VLAN %1")), g.value);
    case Grouping::Zone:
      return g.value.empty() ? T(QT_TRANSLATE_NOOP("map", "No zone recorded"))
                             : with(T(QT_TRANSLATE_NOOP("map", "Zone: %1")), g.value);
    case Grouping::Purdue:
      return g.value.empty() ? T(QT_TRANSLATE_NOOP("map", "No Purdue level recorded"))
                             : with(T(QT_TRANSLATE_NOOP("map", "Purdue level %1")), g.value);
  }
  return {};
}

NetworkMap build_map(const Inventory& inv, const std::map<std::int64_t, std::uint64_t>& open_alerts,
                     const MapOptions& o) {
  NetworkMap m;
  for (const InventoryEdge& e : inv.edges) m.protocols.insert(e.protocol);
  m.filtered = !o.protocols.empty() || o.ops != OpFilter::All;

  // Groups, in the order of their keys ("" values last).
  std::vector<std::size_t> group_of(inv.assets.size(), SIZE_MAX);
  if (o.grouping != Grouping::None) {
    // In the order an engineer reads them: subnets by address, VLANs by number, unset last.
    std::map<std::tuple<bool, std::string, std::string>, std::vector<std::size_t>> by_value;
    for (std::size_t i = 0; i < inv.assets.size(); ++i) {
      std::string v = group_value(inv.assets[i], o.grouping, o.subnet_prefix);
      std::string order = v;
      IpAddress net;
      if (o.grouping == Grouping::Subnet && IpAddress::parse(v.substr(0, v.find('/')), net)) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%d%016llx%016llx", net.v6 ? 1 : 0,
                      static_cast<unsigned long long>(net.word(0)),
                      static_cast<unsigned long long>(net.word(8)));
        order = buf;
      } else if (o.grouping == Grouping::Vlan && !v.empty()) {
        order = std::string(8 - std::min<std::size_t>(8, v.size()), '0') + v;
      }
      by_value[{v.empty(), order, v}].push_back(i);
    }
    const bool big = inv.assets.size() > o.collapse_threshold;
    for (auto& [value, members] : by_value) {
      MapGroup g;
      g.kind = o.grouping;
      g.value = std::get<2>(value);
      g.key = std::string(grouping_name(o.grouping)) + ":" + g.value;
      g.members = std::move(members);
      g.collapsed = o.collapsed.contains(g.key) || (big && !o.expanded.contains(g.key));
      for (std::size_t a : g.members) group_of[a] = m.groups.size();
      m.groups.push_back(std::move(g));
    }
  }

  auto alerts_of = [&](std::size_t i) -> std::uint64_t {
    const InventoryAsset& a = inv.assets[i];
    const auto it = open_alerts.find(a.id != 0 ? a.id : static_cast<std::int64_t>(i));
    return it == open_alerts.end() ? 0 : it->second;
  };

  // Nodes: grouped assets by group, then the others; a collapsed group is one node.
  std::vector<MapNode> nodes;
  std::vector<std::size_t> node_of(inv.assets.size(), SIZE_MAX);
  auto add_asset = [&](std::size_t i, const std::string& group_key) {
    const InventoryAsset& a = inv.assets[i];
    MapNode n;
    n.key = asset_key(a, i);
    n.asset_id = a.id;
    n.asset = i;
    n.name = a.display_name();
    if (!a.record.ips.empty()) n.ip = a.record.ips.front().to_string();
    if (!a.record.mac.is_zero()) n.mac = a.record.mac.to_string();
    if (const RoleAssessment* r = a.role()) n.role = r->role;
    n.open_alerts = alerts_of(i);
    n.group_key = group_key;
    node_of[i] = nodes.size();
    nodes.push_back(std::move(n));
  };
  for (MapGroup& g : m.groups) {
    if (g.collapsed) {
      MapNode n;
      n.key = "group:" + g.key;
      n.group = true;
      n.name = group_label(g);
      n.members = g.members.size();
      for (std::size_t a : g.members) {
        n.open_alerts += alerts_of(a);
        node_of[a] = nodes.size();
      }
      nodes.push_back(std::move(n));
    } else {
      for (std::size_t a : g.members) add_asset(a, g.key);
    }
  }
  for (std::size_t i = 0; i < inv.assets.size(); ++i)
    if (group_of[i] == SIZE_MAX) add_asset(i, {});

  // Edges: observed links only, one per (client node, server node, protocol).
  std::map<std::tuple<std::size_t, std::size_t, std::string>, std::size_t> edge_at;
  std::vector<MapEdge> edges;
  for (const InventoryEdge& e : inv.edges) {
    if (e.client >= inv.assets.size() || e.server >= inv.assets.size()) continue;
    if (!edge_passes(e, o)) continue;
    const std::size_t from = node_of[e.client];
    const std::size_t to = node_of[e.server];
    // Within a collapsed group: counted on the group. A device talking to itself (client and
    // server on one host) stays an edge: a loop.
    if (from == to && nodes[from].group) {
      ++m.groups[group_of[e.client]].internal_links;
      continue;
    }
    const bool aggregate = nodes[from].group || nodes[to].group;
    auto [it, fresh] =
        edge_at.try_emplace({from, to, aggregate ? std::string() : e.protocol}, edges.size());
    if (fresh) {
      MapEdge me;
      me.from = from;
      me.to = to;
      me.protocol = e.protocol;
      me.links = 0;
      edges.push_back(std::move(me));
    }
    MapEdge& me = edges[it->second];
    me.protocols.insert(e.protocol);
    me.protocol = me.protocols.size() == 1 ? e.protocol : std::string();
    me.op_classes.insert(e.op_classes.begin(), e.op_classes.end());
    me.requests += e.requests;
    me.packets += e.packets;
    me.bytes += e.bytes;
    ++me.links;
    me.pairs.emplace_back(e.client, e.server);
  }
  for (MapEdge& e : edges)
    e.dangerous = std::any_of(e.op_classes.begin(), e.op_classes.end(), is_dangerous);

  // A filter shows what it selects: nodes without a remaining edge go.
  std::vector<std::size_t> remap(nodes.size());
  std::vector<bool> keep(nodes.size(), !m.filtered);
  for (const MapEdge& e : edges) keep[e.from] = keep[e.to] = true;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    remap[i] = m.nodes.size();
    if (keep[i]) {
      m.index[nodes[i].key] = m.nodes.size();
      m.nodes.push_back(std::move(nodes[i]));
    }
  }
  for (MapEdge& e : edges) {
    e.from = remap[e.from];
    e.to = remap[e.to];
  }
  m.edges = std::move(edges);
  return m;
}

// ---- layout ----------------------------------------------------------------------------------

namespace {

// Graphviz keeps global state (its error handler, its layout engines'): one layout at a time.
std::mutex& graphviz_mutex() {
  static std::mutex m;
  return m;
}
std::string* g_messages = nullptr;  // under graphviz_mutex

int collect_message(char* text) {
  if (g_messages != nullptr && text != nullptr && g_messages->size() < 4096)
    g_messages->append(text);
  return 0;
}

GVC_t* graphviz_context() {
  // Loads the plugins named by the graphviz package's config (dot, neato, sfdp...) once.
  static GVC_t* gvc = gvContext();
  return gvc;
}

void set(void* obj, const char* name, const std::string& value) {
  agsafeset(obj, const_cast<char*>(name), const_cast<char*>(value.c_str()), const_cast<char*>(""));
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

void grid_layout(const std::vector<std::size_t>& which, std::vector<Point>& out, double top) {
  const auto cols = static_cast<std::size_t>(
      std::max(1.0, std::ceil(std::sqrt(static_cast<double>(which.size()) * 2.0))));
  for (std::size_t k = 0; k < which.size(); ++k)
    out[which[k]] = {kNodeWidth / 2 + static_cast<double>(k % cols) * (kNodeWidth + 30),
                     top + kNodeHeight / 2 + static_cast<double>(k / cols) * (kNodeHeight + 40)};
}

// Pushes overlapping node boxes apart along the axis where they overlap least, a few rounds.
void separate_nodes(std::vector<Point>& nodes) {
  // Room for a link and its arrowhead between two boxes.
  const double w = kNodeWidth + 24, h = kNodeHeight + 40;
  for (int round = 0; round < 30; ++round) {
    bool any = false;
    // Sorted by x, only neighbours closer than a box width are compared.
    std::vector<std::size_t> order(nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return nodes[a].x < nodes[b].x; });
    for (std::size_t a = 0; a < order.size(); ++a)
      for (std::size_t b = a + 1; b < order.size(); ++b) {
        Point& p = nodes[order[a]];
        Point& q = nodes[order[b]];
        const double dx = q.x - p.x;
        if (dx >= w) break;
        const double dy = q.y - p.y;
        const double ox = w - std::abs(dx), oy = h - std::abs(dy);
        if (ox <= 0 || oy <= 0) continue;
        any = true;
        if (ox * h < oy * w) {
          const double push = ox / 2 + 0.5;
          p.x -= push, q.x += push;
        } else {
          const double push = (oy / 2 + 0.5) * (dy < 0 ? -1 : 1);
          p.y -= push, q.y += push;
        }
      }
    if (!any) break;
  }
}

}  // namespace

MapLayout layout_map(const NetworkMap& map, const std::map<std::string, Point>& pinned) {
  const auto started = std::chrono::steady_clock::now();
  MapLayout out;
  out.nodes.assign(map.nodes.size(), Point{});
  out.edges.assign(map.edges.size(), {});
  out.groups.assign(map.groups.size(), Rect{});
  if (map.nodes.empty()) {
    out.engine = "none";
    return out;
  }
  // dot draws a plant's hierarchy (masters above the controllers they poll) but puts each rank
  // in one row: a small map only. fdp packs groups (clusters) compactly; sfdp is the fast one for
  // large maps (straight lines). Measured in bench/map_bench.cpp.
  bool clusters_wanted = false;
  for (const MapGroup& g : map.groups) clusters_wanted = clusters_wanted || !g.collapsed;
  const std::size_t n = map.nodes.size();
  const bool dense = map.edges.size() > 4 * n + 50;
  if (n <= kDotNodes && !dense)
    out.engine = "dot";
  else if (clusters_wanted && n <= kFdpNodes)
    out.engine = "fdp";
  else
    out.engine = "sfdp";
  if (const char* forced = std::getenv("OTSCOPE_MAP_ENGINE"); forced != nullptr && *forced != 0)
    out.engine = forced;
  const bool dot = out.engine == "dot";
  const bool large = out.engine == "sfdp";
  std::vector<std::size_t> degree(map.nodes.size(), 0);
  for (const MapEdge& e : map.edges) ++degree[e.from], ++degree[e.to];

  bool ok = false;
  {
    std::lock_guard lock(graphviz_mutex());
    std::string messages;
    g_messages = &messages;
    const agusererrf previous = agseterrf(collect_message);
    agseterr(AGMAX);  // nothing to stderr: every message goes to collect_message
    GVC_t* gvc = graphviz_context();
    Agraph_t* g = gvc == nullptr ? nullptr : agopen(const_cast<char*>("map"), Agdirected, nullptr);
    if (g != nullptr) {
      auto def = [&](int kind, const char* name, const std::string& value) {
        agattr(g, kind, const_cast<char*>(name), const_cast<char*>(value.c_str()));
      };
      if (!dot) {
        def(AGRAPH, "overlap", "false");
        def(AGRAPH, "sep", "+24");
        if (out.engine == "fdp") def(AGRAPH, "K", "1.6");
        def(AGRAPH, "splines", "false");
        def(AGRAPH, "outputorder", "edgesfirst");
      } else {
        def(AGRAPH, "rankdir", "TB");
        def(AGRAPH, "nodesep", "0.35");
        def(AGRAPH, "ranksep", "0.9");
        def(AGRAPH, "newrank", "true");
        def(AGRAPH, "margin", num(kGroupPad + kGroupTitle));
      }
      def(AGNODE, "shape", "box");
      def(AGNODE, "fixedsize", "true");
      def(AGNODE, "label", "");
      def(AGNODE, "width", num(kNodeWidth / 72.0));
      def(AGNODE, "height", num(kNodeHeight / 72.0));
      def(AGEDGE, "arrowhead", "none");
      def(AGEDGE, "style", "");
      def(AGEDGE, "weight", "1");

      // Clusters of the expanded groups (dot only).
      std::map<std::string, Agraph_t*> clusters;
      if (!large)
        for (std::size_t i = 0; i < map.groups.size(); ++i) {
          if (map.groups[i].collapsed) continue;
          Agraph_t* sg = agsubg(g, const_cast<char*>(("cluster_" + std::to_string(i)).c_str()), 1);
          set(sg, "margin", num(kGroupPad + kGroupTitle));
          if (!dot) set(sg, "label", " ");  // fdp keeps room for a label: the group's title
          clusters[map.groups[i].key] = sg;
        }
      std::vector<Agnode_t*> gn(map.nodes.size());
      for (std::size_t i = 0; i < map.nodes.size(); ++i) {
        Agraph_t* parent = g;
        if (const auto it = clusters.find(map.nodes[i].group_key); it != clusters.end())
          parent = it->second;
        gn[i] = agnode(parent, const_cast<char*>(("n" + std::to_string(i)).c_str()), 1);
      }
      // One Graphviz edge per pair of nodes (either direction), weighted by how many links it
      // stands for: parallel edges (one per protocol) follow its curve, set apart (dot's
      // routing of many multi-edges is slow and adds nothing).
      std::vector<Agedge_t*> ge(map.edges.size(), nullptr);
      std::vector<std::size_t> first_of(map.edges.size());
      std::vector<int> lane(map.edges.size(), 0);
      {
        std::map<std::pair<std::size_t, std::size_t>, std::size_t> pair_at;
        std::map<std::size_t, int> lanes;
        for (std::size_t i = 0; i < map.edges.size(); ++i) {
          const MapEdge& e = map.edges[i];
          const auto key = std::minmax(e.from, e.to);
          auto [it, fresh] = pair_at.try_emplace(key, i);
          first_of[i] = it->second;
          if (fresh) {
            ge[i] = agedge(g, gn[e.from], gn[e.to],
                           const_cast<char*>(("e" + std::to_string(i)).c_str()), 1);
          } else {
            lane[i] = ++lanes[it->second];
            Agedge_t* f = ge[it->second];
            set(f, "weight", std::to_string(lane[i] + 1));
          }
        }
      }
      // Nodes without links, per cluster (or the root), in invisible columns: a block instead of
      // one very long row.
      if (dot) {
        std::map<std::string, std::vector<std::size_t>> lonely;
        for (std::size_t i = 0; i < map.nodes.size(); ++i)
          if (degree[i] == 0)
            lonely[clusters.contains(map.nodes[i].group_key) ? map.nodes[i].group_key : ""]
                .push_back(i);
        int invisible = 0;
        for (const auto& [key, ids] : lonely) {
          const auto cols = static_cast<std::size_t>(
              std::max(1.0, std::ceil(std::sqrt(static_cast<double>(ids.size()) * 3.0))));
          for (std::size_t k = cols; k < ids.size(); ++k) {
            Agedge_t* e = agedge(g, gn[ids[k - cols]], gn[ids[k]],
                                 const_cast<char*>(("i" + std::to_string(invisible++)).c_str()), 1);
            set(e, "style", "invis");
          }
        }
      }
      if (gvLayout(gvc, g, out.engine.c_str()) == 0) {
        const boxf bb = GD_bb(g);
        for (std::size_t i = 0; i < map.nodes.size(); ++i) {
          const pointf p = ND_coord(gn[i]);
          out.nodes[i] = {p.x - bb.LL.x, bb.UR.y - p.y};
        }
        for (std::size_t i = 0; i < map.edges.size(); ++i) {
          if (ge[i] == nullptr) continue;
          const splines* spl = ED_spl(ge[i]);
          if (spl == nullptr || spl->size < 1 || spl->list[0].size < 4) continue;
          const bezier& bz = spl->list[0];
          std::vector<Point>& c = out.edges[i];
          for (int k = 0; k < bz.size; ++k)
            c.push_back({bz.list[k].x - bb.LL.x, bb.UR.y - bz.list[k].y});
        }
        for (std::size_t i = 0; i < map.edges.size(); ++i) {
          std::vector<Point>& c = out.edges[i];
          if (ge[i] == nullptr) {
            c = out.edges[first_of[i]];
            if (c.empty()) continue;
            // Set apart from the first: alternate sides, 7 points a lane.
            const double off = (lane[i] % 2 == 1 ? 1.0 : -1.0) * 7.0 * ((lane[i] + 1) / 2);
            const double dx = c.back().x - c.front().x, dy = c.back().y - c.front().y;
            const double len = std::max(1e-6, std::hypot(dx, dy));
            for (Point& p : c) p = {p.x - dy / len * off, p.y + dx / len * off};
          }
          if (c.empty()) continue;
          // Drawn from the client to the server (dot may store a reversed edge's the other way).
          const Point a = out.nodes[map.edges[i].from];
          auto d2 = [](Point p, Point q) {
            return (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y);
          };
          if (d2(c.front(), a) > d2(c.back(), a)) std::reverse(c.begin(), c.end());
        }
        gvFreeLayout(gvc, g);
        ok = true;
      }
      agclose(g);
    }
    agseterrf(previous);
    agseterr(AGWARN);
    g_messages = nullptr;
    if (!ok) out.error = messages.empty() ? "Graphviz could not lay the map out" : messages;
    while (!out.error.empty() && (out.error.back() == '\n' || out.error.back() == ' '))
      out.error.pop_back();
  }
  if (ok && out.engine != "dot") {
    // fdp's and sfdp's lines are straight: drawn as such between the node boxes (parallel ones
    // set apart). Their overlap removal leaves a few boxes touching inside clusters: pushed apart.
    for (auto& e : out.edges) e.clear();
    separate_nodes(out.nodes);
  }
  if (!ok) {
    out.engine = "grid";
    std::vector<std::size_t> all(map.nodes.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    grid_layout(all, out.nodes, 0);
    for (auto& e : out.edges) e.clear();
  }

  // What the user placed stays where it was put; a node that was not placed (new since) and
  // lands on one goes to the nearest free spot, so nothing already on screen moves.
  if (!pinned.empty()) {
    std::vector<bool> fixed(map.nodes.size(), false);
    std::vector<bool> moved(map.nodes.size(), false);
    std::size_t placed = 0;
    for (std::size_t i = 0; i < map.nodes.size(); ++i)
      if (const auto it = pinned.find(map.nodes[i].key); it != pinned.end()) {
        // Graphviz is deterministic: a node saved where it laid it out keeps its curves.
        moved[i] = std::abs(out.nodes[i].x - it->second.x) > 0.5 ||
                   std::abs(out.nodes[i].y - it->second.y) > 0.5;
        out.nodes[i] = it->second;
        fixed[i] = true;
        ++placed;
      }
    if (placed > 0) {
      auto free_at = [&](Point p) {
        for (std::size_t j = 0; j < out.nodes.size(); ++j)
          if (fixed[j] && std::abs(out.nodes[j].x - p.x) < kNodeWidth + 10 &&
              std::abs(out.nodes[j].y - p.y) < kNodeHeight + 10)
            return false;
        return true;
      };
      for (std::size_t i = 0; i < map.nodes.size(); ++i) {
        if (fixed[i]) continue;
        Point c = out.nodes[i];
        // Near its placed neighbours when it has some.
        double sx = 0, sy = 0, count = 0;
        for (const MapEdge& e : map.edges) {
          const std::size_t other = e.from == i ? e.to : (e.to == i ? e.from : SIZE_MAX);
          if (other != SIZE_MAX && fixed[other])
            sx += out.nodes[other].x, sy += out.nodes[other].y, ++count;
        }
        if (count > 0) c = {sx / count, sy / count + kNodeHeight * 2};
        Point best = c;
        for (int ring = 0; ring < 200 && !free_at(best); ++ring) {
          bool found = false;
          for (int gx = -ring; gx <= ring && !found; ++gx)
            for (int gy = -ring; gy <= ring && !found; ++gy) {
              if (std::max(std::abs(gx), std::abs(gy)) != ring) continue;
              const Point p{c.x + gx * (kNodeWidth + 20), c.y + gy * (kNodeHeight + 24)};
              if (free_at(p)) best = p, found = true;
            }
        }
        moved[i] = best != out.nodes[i];
        out.nodes[i] = best;
        fixed[i] = true;
      }
      for (std::size_t k = 0; k < map.edges.size(); ++k)
        if (moved[map.edges[k].from] || moved[map.edges[k].to]) out.edges[k].clear();
    }
  }
  fit_groups(map, out);
  out.milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

void move_node(const NetworkMap& map, MapLayout& layout, std::size_t node, Point centre) {
  if (node >= layout.nodes.size()) return;
  layout.nodes[node] = centre;
  for (std::size_t k = 0; k < map.edges.size(); ++k)
    if (map.edges[k].from == node || map.edges[k].to == node) layout.edges[k].clear();
  fit_groups(map, layout);
}

void fit_groups(const NetworkMap& map, MapLayout& layout) {
  std::map<std::string, std::size_t> group_at;
  for (std::size_t i = 0; i < map.groups.size(); ++i) group_at[map.groups[i].key] = i;
  struct Box {
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    void add(double ax, double ay, double bx, double by) {
      x0 = std::min(x0, ax), y0 = std::min(y0, ay), x1 = std::max(x1, bx), y1 = std::max(y1, by);
    }
  };
  std::vector<Box> boxes(map.groups.size());
  Box all;
  for (std::size_t i = 0; i < map.nodes.size() && i < layout.nodes.size(); ++i) {
    const Point c = layout.nodes[i];
    const double x0 = c.x - kNodeWidth / 2, y0 = c.y - kNodeHeight / 2;
    const double x1 = c.x + kNodeWidth / 2, y1 = c.y + kNodeHeight / 2;
    all.add(x0, y0, x1, y1);
    if (const auto it = group_at.find(map.nodes[i].group_key);
        it != group_at.end() && !map.nodes[i].group)
      boxes[it->second].add(x0, y0, x1, y1);
  }
  layout.groups.assign(map.groups.size(), Rect{});
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const Box& b = boxes[i];
    if (map.groups[i].collapsed || b.x1 < b.x0) continue;
    layout.groups[i] = {b.x0 - kGroupPad, b.y0 - kGroupPad - kGroupTitle,
                        b.x1 - b.x0 + 2 * kGroupPad, b.y1 - b.y0 + 2 * kGroupPad + kGroupTitle};
    const Rect& r = layout.groups[i];
    all.add(r.x, r.y, r.x + r.w, r.y + r.h);
  }
  if (all.x1 < all.x0) all = {0, 0, 0, 0};
  layout.bounds = {all.x0 - 20, all.y0 - 20, all.x1 - all.x0 + 40, all.y1 - all.y0 + 40};
}

// ---- the look --------------------------------------------------------------------------------

std::string Rgb::hex() const {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
  return buf;
}

namespace {

// Fills light enough for dark text, borders in the same hue; shapes after the usual P&ID and
// network-diagram conventions (controllers square, field devices octagonal, masters hexagonal).
const std::vector<RoleStyle>& role_styles() {
  static const std::vector<RoleStyle> k = {
      {AssetRole::Plc,
       Shape::Rect,
       {0xd6, 0xe9, 0xff},
       {0x1f, 0x5f, 0xbf},
       QT_TRANSLATE_NOOP("map", "PLC")},
      {AssetRole::Rtu,
       Shape::Octagon,
       {0xdc, 0xf5, 0xdc},
       {0x2e, 0x7d, 0x32},
       QT_TRANSLATE_NOOP("map", "RTU / outstation")},
      {AssetRole::Gateway,
       Shape::Diamond,
       {0xff, 0xf1, 0xcc},
       {0xb2, 0x7b, 0x00},
       QT_TRANSLATE_NOOP("map", "Gateway")},
      {AssetRole::Hmi,
       Shape::RoundRect,
       {0xe8, 0xdc, 0xff},
       {0x5e, 0x35, 0xb1},
       QT_TRANSLATE_NOOP("map", "HMI / SCADA client")},
      {AssetRole::ScadaMaster,
       Shape::Hexagon,
       {0xf3, 0xd9, 0xf7},
       {0x8e, 0x24, 0xaa},
       QT_TRANSLATE_NOOP("map", "SCADA master")},
      {AssetRole::EngineeringWorkstation,
       Shape::Parallelogram,
       {0xff, 0xe0, 0xd0},
       {0xd8, 0x43, 0x15},
       QT_TRANSLATE_NOOP("map", "Engineering station")},
      {AssetRole::Historian,
       Shape::Barrel,
       {0xd8, 0xf3, 0xf3},
       {0x00, 0x7c, 0x7c},
       QT_TRANSLATE_NOOP("map", "Historian")},
      {AssetRole::Router,
       Shape::Ellipse,
       {0xe6, 0xe6, 0xe6},
       {0x42, 0x42, 0x42},
       QT_TRANSLATE_NOOP("map", "Router")},
      {AssetRole::ItHost,
       Shape::RoundRect,
       {0xf7, 0xf7, 0xf7},
       {0x75, 0x75, 0x75},
       QT_TRANSLATE_NOOP("map", "IT host")},
      {AssetRole::Unknown,
       Shape::Rect,
       {0xff, 0xff, 0xff},
       {0x9e, 0x9e, 0x9e},
       QT_TRANSLATE_NOOP("map", "Unknown role")},
  };
  return k;
}

}  // namespace

const RoleStyle& role_style(AssetRole role) {
  for (const RoleStyle& s : role_styles())
    if (s.role == role) return s;
  return role_styles().back();
}

const RoleStyle& group_style() {
  static const RoleStyle k{AssetRole::Unknown,
                           Shape::Tab,
                           {0xee, 0xf1, 0xf5},
                           {0x45, 0x5a, 0x64},
                           QT_TRANSLATE_NOOP("map", "Collapsed group")};
  return k;
}

const std::vector<AssetRole>& legend_roles() {
  static const std::vector<AssetRole> k = {
      AssetRole::Plc,       AssetRole::Rtu,         AssetRole::Gateway,
      AssetRole::Hmi,       AssetRole::ScadaMaster, AssetRole::EngineeringWorkstation,
      AssetRole::Historian, AssetRole::Router,      AssetRole::ItHost,
      AssetRole::Unknown};
  return k;
}

Rgb protocol_color(std::string_view p) {
  if (p.empty()) return {0x54, 0x6e, 0x7a};  // several protocols (a collapsed group's links)
  if (p == "modbus") return {0x1e, 0x88, 0xe5};
  if (p == "dnp3") return {0x8e, 0x24, 0xaa};
  if (p == "s7comm") return {0x2e, 0x9d, 0x3a};
  if (p == "s7comm_plus") return {0x00, 0x96, 0x88};
  if (p.starts_with("udp/")) return {0xb0, 0xb0, 0xb0};
  return {0x90, 0x90, 0x90};
}

std::string protocol_label(std::string_view p) {
  if (p.empty()) return "several protocols";
  if (const auto known = find_protocol(std::string(p))) return std::string(known->display_name());
  return std::string(p);
}

Rgb dangerous_color() {
  return {0xd3, 0x2f, 0x2f};
}
Rgb badge_color() {
  return {0xc6, 0x28, 0x28};
}

std::vector<Point> shape_outline(Shape shape, const Rect& r) {
  const double x0 = r.x, y0 = r.y, x1 = r.x + r.w, y1 = r.y + r.h;
  const double cx = r.x + r.w / 2, cy = r.y + r.h / 2;
  auto round = [&](double rad, int steps) {
    std::vector<Point> p;
    const double corners[4][3] = {{x1 - rad, y0 + rad, -90},
                                  {x1 - rad, y1 - rad, 0},
                                  {x0 + rad, y1 - rad, 90},
                                  {x0 + rad, y0 + rad, 180}};
    for (const auto& c : corners)
      for (int k = 0; k <= steps; ++k) {
        const double a = (c[2] + 90.0 * k / steps) * M_PI / 180;
        p.push_back({c[0] + rad * std::cos(a), c[1] + rad * std::sin(a)});
      }
    return p;
  };
  switch (shape) {
    case Shape::Rect:
      return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    case Shape::RoundRect:
      return round(std::min(r.h, r.w) * 0.25, 4);
    case Shape::Octagon: {
      const double c = r.h * 0.28;
      return {{x0 + c, y0}, {x1 - c, y0}, {x1, y0 + c}, {x1, y1 - c},
              {x1 - c, y1}, {x0 + c, y1}, {x0, y1 - c}, {x0, y0 + c}};
    }
    case Shape::Diamond:
      return {{cx, y0 - 4}, {x1 + 6, cy}, {cx, y1 + 4}, {x0 - 6, cy}};
    case Shape::Hexagon: {
      const double c = r.h * 0.4;
      return {{x0 + c, y0}, {x1 - c, y0}, {x1, cy}, {x1 - c, y1}, {x0 + c, y1}, {x0, cy}};
    }
    case Shape::Parallelogram: {
      const double c = r.h * 0.35;
      return {{x0 + c, y0}, {x1, y0}, {x1 - c, y1}, {x0, y1}};
    }
    case Shape::Barrel: {
      // A drum seen from the side: flat top and bottom, bulging ends.
      std::vector<Point> p;
      const double c = r.h * 0.3;
      for (int k = 0; k <= 8; ++k) {
        const double a = (-90 + 180.0 * k / 8) * M_PI / 180;
        p.push_back({x1 - c + c * std::cos(a), cy + r.h / 2 * std::sin(a)});
      }
      for (int k = 0; k <= 8; ++k) {
        const double a = (90 + 180.0 * k / 8) * M_PI / 180;
        p.push_back({x0 + c + c * std::cos(a), cy + r.h / 2 * std::sin(a)});
      }
      return p;
    }
    case Shape::Ellipse: {
      std::vector<Point> p;
      for (int k = 0; k < 36; ++k) {
        const double a = k * 10 * M_PI / 180;
        p.push_back({cx + r.w / 2 * std::cos(a), cy + r.h / 2 * std::sin(a)});
      }
      return p;
    }
    case Shape::Tab: {
      // A folder: a tab on the top left.
      const double t = 8;
      return {{x0, y0}, {x0 + r.w * 0.4, y0}, {x0 + r.w * 0.4 + t, y0 + t}, {x1, y0 + t}, {x1, y1},
              {x0, y1}};
    }
  }
  return {};
}

std::string elide(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) continue;
    if (chars == max_chars - 1) {
      // Are there more than one character left?
      std::size_t rest = 0;
      for (std::size_t k = i; k < text.size(); ++k)
        if ((static_cast<unsigned char>(text[k]) & 0xc0) != 0x80) ++rest;
      if (rest > 1) return std::string(text.substr(0, i)) + "\u2026";
      return std::string(text);
    }
    ++chars;
  }
  return std::string(text);
}

// ---- SVG ---------------------------------------------------------------------------------------

namespace {

// Text as XML character data (common/bytes.h): a hostile name can neither inject markup nor break
// the document.
std::string xml(std::string_view s) {
  return xml_text(s);
}

std::string points(const std::vector<Point>& p) {
  std::string s;
  for (const Point& q : p) {
    if (!s.empty()) s += ' ';
    s += num(q.x) + "," + num(q.y);
  }
  return s;
}

std::string curve_d(const std::vector<Point>& c) {
  std::string d = "M" + num(c[0].x) + "," + num(c[0].y);
  for (std::size_t k = 1; k + 2 < c.size(); k += 3)
    d += " C" + num(c[k].x) + "," + num(c[k].y) + " " + num(c[k + 1].x) + "," + num(c[k + 1].y) +
         " " + num(c[k + 2].x) + "," + num(c[k + 2].y);
  return d;
}

std::string protocols_text(const MapEdge& e) {
  std::string s;
  for (const std::string& p : e.protocols) {
    if (!s.empty()) s += ", ";
    s += protocol_label(p);
  }
  return s.empty() ? protocol_label(e.protocol) : s;
}

std::string classes_text(const std::set<OpClass>& ops) {
  std::string s;
  for (OpClass c : ops) {
    if (!s.empty()) s += ", ";
    s += op_class_name(c);
  }
  return s;
}

}  // namespace

std::vector<Point> edge_curve(const NetworkMap& map, const MapLayout& layout, std::size_t i) {
  if (i < layout.edges.size() && layout.edges[i].size() >= 4) return layout.edges[i];
  const MapEdge& e = map.edges[i];
  const Point a = layout.nodes[e.from], b = layout.nodes[e.to];
  if (e.from == e.to) {
    // A loop out of the right side and back in at the top, larger for each further protocol.
    std::size_t rank = 0;
    for (std::size_t k = 0; k < i; ++k)
      if (map.edges[k].from == e.from && map.edges[k].to == e.to) ++rank;
    const double r = 34 + 12 * static_cast<double>(rank);
    const Point p0{a.x + kNodeWidth / 2, a.y - 6};
    const Point p3{a.x + kNodeWidth / 2 - 22, a.y - kNodeHeight / 2};
    return {p0, {p0.x + r, p0.y}, {p3.x + r * 0.4, p3.y - r}, p3};
  }
  // Parallel edges (one per protocol) apart from each other.
  std::size_t rank = 0;
  for (std::size_t k = 0; k < i; ++k)
    if ((map.edges[k].from == e.from && map.edges[k].to == e.to) ||
        (map.edges[k].from == e.to && map.edges[k].to == e.from))
      ++rank;
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len = std::max(1e-6, std::hypot(dx, dy));
  const double off =
      rank == 0 ? 0 : (rank % 2 == 1 ? 1.0 : -1.0) * 8.0 * static_cast<double>((rank + 1) / 2);
  const double nx = -dy / len * off, ny = dx / len * off;
  // From the boundary of one node's box to the other's.
  auto clip = [&](Point c, double ux, double uy) {
    const double tx = std::abs(ux) > 1e-9 ? (kNodeWidth / 2 + 4) / std::abs(ux) : 1e300;
    const double ty = std::abs(uy) > 1e-9 ? (kNodeHeight / 2 + 4) / std::abs(uy) : 1e300;
    const double t = std::min({tx, ty, len / 2});
    return Point{c.x + ux * t + nx, c.y + uy * t + ny};
  };
  const Point p0 = clip(a, dx / len, dy / len);
  const Point p3 = clip(b, -dx / len, -dy / len);
  return {p0,
          {p0.x + (p3.x - p0.x) / 3, p0.y + (p3.y - p0.y) / 3},
          {p0.x + 2 * (p3.x - p0.x) / 3, p0.y + 2 * (p3.y - p0.y) / 3},
          p3};
}

std::vector<Point> arrow_head(const std::vector<Point>& curve, double size) {
  if (curve.size() < 2) return {};
  const Point tip = curve.back();
  Point from = curve[curve.size() - 2];
  if (std::hypot(tip.x - from.x, tip.y - from.y) < 1e-6) from = curve.front();
  const double dx = tip.x - from.x, dy = tip.y - from.y;
  const double len = std::max(1e-6, std::hypot(dx, dy));
  const double ux = dx / len, uy = dy / len;
  return {tip,
          {tip.x - ux * size - uy * size * 0.5, tip.y - uy * size + ux * size * 0.5},
          {tip.x - ux * size + uy * size * 0.5, tip.y - uy * size - ux * size * 0.5}};
}

std::string map_svg(const NetworkMap& map, const MapLayout& layout, const SvgOptions& o) {
  const auto T = [&o](const char* text) {
    return o.translate ? o.translate("map", text) : std::string(text);
  };
  const Rect b = layout.bounds;
  const double title_h = o.title.empty() ? 0 : 30;
  // The legend below the map: roles, the protocols drawn, dangerous links, alert badge.
  std::set<std::string> drawn;
  for (const MapEdge& e : map.edges) drawn.insert(e.protocol);
  const double width = std::max(b.w, 980.0);
  const double legend_h = o.legend ? 84 : 0;
  const double height = title_h + b.h + legend_h;
  std::string s;
  s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" +
       num(height) + "\" viewBox=\"" + num(b.x) + " " + num(b.y - title_h) + " " + num(width) +
       " " + num(height) + "\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n";
  s += "<rect x=\"" + num(b.x) + "\" y=\"" + num(b.y - title_h) + "\" width=\"" + num(width) +
       "\" height=\"" + num(height) + "\" fill=\"#ffffff\"/>\n";
  if (!o.title.empty())
    s += "<text x=\"" + num(b.x + 10) + "\" y=\"" + num(b.y - 10) +
         "\" font-size=\"16\" font-weight=\"bold\" fill=\"#263238\">" + xml(o.title) + "</text>\n";

  // Groups.
  for (std::size_t i = 0; i < map.groups.size() && i < layout.groups.size(); ++i) {
    const Rect& r = layout.groups[i];
    if (r.w <= 0) continue;
    s += "<g class=\"group\"><rect x=\"" + num(r.x) + "\" y=\"" + num(r.y) + "\" width=\"" +
         num(r.w) + "\" height=\"" + num(r.h) +
         "\" rx=\"8\" fill=\"#f5f7fa\" stroke=\"#90a4ae\" stroke-dasharray=\"6,3\"/>";
    s += "<text x=\"" + num(r.x + 8) + "\" y=\"" + num(r.y + 16) +
         "\" font-size=\"12\" font-weight=\"bold\" fill=\"#455a64\">" +
         xml(group_label(map.groups[i], o.translate) + " (" +
             std::to_string(map.groups[i].members.size()) + ")") +
         "</text></g>\n";
  }
  // Edges under nodes.
  for (std::size_t i = 0; i < map.edges.size(); ++i) {
    const MapEdge& e = map.edges[i];
    const std::vector<Point> c = edge_curve(map, layout, i);
    const std::string color =
        e.dangerous ? dangerous_color().hex() : protocol_color(e.protocol).hex();
    const double w = e.dangerous ? kDangerousWidth : kEdgeWidth;
    s += "<g class=\"edge\"><title>" +
         xml(map.nodes[e.from].name + " \u2192 " + map.nodes[e.to].name + ": " + protocols_text(e) +
             (e.op_classes.empty() ? std::string() : " (" + classes_text(e.op_classes) + ")")) +
         "</title>";
    s += "<path d=\"" + curve_d(c) + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" +
         num(w) + "\"/>";
    if (e.dangerous)  // the protocol's colour as a thin core keeps it readable
      s += "<path d=\"" + curve_d(c) + "\" fill=\"none\" stroke=\"" +
           protocol_color(e.protocol).hex() + "\" stroke-width=\"1\"/>";
    s += "<polygon points=\"" + points(arrow_head(c, e.dangerous ? 12 : 9)) + "\" fill=\"" + color +
         "\"/></g>\n";
  }
  // Nodes.
  for (std::size_t i = 0; i < map.nodes.size(); ++i) {
    const MapNode& n = map.nodes[i];
    const Point c = layout.nodes[i];
    const RoleStyle& st = n.group ? group_style() : role_style(n.role);
    const Rect r{c.x - kNodeWidth / 2, c.y - kNodeHeight / 2, kNodeWidth, kNodeHeight};
    const std::string line1 = elide(n.name.empty() ? n.mac : n.name, 24);
    const std::string line2 =
        n.group ? std::string(T(QT_TRANSLATE_NOOP("map", "%1 assets")))
                      .replace(T(QT_TRANSLATE_NOOP("map", "%1 assets")).find("%1"), 2,
                               std::to_string(n.members))
                : (n.ip == n.name ? std::string() : n.ip);
    s += "<g class=\"node\"><title>" +
         xml(n.group
                 ? n.name + ": " + line2
                 : n.name + (n.ip.empty() ? "" : " " + n.ip) + (n.mac.empty() ? "" : " " + n.mac) +
                       " \u2014 " + T(role_style(n.role).legend.data())) +
         "</title>";
    s += "<polygon points=\"" + points(shape_outline(st.shape, r)) + "\" fill=\"" + st.fill.hex() +
         "\" stroke=\"" + st.border.hex() + "\" stroke-width=\"" + (n.group ? "2.5" : "1.5") +
         "\"" + (!n.group && n.role == AssetRole::Unknown ? " stroke-dasharray=\"4,2\"" : "") +
         "/>";
    s += "<text x=\"" + num(c.x) + "\" y=\"" + num(line2.empty() ? c.y + 4 : c.y - 3) +
         "\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#212121\">" +
         xml(line1) + "</text>";
    if (!line2.empty())
      s += "<text x=\"" + num(c.x) + "\" y=\"" + num(c.y + 12) +
           "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#424242\">" + xml(line2) + "</text>";
    if (n.open_alerts > 0) {
      const std::string count = n.open_alerts > 99 ? "99+" : std::to_string(n.open_alerts);
      s += "<circle cx=\"" + num(r.x + r.w - 2) + "\" cy=\"" + num(r.y + 2) +
           "\" r=\"10\" fill=\"" + badge_color().hex() +
           "\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>";
      s += "<text x=\"" + num(r.x + r.w - 2) + "\" y=\"" + num(r.y + 6) +
           "\" font-size=\"9.5\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#ffffff\">" +
           count + "</text>";
    }
    s += "</g>\n";
  }
  // Legend.
  if (o.legend) {
    double x = b.x + 10, y = b.y + b.h + 12;
    auto next = [&](double w) {
      if (x + w > b.x + width - 10) x = b.x + 10, y += 26;
      const double at = x;
      x += w;
      return at;
    };
    s += "<g class=\"legend\" font-size=\"10\" fill=\"#263238\">";
    for (AssetRole role : legend_roles()) {
      const RoleStyle& st = role_style(role);
      const std::string legend = T(st.legend.data());
      const double at = next(46 + 7.0 * static_cast<double>(legend.size()));
      s += "<polygon points=\"" + points(shape_outline(st.shape, {at + 6, y + 2, 22, 12})) +
           "\" fill=\"" + st.fill.hex() + "\" stroke=\"" + st.border.hex() + "\"/>";
      s += "<text x=\"" + num(at + 40) + "\" y=\"" + num(y + 12) + "\">" + xml(legend) + "</text>";
    }
    x = b.x + 10, y += 30;
    for (const std::string& p : drawn) {
      const std::string label = protocol_label(p);
      const double at = next(44 + 7.0 * static_cast<double>(label.size()));
      s += "<line x1=\"" + num(at) + "\" y1=\"" + num(y + 8) + "\" x2=\"" + num(at + 28) +
           "\" y2=\"" + num(y + 8) + "\" stroke=\"" + protocol_color(p).hex() +
           "\" stroke-width=\"2\"/>";
      s += "<text x=\"" + num(at + 34) + "\" y=\"" + num(y + 12) + "\">" + xml(label) + "</text>";
    }
    {
      const double at = next(290);
      s += "<line x1=\"" + num(at) + "\" y1=\"" + num(y + 8) + "\" x2=\"" + num(at + 28) +
           "\" y2=\"" + num(y + 8) + "\" stroke=\"" + dangerous_color().hex() +
           "\" stroke-width=\"" + num(kDangerousWidth) + "\"/>";
      s += "<text x=\"" + num(at + 34) + "\" y=\"" + num(y + 12) + "\">" +
           xml(T(QT_TRANSLATE_NOOP("map", "write, control, program or mode change"))) + "</text>";
      const double at2 = next(120);
      s += "<circle cx=\"" + num(at2 + 10) + "\" cy=\"" + num(y + 8) + "\" r=\"8\" fill=\"" +
           badge_color().hex() + "\"/>";
      s += "<text x=\"" + num(at2 + 24) + "\" y=\"" + num(y + 12) + "\">" +
           xml(T(QT_TRANSLATE_NOOP("map", "open alerts"))) + "</text>";
    }
    s += "</g>\n";
  }
  s += "</svg>\n";
  return s;
}

}  // namespace otscope::netmap
