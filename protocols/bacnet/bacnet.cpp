#include "protocols/bacnet/bacnet.h"

#include <memory>

#include "protocols/bacnet/codes.h"
#include "protocols/bacnet/decoder.h"
#include "protocols/bacnet/session.h"

namespace otscope::bacnet {

constexpr std::uint16_t kPorts[] = {kPort};

const CommandRule kReinitialize{
    "bacnet.reinitialize_device",
    "BACnet device restarted (ReinitializeDevice)",
    Severity::High,
    "T0816",
    "Device Restart/Shutdown",
    "The controller was told to cold or warm start (or activate changes): it stops controlling "
    "while it restarts. Confirm who sent it and why."};
const CommandRule kBackup{
    "bacnet.backup",
    "BACnet device configuration backup started",
    Severity::Medium,
    "T0845",
    "Program Upload",
    "The controller was put into backup mode: its configuration files are read out. Expected "
    "only from the building management workstation during maintenance."};
const CommandRule kRestore{
    "bacnet.restore",
    "BACnet device configuration restore",
    Severity::High,
    "T0843",
    "Program Download",
    "The controller was put into restore mode: its configuration is replaced by files written "
    "over the network. Check the change was planned."};
const CommandRule kCommunicationDisabled{
    "bacnet.communication_disabled",
    "BACnet device told to stop communicating",
    Severity::High,
    "T0814",
    "Denial of Service",
    "DeviceCommunicationControl disabled the controller's communication: it no longer answers "
    "the operators until re-enabled or the time runs out."};
const CommandRule kInitiationDisabled{
    "bacnet.initiation_disabled",
    "BACnet device told to stop reporting",
    Severity::High,
    "T0804",
    "Block Reporting Message",
    "DeviceCommunicationControl disabled initiation: the controller stops sending alarms, "
    "events and I-Am until re-enabled."};
const CommandRule kLifeSafetyPriorityWrite{
    "bacnet.life_safety_priority_write",
    "BACnet write at life-safety priority",
    Severity::High,
    "T0855",
    "Unauthorized Command Message",
    "A value was commanded at priority 1 or 2 (manual or automatic life safety), which overrides "
    "every operator and program command. Verify it came from a life-safety system."};
const CommandRule kFileWrite{
    "bacnet.file_write",
    "File written to BACnet device",
    Severity::High,
    "T0843",
    "Program Download",
    "AtomicWriteFile wrote a file on the controller: a program, configuration or firmware "
    "download. Check it was planned."};
const CommandRule kObjectDeleted{
    "bacnet.object_deleted",
    "BACnet object deleted",
    Severity::Medium,
    "T0809",
    "Data Destruction",
    "An object (schedule, trend log, point...) was deleted from the controller."};

namespace {

constexpr const CommandRule* kCommands[] = {&kReinitialize,
                                            &kBackup,
                                            &kRestore,
                                            &kCommunicationDisabled,
                                            &kInitiationDisabled,
                                            &kLifeSafetyPriorityWrite,
                                            &kFileWrite,
                                            &kObjectDeleted};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<BacnetSession>(flow, sink);
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

const ProtocolInfo kInfo{
    .name = "bacnet",
    .display_name = "BACnet/IP",
    .ports = kPorts,
    .commands = kCommands,
    // A device answering BACnet requests is a building controller (or a router or gateway in
    // front of MS/TP controllers): less sure than a PLC answering Modbus or S7.
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.7,
              .server_label = "BACnet device",
              .client = ClientKind::Operator,
              .client_label = "BACnet workstation"},
    .address_field = "bacnet_device",
};

// A BVLC header (type 0x81, a defined function, the length of the datagram) and, for the
// functions that carry one, an NPDU of version 1. UDP only: each datagram is one BVLC message.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Udp) return ProbeResult::NoMatch;
  if (first_bytes.size() < 4 || first_bytes[0] != kBvlcType) return ProbeResult::NoMatch;
  const std::uint8_t function = first_bytes[1];
  if (function > kSecureBvll) return ProbeResult::NoMatch;
  const std::size_t length = static_cast<std::size_t>(first_bytes[2] << 8 | first_bytes[3]);
  if (length != first_bytes.size()) return ProbeResult::NoMatch;
  Bvlc bvlc;
  if (decode_bvlc(first_bytes, bvlc) != Error::None) return ProbeResult::NoMatch;
  if (bvlc.npdu) {
    Npdu npdu;
    if (decode_npdu(*bvlc.npdu, npdu) != Error::None) return ProbeResult::NoMatch;
    if (!npdu.network_message) {
      Apdu apdu;
      if (decode_apdu(npdu.payload, apdu) != Error::None) return ProbeResult::NoMatch;
    }
  }
  return ProbeResult::Match;
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"bacnet", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::bacnet
