// The MELSEC entry for the dispatcher.
#include "protocols/melsec/melsec.h"

#include <memory>

#include "protocols/melsec/codes.h"
#include "protocols/melsec/decoder.h"
#include "protocols/melsec/session.h"

namespace otscope::melsec {

ProbeResult probe(Bytes first, Transport transport) {
  if (transport != Transport::Tcp && transport != Transport::Udp) return ProbeResult::NoMatch;
  const bool udp = transport == Transport::Udp;
  if (first.empty()) return udp ? ProbeResult::NoMatch : ProbeResult::NeedMore;
  bool need_more = false;
  if (plausible_request(first, udp, need_more)) return ProbeResult::Match;
  return need_more && !udp ? ProbeResult::NeedMore : ProbeResult::NoMatch;
}

constexpr std::uint16_t kPorts[] = {kPort, 5006, 5000};

const CommandRule kRemoteRun{"melsec.remote_run",
                             "MELSEC remote RUN",
                             Severity::High,
                             "T0858",
                             "Change Operating Mode",
                             "The Mitsubishi CPU was switched to RUN remotely: its program drives "
                             "the outputs again."};
const CommandRule kRemoteStop{"melsec.remote_stop",
                              "MELSEC remote STOP",
                              Severity::Critical,
                              "T0858",
                              "Change Operating Mode",
                              "The Mitsubishi CPU was told to STOP: its program no longer "
                              "controls the process."};
const CommandRule kRemotePause{"melsec.remote_pause",
                               "MELSEC remote PAUSE",
                               Severity::High,
                               "T0858",
                               "Change Operating Mode",
                               "The Mitsubishi CPU was paused remotely: its outputs hold their "
                               "last state while the program does not run."};
const CommandRule kRemoteReset{"melsec.remote_reset",
                               "MELSEC remote RESET",
                               Severity::Critical,
                               "T0816",
                               "Device Restart/Shutdown",
                               "The Mitsubishi CPU was reset remotely: it restarts and stops "
                               "controlling meanwhile."};
const CommandRule kLatchClear{"melsec.latch_clear",
                              "MELSEC remote latch clear",
                              Severity::High,
                              "T0809",
                              "Data Destruction",
                              "The CPU's latched (retained) devices were cleared remotely: "
                              "counters, recipes and states kept over power cycles are gone."};
const CommandRule kPassword{"melsec.remote_password",
                            "MELSEC remote password lock/unlock",
                            Severity::Medium,
                            "T0859",
                            "Valid Accounts",
                            "The remote password of the CPU's Ethernet port was used to unlock "
                            "(or lock) it; repeated attempts mean guessing."};

namespace {
constexpr const CommandRule* kCommands[] = {&kRemoteRun,   &kRemoteStop, &kRemotePause,
                                            &kRemoteReset, &kLatchClear, &kPassword};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<McSession>(flow, sink);
}
constexpr const ProtocolInfo* kReports[] = {&kInfo};
}  // namespace

const CommandRule* melsec_command(std::uint16_t command) {
  switch (command) {
    case cmd::kRemoteRun:
      return &kRemoteRun;
    case cmd::kRemoteStop:
      return &kRemoteStop;
    case cmd::kRemotePause:
      return &kRemotePause;
    case cmd::kRemoteReset:
      return &kRemoteReset;
    case cmd::kRemoteLatchClear:
      return &kLatchClear;
    case cmd::kRemoteUnlock:
    case cmd::kRemoteLock:
      return &kPassword;
    default:
      return nullptr;
  }
}

const ProtocolInfo kInfo{
    .name = "melsec",
    .display_name = "MELSEC MC/SLMP",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.9,
              .server_label = "MELSEC CPU",
              .client = ClientKind::Operator,
              .client_label = "MC protocol client"},
};

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"melsec", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::melsec
