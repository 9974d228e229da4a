#include "protocols/snmp/session.h"

#include <string>

#include "protocols/snmp/codes.h"
#include "protocols/snmp/snmp.h"

namespace otscope::snmp {
namespace {

constexpr std::uint16_t kAgentPorts[] = {kAgentPort};
constexpr std::size_t kMaxText = 512;
constexpr std::int64_t kNoSuchName = 2;
constexpr std::string_view kEnterprisesPrefix = "1.3.6.1.4.1.";

}  // namespace

SnmpSession::SnmpSession(const FlowInfo& flow, EventSink& sink)
    : flow_(flow), sink_(sink), to_agent_(client_direction_by_port(flow, kAgentPorts)) {}

void SnmpSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  Message m;
  if (const Error e = decode_message(data, m); e != Error::None) {
    report_anomaly(sink_, flow_, meta, kProtocol, dir, "snmp." + std::string(error_name(e)),
                   "SNMP message: " + std::string(error_name(e)), true);
    return;
  }
  const std::uint32_t code = m.pdu ? m.pdu->type : kEncryptedPdu;
  const PduName& p = pdu_name(code);
  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.function = code;
  ev.function_key = code;
  ev.function_name = p.name;
  ev.op = p.op;
  ev.role = p.role;
  if (!m.pdu && to_agent_)  // encrypted: the agent's port tells requests from answers
    ev.role = dir == *to_agent_ ? MessageRole::Request : MessageRole::Response;
  if (m.pdu && code == kSetRequest) ev.command = &kSet;
  if (m.pdu && m.pdu->error_status != 0 && p.role == MessageRole::Response) {
    ev.exception = true;
    ev.exception_code = static_cast<std::uint32_t>(m.pdu->error_status);
    const std::string_view name = error_status_name(m.pdu->error_status);
    ev.exception_name = name.empty() ? std::string_view("error") : name;
    ev.exception_kind =
        m.pdu->error_status == kNoSuchName ? ExceptionKind::BadAddress : ExceptionKind::Other;
  }
  ev.summary = std::string(message_role_name(ev.role)) + " SNMPv" +
               (m.version == 0   ? "1"
                : m.version == 1 ? "2c"
                                 : "3") +
               " " + std::string(p.name);
  if (m.pdu) {
    if (!m.pdu->varbinds.empty()) ev.summary += " " + m.pdu->varbinds.front().oid;
    if (m.pdu->varbinds.size() > 1)
      ev.summary += " (+" + std::to_string(m.pdu->varbinds.size() - 1) + " more)";
    if (ev.exception) ev.summary += " " + std::string(ev.exception_name);
  }
  sink_.message(flow_, meta, ev);
  if (m.has_community && !community_reported_) {
    community_reported_ = true;
    // The community itself is a password: it is never stored, only that it travelled in clear.
    report_anomaly(sink_, flow_, meta, kProtocol, dir, "snmp.cleartext_community",
                   std::string("SNMPv") + (m.version == 0 ? "1" : "2c") +
                       " community string sent in clear (" + std::to_string(m.community_length) +
                       " characters" + (m.default_community ? ", a factory default" : "") + ")",
                   false);
  }
  if (m.pdu && code == kResponse && m.pdu->error_status == 0) identity(dir, *m.pdu, meta);
}

void SnmpSession::identity(Direction dir, const Pdu& pdu, const PacketMeta& meta) {
  const auto emit = [&](const char* field, std::string value) {
    if (value.empty()) return;
    if (value.size() > kMaxText) value.resize(kMaxText);
    IdentityEvent id;
    id.protocol = kProtocol;
    id.dir = dir;
    id.about_sender = true;
    id.field = field;
    id.value = std::move(value);
    id.source = "snmp system group";
    sink_.identity(flow_, meta, id);
  };
  for (const VarBind& vb : pdu.varbinds) {
    if (vb.oid == kSysDescr) {
      if (auto t = text_value(vb)) emit("description", *t);
    } else if (vb.oid == kSysName) {
      if (auto t = text_value(vb)) emit("device_name", *t);
    } else if (vb.oid == kSysLocation) {
      if (auto t = text_value(vb)) emit("location", *t);
    } else if (vb.oid == kSysContact) {
      if (auto t = text_value(vb)) emit("contact", *t);
    } else if (vb.oid == kSysObjectId && vb.type == 0x06) {
      const std::string oid = oid_text(vb.value);
      emit("sys_object_id", oid);
      if (oid.rfind(kEnterprisesPrefix, 0) == 0) {
        const std::string rest = oid.substr(kEnterprisesPrefix.size());
        const std::string number = rest.substr(0, rest.find('.'));
        if (!number.empty() && number.size() < 12) {
          const std::string_view name = enterprise_name(std::stoull(number));
          emit("snmp_enterprise", name.empty() ? number : number + " (" + std::string(name) + ")");
        }
      }
    }
  }
}

}  // namespace otscope::snmp
