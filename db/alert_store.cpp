#include "db/alert_store.h"

#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "db/codec.h"
#include "db/database_impl.h"
#include "db/sqlite.h"

namespace otscope::detection {
namespace {

using nlohmann::json;

std::string protocol_text(const std::optional<Protocol>& p) {
  return p ? std::string(protocol_name(*p)) : std::string();
}

std::optional<Protocol> parse_optional_protocol(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return db::parse_protocol(text);
}

IpAddress parse_optional_ip(const std::string& text) {
  return text.empty() ? IpAddress{} : db::parse_ip(text);
}

std::string functions_to_json(const std::vector<std::string>& names) {
  return json(names).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<std::string> functions_from_json(const std::string& text) {
  std::vector<std::string> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) throw DbError("invalid alert function list in the database");
  for (const json& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

json fact_values_json(const std::vector<FactValue>& values) {
  json arr = json::array();
  for (const FactValue& v : values) {
    json j = {{"space", v.space.str()}, {"address", v.address}, {"value", v.value}};
    if (v.kind == ValueKind::Operation) {
      j["kind"] = "operation";
      j["name"] = v.name;
    }
    arr.push_back(std::move(j));
  }
  return arr;
}

std::vector<FactValue> fact_values_from_json(const json& arr) {
  std::vector<FactValue> out;
  for (const json& j : arr) {
    if (out.size() == AlertFact::kMaxValues) break;
    FactValue v;
    const std::string space = j.at("space").get<std::string>();
    if (!SpaceName::fits(space)) throw DbError("address space name too long");
    v.space = space;
    v.address = j.at("address").get<std::uint32_t>();
    v.value = j.at("value").get<double>();
    if (j.value("kind", std::string("number")) == "operation") {
      v.kind = ValueKind::Operation;
      v.name = j.value("name", std::string());
    }
    out.push_back(std::move(v));
  }
  return out;
}

json ranges_json(const std::vector<AddressRange>& ranges) {
  json array = json::array();
  for (const AddressRange& r : ranges)
    array.push_back(json{{"space", r.space.view()}, {"start", r.start}, {"count", r.count}});
  return array;
}

json fact_json(const AlertFact& f) {
  json j = {{"protocol", std::string(protocol_name(f.path.protocol))},
            {"client", f.path.client.to_string()},
            {"server", f.path.server.to_string()},
            {"unit", f.path.unit},
            {"function", f.function},
            {"name", f.name},
            {"ranges", ranges_json(f.ranges)}};
  if (!f.values.empty()) j["values"] = fact_values_json(f.values);
  return j;
}

std::vector<AlertFact> facts_from_json(const std::string& text) {
  std::vector<AlertFact> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) throw DbError("invalid alert facts in the database");
  for (const json& f : j) {
    AlertFact fact;
    try {
      fact.path.protocol = db::parse_protocol(f.at("protocol").get<std::string>());
      fact.path.client = db::parse_ip(f.at("client").get<std::string>());
      fact.path.server = db::parse_ip(f.at("server").get<std::string>());
      fact.path.unit = f.at("unit").get<std::int64_t>();
      fact.function = f.at("function").get<std::uint32_t>();
      fact.name = f.at("name").get<std::string>();
      fact.ranges = db::ranges_from_json(f.at("ranges").dump());
      // Facts stored before learned values have none.
      if (auto v = f.find("values"); v != f.end() && v->is_array())
        fact.values = fact_values_from_json(*v);
    } catch (const json::exception&) {
      throw DbError("invalid alert facts in the database");
    }
    out.push_back(std::move(fact));
  }
  return out;
}

std::string facts_to_json(const std::vector<AlertFact>& facts) {
  json arr = json::array();
  for (const AlertFact& f : facts) arr.push_back(fact_json(f));
  return arr.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// Unites `incoming` into `stored`: same path and function merge their ranges.
void unite_facts(std::vector<AlertFact>& stored, const std::vector<AlertFact>& incoming) {
  for (const AlertFact& f : incoming) {
    auto same = std::find_if(stored.begin(), stored.end(), [&](const AlertFact& s) {
      return s.path == f.path && s.function == f.function;
    });
    if (same != stored.end()) {
      for (const AddressRange& r : f.ranges) add_range(same->ranges, r);
      add_fact_values(*same, f.values);
    } else if (stored.size() < Alert::kMaxFacts) {
      stored.push_back(f);
    }
  }
}

std::int64_t min_time(std::int64_t a, std::int64_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  return std::min(a, b);
}

const char* kSelectAlert =
    "SELECT id, rule, severity, protocol, src_ip, dst_ip, src_mac, dst_mac, functions, summary, "
    "count, first_seen, last_seen, state, facts FROM alerts";
// The same columns with the facts left unread (AlertLoad::facts false).
const char* kSelectAlertWithoutFacts =
    "SELECT id, rule, severity, protocol, src_ip, dst_ip, src_mac, dst_mac, functions, summary, "
    "count, first_seen, last_seen, state, '[]' FROM alerts";

StoredAlert read_alert(const db::Statement& row) {
  StoredAlert s;
  s.id = row.column_int(0);
  const Rule* r = find_rule(row.column_text(1));
  if (r == nullptr)
    throw DbError("unknown alert rule '" + row.column_text(1) + "' in the database");
  s.alert.rule = r->id;
  const auto severity = severity_from_name(row.column_text(2));
  if (!severity) throw DbError("invalid alert severity in the database");
  s.alert.severity = *severity;
  s.alert.protocol = parse_optional_protocol(row.column_text(3));
  s.alert.src = parse_optional_ip(row.column_text(4));
  s.alert.dst = parse_optional_ip(row.column_text(5));
  s.alert.src_mac = db::parse_mac(row.column_text(6));
  s.alert.dst_mac = db::parse_mac(row.column_text(7));
  s.alert.functions = functions_from_json(row.column_text(8));
  s.alert.summary = row.column_text(9);
  s.alert.count = row.column_count(10);
  s.alert.first_seen_us = row.column_time(11);
  s.alert.last_seen_us = row.column_time(12);
  const auto state = alert_state_from_name(row.column_text(13));
  if (!state) throw DbError("invalid alert state in the database");
  s.state = *state;
  s.alert.facts = facts_from_json(row.column_text(14));
  return s;
}

Evidence evidence_row(const db::Statement& rows) {
  Evidence e;
  e.capture = rows.column_text(1);
  e.frame = rows.column_count(2);
  e.ts_us = rows.column_time(3);
  e.summary = rows.column_text(4);
  e.earlier = db::frames_from_json(rows.column_text(5));
  return e;
}

constexpr const char* kSelectEvidenceOfAlert =
    "SELECT alert_id, capture, frame, time, summary, earlier FROM alert_evidence WHERE alert_id = "
    "?1 ORDER BY rowid";

// The evidence of `alerts`: of every alert in one pass over the table when they are all of them,
// else one index search per alert (the newest few of a large table).
void read_evidence(db::Connection& c, std::vector<StoredAlert>& alerts, bool all) {
  if (!all) {
    db::Statement rows(c.get(), kSelectEvidenceOfAlert);
    for (StoredAlert& a : alerts) {
      rows.start().bind_int(1, a.id);
      while (rows.next()) a.alert.evidence.push_back(evidence_row(rows));
    }
    return;
  }
  std::map<std::int64_t, StoredAlert*> by_id;
  for (StoredAlert& a : alerts) by_id[a.id] = &a;
  db::Statement rows(c.get(),
                     "SELECT alert_id, capture, frame, time, summary, earlier FROM "
                     "alert_evidence ORDER BY alert_id, rowid");
  while (rows.next()) {
    auto it = by_id.find(rows.column_int(0));
    if (it == by_id.end()) continue;
    it->second->alert.evidence.push_back(evidence_row(rows));
  }
}

// One alert with its evidence, read on the caller's snapshot or transaction.
std::optional<StoredAlert> read_one_alert(db::Connection& c, std::int64_t id) {
  db::Statement row(c.get(), std::string(kSelectAlert) + " WHERE id = ?1");
  if (!row.start().bind_int(1, id).next()) return std::nullopt;
  StoredAlert alert = read_alert(row);
  row.reset();
  db::Statement evidence(c.get(), kSelectEvidenceOfAlert);
  evidence.start().bind_int(1, id);
  while (evidence.next()) alert.alert.evidence.push_back(evidence_row(evidence));
  return alert;
}

std::string context(const Database& db, const char* action) {
  return std::string("cannot ") + action + " database '" + db.path() + "'";
}

void require_writable(const Database& db, const char* action) {
  if (db.read_only()) throw DbError(context(db, action) + ": opened read-only");
}

void upsert_baseline(db::Statement& select, db::Statement& insert, db::Statement& update,
                     const BaselineEntry& e, const std::string& origin) {
  const std::string protocol(protocol_name(e.path.protocol));
  const std::string client = e.path.client.to_string();
  const std::string server = e.path.server.to_string();
  select.start()
      .bind_text(1, protocol)
      .bind_text(2, client)
      .bind_text(3, server)
      .bind_int(4, e.path.unit)
      .bind_int(5, e.function.function);
  if (select.next()) {
    std::vector<AddressRange> ranges = db::ranges_from_json(select.column_text(0));
    const std::int64_t first = min_time(select.column_time(1), e.function.first_seen_us);
    const std::int64_t last = std::max(select.column_time(2), e.function.last_seen_us);
    select.reset();
    for (const AddressRange& r : e.function.ranges) add_range(ranges, r);
    update.start()
        .bind_text(1, db::ranges_to_json(ranges))
        .bind_time(2, first)
        .bind_time(3, last)
        .bind_text(4, protocol)
        .bind_text(5, client)
        .bind_text(6, server)
        .bind_int(7, e.path.unit)
        .bind_int(8, e.function.function)
        .run();
    return;
  }
  select.reset();
  insert.start()
      .bind_text(1, protocol)
      .bind_text(2, client)
      .bind_text(3, server)
      .bind_int(4, e.path.unit)
      .bind_int(5, e.function.function)
      .bind_text(6, e.function.name)
      .bind_text(7, db::ranges_to_json(e.function.ranges))
      .bind_time(8, e.function.first_seen_us)
      .bind_time(9, e.function.last_seen_us)
      .bind_text(10, origin)
      .run();
}

void save_entries(db::Connection& c, const std::vector<BaselineEntry>& entries,
                  const std::string& origin) {
  db::Statement select(c.get(),
                       "SELECT ranges, first_seen, last_seen FROM baseline WHERE protocol = ?1 AND "
                       "client_ip = ?2 AND server_ip = ?3 AND unit = ?4 AND function = ?5");
  db::Statement insert(c.get(),
                       "INSERT INTO baseline (protocol, client_ip, server_ip, unit, function, "
                       "function_name, ranges, first_seen, last_seen, origin) VALUES "
                       "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  db::Statement update(c.get(),
                       "UPDATE baseline SET ranges = ?1, first_seen = ?2, last_seen = ?3 WHERE "
                       "protocol = ?4 AND client_ip = ?5 AND server_ip = ?6 AND unit = ?7 AND "
                       "function = ?8");
  for (const BaselineEntry& e : entries) upsert_baseline(select, insert, update, e, origin);
}

std::string operations_to_json(const std::vector<LearnedOperation>& ops) {
  nlohmann::json array = nlohmann::json::array();
  for (const LearnedOperation& op : ops) array.push_back({{"code", op.code}, {"name", op.name}});
  return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<LearnedOperation> operations_from_json(const std::string& text) {
  std::vector<LearnedOperation> out;
  try {
    const nlohmann::json array = nlohmann::json::parse(text);
    if (!array.is_array()) throw DbError("operations are not a JSON array");
    for (const nlohmann::json& item : array) {
      if (out.size() == LearnedValues::kMaxOperations) break;
      out.push_back({item.at("code").get<std::uint32_t>(), item.at("name").get<std::string>()});
    }
  } catch (const nlohmann::json::exception& e) {
    throw DbError("invalid operations '" + text + "' in the database: " + e.what());
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.code < y.code; });
  return out;
}

// Columns 0.. of a baseline_values row from `kind` on: kind, min, max, last, max_step,
// operations, count, first_seen, last_seen.
LearnedValues learned_from_row(const db::Statement& row, int at) {
  LearnedValues v;
  v.kind = row.column_text(at) == "operation" ? ValueKind::Operation : ValueKind::Number;
  if (v.kind == ValueKind::Number) {
    v.min = row.column_double(at + 1);
    v.max = row.column_double(at + 2);
    v.last = row.column_double(at + 3);
    v.max_step = row.column_double(at + 4);
  } else {
    v.operations = operations_from_json(row.column_text(at + 5));
  }
  v.count = static_cast<std::uint64_t>(std::max<std::int64_t>(0, row.column_int(at + 6)));
  v.first_seen_us = row.column_time(at + 7);
  v.last_seen_us = row.column_time(at + 8);
  return v;
}

void save_values(db::Connection& c, const std::vector<ValueEntry>& entries,
                 const std::string& origin) {
  db::Statement select(c.get(),
                       "SELECT kind, min_value, max_value, last_value, max_step, operations, "
                       "count, first_seen, last_seen FROM baseline_values WHERE protocol = ?1 AND "
                       "server_ip = ?2 AND unit = ?3 AND space = ?4 AND address = ?5");
  // A stored row keeps its origin: the one that first taught the point.
  db::Statement upsert(
      c.get(),
      "INSERT INTO baseline_values (protocol, server_ip, unit, space, address, kind, min_value, "
      "max_value, last_value, max_step, operations, count, first_seen, last_seen, origin) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
      "ON CONFLICT (protocol, server_ip, unit, space, address) DO UPDATE SET kind = "
      "excluded.kind, min_value = excluded.min_value, max_value = excluded.max_value, "
      "last_value = excluded.last_value, max_step = excluded.max_step, operations = "
      "excluded.operations, count = excluded.count, first_seen = excluded.first_seen, "
      "last_seen = excluded.last_seen");
  for (const ValueEntry& e : entries) {
    const std::string protocol(protocol_name(e.point.protocol));
    const std::string server = e.point.server.to_string();
    const std::string space = e.point.space.str();
    LearnedValues merged = e.values;
    select.start()
        .bind_text(1, protocol)
        .bind_text(2, server)
        .bind_int(3, e.point.unit)
        .bind_text(4, space)
        .bind_int(5, e.point.address);
    if (select.next()) {
      LearnedValues stored = learned_from_row(select, 0);
      // A point stored with the other kind is replaced by what was learned now.
      if (stored.kind == merged.kind) {
        stored.merge(merged);
        merged = std::move(stored);
      }
    }
    select.reset();
    const bool number = merged.kind == ValueKind::Number;
    upsert.start()
        .bind_text(1, protocol)
        .bind_text(2, server)
        .bind_int(3, e.point.unit)
        .bind_text(4, space)
        .bind_int(5, e.point.address)
        .bind_text(6, number ? "number" : "operation");
    if (number) {
      upsert.bind_double(7, merged.min)
          .bind_double(8, merged.max)
          .bind_double(9, merged.last)
          .bind_double(10, merged.max_step);
    } else {
      upsert.bind_null(7).bind_null(8).bind_null(9).bind_null(10);
    }
    upsert.bind_text(11, operations_to_json(merged.operations))
        .bind_int(12, static_cast<std::int64_t>(merged.count))
        .bind_time(13, merged.first_seen_us)
        .bind_time(14, merged.last_seen_us)
        .bind_text(15, origin)
        .run();
  }
}

}  // namespace

std::vector<MergedAlert> merge_alerts(
    Database& db, std::span<const AlertChange> changes,
    std::span<const std::pair<std::string, std::int64_t>> run_ids_by_capture) {
  std::vector<MergedAlert> out;
  if (changes.empty()) return out;
  require_writable(db, "store alerts in");
  db::Connection& c = db.connection();
  try {
    db::Transaction transaction(c);
    db::Statement find(c.get(),
                       "SELECT id, count, first_seen, last_seen, facts, severity, functions FROM "
                       "alerts WHERE rule = ?1 AND protocol = ?2 AND src_ip = ?3 AND dst_ip = ?4 "
                       "AND state != 'closed'");
    db::Statement insert(c.get(),
                         "INSERT INTO alerts (rule, severity, protocol, src_ip, dst_ip, src_mac, "
                         "dst_mac, functions, summary, count, first_seen, last_seen, state, facts) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'open', ?13)");
    db::Statement update(c.get(),
                         "UPDATE alerts SET count = ?1, first_seen = ?2, last_seen = ?3, facts = "
                         "?4, severity = ?5, functions = ?6 WHERE id = ?7");
    db::Statement evidence_count(c.get(),
                                 "SELECT count(*) FROM alert_evidence WHERE alert_id = ?1");
    db::Statement add_packet(c.get(),
                             "INSERT OR IGNORE INTO alert_packets (alert_id, capture, frame, "
                             "time, linktype, original_length, data) VALUES (?1, ?2, ?3, ?4, "
                             "?5, ?6, ?7)");
    db::Statement add_evidence(c.get(),
                               "INSERT INTO alert_evidence (alert_id, capture_run_id, capture, "
                               "frame, time, summary, earlier) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                               "?7)");
    for (const AlertChange& change : changes) {
      const Alert& a = change.alert;
      const std::string rule_name(rule(a.rule).name);
      const std::string protocol = protocol_text(a.protocol);
      const std::string src = ip_text(a.src);
      const std::string dst = ip_text(a.dst);
      MergedAlert merged;
      find.start()
          .bind_text(1, rule_name)
          .bind_text(2, protocol)
          .bind_text(3, src)
          .bind_text(4, dst);
      if (find.next()) {
        merged.id = find.column_int(0);
        const std::uint64_t count = find.column_count(1) + a.count;
        const std::int64_t first = min_time(find.column_time(2), a.first_seen_us);
        const std::int64_t last = std::max(find.column_time(3), a.last_seen_us);
        std::vector<AlertFact> facts = facts_from_json(find.column_text(4));
        const auto stored_severity = severity_from_name(find.column_text(5));
        std::vector<std::string> functions = functions_from_json(find.column_text(6));
        find.reset();
        unite_facts(facts, a.facts);
        for (const std::string& f : a.functions)
          if (functions.size() < Alert::kMaxFunctions &&
              std::find(functions.begin(), functions.end(), f) == functions.end())
            functions.push_back(f);
        const Severity severity = std::max(stored_severity.value_or(a.severity), a.severity);
        update.start()
            .bind_count(1, count)
            .bind_time(2, first)
            .bind_time(3, last)
            .bind_text(4, facts_to_json(facts))
            .bind_text(5, severity_name(severity))
            .bind_text(6, functions_to_json(functions))
            .bind_int(7, merged.id)
            .run();
      } else {
        find.reset();
        insert.start()
            .bind_text(1, rule_name)
            .bind_text(2, severity_name(a.severity))
            .bind_text(3, protocol)
            .bind_text(4, src)
            .bind_text(5, dst)
            .bind_text_or_null(6, db::mac_text(a.src_mac))
            .bind_text_or_null(7, db::mac_text(a.dst_mac))
            .bind_text(8, functions_to_json(a.functions))
            .bind_text(9, a.summary)
            .bind_count(10, a.count)
            .bind_time(11, a.first_seen_us)
            .bind_time(12, a.last_seen_us)
            .bind_text(13, facts_to_json(a.facts))
            .run();
        merged.id = sqlite3_last_insert_rowid(c.get());
        merged.new_row = true;
      }
      evidence_count.start().bind_int(1, merged.id);
      std::int64_t have = evidence_count.next() ? evidence_count.column_int(0) : 0;
      evidence_count.reset();
      bool stored_evidence = false;
      for (const Evidence& e : a.evidence) {
        if (have >= static_cast<std::int64_t>(Alert::kMaxEvidence)) break;
        add_evidence.start().bind_int(1, merged.id);
        auto run = std::find_if(run_ids_by_capture.begin(), run_ids_by_capture.end(),
                                [&](const auto& p) { return p.first == e.capture; });
        if (run != run_ids_by_capture.end()) {
          add_evidence.bind_int(2, run->second);
        } else {
          add_evidence.bind_null(2);
        }
        add_evidence.bind_text(3, e.capture)
            .bind_count(4, e.frame)
            .bind_time(5, e.ts_us)
            .bind_text(6, e.summary)
            .bind_text(7, e.earlier.empty() ? std::string("[]") : db::frames_to_json(e.earlier))
            .run();
        ++have;
        stored_evidence = true;
      }
      // The packets of the evidence stored now (a live capture's); none past the evidence cap.
      if (stored_evidence) {
        for (const EvidencePacket& p : change.packets) {
          add_packet.start()
              .bind_int(1, merged.id)
              .bind_text(2, p.capture)
              .bind_count(3, p.frame)
              .bind_int(4, p.ts_us)
              .bind_int(5, p.link_type)
              .bind_int(6, p.original_length)
              .bind_blob(7, p.data)
              .run();
        }
      }
      out.push_back(merged);
    }
    transaction.commit();
  } catch (const DbError& e) {
    throw DbError(context(db, "store alerts in") + ": " + e.what());
  }
  return out;
}

std::vector<StoredAlert> load_alerts(const Database& db, const AlertLoad& what) {
  db::Connection& c = db.connection();
  std::vector<StoredAlert> out;
  try {
    db::ReadTransaction snapshot(c);
    db::Statement rows(c.get(), std::string(what.facts ? kSelectAlert : kSelectAlertWithoutFacts) +
                                    " ORDER BY first_seen DESC, id DESC LIMIT ?1");
    // A negative LIMIT is none.
    rows.start().bind_int(1, what.limit > 0 ? static_cast<std::int64_t>(what.limit) : -1);
    while (rows.next()) out.push_back(read_alert(rows));
    if (what.evidence) read_evidence(c, out, what.limit == 0);
  } catch (const DbError& e) {
    throw DbError(context(db, "read alerts from") + ": " + e.what());
  }
  return out;
}

std::optional<StoredAlert> load_alert(const Database& db, std::int64_t id) {
  db::Connection& c = db.connection();
  try {
    db::ReadTransaction snapshot(c);
    return read_one_alert(c, id);
  } catch (const DbError& e) {
    throw DbError(context(db, "read alerts from") + ": " + e.what());
  }
}

std::vector<Evidence> load_evidence(const Database& db, std::int64_t alert_id) {
  db::Connection& c = db.connection();
  std::vector<Evidence> out;
  try {
    db::Statement rows(c.get(), kSelectEvidenceOfAlert);
    rows.start().bind_int(1, alert_id);
    while (rows.next()) out.push_back(evidence_row(rows));
  } catch (const DbError& e) {
    throw DbError(context(db, "read alerts from") + ": " + e.what());
  }
  return out;
}

std::vector<EvidencePacket> load_evidence_packets(const Database& db, std::int64_t alert_id) {
  db::Connection& c = db.connection();
  std::vector<EvidencePacket> out;
  try {
    db::Statement rows(c.get(),
                       "SELECT capture, frame, time, linktype, original_length, data FROM "
                       "alert_packets WHERE alert_id = ?1 ORDER BY frame");
    rows.start().bind_int(1, alert_id);
    while (rows.next()) {
      EvidencePacket p;
      p.capture = rows.column_text(0);
      p.frame = rows.column_count(1);
      p.ts_us = rows.column_int(2);
      p.link_type = static_cast<int>(rows.column_int(3));
      p.original_length = static_cast<std::uint32_t>(rows.column_int(4));
      p.data = rows.column_blob(5);
      out.push_back(std::move(p));
    }
  } catch (const DbError& e) {
    throw DbError(context(db, "read alerts from") + ": " + e.what());
  }
  return out;
}

bool set_alert_state(Database& db, std::int64_t id, AlertState state) {
  require_writable(db, "update alerts in");
  db::Connection& c = db.connection();
  try {
    db::Transaction transaction(c);
    if (state != AlertState::Closed) {
      // Reopening a closed alert must not collide with a newer live alert of the same key.
      db::Statement clash(c.get(),
                          "SELECT count(*) FROM alerts a JOIN alerts b ON a.rule = b.rule AND "
                          "a.protocol = b.protocol AND a.src_ip = b.src_ip AND a.dst_ip = b.dst_ip "
                          "WHERE a.id = ?1 AND a.state = 'closed' AND b.id != a.id AND "
                          "b.state != 'closed'");
      clash.start().bind_int(1, id);
      if (clash.next() && clash.column_int(0) > 0)
        throw DbError("alert " + std::to_string(id) +
                      " cannot be reopened: a newer alert of the same kind is open");
    }
    db::Statement update(c.get(), "UPDATE alerts SET state = ?1 WHERE id = ?2");
    update.start().bind_text(1, alert_state_name(state)).bind_int(2, id).run();
    const bool found = sqlite3_changes(c.get()) > 0;
    transaction.commit();
    return found;
  } catch (const DbError& e) {
    throw DbError(context(db, "update alerts in") + ": " + e.what());
  }
}

Baseline load_baseline(const Database& db) {
  Baseline b;
  // Every stored point: the cap on points applies to what a run learns (the detector sets it).
  b.set_max_value_points(std::numeric_limits<std::size_t>::max());
  for (const ValueEntry& e : load_baseline_values(db)) b.merge_values(e.point, e.values);
  for (const StoredBaselineEntry& stored : load_baseline_entries(db)) {
    const BaselineEntry& e = stored.entry;
    b.learn(e.path, e.function.function, e.function.name, e.function.ranges,
            e.function.first_seen_us);
    if (e.function.last_seen_us != 0)
      b.learn(e.path, e.function.function, e.function.name, {}, e.function.last_seen_us);
  }
  return b;
}

std::vector<StoredBaselineEntry> load_baseline_entries(const Database& db) {
  db::Connection& c = db.connection();
  std::vector<StoredBaselineEntry> out;
  try {
    db::Statement rows(c.get(),
                       "SELECT protocol, client_ip, server_ip, unit, function, function_name, "
                       "ranges, first_seen, last_seen, origin FROM baseline");
    while (rows.next()) {
      StoredBaselineEntry e;
      e.entry.path = {db::parse_protocol(rows.column_text(0)), db::parse_ip(rows.column_text(1)),
                      db::parse_ip(rows.column_text(2)), rows.column_int(3)};
      e.entry.function.function = static_cast<std::uint32_t>(rows.column_int(4));
      e.entry.function.name = rows.column_text(5);
      e.entry.function.ranges = db::ranges_from_json(rows.column_text(6));
      e.entry.function.first_seen_us = rows.column_time(7);
      e.entry.function.last_seen_us = rows.column_time(8);
      e.origin = rows.column_text(9);
      out.push_back(std::move(e));
    }
  } catch (const DbError& e) {
    throw DbError(context(db, "read the baseline from") + ": " + e.what());
  }
  std::sort(out.begin(), out.end(), [](const StoredBaselineEntry& a, const StoredBaselineEntry& b) {
    const PathKey& x = a.entry.path;
    const PathKey& y = b.entry.path;
    return std::tie(x.protocol, x.client, x.server, x.unit, a.entry.function.function) <
           std::tie(y.protocol, y.client, y.server, y.unit, b.entry.function.function);
  });
  return out;
}

namespace {

// One row of aggregates folded into a number; 0 when the table is missing.
std::uint64_t fingerprint_of(const Database& db, const char* table, const char* sql) {
  db::Connection& c = db.connection();
  try {
    db::Statement exists(c.get(),
                         "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    if (!exists.start().bind_text(1, table).next() || exists.column_int(0) == 0) return 0;
    return db::fold_aggregates(c.get(), sql);
  } catch (const DbError& e) {
    throw DbError(context(db, "read") + ": " + e.what());
  }
}

}  // namespace

std::uint64_t alerts_fingerprint(const Database& db) {
  // The state weighted by id: acknowledging one alert and reopening another still changes it.
  return fingerprint_of(db, "alerts",
                        "SELECT count(*), max(id), total(count), max(last_seen), "
                        "total(id * CASE state WHEN 'open' THEN 1 WHEN 'acknowledged' THEN 2 "
                        "ELSE 3 END), total(length(facts) + length(functions)), "
                        "(SELECT count(*) FROM alert_evidence) FROM alerts");
}

std::vector<ValueEntry> load_baseline_values(const Database& db) {
  db::Connection& c = db.connection();
  std::vector<ValueEntry> out;
  try {
    db::Statement rows(c.get(),
                       "SELECT protocol, server_ip, unit, space, address, kind, min_value, "
                       "max_value, last_value, max_step, operations, count, first_seen, last_seen "
                       "FROM baseline_values ORDER BY protocol, server_ip, unit, space, address");
    while (rows.next()) {
      ValueEntry e;
      const std::string space = rows.column_text(3);
      if (!SpaceName::fits(space)) throw DbError("address space name too long");
      e.point = {db::parse_protocol(rows.column_text(0)), db::parse_ip(rows.column_text(1)),
                 rows.column_int(2), SpaceName(space),
                 static_cast<std::uint32_t>(rows.column_int(4))};
      e.values = learned_from_row(rows, 5);
      out.push_back(std::move(e));
    }
  } catch (const DbError& e) {
    throw DbError(context(db, "read the learned values from") + ": " + e.what());
  }
  // In the order of Baseline::value_entries(): protocols by registry order, addresses by number.
  std::sort(out.begin(), out.end(), [](const ValueEntry& a, const ValueEntry& b) {
    return std::tie(a.point.protocol, a.point.server, a.point.unit, a.point.space,
                    a.point.address) <
           std::tie(b.point.protocol, b.point.server, b.point.unit, b.point.space, b.point.address);
  });
  return out;
}

std::uint64_t baseline_fingerprint(const Database& db) {
  return fingerprint_of(db, "baseline",
                        "SELECT count(*), max(last_seen), min(first_seen), total(length(ranges)), "
                        "total(unit + function), (SELECT count(*) + total(count) + "
                        "max(coalesce(last_seen, 0)) FROM baseline_values) FROM baseline");
}

void save_baseline(Database& db, const Baseline& b, const std::string& origin) {
  require_writable(db, "store the baseline in");
  db::Connection& c = db.connection();
  try {
    db::Transaction transaction(c);
    save_entries(c, b.entries(), origin);
    save_values(c, b.value_entries(), origin);
    transaction.commit();
  } catch (const DbError& e) {
    throw DbError(context(db, "store the baseline in") + ": " + e.what());
  }
}

void clear_baseline(Database& db) {
  require_writable(db, "clear the baseline in");
  db::Connection& c = db.connection();
  try {
    db::Transaction transaction(c);
    c.exec("DELETE FROM baseline", "cannot clear the baseline");
    c.exec("DELETE FROM baseline_values", "cannot clear the learned values");
    transaction.commit();
  } catch (const DbError& e) {
    throw DbError(context(db, "clear the baseline in") + ": " + e.what());
  }
}

std::optional<std::size_t> accept_alert(Database& db, std::int64_t id) {
  require_writable(db, "accept alerts in");
  db::Connection& c = db.connection();
  try {
    // The alert is read inside the write transaction: a sensor merging into the same alert
    // cannot add facts between what is put into the baseline and the alert being closed.
    db::Transaction transaction(c);
    std::optional<StoredAlert> alert = read_one_alert(c, id);
    if (!alert) return std::nullopt;
    std::vector<BaselineEntry> entries;
    // The values a process.* alert judged become part of their points' learned values.
    Baseline values;
    values.set_max_value_points(std::numeric_limits<std::size_t>::max());
    for (const AlertFact& f : alert->alert.facts) {
      for (const FactValue& v : f.values) {
        const WrittenValue written{v.space, v.address, v.kind, v.value, v.name};
        values.learn_values(f.path.protocol, f.path.server, f.path.unit, {&written, 1},
                            alert->alert.last_seen_us);
      }
    }
    for (const AlertFact& f : alert->alert.facts) {
      BaselineEntry e;
      e.path = f.path;
      e.function.function = f.function;
      e.function.name = f.name;
      e.function.ranges = f.ranges;
      e.function.first_seen_us = alert->alert.first_seen_us;
      e.function.last_seen_us = alert->alert.last_seen_us;
      entries.push_back(std::move(e));
    }
    save_entries(c, entries, "alert " + std::to_string(id));
    save_values(c, values.value_entries(), "alert " + std::to_string(id));
    db::Statement close(c.get(), "UPDATE alerts SET state = 'closed' WHERE id = ?1");
    close.start().bind_int(1, id).run();
    transaction.commit();
    return entries.size();
  } catch (const DbError& e) {
    throw DbError(context(db, "accept alerts in") + ": " + e.what());
  }
}

namespace {

// Change history rows with the source of the capture run that saw each, found by id (the
// INTEGER PRIMARY KEY): a merge's rows, or those after an id, without reading the rest of the
// history (which grows with every run).
constexpr std::string_view kChangesWithSource =
    "SELECT " OTSCOPE_HISTORY_COLUMNS
    ", (SELECT r.source FROM capture_runs r WHERE r.id = asset_history.capture_run_id) FROM "
    "asset_history ";

using ChangeRow = std::pair<StoredChange, std::string>;

// In the order of Database::asset_history().
std::vector<std::pair<ChangeRecord, std::string>> in_history_order(std::vector<ChangeRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const ChangeRow& a, const ChangeRow& b) {
    return db::history_order(a.first, b.first);
  });
  std::vector<std::pair<ChangeRecord, std::string>> out;
  out.reserve(rows.size());
  for (ChangeRow& r : rows) out.emplace_back(std::move(r.first.record), std::move(r.second));
  return out;
}

}  // namespace

std::vector<std::pair<ChangeRecord, std::string>> merged_changes(const Database& db,
                                                                 const MergeReport& merged) {
  if (merged.history_ids.empty()) return {};
  std::vector<ChangeRow> rows;
  try {
    db::Statement row(db.connection().get(), std::string(kChangesWithSource) + "WHERE id = ?1");
    const std::set<std::int64_t> ids(merged.history_ids.begin(), merged.history_ids.end());
    for (std::int64_t id : ids) {
      if (row.start().bind_int(1, id).next())
        rows.emplace_back(db::history_row(row), row.column_text(11));
      row.reset();
    }
  } catch (const DbError& e) {
    throw DbError(context(db, "read") + ": " + e.what());
  }
  return in_history_order(std::move(rows));
}

std::int64_t last_change_id(const Database& db) {
  return db.connection().query_int("SELECT coalesce(max(id), 0) FROM asset_history",
                                   context(db, "read"));
}

std::vector<std::pair<ChangeRecord, std::string>> changes_since(const Database& db,
                                                                std::int64_t after_id) {
  std::vector<ChangeRow> rows;
  try {
    db::Statement row(db.connection().get(), std::string(kChangesWithSource) + "WHERE id > ?1");
    row.start().bind_int(1, after_id);
    while (row.next()) rows.emplace_back(db::history_row(row), row.column_text(11));
  } catch (const DbError& e) {
    throw DbError(context(db, "read") + ": " + e.what());
  }
  return in_history_order(std::move(rows));
}

}  // namespace otscope::detection
