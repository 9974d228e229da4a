// The S7 entry for the dispatcher: one descriptor for ISO-on-TCP traffic (TCP 102) whose session
// reports S7comm and S7comm-plus.
#include "protocols/s7/s7.h"

#include <algorithm>
#include <memory>

#include "protocols/s7/codes.h"
#include "protocols/s7/s7comm.h"
#include "protocols/s7/session.h"
#include "protocols/s7/tpkt.h"

namespace otscope::s7 {

namespace {

// A flow is S7 when its bytes start with a TPKT header (version 3, reserved 0, length >= 7)
// holding a COTP PDU type that exists, with a consistent length indicator, and, for data, an
// S7comm or S7comm-plus protocol id. Fewer than 7 bytes that fit so far: wait for more.
// A COTP connection request or confirm is shared with the other ISO-on-TCP protocols (IEC 61850
// MMS): the first data TPDU after it decides; until it comes, S7 TSAPs (connection type 1..0x1F
// and rack/slot, or a "SIMATIC-" name) claim the flow, any other TSAPs wait for the data.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  switch (frame_start(first_bytes)) {
    case FrameStart::No:
      return ProbeResult::NoMatch;
    case FrameStart::NeedMore:
      return ProbeResult::NeedMore;
    case FrameStart::Yes:
      break;
  }
  if (first_bytes.size() < kTpktMinLength) return ProbeResult::NeedMore;
  const std::uint8_t type = first_bytes[5] & 0xF0;
  if (type != static_cast<std::uint8_t>(CotpType::ConnectionRequest) &&
      type != static_cast<std::uint8_t>(CotpType::ConnectionConfirm))
    return ProbeResult::Match;
  const IsoOpening opening = iso_opening(first_bytes);
  const bool s7_tsaps = s7_tsap(opening.called_tsap) || s7_tsap(opening.calling_tsap);
  switch (opening.kind) {
    case IsoOpening::Kind::NotIso:
      return ProbeResult::NoMatch;
    case IsoOpening::Kind::Other:  // e.g. a disconnect: nothing but the TSAPs to go by
      return s7_tsaps ? ProbeResult::Match : ProbeResult::NoMatch;
    case IsoOpening::Kind::Data:
      if (opening.data.empty())
        return opening.data_complete ? ProbeResult::Match : ProbeResult::NeedMore;
      return opening.data[0] == kS7commId || opening.data[0] == kS7commPlusId
                 ? ProbeResult::Match
                 : ProbeResult::NoMatch;
    case IsoOpening::Kind::NeedMore:
      break;
  }
  return s7_tsaps ? ProbeResult::Match : ProbeResult::NeedMore;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<S7Session>(flow, sink);
}

}  // namespace

constexpr std::uint16_t kPorts[] = {102};

const CommandRule kPlcStop{
    "s7.plc_stop",
    "PLC stop command",
    Severity::Critical,
    "T0858",
    "Change Operating Mode",
    "The PLC was told to stop its program: outputs go to their stop state and the process is no "
    "longer controlled."};
const CommandRule kPlcStart{
    "s7.plc_start",
    "PLC start/restart command",
    Severity::High,
    "T0858",
    "Change Operating Mode",
    "The PLC program was (re)started remotely, possibly with a cold restart that resets data."};
const CommandRule kModeChange{
    "s7.mode_change",
    "PLC operating mode change",
    Severity::High,
    "T0858",
    "Change Operating Mode",
    "A remote command changed the CPU operating mode (HOLD, breakpoint, operating state)."};
const CommandRule kProgramDownload{
    "s7.program_download",
    "Program block download to PLC",
    Severity::Critical,
    "T0843",
    "Program Download",
    "Program or data blocks were downloaded to the PLC and activated: the control logic changed."};
const CommandRule kConfigDownload{
    "s7.config_download",
    "Hardware configuration download to PLC",
    Severity::High,
    "T0836",
    "Modify Parameter",
    "System data blocks (hardware and network configuration) were downloaded, replaced or "
    "deleted on the PLC."};
const CommandRule kProgramUpload{
    "s7.program_upload",
    "Program block upload from PLC",
    Severity::High,
    "T0845",
    "Program Upload",
    "Blocks were read out of the PLC: someone is copying its program or configuration."};
const CommandRule kProgramDelete{
    "s7.program_delete",
    "PLC blocks deleted or memory reset",
    Severity::Critical,
    "T0809",
    "Data Destruction",
    "Blocks were deleted from the PLC or its memory was reset: control logic is gone."};
const CommandRule kCopyRamToRom{
    "s7.copy_ram_to_rom",
    "Copy RAM to ROM",
    Severity::High,
    "T0889",
    "Modify Program",
    "The program in work memory was made permanent: it survives a power cycle."};
