// The detector: fed every message, identity fact and anomaly the protocol sessions report (and
// ARP bindings from capture), it applies the policy, the built-in rules and the baseline, and
// keeps the alerts of the run aggregated by rule, protocol, source and destination.
//
// Cost model: one call per decoded message, not per packet. The common case (a read from a known
// master) is a few hash lookups; strings are only built when an alert is raised.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/detection/policy.h"
#include "engine/detection/process_values.h"
#include "engine/detection/recon.h"
#include "engine/detection/windows.h"
#include "model/analysis.h"
#include "model/detection/alert.h"
#include "model/detection/baseline.h"
#include "model/detection/keys.h"
#include "protocols/common/events.h"

namespace otscope::detection {

struct DetectorConfig {
  /// Null: the built-in policy.
  std::shared_ptr<const Policy> policy;
  /// The stored baseline (enforced, and extended while learning).
  Baseline baseline;
  /// Force learning for the whole run (`otscope baseline learn`), whatever the policy says.
  bool learn_only = false;
};

/// Where the run stands with the baseline at a given moment.
enum class BaselinePhase : std::uint8_t { Off, Learning, Enforcing };

class Detector {
 public:
  explicit Detector(DetectorConfig config = {});

  void on_message(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev) {
    // Which units of a server a client asks, and which answer (scan.units): one cached lookup.
    if (ev.unit >= 0 && track_units_) note_unit(flow, meta, ev);
    // Most messages are polls and their answers: when nothing can come of one, that is decided
    // here, in the caller, rather than in the calls that would find it out.
    if (always_off_ && passes_unremarked(ev)) return;
    judge(flow, meta, ev);
  }
  void on_anomaly(const FlowInfo& flow, const PacketMeta& meta, const AnomalyEvent& ev);
  /// A change the inventory noticed (model/history.h): an identity field of a device taking a
  /// new value (firmware, serial, ...), or an IP answered by another MAC ("mac"). The same change
  /// reported twice (by the run, then by the database merge) raises once. `capture` names the
  /// evidence when the record's capture index does not (changes read back from the database).
  void on_change(const ChangeRecord& change, std::string_view capture = {});
  /// A device whose identity (order number, firmware) an imported advisory lists as affected:
  /// one alert per device gathering its advisories (`advisory_id` in its functions), each
  /// advisory counted once per run, `severity` from the advisory's CVSS score.
  void on_advisory(const IpAddress& ip, const MacAddress& mac, std::string_view advisory_id,
                   std::string_view evidence, Severity severity, std::int64_t ts_us,
                   std::uint64_t frame, std::string_view capture);
  /// Addresses past the cap on unconfirmed hosts were each seen in one packet with `target` (a
  /// flood's spoofed sources, a scan's dead addresses; the engine summarises them instead of
  /// keeping them as assets): one alert per target, raised at the first such address.
  void on_source_flood(const IpAddress& target, const PacketMeta& meta);
  /// One of the sensor's caps (`cap`: "assets", "links", ...) was reached; `evidence` says what
  /// it kept out. One alert lists every cap reached.
  void on_limit_reached(std::string_view cap, std::string_view evidence, const PacketMeta& meta);

  /// Names capture source `index` in evidence ("file.pcap", "live:eth0").
  void set_capture_name(std::uint32_t index, std::string name);
  /// Called with every piece of evidence an alert keeps, as it is kept (the first
  /// Alert::kMaxEvidence occurrences of each alert): a live capture copies the evidence packets
  /// out of its rings at once, before the flow's later packets push them out.
  void on_evidence(std::function<void(const Evidence&)> hook) { evidence_hook_ = std::move(hook); }

  /// Names a MAC address's vendor in evidence (the engine's IEEE registry); unset: MACs alone.
  void set_mac_vendors(std::function<std::string(const MacAddress&)> lookup) {
    mac_vendor_ = std::move(lookup);
  }

  /// Alerts newly raised since the previous call (AnalysisResult::alerts).
  std::uint64_t take_raised();
  /// Alerts that changed since the previous call, as deltas for the store and the forwarders.
  std::vector<AlertChange> take_changes();
  /// Every alert of the run, aggregated (cumulative).
  const std::vector<Alert>& alerts() const { return alerts_; }

  /// What this run added to the baseline while learning.
  const Baseline& learned() const { return learned_; }
  const Policy& policy() const { return *policy_; }
  /// The phase at the last event seen (Off before any event when not learning).
  BaselinePhase phase() const { return last_phase_; }
  /// When learning ended (capture time), 0 while learning or when it never ran.
  std::int64_t learning_ended_us() const { return learning_ended_us_; }

 private:
  std::function<std::string(const MacAddress&)> mac_vendor_;
  enum class Auth : std::uint8_t { Authorised, Unauthorised, Unknown };
  struct Occurrence;
  class RequestOccurrence;

