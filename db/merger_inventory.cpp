// The inventory side of a merge (schema step 3): host names, change history and roles. Runs
// inside the merge's transaction, so a delta and what it implies are stored together or not at
// all.
#include <algorithm>
#include <map>
#include <tuple>

#include "db/codec.h"
#include "db/database_impl.h"
#include "db/merger.h"
#include "model/history.h"
#include "model/roles.h"
#include "protocols/registry.h"

namespace otscope::db {

void Merger::hostname(const HostnameRecord& name, std::int64_t run_id) {
  upsert_name_.start()
      .bind_text(1, name.ip.is_unspecified() ? std::string() : name.ip.to_string())
      .bind_text(2, mac_text(name.mac))
      .bind_text(3, name.name)
      .bind_text(4, name.source)
      .bind_time(5, name.first_seen_us)
      .bind_time(6, name.last_seen_us)
      .bind_count(7, name.frame)
      .bind_int(8, run_id)
      .run();
}

void Merger::change(const ChangeRecord& c, std::int64_t run_id) {
  insert_change_.start()
      .bind_text(1, c.ip.to_string())
      .bind_text_or_null(2, mac_text(c.mac))
      .bind_text(3, c.field)
      .bind_text(4, c.old_value)
      .bind_text(5, c.new_value)
      .bind_int(6, c.changed_us)
      .bind_time(7, c.old_last_seen_us)
      .bind_text(8, c.source)
      .bind_count(9, c.frame);
  if (run_id > 0) {
    insert_change_.bind_int(10, run_id);
  } else {
    insert_change_.bind_null(10);
  }
  insert_change_.run();
  // ON CONFLICT DO NOTHING: a change already stored changes no row.
  if (sqlite3_changes(db_) > 0) inserted_history_.push_back(sqlite3_last_insert_rowid(db_));
}

void Merger::derive_identity_changes(const std::string& ip, const std::string& field) {
  std::vector<ValueSpan> spans;
  std::map<std::string, std::int64_t> run_of;
  std::string_view unit_field;
  identity_values_.start().bind_text(1, ip).bind_text(2, field);
  while (identity_values_.next()) {
    ValueSpan s;
    s.value = identity_values_.column_text(0);
    s.first_seen_us = identity_values_.column_time(1);
    s.last_seen_us = identity_values_.column_time(2);
    s.mac = parse_mac(identity_values_.column_text(3));
    s.source = identity_values_.column_text(4);
    s.frame = identity_values_.column_count(5);
    run_of[s.value] = identity_values_.is_null(6) ? 0 : identity_values_.column_int(6);
    // A protocol whose servers answer for units (Modbus behind a gateway) names their field.
    if (unit_field.empty())
      if (const auto p = find_protocol(identity_values_.column_text(7)))
        unit_field = p->info().gateway_unit_field();
    spans.push_back(std::move(s));
  }
  identity_values_.reset();
  if (spans.size() < 2) return;
  if (!unit_field.empty()) {
    // Behind a gateway every unit has its own identity, and the facts carry no unit.
    std::set<std::string> units;
    unit_values_.start().bind_text(1, ip).bind_text(2, unit_field);
    while (unit_values_.next()) units.insert(unit_values_.column_text(0));
    unit_values_.reset();
    if (answers_for_serial_units(units)) return;
  }
  const IpAddress address = parse_ip(ip);
  for (const ChangeRecord& c : changes_from_spans(address, field, std::move(spans)))
    change(c, run_of[c.new_value]);
}

void Merger::derive_mac_changes(const std::string& ip) {
  std::map<std::string, ValueSpan> by_mac;
  macs_of_ip_.start().bind_text(1, ip);
  while (macs_of_ip_.next()) {
    const std::string mac = macs_of_ip_.column_text(0);
    ValueSpan& s = by_mac[mac];
    const std::int64_t first = macs_of_ip_.column_time(1);
    const std::int64_t last = macs_of_ip_.column_time(2);
    if (s.value.empty()) {
      s.value = mac;
      s.mac = parse_mac(mac);
      s.source = "ethernet address of ip traffic";
      s.first_seen_us = first;
    } else if (first != 0 && (s.first_seen_us == 0 || first < s.first_seen_us)) {
      s.first_seen_us = first;
    }
    s.last_seen_us = std::max(s.last_seen_us, last);
  }
  macs_of_ip_.reset();
  if (by_mac.size() < 2) return;
  std::vector<ValueSpan> spans;
  for (auto& [mac, s] : by_mac) spans.push_back(std::move(s));
  for (const ChangeRecord& c : changes_from_spans(parse_ip(ip), kMacField, std::move(spans)))
    change(c, 0);
}

std::set<std::int64_t> Merger::assets_to_refresh() {
  std::set<std::int64_t> ids = role_assets_;
  for (const std::string& ip : role_ips_) {
    asset_ids_of_ip_.start().bind_text(1, ip);
    while (asset_ids_of_ip_.next()) ids.insert(asset_ids_of_ip_.column_int(0));
    asset_ids_of_ip_.reset();
  }
  for (const std::string& mac : role_macs_) {
    asset_of_mac_.start().bind_text(1, mac);
    if (asset_of_mac_.next()) ids.insert(asset_of_mac_.column_int(0));
    asset_of_mac_.reset();
  }
  return ids;
}

void Merger::refresh_all_roles() {
  const auto assets = read_assets(db_);
  const auto links = read_links(db_);
  std::vector<StoredOperation> operations;
  role_operations_.start();
  while (role_operations_.next()) operations.push_back(operation_row(role_operations_));
  role_operations_.reset();
  std::sort(operations.begin(), operations.end(), operation_order);
  std::vector<AssetRecord> asset_records;
  asset_records.reserve(assets.size());
  for (const auto& a : assets) asset_records.push_back(a.record);
  std::vector<LinkRecord> link_records;
  link_records.reserve(links.size());
  for (const auto& l : links) link_records.push_back(l.record);
  std::vector<OperationRecord> op_records;
  op_records.reserve(operations.size());
  for (const auto& o : operations) op_records.push_back(o.record);
  const auto roles = infer_roles({asset_records, link_records, op_records});
  for (std::size_t i = 0; i < assets.size(); ++i) write_roles(assets[i].id, roles[i]);
}

void Merger::write_roles(std::int64_t id, const std::vector<RoleAssessment>& r) {
  update_roles_.start()
      .bind_int(1, id)
      .bind_text(2, r.empty() ? std::string_view() : asset_role_name(r.front().role))
      .bind_double(3, r.empty() ? 0.0 : r.front().confidence)
      .bind_text(4, roles_to_json(r))
      .run();
}

void Merger::refresh_roles() {
  const std::set<std::int64_t> changed = assets_to_refresh();
  role_assets_.clear();
  role_ips_.clear();
  role_macs_.clear();
  roles_refreshed_ = changed.size();
  if (changed.empty()) return;
  // When the delta touched a good part of the inventory (a first merge), one read of all of it
  // costs less than the searches per asset, and is still linear in what changed.
  std::int64_t rows = 0;
  if (max_asset_id_.start().next()) rows = max_asset_id_.column_int(0);
  max_asset_id_.reset();
  if (static_cast<std::int64_t>(changed.size()) * 4 >= rows) {
    refresh_all_roles();
    return;
  }

  // What the roles of the changed assets depend on: the links and operations at their addresses,
  // the devices routed through them, and every asset at the other end of those links and
  // operations (which asset an address resolves to depends on all that hold it). The others'
  // roles, inferred from part of their evidence, are not written.
  std::map<std::int64_t, AssetRecord> assets;
  auto load_asset = [&](std::int64_t id) {
    if (assets.count(id)) return;
    AssetRecord a;
    role_asset_.start().bind_int(1, id);
    const bool found = role_asset_.next();
    if (found) {
      a.mac = parse_mac(role_asset_.column_text(0));
      a.via_mac = parse_mac(role_asset_.column_text(1));
    }
    role_asset_.reset();
    if (!found) return;
    role_asset_ips_.start().bind_int(1, id);
    while (role_asset_ips_.next()) a.ips.push_back(parse_ip(role_asset_ips_.column_text(0)));
    role_asset_ips_.reset();
    assets.emplace(id, std::move(a));
  };
  auto load_assets = [&](Statement& query, const std::string& key) {
    std::vector<std::int64_t> ids;
    query.start().bind_text(1, key);
    while (query.next()) ids.push_back(query.column_int(0));
    query.reset();
    for (std::int64_t id : ids) load_asset(id);
  };
  std::map<std::int64_t, StoredLink> links;
  std::map<std::int64_t, StoredOperation> operations;
  std::set<std::string> peers;
  for (std::int64_t id : changed) {
    load_asset(id);
    auto it = assets.find(id);
    if (it == assets.end()) continue;
    const std::vector<IpAddress> ips = it->second.ips;
    const MacAddress mac = it->second.mac;
    for (const IpAddress& address : ips) {
      const std::string ip = address.to_string();
      for (Statement* q : {&links_of_client_, &links_of_server_}) {
        q->start().bind_text(1, ip);
        while (q->next()) {
          StoredLink l = link_row(*q);
          peers.insert(l.record.client.to_string());
          peers.insert(l.record.server.to_string());
          links.emplace(l.id, std::move(l));
        }
        q->reset();
      }
      for (Statement* q : {&operations_of_client_, &operations_of_server_}) {
        q->start().bind_text(1, ip);
        while (q->next()) {
          StoredOperation o = operation_row(*q);
          peers.insert(o.record.client.to_string());
          peers.insert(o.record.server.to_string());
          operations.emplace(o.id, std::move(o));
        }
        q->reset();
      }
    }
    if (!mac.is_zero()) load_assets(routed_through_, mac_text(mac));
  }
  for (const std::string& ip : peers) load_assets(asset_ids_of_ip_, ip);

  // In the order the whole inventory would give them (Database::links(), operations()).
  std::vector<std::int64_t> ids;
  std::vector<AssetRecord> asset_records;
  for (auto& [id, a] : assets) {
    ids.push_back(id);
    asset_records.push_back(std::move(a));
  }
  std::vector<StoredLink> link_rows;
  for (auto& [id, l] : links) link_rows.push_back(std::move(l));
  std::sort(link_rows.begin(), link_rows.end(), link_order);
  std::vector<StoredOperation> op_rows;
  for (auto& [id, o] : operations) op_rows.push_back(std::move(o));
  std::sort(op_rows.begin(), op_rows.end(), operation_order);
  std::vector<LinkRecord> link_records;
  link_records.reserve(link_rows.size());
  for (StoredLink& l : link_rows) link_records.push_back(std::move(l.record));
  std::vector<OperationRecord> op_records;
  op_records.reserve(op_rows.size());
  for (StoredOperation& o : op_rows) op_records.push_back(std::move(o.record));

  const auto roles = infer_roles({asset_records, link_records, op_records});
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (changed.count(ids[i])) write_roles(ids[i], roles[i]);
}

void Merger::start(bool roles_inferred) {
  auto empty = [](Statement& max_id) {
    max_id.start();
    const bool none = !max_id.next() || max_id.is_null(0);
    max_id.reset();
    return none;
  };
  operations_were_empty_ = empty(max_operation_id_);
  own_inventory_ =
      roles_inferred && operations_were_empty_ && empty(max_asset_id_) && empty(max_link_id_);
  touched_identities_.clear();
  touched_ips_.clear();
  role_assets_.clear();
  role_ips_.clear();
  role_macs_.clear();
  inserted_history_.clear();
}

void Merger::finish() {
  for (const auto& [ip, field] : touched_identities_) derive_identity_changes(ip, field);
  for (const std::string& ip : touched_ips_) derive_mac_changes(ip);
  touched_identities_.clear();
  touched_ips_.clear();
  if (own_inventory_) {
    // Every asset was written with the roles inferred from exactly what is stored.
    roles_refreshed_ = role_assets_.size();
    role_assets_.clear();
    role_ips_.clear();
    role_macs_.clear();
  } else {
    refresh_roles();
  }
  std::sort(inserted_history_.begin(), inserted_history_.end());
}

}  // namespace otscope::db
