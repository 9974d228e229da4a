#include "protocols/opcua/opcua.h"

#include <algorithm>
#include <memory>
#include <string_view>

#include "protocols/opcua/codes.h"
#include "protocols/opcua/decoder.h"
#include "protocols/opcua/session.h"

namespace otscope::opcua {

constexpr std::uint16_t kPorts[] = {kPort};

const CommandRule kWrite{"opcua.write",
                         "OPC UA Write",
                         Severity::Low,
                         "T0836",
                         "Modify Parameter",
                         "A client wrote node values on the OPC UA server. HMIs write in normal "
                         "operation: check the client is one that should."};
const CommandRule kMethodCall{"opcua.method_call",
                              "OPC UA method called",
                              Severity::Medium,
                              "T0871",
                              "Execution through API",
                              "A client called methods on the OPC UA server: methods can start, "
                              "stop or reconfigure what the server controls."};
const CommandRule kNodesAdded{"opcua.nodes_added",
                              "OPC UA nodes or references added",
                              Severity::Medium,
                              "T0836",
                              "Modify Parameter",
                              "The server's address space was changed (AddNodes/AddReferences): "
                              "expected only during engineering."};
const CommandRule kNodesDeleted{"opcua.nodes_deleted",
                                "OPC UA nodes or references deleted",
                                Severity::Medium,
                                "T0809",
                                "Data Destruction",
                                "Nodes or references were deleted from the server's address "
                                "space: variables and methods may disappear for every client."};
const CommandRule kHistoryUpdate{"opcua.history_update",
                                 "OPC UA history changed",
                                 Severity::Medium,
                                 "T0872",
                                 "Indicator Removal on Host",
                                 "Historical values or events were inserted, replaced or "
                                 "deleted on the server (HistoryUpdate)."};

namespace {

constexpr const CommandRule* kCommands[] = {&kWrite, &kMethodCall, &kNodesAdded, &kNodesDeleted,
                                            &kHistoryUpdate};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<OpcuaSession>(flow, sink);
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

const CommandRule* request_command(std::uint32_t encoding_id) {
  switch (encoding_id) {
    case kWriteRequest:
      return &kWrite;
    case kCallRequest:
      return &kMethodCall;
    case kAddNodesRequest:
    case kAddReferencesRequest:
      return &kNodesAdded;
    case kDeleteNodesRequest:
    case kDeleteReferencesRequest:
      return &kNodesDeleted;
    case kHistoryUpdateRequest:
      return &kHistoryUpdate;
    default:
      return nullptr;
  }
}

const ProtocolInfo kInfo{
    .name = "opcua",
    .display_name = "OPC UA",
    .ports = kPorts,
    .commands = kCommands,
    // An OPC UA server is a PLC's embedded server as often as a SCADA or gateway server.
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.6,
              .server_label = "OPC UA server",
              .client = ClientKind::Operator,
              .client_label = "OPC UA client"},
};

namespace {

std::uint32_t le32_at(Bytes b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 |
         static_cast<std::uint32_t>(b[at + 2]) << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}

// Do the first bytes (fewer than three) start one of the message types?
bool starts_a_message_type(Bytes b) {
  static constexpr std::string_view kTypes[] = {"HEL", "ACK", "ERR", "RHE", "OPN", "CLO", "MSG"};
  const std::string_view have(reinterpret_cast<const char*>(b.data()),
                              std::min<std::size_t>(3, b.size()));
  for (std::string_view t : kTypes)
    if (t.substr(0, have.size()) == have) return true;
  return false;
}

}  // namespace

// Exact enough for any TCP stream: three letters of a known message type, a chunk type allowed
// for it, a size within limits; a Hello must also announce a small protocol version and a sane
// endpoint URL length, an Acknowledge its fixed size.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  if (first_bytes.empty()) return ProbeResult::NeedMore;
  if (!starts_a_message_type(first_bytes)) return ProbeResult::NoMatch;
  if (first_bytes.size() < kHeaderSize) return ProbeResult::NeedMore;
  Header h;
  if (decode_header(first_bytes, h) != Error::None) return ProbeResult::NoMatch;
  if (h.type == kHel) {
    if (h.size < kHeaderSize + 24) return ProbeResult::NoMatch;
    if (first_bytes.size() < kHeaderSize + 24) return ProbeResult::NeedMore;
    if (le32_at(first_bytes, 8) > 0xFF) return ProbeResult::NoMatch;
    const std::uint32_t url = le32_at(first_bytes, 28);
    if (url != 0xFFFFFFFFu && url > 4096) return ProbeResult::NoMatch;
  } else if (h.type == kAck && h.size != kHeaderSize + 20) {
    return ProbeResult::NoMatch;
  }
  return ProbeResult::Match;
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"opcua", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::opcua
