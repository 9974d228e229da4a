#include "engine/detection/policy.h"

#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <limits>
#include <span>
#include <sstream>
#include <vector>

#include "protocols/registry.h"

namespace otscope::detection {
namespace {

// ---- Errors with positions ---------------------------------------------------------------------

[[noreturn]] void fail_at(const std::string& source, const toml::source_region& where,
                          const std::string& message) {
  std::string text = source;
  if (where.begin.line > 0)
    text += ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
  throw PolicyError(text + ": " + message);
}

/// Checks every key of `table` against `allowed`; `context` names the table in messages.
void only_keys(const std::string& source, const toml::table& table, const std::string& context,
               std::span<const std::string_view> allowed) {
  for (const auto& [key, node] : table) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || key.str() == a;
    if (ok) continue;
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail_at(source, key.source(),
            "unknown key '" + std::string(key.str()) + "' in " + context +
                " (expected one of: " + list + ")");
  }
}
void only_keys(const std::string& source, const toml::table& table, const std::string& context,
               std::initializer_list<std::string_view> allowed) {
  only_keys(source, table, context,
            std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

const toml::table& as_table(const std::string& source, const toml::node& node,
                            const std::string& what) {
  const toml::table* t = node.as_table();
  if (t == nullptr) fail_at(source, node.source(), what + " must be a table");
  return *t;
}

std::string as_string(const std::string& source, const toml::node& node, const std::string& what) {
  const auto* s = node.as_string();
  if (s == nullptr) fail_at(source, node.source(), what + " must be a string");
  return s->get();
}

std::int64_t as_integer(const std::string& source, const toml::node& node, const std::string& what,
                        std::int64_t min, std::int64_t max) {
  const auto* i = node.as_integer();
  if (i == nullptr) fail_at(source, node.source(), what + " must be an integer");
  const std::int64_t v = i->get();
  if (v < min || v > max)
    fail_at(source, node.source(),
            what + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  return v;
}

std::int64_t as_duration(const std::string& source, const toml::node& node,
                         const std::string& what) {
  if (const auto* i = node.as_integer()) {
    if (i->get() < 0) fail_at(source, node.source(), what + " must not be negative");
    if (i->get() > std::numeric_limits<std::int64_t>::max() / 1'000'000)
      fail_at(source, node.source(), what + " is too long");
    return i->get() * 1'000'000;
  }
  if (const auto* s = node.as_string()) {
    if (auto us = parse_duration_us(s->get())) return *us;
    fail_at(source, node.source(),
            what + " '" + s->get() + "' is not a duration (e.g. \"90s\", \"10m\", \"1h\")");
  }
  fail_at(source, node.source(), what + " must be a duration string or a number of seconds");
}

const toml::array& as_array(const std::string& source, const toml::node& node,
                            const std::string& what) {
  const toml::array* a = node.as_array();
  if (a == nullptr) fail_at(source, node.source(), what + " must be an array");
  return *a;
}

// ---- Sections ----------------------------------------------------------------------------------

void read_learning(const std::string& src, const toml::table& t, Policy& p) {
  only_keys(src, t, "[learning]", {"mode", "duration"});
  if (const toml::node* n = t.get("mode")) {
    const std::string mode = as_string(src, *n, "learning.mode");
    bool found = false;
    for (LearningMode m :
         {LearningMode::Auto, LearningMode::Off, LearningMode::Learn, LearningMode::Enforce}) {
      if (learning_mode_name(m) == mode) {
        p.learning = m;
        found = true;
      }
    }
    if (!found)
      fail_at(src, n->source(),
              "learning.mode '" + mode + "' must be one of: auto, off, learn, enforce");
  }
  if (const toml::node* n = t.get("duration"))
    p.learning_duration_us = as_duration(src, *n, "learning.duration");
}

void read_thresholds(const std::string& src, const toml::table& t, Policy& p) {
  only_keys(src, t, "[thresholds]",
            {"window", "exception_burst", "function_scan", "address_scan", "unsolicited_storm",
             "responses_without_request", "address_reassigned_after", "identity_survey",
             "unit_scan", "setpoint_jump_percent"});
  Thresholds& th = p.thresholds;
  if (const toml::node* n = t.get("window")) {
    th.window_us = as_duration(src, *n, "thresholds.window");
    if (th.window_us <= 0) fail_at(src, n->source(), "thresholds.window must be positive");
  }
  auto count = [&](const char* key, std::uint32_t& into) {
    if (const toml::node* n = t.get(key))
      into = static_cast<std::uint32_t>(
          as_integer(src, *n, std::string("thresholds.") + key, 1, 1'000'000));
  };
  count("exception_burst", th.exception_burst);
  count("function_scan", th.function_scan);
  count("address_scan", th.address_scan);
  count("unsolicited_storm", th.unsolicited_storm);
  count("responses_without_request", th.responses_without_request);
  // The reconnaissance rules keep one entry per device or unit up to their threshold.
  auto targets = [&](const char* key, std::int64_t min, std::uint32_t& into) {
    if (const toml::node* n = t.get(key))
      into = static_cast<std::uint32_t>(
          as_integer(src, *n, std::string("thresholds.") + key, min, 65'536));
  };
  targets("identity_survey", 1, th.identity_survey);
  targets("unit_scan", 2, th.unit_scan);
  if (const toml::node* n = t.get("setpoint_jump_percent"))
    th.setpoint_jump_percent =
        static_cast<std::uint32_t>(as_integer(src, *n, "thresholds.setpoint_jump_percent", 1, 100));
  if (const toml::node* n = t.get("address_reassigned_after")) {
    th.address_reassigned_after_us = as_duration(src, *n, "thresholds.address_reassigned_after");
    if (th.address_reassigned_after_us <= 0)
      fail_at(src, n->source(), "thresholds.address_reassigned_after must be positive");
  }
}

void read_limits(const std::string& src, const toml::table& t, Policy& p) {
  const std::vector<std::string_view> keys = policy_limit_keys();
  only_keys(src, t, "[limits]", std::span<const std::string_view>(keys));
  for (std::string_view key : keys)
    if (const toml::node* n = t.get(key))
      p.limits[std::string(key)] = static_cast<std::uint64_t>(
          as_integer(src, *n, "limits." + std::string(key), 1, 1'000'000'000));
}

void read_addresses(const std::string& src, const toml::node& node, const std::string& what,
                    AddressSet& into) {
  for (const toml::node& item : as_array(src, node, what)) {
    const std::string text = as_string(src, item, what + " entries");
    if (!into.add(text))
      fail_at(src, item.source(),
              what + " entry '" + text + "' is not an IP address or network (a.b.c.d/n)");
  }
}

void read_write_ranges(const std::string& src, const toml::node& node, const std::string& name,
                       ProtocolPolicy& pp) {
  const std::string what = name + ".write_ranges";
  for (const toml::node& item : as_array(src, node, what)) {
    const toml::table& t = as_table(src, item, what + " entries");
    only_keys(src, t, "[[" + what + "]]", {"server", "space", "start", "count"});
    AllowedWriteRange r;
    if (const toml::node* n = t.get("server")) {
      IpAddress ip;
      const std::string text = as_string(src, *n, what + ".server");
      if (!IpAddress::parse(text, ip))
        fail_at(src, n->source(), what + ".server '" + text + "' is not an IP address");
      r.server = ip;
    }
    const toml::node* space = t.get("space");
    const toml::node* start = t.get("start");
    const toml::node* count = t.get("count");
    if (space == nullptr || start == nullptr || count == nullptr)
      fail_at(src, t.source(), what + " entries need space, start and count");
    r.space = as_string(src, *space, what + ".space");
    if (r.space.empty()) fail_at(src, space->source(), what + ".space must not be empty");
    r.start = static_cast<std::uint32_t>(
        as_integer(src, *start, what + ".start", 0, std::numeric_limits<std::uint32_t>::max()));
    r.count = static_cast<std::uint32_t>(
        as_integer(src, *count, what + ".count", 1, std::numeric_limits<std::uint32_t>::max()));
    pp.write_ranges.push_back(std::move(r));
  }
}

void read_protocol(const std::string& src, const toml::table& t, const std::string& name,
                   ProtocolPolicy& pp) {
  only_keys(src, t, "[" + name + "]",
            {"masters", "engineering", "allowed_functions", "write_ranges"});
  if (const toml::node* n = t.get("masters"))
    read_addresses(src, *n, name + ".masters", pp.masters);
  if (const toml::node* n = t.get("engineering"))
    read_addresses(src, *n, name + ".engineering", pp.engineering);
  if (const toml::node* n = t.get("allowed_functions")) {
    std::set<std::uint32_t> codes;
    for (const toml::node& item : as_array(src, *n, name + ".allowed_functions"))
      codes.insert(
          static_cast<std::uint32_t>(as_integer(src, item, name + ".allowed_functions entries", 0,
                                                std::numeric_limits<std::uint32_t>::max())));
    pp.allowed_functions = std::move(codes);
  }
  if (const toml::node* n = t.get("write_ranges")) read_write_ranges(src, *n, name, pp);
}

void read_rules(const std::string& src, const toml::table& t, Policy& p) {
  for (const auto& [key, node] : t) {
    const Rule* r = find_rule(key.str());
    if (r == nullptr)
      fail_at(src, key.source(),
              "unknown rule '" + std::string(key.str()) + "' in [rules] (see `otscope rules`)");
    const std::string context = "[rules.\"" + std::string(key.str()) + "\"]";
    const toml::table& rt = as_table(src, node, context);
    only_keys(src, rt, context, {"enabled", "severity"});
    RuleSetting& setting = p.rules.at(static_cast<std::size_t>(r->id));
    if (const toml::node* n = rt.get("enabled")) {
      const auto* b = n->as_boolean();
      if (b == nullptr) fail_at(src, n->source(), context + " enabled must be true or false");
      setting.enabled = b->get();
    }
    if (const toml::node* n = rt.get("severity")) {
      const std::string name = as_string(src, *n, context + " severity");
      setting.severity = severity_from_name(name);
      if (!setting.severity)
        fail_at(src, n->source(),
                context + " severity '" + name + "' must be low, medium, high or critical");
    }
  }
}

bool ip_prefix_equal(const IpAddress& a, const IpAddress& b, int prefix) {
  for (int i = 0; i < prefix / 8; ++i)
    if (a.bytes[static_cast<std::size_t>(i)] != b.bytes[static_cast<std::size_t>(i)]) return false;
  if (prefix % 8 == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - prefix % 8));
  const auto i = static_cast<std::size_t>(prefix / 8);
  return (a.bytes[i] & mask) == (b.bytes[i] & mask);
}

}  // namespace

std::string_view learning_mode_name(LearningMode m) {
  switch (m) {
    case LearningMode::Auto:
      return "auto";
    case LearningMode::Off:
      return "off";
    case LearningMode::Learn:
      return "learn";
    case LearningMode::Enforce:
      return "enforce";
  }
  return "auto";
}

bool AddressSet::add(std::string_view text) {
  Network n;
  const std::size_t slash = text.find('/');
  if (!IpAddress::parse(std::string(text.substr(0, slash)), n.base)) return false;
  const int bits = n.base.v6 ? 128 : 32;
  n.prefix = bits;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    int prefix = -1;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (ec != std::errc{} || end != digits.data() + digits.size() || prefix < 0 || prefix > bits)
      return false;
    n.prefix = prefix;
  }
  networks_.push_back(n);
  return true;
}

bool AddressSet::contains(const IpAddress& ip) const {
  for (const Network& n : networks_)
    if (n.base.v6 == ip.v6 && ip_prefix_equal(n.base, ip, n.prefix)) return true;
  return false;
}

std::optional<std::int64_t> parse_duration_us(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t unit = 1'000'000;
  switch (text.back()) {
    case 's':
      unit = 1'000'000;
      break;
    case 'm':
      unit = 60'000'000;
      break;
    case 'h':
      unit = 3'600'000'000;
      break;
    case 'd':
      unit = 86'400'000'000;
      break;
    default:
      unit = 0;
      break;
  }
  std::string_view digits = unit == 0 ? text : text.substr(0, text.size() - 1);
  if (unit == 0) unit = 1'000'000;
  std::int64_t value = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size() || digits.empty() || value < 0)
    return std::nullopt;
  if (value > std::numeric_limits<std::int64_t>::max() / unit) return std::nullopt;
  return value * unit;
}

Policy::Policy() : protocols(protocol_count()), rules(rule_count()) {}

std::vector<std::string_view> policy_limit_keys() {
  return {"flows",
          "reassembly_bytes",
          "assets",
          "unconfirmed_sources",
          "links",
          "operations",
          "identities",
          "hostnames",
          "anomalies",
          "value_points",
          "evidence_packets_per_flow",
          "evidence_bytes"};
}

Policy parse_policy(std::string_view text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    fail_at(source, e.source(), std::string(e.description()));
  }
  Policy p;
  p.source = source;
  // The sections: settings, then one per registered protocol, then the rules.
  std::vector<std::string_view> sections = {"learning", "thresholds", "limits"};
  for (Protocol proto : all_protocols()) sections.push_back(proto.name());
  sections.push_back("rules");
  only_keys(source, root, "the policy", sections);
  if (const toml::node* n = root.get("learning"))
    read_learning(source, as_table(source, *n, "[learning]"), p);
  if (const toml::node* n = root.get("thresholds"))
    read_thresholds(source, as_table(source, *n, "[thresholds]"), p);
  if (const toml::node* n = root.get("limits"))
    read_limits(source, as_table(source, *n, "[limits]"), p);
  for (Protocol proto : all_protocols()) {
    const std::string name(proto.name());
    if (const toml::node* n = root.get(name))
      read_protocol(source, as_table(source, *n, "[" + name + "]"), name,
                    p.protocols[proto.index()]);
  }
  if (const toml::node* n = root.get("rules"))
    read_rules(source, as_table(source, *n, "[rules]"), p);
  return p;
}

Policy load_policy_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PolicyError("cannot read policy file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw PolicyError("cannot read policy file '" + path + "'");
  return parse_policy(text.str(), path);
}

}  // namespace otscope::detection
