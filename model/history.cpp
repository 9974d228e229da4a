#include "model/history.h"

#include <algorithm>
#include <array>

namespace otscope {

bool answers_for_serial_units(const std::set<std::string>& units) {
  std::size_t serial = 0;
  for (const std::string& u : units)
    if (u != "0" && u != "255") ++serial;
  return serial >= 2;
}

bool is_history_field(std::string_view field) {
  // ip_address: the address a device says it is configured with (PROFINET DCP), not the ones
  // it is seen using (those are the asset's IPs and their own history).
  static constexpr std::array<std::string_view, 19> kFields{
      "vendor",           "product",     "product_code", "model",       "order_number",
      "firmware",         "hardware",    "serial",       "module_name", "module_type",
      "station_name",     "plant_name",  "location",     "copyright",   "vendor_url",
      "user_application", "device_name", "device_id",    "ip_address"};
  return std::find(kFields.begin(), kFields.end(), field) != kFields.end();
}

std::vector<ChangeRecord> changes_from_spans(const IpAddress& ip, std::string_view field,
                                             std::vector<ValueSpan> spans) {
  std::sort(spans.begin(), spans.end(), [](const ValueSpan& a, const ValueSpan& b) {
    return std::tie(a.first_seen_us, a.value) < std::tie(b.first_seen_us, b.value);
  });
  std::vector<ChangeRecord> out;
  for (std::size_t i = 1; i < spans.size(); ++i) {
    // The value in force just before: of those that appeared earlier, the one seen last.
    std::size_t prev = 0;
    for (std::size_t j = 1; j < i; ++j)
      if (spans[j].last_seen_us >= spans[prev].last_seen_us) prev = j;
    if (spans[prev].value == spans[i].value) continue;
    ChangeRecord c;
    c.ip = ip;
    c.mac = spans[i].mac;
    c.field = std::string(field);
    c.old_value = spans[prev].value;
    c.new_value = spans[i].value;
    c.changed_us = spans[i].first_seen_us;
    c.old_last_seen_us = spans[prev].last_seen_us;
    c.source = spans[i].source;
    c.frame = spans[i].frame;
    c.capture = spans[i].capture;
    out.push_back(std::move(c));
  }
  return out;
}

bool IdentityTracker::observe(const IpAddress& ip, const MacAddress& mac, Protocol protocol,
                              const std::string& field, const std::string& value,
                              const std::string& source, const PacketMeta& meta,
                              ChangeRecord& change) {
  // The unit ids a server answers for (Modbus behind a gateway): its identity facts may be
  // those of several serial devices.
  const std::string_view unit_field =
      protocol.valid() ? protocol.info().gateway_unit_field() : std::string_view();
  if (!unit_field.empty() && field == unit_field) {
    units_[ip].insert(value);
    return false;
  }
  if (!is_history_field(field) || value.empty()) return false;
  auto [it, inserted] = current_.try_emplace({ip, field}, Current{value, meta.ts_us});
  Current& cur = it->second;
  if (inserted || cur.value == value) {
    cur.last_seen_us = std::max(cur.last_seen_us, meta.ts_us);
    return false;
  }
  const Current old = cur;
  cur = Current{value, meta.ts_us};
  if (!unit_field.empty()) {
    auto units = units_.find(ip);
    if (units != units_.end() && answers_for_serial_units(units->second)) return false;
  }
  // Each transition once: a device flapping between two values is one old->new and one
  // new->old, not a record per message.
  if (!reported_.emplace(ip, field, old.value, value).second) return false;
  change = ChangeRecord{};
  change.ip = ip;
  change.mac = mac;
  change.field = field;
  change.old_value = old.value;
  change.new_value = value;
  change.changed_us = meta.ts_us;
  change.old_last_seen_us = old.last_seen_us;
  change.source = source;
  change.frame = meta.frame;
  change.capture = meta.source;
  return true;
}

}  // namespace otscope
