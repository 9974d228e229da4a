#include "protocols/goose/goose.h"

#include <memory>

#include "protocols/goose/pdu.h"
#include "protocols/goose/session.h"

namespace otscope::goose {
namespace {

/// Ethernet frames of the GOOSE, GSE management and Sampled Values types are these protocols by
/// definition (the flow's data starts with the type); nothing else is.
ProbeResult probe(Bytes first, Transport transport) {
  if (transport != Transport::Ethernet || first.size() < 2) return ProbeResult::NoMatch;
  const std::uint16_t type = static_cast<std::uint16_t>(first[0] << 8 | first[1]);
  return type == kGooseEthertype || type == kGseManagementEthertype || type == kSvEthertype
             ? ProbeResult::Match
             : ProbeResult::NoMatch;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<GooseSession>(flow, sink);
}

constexpr std::uint16_t kGooseTypes[] = {kGooseEthertype, kGseManagementEthertype};
constexpr std::uint16_t kSvTypes[] = {kSvEthertype};
constexpr const CommandRule* kCommands[] = {&kReplay, &kStateJump};
constexpr const ProtocolInfo* kReports[] = {&kGooseInfo, &kSvInfo};

}  // namespace

const CommandRule kReplay{
    "goose.replay",
    "GOOSE message replayed or spoofed",
    Severity::High,
    "T0856",
    "Spoof Reporting Message",
    "A GOOSE message older than one its publisher already sent (same state with a lower sequence "
    "number, or an earlier state): subscribers that accept it act on a stale state."};
const CommandRule kStateJump{
    "goose.state_jump",
    "GOOSE state number jumped ahead",
    Severity::Medium,
    "T0855",
    "Unauthorized Command Message",
    "A GOOSE control block skipped state numbers: an injected message with a higher state number "
    "takes over its subscribers (or the capture lost the publisher's frames)."};

const ProtocolInfo kGooseInfo{
    .name = "goose",
    .display_name = "GOOSE",
    .ethertypes = kGooseTypes,
    .commands = kCommands,
    .roles = {.server = ServerKind::FieldStation,
              .server_confidence = 0.8,
              .server_label = "IEC 61850 GOOSE publisher (IED)"},
};
const ProtocolInfo kSvInfo{
    .name = "sv",
    .display_name = "Sampled Values",
    .ethertypes = kSvTypes,
    .roles = {.server = ServerKind::FieldStation,
              .server_confidence = 0.8,
              .server_label = "IEC 61850 sampled values publisher (merging unit)"},
};

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"goose", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::goose
