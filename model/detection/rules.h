// The built-in detection rules: one entry per alert kind, with its default severity, the
// ATT&CK for ICS technique it evidences and a one-line explanation a plant engineer can act on.
// The policy file switches rules off or re-grades them by their id; nothing else names a rule.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "protocols/common/protocol.h"

namespace otscope::detection {

using otscope::Severity;
using otscope::severity_from_name;
using otscope::severity_name;

/// The detector's own rules. The dangerous-command rules of the protocols (CommandRule in their
/// folders) follow them in the rule table, numbered from kDetectorRuleCount in registry order.
enum class RuleId : std::uint16_t {
  // Writes, controls and reconnaissance judged against who is authorised.
  UnauthorisedWrite,
  UnauthorisedControl,
  UnverifiedWrite,
  UnverifiedControl,
  ReconIdentification,
  // Policy file.
  PolicyUnauthorisedMaster,
  PolicyFunctionNotAllowed,
  PolicyWriteOutsideRange,
  // Learned baseline.
  BaselineNewMaster,
  BaselineNewAsset,
  BaselineNewLink,
  BaselineNewFunction,
  BaselineNewWriteRange,
  // Protocol anomalies and behaviour over time.
  Malformed,
  CrcError,
  ExceptionBurst,
  FunctionCodeScan,
  AddressScan,
  ResponseWithoutRequest,
  UnsolicitedStorm,
  BroadcastRequest,
  NonIcsTraffic,
  DeviceRestartObserved,
  // Network and asset identity.
  IpConflict,
  AddressReassigned,
  FirmwareChanged,
  IdentityChanged,
  KnownVulnerability,
  // The sensor's own view.
  SourceFlood,
  LimitReached,
  // Reconnaissance by behaviour (engine/detection/recon.h).
  IdentitySurvey,
  UnitScan,
  // Learned process values (engine/detection/process_values.*).
  ValueOutOfRange,
  SetpointJump,
};
inline constexpr std::size_t kDetectorRuleCount =
    static_cast<std::size_t>(RuleId::SetpointJump) + 1;

struct Rule {
  RuleId id;
  std::string_view name;  // stable id used in the policy, the database and forwarded alerts
  std::string_view title;
  Severity severity;
  std::string_view technique;       // ATT&CK for ICS technique id, e.g. "T0843"
  std::string_view technique_name;  // e.g. "Program Download"
  std::string_view explanation;
};

/// Every rule, in RuleId order: the detector's own, then each registered protocol's commands.
std::span<const Rule> builtin_rules();
/// How many rules there are: the size of every per-rule array.
std::size_t rule_count();
const Rule& rule(RuleId id);
/// The rule with this stable name, nullptr when there is none.
const Rule* find_rule(std::string_view name);
/// The rule of a protocol's dangerous command (its protocol must be registered).
RuleId rule_of(const CommandRule& command);

}  // namespace otscope::detection
