#include "protocols/snmp/snmp.h"

#include <memory>

#include "protocols/snmp/codes.h"
#include "protocols/snmp/decoder.h"
#include "protocols/snmp/session.h"

namespace otscope::snmp {

constexpr std::uint16_t kPorts[] = {kAgentPort, kTrapPort};

const CommandRule kSet{"snmp.set",
                       "SNMP SetRequest",
                       Severity::Medium,
                       "T0836",
                       "Modify Parameter",
                       "A manager changed a setting on the device over SNMP (interfaces, "
                       "addresses, names, ports can be changed this way). Check it was planned."};

namespace {

constexpr const CommandRule* kCommands[] = {&kSet};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<SnmpSession>(flow, sink);
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

const ProtocolInfo kInfo{
    .name = "snmp",
    .display_name = "SNMP",
    .ports = kPorts,
    .commands = kCommands,
    // Every managed switch, printer and server runs an SNMP agent: answering SNMP says little
    // about being a controller. RoleHints has no "managed device" kind, so the hint is kept
    // weak enough that any other evidence decides the role (see README.md).
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.1,
              .server_label = "SNMP agent (managed device)",
              .client = ClientKind::Operator,
              .client_label = "SNMP manager"},
};

// The whole datagram must decode: a BER SEQUENCE, version 0/1/3, community or v3 header, a
// PDU. DNS, NTP, NetBIOS and the other UDP protocols never start with 0x30 and a valid BER
// structure covering the datagram.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Udp) return ProbeResult::NoMatch;
  if (first_bytes.size() < 2 || first_bytes[0] != 0x30) return ProbeResult::NoMatch;
  Message m;
  return decode_message(first_bytes, m, 0) == Error::None ? ProbeResult::Match
                                                          : ProbeResult::NoMatch;
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"snmp", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::snmp
