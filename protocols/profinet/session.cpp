#include "protocols/profinet/session.h"

#include <utility>

#include "protocols/profinet/codes.h"
#include "protocols/profinet/profinet.h"
#include "protocols/profinet/rpc.h"

namespace otscope::profinet {
namespace {

constexpr std::size_t kMaxPendingSets = 64;

std::uint16_t be16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

// DCP strings are padded with NULs (NameOfStation to a fixed size by some devices).
std::string dcp_text(Bytes b) {
  while (!b.empty() && b.back() == 0) b = b.first(b.size() - 1);
  return wire_text(b);
}

std::string hex16(std::uint16_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) s += kDigits[v >> shift & 0xF];
  return s;
}

// PROFINET vendor ids (assigned by PROFIBUS & PROFINET International) that name a vendor whose id
// is public knowledge.
std::string_view vendor_name(std::uint16_t id) {
  switch (id) {
    case 0x002A:
      return "Siemens";
    default:
      return {};
  }
}

}  // namespace

ProfinetSession::ProfinetSession(const FlowInfo& flow, EventSink& sink)
    : flow_(flow), sink_(sink), claimed_(flow.transport == Transport::Udp ? kCm : kDcp) {}

Protocol ProfinetSession::claimed_as() const {
  return claimed_;
}

void ProfinetSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  if (flow_.transport == Transport::Udp) return rpc(dir, data, meta);
  // An Ethernet flow's data starts with the frame's Ethernet type.
  if (data.size() < 2) return;
  frame(dir, data.subspan(2), meta);
}

void ProfinetSession::frame(Direction dir, Bytes payload, const PacketMeta& meta) {
  if (payload.size() < 2) {
    anomaly(kRt, dir, meta, "profinet_rt.truncated", "a PROFINET frame without a frame id");
    return;
  }
  const std::uint16_t frame_id = be16(payload, 0);
  const FrameKindInfo& kind = frame_kind(frame_id);
  if (is_dcp(kind.kind)) return dcp(dir, frame_id, payload.subspan(2), meta);
  // A flow that carries cyclic data or alarms is an RT flow (a DCP exchange between the same
  // two stations before it does not change that).
  claimed_ = kRt;
  MessageEvent ev;
  ev.protocol = kRt;
  ev.dir = dir;
  ev.function = kind.first;
  ev.function_key = kind.first;
  ev.function_name = kind.name;
  switch (kind.kind) {
    case FrameKind::AlarmHigh:
    case FrameKind::AlarmLow:
      ev.role = MessageRole::Unsolicited;
      ev.op = OpClass::Diagnostic;
      break;
    case FrameKind::TimeSync:
      ev.role = MessageRole::Unsolicited;
      ev.op = OpClass::Time;
      ev.mechanics = true;
      break;
    case FrameKind::CyclicClass1:
    case FrameKind::CyclicClass2:
    case FrameKind::CyclicClass3:
      ev.role = MessageRole::Unsolicited;
      ev.op = OpClass::Unsolicited;
      break;
    default:
      ev.role = MessageRole::Unsolicited;
      ev.op = OpClass::Other;
      break;
  }
  ev.summary = std::string(kind.name) + " (frame id " + hex16(frame_id) + ", " +
               std::to_string(payload.size()) + " bytes)";
  sink_.message(flow_, meta, ev);
}

