#include "engine/detection/detector.h"

#include <algorithm>

#include "model/detection/baseline.h"

namespace otscope::detection {

namespace {

// "45 s", "12 min", "3 h 20 min", "14 days": how long an address's previous owner was silent.
std::string silence_text(std::int64_t us) {
  const std::int64_t s = std::max<std::int64_t>(0, us / 1'000'000);
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return std::to_string(s / 60) + " min";
  if (s < 2 * 86400)
    return std::to_string(s / 3600) + " h" +
           (s % 3600 >= 60 ? " " + std::to_string(s % 3600 / 60) + " min" : "");
  return std::to_string(s / 86400) + " days";
}

// Tracking tables are cleared when they grow past this (a flood of spoofed addresses must not
// exhaust memory; losing rate state only delays an alert).
constexpr std::size_t kMaxTracked = 1 << 16;

const HostEndpoint& sender_of(const FlowInfo& flow, Direction dir) {
  return dir == Direction::AtoB ? flow.a : flow.b;
}
const HostEndpoint& receiver_of(const FlowInfo& flow, Direction dir) {
  return dir == Direction::AtoB ? flow.b : flow.a;
}

std::uint64_t address_key(const AddressRange& r) {
  return hash_mix(std::hash<std::string_view>{}(r.space.view()), r.start);
}

/// "src -> dst", "src", "to dst" (an alert about what was sent to a host), or "" (the sensor's).
std::string pair_text(const IpAddress& src, const IpAddress& dst) {
  if (src.is_unspecified()) return dst.is_unspecified() ? std::string() : "to " + ip_text(dst);
  std::string s = ip_text(src);
  if (!dst.is_unspecified()) s += " -> " + ip_text(dst);
  return s;
}

bool within_allowed(const std::vector<AllowedWriteRange>& allowed, const IpAddress& server,
                    std::span<const AddressRange> ranges) {
  for (const AddressRange& r : ranges) {
    const std::uint64_t end = std::uint64_t{r.start} + r.count;
    bool inside = false;
    for (const AllowedWriteRange& a : allowed) {
      if (a.server && *a.server != server) continue;
      if (a.space == r.space && a.start <= r.start && std::uint64_t{a.start} + a.count >= end)
        inside = true;
    }
    if (!inside) return false;
  }
  return true;
}

}  // namespace

/// Everything raise() needs to know about one occurrence.
struct Detector::Occurrence {
  std::optional<Protocol> protocol;
  IpAddress src;
  IpAddress dst;
  MacAddress src_mac;
  MacAddress dst_mac;
  const PacketMeta* meta = nullptr;
  std::string_view function;  // listed in Alert::functions
  std::string_view evidence;  // anomaly detail, identity change, ...
  /// The decoded message whose summary is the evidence (rendered only when an alert records it).
  const MessageEvent* message = nullptr;
  std::string note;          // why it is an alert, prefixed to the first summary
  std::string_view capture;  // evidence capture name when meta.source does not name it
  /// The request and its path, when the alert is about one (what `alerts accept` learns).
  const MessageEvent* request = nullptr;
  const PathKey* path = nullptr;
  /// The values a process.* finding judged (what `alerts accept` teaches the point).
  const std::vector<FactValue>* values = nullptr;

  std::string evidence_text() const {
    return message != nullptr ? message->summary_text() : std::string(evidence);
  }

  /// Something `from` sent to `to` (a message, an anomaly) under the name `function`.
  static Occurrence between(Protocol protocol, const PacketMeta& meta, const HostEndpoint& from,
                            const HostEndpoint& to, std::string_view function) {
    Occurrence o;
    o.protocol = protocol;
    o.src = from.ip;
    o.dst = to.ip;
    o.src_mac = from.mac;
    o.dst_mac = to.mac;
    o.meta = &meta;
    o.function = function;
    return o;
  }
  /// A message, its summary the evidence.
  static Occurrence of(const MessageEvent& ev, const PacketMeta& meta, const HostEndpoint& from,
                       const HostEndpoint& to) {
    Occurrence o = between(ev.protocol, meta, from, to, ev.function_name);
    o.message = &ev;
    return o;
  }
};

/// A request's occurrence, made on first use: most requests raise nothing, and then none is
/// built.
class Detector::RequestOccurrence {
 public:
  RequestOccurrence(const MessageEvent& ev, const PacketMeta& meta, const HostEndpoint& client,
                    const HostEndpoint& server, const PathKey& path)
      : ev_(ev), meta_(meta), client_(client), server_(server), path_(path) {}
  Occurrence& get() {
    if (!o_) {
      o_.emplace(Occurrence::of(ev_, meta_, client_, server_));
      o_->request = &ev_;
      o_->path = &path_;
    }
    return *o_;
  }
  /// The checks before the command checks leave their notes behind.
  void clear_note() {
    if (o_) o_->note.clear();
  }

