// An alert as the detector raises it and every consumer sees it: the aggregated record (count,
// first/last seen), its evidence, what the baseline would need to hold to call it normal, and its
// renderings (JSON with stable keys, CEF for SIEMs).
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/flow.h"
#include "model/detection/keys.h"
#include "model/detection/rules.h"
#include "protocols/common/events.h"

namespace otscope::detection {

/// One message (or anomaly, or identity fact) that contributed to an alert.
struct Evidence {
  std::string capture;  // capture source: file path, "-", "live:IFACE"
  std::uint64_t frame = 0;
  std::int64_t ts_us = 0;
  /// The decoded message summary (MessageEvent::summary), anomaly detail or identity fact.
  std::string summary;
  /// The earlier packets (same capture, oldest first) whose bytes are part of this evidence: the
  /// first segments of a message reassembled from several, of bytes that held no message.
  std::vector<FrameRef> earlier;

  /// Every packet that carried it, oldest first: `earlier`, then `frame`.
  std::vector<std::uint64_t> frames() const {
    std::vector<std::uint64_t> out;
    out.reserve(earlier.size() + 1);
    for (const FrameRef& f : earlier) out.push_back(f.frame);
    out.push_back(frame);
    return out;
  }
};

/// A value a process.* alert judged, in the order written: `alerts accept` teaches it to the
/// point (a setpoint jump carries the previous value first, so that the step is learned too).
struct FactValue {
  SpaceName space;
  std::uint32_t address = 0;
  ValueKind kind = ValueKind::Number;
  double value = 0;
  std::string name;  // an operation's name
  bool operator==(const FactValue&) const = default;
};

/// A packet of an alert's evidence as it was captured, kept with the alert when no capture file
/// holds it (a live capture keeps its flows' recent packets, capture/evidence_ring.h).
struct EvidencePacket {
  std::string capture;
  std::uint64_t frame = 0;
  std::int64_t ts_us = 0;
  int link_type = 1;  // libpcap DLT
  std::uint32_t original_length = 0;
  std::vector<std::uint8_t> data;
};

/// A path and function the alert saw: `otscope alerts accept` adds these to the baseline.
struct AlertFact {
  /// Values kept per fact at most.
  static constexpr std::size_t kMaxValues = 32;
  PathKey path;
  std::uint32_t function = 0;
  std::string name;
  std::vector<AddressRange> ranges;
  /// process.* alerts only: the values judged.
  std::vector<FactValue> values;
};

/// Adds the values of `values` that `fact` does not hold yet, in order, up to kMaxValues (an
/// alert's facts travel whole with every change, so adding twice must change nothing).
void add_fact_values(AlertFact& fact, const std::vector<FactValue>& values);

/// Alerts aggregate by rule, protocol, source and destination.
struct Alert {
  RuleId rule = RuleId::Malformed;
  Severity severity = Severity::Low;
  std::optional<Protocol> protocol;  // none for network-level alerts (IP conflicts)
  IpAddress src;
  IpAddress dst;  // unspecified when the alert is about one device
  MacAddress src_mac;
  MacAddress dst_mac;
  /// Distinct function (or anomaly kind, identity field) names seen, in order, bounded.
  std::vector<std::string> functions;
  /// One line about the first occurrence: who did what to whom.
  std::string summary;
  std::uint64_t count = 0;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  std::vector<Evidence> evidence;  // the first kMaxEvidence occurrences
  std::vector<AlertFact> facts;    // bounded

  static constexpr std::size_t kMaxEvidence = 10;
  static constexpr std::size_t kMaxFunctions = 16;
  static constexpr std::size_t kMaxFacts = 32;

  /// The aggregation key: "rule|protocol|src|dst".
  std::string key() const;
  /// Function names joined with ", ".
  std::string function_text() const;
};

/// One alert changed since the previous Detector::take_changes(): `alert` carries the count added
/// and the evidence and facts gathered since then (times are the alert's whole span).
struct AlertChange {
  Alert alert;
  /// First raised in this run since the previous take_changes().
  bool raised = false;
  /// The captured packets of `alert.evidence` (and their flows' first packets), when the engine
  /// kept them (live capture); stored with the alert.
  std::vector<EvidencePacket> packets;
};

/// Alert state in the store.
enum class AlertState : std::uint8_t { Open, Acknowledged, Closed };
std::string_view alert_state_name(AlertState s);
std::optional<AlertState> alert_state_from_name(std::string_view name);

/// The alert as JSON with the stable keys `id`, `time`, `severity`, `rule`, `title`,
/// `protocol`, `src`, `dst`, `function`, `attack`, `count`, `first_seen`, `last_seen`,
/// `evidence` (plus `summary`, `state`, `attack_name`, `explanation`). `id` is null when absent.
nlohmann::json alert_json(const Alert& a, std::optional<std::int64_t> id, AlertState state);

/// ArcSight CEF:0 line: header fields escape `\` and `|`, extension values escape `\`, `=` and
/// line breaks, so wire strings cannot forge fields.
std::string alert_cef(const Alert& a, std::optional<std::int64_t> id);
std::string cef_escape_header(std::string_view s);
std::string cef_escape_value(std::string_view s);

/// The text of an address for listings: "" when unspecified.
std::string ip_text(const IpAddress& ip);

}  // namespace otscope::detection
