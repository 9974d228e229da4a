#include "protocols/enip/session.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>

#include "protocols/common/hex.h"
#include "protocols/enip/codes.h"
#include "protocols/enip/enip.h"

namespace otscope::enip {

namespace {

/// Renders a message's summary only when a consumer asks for it.
class EventSummary final : public SummarySource {
 public:
  explicit EventSummary(const MessageEvent& ev) : ev_(ev) {}
  std::string summary() const override {
    std::string s(ev_.protocol.display_name());
    s += ev_.role == MessageRole::Request    ? " request "
         : ev_.role == MessageRole::Response ? " response "
                                             : " data ";
    s += std::string(ev_.function_name) + " (" + hex_code(ev_.function, 2) + ")";
    if (!ev_.detail.empty()) s += ", " + ev_.detail;
    if (ev_.exception)
      s += ", status " + hex_code(ev_.exception_code, 2) +
           (ev_.exception_name.empty() ? "" : " " + std::string(ev_.exception_name));
    return s;
  }

 private:
  const MessageEvent& ev_;
};

/// A class-1 I/O datagram's summary, with its sequence number.
class IoSummary final : public SummarySource {
 public:
  IoSummary(const MessageEvent& ev, std::uint32_t sequence) : ev_(ev), sequence_(sequence) {}
  std::string summary() const override {
    return EventSummary(ev_).summary() + ", sequence " + std::to_string(sequence_);
  }

 private:
  const MessageEvent& ev_;
  std::uint32_t sequence_;
};

EnipSession::Target target_of(const CipMessage& m) {
  EnipSession::Target t;
  t.service = m.service;
  t.object_class = m.path.object_class.value_or(0);
  t.instance = m.path.instance;
  t.attribute = m.path.attribute;
  t.symbolic = m.path.symbolic();
  return t;
}

struct Naming {
  std::string_view name;
  OpClass op = OpClass::Other;
  bool known = false;
};

Naming name_of(const EnipSession::Target& t) {
  if (auto info = cip_service(t.service, t.object_class, t.symbolic)) {
    OpClass op = info->op;
    // Reading the Identity object is identification.
    if (t.object_class == cls::kIdentity && op == OpClass::Read) op = OpClass::Identification;
    return {info->name, op, true};
  }
  return {t.service < 0x4B ? "Reserved service" : "Object-specific service", OpClass::Other, false};
}

void append_count(std::string& s, std::size_t n) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  s.append(digits, end);
}

/// "Read Tag x10, Get Attribute List" for the services of a Multiple Service Packet. bench: built
/// in place, once per request (its reply reuses it): 3 % of the decoding thread's instructions
/// went to building it twice through temporaries.
std::string services_text(const std::vector<EnipSession::Target>& inner) {
  std::vector<std::pair<std::string_view, std::size_t>> counts;
  counts.reserve(4);
  for (const EnipSession::Target& t : inner) {
    const std::string_view name = name_of(t).name;
    auto it =
        std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == name; });
    if (it == counts.end())
      counts.emplace_back(name, 1);
    else
      ++it->second;
  }
  std::string s;
  s.reserve(16 + counts.size() * 32);
  append_count(s, inner.size());
  s += " services:";
  for (std::size_t i = 0; i < counts.size(); ++i) {
    s += i == 0 ? " " : ", ";
    s += counts[i].first;
    if (counts[i].second > 1) {
      s += " x";
      append_count(s, counts[i].second);
    }
  }
  return s;
}

std::string target_text(const EnipSession::Target& t) {
  CipPath p;
  if (t.object_class != 0) p.object_class = t.object_class;
  p.instance = t.instance;
  p.attribute = t.attribute;
  return p.text();
}

/// A tag service's range and, for Write Tag, the values it sets: the tag name is the space
/// (cut at SpaceName::kCapacity characters), the element the address.
void add_tag_facts(const CipMessage& request, MessageEvent& ev) {
  const std::optional<TagAccess> access = tag_access(request);
  if (!access) return;
  const SpaceName space(access->tag);
  ev.ranges.push_back(AddressRange{space, access->element, access->count});
  const std::size_t room = MessageEvent::kMaxWrittenValues - ev.values.size();
  for (const TagValue& v : tag_values(request, room))
    ev.values.push_back(WrittenValue{space, v.element, ValueKind::Number, v.value, {}});
}

}  // namespace

