#include "protocols/profinet/profinet.h"

#include <memory>

#include "protocols/profinet/codes.h"
#include "protocols/profinet/rpc.h"
#include "protocols/profinet/session.h"

namespace otscope::profinet {
namespace {

/// Ethernet frames of type 0x8892 are PROFINET by definition (the flow's data starts with the
/// type); on UDP, a DCE/RPC version 4 header naming one of the PNIO interfaces.
ProbeResult probe(Bytes first, Transport transport) {
  switch (transport) {
    case Transport::Ethernet:
      return first.size() >= 2 && (first[0] << 8 | first[1]) == kEthertype ? ProbeResult::Match
                                                                           : ProbeResult::NoMatch;
    case Transport::Udp: {
      if (first.empty() || first[0] != 4) return ProbeResult::NoMatch;
      RpcHeader h;
      return decode_rpc(first, h) == RpcError::None ? ProbeResult::Match : ProbeResult::NoMatch;
    }
    case Transport::Tcp:
      break;
  }
  return ProbeResult::NoMatch;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<ProfinetSession>(flow, sink);
}

constexpr std::uint16_t kEthertypes[] = {kEthertype};
constexpr std::uint16_t kCmPorts[] = {34964};

constexpr const CommandRule* kDcpCommands[] = {&kSetName, &kSetIp, &kFactoryReset};
constexpr const ProtocolInfo* kReports[] = {&kDcpInfo, &kRtInfo, &kCmInfo};

}  // namespace

const CommandRule kSetName{"profinet_dcp.set_name",
                           "PROFINET device renamed over DCP",
                           Severity::High,
                           "T0836",
                           "Modify Parameter",
                           "A DCP Set gave a PROFINET device a new NameOfStation: its IO "
                           "controller finds it by that name, "
                           "so the device drops out of control until the names agree again."};
const CommandRule kSetIp{
    "profinet_dcp.set_ip",
    "PROFINET device IP address changed over DCP",
    Severity::High,
    "T0836",
    "Modify Parameter",
    "A DCP Set changed a PROFINET device's IP settings on the wire: its controller and HMIs lose "
    "it unless the change was planned."};
const CommandRule kFactoryReset{
    "profinet_dcp.factory_reset",
    "PROFINET device reset to factory settings over DCP",
    Severity::Critical,
    "T0809",
    "Data Destruction",
    "A DCP Set told a PROFINET device to erase its name, addresses and parameters: it stops "
    "exchanging I/O data until it is configured again."};

const ProtocolInfo kDcpInfo{
    .name = "profinet_dcp",
    .display_name = "PROFINET DCP",
    .ethertypes = kEthertypes,
    .commands = kDcpCommands,
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.6,
              .server_label = "PROFINET device",
              .client = ClientKind::Master,
              .client_label = "PROFINET controller or engineering tool"},
};
const ProtocolInfo kRtInfo{
    .name = "profinet_rt",
    .display_name = "PROFINET RT",
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.6,
              .server_label = "PROFINET IO exchange"},
};
const ProtocolInfo kCmInfo{
    .name = "profinet_cm",
    .display_name = "PROFINET CM",
    .ports = kCmPorts,
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.8,
              .server_label = "PROFINET IO device",
              .client = ClientKind::Master,
              .client_label = "PROFINET IO controller"},
};

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"profinet_dcp", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::profinet