void ProfinetSession::dcp(Direction dir, std::uint16_t frame_id, Bytes bytes,
                          const PacketMeta& meta) {
  DcpPdu pdu;
  if (const DcpError e = decode_dcp(bytes, pdu); e != DcpError::None) {
    anomaly(kDcp, dir, meta, "profinet_dcp.malformed",
            "DCP frame " + hex16(frame_id) + ": " + std::string(dcp_error_name(e)));
    return;
  }
  MessageEvent ev;
  ev.protocol = kDcp;
  ev.dir = dir;
  ev.function = pdu.service;
  ev.function_key = pdu.service;
  ev.function_name = dcp_service_name(pdu.service);
  ev.op = dcp_service_op(pdu.service);
  const bool hello = pdu.service == static_cast<std::uint8_t>(DcpService::Hello);
  ev.role = hello            ? MessageRole::Unsolicited
            : pdu.response() ? MessageRole::Response
                             : MessageRole::Request;
  if (pdu.response() && (pdu.service_type & kDcpNotSupported) != 0) {
    ev.exception = true;
    ev.exception_code = pdu.service_type;
    ev.exception_name = "service not supported";
    ev.exception_kind = ExceptionKind::UnsupportedFunction;
  }
  ev.undefined_function = !pdu.response() && (pdu.service < 3 || pdu.service > 6);
  std::string what;  // the blocks, for the summary and the Set's detail
  PendingSet set;
  bool sets_name = false, sets_ip = false, resets = false;
  for (const DcpBlock& b : pdu.blocks) {
    std::string block = dcp_block_name(b.option, b.suboption);
    if (pdu.service == static_cast<std::uint8_t>(DcpService::Set) && !pdu.response()) {
      if (b.option == dcp_option::kDevice && b.suboption == dcp_device::kNameOfStation) {
        sets_name = true;
        set.station_name = dcp_text(b.data);
        block += " \"" + set.station_name + "\"";
      } else if (auto ip = dcp_ip_settings(b)) {
        sets_ip = true;
        set.ip = ipv4_text(ip->ip);
        set.mask = ipv4_text(ip->mask);
        set.gateway = ipv4_text(ip->gateway);
        block += " " + set.ip + "/" + set.mask + " gateway " + set.gateway;
      } else if (b.option == dcp_option::kControl &&
                 (b.suboption == dcp_control::kFactoryReset ||
                  b.suboption == dcp_control::kResetToFactory)) {
        resets = true;
      }
    } else if (pdu.service == static_cast<std::uint8_t>(DcpService::Identify) && !pdu.response() &&
               b.option == dcp_option::kDevice && b.suboption == dcp_device::kNameOfStation) {
      block += " \"" + dcp_text(b.data) + "\"";  // the station sought
    }
    what += (what.empty() ? "" : ", ") + block;
  }
  if (ev.role == MessageRole::Request) {
    if (resets)
      ev.command = &kFactoryReset;
    else if (sets_ip)
      ev.command = &kSetIp;
    else if (sets_name)
      ev.command = &kSetName;
    if (pdu.service == static_cast<std::uint8_t>(DcpService::Set)) {
      ev.detail = resets                 ? "factory reset"
                  : sets_ip && sets_name ? "name and IP"
                  : sets_ip              ? "IP"
                  : sets_name            ? "name of station"
                                         : "other";
      if (sets_ip || sets_name) {
        if (pending_sets_.size() >= kMaxPendingSets) pending_sets_.clear();
        pending_sets_[pdu.xid] = std::move(set);
      }
    }
  }
  ev.summary = "DCP " + std::string(ev.function_name) +
               (ev.role == MessageRole::Request    ? " request"
                : ev.role == MessageRole::Response ? (ev.exception ? " not supported" : " response")
                                                   : "") +
               ", xid " + std::to_string(pdu.xid) + (what.empty() ? "" : ": " + what);
  sink_.message(flow_, meta, ev);

  if (pdu.response() || hello) {
    const bool identify = pdu.service == static_cast<std::uint8_t>(DcpService::Identify) ||
                          pdu.service == static_cast<std::uint8_t>(DcpService::Get);
    if (identify || hello)
      dcp_identity(dir, pdu, meta, hello ? "profinet dcp hello" : "profinet dcp identify");
    if (pdu.service == static_cast<std::uint8_t>(DcpService::Set) && !ev.exception) {
      auto it = pending_sets_.find(pdu.xid);
      if (it != pending_sets_.end()) {
        // The device accepted the Set: it now goes by what was set.
        const PendingSet& s = it->second;
        if (!s.station_name.empty())
          identity(dir, "station_name", s.station_name, "profinet dcp set", meta);
        if (!s.ip.empty()) {
          identity(dir, "ip_address", s.ip, "profinet dcp set", meta);
          identity(dir, "subnet_mask", s.mask, "profinet dcp set", meta);
          identity(dir, "gateway", s.gateway, "profinet dcp set", meta);
        }
        pending_sets_.erase(it);
      }
    }
  }
}