EnipSession::EnipSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {
  // Without the handshake a direction's first bytes may be the tail of a message.
  if (!flow.saw_handshake && flow.transport == Transport::Tcp)
    for (EncapFramer& f : framers_) f.hunt(FrameError::MidStream);
}

bool EnipSession::from_client(Direction dir) const {
  if (const auto client = client_direction_by_port(flow_, kEnipInfo.ports)) return dir == *client;
  return dir == Direction::AtoB;  // side A opened the flow
}

void EnipSession::anomaly(Protocol p, Direction dir, const PacketMeta& meta, std::string_view kind,
                          std::string detail, bool malformed, AnomalyClass cls) {
  report_anomaly(sink_, flow_, meta, p, dir, std::string(p.name()) + "." + std::string(kind),
                 std::move(detail), malformed, cls);
}

void EnipSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  if (flow_.transport == Transport::Udp) {
    bool need_more = false;
    if (plausible_io(data) && !plausible_header(data, need_more)) {
      on_io(dir, data, meta);
      return;
    }
    on_message(dir, data, meta);
    return;
  }
  auto out = frame_callbacks(
      [&](Bytes m, std::span<const FrameRef> earlier = {}) {
        on_message(dir, m, meta.with_earlier(earlier));
      },
      [&](const EncapFramer::Run& run, std::span<const FrameRef> carriers = {}) {
        // Bytes skipped after a gap or at a mid-stream start are lost data, not malformed.
        const bool lost = run.error == FrameError::Resync || run.error == FrameError::MidStream;
        anomaly(kEnip, dir, carried_by(carriers, meta), lost ? "resync" : "bad_header",
                "skipped " + std::to_string(run.skipped) +
                    " bytes to find the next encapsulation header",
                !lost);
      });
  framers_[static_cast<int>(dir)].push(data, out, meta);
}

void EnipSession::on_gap(Direction dir, std::size_t, const PacketMeta&) {
  framers_[static_cast<int>(dir)].gap();
}

void EnipSession::on_close(const PacketMeta& meta) {
  for (Direction d : {Direction::AtoB, Direction::BtoA}) {
    const EncapFramer::Remainder rest = framers_[static_cast<int>(d)].finish();
    if (rest.partial > 0)
      anomaly(kEnip, d, carried_by(rest.frames, meta), "truncated_at_close",
              "the flow ended inside a message (" + std::to_string(rest.partial) + " bytes held)",
              false);
  }
}

void EnipSession::report_identity(Protocol p, Direction dir, const std::vector<IdentityFact>& facts,
                                  const std::string& source, const PacketMeta& meta) {
  for (const IdentityFact& f : facts) {
    IdentityEvent ev;
    ev.protocol = p;
    ev.dir = dir;
    ev.about_sender = true;
    ev.field = f.field;
    ev.value = f.value;
    ev.source = source;
    sink_.identity(flow_, meta, ev);
  }
}

void EnipSession::on_io(Direction dir, Bytes datagram, const PacketMeta& meta) {
  IoDatagram io;
  if (EnipError e = decode_io(datagram, io); e != EnipError::None) {
    anomaly(kEnip, dir, meta, "io_" + std::string(enip_error_kind(e)),
            "class-1 I/O datagram of " + std::to_string(datagram.size()) +
                " bytes: " + to_hex(datagram, 32),
            true);
    return;
  }
  MessageEvent ev;
  ev.protocol = kEnip;
  ev.dir = dir;
  // Both ends produce: each datagram is its sender's data, asked for by no request.
  ev.role = MessageRole::Unsolicited;
  ev.function = kIoFunction;
  ev.function_key = kIoFunction;
  ev.function_name = "Class 1 I/O Data";
  ev.op = OpClass::Unsolicited;
  ev.detail = "connection " + hex_code(io.connection_id, 8);
  // The sequence number changes with every datagram: in the summary, not in the detail that
  // keys the operation.
  const IoSummary summary(ev, io.sequence);
  ev.summary_source = &summary;
  sink_.message(flow_, meta, ev);
}

