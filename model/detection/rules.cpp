#include "model/detection/rules.h"

#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocols/registry.h"

namespace otscope::detection {
namespace {

using S = Severity;

constexpr std::array<Rule, kDetectorRuleCount> kRules{{
    {RuleId::UnauthorisedWrite, "command.unauthorised_write", "Write from an unauthorised host",
     S::High, "T0855", "Unauthorized Command Message",
     "A host that is not an authorised master (policy) or not in the baseline wrote to a "
     "device."},
    {RuleId::UnauthorisedControl, "command.unauthorised_control",
     "Control command from an unauthorised host", S::Critical, "T0831", "Manipulation of Control",
     "A host that is not an authorised master (policy) or not in the baseline operated an "
     "output."},
    {RuleId::UnverifiedWrite, "command.unverified_write", "Write from an unverified master", S::Low,
     "T0836", "Modify Parameter",
     "A device was written to; no policy or baseline says whether this master may do so."},
    {RuleId::UnverifiedControl, "command.unverified_control",
     "Control command from an unverified master", S::Medium, "T0855",
     "Unauthorized Command Message",
     "An output was operated; no policy or baseline says whether this master may do so."},
    {RuleId::ReconIdentification, "recon.identification",
     "Device identification by an unauthorised host", S::Medium, "T0888",
     "Remote System Information Discovery",
     "A host that should not talk to this device read its identity (model, firmware, blocks)."},
    {RuleId::PolicyUnauthorisedMaster, "policy.unauthorised_master",
     "Requests from a host not authorised by the policy", S::High, "T0848", "Rogue Master",
     "A host that the policy does not list as a master or engineering station sent requests."},
    {RuleId::PolicyFunctionNotAllowed, "policy.function_not_allowed",
     "Function not allowed by the policy", S::High, "T0855", "Unauthorized Command Message",
     "A request used a function code that the policy does not allow for this protocol."},
    {RuleId::PolicyWriteOutsideRange, "policy.write_outside_range",
     "Write outside the allowed address ranges", S::High, "T0836", "Modify Parameter",
     "A write touched addresses outside the ranges the policy allows on this device."},
    {RuleId::BaselineNewMaster, "baseline.new_master", "New master", S::High, "T0848",
     "Rogue Master", "A host that never sent requests of this protocol in the baseline does now."},
    {RuleId::BaselineNewAsset, "baseline.new_asset", "New ICS device", S::Medium, "T0864",
     "Transient Cyber Asset", "A device that is not in the baseline answers ICS requests."},
    {RuleId::BaselineNewLink, "baseline.new_link", "New communication path", S::Medium, "T0886",
     "Remote Services",
     "Two known hosts (or a new unit behind a device) talk for the first time in the baseline."},
    {RuleId::BaselineNewFunction, "baseline.new_function", "New function on a known path",
     S::Medium, "T0855", "Unauthorized Command Message",
     "A known master used a function it never used towards this device in the baseline."},
    {RuleId::BaselineNewWriteRange, "baseline.new_write_range", "Write to a new address range",
     S::Medium, "T0836", "Modify Parameter",
     "A known master wrote to addresses it never wrote in the baseline."},
    {RuleId::Malformed, "anomaly.malformed", "Malformed protocol messages", S::Medium, "T0814",
     "Denial of Service",
     "Messages that do not decode can crash devices; they come from fuzzing, exploits or broken "
     "software."},
    {RuleId::CrcError, "anomaly.crc_error", "Link CRC errors", S::Low, "T0814", "Denial of Service",
     "DNP3 frames with bad checksums: line noise on serial links, crafted frames on TCP."},
    {RuleId::ExceptionBurst, "anomaly.exception_burst", "Burst of exception responses", S::Medium,
     "T0888", "Remote System Information Discovery",
     "A device refused many requests in a short time: probing, or a misconfigured master."},
    {RuleId::FunctionCodeScan, "scan.function_codes", "Function code scan", S::High, "T0888",
     "Remote System Information Discovery",
     "A host tried many function codes the device does not support: it is mapping the device."},
    {RuleId::AddressScan, "scan.addresses", "Address scan", S::High, "T0861",
     "Point & Tag Identification",
     "A host probed many addresses that do not exist on the device: it is mapping the points."},
    {RuleId::ResponseWithoutRequest, "anomaly.response_without_request",
     "Responses without requests", S::Medium, "T0856", "Spoof Reporting Message",
     "Responses arrived that answer no request seen on a fully captured connection: injected or "
     "spoofed reports."},
    {RuleId::UnsolicitedStorm, "anomaly.unsolicited_storm", "Unsolicited response storm", S::Medium,
     "T0814", "Denial of Service",
     "An outstation sent unsolicited responses at a rate that can flood the master."},
    {RuleId::BroadcastRequest, "anomaly.broadcast_request", "Broadcast request", S::Medium, "T0855",
     "Unauthorized Command Message",
     "A request was sent to the broadcast address: every outstation on the link acts on it."},
    {RuleId::NonIcsTraffic, "anomaly.non_ics_traffic", "Non-ICS traffic on an ICS port", S::Medium,
     "T0885", "Commonly Used Port",
     "Traffic on an ICS port is not that protocol: a tunnel or a tool hiding on a trusted port."},
    {RuleId::DeviceRestartObserved, "device.restart_observed", "Outstation reported a restart",
     S::Medium, "T0816", "Device Restart/Shutdown",
     "An outstation that was running reported that it restarted (IIN1.7 DEVICE_RESTART)."},
    {RuleId::IpConflict, "network.ip_conflict", "IP address used by another MAC address", S::High,
     "T0830", "Adversary-in-the-Middle",
     "Traffic of this IP address now comes from another MAC address while the MAC that had it "
     "was active moments before: an address conflict or ARP spoofing."},
    {RuleId::AddressReassigned, "network.address_reassigned",
     "IP address reassigned to another MAC address", S::Low, "T0849", "Masquerading",
     "An IP address now belongs to another MAC address after its previous owner had been silent "
     "for long (thresholds.address_reassigned_after): a replaced device or a new lease, unless "
     "nobody planned it."},
    {RuleId::FirmwareChanged, "asset.firmware_changed", "Device firmware changed", S::High, "T0857",
     "System Firmware",
     "A device reports another firmware version than before: planned update or tampering."},
    {RuleId::IdentityChanged, "asset.identity_changed", "Device identity changed", S::Medium,
     "T0849", "Masquerading",
     "A device reports another serial, model or vendor than before: it was replaced or "
     "something impersonates it."},
    {RuleId::KnownVulnerability, "asset.known_vulnerability",
     "Device affected by a published advisory", S::High, "T0866", "Exploitation of Remote Services",
     "A newly identified device, or a device with new firmware, is listed as affected by an "
     "imported advisory with CVSS 7 or more (severity follows the score): apply the vendor's fix "
     "or its mitigations; `otscope vulns` lists them."},
    {RuleId::SourceFlood, "network.source_flood", "Flood of one-packet sources", S::Medium, "T0814",
     "Denial of Service",
     "More addresses than the sensor keeps as unconfirmed hosts were each seen in one packet "
     "with this host and never again: spoofed sources of a SYN or UDP flood sent to it, or "
     "addresses it scanned that never answered. They are counted in the capture health "
     "(one_packet_sources), not kept as assets."},
    {RuleId::LimitReached, "sensor.limit_reached", "Sensor limit reached: records not kept", S::Low,
     "T0814", "Denial of Service",
     "The sensor reached one of its memory caps (flows, reassembly, assets, links, operations, "
     "identities, names, anomalies): later records of that kind are counted in the capture "
     "health but not kept. A flood, or a network larger than the caps: raise them under [limits] "
     "in the policy."},
    {RuleId::IdentitySurvey, "recon.identity_survey", "Identity survey of several devices",
     S::Medium, "T0888", "Remote System Information Discovery",
     "One host asked several devices (or units behind a gateway) who they are within the window "
     "(thresholds.identity_survey): Modbus 17 or 43/14, S7 SZL and block lists, DNP3 group 0. "
     "Scanners such as modbus-discover, s7-info or plcscan do this; an engineering station going "
     "online does too: list it as engineering in the policy (authorised hosts are exempt)."},
    {RuleId::UnitScan, "scan.units", "Unit id scan", S::High, "T0846", "Remote System Discovery",
     "A host sent requests to many unit ids (Modbus unit, DNP3 address) of one server within the "
     "window (thresholds.unit_scan), most of which never answered or were refused by the gateway "
     "(Modbus exception 10/11): it is looking for devices behind the address. Authorised masters "
     "are exempt."},
    {RuleId::ValueOutOfRange, "process.value_out_of_range", "Write outside the learned value range",
     S::Medium, "T0836", "Modify Parameter",
     "A register, analog output or control point was set to a value outside everything written "
     "to it during learning (a number below the learned minimum or above the maximum, or a "
     "control operation never used on that point): an operator's new setpoint, or a process "
     "being pushed where it was never run."},
    {RuleId::SetpointJump, "process.setpoint_jump", "Setpoint jump", S::Low, "T0831",
     "Manipulation of Control",
     "A point was set to a value inside its learned range, but changed from the previous value "
     "written in this run by more than thresholds.setpoint_jump_percent of the learned range "
     "and by more than any change seen during learning: an abrupt move a process may not "
     "tolerate."},
}};

constexpr bool rules_in_id_order() {
  for (std::size_t i = 0; i < kRules.size(); ++i)
    if (static_cast<std::size_t>(kRules[i].id) != i) return false;
  return true;
}
static_assert(rules_in_id_order(), "kRules must list every rule in RuleId order");

// The detector's rules, then every registered protocol's commands. Protocols registered later
// (a test's) are appended on the next call; the table never moves, so rules stay put.
struct RuleTable {
  static constexpr std::size_t kCapacity = 4096;
  std::vector<Rule> rules;
  std::unordered_map<const CommandRule*, RuleId> by_command;
  std::size_t protocols_seen = 0;