  /// What kind of command authorisation applies to a request, if any.
  enum class CommandKind : std::uint8_t { None, Write, Control, Identification };
  /// What the protocol's code table said about a request (MessageEvent's typed facts).
  struct CommandClass {
    std::optional<RuleId> rule;
    CommandKind kind = CommandKind::None;
    bool undefined = false;
  };
  static CommandKind command_kind(const MessageEvent& ev) {
    switch (ev.op) {
      case OpClass::Write:
        return CommandKind::Write;
      case OpClass::Control:
        return CommandKind::Control;
      case OpClass::Identification:
        return CommandKind::Identification;
      default:
        return ev.writes_data ? CommandKind::Write : CommandKind::None;
    }
  }
  static CommandClass classify(const MessageEvent& ev) {
    CommandClass c;
    if (ev.command != nullptr) c.rule = rule_of(*ev.command);
    c.kind = command_kind(ev);
    c.undefined = ev.undefined_function;
    return c;
  }
  /// A request no command rule is about (a read, a diagnostic, an identification).
  static bool is_plain(const CommandClass& cls) {
    return cls.kind == CommandKind::None && !cls.rule && !cls.undefined;
  }
  /// A protocol's policy that limits neither who may be a client nor which functions are used.
  static bool limits_nothing(const ProtocolPolicy& pp) {
    return !pp.lists_clients() && !pp.allowed_functions;
  }
  /// When no baseline is ever in force (always_off_), whether on_request() or on_answer() would
  /// return at once for `ev`: a plain request under a policy that limits nothing, or an answer
  /// that is no exception. Protocols whose answers report restarts or unsolicited events (DNP3) are
  /// always judged: their messages also keep per-device state.
  bool passes_unremarked(const MessageEvent& ev) {
    const ProtocolInfo& info = ev.protocol.info();
    if (info.reports_restarts || info.unsolicited_reports) return false;
    if (ev.role != MessageRole::Request) return !ev.exception;
    return is_plain(classify(ev)) && limits_nothing(policy_->protocol(ev.protocol));
  }
  /// on_message() of the messages it does not pass at once.
  void judge(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev);

  BaselinePhase phase_at(std::int64_t ts_us);
  Auth authorisation(const PathKey& path, BaselinePhase phase, bool& by_policy) const;
  void on_request(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev,
                  const HostEndpoint& client, const HostEndpoint& server);
  void on_answer(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev,
                 const HostEndpoint& client, const HostEndpoint& server);
  /// Writes its reason into the note of the request's occurrence, not used after.
  void command_checks(RequestOccurrence& occurrence, const MessageEvent& ev, const PathKey& path,
                      BaselinePhase phase, bool path_known, const CommandClass& cls);
  void note_function_probe(const Occurrence& o, const MessageEvent& ev, const PathKey& pair);
  /// An identity query (recon.identity_survey) from a client no policy or baseline authorises.
  void note_identity_query(RequestOccurrence& occurrence, const MessageEvent& ev,
                           const PathKey& path, BaselinePhase phase);
  /// A request to, or an answer from, a unit of a server (scan.units).
  void note_unit(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev);
  /// The values a request sets (process_values.h): learned while learning, judged while
  /// enforcing.
  void value_checks(RequestOccurrence& occurrence, const MessageEvent& ev, const PathKey& path,
                    BaselinePhase phase, const PacketMeta& meta);
  // Baseline lookups where an unknown unit (-1: an S7 connection picked up after its COTP
  // connect) and a unit learned as unknown match any unit of the same client and server.
  bool baseline_knows_path(const PathKey& path) const;
  const BaselineFunction* baseline_function(const PathKey& path, std::uint32_t function) const;

  /// Raises (or aggregates into) an alert. Returns it when the rule is enabled.
  Alert* raise(RuleId id, const Occurrence& o, std::optional<Severity> severity = std::nullopt);

  std::shared_ptr<const Policy> policy_;
  Baseline baseline_;
  Baseline learned_;
  bool learn_only_ = false;
  bool baseline_usable_ = false;  // the stored baseline is non-empty
  std::int64_t learning_start_us_ = 0;
  std::int64_t learning_ended_us_ = 0;
  BaselinePhase last_phase_ = BaselinePhase::Off;
  /// phase_at() can only ever say Off: no learning, and no stored baseline to enforce.
  bool always_off_ = false;

  std::vector<std::string> capture_names_;
  std::function<void(const Evidence&)> evidence_hook_;
  std::vector<Alert> alerts_;
  // Aggregation key: rule, protocol (kNoProtocol when none), source, destination.
  struct AlertKey {
    RuleId rule;
    int protocol;
    IpAddress src;
    IpAddress dst;
    bool operator==(const AlertKey&) const = default;
  };
  struct AlertKeyHash {
    std::size_t operator()(const AlertKey& k) const {
      return hash_ip(hash_ip(hash_mix(static_cast<std::size_t>(k.rule),
                                      static_cast<std::uint64_t>(k.protocol + 1)),
                             k.src),
                     k.dst);
    }
  };
  std::unordered_map<AlertKey, std::size_t, AlertKeyHash> alert_index_;
  struct Reported {
    std::uint64_t count = 0;
    std::size_t evidence = 0;
    std::size_t facts = 0;
  };
  std::vector<Reported> reported_;
  std::uint64_t raised_ = 0;

  // Behaviour over time, per (protocol, client, server) with unit -1.
  struct PairState {
    DistinctWindow function_probes;
    DistinctWindow address_probes;
    RateWindow exceptions;
    RateWindow unsolicited;
    RateWindow orphan_responses;
    bool scanned = false;  // a scan alert was raised: its exceptions are not a separate burst
  };
  std::unordered_map<PathKey, PairState, PathKeyHash> pairs_;
  PairState& pair_state(const PathKey& pair);

  // Reconnaissance by behaviour (recon.h); units tracked unless scan.units is off.
  IdentitySurvey survey_;
  UnitSweep units_;
  bool track_units_ = true;

  // DNP3 outstations: responses seen, and a restart already reported and not yet cleared.
  struct OutstationState {
    std::uint64_t responses = 0;
    bool restart_pending = false;
  };
  std::unordered_map<IpAddress, OutstationState, IpHash> outstations_;

  // Learned process values: previous values per point, and what one request raised.
  ProcessValues process_values_;
  std::vector<ValueFinding> value_findings_;
  bool value_cap_reported_ = false;

  // Changes already raised: "ip|field|old|new".
  std::unordered_set<std::string> changes_seen_;
};

}  // namespace otscope::detection
