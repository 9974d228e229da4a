#include "cli/listings.h"

#include <map>
#include <set>
#include <tuple>

#include "cli/inventory_view.h"
#include "db/alert_store.h"

namespace otscope::cli {

using nlohmann::json;

namespace {

std::string unit_text(std::int64_t unit) {
  return unit < 0 ? "" : std::to_string(unit);
}

}  // namespace

std::string ranges_text(const std::vector<AddressRange>& ranges) {
  std::string out;
  SpaceName space;
  for (const auto& r : ranges) {
    if (r.space != space) {
      if (!out.empty()) out += "; ";
      out += r.space.view();
      out += ' ';
      space = r.space;
    } else {
      out += ", ";
    }
    out += std::to_string(r.start);
    if (r.count > 1) out += "-" + std::to_string(std::uint64_t{r.start} + r.count - 1);
  }
  return out;
}

Table assets_table(const Database& db) {
  return assets_csv_table(db.inventory());
}

json assets_json(const Database& db) {
  return assets_json(db.inventory());
}

Table links_table(const Database& db) {
  Table t;
  t.columns = {"id",    "client",  "server", "transport",  "port",     "protocol",
               "flows", "packets", "bytes",  "first_seen", "last_seen"};
  for (const auto& l : db.links()) {
    const auto& r = l.record;
    t.rows.push_back({std::to_string(l.id), r.client.to_string(), r.server.to_string(),
                      transport_name(r.transport), std::to_string(r.server_port), r.protocol,
                      std::to_string(r.flows), std::to_string(r.packets), std::to_string(r.bytes),
                      iso8601(r.first_seen_us), iso8601(r.last_seen_us)});
  }
  return t;
}

json links_json(const Database& db) {
  json out = json::array();
  for (const auto& l : db.links()) {
    const auto& r = l.record;
    out.push_back({{"id", l.id},
                   {"client", r.client.to_string()},
                   {"server", r.server.to_string()},
                   {"client_mac", r.client_mac.is_zero() ? json() : json(r.client_mac.to_string())},
                   {"server_mac", r.server_mac.is_zero() ? json() : json(r.server_mac.to_string())},
                   {"transport", transport_name(r.transport)},
                   {"port", r.server_port},
                   {"protocol", r.protocol.empty() ? json() : json(r.protocol)},
                   {"flows", r.flows},
                   {"packets", r.packets},
                   {"bytes", r.bytes},
                   {"first_seen", iso8601(r.first_seen_us)},
                   {"last_seen", iso8601(r.last_seen_us)}});
  }
  return out;
}

Table operations_table(const Database& db) {
  Table t;
  t.columns = {"id",        "protocol",   "client", "server",     "unit",
               "function",  "name",       "class",  "detail",     "requests",
               "responses", "exceptions", "ranges", "first_seen", "last_seen"};
  for (const auto& o : db.operations()) {
    const auto& r = o.record;
    t.rows.push_back({std::to_string(o.id), std::string(protocol_name(r.protocol)),
                      r.client.to_string(), r.server.to_string(), unit_text(r.unit),
                      std::to_string(r.function), r.function_name, std::string(op_class_name(r.op)),
                      r.detail, std::to_string(r.requests),
                      std::to_string(r.responses + r.unsolicited), std::to_string(r.exceptions),
                      ranges_text(r.ranges), iso8601(r.first_seen_us), iso8601(r.last_seen_us)});
  }
  return t;
}

namespace {

// A write row lists the learned values of at most this many points.
constexpr std::size_t kMaxValuesPerOperation = 64;

/// The learned values of one point, as `operations --json` lists them under a write.
json learned_value_json(const detection::ValueEntry& e) {
  const detection::LearnedValues& v = e.values;
  json j = {{"space", e.point.space.str()}, {"address", e.point.address}};
  if (v.kind == ValueKind::Operation) {
    json names = json::array();
    for (const detection::LearnedOperation& op : v.operations) names.push_back(op.name);
    j["kind"] = "operation";
    j["operations"] = names;
  } else {
    j["kind"] = "number";
    j["min"] = v.min;
    j["max"] = v.max;
    j["last"] = v.last;
  }
  j["count"] = v.count;
  j["first_seen"] = iso8601(v.first_seen_us);
  j["last_seen"] = iso8601(v.last_seen_us);
  return j;
}

bool inside(const std::vector<AddressRange>& ranges, const detection::ValuePoint& p) {
  for (const AddressRange& r : ranges)
    if (r.space == p.space && r.start <= p.address &&
        std::uint64_t{p.address} < std::uint64_t{r.start} + r.count)
      return true;
  return false;
}

}  // namespace

json operations_json(const Database& db) {
  json out = json::array();
  // The learned values by (protocol, server, unit): a write row lists those of its ranges.
  const std::vector<detection::ValueEntry> learned = detection::load_baseline_values(db);
  std::map<std::tuple<std::string, std::string, std::int64_t>,
           std::vector<const detection::ValueEntry*>>
      by_server;
  for (const detection::ValueEntry& e : learned)
    by_server[{std::string(protocol_name(e.point.protocol)), e.point.server.to_string(),
               e.point.unit}]
        .push_back(&e);
  for (const auto& o : db.operations()) {
    const auto& r = o.record;
    json values = json::array();
    std::size_t omitted = 0;
    if (r.op == OpClass::Write || r.op == OpClass::Control) {
      auto it =
          by_server.find({std::string(protocol_name(r.protocol)), r.server.to_string(), r.unit});
      if (it != by_server.end()) {
        for (const detection::ValueEntry* e : it->second) {
          if (!inside(r.ranges, e->point)) continue;
          if (values.size() < kMaxValuesPerOperation) {
            values.push_back(learned_value_json(*e));
          } else {
            ++omitted;
          }
        }
      }
    }
    json ranges = json::array();
    for (const auto& rg : r.ranges)
      ranges.push_back({{"space", rg.space}, {"start", rg.start}, {"count", rg.count}});
    json codes = json::object();
    for (const auto& [code, n] : r.exception_codes) codes[std::to_string(code)] = n;
    out.push_back({{"id", o.id},
                   {"protocol", protocol_name(r.protocol)},
                   {"client", r.client.to_string()},
                   {"server", r.server.to_string()},
                   {"client_mac", r.client_mac.is_zero() ? json() : json(r.client_mac.to_string())},
                   {"server_mac", r.server_mac.is_zero() ? json() : json(r.server_mac.to_string())},
                   {"unit", r.unit < 0 ? json() : json(r.unit)},
                   {"function", r.function},
                   {"function_name", r.function_name},
                   {"class", op_class_name(r.op)},
                   {"detail", r.detail},
                   {"requests", r.requests},
                   {"responses", r.responses},
                   {"unsolicited", r.unsolicited},
                   {"exceptions", r.exceptions},
                   {"exception_codes", codes},
                   {"ranges", ranges},
                   {"values", values},
                   {"values_omitted", omitted},
                   {"first_seen", iso8601(r.first_seen_us)},
                   {"last_seen", iso8601(r.last_seen_us)}});
  }
  return out;
}

Table anomalies_table(const Database& db) {
  Table t;
  t.columns = {"id",        "protocol",   "kind",      "src",         "dst",   "count",
               "malformed", "first_seen", "last_seen", "first_frame", "detail"};
  for (const auto& a : db.anomalies()) {
    const auto& r = a.record;
    t.rows.push_back({std::to_string(a.id), std::string(protocol_name(r.protocol)), r.kind,
                      r.src.to_string(), r.dst.to_string(), std::to_string(r.count),
                      r.malformed ? "yes" : "no", iso8601(r.first_seen_us), iso8601(r.last_seen_us),
                      std::to_string(r.first_frame), r.detail});
  }
  return t;
}

json anomalies_json(const Database& db) {
  json out = json::array();
  for (const auto& a : db.anomalies()) {
    const auto& r = a.record;
    out.push_back({{"id", a.id},
                   {"protocol", protocol_name(r.protocol)},
                   {"kind", r.kind},
                   {"src", r.src.to_string()},
                   {"dst", r.dst.to_string()},
                   {"count", r.count},
                   {"malformed", r.malformed},
                   {"detail", r.detail},
                   {"first_seen", iso8601(r.first_seen_us)},
                   {"last_seen", iso8601(r.last_seen_us)},
                   {"first_frame", r.first_frame},
                   {"capture_run", a.capture_run_id}});
  }
  return out;
}

Table runs_table(const Database& db) {
  Table t;
  t.columns = {"id",           "source",      "status",  "started", "finished",
               "first_packet", "last_packet", "packets", "bytes",   "drops"};
  for (const auto& r : db.capture_runs()) {
    const auto& c = r.record;
    t.rows.push_back({std::to_string(r.id), c.source, std::string(run_status_name(r.status)),
                      iso8601(c.started_us), iso8601(c.finished_us), iso8601(c.first_packet_us),
                      iso8601(c.last_packet_us), std::to_string(c.packets), std::to_string(c.bytes),
                      std::to_string(c.drops)});
  }
  return t;
}

json runs_json(const Database& db) {
  json out = json::array();
  for (const auto& r : db.capture_runs()) {
    const auto& c = r.record;
    out.push_back({{"id", r.id},
                   {"source", c.source},
                   {"status", run_status_name(r.status)},
                   {"started", iso8601(c.started_us)},
                   {"finished", iso8601(c.finished_us)},
                   {"first_packet", iso8601(c.first_packet_us)},
                   {"last_packet", iso8601(c.last_packet_us)},
                   {"packets", c.packets},
                   {"bytes", c.bytes},
                   {"drops", c.drops},
                   {"undecodable", c.undecodable}});
  }
  return out;
}

}  // namespace otscope::cli
