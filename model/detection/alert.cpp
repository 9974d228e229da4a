#include "model/detection/alert.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "model/detection/baseline.h"

namespace otscope::detection {

namespace {

int cef_severity(Severity s) {
  switch (s) {
    case Severity::Low:
      return 3;
    case Severity::Medium:
      return 5;
    case Severity::High:
      return 8;
    case Severity::Critical:
      return 10;
  }
  return 3;
}

// CEF times are milliseconds since the epoch.
std::string cef_ms(std::int64_t us) {
  return std::to_string(us / 1000);
}

}  // namespace

std::string ip_text(const IpAddress& ip) {
  return ip.is_unspecified() ? "" : ip.to_string();
}

std::string Alert::key() const {
  return std::string(detection::rule(this->rule).name) + "|" +
         (protocol ? std::string(protocol_name(*protocol)) : std::string()) + "|" + ip_text(src) +
         "|" + ip_text(dst);
}

std::string Alert::function_text() const {
  std::string out;
  for (const std::string& f : functions) {
    if (!out.empty()) out += ", ";
    out += f;
  }
  return out;
}

std::string_view alert_state_name(AlertState s) {
  switch (s) {
    case AlertState::Open:
      return "open";
    case AlertState::Acknowledged:
      return "acknowledged";
    case AlertState::Closed:
      return "closed";
  }
  return "open";
}

std::optional<AlertState> alert_state_from_name(std::string_view name) {
  for (AlertState s : {AlertState::Open, AlertState::Acknowledged, AlertState::Closed})
    if (alert_state_name(s) == name) return s;
  return std::nullopt;
}

nlohmann::json alert_json(const Alert& a, std::optional<std::int64_t> id, AlertState state) {
  const Rule& r = rule(a.rule);
  nlohmann::json evidence = nlohmann::json::array();
  for (const Evidence& e : a.evidence) {
    nlohmann::json earlier = nlohmann::json::array();
    for (const FrameRef& f : e.earlier)
      earlier.push_back({{"frame", f.frame}, {"time", iso8601_us(f.ts_us)}});
    evidence.push_back({{"capture", e.capture},
                        {"frame", e.frame},
                        {"time", iso8601_us(e.ts_us)},
                        {"earlier_frames", std::move(earlier)},
                        {"summary", e.summary}});
  }
  nlohmann::json j;
  j["id"] = id ? nlohmann::json(*id) : nlohmann::json(nullptr);
  j["time"] = iso8601_us(a.first_seen_us);
  j["severity"] = severity_name(a.severity);
  j["rule"] = r.name;
  j["title"] = r.title;
  j["protocol"] = a.protocol ? std::string(protocol_name(*a.protocol)) : std::string();
  j["src"] = ip_text(a.src);
  j["dst"] = ip_text(a.dst);
  j["function"] = a.function_text();
  j["attack"] = r.technique;
  j["attack_name"] = r.technique_name;
  j["count"] = a.count;
  j["first_seen"] = iso8601_us(a.first_seen_us);
  j["last_seen"] = iso8601_us(a.last_seen_us);
  j["state"] = alert_state_name(state);
  j["summary"] = a.summary;
  j["explanation"] = r.explanation;
  j["evidence"] = std::move(evidence);
  return j;
}

std::string cef_escape_header(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\' || c == '|') out.push_back('\\');
    // A header is one line: line breaks would start a forged event.
    if (c == '\n' || c == '\r') {
      out.push_back(' ');
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string cef_escape_value(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '=':
        out += "\\=";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string alert_cef(const Alert& a, std::optional<std::int64_t> id) {
  const Rule& r = rule(a.rule);
  std::string line = "CEF:0|otscope|otscope|0.1.0|" + cef_escape_header(r.name) + "|" +
                     cef_escape_header(r.title) + "|" + std::to_string(cef_severity(a.severity)) +
                     "|";
  std::string ext;
  auto add = [&](std::string_view key, std::string_view value) {
    if (value.empty()) return;
    if (!ext.empty()) ext.push_back(' ');
    ext += key;
    ext.push_back('=');
    ext += cef_escape_value(value);
  };
  if (id) add("externalId", std::to_string(*id));
  add("rt", cef_ms(a.first_seen_us));
  add("start", cef_ms(a.first_seen_us));
  add("end", cef_ms(a.last_seen_us));
  add("cnt", std::to_string(a.count));
  add("src", ip_text(a.src));
  add("dst", ip_text(a.dst));
  if (!a.src_mac.is_zero()) add("smac", a.src_mac.to_string());
  if (!a.dst_mac.is_zero()) add("dmac", a.dst_mac.to_string());
  if (a.protocol) add("app", protocol_name(*a.protocol));
  add("cs1Label", "attack");
  add("cs1", r.technique);
  add("cs2Label", "function");
  add("cs2", a.function_text());
  if (!a.evidence.empty()) {
    const Evidence& e = a.evidence.front();
    add("cs3Label", "evidence");
    add("cs3", e.capture + " frame " + std::to_string(e.frame));
  }
  add("msg", a.summary);
  return line + ext;
}

void add_fact_values(AlertFact& fact, const std::vector<FactValue>& values) {
  for (const FactValue& v : values) {
    if (fact.values.size() >= AlertFact::kMaxValues) return;
    if (std::find(fact.values.begin(), fact.values.end(), v) == fact.values.end())
      fact.values.push_back(v);
  }
}

}  // namespace otscope::detection
