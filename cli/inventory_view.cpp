#include "cli/inventory_view.h"

#include <cstdio>
#include <set>

namespace otscope::cli {

using nlohmann::json;

namespace {

json mac_json(const MacAddress& mac) {
  return mac.is_zero() ? json() : json(mac.to_string());
}

std::string mac_cell(const MacAddress& mac) {
  return mac.is_zero() ? "" : mac.to_string();
}

std::string confidence_text(double c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", c);
  return buf;
}

double rounded(double c) {
  return static_cast<double>(static_cast<long>(c * 100 + 0.5)) / 100;
}

std::vector<std::string> ip_texts(const AssetRecord& a) {
  std::vector<std::string> out;
  for (const IpAddress& ip : a.ips) out.push_back(ip.to_string());
  return out;
}

std::vector<std::string> vlan_texts(const AssetRecord& a) {
  std::vector<std::string> out;
  for (std::uint16_t v : a.vlans) out.push_back(std::to_string(v));
  return out;
}

std::vector<std::string> protocols_of(const InventoryAsset& a) {
  std::vector<std::string> out;
  for (const auto& [p, sides] : a.protocol_roles) out.push_back(p);
  return out;
}

std::string role_name(const InventoryAsset& a) {
  return a.role() ? std::string(asset_role_name(a.role()->role)) : "";
}

json numbers_or_text(const std::vector<std::string>& values) {
  json out = json::array();
  for (const std::string& v : values) {
    bool digits = !v.empty() && v.size() < 10;
    for (char c : v) digits = digits && c >= '0' && c <= '9';
    out.push_back(digits ? json(std::stoll(v)) : json(v));
  }
  return out;
}

json roles_json(const std::vector<RoleAssessment>& roles) {
  json out = json::array();
  for (const RoleAssessment& r : roles)
    out.push_back({{"role", asset_role_name(r.role)},
                   {"label", asset_role_label(r.role)},
                   {"confidence", rounded(r.confidence)},
                   {"reasons", r.reasons}});
  return out;
}

json change_json(const ChangeRecord& c) {
  return {{"ip", c.ip.to_string()},
          {"mac", mac_json(c.mac)},
          {"field", c.field},
          {"old", c.old_value},
          {"new", c.new_value},
          {"changed_at", iso8601(c.changed_us)},
          {"old_last_seen", iso8601(c.old_last_seen_us)},
          {"source", c.source}};
}

json audit_json(const AssetAudit& a) {
  return {{"name", a.name},   {"criticality", a.criticality},
          {"zone", a.zone},   {"purdue_level", a.purdue_level},
          {"owner", a.owner}, {"notes", a.notes},
          {"tags", a.tags}};
}

}  // namespace

const std::vector<std::string>& core_identity_fields() {
  static const std::vector<std::string> kFields = {"vendor",       "product",     "model",
                                                   "order_number", "firmware",    "hardware",
                                                   "serial",       "module_name", "station_name"};
  return kFields;
}

std::string display_name(const InventoryAsset& a) {
  return a.display_name();
}

std::string product_text(const InventoryAsset& a) {
  for (const char* f : {"product", "module_type", "model", "order_number", "device_id"}) {
    std::string v = a.identity_value(f);
    if (!v.empty()) return v;
  }
  return "";
}

Table assets_text_table(const Inventory& inv) {
  Table t;
  t.columns = {"id",         "ip",        "mac",          "mac_vendor",      "vlans",
               "role",       "protocols", "vendor",       "product",         "hostnames",
               "first_seen", "last_seen", "packets_sent", "packets_received"};
  for (const InventoryAsset& a : inv.assets) {
    const AssetRecord& r = a.record;
    t.rows.push_back({std::to_string(a.id), join(ip_texts(r), " "), mac_cell(r.mac), r.mac_vendor,
                      join(vlan_texts(r), " "), role_name(a), join(protocols_of(a), " "),
                      a.identity_value("vendor"), product_text(a), join(a.hostnames(), " "),
                      iso8601(r.first_seen_us), iso8601(r.last_seen_us),
                      std::to_string(r.packets_sent), std::to_string(r.packets_received)});
  }
  return t;
}

Table assets_csv_table(const Inventory& inv) {
  Table t;
  t.columns = {"id",
               "ip",
               "mac",
               "mac_vendor",
               "vlans",
               "protocols",
               "vendor",
               "product",
               "first_seen",
               "last_seen",
               "packets_sent",
               "packets_received",
               "role",
               "role_confidence",
               "role_reasons",
               "hostnames",
               "model",
               "order_number",
               "firmware",
               "hardware",
               "serial",
               "module_name",
               "module_type",
               "station_name",
               "plant_name",
               "product_code",
               "modbus_units",
               "dnp3_addresses",
               "rack",
               "slot",
               "via_mac",
               "bytes_sent",
               "bytes_received",
               "changes",
               "audit_name",
               "criticality",
               "zone",
               "purdue_level",
               "owner",
               "notes",
               "tags"};
  for (const InventoryAsset& a : inv.assets) {
    const AssetRecord& r = a.record;
    const RoleAssessment* role = a.role();
    t.rows.push_back({std::to_string(a.id),
                      join(ip_texts(r), " "),
                      mac_cell(r.mac),
                      r.mac_vendor,
                      join(vlan_texts(r), " "),
                      join(protocols_of(a), " "),
                      a.identity_value("vendor"),
                      product_text(a),
                      iso8601(r.first_seen_us),
                      iso8601(r.last_seen_us),
                      std::to_string(r.packets_sent),
                      std::to_string(r.packets_received),
                      role_name(a),
                      role ? confidence_text(role->confidence) : "",
                      role ? join(role->reasons, "; ") : "",
                      join(a.hostnames(), " "),
                      a.identity_value("model"),
                      a.identity_value("order_number"),
                      a.identity_value("firmware"),
                      a.identity_value("hardware"),
                      a.identity_value("serial"),
                      a.identity_value("module_name"),
                      a.identity_value("module_type"),
                      a.identity_value("station_name"),
                      a.identity_value("plant_name"),
                      a.identity_value("product_code"),
                      join(a.identity_list("modbus_unit"), " "),
                      join(a.identity_list("dnp3_address"), " "),
                      a.identity_value("rack"),
                      a.identity_value("slot"),
                      mac_cell(r.via_mac),
                      std::to_string(r.bytes_sent),
                      std::to_string(r.bytes_received),
                      std::to_string(a.history.size()),
                      a.audit.name,
                      a.audit.criticality,
                      a.audit.zone,
                      a.audit.purdue_level,
                      a.audit.owner,
                      a.audit.notes,
                      join(a.audit.tags, "; ")});
  }
  return t;
}

json assets_json(const Inventory& inv) {
  json out = json::array();
  for (const InventoryAsset& a : inv.assets) {
    const AssetRecord& r = a.record;
    json identity = json::object();
    const auto values = a.identity_values();
    for (const std::string& f : core_identity_fields()) {
      auto it = values.find(f);
      identity[f] = it == values.end() ? json() : json(it->second);
    }
    for (const auto& [f, v] : values)
      if (!identity.contains(f)) identity[f] = v;
    json facts = json::array();
    for (const IdentityRecord& f : a.identity)
      facts.push_back({{"field", f.field},
                       {"value", f.value},
                       {"protocol", protocol_name(f.protocol)},
                       {"source", f.source},
                       {"ip", f.ip.to_string()},
                       {"first_seen", iso8601(f.first_seen_us)},
                       {"last_seen", iso8601(f.last_seen_us)},
                       {"frame", f.frame}});
    json names = json::array();
    for (const HostnameRecord& n : a.names)
      names.push_back({{"name", n.name},
                       {"ip", n.ip.is_unspecified() ? json() : json(n.ip.to_string())},
                       {"source", n.source},
                       {"first_seen", iso8601(n.first_seen_us)},
                       {"last_seen", iso8601(n.last_seen_us)}});
    json addresses = json::array();
    for (const AssetAddress& ad : r.addresses)
      addresses.push_back({{"ip", ad.ip.to_string()},
                           {"first_seen", iso8601(ad.first_seen_us)},
                           {"last_seen", iso8601(ad.last_seen_us)},
                           {"packets_sent", ad.packets_sent},
                           {"packets_received", ad.packets_received}});
    json protocol_roles = json::object();
    for (const auto& [p, sides] : a.protocol_roles) protocol_roles[p] = sides;
    json history = json::array();
    for (const ChangeRecord& c : a.history) history.push_back(change_json(c));
    const RoleAssessment* role = a.role();
    out.push_back({{"id", a.id},
                   {"name", display_name(a)},
                   {"mac", mac_json(r.mac)},
                   {"mac_vendor", r.mac_vendor},
                   {"via_mac", mac_json(r.via_mac)},
                   {"ips", ip_texts(r)},
                   {"addresses", addresses},
                   {"vlans", r.vlans},
                   {"hostnames", a.hostnames()},
                   {"names", names},
                   {"role", role ? json(asset_role_name(role->role)) : json()},
                   {"role_label", role ? json(asset_role_label(role->role)) : json()},
                   {"role_confidence", role ? json(rounded(role->confidence)) : json()},
                   {"role_reasons", role ? json(role->reasons) : json::array()},
                   {"roles", roles_json(r.roles)},
                   {"protocols", protocols_of(a)},
                   {"protocol_roles", protocol_roles},
                   {"identity", identity},
                   {"identity_sources", facts},
                   {"modbus_units", numbers_or_text(a.identity_list("modbus_unit"))},
                   {"dnp3_addresses", numbers_or_text(a.identity_list("dnp3_address"))},
                   {"first_seen", iso8601(r.first_seen_us)},
                   {"last_seen", iso8601(r.last_seen_us)},
                   {"packets_sent", r.packets_sent},
                   {"bytes_sent", r.bytes_sent},
                   {"packets_received", r.packets_received},
                   {"bytes_received", r.bytes_received},
                   {"history", history},
                   {"audit", audit_json(a.audit)}});
  }
  return out;
}

json map_json(const Inventory& inv) {
  json nodes = json::array();
  for (const InventoryAsset& a : inv.assets) {
    const RoleAssessment* role = a.role();
    nodes.push_back({{"id", a.id},
                     {"name", display_name(a)},
                     {"ips", ip_texts(a.record)},
                     {"mac", mac_json(a.record.mac)},
                     {"mac_vendor", a.record.mac_vendor},
                     {"vlans", a.record.vlans},
                     {"role", role ? json(asset_role_name(role->role)) : json()},
                     {"role_label", role ? json(asset_role_label(role->role)) : json()},
                     {"role_confidence", role ? json(rounded(role->confidence)) : json()},
                     {"vendor", a.identity_value("vendor")},
                     {"product", product_text(a)}});
  }
  json edges = json::array();
  for (const InventoryEdge& e : inv.edges) {
    const InventoryAsset& c = inv.assets[e.client];
    const InventoryAsset& s = inv.assets[e.server];
    std::vector<std::string> classes;
    for (OpClass op : e.op_classes) classes.emplace_back(op_class_name(op));
    edges.push_back({{"client", c.id},
                     {"server", s.id},
                     {"client_name", display_name(c)},
                     {"server_name", display_name(s)},
                     {"protocol", e.protocol},
                     {"op_classes", classes},
                     {"requests", e.requests},
                     {"flows", e.flows},
                     {"packets", e.packets},
                     {"bytes", e.bytes},
                     {"first_seen", iso8601(e.first_seen_us)},
                     {"last_seen", iso8601(e.last_seen_us)}});
  }
  return {{"nodes", nodes}, {"edges", edges}};
}

Table map_table(const Inventory& inv) {
  Table t;
  t.columns = {"client",   "client_role", "server", "server_role", "protocol", "op_classes",
               "requests", "packets",     "bytes",  "first_seen",  "last_seen"};
  for (const InventoryEdge& e : inv.edges) {
    const InventoryAsset& c = inv.assets[e.client];
    const InventoryAsset& s = inv.assets[e.server];
    std::vector<std::string> classes;
    for (OpClass op : e.op_classes) classes.emplace_back(op_class_name(op));
    t.rows.push_back({display_name(c), role_name(c), display_name(s), role_name(s), e.protocol,
                      join(classes, " "), std::to_string(e.requests), std::to_string(e.packets),
                      std::to_string(e.bytes), iso8601(e.first_seen_us), iso8601(e.last_seen_us)});
  }
  return t;
}

Table history_table(const std::vector<StoredChange>& history) {
  Table t;
  t.columns = {"id",        "changed_at",    "ip",     "field", "old_value",
               "new_value", "old_last_seen", "source", "mac"};
  for (const StoredChange& h : history) {
    const ChangeRecord& c = h.record;
    t.rows.push_back({std::to_string(h.id), iso8601(c.changed_us), c.ip.to_string(), c.field,
                      c.old_value, c.new_value, iso8601(c.old_last_seen_us), c.source,
                      mac_cell(c.mac)});
  }
  return t;
}

json history_json(const std::vector<StoredChange>& history) {
  json out = json::array();
  for (const StoredChange& h : history) {
    json j = change_json(h.record);
    j["id"] = h.id;
    j["capture_run"] = h.capture_run_id;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace otscope::cli