void EnipSession::on_message(Direction dir, Bytes bytes, const PacketMeta& meta) {
  EncapMessage m;
  if (EnipError e = decode_message(bytes, m); e != EnipError::None) {
    anomaly(
        kEnip, dir, meta, enip_error_kind(e),
        "encapsulation message of " + std::to_string(bytes.size()) + " bytes: " + to_hex(bytes, 32),
        true);
    return;
  }
  const std::optional<CodeInfo> info = encapsulation_command(m.header.command);
  MessageEvent ev;
  ev.protocol = kEnip;
  ev.dir = dir;
  ev.function = m.header.command;
  ev.function_key = m.header.command;
  ev.function_name = info ? info->name : "Unknown command";
  ev.op = info ? info->op : OpClass::Other;
  bool response = !from_client(dir);
  switch (m.header.command) {
    case cmd::kListIdentity:
    case cmd::kListServices:
    case cmd::kListInterfaces:
      // A request carries nothing, a reply its items (whichever way a broadcast went).
      response = !m.data.empty();
      break;
    case cmd::kSendRRData:
    case cmd::kSendUnitData: {
      // The CIP service's response bit says which way it goes (decoded in full by on_cip()).
      CipPayload p;
      if (cip_payload(m, p) == EnipError::None && !p.cip.empty())
        response = (p.cip[0] & kResponseBit) != 0;
      break;
    }
    default:
      break;
  }
  ev.role = response ? MessageRole::Response : MessageRole::Request;
  if (response && m.header.status != 0) {
    ev.exception = true;
    ev.exception_code = m.header.status;
    ev.exception_kind =
        m.header.status == 0x01 ? ExceptionKind::UnsupportedFunction : ExceptionKind::Other;
  }
  // A command nobody defines is what a scanner sends; an answer to it is not.
  ev.undefined_function = ev.role == MessageRole::Request && !info.has_value();
  {
    const EventSummary summary(ev);
    ev.summary_source = &summary;
    sink_.message(flow_, meta, ev);
  }

  if (m.header.command == cmd::kListIdentity && response && m.has_cpf) {
    for (std::size_t i = 0; i < m.cpf.count; ++i) {
      if (m.cpf.items[i].type != item::kListIdentity) continue;
      IdentityItem id;
      if (EnipError e = decode_identity_item(m.cpf.items[i].data, id); e != EnipError::None) {
        anomaly(kEnip, dir, meta, enip_error_kind(e),
                "List Identity item of " + std::to_string(m.cpf.items[i].data.size()) + " bytes",
                true);
        continue;
      }
      IdentityAttributes a;
      a.vendor_id = id.vendor_id;
      a.device_type = id.device_type;
      a.product_code = id.product_code;
      a.revision = std::make_pair(id.revision_major, id.revision_minor);
      a.serial = id.serial;
      a.product_name = id.product_name;
      a.state = id.state;
      report_identity(kEnip, dir, identity_facts(a), "enip list identity", meta);
    }
  }
  if (m.header.command == cmd::kSendRRData || m.header.command == cmd::kSendUnitData)
    on_cip(dir, m, meta);
}

void EnipSession::on_cip(Direction dir, const EncapMessage& m, const PacketMeta& meta) {
  CipPayload p;
  if (EnipError e = cip_payload(m, p); e != EnipError::None) {
    anomaly(kEnip, dir, meta, enip_error_kind(e),
            std::string(encapsulation_command(m.header.command)->name) +
                " without a CIP message it can carry",
            true);
    return;
  }
  CipMessage msg;
  if (CipError e = decode_cip(p.cip, msg); e != CipError::None) {
    anomaly(kCip, dir, meta, cip_error_kind(e),
            "CIP message of " + std::to_string(p.cip.size()) + " bytes: " + to_hex(p.cip, 32),
            true);
    return;
  }
  if (msg.response)
    cip_response(dir, m, p, msg, meta);
  else
    cip_request(dir, m, p, msg, meta);
}