  RuleTable() {
    rules.reserve(kCapacity);
    rules.assign(kRules.begin(), kRules.end());
  }
  const RuleTable& current() {
    const auto protocols = all_protocols();
    for (; protocols_seen < protocols.size(); ++protocols_seen) {
      for (const CommandRule* c : protocols[protocols_seen].info().commands) {
        if (rules.size() == kCapacity) throw std::length_error("too many detection rules");
        const auto id = static_cast<RuleId>(rules.size());
        rules.push_back(Rule{id, c->name, c->title, c->severity, c->technique, c->technique_name,
                             c->explanation});
        by_command.emplace(c, id);
      }
    }
    return *this;
  }
};

const RuleTable& table() {
  static RuleTable t;
  return t.current();
}

}  // namespace

std::span<const Rule> builtin_rules() {
  return table().rules;
}

std::size_t rule_count() {
  return table().rules.size();
}

const Rule& rule(RuleId id) {
  return table().rules.at(static_cast<std::size_t>(id));
}

const Rule* find_rule(std::string_view name) {
  for (const Rule& r : table().rules)
    if (r.name == name) return &r;
  return nullptr;
}

RuleId rule_of(const CommandRule& command) {
  const RuleTable& t = table();
  auto it = t.by_command.find(&command);
  if (it == t.by_command.end())
    throw std::invalid_argument("command rule '" + std::string(command.name) +
                                "' belongs to no registered protocol");
  return it->second;
}

}  // namespace otscope::detection
