// The IEC 104 entry for the dispatcher: the probe, the session factory, the command rules and
// what the two ends of the protocol are.
#include "protocols/iec104/iec104.h"

#include <memory>

#include "protocols/iec104/decoder.h"
#include "protocols/iec104/session.h"

namespace otscope::iec104 {

namespace {

// A flow is IEC 104 when its bytes start with an APDU: 0x68, a length of 4..253, a control field
// whose fixed bits fit its format (an S frame or exactly one U function with zero octets after
// it; an I frame with a defined type identification, at least one object and a defined cause of
// transmission), and, when the bytes go past that APDU, another start byte right after it.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  switch (apdu_start(first_bytes, true)) {
    case ApduStart::No:
      return ProbeResult::NoMatch;
    case ApduStart::NeedMore:
      return ProbeResult::NeedMore;
    case ApduStart::Yes:
      break;
  }
  const std::size_t end = std::size_t{2} + first_bytes[1];
  if (first_bytes.size() > end && first_bytes[end] != kStartByte) return ProbeResult::NoMatch;
  return ProbeResult::Match;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<Iec104Session>(flow, sink);
}

}  // namespace

constexpr std::uint16_t kPorts[] = {kPort};

const CommandRule kControlCommand{
    "iec104.control_command",
    "IEC 104 control command",
    Severity::Medium,
    "T0855",
    "Unauthorized Command Message",
    "A single, double, regulating step or bitstring command was sent to an outstation: it "
    "operates field equipment (breakers, switches, tap changers). Check that it came from the "
    "SCADA master during an operator action."};
const CommandRule kSetpointCommand{
    "iec104.setpoint_command",
    "IEC 104 set point command",
    Severity::Medium,
    "T0855",
    "Unauthorized Command Message",
    "A set point was sent to an outstation: it changes a value the process is controlled to. "
    "Check the value and that it came from the SCADA master."};
const CommandRule kResetProcess{
    "iec104.reset_process",
    "IEC 104 reset process command",
    Severity::High,
    "T0816",
    "Device Restart/Shutdown",
    "The outstation was told to reset its process (or its event buffer): it reinitialises and "
    "may drop pending events. A master does this only during commissioning or recovery."};
const CommandRule kClockSync{
    "iec104.clock_sync",
    "IEC 104 clock synchronisation",
    Severity::Low,
    "T0836",
    "Modify Parameter",
    "The outstation's clock was set: event time stamps follow it. Routine from the SCADA master; "
    "from any other host it falsifies the sequence of events."};
const CommandRule kParameterChange{
    "iec104.parameter_change",
    "IEC 104 parameter change",
    Severity::Medium,
    "T0836",
    "Modify Parameter",
    "A measured-value parameter (threshold, smoothing, limit) was set or activated on the "
    "outstation: it changes what the outstation reports and when."};

const CommandRule kSequenceGap{
    "iec104.sequence_gap",
    "IEC 104 sequence number gap or repeat",
    Severity::Low,
    "T0830",
    "Adversary-in-the-Middle",
    "An end sent an I frame whose send sequence number N(S) is not the one due, or acknowledged "
    "less than it had before, although the TCP stream was whole: frames were dropped, repeated or "
    "injected between the stations. Look for a second path or a host in the middle."};

namespace {
constexpr const CommandRule* kCommands[] = {&kControlCommand, &kSetpointCommand, &kResetProcess,
                                            &kClockSync,      &kParameterChange, &kSequenceGap};
constexpr const ProtocolInfo* kReports[] = {&kInfo};
}  // namespace

const ProtocolInfo kInfo{
    .name = "iec104",
    .display_name = "IEC 60870-5-104",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::FieldStation,
              .server_confidence = 0.9,
              .server_label = "IEC 104 outstation",
              .client = ClientKind::Master,
              .client_label = "IEC 104 controlling station"},
    .address_field = "iec104_common_address",
};

const CommandRule* command_rule(const TypeInfo& type) {
  switch (type.kind) {
    case TypeKind::Command:
      return &kControlCommand;
    case TypeKind::Setpoint:
      return &kSetpointCommand;
    case TypeKind::ResetProcess:
      return &kResetProcess;
    case TypeKind::ClockSync:
      return &kClockSync;
    case TypeKind::Parameter:
    case TypeKind::ParameterActivation:
      return &kParameterChange;
    default:
      return nullptr;
  }
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"iec104", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::iec104
