#include "protocols/modbus/modbus.h"

#include <memory>

#include "protocols/modbus/codes.h"
#include "protocols/modbus/decoder.h"
#include "protocols/modbus/framer.h"
#include "protocols/modbus/session.h"
#include "protocols/modbus/umas.h"

namespace otscope::modbus {
namespace {

/// A direction's first bytes are Modbus/TCP when they start with a plausible MBAP header
/// (protocol id 0, length 2..254, function not 0), an exception response is exactly
/// unit + function + code long, and whatever follows the first ADU starts another header.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  bool need_more = false;
  if (!plausible_header(first_bytes, need_more)) {
    return need_more ? ProbeResult::NeedMore : ProbeResult::NoMatch;
  }
  MbapHeader h;
  read_mbap(first_bytes, h);
  if ((first_bytes[kMbapSize] & kExceptionBit) != 0 && h.length != 3) return ProbeResult::NoMatch;
  const std::size_t size = adu_size(h);
  if (first_bytes.size() > size) {
    if (!plausible_header(first_bytes.subspan(size), need_more) && !need_more) {
      return ProbeResult::NoMatch;
    }
  }
  return ProbeResult::Match;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<ModbusSession>(flow, sink);
}

}  // namespace

constexpr std::uint16_t kPorts[] = {502};
constexpr std::uint32_t kGatewayExceptions[] = {
    static_cast<std::uint32_t>(ExceptionCode::GatewayPathUnavailable),
    static_cast<std::uint32_t>(ExceptionCode::GatewayTargetDeviceFailedToRespond)};

const CommandRule kRestartCommunications{
    "modbus.restart_communications",
    "Modbus restart communications",
    Severity::High,
    "T0816",
    "Device Restart/Shutdown",
    "Diagnostics sub-function 0x01 restarts the device's communication port and can reset it."};
const CommandRule kForceListenOnly{
    "modbus.force_listen_only",
    "Modbus force listen-only mode",
    Severity::High,
    "T0814",
    "Denial of Service",
    "Diagnostics sub-function 0x04 makes the device stop answering until it is restarted."};
const CommandRule kClearCounters{
    "modbus.clear_counters",
    "Modbus diagnostic counters cleared",
    Severity::Medium,
    "T0872",
    "Indicator Removal on Host",
    "Diagnostic counters were cleared: evidence of errors and earlier traffic is erased."};

const CommandRule kUmasStopPlc{
    "modbus.umas_stop_plc",
    "UMAS PLC stop command",
    Severity::Critical,
    "T0858",
    "Change Operating Mode",
    "A Schneider PLC was told over UMAS to stop its program: outputs go to their stop state and "
    "the process is no longer controlled."};
const CommandRule kUmasStartPlc{
    "modbus.umas_start_plc",
    "UMAS PLC start command",
    Severity::High,
    "T0858",
    "Change Operating Mode",
    "A Schneider PLC was told over UMAS to start (or restart) its program."};
const CommandRule kUmasProgramDownload{
    "modbus.umas_program_download",
    "UMAS program download to PLC",
    Severity::Critical,
    "T0843",
    "Program Download",
    "A program (UMAS strategy upload) was sent to a Schneider PLC: its control logic is being "
    "replaced."};
const CommandRule kUmasProgramUpload{
    "modbus.umas_program_upload",
    "UMAS program upload from PLC",
    Severity::High,
    "T0845",
    "Program Upload",
    "The program of a Schneider PLC was read out (UMAS strategy download): someone is copying its "
    "logic."};
const CommandRule kUmasReservation{
    "modbus.umas_reservation",
    "UMAS PLC reservation taken",
    Severity::Medium,
    "T0855",
    "Unauthorized Command Message",
    "A host took the reservation of a Schneider PLC, which an engineering tool holds while it "
    "stops, starts or reprograms the PLC."};

constexpr const CommandRule* kCommands[] = {
    &kRestartCommunications, &kForceListenOnly,     &kClearCounters,     &kUmasStopPlc,
    &kUmasStartPlc,          &kUmasProgramDownload, &kUmasProgramUpload, &kUmasReservation};

const ProtocolInfo kInfo{
    .name = "modbus",
    .display_name = "Modbus",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.85,
              .client = ClientKind::Operator,
              .units_behind_gateway = true,
              .gateway_exceptions = kGatewayExceptions},
    .address_field = "modbus_unit",
};

const CommandRule* diagnostic_command(std::uint16_t sub_function) {
  if (!diagnostic_changes_state(sub_function)) return nullptr;
  switch (static_cast<DiagnosticSubFunction>(sub_function)) {
    case DiagnosticSubFunction::RestartCommunicationsOption:
      return &kRestartCommunications;
    case DiagnosticSubFunction::ForceListenOnlyMode:
      return &kForceListenOnly;
    default:
      return &kClearCounters;
  }
}

const CommandRule* umas_command(std::uint8_t umas_code) {
  switch (static_cast<UmasCode>(umas_code)) {
    case UmasCode::StopPlc:
      return &kUmasStopPlc;
    case UmasCode::StartPlc:
      return &kUmasStartPlc;
    case UmasCode::InitializeUpload:
    case UmasCode::UploadBlock:
    case UmasCode::EndStrategyUpload:
      return &kUmasProgramDownload;
    case UmasCode::InitializeDownload:
    case UmasCode::DownloadBlock:
    case UmasCode::EndStrategyDownload:
      return &kUmasProgramUpload;
    case UmasCode::TakePlcReservation:
      return &kUmasReservation;
    default:
      return nullptr;
  }
}

namespace {
constexpr const ProtocolInfo* kReports[] = {&kInfo};
}  // namespace

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"modbus", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::modbus