void ProfinetSession::dcp_identity(Direction dir, const DcpPdu& pdu, const PacketMeta& meta,
                                   const char* source) {
  for (const DcpBlock& b : pdu.blocks) {
    if (b.option == dcp_option::kDevice) {
      switch (b.suboption) {
        case dcp_device::kVendor:
          identity(dir, "product", dcp_text(b.data), source, meta);
          break;
        case dcp_device::kNameOfStation:
          identity(dir, "station_name", dcp_text(b.data), source, meta);
          break;
        case dcp_device::kAlias:
          identity(dir, "alias_name", dcp_text(b.data), source, meta);
          break;
        case dcp_device::kDeviceId:
          if (b.data.size() >= 4) {
            const std::uint16_t vendor = be16(b.data, 0);
            identity(dir, "vendor_id", hex16(vendor), source, meta);
            if (std::string_view name = vendor_name(vendor); !name.empty())
              identity(dir, "vendor", std::string(name), source, meta);
            identity(dir, "device_id", hex16(be16(b.data, 2)), source, meta);
          }
          break;
        case dcp_device::kOemDeviceId:
          if (b.data.size() >= 4)
            identity(dir, "oem_device_id", hex16(be16(b.data, 0)) + "/" + hex16(be16(b.data, 2)),
                     source, meta);
          break;
        case dcp_device::kRole:
          if (!b.data.empty())
            if (std::string roles = dcp_device_roles(b.data[0]); !roles.empty())
              identity(dir, "profinet_role", roles, source, meta);
          break;
        default:
          break;
      }
    } else if (auto ip = dcp_ip_settings(b); ip && ip->ip != 0) {
      identity(dir, "ip_address", ipv4_text(ip->ip), source, meta);
      identity(dir, "subnet_mask", ipv4_text(ip->mask), source, meta);
      identity(dir, "gateway", ipv4_text(ip->gateway), source, meta);
    }
  }
}

void ProfinetSession::rpc(Direction dir, Bytes datagram, const PacketMeta& meta) {
  RpcHeader h;
  if (const RpcError e = decode_rpc(datagram, h); e != RpcError::None) {
    anomaly(kCm, dir, meta, "profinet_cm.malformed", std::string(rpc_error_name(e)));
    return;
  }
  MessageEvent ev;
  ev.protocol = kCm;
  ev.dir = dir;
  switch (h.ptype) {
    case 0:  // request
      ev.role = MessageRole::Request;
      break;
    case 2:  // response
      ev.role = MessageRole::Response;
      break;
    case 3:  // fault
    case 6:  // reject
      ev.role = MessageRole::Response;
      ev.exception = true;
      ev.exception_code = h.ptype;
      ev.exception_name = rpc_packet_type_name(h.ptype);
      ev.exception_kind = ExceptionKind::Other;
      break;
    default:  // ping, working, nocall, ack, cancel, fack: the RPC's own mechanics
      ev.role = dir == Direction::AtoB ? MessageRole::Request : MessageRole::Response;
      ev.mechanics = true;
      break;
  }
  ev.function = h.opnum;
  ev.function_key = h.opnum;
  ev.function_name = pnio_operation_name(h.opnum);
  ev.op = ev.mechanics ? OpClass::Session : pnio_operation_op(h.opnum);
  ev.undefined_function = ev.role == MessageRole::Request && !ev.mechanics && h.opnum > 5;
  ev.summary = "PNIO " + std::string(pnio_interface_name(h.interface)) + " " +
               std::string(rpc_packet_type_name(h.ptype)) + " " + std::string(ev.function_name) +
               ", sequence " + std::to_string(h.sequence) + ", " + std::to_string(h.body.size()) +
               " bytes";
  sink_.message(flow_, meta, ev);
}

void ProfinetSession::identity(Direction dir, std::string field, std::string value,
                               const char* source, const PacketMeta& meta) {
  if (value.empty()) return;
  IdentityEvent id;
  id.protocol = kDcp;
  id.dir = dir;
  id.about_sender = true;
  id.field = std::move(field);
  id.value = std::move(value);
  id.source = source;
  sink_.identity(flow_, meta, id);
}

void ProfinetSession::anomaly(Protocol p, Direction dir, const PacketMeta& meta, std::string kind,
                              std::string detail) {
  report_anomaly(sink_, flow_, meta, p, dir, std::move(kind), std::move(detail), true);
}

}  // namespace otscope::profinet
