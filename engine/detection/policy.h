// The detection policy: who may command what, which rules apply at which severity, thresholds of
// the behaviour rules, and how the learned baseline is used. Loaded from a TOML file (see
// docs/policy.example.toml); without a file the built-in policy applies. Every error in a file,
// unknown keys included, is reported with its line and column and is never ignored.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/flow.h"
#include "model/detection/rules.h"
#include "protocols/common/events.h"

namespace otscope::detection {

/// "policy.toml:12:3: unknown key 'mastres' in [modbus]".
class PolicyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A set of addresses written as IPs or CIDR networks ("10.10.1.10", "10.10.20.0/24").
class AddressSet {
 public:
  /// Adds one entry; false when it is neither an address nor a network.
  bool add(std::string_view text);
  bool contains(const IpAddress& ip) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    IpAddress base;
    int prefix = 0;
  };
  std::vector<Network> networks_;
};

/// A range of addresses the policy allows writes to.
struct AllowedWriteRange {
  std::optional<IpAddress> server;  // any server when absent
  std::string space;                // as in AddressRange::space ("holding_register", "DB5", ...)
  std::uint32_t start = 0;
  std::uint32_t count = 0;
};

struct ProtocolPolicy {
  /// Hosts that may read, write and operate (HMIs, SCADA masters, historians).
  AddressSet masters;
  /// Hosts that may also program, stop/start and reconfigure devices. Their engineering commands
  /// still raise alerts, at low severity, for the change record.
  AddressSet engineering;
  /// When set, every other function code raises policy.function_not_allowed.
  std::optional<std::set<std::uint32_t>> allowed_functions;
  /// When non-empty, writes outside these ranges raise policy.write_outside_range.
  std::vector<AllowedWriteRange> write_ranges;

  /// True when the policy says who the clients of this protocol are.
  bool lists_clients() const { return !masters.empty() || !engineering.empty(); }
};

/// How the learned baseline is used.
enum class LearningMode : std::uint8_t {
  /// Learn for `learning_duration` from the first message of the run, then enforce; with no
  /// duration, enforce a stored baseline when there is one.
  Auto,
  Off,      // no baseline rules at all
  Learn,    // add everything to the baseline, raise no baseline alerts
  Enforce,  // alert on anything the stored baseline does not contain
};
std::string_view learning_mode_name(LearningMode m);

struct Thresholds {
  /// Sliding window of the rate rules.
  std::int64_t window_us = 60'000'000;
  /// Exception responses from one device to one client within the window.
  std::uint32_t exception_burst = 10;
  /// Distinct undefined or refused function codes from one client to one device.
  std::uint32_t function_scan = 5;
  /// Distinct non-existent addresses probed by one client on one device.
  std::uint32_t address_scan = 5;
  /// Unsolicited responses from one outstation within the window.
  std::uint32_t unsolicited_storm = 30;
  /// Responses without a request on connections captured from their handshake.
  std::uint32_t responses_without_request = 3;
  /// Distinct devices (server and unit) one client asks for their identity within the window
  /// (recon.identity_survey). An HMI reads the identity of its few devices; a survey asks many.
  std::uint32_t identity_survey = 5;
  /// Distinct unit ids (Modbus unit, DNP3 address) of one server one client sends requests to
  /// within the window, most never answering (scan.units). Well above the units a gateway's master
  /// polls.
  std::uint32_t unit_scan = 10;
  /// An IP address that changes MAC after its previous owner was silent this long is reassigned
  /// (network.address_reassigned, low); sooner, it is a conflict or spoofing (network.ip_conflict).
  std::int64_t address_reassigned_after_us = 3'600'000'000;
  /// process.setpoint_jump: a value inside a point's learned range that moved from the previous
  /// value written in the run by more than this percentage of the learned range (max - min),
  /// and by more than the largest change seen while learning.
  std::uint32_t setpoint_jump_percent = 50;
};

struct RuleSetting {
  bool enabled = true;
  std::optional<Severity> severity;  // re-graded when set
};

/// The [limits] table: the caps on what a run keeps in memory (EngineOptions::limits and
/// ::inventory), by key ("flows", "assets", ...); a key not given keeps the built-in cap.
using PolicyLimits = std::map<std::string, std::uint64_t, std::less<>>;

/// The keys [limits] accepts, in the order the example policy lists them.
std::vector<std::string_view> policy_limit_keys();

struct Policy {
  /// Where it came from: a file path, or "built-in".
  std::string source = "built-in";
  LearningMode learning = LearningMode::Auto;
  std::int64_t learning_duration_us = 0;
  Thresholds thresholds;
  /// By Protocol::index(), one per registered protocol.
  std::vector<ProtocolPolicy> protocols;
  /// By RuleId, one per rule.
  std::vector<RuleSetting> rules;
  PolicyLimits limits;

  /// Sized for every registered protocol and rule.
  Policy();

  const ProtocolPolicy& protocol(Protocol p) const {
    // A protocol registered after the policy was made: no section could name it.
    static const ProtocolPolicy kNone;
    return p.index() < protocols.size() ? protocols[p.index()] : kNone;
  }
  bool enabled(RuleId id) const { return setting(id).enabled; }
  Severity severity(RuleId id) const { return setting(id).severity.value_or(rule(id).severity); }

 private:
  const RuleSetting& setting(RuleId id) const {
    static const RuleSetting kDefault;
    const auto i = static_cast<std::size_t>(id);
    return i < rules.size() ? rules[i] : kDefault;
  }
};

/// Parses policy text; `source` names it in error messages. Throws PolicyError.
Policy parse_policy(std::string_view text, const std::string& source);
/// Reads and parses a policy file. Throws PolicyError (also when the file cannot be read).
Policy load_policy_file(const std::string& path);

/// "90s", "10m", "1h", "2d", or plain seconds; nullopt when malformed.
std::optional<std::int64_t> parse_duration_us(std::string_view text);

}  // namespace otscope::detection
