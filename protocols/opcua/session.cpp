#include "protocols/opcua/session.h"

#include <algorithm>
#include <string>
#include <vector>

#include "protocols/opcua/codes.h"
#include "protocols/opcua/opcua.h"

namespace otscope::opcua {
namespace {

constexpr std::uint16_t kPorts[] = {kPort};
constexpr std::size_t kMaxPending = 1024;
constexpr std::size_t kMaxText = 512;
constexpr std::uint32_t kBadNodeIdInvalid = 0x80330000, kBadNodeIdUnknown = 0x80340000,
                        kBadServiceUnsupported = 0x800B0000;

bool type_prefix_ok(Bytes b) {
  static constexpr std::string_view kTypes[] = {"HEL", "ACK", "ERR", "RHE", "OPN", "CLO", "MSG"};
  const std::string_view have(reinterpret_cast<const char*>(b.data()),
                              std::min<std::size_t>(3, b.size()));
  for (std::string_view t : kTypes)
    if (t.substr(0, have.size()) == have) return true;
  return false;
}

std::string bounded(std::string s) {
  if (s.size() > kMaxText) s.resize(kMaxText);
  return s;
}

void set_status(MessageEvent& ev, std::uint32_t status) {
  if ((status & 0x80000000u) == 0) return;  // Good and Uncertain
  ev.exception = true;
  ev.exception_code = status;
  const std::string_view name = status_name(status);
  ev.exception_name = name.empty() ? std::string_view("Bad") : name;
  ev.exception_kind = status == kBadServiceUnsupported ? ExceptionKind::UnsupportedFunction
                      : (status == kBadNodeIdInvalid || status == kBadNodeIdUnknown)
                          ? ExceptionKind::BadAddress
                          : ExceptionKind::Other;
}

constexpr std::uint32_t kValueAttribute = 13;

// The numeric nodes a Read or Write names, as ranges ("ns=2", id), and the numbers a Write sets
// on their Value attribute. String, GUID and opaque NodeIds have no place in a range.
void node_facts(std::uint32_t id, Bytes service, MessageEvent& ev) {
  std::vector<NodeValue> nodes;
  const Error e = id == kReadRequest
                      ? decode_read_nodes(service, nodes, MessageEvent::kMaxWrittenValues)
                      : decode_write_nodes(service, nodes, MessageEvent::kMaxWrittenValues);
  if (e != Error::None) return;  // the count was read: the message is not malformed for it
  for (const NodeValue& n : nodes) {
    if (!n.node.numeric) continue;
    const SpaceName space("ns=" + std::to_string(n.node.ns));
    const AddressRange r{space, n.node.id, 1};
    if (std::find(ev.ranges.begin(), ev.ranges.end(), r) == ev.ranges.end()) ev.ranges.push_back(r);
    if (id == kWriteRequest && n.attribute == kValueAttribute && n.value)
      ev.values.push_back(WrittenValue{space, n.node.id, ValueKind::Number, *n.value, {}});
  }
}

}  // namespace

Cut<FrameError> UaFraming::cut(Bytes bytes) {
  if (!type_prefix_ok(bytes)) return Cut<FrameError>::bad(FrameError::BadHeader);
  if (bytes.size() < kHeaderSize) {
    // The chunk type (4th byte) can already be judged.
    if (bytes.size() >= 4) {
      Header h;
      if (decode_header(bytes, h) != opcua::Error::Truncated)
        return Cut<FrameError>::bad(FrameError::BadHeader);
    }
    return Cut<FrameError>::need_more();
  }
  Header h;
  if (decode_header(bytes, h) != opcua::Error::None)
    return Cut<FrameError>::bad(FrameError::BadHeader);
  return Cut<FrameError>::message(h.size);
}

Hunt UaFraming::hunt(Bytes bytes) {
  if (!type_prefix_ok(bytes)) return Hunt::skip_bytes(1);
  if (bytes.size() < kHeaderSize) return Hunt::need_more();
  Header h;
  return decode_header(bytes, h) == opcua::Error::None ? Hunt::found() : Hunt::skip_bytes(1);
}

OpcuaSession::OpcuaSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {
  client_dir_ = client_direction_by_port(flow, kPorts);
  if (!client_dir_ && flow.saw_handshake) client_dir_ = Direction::AtoB;
}

void OpcuaSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  auto out = frame_callbacks(
      [&](Bytes m) { message(dir, m, meta); },
      [&](const SkippedRun<FrameError>& run) {
        report_anomaly(sink_, flow_, meta, kProtocol, dir, "opcua.bad_header",
                       std::to_string(run.skipped) + " bytes without a UA TCP header", true);
      });
  framers_[static_cast<int>(dir)].push(data, out);
}

void OpcuaSession::on_gap(Direction dir, std::size_t, const PacketMeta& meta) {
  report_skipped(dir, framers_[static_cast<int>(dir)].gap(), meta);
  continuing_[static_cast<int>(dir)] = false;
}

