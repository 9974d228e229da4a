#include "model/detection/baseline.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "protocols/registry.h"

namespace otscope::detection {
namespace {

using nlohmann::json;

// A space split into more ranges than this is kept as one span: enough for any real polling
// table, and it bounds the memory a scanner can make the baseline take.
constexpr std::size_t kMaxRangesPerSpace = 64;

auto path_order(const PathKey& k) {
  return std::tie(k.protocol, k.client, k.server, k.unit);
}

// ---- JSON import helpers ---------------------------------------------------------------------

[[noreturn]] void bad(const std::string& source, const std::string& where,
                      const std::string& message) {
  throw BaselineError(source + ": " + where + ": " + message);
}

void only_keys(const std::string& source, const json& object, const std::string& where,
               std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      bad(source, where, "unknown key '" + key + "'");
  }
}

const json& field(const std::string& source, const json& object, const std::string& where,
                  const char* key) {
  auto it = object.find(key);
  if (it == object.end()) bad(source, where, std::string("missing '") + key + "'");
  return *it;
}

std::string text_field(const std::string& source, const json& object, const std::string& where,
                       const char* key) {
  const json& v = field(source, object, where, key);
  if (!v.is_string()) bad(source, where, std::string("'") + key + "' must be a string");
  return v.get<std::string>();
}

std::int64_t int_field(const std::string& source, const json& object, const std::string& where,
                       const char* key, std::int64_t min, std::int64_t max) {
  const json& v = field(source, object, where, key);
  if (!v.is_number_integer()) bad(source, where, std::string("'") + key + "' must be an integer");
  const std::int64_t n = v.get<std::int64_t>();
  if (n < min || n > max)
    bad(source, where,
        std::string("'") + key + "' must be between " + std::to_string(min) + " and " +
            std::to_string(max));
  return n;
}

double number_field(const std::string& source, const json& object, const std::string& where,
                    const char* key) {
  const json& v = field(source, object, where, key);
  if (!v.is_number()) bad(source, where, std::string("'") + key + "' must be a number");
  const double d = v.get<double>();
  if (!std::isfinite(d)) bad(source, where, std::string("'") + key + "' must be finite");
  return d;
}

auto value_order(const ValuePoint& k) {
  return std::tie(k.protocol, k.server, k.unit, k.space, k.address);
}

std::int64_t time_field(const std::string& source, const json& object, const std::string& where,
                        const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return 0;
  if (!it->is_string()) bad(source, where, std::string("'") + key + "' must be a time string");
  const auto us = parse_iso8601_us(it->get<std::string>());
  if (!us) bad(source, where, std::string("'") + key + "' is not an ISO 8601 UTC time");
  return *us;
}

json time_json(std::int64_t us) {
  return us == 0 ? json(nullptr) : json(iso8601_us(us));
}

void read_values(const std::string& source, const nlohmann::json& values, Baseline& b) {
  if (!values.is_array()) bad(source, "values", "must be an array");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string where = "values[" + std::to_string(i) + "]";
    const json& v = values[i];
    if (!v.is_object()) bad(source, where, "must be an object");
    only_keys(source, v, where,
              {"protocol", "server", "unit", "space", "address", "kind", "min", "max", "last",
               "max_step", "operations", "count", "first_seen", "last_seen"});
    ValuePoint point;
    const std::string proto = text_field(source, v, where, "protocol");
    if (!protocol_from_name(proto, point.protocol))
      bad(source, where, "unknown protocol '" + proto + "'");
    const std::string server = text_field(source, v, where, "server");
    if (!IpAddress::parse(server, point.server))
      bad(source, where, "server '" + server + "' is not an IP address");
    point.unit = int_field(source, v, where, "unit", -1, std::numeric_limits<std::int64_t>::max());
    const std::string space = text_field(source, v, where, "space");
    if (space.empty() || !SpaceName::fits(space))
      bad(source, where,
          "'space' must have 1 to " + std::to_string(SpaceName::kCapacity) + " characters");
    point.space = space;
    point.address = static_cast<std::uint32_t>(
        int_field(source, v, where, "address", 0, std::numeric_limits<std::uint32_t>::max()));
    LearnedValues learned;
    const std::string kind = text_field(source, v, where, "kind");
    if (kind == "number") {
      learned.kind = ValueKind::Number;
      learned.min = number_field(source, v, where, "min");
      learned.max = number_field(source, v, where, "max");
      learned.last = number_field(source, v, where, "last");
      learned.max_step = v.contains("max_step") ? number_field(source, v, where, "max_step") : 0;
      if (learned.min > learned.max) bad(source, where, "'min' is greater than 'max'");
      if (learned.max_step < 0) bad(source, where, "'max_step' must not be negative");
    } else if (kind == "operation") {
      learned.kind = ValueKind::Operation;
      const json& ops = field(source, v, where, "operations");
      if (!ops.is_array() || ops.empty())
        bad(source, where, "'operations' must be a non-empty array");
      for (std::size_t k = 0; k < ops.size(); ++k) {
        const std::string owhere = where + ".operations[" + std::to_string(k) + "]";
        if (!ops[k].is_object()) bad(source, owhere, "must be an object");
        only_keys(source, ops[k], owhere, {"code", "name"});
        LearnedOperation op;
        op.code = static_cast<std::uint32_t>(int_field(source, ops[k], owhere, "code", 0,
                                                       std::numeric_limits<std::uint32_t>::max()));
        op.name = ops[k].contains("name") ? text_field(source, ops[k], owhere, "name") : "";
        if (!learned.knows_operation(op.code) &&
            learned.operations.size() < LearnedValues::kMaxOperations)
          learned.operations.push_back(std::move(op));
      }
      std::sort(learned.operations.begin(), learned.operations.end(),
                [](const auto& x, const auto& y) { return x.code < y.code; });
    } else {
      bad(source, where, "'kind' must be \"number\" or \"operation\"");
    }
    learned.count = static_cast<std::uint64_t>(
        int_field(source, v, where, "count", 1, std::numeric_limits<std::int64_t>::max()));
    learned.first_seen_us = time_field(source, v, where, "first_seen");
    learned.last_seen_us = time_field(source, v, where, "last_seen");
    b.merge_values(point, learned);
  }
}

}  // namespace