void EnipSession::cip_request(Direction dir, const EncapMessage& m, const CipPayload& p,
                              const CipMessage& msg, const PacketMeta& meta) {
  Pending pending{
      dir, p.connected, p.connected ? p.sequence : m.header.context_key(), target_of(msg), {}};
  const Naming naming = name_of(pending.top);
  MessageEvent ev;
  ev.protocol = kCip;
  ev.dir = dir;
  ev.role = MessageRole::Request;
  ev.function = msg.service;
  ev.function_key = msg.service;
  ev.function_name = naming.name;
  ev.op = naming.op;
  ev.undefined_function = !naming.known && msg.service < 0x4B;
  ev.command = cip_command(msg.service, msg.path, msg.data);
  ev.detail = msg.path.text();
  if (msg.path.attribute) ev.sub_function = static_cast<std::int32_t>(*msg.path.attribute);
  add_tag_facts(msg, ev);
  if (msg.path.object_class)
    ev.ranges.push_back(AddressRange{"class " + hex_code(*msg.path.object_class, 2),
                                     msg.path.instance.value_or(0), 1});

  if ((msg.service == svc::kForwardOpen || msg.service == svc::kLargeForwardOpen) &&
      msg.path.object_class == cls::kConnectionManager) {
    ForwardOpen open;
    if (CipError e = decode_forward_open(msg.data, msg.service == svc::kLargeForwardOpen, open);
        e != CipError::None) {
      anomaly(kCip, dir, meta, cip_error_kind(e),
              std::string(naming.name) + " of " + std::to_string(msg.data.size()) + " bytes", true);
    } else {
      ev.detail = "to " + open.path.text() + ", class " + std::to_string(open.transport & 0x0F) +
                  ", RPI " + std::to_string(open.ot_rpi_us / 1000) + " ms";
    }
  }
  if (msg.service == svc::kExecutePccc && msg.path.object_class == cls::kPccc) {
    PcccCommand pccc;
    if (decode_pccc(msg.data, pccc) == CipError::None) {
      ev.detail =
          "PCCC command " + hex_code(pccc.command, 2) + " function " + hex_code(pccc.function, 2);
      if (pccc.command == kPcccCommand0F && !pccc.data.empty()) {
        const std::string_view mode = pccc_mode_name(pccc.function, pccc.data[0]);
        if (!mode.empty()) {
          ev.detail += ", mode " + std::string(mode);
          ev.op = OpClass::ModeChange;
        }
      }
    }
  }
  const bool container =
      !msg.path.symbolic() &&
      (msg.service == svc::kMultipleServicePacket ||
       (msg.service == svc::kUnconnectedSend && msg.path.object_class == cls::kConnectionManager));
  if (container) {
    std::vector<Bytes> inner;
    CipError e = CipError::None;
    if (msg.service == svc::kMultipleServicePacket) {
      e = decode_multiple(msg.data, inner);
    } else {
      Bytes embedded;
      e = decode_unconnected_send(msg.data, embedded);
      if (e == CipError::None) inner.push_back(embedded);
    }
    if (e != CipError::None)
      anomaly(kCip, dir, meta, cip_error_kind(e),
              std::string(naming.name) + " of " + std::to_string(msg.data.size()) +
                  " bytes that holds no message",
              true);
    bool writes = false, all_reads = !inner.empty();
    pending.inner.reserve(inner.size());
    for (Bytes b : inner) {
      CipMessage sub;
      if (CipError se = decode_cip(b, sub); se != CipError::None || sub.response) {
        anomaly(kCip, dir, meta, se != CipError::None ? cip_error_kind(se) : "embedded_response",
                "service " + std::to_string(pending.inner.size() + 1) + " of " +
                    std::string(naming.name) + ": " + to_hex(b, 32),
                true);
        continue;
      }
      Target t = target_of(sub);
      const Naming n = name_of(t);
      writes = writes || n.op == OpClass::Write;
      all_reads = all_reads && (n.op == OpClass::Read || n.op == OpClass::Identification);
      if (const CommandRule* c = cip_command(sub.service, sub.path, sub.data);
          c != nullptr && (ev.command == nullptr || c->severity > ev.command->severity))
        ev.command = c;
      pending.inner.push_back(t);
      add_tag_facts(sub, ev);
      if (msg.service == svc::kUnconnectedSend) {
        ev.op = n.op;
        ev.detail =
            "to " + std::string(n.name) + (sub.path.text().empty() ? "" : " ") + sub.path.text();
      }
    }
    if (msg.service == svc::kMultipleServicePacket) {
      ev.op = writes ? OpClass::Write : all_reads ? OpClass::Read : OpClass::Other;
      pending.services = services_text(pending.inner);
      ev.detail = pending.services;
    }
  }
  ev.writes_data = ev.op == OpClass::Write;
  {
    const EventSummary summary(ev);
    ev.summary_source = &summary;
    sink_.message(flow_, meta, ev);
  }
  // A repeated key replaces the older request.
  std::erase_if(pending_, [&](const Pending& q) {
    return q.dir == dir && q.connected == pending.connected && q.key == pending.key;
  });
  if (pending_.size() >= kMaxPending) pending_.erase(pending_.begin());
  pending_.push_back(std::move(pending));
}

