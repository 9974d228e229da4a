#include "model/detection/rules.h"

namespace otscope::detection {
namespace {

using S = Severity;

constexpr std::array<Rule, kRuleCount> kRules{{
    {RuleId::S7PlcStop, "s7.plc_stop", "PLC stop command", S::Critical, "T0858",
     "Change Operating Mode",
     "The PLC was told to stop its program: outputs go to their stop state and the process is "
     "no longer controlled."},
    {RuleId::S7PlcStart, "s7.plc_start", "PLC start/restart command", S::High, "T0858",
     "Change Operating Mode",
     "The PLC program was (re)started remotely, possibly with a cold restart that resets data."},
    {RuleId::S7ModeChange, "s7.mode_change", "PLC operating mode change", S::High, "T0858",
     "Change Operating Mode",
     "A remote command changed the CPU operating mode (HOLD, breakpoint, operating state)."},
    {RuleId::S7ProgramDownload, "s7.program_download", "Program block download to PLC", S::Critical,
     "T0843", "Program Download",
     "Program or data blocks were downloaded to the PLC and activated: the control logic "
     "changed."},
    {RuleId::S7ConfigDownload, "s7.config_download", "Hardware configuration download to PLC",
     S::High, "T0836", "Modify Parameter",
     "System data blocks (hardware and network configuration) were downloaded, replaced or "
     "deleted on the PLC."},
    {RuleId::S7ProgramUpload, "s7.program_upload", "Program block upload from PLC", S::High,
     "T0845", "Program Upload",
     "Blocks were read out of the PLC: someone is copying its program or configuration."},
    {RuleId::S7ProgramDelete, "s7.program_delete", "PLC blocks deleted or memory reset",
     S::Critical, "T0809", "Data Destruction",
     "Blocks were deleted from the PLC or its memory was reset: control logic is gone."},
    {RuleId::S7CopyRamToRom, "s7.copy_ram_to_rom", "Copy RAM to ROM", S::High, "T0889",
     "Modify Program", "The program in work memory was made permanent: it survives a power cycle."},
    {RuleId::S7PiService, "s7.pi_service", "PLC control service", S::Medium, "T0855",
     "Unauthorized Command Message",
     "A PLC control (PI) service other than start, block activation or RAM-to-ROM was called."},
    {RuleId::S7Password, "s7.password", "PLC password sent", S::Medium, "T0859", "Valid Accounts",
     "A password was sent to lift the PLC's protection level; repeated attempts mean guessing."},
    {RuleId::S7SetClock, "s7.set_clock", "PLC clock set", S::Medium, "T0836", "Modify Parameter",
     "The PLC clock was set remotely: time stamps of alarms and logs can no longer be trusted."},
    {RuleId::S7Force, "s7.force", "Forced PLC inputs/outputs", S::High, "T0835",
     "Manipulate I/O Image",
     "Values were forced in the PLC: they override the program and the real inputs."},
    {RuleId::S7PlusProgramTransfer, "s7plus.program_transfer", "S7comm-plus program transfer",
     S::High, "T0843", "Program Download",
     "An S7-1200/1500 engineering sequence created or changed program objects (download, "
     "upload or online change)."},
    {RuleId::Dnp3Restart, "dnp3.restart", "Outstation restart command", S::High, "T0816",
     "Device Restart/Shutdown",
     "The outstation was told to restart: it stops reporting and controlling while it reboots."},
    {RuleId::Dnp3ApplicationControl, "dnp3.application_control",
     "Outstation application started, stopped or initialised", S::High, "T0858",
     "Change Operating Mode",
     "An application or its data on the outstation was stopped, started or reset to initial "
     "values."},
    {RuleId::Dnp3ConfigurationChange, "dnp3.configuration_change",
     "Outstation configuration saved or activated", S::High, "T0836", "Modify Parameter",
     "A configuration (or firmware) file was saved or activated on the outstation."},
    {RuleId::Dnp3DisableUnsolicited, "dnp3.disable_unsolicited", "Unsolicited reporting disabled",
     S::High, "T0878", "Alarm Suppression",
     "The outstation was told to stop reporting events on its own: alarms now wait for polls."},
    {RuleId::Dnp3FileDelete, "dnp3.file_delete", "File deleted on outstation", S::High, "T0809",
     "Data Destruction", "A file was deleted on the outstation (configuration, logs or firmware)."},
    {RuleId::Dnp3FileTransfer, "dnp3.file_transfer", "File transfer with outstation", S::Medium,
     "T0867", "Lateral Tool Transfer",
     "Files were opened, read or written on the outstation: configuration or firmware can change "
     "this way."},
    {RuleId::ModbusRestartCommunications, "modbus.restart_communications",
     "Modbus restart communications", S::High, "T0816", "Device Restart/Shutdown",
     "Diagnostics sub-function 0x01 restarts the device's communication port and can reset it."},
    {RuleId::ModbusForceListenOnly, "modbus.force_listen_only", "Modbus force listen-only mode",
     S::High, "T0814", "Denial of Service",
     "Diagnostics sub-function 0x04 makes the device stop answering until it is restarted."},
    {RuleId::ModbusClearCounters, "modbus.clear_counters", "Modbus diagnostic counters cleared",
     S::Medium, "T0872", "Indicator Removal on Host",
     "Diagnostic counters were cleared: evidence of errors and earlier traffic is erased."},
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
     "Traffic of this IP address now comes from another MAC address: a replaced device, an "
     "address conflict or ARP spoofing."},
    {RuleId::FirmwareChanged, "asset.firmware_changed", "Device firmware changed", S::High, "T0857",
     "System Firmware",
     "A device reports another firmware version than before: planned update or tampering."},
    {RuleId::IdentityChanged, "asset.identity_changed", "Device identity changed", S::Medium,
     "T0849", "Masquerading",
     "A device reports another serial, model or vendor than before: it was replaced or "
     "something impersonates it."},
}};

constexpr bool rules_in_id_order() {
  for (std::size_t i = 0; i < kRules.size(); ++i)
    if (static_cast<std::size_t>(kRules[i].id) != i) return false;
  return true;
}
static_assert(rules_in_id_order(), "kRules must list every rule in RuleId order");

}  // namespace

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Low:
      return "low";
    case Severity::Medium:
      return "medium";
    case Severity::High:
      return "high";
    case Severity::Critical:
      return "critical";
  }
  return "low";
}

std::optional<Severity> severity_from_name(std::string_view name) {
  for (Severity s : {Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
    if (severity_name(s) == name) return s;
  return std::nullopt;
}

std::span<const Rule> builtin_rules() {
  return kRules;
}

const Rule& rule(RuleId id) {
  return kRules[static_cast<std::size_t>(id)];
}

const Rule* find_rule(std::string_view name) {
  for (const Rule& r : kRules)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace otscope::detection