 private:
  const MessageEvent& ev_;
  const PacketMeta& meta_;
  const HostEndpoint& client_;
  const HostEndpoint& server_;
  const PathKey& path_;
  std::optional<Occurrence> o_;
};

Detector::Detector(DetectorConfig config)
    : policy_(config.policy ? std::move(config.policy) : std::make_shared<const Policy>()),
      baseline_(std::move(config.baseline)),
      learn_only_(config.learn_only) {
  baseline_usable_ = !baseline_.empty();
  track_units_ = policy_->enabled(RuleId::UnitScan);
  if (auto it = policy_->limits.find("value_points"); it != policy_->limits.end()) {
    baseline_.set_max_value_points(static_cast<std::size_t>(it->second));
    learned_.set_max_value_points(static_cast<std::size_t>(it->second));
  } else {
    baseline_.set_max_value_points(Baseline::kDefaultMaxValuePoints);
  }
  // The cases of phase_at() that can say anything but Off.
  const Policy& p = *policy_;
  const bool auto_mode = p.learning == LearningMode::Auto;
  always_off_ = !learn_only_ && p.learning != LearningMode::Learn &&
                !(auto_mode && p.learning_duration_us > 0) &&
                !((auto_mode || p.learning == LearningMode::Enforce) && baseline_usable_);
}

void Detector::set_capture_name(std::uint32_t index, std::string name) {
  if (capture_names_.size() <= index) capture_names_.resize(index + 1);
  capture_names_[index] = std::move(name);
}

BaselinePhase Detector::phase_at(std::int64_t ts_us) {
  BaselinePhase phase = BaselinePhase::Off;
  const Policy& p = *policy_;
  if (learn_only_ || p.learning == LearningMode::Learn) {
    phase = BaselinePhase::Learning;
  } else if (p.learning == LearningMode::Auto && p.learning_duration_us > 0) {
    if (learning_start_us_ == 0) learning_start_us_ = ts_us;
    if (ts_us < learning_start_us_ + p.learning_duration_us && learning_ended_us_ == 0) {
      phase = BaselinePhase::Learning;
    } else {
      if (learning_ended_us_ == 0) learning_ended_us_ = learning_start_us_ + p.learning_duration_us;
      phase = baseline_.empty() ? BaselinePhase::Off : BaselinePhase::Enforcing;
    }
  } else if (p.learning == LearningMode::Auto || p.learning == LearningMode::Enforce) {
    phase = baseline_usable_ ? BaselinePhase::Enforcing : BaselinePhase::Off;
  }
  last_phase_ = phase;
  return phase;
}

Detector::Auth Detector::authorisation(const PathKey& path, BaselinePhase phase,
                                       bool& by_policy) const {
  const ProtocolPolicy& pp = policy_->protocol(path.protocol);
  by_policy = pp.lists_clients();
  if (by_policy)
    return pp.masters.contains(path.client) || pp.engineering.contains(path.client)
               ? Auth::Authorised
               : Auth::Unauthorised;
  switch (phase) {
    case BaselinePhase::Learning:
      return Auth::Authorised;
    case BaselinePhase::Enforcing:
      return baseline_.knows_pair(path.protocol, path.client, path.server) ? Auth::Authorised
                                                                           : Auth::Unauthorised;
    case BaselinePhase::Off:
      return Auth::Unknown;
  }
  return Auth::Unknown;
}

Detector::PairState& Detector::pair_state(const PathKey& pair) {
  if (pairs_.size() >= kMaxTracked && !pairs_.contains(pair)) pairs_.clear();
  return pairs_[pair];
}

bool Detector::baseline_knows_path(const PathKey& path) const {
  if (path.unit < 0) return baseline_.knows_pair(path.protocol, path.client, path.server);
  return baseline_.knows_path(path) ||
         baseline_.knows_path(PathKey{path.protocol, path.client, path.server, -1});
}

const BaselineFunction* Detector::baseline_function(const PathKey& path,
                                                    std::uint32_t function) const {
  if (path.unit < 0)
    return baseline_.function_any_unit(path.protocol, path.client, path.server, function);
  if (const BaselineFunction* f = baseline_.function(path, function)) return f;
  return baseline_.function(PathKey{path.protocol, path.client, path.server, -1}, function);
}

Alert* Detector::raise(RuleId id, const Occurrence& o, std::optional<Severity> severity) {
  const Policy& p = *policy_;
  if (!p.enabled(id)) return nullptr;
  const AlertKey key{id, o.protocol ? static_cast<int>(o.protocol->index()) : -1, o.src, o.dst};
  auto [it, inserted] = alert_index_.try_emplace(key, alerts_.size());
  if (inserted) {
    Alert probe;
    probe.rule = id;
    probe.protocol = o.protocol;
    probe.src = o.src;
    probe.dst = o.dst;
    probe.severity = severity.value_or(p.severity(id));
    probe.src_mac = o.src_mac;
    probe.dst_mac = o.dst_mac;
    const std::string pair = pair_text(o.src, o.dst);
    if (!pair.empty()) probe.summary = pair + ": ";
    if (!o.note.empty()) probe.summary += o.note + ": ";
    probe.summary += o.evidence_text();
    alerts_.push_back(std::move(probe));
    reported_.emplace_back();
    ++raised_;
  }
  Alert& a = alerts_[it->second];
  if (severity && *severity > a.severity) a.severity = *severity;
  ++a.count;
  const std::int64_t ts = o.meta->ts_us;
  if (a.first_seen_us == 0 || ts < a.first_seen_us) a.first_seen_us = ts;
  a.last_seen_us = std::max(a.last_seen_us, ts);
  if (!o.function.empty() && a.functions.size() < Alert::kMaxFunctions &&
      std::find(a.functions.begin(), a.functions.end(), o.function) == a.functions.end())
    a.functions.emplace_back(o.function);
  if (a.evidence.size() < Alert::kMaxEvidence) {
    Evidence e;
    if (!o.capture.empty()) {
      e.capture = std::string(o.capture);
    } else if (o.meta->source < capture_names_.size()) {
      e.capture = capture_names_[o.meta->source];
    }
    e.frame = o.meta->frame;
    e.ts_us = ts;
    e.earlier.assign(o.meta->earlier.begin(), o.meta->earlier.end());
    e.summary = o.evidence_text();
    a.evidence.push_back(std::move(e));
    if (evidence_hook_) evidence_hook_(a.evidence.back());
  }
  if (o.request != nullptr && o.path != nullptr) {
    const MessageEvent& ev = *o.request;
    auto same = std::find_if(a.facts.begin(), a.facts.end(), [&](const AlertFact& f) {
      return f.path == *o.path && f.function == ev.function;
    });
    if (same != a.facts.end()) {
      for (const AddressRange& r : ev.ranges) add_range(same->ranges, r);
    } else if (a.facts.size() < Alert::kMaxFacts) {
      a.facts.push_back(
          AlertFact{*o.path, ev.function, std::string(ev.function_name), ev.ranges.to_vector()});
      same = a.facts.end() - 1;
    }
    if (o.values != nullptr && same != a.facts.end()) add_fact_values(*same, *o.values);
  }
  return &a;
}

void Detector::judge(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev) {
  const HostEndpoint& sender = sender_of(flow, ev.dir);
  const HostEndpoint& receiver = receiver_of(flow, ev.dir);
  if (ev.role == MessageRole::Request) {
    on_request(flow, meta, ev, sender, receiver);
  } else {
    on_answer(flow, meta, ev, receiver, sender);
  }
}

void Detector::on_request(const FlowInfo&, const PacketMeta& meta, const MessageEvent& ev,
                          const HostEndpoint& client, const HostEndpoint& server) {
  // A master clearing IIN1.7 acknowledges the restart it was told about.
  if (ev.housekeeping) {
    auto it = outstations_.find(server.ip);
    if (it != outstations_.end()) it->second.restart_pending = false;
  }

  const BaselinePhase phase = phase_at(meta.ts_us);
  const CommandClass cls = classify(ev);
  if (phase == BaselinePhase::Off && is_plain(cls)) {
    // Without a baseline, a plain request (a read, a diagnostic) is judged by the policy alone:
    // when it names no clients and allows every function, nothing below can raise. Most
    // requests are such polls (passes_unremarked() returns before the call for them).
    if (limits_nothing(policy_->protocol(ev.protocol))) return;
  }
  const PathKey path{ev.protocol, client.ip, server.ip, ev.unit};
  if (phase == BaselinePhase::Learning) {
    baseline_.learn(path, ev.function, ev.function_name, ev.ranges, meta.ts_us);
    learned_.learn(path, ev.function, ev.function_name, ev.ranges, meta.ts_us);
  }

  RequestOccurrence occurrence(ev, meta, client, server, path);

  // Who is talking: the policy's list of clients, then the baseline's.
  const ProtocolPolicy& pp = policy_->protocol(ev.protocol);
  bool flagged_by_policy = false;
  if (pp.lists_clients() && !pp.masters.contains(client.ip) &&
      !pp.engineering.contains(client.ip)) {
    Occurrence& o = occurrence.get();
    o.note = "not a " + std::string(protocol_name(ev.protocol)) + " master in the policy";
    raise(RuleId::PolicyUnauthorisedMaster, o);
    flagged_by_policy = true;
  }
  bool path_known = true;
  if (phase == BaselinePhase::Enforcing) {
    if (!baseline_.knows_client(ev.protocol, client.ip)) {
      path_known = false;
      Occurrence& o = occurrence.get();
      o.note =
          "never sent " + std::string(protocol_name(ev.protocol)) + " requests in the baseline";
      if (!flagged_by_policy) raise(RuleId::BaselineNewMaster, o);
    } else if (!baseline_knows_path(path)) {
      path_known = false;
      Occurrence& o = occurrence.get();
      o.note = baseline_.knows_pair(ev.protocol, client.ip, server.ip)
                   ? "unit " + std::to_string(ev.unit) + " not in the baseline"
                   : "these hosts never talked " + std::string(protocol_name(ev.protocol)) +
                         " in the baseline";
      if (!flagged_by_policy) raise(RuleId::BaselineNewLink, o);
    }
    if (!baseline_.knows_asset(server.ip)) {
      Occurrence& o = occurrence.get();
      o.note = "device not in the baseline";
      raise(RuleId::BaselineNewAsset, o);
    }
  }
  occurrence.clear_note();

  if (cls.undefined)
    note_function_probe(occurrence.get(), ev, PathKey{ev.protocol, client.ip, server.ip, -1});
  if (cls.kind == CommandKind::Identification) note_identity_query(occurrence, ev, path, phase);
  command_checks(occurrence, ev, path, phase, path_known, cls);
  if (!ev.values.empty()) value_checks(occurrence, ev, path, phase, meta);
}

void Detector::value_checks(RequestOccurrence& occurrence, const MessageEvent& ev,
                            const PathKey& path, BaselinePhase phase, const PacketMeta& meta) {
  if (phase == BaselinePhase::Learning) {
    baseline_.learn_values(path.protocol, path.server, path.unit, ev.values, meta.ts_us);
    learned_.learn_values(path.protocol, path.server, path.unit, ev.values, meta.ts_us);
    if (!value_cap_reported_ && baseline_.value_points_dropped() > 0) {
      value_cap_reported_ = true;
      const std::string evidence = "the baseline learns the written values of " +
                                   std::to_string(baseline_.max_value_points()) +
                                   " points at most (limits.value_points); further points are "
                                   "not learned";
      on_limit_reached("value_points", evidence, meta);
    }
    return;
  }
  if (phase != BaselinePhase::Enforcing) return;
  value_findings_.clear();
  process_values_.judge(baseline_, path.protocol, path.server, path.unit, ev.values,
                        policy_->thresholds, value_findings_);
  if (value_findings_.empty()) return;
  const std::string summary = ev.summary_text();
  for (const ValueFinding& f : value_findings_) {
    Occurrence o = occurrence.get();
    o.message = nullptr;
    o.note.clear();
    const std::string evidence = f.text + ": " + summary;
    o.evidence = evidence;
    o.values = &f.values;
    // Explicit, so that one finding of the rule's own severity raises an alert that began low.
    raise(f.rule, o, f.severity ? f.severity : std::optional(policy_->severity(f.rule)));
  }
}

void Detector::note_identity_query(RequestOccurrence& occurrence, const MessageEvent& ev,
                                   const PathKey& path, BaselinePhase phase) {
  if (!policy_->enabled(RuleId::IdentitySurvey)) return;
  // An authorised master or engineering station may ask its devices who they are, many at once
  // when it goes online; the others are judged by what they do.
  bool by_policy = false;
  const Auth auth = authorisation(path, phase, by_policy);
  if (auth == Auth::Authorised) return;
  const Thresholds& t = policy_->thresholds;
  const Occurrence& base = occurrence.get();
  const auto targets = survey_.add(path.client, path.server, path.unit, base.meta->ts_us,
                                   t.window_us, t.identity_survey);
  if (targets.size() < t.identity_survey) return;
  Occurrence o = base;
  o.dst = IpAddress{};
  o.dst_mac = MacAddress{};
  o.message = nullptr;  // the request and its path stay: `alerts accept` learns what was asked
  const auto device = [](const IpAddress& ip, std::int64_t unit) {
    return ip_text(ip) + (unit >= 0 ? " unit " + std::to_string(unit) : std::string());
  };
  const std::string evidence = "to " + device(path.server, path.unit) + ": " + ev.summary_text();
  o.evidence = evidence;
  o.note = "asked " + std::to_string(targets.size()) + " devices for their identity within " +
           std::to_string(t.window_us / 1'000'000) + " s (";
  for (std::size_t i = 0; i < targets.size(); ++i)
    o.note += (i > 0 ? ", " : "") + device(targets[i].server, targets[i].unit);
  o.note += ")";
  if (auth == Auth::Unauthorised)
    o.note += by_policy ? ", not an authorised master in the policy" : ", not in the baseline";
  raise(RuleId::IdentitySurvey, o);
}

void Detector::note_unit(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev) {
  if (ev.role == MessageRole::Unsolicited) return;
  const bool request = ev.role == MessageRole::Request;
  const HostEndpoint& client = request ? sender_of(flow, ev.dir) : receiver_of(flow, ev.dir);
  const HostEndpoint& server = request ? receiver_of(flow, ev.dir) : sender_of(flow, ev.dir);
  const PathKey pair{ev.protocol, client.ip, server.ip, -1};
  if (!request) {
    // Any answer from the unit, an exception included, says it is there; a gateway's "path
    // unavailable" or "target failed to respond" says it is not.
    units_.answer(flow.id, pair, ev.unit, ev.exception_kind != ExceptionKind::Unreachable);
    return;
  }
  const Thresholds& t = policy_->thresholds;
  const std::optional<UnitSweep::Sweep> sweep =
      units_.request(flow.id, pair, ev.unit, meta.ts_us, t.window_us, t.unit_scan);
  // Most of the units asked never answered: a master polling a gateway's units gets answers from
  // nearly all of them, even with a few offline.
  if (!sweep || sweep->silent * 2 < sweep->units - 1) return;
  bool by_policy = false;
  const PathKey path{ev.protocol, client.ip, server.ip, ev.unit};
  const Auth auth = authorisation(path, phase_at(meta.ts_us), by_policy);
  if (auth == Auth::Authorised) return;
  Occurrence o = Occurrence::of(ev, meta, client, server);
  o.note = std::to_string(sweep->units) + " unit ids asked within " +
           std::to_string(t.window_us / 1'000'000) + " s, " + std::to_string(sweep->silent) +
           " of the others never answered";
  if (auth == Auth::Unauthorised)
    o.note += by_policy ? ", not an authorised master in the policy" : ", not in the baseline";
  // The gateway's refusals that follow are the scan's, not a separate burst.
  if (raise(RuleId::UnitScan, o)) pair_state(pair).scanned = true;
}

void Detector::command_checks(RequestOccurrence& occurrence, const MessageEvent& ev,
                              const PathKey& path, BaselinePhase phase, bool path_known,
                              const CommandClass& cls) {
  const ProtocolPolicy& pp = policy_->protocol(ev.protocol);
  const BaselineFunction* known =
      phase == BaselinePhase::Enforcing ? baseline_function(path, ev.function) : nullptr;

  if (const std::optional<RuleId>& r = cls.rule) {
    // Engineering stations and learned operations keep their record, at low severity.
    std::optional<Severity> severity;
    Occurrence& o = occurrence.get();
    if (pp.engineering.contains(path.client)) {
      severity = Severity::Low;
      o.note = "from an engineering station";
    } else if (known != nullptr) {
      severity = Severity::Low;
      o.note = "known from the baseline";
    }
    raise(*r, o, severity);
    return;
  }
  const CommandKind kind = cls.kind;
  const bool write_like = kind == CommandKind::Write || kind == CommandKind::Control;
  const bool write = kind == CommandKind::Write;
  // Who acts is asked only of writes, controls and identification reads, and matters more than
  // how: an unauthorised host's are reported as such, whatever the function code.
  const bool judged_by_who = write_like || kind == CommandKind::Identification;
  bool by_policy = false;
  const Auth auth = judged_by_who ? authorisation(path, phase, by_policy) : Auth::Unknown;
  if (auth == Auth::Unauthorised) {
    Occurrence& o = occurrence.get();
    o.note = by_policy ? "not an authorised master in the policy" : "not in the baseline";
    raise(write_like ? (write ? RuleId::UnauthorisedWrite : RuleId::UnauthorisedControl)
                     : RuleId::ReconIdentification,
          o);
    return;
  }
  if (pp.allowed_functions && !pp.allowed_functions->contains(ev.function)) {
    Occurrence& o = occurrence.get();
    o.note = "function " + std::to_string(ev.function) + " is not allowed by the policy";
    raise(RuleId::PolicyFunctionNotAllowed, o);
    return;
  }
  if (write_like) {
    const bool housekeeping = ev.housekeeping;
    if (auth == Auth::Unknown) {
      if (!housekeeping)
        raise(write ? RuleId::UnverifiedWrite : RuleId::UnverifiedControl, occurrence.get());
      return;
    }
    if (!pp.write_ranges.empty() && !ev.ranges.empty() &&
        !within_allowed(pp.write_ranges, path.server, ev.ranges)) {
      Occurrence& o = occurrence.get();
      o.note = "outside the write ranges of the policy";
      raise(RuleId::PolicyWriteOutsideRange, o);
      return;
    }
    if (phase != BaselinePhase::Enforcing || !path_known || housekeeping) return;
    if (known == nullptr) {
      Occurrence& o = occurrence.get();
      o.note = "function not used on this path in the baseline";
      raise(RuleId::BaselineNewFunction, o);
    } else if (!ranges_cover(known->ranges, ev.ranges)) {
      Occurrence& o = occurrence.get();
      o.note = "addresses never written in the baseline";
      raise(RuleId::BaselineNewWriteRange, o);
    }
    return;
  }
  // Session management and DNP3 confirmations are protocol mechanics, not operations.
  const bool mechanics = ev.op == OpClass::Session || ev.mechanics;
  if (phase == BaselinePhase::Enforcing && path_known && known == nullptr && !mechanics) {
    Occurrence& o = occurrence.get();
    o.note = "function not used on this path in the baseline";
    raise(RuleId::BaselineNewFunction, o);
  }
}

void Detector::note_function_probe(const Occurrence& base, const MessageEvent& ev,
                                   const PathKey& pair) {
  const Thresholds& t = policy_->thresholds;
  PairState& st = pair_state(pair);
  const std::size_t distinct =
      st.function_probes.add(ev.function, base.meta->ts_us, t.window_us, t.function_scan);
  if (distinct < t.function_scan) return;
  Occurrence o = base;
  o.src = pair.client;
  o.dst = pair.server;
  o.note = std::to_string(distinct) + " undefined or refused function codes within " +
           std::to_string(t.window_us / 1'000'000) + " s";
  o.request = nullptr;
  if (raise(RuleId::FunctionCodeScan, o)) st.scanned = true;
}

void Detector::on_answer(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev,
                         const HostEndpoint& client, const HostEndpoint& server) {
  phase_at(meta.ts_us);
  const Thresholds& t = policy_->thresholds;
  const ProtocolInfo& info = ev.protocol.info();
  if (info.reports_restarts) {
    if (outstations_.size() >= kMaxTracked && !outstations_.contains(server.ip))
      outstations_.clear();
    ++outstations_[server.ip].responses;
  }
  const bool unsolicited = ev.role == MessageRole::Unsolicited;
  const bool reported = unsolicited && info.unsolicited_reports;
  if (!ev.exception && !reported) return;

  const PathKey pair{ev.protocol, client.ip, server.ip, -1};
  Occurrence o = Occurrence::of(ev, meta, server, client);
  (void)flow;

  if (reported) {
    PairState& st = pair_state(pair);
    const std::size_t n = st.unsolicited.add(meta.ts_us, t.window_us, t.unsolicited_storm);
    if (n >= t.unsolicited_storm) {
      o.note = std::to_string(n) + " unsolicited responses within " +
               std::to_string(t.window_us / 1'000'000) + " s";
      raise(RuleId::UnsolicitedStorm, o);
    }
    if (!ev.exception) return;
  }

  if (ev.exception_kind == ExceptionKind::UnsupportedFunction) {
    Occurrence probe = o;
    probe.src_mac = client.mac;
    probe.dst_mac = server.mac;
    note_function_probe(probe, ev, pair);
  }
  if (ev.exception_kind == ExceptionKind::BadAddress && !ev.ranges.empty()) {
    PairState& st = pair_state(pair);
    const std::size_t distinct = st.address_probes.add(address_key(ev.ranges.front()), meta.ts_us,
                                                       t.window_us, t.address_scan);
    if (distinct >= t.address_scan) {
      Occurrence probe = o;
      probe.src = client.ip;
      probe.dst = server.ip;
      probe.src_mac = client.mac;
      probe.dst_mac = server.mac;
      probe.note = std::to_string(distinct) + " non-existent addresses probed within " +
                   std::to_string(t.window_us / 1'000'000) + " s";
      if (raise(RuleId::AddressScan, probe)) st.scanned = true;
    }
  }
  // Identification reads of optional lists (SZLs a CPU does not have) fail by design when an
  // engineering tool goes online; unauthorised identification is its own rule.
  if (ev.op == OpClass::Identification) return;
  PairState& st = pair_state(pair);
  const std::size_t n = st.exceptions.add(meta.ts_us, t.window_us, t.exception_burst);
  if (n >= t.exception_burst && !st.scanned) {
    // Reported from the client's side: it is the one whose requests keep failing.
    Occurrence burst = o;
    burst.src = client.ip;
    burst.dst = server.ip;
    burst.src_mac = client.mac;
    burst.dst_mac = server.mac;
    burst.note = std::to_string(n) + " exception responses within " +
                 std::to_string(t.window_us / 1'000'000) + " s";
    raise(RuleId::ExceptionBurst, burst);
  }
}

void Detector::on_anomaly(const FlowInfo& flow, const PacketMeta& meta, const AnomalyEvent& ev) {
  phase_at(meta.ts_us);
  const HostEndpoint& src = sender_of(flow, ev.dir);
  const HostEndpoint& dst = receiver_of(flow, ev.dir);
  Occurrence o = Occurrence::between(ev.protocol, meta, src, dst, ev.kind);
  o.evidence = ev.detail;
  if (ev.rule != nullptr) {
    raise(rule_of(*ev.rule), o);
    return;
  }
  if (ev.malformed) {
    raise(ev.cls == AnomalyClass::ChecksumError ? RuleId::CrcError : RuleId::Malformed, o);
    return;
  }
  if (ev.cls == AnomalyClass::ForeignTraffic) {
    raise(RuleId::NonIcsTraffic, o);
    return;
  }
  if (ev.cls == AnomalyClass::ResponseWithoutRequest) {
    // On a connection picked up mid-stream the first responses answer requests sent before the
    // capture began; only fully captured connections count.
    if (!flow.saw_handshake) return;
    const Thresholds& t = policy_->thresholds;
    PairState& st = pair_state(PathKey{ev.protocol, dst.ip, src.ip, -1});
    const std::size_t n =
        st.orphan_responses.add(meta.ts_us, t.window_us, t.responses_without_request);
    if (n >= t.responses_without_request) raise(RuleId::ResponseWithoutRequest, o);
    return;
  }
  if (ev.cls == AnomalyClass::Broadcast) {
    raise(RuleId::BroadcastRequest, o);
    return;
  }
  if (ev.cls == AnomalyClass::DeviceRestarted) {
    auto it = outstations_.find(src.ip);
    // The first response of a device that had restarted before the capture says nothing new; a
    // restart reported while it was being watched does, once until the master clears the bit.
    if (it == outstations_.end() || it->second.restart_pending) return;
    it->second.restart_pending = true;
    if (it->second.responses >= 2) raise(RuleId::DeviceRestartObserved, o);
  }
}

void Detector::on_change(const ChangeRecord& change, std::string_view capture) {
  if (changes_seen_.size() >= kMaxTracked) changes_seen_.clear();
  if (!changes_seen_
           .insert(ip_text(change.ip) + '|' + change.field + '|' + change.old_value + '|' +
                   change.new_value)
           .second)
    return;
  PacketMeta meta;
  meta.ts_us = change.changed_us;
  meta.frame = change.frame;
  meta.source = change.capture;
  phase_at(meta.ts_us);
  const bool mac = change.field == "mac";
  const std::string evidence = change.field + " " + change.old_value + " -> " + change.new_value +
                               (change.source.empty() ? "" : " (" + change.source + ")");
  Occurrence o;
  o.src = change.ip;
  o.src_mac = change.mac;
  o.meta = &meta;
  o.function = change.field;
  o.evidence = evidence;
  o.note = mac ? "now used by another MAC address" : change.field + " changed";
  o.capture = capture;
  if (mac) {
    // Who had the address and who has it now, with their vendors; how long the old owner was
    // silent decides between a conflict (both alive) and a reassignment.
    const auto with_vendor = [this](const std::string& text) {
      MacAddress m;
      if (!mac_vendor_ || !MacAddress::parse(text, m)) return text;
      const std::string vendor = mac_vendor_(m);
      return vendor.empty() ? text : text + " (" + vendor + ")";
    };
    const std::int64_t silent_us =
        change.old_last_seen_us > 0 ? change.changed_us - change.old_last_seen_us : 0;
    const bool reassigned = silent_us >= policy_->thresholds.address_reassigned_after_us;
    std::string mac_evidence =
        "mac " + with_vendor(change.old_value) + " -> " + with_vendor(change.new_value);
    if (change.old_last_seen_us > 0)
      mac_evidence += "; the old MAC was last seen " + iso8601_us(change.old_last_seen_us) + ", " +
                      silence_text(silent_us) + " before";
    if (!change.source.empty()) mac_evidence += " (" + change.source + ")";
    o.evidence = mac_evidence;
    o.note = reassigned ? "reassigned to another MAC address" : "now used by another MAC address";
    raise(reassigned ? RuleId::AddressReassigned : RuleId::IpConflict, o);
    return;
  }
  raise(change.field == "firmware" ? RuleId::FirmwareChanged : RuleId::IdentityChanged, o);
}

void Detector::on_advisory(const IpAddress& ip, const MacAddress& mac, std::string_view advisory_id,
                           std::string_view evidence, Severity severity, std::int64_t ts_us,
                           std::uint64_t frame, std::string_view capture) {
  if (changes_seen_.size() >= kMaxTracked) changes_seen_.clear();
  if (!changes_seen_.insert("advisory|" + ip_text(ip) + '|' + std::string(advisory_id)).second)
    return;
  PacketMeta meta;
  meta.ts_us = ts_us;
  meta.frame = frame;
  Occurrence o;
  o.src = ip;
  o.src_mac = mac;
  o.meta = &meta;
  o.function = advisory_id;
  o.evidence = evidence;
  o.note = "affected by a published advisory";
  o.capture = capture;
  raise(RuleId::KnownVulnerability, o, severity);
}

void Detector::on_source_flood(const IpAddress& target, const PacketMeta& meta) {
  Occurrence o;
  o.dst = target;
  o.meta = &meta;
  o.function = "one packet per source";
  o.evidence =
      "addresses past the cap on unconfirmed hosts, each seen in one packet with this host";
  o.note = "flood of one-packet sources";
  raise(RuleId::SourceFlood, o);
}

void Detector::on_limit_reached(std::string_view cap, std::string_view evidence,
                                const PacketMeta& meta) {
  Occurrence o;
  o.meta = &meta;
  o.function = cap;
  o.evidence = evidence;
  o.note = "sensor limit reached";
  raise(RuleId::LimitReached, o);
}

std::uint64_t Detector::take_raised() {
  const std::uint64_t n = raised_;
  raised_ = 0;
  return n;
}

std::vector<AlertChange> Detector::take_changes() {
  std::vector<AlertChange> out;
  for (std::size_t i = 0; i < alerts_.size(); ++i) {
    const Alert& a = alerts_[i];
    Reported& r = reported_[i];
    if (a.count == r.count) continue;
    AlertChange c;
    c.raised = r.count == 0;
    c.alert.rule = a.rule;
    c.alert.severity = a.severity;
    c.alert.protocol = a.protocol;
    c.alert.src = a.src;
    c.alert.dst = a.dst;
    c.alert.src_mac = a.src_mac;
    c.alert.dst_mac = a.dst_mac;
    c.alert.functions = a.functions;
    c.alert.summary = a.summary;
    c.alert.count = a.count - r.count;
    c.alert.first_seen_us = a.first_seen_us;
    c.alert.last_seen_us = a.last_seen_us;
    c.alert.evidence.assign(a.evidence.begin() + static_cast<std::ptrdiff_t>(r.evidence),
                            a.evidence.end());
    // Facts merge ranges in place, so every fact travels each time (the store unites them).
    c.alert.facts = a.facts;
    r.count = a.count;
    r.evidence = a.evidence.size();
    r.facts = a.facts.size();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace otscope::detection