const CommandRule kPiService{
    "s7.pi_service",
    "PLC control service",
    Severity::Medium,
    "T0855",
    "Unauthorized Command Message",
    "A PLC control (PI) service other than start, block activation or RAM-to-ROM was called."};
const CommandRule kPassword{
    "s7.password",
    "PLC password sent",
    Severity::Medium,
    "T0859",
    "Valid Accounts",
    "A password was sent to lift the PLC's protection level; repeated attempts mean guessing."};
const CommandRule kSetClock{
    "s7.set_clock",
    "PLC clock set",
    Severity::Medium,
    "T0836",
    "Modify Parameter",
    "The PLC clock was set remotely: time stamps of alarms and logs can no longer be trusted."};
const CommandRule kForce{
    "s7.force",
    "Forced PLC inputs/outputs",
    Severity::High,
    "T0835",
    "Manipulate I/O Image",
    "Values were forced in the PLC: they override the program and the real inputs."};
const CommandRule kPlusProgramTransfer{
    "s7plus.program_transfer",
    "S7comm-plus program transfer",
    Severity::High,
    "T0843",
    "Program Download",
    "An S7-1200/1500 engineering sequence created or changed program objects (download, upload "
    "or online change)."};

namespace {
constexpr const CommandRule* kS7commCommands[] = {
    &kPlcStop,        &kPlcStart,      &kModeChange,    &kProgramDownload,
    &kConfigDownload, &kProgramUpload, &kProgramDelete, &kCopyRamToRom,
    &kPiService,      &kPassword,      &kSetClock,      &kForce};
constexpr const CommandRule* kS7commPlusCommands[] = {&kPlusProgramTransfer};
// An S7 server is a PLC; reading its module information is what engineering tools do.
constexpr RoleHints kS7Roles{.server = ServerKind::Controller,
                             .server_confidence = 0.9,
                             .client = ClientKind::Operator,
                             .identification_is_engineering = true};
}  // namespace

const ProtocolInfo kS7commInfo{
    .name = "s7comm",
    .display_name = "S7comm",
    .ports = kPorts,
    .commands = kS7commCommands,
    .roles = kS7Roles,
};
const ProtocolInfo kS7commPlusInfo{
    .name = "s7comm_plus",
    .display_name = "S7comm-plus",
    .ports = kPorts,
    .commands = kS7commPlusCommands,
    .roles = kS7Roles,
};

namespace {

bool is_system_data_block(const BlockId& b) {
  return b.type.starts_with("SDB");
}

const CommandRule* pi_service_command(const PiCall& pi) {
  const PiServiceInfo* info = pi_service(pi.service);
  if (info == nullptr) return &kPiService;
  if (info->op == OpClass::ModeChange) return &kPlcStart;
  // Replacing system data blocks (delete the old, insert the new) is a configuration download.
  if (info->block_list && !pi.blocks.empty() &&
      std::all_of(pi.blocks.begin(), pi.blocks.end(), is_system_data_block))
    return &kConfigDownload;
  if (pi.service == "_INSE" || pi.service == "_INS2") return &kProgramDownload;
  if (pi.service == "_DELE") return &kProgramDelete;
  if (pi.service == "_MODU") return &kCopyRamToRom;
  return &kPiService;
}

constexpr const ProtocolInfo* kReports[] = {&kS7commInfo, &kS7commPlusInfo};

}  // namespace

const CommandRule* s7comm_command(const S7Pdu& pdu, std::uint32_t function, OpClass op) {
  switch (function) {
    case fn::kPlcStop:
      return &kPlcStop;
    case fn::kRequestDownload: {
      // System data blocks carry the hardware and network configuration.
      const bool sdb = pdu.block.has_block ? is_system_data_block(pdu.block.block)
                                           : pdu.block.file_name.starts_with("SDB");
      return sdb ? &kConfigDownload : &kProgramDownload;
    }
    case fn::kStartUpload:
      return &kProgramUpload;
    case fn::kPiService:
      return pi_service_command(pdu.pi);
    case userdata_function_code(group::kSecurity, sub::kPassword):
      return &kPassword;
    case userdata_function_code(group::kTime, sub::kSetClock):
    case userdata_function_code(group::kTime, sub::kSetClock2):
      return &kSetClock;
    case userdata_function_code(group::kProgrammer, sub::kForce):
      return &kForce;
    case userdata_function_code(group::kProgrammer, sub::kMemoryReset):
      return &kProgramDelete;
    default:
      break;
  }
  return op == OpClass::ModeChange ? &kModeChange : nullptr;
}

const CommandRule* s7plus_command(OpClass op) {
  if (op == OpClass::ModeChange) return &kModeChange;
  if (op == OpClass::Program) return &kPlusProgramTransfer;
  return nullptr;
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"s7comm", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::s7