void OpcuaSession::on_close(const PacketMeta& meta) {
  report_skipped(Direction::AtoB, framers_[0].finish(), meta);
  report_skipped(Direction::BtoA, framers_[1].finish(), meta);
}

void OpcuaSession::report_skipped(Direction dir, const FramerRemainder<FrameError>& rest,
                                  const PacketMeta& meta) {
  if (!rest.skipped) return;
  report_anomaly(sink_, flow_, meta, kProtocol, dir, "opcua.bad_header",
                 std::to_string(rest.skipped->skipped) + " bytes without a UA TCP header", true);
}

void OpcuaSession::malformed(Direction dir, const PacketMeta& meta, Error e,
                             const std::string& where) {
  report_anomaly(sink_, flow_, meta, kProtocol, dir, "opcua." + std::string(error_name(e)),
                 where + ": " + std::string(error_name(e)), true);
}

MessageRole OpcuaSession::role_by_direction(Direction dir) const {
  if (!client_dir_) return MessageRole::Request;
  return dir == *client_dir_ ? MessageRole::Request : MessageRole::Response;
}

void OpcuaSession::describe(Direction dir, const ApplicationDescription& d, const char* source,
                            const PacketMeta& meta) {
  const auto emit = [&](const char* field, const std::string& value) {
    if (value.empty()) return;
    IdentityEvent id;
    id.protocol = kProtocol;
    id.dir = dir;
    id.about_sender = true;
    id.field = field;
    id.value = bounded(value);
    id.source = source;
    sink_.identity(flow_, meta, id);
  };
  emit("product", d.application_name);
  emit("application_uri", d.application_uri);
  emit("product_uri", d.product_uri);
}

void OpcuaSession::message(Direction dir, Bytes m, const PacketMeta& meta) {
  Header h;
  if (const Error e = decode_header(m, h); e != Error::None)
    return malformed(dir, meta, e, "message header");
  const Bytes after = m.subspan(kHeaderSize);
  if (h.type == kOpn || h.type == kClo || h.type == kMsg) return secure(dir, h, after, meta);

  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.function = h.type;
  ev.function_key = h.type;
  ev.function_name = message_type_name(h.type);
  ev.op = OpClass::Session;
  if (h.type == kHel) {
    Hello hello;
    if (const Error e = decode_hello(after, hello); e != Error::None)
      return malformed(dir, meta, e, "Hello");
    ev.role = MessageRole::Request;
    if (!client_dir_) client_dir_ = dir;
    ev.detail = bounded(hello.endpoint_url);
  } else if (h.type == kAck) {
    // The answer to the Hello: one operation, as requests and responses share a function.
    ev.role = MessageRole::Response;
    ev.function = kHel;
    ev.function_key = kHel;
    ev.function_name = message_type_name(kHel);
  } else if (h.type == kErr) {
    ErrorMessage err;
    if (const Error e = decode_error_message(after, err); e != Error::None)
      return malformed(dir, meta, e, "Error message");
    ev.role = MessageRole::Response;
    set_status(ev, err.status);
    ev.detail = bounded(err.reason);
  } else {  // ReverseHello: the server opens the connection to the client
    ev.role = MessageRole::Unsolicited;
  }
  ev.summary =
      std::string(message_role_name(ev.role)) + " " + std::string(message_type_name(h.type));
  if (!ev.detail.empty()) ev.summary += " " + ev.detail;
  sink_.message(flow_, meta, ev);
}

void OpcuaSession::secure(Direction dir, const Header& h, Bytes after, const PacketMeta& meta) {
  const int d = static_cast<int>(dir);
  SecureHeader sec;
  if (const Error e = decode_secure(after, h.type, sec); e != Error::None)
    return malformed(dir, meta, e, std::string(message_type_name(h.type)) + " security header");
  if (sec.policy_uri) plain_ = *sec.policy_uri == kPolicyNone;
  if (continuing_[d] && h.chunk != 'A') {
    // An intermediate or final chunk of a message already reported.
    if (h.chunk == 'F') continuing_[d] = false;
    return;
  }
  continuing_[d] = h.chunk == 'C';

  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  std::string note;
  std::uint32_t id = 0;
  Bytes service;
  const bool decoded = h.chunk != 'A' && decode_type_id(sec.body, id, service) == Error::None;
  const Service* known = decoded ? find_service(id) : nullptr;
  const bool readable = known != nullptr || id == kServiceFault || (decoded && plain_ == true);
  if (h.chunk == 'A') {
    ErrorMessage err;
    ev.function = h.type;
    ev.function_name = "Abort";
    ev.op = OpClass::Session;
    ev.role = role_by_direction(dir);
    if (plain_ == true && decode_error_message(sec.body, err) == Error::None) {
      set_status(ev, err.status);
      ev.detail = bounded(err.reason);
    }
    ev.exception = true;
    if (ev.exception_name.empty()) ev.exception_name = "Abort";
  } else if (readable) {
    service_facts(dir, id, service, sec, ev, meta);
    // Node counts vary per request: the summary says them, the operation keeps no detail.
    note = std::move(ev.detail);
    ev.detail.clear();
  } else {
    // Encrypted (or signed with an unknown policy): the message type is all there is.
    ev.function = h.type;
    ev.function_name = message_type_name(h.type);
    ev.op = h.type == kMsg ? OpClass::Other : OpClass::Session;
    ev.role = h.type == kClo ? MessageRole::Request : role_by_direction(dir);
    ev.detail = plain_ == false ? "encrypted" : "unreadable";
  }
  ev.function_key = ev.function;
  ev.summary = std::string(message_role_name(ev.role)) + " " + std::string(ev.function_name) +
               " (channel " + std::to_string(sec.channel_id) + ", request " +
               std::to_string(sec.request_id) + ")";
  if (!ev.detail.empty()) ev.summary += " " + ev.detail;
  if (!note.empty()) ev.summary += " " + note;
  if (ev.exception) ev.summary += " " + std::string(ev.exception_name);
  sink_.message(flow_, meta, ev);
}

