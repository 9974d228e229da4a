// The FINS entry for the dispatcher.
#include "protocols/fins/fins.h"

#include <memory>

#include "protocols/fins/codes.h"
#include "protocols/fins/decoder.h"
#include "protocols/fins/session.h"

namespace otscope::fins {

ProbeResult probe(Bytes first, Transport transport) {
  if (transport == Transport::Udp)
    return plausible_frame(first) ? ProbeResult::Match : ProbeResult::NoMatch;
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  if (first.empty()) return ProbeResult::NeedMore;
  bool need_more = false;
  if (plausible_tcp(first, need_more)) return ProbeResult::Match;
  return need_more ? ProbeResult::NeedMore : ProbeResult::NoMatch;
}

constexpr std::uint16_t kPorts[] = {kPort};

const CommandRule kRun{"fins.plc_run",
                       "FINS run command",
                       Severity::High,
                       "T0858",
                       "Change Operating Mode",
                       "The OMRON PLC was switched to RUN or MONITOR mode remotely: its program "
                       "drives the outputs again."};
const CommandRule kStop{"fins.plc_stop",
                        "FINS stop command",
                        Severity::Critical,
                        "T0858",
                        "Change Operating Mode",
                        "The OMRON PLC was told to stop (PROGRAM mode): its program no longer "
                        "controls the process."};
const CommandRule kProgramDownload{"fins.program_download",
                                   "FINS program area write",
                                   Severity::Critical,
                                   "T0843",
                                   "Program Download",
                                   "The PLC's user program was written over FINS: the control "
                                   "logic changed."};
const CommandRule kProgramUpload{"fins.program_upload",
                                 "FINS program area read",
                                 Severity::Medium,
                                 "T0845",
                                 "Program Upload",
                                 "The PLC's user program was read out over FINS: someone is "
                                 "copying its logic."};
const CommandRule kProgramClear{
    "fins.program_clear", "FINS program area clear",
    Severity::Critical,   "T0809",
    "Data Destruction",   "The PLC's user program was cleared: the control logic is gone."};
const CommandRule kParameterChange{"fins.parameter_change",
                                   "FINS parameter area write or clear",
                                   Severity::High,
                                   "T0836",
                                   "Modify Parameter",
                                   "The PLC Setup, I/O table or routing tables were written or "
                                   "cleared: the controller's configuration changed."};
const CommandRule kProtection{"fins.program_protection",
                              "FINS program protection changed",
                              Severity::Medium,
                              "T0859",
                              "Valid Accounts",
                              "The program area's write protection was set or lifted with its "
                              "password."};
const CommandRule kSetClock{"fins.set_clock",
                            "FINS clock write",
                            Severity::Medium,
                            "T0836",
                            "Modify Parameter",
                            "The PLC clock was set remotely: time stamps of its logs can no "
                            "longer be trusted."};
const CommandRule kForce{"fins.force",
                         "FINS forced set/reset",
                         Severity::High,
                         "T0835",
                         "Manipulate I/O Image",
                         "Bits were forced on or off in the PLC: they override the program and "
                         "the real inputs."};
const CommandRule kErrorClear{"fins.error_clear",
                              "FINS error clear",
                              Severity::Medium,
                              "T0878",
                              "Alarm Suppression",
                              "The PLC's errors or error log were cleared remotely: the evidence "
                              "of a fault is gone."};
const CommandRule kFileDestruction{"fins.file_delete",
                                   "FINS file memory format or delete",
                                   Severity::High,
                                   "T0809",
                                   "Data Destruction",
                                   "Files on the PLC's memory card or EM file memory were deleted "
                                   "or the file memory formatted."};

namespace {
constexpr const CommandRule* kCommands[] = {&kRun,           &kStop,           &kProgramDownload,
                                            &kProgramUpload, &kProgramClear,   &kParameterChange,
                                            &kProtection,    &kSetClock,       &kForce,
                                            &kErrorClear,    &kFileDestruction};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<FinsSession>(flow, sink);
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};
}  // namespace

const CommandRule* fins_command(std::uint16_t code) {
  switch (code) {
    case fn::kRun:
      return &kRun;
    case fn::kStop:
      return &kStop;
    case fn::kProgramAreaWrite:
    case fn::kProgramAreaFileTransfer:
      return &kProgramDownload;
    case fn::kProgramAreaRead:
      return &kProgramUpload;
    case fn::kProgramAreaClear:
      return &kProgramClear;
    case fn::kParameterAreaWrite:
    case fn::kParameterAreaClear:
      return &kParameterChange;
    case fn::kProgramAreaProtect:
    case fn::kProgramAreaProtectClear:
      return &kProtection;
    case fn::kClockWrite:
      return &kSetClock;
    case fn::kForcedSetReset:
      return &kForce;
    case fn::kErrorClear:
    case fn::kErrorLogClear:
      return &kErrorClear;
    case fn::kFileMemoryFormat:
    case fn::kFileDelete:
      return &kFileDestruction;
    default:
      return nullptr;
  }
}

const ProtocolInfo kInfo{
    .name = "fins",
    .display_name = "OMRON FINS",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.9,
              .server_label = "OMRON FINS node",
              .client = ClientKind::Operator,
              .client_label = "FINS client"},
};

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"fins", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::fins
