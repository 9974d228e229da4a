// The EtherNet/IP entry for the dispatcher: one descriptor for TCP/UDP 44818 (encapsulation)
// and UDP 2222 (class-1 I/O) whose sessions report `enip` and `cip`.
#include "protocols/enip/enip.h"

#include <memory>

#include "protocols/enip/codes.h"
#include "protocols/enip/encap.h"
#include "protocols/enip/session.h"

namespace otscope::enip {

namespace {

std::uint16_t le16_at(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8);
}
std::uint32_t le32_at(Bytes b, std::size_t at) {
  return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
         std::uint32_t{b[at + 3]} << 24;
}

// The command-specific checks a message start must also pass: Register Session carries its
// 4-byte version block; Send RR/Unit Data an established session, interface handle 0 and a CPF
// of one to eight items; the List commands nothing (request) or a CPF (reply). Indicate Status
// and Cancel never start a flow.
ProbeResult command_fits(Bytes b) {
  const std::uint16_t command = le16_at(b, 0);
  const std::uint16_t length = le16_at(b, 2);
  switch (command) {
    case cmd::kRegisterSession:
      return length == 4 ? ProbeResult::Match : ProbeResult::NoMatch;
    case cmd::kUnRegisterSession:
      return length == 0 ? ProbeResult::Match : ProbeResult::NoMatch;
    case cmd::kSendRRData:
    case cmd::kSendUnitData: {
      if (length < 10 || le32_at(b, 4) == 0) return ProbeResult::NoMatch;
      if (b.size() < kHeaderSize + 8) return ProbeResult::NeedMore;
      const std::uint16_t items = le16_at(b, kHeaderSize + 6);
      return le32_at(b, kHeaderSize) == 0 && items >= 1 && items <= 8 ? ProbeResult::Match
                                                                      : ProbeResult::NoMatch;
    }
    case cmd::kListIdentity:
    case cmd::kListServices:
    case cmd::kListInterfaces: {
      if (length == 0) return ProbeResult::Match;
      if (length < 2) return ProbeResult::NoMatch;
      if (b.size() < kHeaderSize + 2) return ProbeResult::NeedMore;
      const std::uint16_t items = le16_at(b, kHeaderSize);
      return items <= 8 ? ProbeResult::Match : ProbeResult::NoMatch;
    }
    default:
      return ProbeResult::NoMatch;
  }
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<EnipSession>(flow, sink);
}

}  // namespace

ProbeResult probe(Bytes first, Transport transport) {
  if (transport != Transport::Tcp && transport != Transport::Udp) return ProbeResult::NoMatch;
  // A datagram is all there is: an empty one is nothing.
  if (first.empty())
    return transport == Transport::Udp ? ProbeResult::NoMatch : ProbeResult::NeedMore;
  // A datagram is whole: class-1 I/O, or one encapsulation message exactly.
  if (transport == Transport::Udp) {
    if (plausible_io(first)) return ProbeResult::Match;
    bool need_more = false;
    if (!plausible_header(first, need_more)) return ProbeResult::NoMatch;
    if (first.size() != kHeaderSize + le16_at(first, 2)) return ProbeResult::NoMatch;
    return command_fits(first) == ProbeResult::Match ? ProbeResult::Match : ProbeResult::NoMatch;
  }
  bool need_more = false;
  if (!plausible_header(first, need_more))
    return need_more ? ProbeResult::NeedMore : ProbeResult::NoMatch;
  return command_fits(first);
}

constexpr std::uint16_t kEnipPorts[] = {kTcpPort, kIoPort};

const CommandRule kStop{"cip.plc_stop",
                        "CIP stop command",
                        Severity::Critical,
                        "T0858",
                        "Change Operating Mode",
                        "A CIP Stop service was sent to the controller: its program stops and the "
                        "outputs go to their stop state."};
const CommandRule kStart{"cip.plc_start",
                         "CIP start command",
                         Severity::High,
                         "T0858",
                         "Change Operating Mode",
                         "A CIP Start service put the controller (back) into run: the program "
                         "drives the outputs again."};
const CommandRule kReset{"cip.device_reset",
                         "CIP device reset",
                         Severity::Critical,
                         "T0816",
                         "Device Restart/Shutdown",
                         "The Identity object's Reset service restarts the device, possibly back "
                         "to its factory settings: it stops controlling and communicating."};
const CommandRule kFirmwareUpdate{
    "cip.firmware_update",
    "CIP firmware update",
    Severity::Critical,
    "T0857",
    "System Firmware",
    "New firmware is being written to the device (Nonvolatile Storage object 0xA1): check that "
    "the update was planned and comes from the vendor."};