bool merge_range(std::vector<AddressRange>& ranges, const AddressRange& r) {
  std::uint64_t lo = r.start, hi = std::uint64_t{r.start} + r.count;
  std::size_t in_space = 0;
  for (auto it = ranges.begin(); it != ranges.end();) {
    if (it->space != r.space) {
      ++it;
      continue;
    }
    const std::uint64_t a = it->start, b = std::uint64_t{it->start} + it->count;
    if (b >= lo && a <= hi) {
      lo = std::min(lo, a);
      hi = std::max(hi, b);
      it = ranges.erase(it);
    } else {
      ++in_space;
      ++it;
    }
  }
  if (in_space >= kMaxRangesPerSpace) {
    for (auto it = ranges.begin(); it != ranges.end();) {
      if (it->space == r.space) {
        lo = std::min<std::uint64_t>(lo, it->start);
        hi = std::max<std::uint64_t>(hi, std::uint64_t{it->start} + it->count);
        it = ranges.erase(it);
      } else {
        ++it;
      }
    }
  }
  AddressRange merged{r.space, static_cast<std::uint32_t>(lo),
                      static_cast<std::uint32_t>(std::min<std::uint64_t>(
                          hi - lo, std::numeric_limits<std::uint32_t>::max()))};
  auto pos =
      std::lower_bound(ranges.begin(), ranges.end(), merged, [](const auto& x, const auto& y) {
        return std::tie(x.space, x.start) < std::tie(y.space, y.start);
      });
  ranges.insert(pos, std::move(merged));
  return true;
}