void EnipSession::cip_response(Direction dir, const EncapMessage& m, const CipPayload& p,
                               const CipMessage& msg, const PacketMeta& meta) {
  const std::uint64_t key = p.connected ? p.sequence : m.header.context_key();
  const auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& q) {
    return q.dir == reverse(dir) && q.connected == p.connected && q.key == key;
  });
  std::optional<Pending> request;
  if (it != pending_.end()) {
    request = std::move(*it);
    pending_.erase(it);
  }
  // What the response answers: its request's target; an Unconnected Send is answered by the
  // reply of the message it carried.
  Target t;
  t.service = msg.service;
  if (request) {
    if (request->top.service == svc::kUnconnectedSend && msg.service != svc::kUnconnectedSend &&
        request->inner.size() == 1)
      t = request->inner.front();
    else if (request->top.service == msg.service)
      t = request->top;
  }
  const Naming naming = name_of(t);
  MessageEvent ev;
  ev.protocol = kCip;
  ev.dir = dir;
  ev.role = MessageRole::Response;
  ev.function = msg.service;
  ev.function_key = msg.service;
  ev.function_name = naming.name;
  ev.op = naming.op;
  ev.detail = target_text(t);
  if (t.attribute) ev.sub_function = static_cast<std::int32_t>(*t.attribute);
  // Partial transfer (0x06) is a success that says more data follows.
  if (msg.general_status != 0x00 && msg.general_status != 0x06) {
    ev.exception = true;
    ev.exception_code = msg.general_status;
    ev.exception_name = general_status_name(msg.general_status);
    ev.exception_kind = general_status_kind(msg.general_status);
  }
  std::vector<Bytes> inner;
  if (msg.service == svc::kMultipleServicePacket && msg.data.size() >= 2) {
    if (CipError e = decode_multiple(msg.data, inner); e != CipError::None) {
      anomaly(kCip, dir, meta, cip_error_kind(e),
              "Multiple Service Packet reply of " + std::to_string(msg.data.size()) + " bytes",
              true);
      inner.clear();
    }
    if (request && request->top.service == svc::kMultipleServicePacket)
      ev.detail = request->services.empty() ? services_text(request->inner) : request->services;
  }
  {
    const EventSummary summary(ev);
    ev.summary_source = &summary;
    sink_.message(flow_, meta, ev);
  }
  if (ev.exception && msg.general_status != 0x1E) return;  // 0x1E: some services succeeded
  if (!inner.empty() && request) {
    for (std::size_t i = 0; i < inner.size() && i < request->inner.size(); ++i) {
      CipMessage sub;
      if (decode_cip(inner[i], sub) != CipError::None || !sub.response) continue;
      if (sub.general_status == 0 && sub.service == request->inner[i].service)
        identity_from_reply(dir, request->inner[i], sub, meta);
    }
    return;
  }
  if (!ev.exception) identity_from_reply(dir, t, msg, meta);
}

void EnipSession::identity_from_reply(Direction dir, const Target& t, const CipMessage& reply,
                                      const PacketMeta& meta) {
  if (t.object_class != cls::kIdentity || t.symbolic) return;
  IdentityAttributes a;
  CipError e = CipError::None;
  std::string source;
  switch (t.service) {
    case svc::kGetAttributesAll:
      e = decode_identity_all(reply.data, a);
      source = "cip identity object (Get Attributes All)";
      break;
    case svc::kGetAttributeList:
      e = decode_identity_list(reply.data, a);
      source = "cip identity object (Get Attribute List)";
      break;
    case svc::kGetAttributeSingle:
      if (!t.attribute) return;
      e = decode_identity_single(*t.attribute, reply.data, a);
      source = "cip identity object (Get Attribute Single)";
      break;
    default:
      return;
  }
  if (e != CipError::None) {
    anomaly(kCip, dir, meta, cip_error_kind(e),
            "Identity object reply of " + std::to_string(reply.data.size()) +
                " bytes: " + to_hex(reply.data, 32),
            true);
    return;
  }
  report_identity(kCip, dir, identity_facts(a), source, meta);
}

}  // namespace otscope::enip