const CommandRule kProgramDownload{
    "cip.program_download",
    "CIP file download to the device",
    Severity::High,
    "T0843",
    "Program Download",
    "A file (program, configuration) was pushed to the device through the CIP File object."};
const CommandRule kProgramUpload{
    "cip.program_upload",
    "CIP file upload from the device",
    Severity::Medium,
    "T0845",
    "Program Upload",
    "A file (program, configuration) was read out of the device through the CIP File object."};
const CommandRule kLock{"cip.controller_lock",
                        "Controller lock/unlock",
                        Severity::High,
                        "T0855",
                        "Unauthorized Command Message",
                        "The controller was locked or unlocked remotely: its protection against "
                        "changes was lifted or set."};
const CommandRule kNetworkSettings{
    "cip.network_settings",
    "Device network settings changed",
    Severity::High,
    "T0836",
    "Modify Parameter",
    "An attribute of the TCP/IP Interface or Ethernet Link object was set: the device's address, "
    "gateway or link settings changed and it may drop off the network."};

const CommandRule kPcccModeChange{
    "cip.pccc_mode_change",
    "PCCC processor mode change",
    Severity::Critical,
    "T0858",
    "Change Operating Mode",
    "A PCCC command carried by CIP switched an SLC 500/MicroLogix/PLC-5 processor between PROGRAM "
    "and RUN (or TEST): in PROGRAM its outputs are no longer driven by the logic."};

namespace {

constexpr const CommandRule* kCipCommands[] = {
    &kStop,          &kStart, &kReset,           &kFirmwareUpdate, &kProgramDownload,
    &kProgramUpload, &kLock,  &kNetworkSettings, &kPcccModeChange};
// An adapter/PLC answers; a scanner or HMI asks.
constexpr RoleHints kRoles{.server = ServerKind::Controller,
                           .server_confidence = 0.9,
                           .server_label = "EtherNet/IP adapter",
                           .client = ClientKind::Operator,
                           .client_label = "EtherNet/IP scanner"};

bool is_set(std::uint8_t service) {
  return service == svc::kSetAttributeSingle || service == svc::kSetAttributesAll ||
         service == svc::kSetAttributeList;
}
bool is_get(std::uint8_t service) {
  return service == svc::kGetAttributeSingle || service == svc::kGetAttributesAll ||
         service == svc::kGetAttributeList;
}

}  // namespace

const CommandRule* cip_command(std::uint8_t service, const CipPath& path, Bytes data) {
  const std::uint32_t object_class = path.object_class.value_or(0);
  if (path.symbolic()) return nullptr;
  switch (service) {
    case svc::kStop:
      return &kStop;
    case svc::kStart:
      return &kStart;
    case svc::kReset:
      // Reset addressed to the Identity object restarts the device; other objects reset
      // themselves (a connection, a counter).
      if (object_class == cls::kIdentity) return &kReset;
      break;
    default:
      break;
  }
  if (object_class == cls::kPccc && service == svc::kExecutePccc) {
    PcccCommand pccc;
    if (decode_pccc(data, pccc) == CipError::None && pccc.command == kPcccCommand0F &&
        (pccc.function == kPcccSetCpuMode || pccc.function == kPcccChangeMode))
      return &kPcccModeChange;
    return nullptr;
  }
  if (object_class == cls::kNonvolatileStorage && !is_get(service)) return &kFirmwareUpdate;
  if (object_class == cls::kFile && service == svc::kInitiateDownload) return &kProgramDownload;
  if (object_class == cls::kFile && service == svc::kInitiateUpload) return &kProgramUpload;
  if (object_class == cls::kController && service == svc::kControllerLock) return &kLock;
  if ((object_class == cls::kTcpIpInterface || object_class == cls::kEthernetLink) &&
      is_set(service))
    return &kNetworkSettings;
  return nullptr;
}

const ProtocolInfo kEnipInfo{
    .name = "enip",
    .display_name = "EtherNet/IP",
    .ports = kEnipPorts,
    .roles = kRoles,
};
const ProtocolInfo kCipInfo{
    .name = "cip",
    .display_name = "CIP",
    .ports = kEnipPorts,
    .commands = kCipCommands,
    .roles = kRoles,
};

namespace {
constexpr const ProtocolInfo* kReports[] = {&kEnipInfo, &kCipInfo};
}  // namespace

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"enip", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::enip