bool ranges_cover(std::span<const AddressRange> known, std::span<const AddressRange> wanted) {
  for (const AddressRange& w : wanted) {
    const std::uint64_t end = std::uint64_t{w.start} + w.count;
    bool inside = false;
    for (const AddressRange& k : known) {
      if (k.space == w.space && k.start <= w.start && std::uint64_t{k.start} + k.count >= end) {
        inside = true;
        break;
      }
    }
    if (!inside) return false;
  }
  return true;
}

std::string iso8601_us(std::int64_t us) {
  if (us == 0) return {};
  std::int64_t secs = us / 1'000'000;
  std::int64_t frac = us % 1'000'000;
  if (frac < 0) {
    frac += 1'000'000;
    --secs;
  }
  const std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[128];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(frac));
  return buf;
}

std::optional<std::int64_t> parse_iso8601_us(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.ffffff]Z
  auto number = [&](std::size_t at, std::size_t len, int& out) {
    if (at + len > text.size()) return false;
    auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + len, out);
    return ec == std::errc{} && end == text.data() + at + len;
  };
  int year = 0, mon = 0, day = 0, hour = 0, min = 0, sec = 0;
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text.back() != 'Z')
    return std::nullopt;
  if (!number(0, 4, year) || !number(5, 2, mon) || !number(8, 2, day) || !number(11, 2, hour) ||
      !number(14, 2, min) || !number(17, 2, sec))
    return std::nullopt;
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
    return std::nullopt;
  std::int64_t frac = 0;
  if (text.size() > 20) {
    if (text[19] != '.') return std::nullopt;
    const std::string_view digits = text.substr(20, text.size() - 21);
    if (digits.empty() || digits.size() > 6) return std::nullopt;
    int v = 0;
    if (!number(20, digits.size(), v)) return std::nullopt;
    frac = v;
    for (std::size_t i = digits.size(); i < 6; ++i) frac *= 10;
  } else if (text.size() != 20) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  const std::time_t t = timegm(&tm);
  return static_cast<std::int64_t>(t) * 1'000'000 + frac;
}

bool LearnedValues::add(const WrittenValue& v, std::int64_t ts_us) {
  if (v.kind != kind) return false;
  bool grew = false;
  if (kind == ValueKind::Operation) {
    const auto code = static_cast<std::uint32_t>(v.value);
    if (!knows_operation(code) && operations.size() < kMaxOperations) {
      LearnedOperation op{code, std::string(v.label)};
      operations.insert(
          std::lower_bound(operations.begin(), operations.end(), op,
                           [](const auto& x, const auto& y) { return x.code < y.code; }),
          std::move(op));
      grew = true;
    }
  } else {
    if (!std::isfinite(v.value)) return false;
    if (count == 0) {
      min = max = v.value;
      grew = true;
    } else {
      max_step = std::max(max_step, std::fabs(v.value - last));
      if (v.value < min || v.value > max) grew = true;
      min = std::min(min, v.value);
      max = std::max(max, v.value);
    }
    last = v.value;
  }
  ++count;
  if (ts_us != 0) {
    if (first_seen_us == 0 || ts_us < first_seen_us) first_seen_us = ts_us;
    last_seen_us = std::max(last_seen_us, ts_us);
  }
  return grew;
}

bool LearnedValues::merge(const LearnedValues& other) {
  if (other.kind != kind || other.count == 0) return false;
  bool grew = false;
  if (kind == ValueKind::Operation) {
    for (const LearnedOperation& op : other.operations) {
      if (knows_operation(op.code) || operations.size() >= kMaxOperations) continue;
      operations.insert(
          std::lower_bound(operations.begin(), operations.end(), op,
                           [](const auto& x, const auto& y) { return x.code < y.code; }),
          op);
      grew = true;
    }
  } else if (count == 0) {
    min = other.min;
    max = other.max;
    last = other.last;
    max_step = other.max_step;
    grew = true;
  } else {
    grew = other.min < min || other.max > max;
    min = std::min(min, other.min);
    max = std::max(max, other.max);
    max_step = std::max(max_step, other.max_step);
    if (other.last_seen_us >= last_seen_us) last = other.last;
  }
  count += other.count;
  if (other.first_seen_us != 0 && (first_seen_us == 0 || other.first_seen_us < first_seen_us))
    first_seen_us = other.first_seen_us;
  last_seen_us = std::max(last_seen_us, other.last_seen_us);
  return grew;
}

