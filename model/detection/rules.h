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

namespace otscope::detection {

enum class Severity : std::uint8_t { Low, Medium, High, Critical };
/// "low", "medium", "high", "critical".
std::string_view severity_name(Severity s);
std::optional<Severity> severity_from_name(std::string_view name);

enum class RuleId : std::uint8_t {
  // Dangerous commands, by the protocols' code tables (raised whoever sends them).
  S7PlcStop,
  S7PlcStart,
  S7ModeChange,
  S7ProgramDownload,
  S7ConfigDownload,
  S7ProgramUpload,
  S7ProgramDelete,
  S7CopyRamToRom,
  S7PiService,
  S7Password,
  S7SetClock,
  S7Force,
  S7PlusProgramTransfer,
  Dnp3Restart,
  Dnp3ApplicationControl,
  Dnp3ConfigurationChange,
  Dnp3DisableUnsolicited,
  Dnp3FileDelete,
  Dnp3FileTransfer,
  ModbusRestartCommunications,
  ModbusForceListenOnly,
  ModbusClearCounters,
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
  FirmwareChanged,
  IdentityChanged,
  Count,
};
inline constexpr std::size_t kRuleCount = static_cast<std::size_t>(RuleId::Count);

struct Rule {
  RuleId id;
  std::string_view name;  // stable id used in the policy, the database and forwarded alerts
  std::string_view title;
  Severity severity;
  std::string_view technique;       // ATT&CK for ICS technique id, e.g. "T0843"
  std::string_view technique_name;  // e.g. "Program Download"
  std::string_view explanation;
};

/// Every rule, in RuleId order.
std::span<const Rule> builtin_rules();
const Rule& rule(RuleId id);
/// The rule with this stable name, nullptr when there is none.
const Rule* find_rule(std::string_view name);

}  // namespace otscope::detection
