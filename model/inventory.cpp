#include "model/inventory.h"

#include <algorithm>
#include <tuple>

#include "model/history.h"
#include "model/roles.h"
#include "protocols/registry.h"

namespace otscope {

namespace {

void widen(std::int64_t& first, std::int64_t& last, std::int64_t f, std::int64_t l) {
  if (f != 0 && (first == 0 || f < first)) first = f;
  if (l > last) last = l;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Numbers by value, then text.
bool value_less(const std::string& a, const std::string& b) {
  if (all_digits(a) && all_digits(b) && a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

std::string link_label(const LinkRecord& l) {
  if (!l.protocol.empty()) return l.protocol;
  return std::string(transport_name(l.transport)) + "/" + std::to_string(l.server_port);
}

}  // namespace

bool is_multi_valued_field(const std::string& field) {
  const auto protocols = all_protocols();
  return std::any_of(protocols.begin(), protocols.end(), [&field](Protocol p) {
    return !p.info().address_field.empty() && p.info().address_field == field;
  });
}

std::map<std::string, std::string> InventoryAsset::identity_values() const {
  std::map<std::string, std::string> out;
  std::set<std::string> fields;
  for (const IdentityRecord& r : identity) fields.insert(r.field);
  for (const std::string& f : fields) {
    if (is_multi_valued_field(f)) {
      std::string joined;
      for (const std::string& v : identity_list(f)) joined += (joined.empty() ? "" : ", ") + v;
      out[f] = joined;
    } else {
      out[f] = identity_value(f);
    }
  }
  return out;
}

std::string InventoryAsset::identity_value(const std::string& field) const {
  const IdentityRecord* best = nullptr;
  for (const IdentityRecord& r : identity) {
    if (r.field != field) continue;
    if (!best || std::tie(r.last_seen_us, r.first_seen_us) >
                     std::tie(best->last_seen_us, best->first_seen_us))
      best = &r;
  }
  return best ? best->value : std::string();
}

std::vector<std::string> InventoryAsset::identity_list(const std::string& field) const {
  std::vector<std::string> out;
  for (const IdentityRecord& r : identity)
    if (r.field == field && std::find(out.begin(), out.end(), r.value) == out.end())
      out.push_back(r.value);
  std::sort(out.begin(), out.end(), value_less);
  return out;
}

std::string InventoryAsset::display_name() const {
  if (!audit.name.empty()) return audit.name;
  const auto hosts = hostnames();
  if (!hosts.empty()) return hosts.front();
  for (const char* f : {"device_name", "station_name", "module_name"}) {
    std::string v = identity_value(f);
    if (!v.empty()) return v;
  }
  if (!record.ips.empty()) return record.ips.front().to_string();
  return record.mac.is_zero() ? "" : record.mac.to_string();
}

std::vector<std::string> InventoryAsset::hostnames() const {
  std::set<std::string> unique;
  for (const HostnameRecord& n : names) unique.insert(n.name);
  return {unique.begin(), unique.end()};
}

const InventoryAsset* Inventory::find(const IpAddress& ip) const {
  const InventoryAsset* fallback = nullptr;
  for (const InventoryAsset& a : assets) {
    if (std::find(a.record.ips.begin(), a.record.ips.end(), ip) == a.record.ips.end()) continue;
    if (a.record.mac.is_zero() || !fallback) fallback = &a;
    if (!a.record.mac.is_zero()) return &a;
  }
  return fallback;
}

const InventoryAsset* Inventory::find(const MacAddress& mac) const {
  for (const InventoryAsset& a : assets)
    if (!mac.is_zero() && a.record.mac == mac) return &a;
  return nullptr;
}

Inventory build_inventory(const InventorySources& in) {
  Inventory inv;
  inv.assets.resize(in.assets.size());
  const auto roles = infer_roles({in.assets, in.links, in.operations});
  for (std::size_t i = 0; i < in.assets.size(); ++i) {
    InventoryAsset& a = inv.assets[i];
    a.record = in.assets[i];
    a.record.roles = roles[i];
    if (i < in.ids.size()) a.id = in.ids[i];
  }
  const AssetResolver resolver(in.assets);

  for (const IdentityRecord& r : in.identities) {
    const std::size_t i = resolver.find(r.ip, r.mac);
    if (i != AssetResolver::npos) inv.assets[i].identity.push_back(r);
  }
  for (InventoryAsset& a : inv.assets)
    std::sort(a.identity.begin(), a.identity.end(),
              [](const IdentityRecord& x, const IdentityRecord& y) {
                return std::tie(x.field, x.first_seen_us, x.value) <
                       std::tie(y.field, y.first_seen_us, y.value);
              });

  for (const HostnameRecord& n : in.hostnames) {
    // A DHCP client names its MAC; DNS and NetBIOS name an address.
    std::size_t i = AssetResolver::npos;
    if (!n.mac.is_zero()) i = resolver.find_mac(n.mac);
    if (i == AssetResolver::npos && !n.ip.is_unspecified()) i = resolver.find(n.ip, n.mac);
    if (i != AssetResolver::npos) inv.assets[i].names.push_back(n);
  }

  for (const ChangeRecord& c : in.changes) {
    std::set<std::size_t> owners;
    if (std::size_t i = resolver.find(c.ip, c.mac); i != AssetResolver::npos) owners.insert(i);
    if (c.field == kMacField) {
      // Both devices of an address takeover carry the record.
      for (const InventoryAsset& a : inv.assets) {
        const std::string mac = a.record.mac.is_zero() ? "" : a.record.mac.to_string();
        if (!mac.empty() && (mac == c.old_value || mac == c.new_value))
          owners.insert(static_cast<std::size_t>(&a - inv.assets.data()));
      }
    }
    for (std::size_t i : owners) inv.assets[i].history.push_back(c);
  }
  for (InventoryAsset& a : inv.assets)
    std::stable_sort(
        a.history.begin(), a.history.end(),
        [](const ChangeRecord& x, const ChangeRecord& y) { return x.changed_us < y.changed_us; });

  // The communication map: links give the traffic, operations the operation classes.
  std::map<std::tuple<std::size_t, std::size_t, std::string>, InventoryEdge> edges;
  for (const LinkRecord& l : in.links) {
    const std::size_t c = resolver.find(l.client, l.client_mac);
    const std::size_t s = resolver.find(l.server, l.server_mac);
    if (c == AssetResolver::npos || s == AssetResolver::npos) continue;
    const std::string label = link_label(l);
    InventoryEdge& e = edges[{c, s, label}];
    e.client = c;
    e.server = s;
    e.protocol = label;
    e.flows += l.flows;
    e.packets += l.packets;
    e.bytes += l.bytes;
    widen(e.first_seen_us, e.last_seen_us, l.first_seen_us, l.last_seen_us);
    if (l.protocol.empty()) continue;  // protocol_roles lists the ICS protocols only
    inv.assets[c].protocol_roles[label].insert("client");
    inv.assets[s].protocol_roles[label].insert("server");
  }
  // The decoders already name the programming station the client of S7 download jobs that the
  // PLC sends, so an operation's client is always the requesting device.
  for (const OperationRecord& op : in.operations) {
    const std::size_t c = resolver.find(op.client, op.client_mac);
    const std::size_t s = resolver.find(op.server, op.server_mac);
    const std::string protocol(protocol_name(op.protocol));
    if (c == AssetResolver::npos || s == AssetResolver::npos) {
      // A publisher's messages to a multicast group (GOOSE, DCP Hello) or a request to one (DCP
      // Identify): the device still takes part in the protocol.
      if (c != AssetResolver::npos) inv.assets[c].protocol_roles[protocol].insert("client");
      if (s != AssetResolver::npos) inv.assets[s].protocol_roles[protocol].insert("server");
      continue;
    }
    InventoryEdge& e = edges[{c, s, protocol}];
    e.client = c;
    e.server = s;
    e.protocol = protocol;
    e.op_classes.insert(op.op);
    e.requests += op.requests;
    widen(e.first_seen_us, e.last_seen_us, op.first_seen_us, op.last_seen_us);
    inv.assets[c].protocol_roles[protocol].insert("client");
    inv.assets[s].protocol_roles[protocol].insert("server");
  }
  for (auto& [key, e] : edges) inv.edges.push_back(std::move(e));
  return inv;
}

Inventory build_inventory(const AnalysisResult& r) {
  InventorySources in;
  in.assets = r.assets;
  in.links = r.links;
  in.operations = r.operations;
  in.identities = r.identities;
  in.hostnames = r.hostnames;
  in.changes = r.changes;
  return build_inventory(in);
}

}  // namespace otscope