bool Baseline::learn_values(Protocol p, const IpAddress& server, std::int64_t unit,
                            std::span<const WrittenValue> values, std::int64_t ts_us) {
  bool added = false;
  for (const WrittenValue& v : values) {
    // A NaN or an infinity bounds no range: not learned (enforcing, it is out of any range).
    if (v.kind == ValueKind::Number && !std::isfinite(v.value)) continue;
    const ValuePoint point{p, server, unit, v.space, v.address};
    auto it = values_.find(point);
    if (it == values_.end()) {
      if (values_.size() >= max_value_points_) {
        ++value_points_dropped_;
        continue;
      }
      it = values_.emplace(point, LearnedValues{}).first;
      it->second.kind = v.kind;
      added = true;
    }
    added = it->second.add(v, ts_us) || added;
  }
  return added;
}

bool Baseline::merge_values(const ValuePoint& point, const LearnedValues& values) {
  if (values.count == 0) return false;
  auto it = values_.find(point);
  if (it == values_.end()) {
    if (values_.size() >= max_value_points_) {
      ++value_points_dropped_;
      return false;
    }
    it = values_.emplace(point, LearnedValues{}).first;
    it->second.kind = values.kind;
  }
  return it->second.merge(values);
}

std::vector<ValueEntry> Baseline::value_entries() const {
  std::vector<ValueEntry> out;
  out.reserve(values_.size());
  for (const auto& [point, values] : values_) out.push_back({point, values});
  std::sort(out.begin(), out.end(), [](const ValueEntry& a, const ValueEntry& b) {
    return value_order(a.point) < value_order(b.point);
  });
  return out;
}

std::size_t Baseline::function_count() const {
  std::size_t n = 0;
  for (const auto& [path, functions] : paths_) n += functions.size();
  return n;
}

bool Baseline::knows_client(Protocol p, const IpAddress& client) const {
  return clients_.contains(ClientKey{p, client});
}

bool Baseline::knows_pair(Protocol p, const IpAddress& client, const IpAddress& server) const {
  return pairs_.contains(PairKey{p, client, server});
}

const BaselineFunction* Baseline::function_any_unit(Protocol p, const IpAddress& client,
                                                    const IpAddress& server,
                                                    std::uint32_t function) const {
  auto it = pairs_.find(PairKey{p, client, server});
  if (it == pairs_.end()) return nullptr;
  for (std::int64_t unit : it->second)
    if (const BaselineFunction* f = this->function(PathKey{p, client, server, unit}, function))
      return f;
  return nullptr;
}

const BaselineFunction* Baseline::function(const PathKey& path, std::uint32_t function) const {
  auto it = paths_.find(path);
  if (it == paths_.end()) return nullptr;
  for (const BaselineFunction& f : it->second)
    if (f.function == function) return &f;
  return nullptr;
}

bool Baseline::learn(const PathKey& path, std::uint32_t function, std::string_view name,
                     std::span<const AddressRange> ranges, std::int64_t ts_us) {
  auto [it, new_path] = paths_.try_emplace(path);
  bool added = new_path;
  if (new_path) {
    pairs_[PairKey{path.protocol, path.client, path.server}].push_back(path.unit);
    clients_.insert(ClientKey{path.protocol, path.client});
    assets_.insert(path.client);
    assets_.insert(path.server);
  }
  BaselineFunction* f = nullptr;
  for (BaselineFunction& x : it->second)
    if (x.function == function) f = &x;
  if (f == nullptr) {
    BaselineFunction nf;
    nf.function = function;
    nf.name = std::string(name);
    it->second.push_back(std::move(nf));
    f = &it->second.back();
    added = true;
  }
  for (const AddressRange& r : ranges) added = add_range(f->ranges, r) || added;
  if (ts_us != 0) {
    if (f->first_seen_us == 0 || ts_us < f->first_seen_us) f->first_seen_us = ts_us;
    f->last_seen_us = std::max(f->last_seen_us, ts_us);
  }
  return added;
}

