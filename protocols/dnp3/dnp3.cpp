#include "protocols/dnp3/dnp3.h"

#include <algorithm>
#include <memory>

#include "protocols/dnp3/application.h"
#include "protocols/dnp3/codes.h"
#include "protocols/dnp3/link.h"
#include "protocols/dnp3/session.h"

namespace otscope::dnp3 {
namespace {

/// Exact signature: 0x05 0x64, a header CRC that matches and a LEN of at least 5. The CRC makes
/// a false match on other traffic about one in 65536 even before LEN is checked.
ProbeResult probe(Bytes first_bytes, Transport /*transport: DNP3 runs over TCP and UDP*/) {
  if (!first_bytes.empty() && first_bytes[0] != kStart1) return ProbeResult::NoMatch;
  if (first_bytes.size() >= 2 && first_bytes[1] != kStart2) return ProbeResult::NoMatch;
  if (first_bytes.size() < kLinkHeaderSize) return ProbeResult::NeedMore;
  LinkHeader header;
  return parse_link_header(first_bytes, header) == LinkError::None ? ProbeResult::Match
                                                                   : ProbeResult::NoMatch;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<Dnp3Session>(flow, sink);
}

}  // namespace

constexpr std::uint16_t kPorts[] = {20000};

const CommandRule kRestart{
    "dnp3.restart",
    "Outstation restart command",
    Severity::High,
    "T0816",
    "Device Restart/Shutdown",
    "The outstation was told to restart: it stops reporting and controlling while it reboots."};
const CommandRule kApplicationControl{
    "dnp3.application_control",
    "Outstation application started, stopped or initialised",
    Severity::High,
    "T0858",
    "Change Operating Mode",
    "An application or its data on the outstation was stopped, started or reset to initial "
    "values."};
const CommandRule kConfigurationChange{
    "dnp3.configuration_change",
    "Outstation configuration saved or activated",
    Severity::High,
    "T0836",
    "Modify Parameter",
    "A configuration (or firmware) file was saved or activated on the outstation."};
const CommandRule kDisableUnsolicited{
    "dnp3.disable_unsolicited",
    "Unsolicited reporting disabled",
    Severity::High,
    "T0878",
    "Alarm Suppression",
    "The outstation was told to stop reporting events on its own: alarms now wait for polls."};
const CommandRule kFileDelete{
    "dnp3.file_delete", "File deleted on outstation",
    Severity::High,     "T0809",
    "Data Destruction", "A file was deleted on the outstation (configuration, logs or firmware)."};
const CommandRule kFileTransfer{
    "dnp3.file_transfer",
    "File transfer with outstation",
    Severity::Medium,
    "T0867",
    "Lateral Tool Transfer",
    "Files were opened, read or written on the outstation: configuration or firmware can change "
    "this way."};

constexpr const CommandRule* kCommands[] = {
    &kRestart,    &kApplicationControl, &kConfigurationChange, &kDisableUnsolicited,
    &kFileDelete, &kFileTransfer};

const ProtocolInfo kInfo{
    .name = "dnp3",
    .display_name = "DNP3",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::FieldStation,
              .server_confidence = 0.9,
              .server_label = "DNP3 outstation",
              .client = ClientKind::Master,
              .client_label = "DNP3 master"},
    .address_field = "dnp3_address",
    .reports_restarts = true,
    .unsolicited_reports = true,
};

namespace {

bool has_group(const Fragment& f, std::uint8_t group) {
  return std::any_of(f.objects.begin(), f.objects.end(),
                     [group](const ObjectBlock& b) { return b.header.group == group; });
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

const CommandRule* request_command(const Fragment& request) {
  switch (request.header.function) {
    case kFuncColdRestart:
    case kFuncWarmRestart:
      return &kRestart;
    case kFuncInitializeData:
    case kFuncInitializeApplication:
    case kFuncStartApplication:
    case kFuncStopApplication:
      return &kApplicationControl;
    case kFuncSaveConfiguration:
    case kFuncActivateConfiguration:
      return &kConfigurationChange;
    case kFuncDisableUnsolicited:
      return &kDisableUnsolicited;
    case kFuncDeleteFile:
      return &kFileDelete;
    case kFuncOpenFile:
    case kFuncCloseFile:
    case kFuncGetFileInfo:
    case kFuncAuthenticateFile:
    case kFuncAbortFile:
      return &kFileTransfer;
    case kFuncWrite:
      // File data is written with WRITE g70 (file transport) inside an open file.
      return has_group(request, kGroupFileControl) ? &kFileTransfer : nullptr;
    default:
      return nullptr;
  }
}

bool is_housekeeping_write(const Fragment& request) {
  if (request.header.function != kFuncWrite || request.objects.empty()) return false;
  return std::all_of(request.objects.begin(), request.objects.end(), [](const ObjectBlock& b) {
    return b.header.group == kGroupTimeAndDate || b.header.group == kGroupInternalIndications;
  });
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"dnp3", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::dnp3
