// The ADS entry for the dispatcher.
#include "protocols/ads/ads.h"

#include <memory>

#include "protocols/ads/codes.h"
#include "protocols/ads/decoder.h"
#include "protocols/ads/session.h"

namespace otscope::ads {

ProbeResult probe(Bytes first, Transport transport) {
  // UDP: the TwinCAT router's discovery and route service, a datagram at a time.
  if (transport == Transport::Udp)
    return plausible_udp(first) ? ProbeResult::Match : ProbeResult::NoMatch;
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  if (first.empty()) return ProbeResult::NeedMore;
  bool need_more = false;
  if (plausible_packet(first, need_more)) return ProbeResult::Match;
  return need_more ? ProbeResult::NeedMore : ProbeResult::NoMatch;
}

constexpr std::uint16_t kPorts[] = {kTcpPort, kUdpPort};

const CommandRule kStop{"ads.plc_stop",
                        "ADS stop (Write Control STOP)",
                        Severity::Critical,
                        "T0858",
                        "Change Operating Mode",
                        "The TwinCAT runtime was told to stop: the PLC program no longer controls "
                        "the process."};
const CommandRule kRun{"ads.plc_run",
                       "ADS run (Write Control RUN/START)",
                       Severity::High,
                       "T0858",
                       "Change Operating Mode",
                       "The TwinCAT runtime was (re)started remotely: the PLC program drives the "
                       "outputs again."};
const CommandRule kReset{"ads.reset",
                         "ADS reset or shutdown (Write Control)",
                         Severity::Critical,
                         "T0816",
                         "Device Restart/Shutdown",
                         "The ADS device was told to reset or shut down: it stops controlling "
                         "until it is back."};
const CommandRule kConfigMode{"ads.config_mode",
                              "TwinCAT switched to config mode",
                              Severity::High,
                              "T0858",
                              "Change Operating Mode",
                              "The TwinCAT system was put into CONFIG (or reconfigured): its PLC "
                              "runtime stops and its configuration may be changed."};
const CommandRule kStateChange{"ads.state_change",
                               "ADS state change (Write Control)",
                               Severity::Medium,
                               "T0858",
                               "Change Operating Mode",
                               "A Write Control asked the ADS device for another state (the "
                               "requested state is named in the alert)."};

const CommandRule kAddRoute{"ads.add_route",
                            "ADS route added over UDP",
                            Severity::High,
                            "T0886",
                            "Remote Services",
                            "A host asked the TwinCAT router (UDP 48899) to add an AMS route, with "
                            "a user name and a clear-text password: once added, the host can use "
                            "every ADS service of the device."};

namespace {
constexpr const CommandRule* kCommands[] = {&kStop,       &kRun,         &kReset,
                                            &kConfigMode, &kStateChange, &kAddRoute};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<AdsSession>(flow, sink);
}
constexpr const ProtocolInfo* kReports[] = {&kInfo};
}  // namespace

const CommandRule* write_control_command(std::uint16_t ads_state) {
  switch (ads_state) {
    case state::kStop:
      return &kStop;
    case state::kRun:
    case state::kStart:
      return &kRun;
    case state::kReset:
    case state::kShutdown:
      return &kReset;
    case state::kConfig:
    case state::kReconfig:
      return &kConfigMode;
    default:
      return &kStateChange;
  }
}

const ProtocolInfo kInfo{
    .name = "ads",
    .display_name = "Beckhoff ADS",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.85,
              .server_label = "ADS device",
              .client = ClientKind::Operator,
              .client_label = "ADS client"},
};

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"ads", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::ads