void Baseline::merge(const Baseline& other) {
  for (const auto& [path, functions] : other.paths_) {
    for (const BaselineFunction& f : functions) {
      learn(path, f.function, f.name, f.ranges, f.first_seen_us);
      if (f.last_seen_us != f.first_seen_us) learn(path, f.function, f.name, {}, f.last_seen_us);
    }
  }
  for (const auto& [point, values] : other.values_) merge_values(point, values);
}

void Baseline::clear() {
  paths_.clear();
  pairs_.clear();
  clients_.clear();
  assets_.clear();
  values_.clear();
  value_points_dropped_ = 0;
}

std::vector<BaselineEntry> Baseline::entries() const {
  std::vector<BaselineEntry> out;
  for (const auto& [path, functions] : paths_)
    for (const BaselineFunction& f : functions) out.push_back({path, f});
  std::sort(out.begin(), out.end(), [](const BaselineEntry& a, const BaselineEntry& b) {
    return std::tuple_cat(path_order(a.path), std::tie(a.function.function)) <
           std::tuple_cat(path_order(b.path), std::tie(b.function.function));
  });
  return out;
}

std::string Baseline::to_json() const {
  json links = json::array();
  const std::vector<BaselineEntry> all = entries();
  for (std::size_t i = 0; i < all.size();) {
    const PathKey& path = all[i].path;
    json functions = json::array();
    std::int64_t first = 0, last = 0;
    for (; i < all.size() && all[i].path == path; ++i) {
      const BaselineFunction& f = all[i].function;
      json ranges = json::array();
      for (const AddressRange& r : f.ranges)
        ranges.push_back({{"space", r.space}, {"start", r.start}, {"count", r.count}});
      functions.push_back({{"function", f.function},
                           {"name", f.name},
                           {"ranges", ranges},
                           {"first_seen", time_json(f.first_seen_us)},
                           {"last_seen", time_json(f.last_seen_us)}});
      if (f.first_seen_us != 0 && (first == 0 || f.first_seen_us < first)) first = f.first_seen_us;
      last = std::max(last, f.last_seen_us);
    }
    links.push_back({{"protocol", std::string(protocol_name(path.protocol))},
                     {"client", path.client.to_string()},
                     {"server", path.server.to_string()},
                     {"unit", path.unit},
                     {"first_seen", time_json(first)},
                     {"last_seen", time_json(last)},
                     {"functions", functions}});
  }
  json values = json::array();
  for (const ValueEntry& e : value_entries()) {
    const LearnedValues& v = e.values;
    json point = {{"protocol", std::string(protocol_name(e.point.protocol))},
                  {"server", e.point.server.to_string()},
                  {"unit", e.point.unit},
                  {"space", e.point.space.str()},
                  {"address", e.point.address}};
    if (v.kind == ValueKind::Operation) {
      json ops = json::array();
      for (const LearnedOperation& op : v.operations)
        ops.push_back({{"code", op.code}, {"name", op.name}});
      point["kind"] = "operation";
      point["operations"] = ops;
    } else {
      point["kind"] = "number";
      point["min"] = v.min;
      point["max"] = v.max;
      point["last"] = v.last;
      point["max_step"] = v.max_step;
    }
    point["count"] = v.count;
    point["first_seen"] = time_json(v.first_seen_us);
    point["last_seen"] = time_json(v.last_seen_us);
    values.push_back(std::move(point));
  }
  return json{{"otscope_baseline", 1}, {"links", links}, {"values", values}}.dump(
             2, ' ', false, json::error_handler_t::replace) +
         "\n";
}