void OpcuaSession::service_facts(Direction dir, std::uint32_t id, Bytes service,
                                 const SecureHeader& sec, MessageEvent& ev,
                                 const PacketMeta& meta) {
  const Service* s = find_service(id);
  if (id == kServiceFault) {
    const auto it = pending_.find(sec.request_id);
    const Service* asked = it != pending_.end() ? find_service(it->second) : nullptr;
    ev.function = asked != nullptr ? asked->request : kServiceFault;
    ev.function_name = asked != nullptr ? asked->name : "ServiceFault";
    ev.op = asked != nullptr ? asked->op : OpClass::Other;
    ev.role = MessageRole::Response;
    if (it != pending_.end()) pending_.erase(it);
    std::uint32_t status = 0;
    if (const Error e = decode_service_result(service, status); e != Error::None)
      return malformed(dir, meta, e, "ServiceFault");
    set_status(ev, status);
    ev.exception = true;
    if (ev.exception_name.empty()) ev.exception_name = "ServiceFault";
    return;
  }
  if (s == nullptr) {  // a service of a plain channel that the table does not name
    ev.function = id;
    ev.function_name = "UnknownService";
    ev.op = OpClass::Other;
    ev.role = role_by_direction(dir);
    ev.undefined_function = ev.role == MessageRole::Request;
    return;
  }
  ev.function = s->request;
  ev.function_name = s->name;
  ev.op = s->op;
  if (id == s->request) {
    ev.role = MessageRole::Request;
    if (!client_dir_) client_dir_ = dir;
    if (pending_.size() >= kMaxPending) pending_.clear();
    pending_[sec.request_id] = s->request;
    ev.command = request_command(id);
    switch (id) {
      case kWriteRequest:
      case kCallRequest:
      case kAddNodesRequest:
      case kDeleteNodesRequest:
      case kReadRequest: {
        std::int32_t count = 0;
        if (const Error e = decode_request_count(service, id, count); e != Error::None)
          return malformed(dir, meta, e, std::string(s->name) + " request");
        ev.detail = std::to_string(count) + (id == kCallRequest ? " methods" : " nodes");
        if (id == kReadRequest || id == kWriteRequest) node_facts(id, service, ev);
        break;
      }
      case kCreateSessionRequest: {
        ApplicationDescription client;
        if (const Error e = decode_create_session_request(service, client); e != Error::None)
          return malformed(dir, meta, e, "CreateSession request");
        describe(dir, client, "opcua CreateSession request", meta);
        break;
      }
      default:
        break;
    }
    return;
  }
  ev.role = MessageRole::Response;
  pending_.erase(sec.request_id);
  std::uint32_t status = 0;
  std::vector<ApplicationDescription> servers;
  Error e = Error::None;
  const char* source = nullptr;
  switch (id) {
    case kGetEndpointsResponse:
      e = decode_get_endpoints_response(service, servers, status);
      source = "opcua GetEndpoints";
      break;
    case kFindServersResponse:
      e = decode_find_servers_response(service, servers, status);
      source = "opcua FindServers";
      // A discovery server lists other servers too: only a list of one names the sender.
      if (servers.size() != 1) servers.clear();
      break;
    case kCreateSessionResponse:
      e = decode_create_session_response(service, servers, status);
      source = "opcua CreateSession";
      break;
    default:
      e = decode_service_result(service, status);
      break;
  }
  if (e != Error::None) return malformed(dir, meta, e, std::string(s->name) + " response");
  set_status(ev, status);
  if (!servers.empty()) describe(dir, servers.front(), source, meta);
}

}  // namespace otscope::opcua