Baseline Baseline::from_json(std::string_view text, const std::string& source) {
  json root;
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw BaselineError(source + ": not valid JSON (byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception&) {
    // The parser's other refusal: a number beyond any type (out_of_range 406).
    throw BaselineError(source + ": not valid JSON (a number out of range)");
  }
  if (!root.is_object()) bad(source, "top level", "must be an object");
  only_keys(source, root, "top level", {"otscope_baseline", "links", "values"});
  if (int_field(source, root, "top level", "otscope_baseline", 0, 1000) != 1)
    bad(source, "otscope_baseline", "unsupported version (this build reads version 1)");
  const json& links = field(source, root, "top level", "links");
  if (!links.is_array()) bad(source, "links", "must be an array");
  Baseline b;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const std::string where = "links[" + std::to_string(i) + "]";
    const json& l = links[i];
    if (!l.is_object()) bad(source, where, "must be an object");
    only_keys(source, l, where,
              {"protocol", "client", "server", "unit", "first_seen", "last_seen", "functions"});
    PathKey path;
    const std::string proto = text_field(source, l, where, "protocol");
    if (!protocol_from_name(proto, path.protocol))
      bad(source, where, "unknown protocol '" + proto + "'");
    const std::string client = text_field(source, l, where, "client");
    const std::string server = text_field(source, l, where, "server");
    if (!IpAddress::parse(client, path.client))
      bad(source, where, "client '" + client + "' is not an IP address");
    if (!IpAddress::parse(server, path.server))
      bad(source, where, "server '" + server + "' is not an IP address");
    path.unit = int_field(source, l, where, "unit", -1, std::numeric_limits<std::int64_t>::max());
    time_field(source, l, where, "first_seen");
    time_field(source, l, where, "last_seen");
    const json& functions = field(source, l, where, "functions");
    if (!functions.is_array() || functions.empty())
      bad(source, where, "'functions' must be a non-empty array");
    for (std::size_t j = 0; j < functions.size(); ++j) {
      const std::string fwhere = where + ".functions[" + std::to_string(j) + "]";
      const json& f = functions[j];
      if (!f.is_object()) bad(source, fwhere, "must be an object");
      only_keys(source, f, fwhere, {"function", "name", "ranges", "first_seen", "last_seen"});
      const auto code = static_cast<std::uint32_t>(
          int_field(source, f, fwhere, "function", 0, std::numeric_limits<std::uint32_t>::max()));
      const std::string name = f.contains("name") ? text_field(source, f, fwhere, "name") : "";
      std::vector<AddressRange> ranges;
      if (f.contains("ranges")) {
        const json& rs = f["ranges"];
        if (!rs.is_array()) bad(source, fwhere, "'ranges' must be an array");
        for (std::size_t k = 0; k < rs.size(); ++k) {
          const std::string rwhere = fwhere + ".ranges[" + std::to_string(k) + "]";
          const json& r = rs[k];
          if (!r.is_object()) bad(source, rwhere, "must be an object");
          only_keys(source, r, rwhere, {"space", "start", "count"});
          AddressRange ar;
          const std::string space = text_field(source, r, rwhere, "space");
          if (!SpaceName::fits(space))
            bad(source, rwhere,
                "'space' is longer than " + std::to_string(SpaceName::kCapacity) +
                    " characters: no decoder names an address space so");
          ar.space = space;
          ar.start = static_cast<std::uint32_t>(
              int_field(source, r, rwhere, "start", 0, std::numeric_limits<std::uint32_t>::max()));
          ar.count = static_cast<std::uint32_t>(
              int_field(source, r, rwhere, "count", 1, std::numeric_limits<std::uint32_t>::max()));
          ranges.push_back(std::move(ar));
        }
      }
      const std::int64_t first = time_field(source, f, fwhere, "first_seen");
      const std::int64_t last = time_field(source, f, fwhere, "last_seen");
      b.learn(path, code, name, ranges, first);
      if (last != 0) b.learn(path, code, name, {}, last);
    }
  }
  if (auto it = root.find("values"); it != root.end()) read_values(source, *it, b);
  return b;
}

}  // namespace otscope::detection
