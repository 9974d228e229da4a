#include "protocols/ads/session.h"

#include <cstdio>
#include <string>

#include "protocols/ads/ads.h"
#include "protocols/ads/codes.h"
#include "protocols/common/hex.h"

namespace otscope::ads {

namespace {

class EventSummary final : public SummarySource {
 public:
  EventSummary(const MessageEvent& ev, const AmsPacket& p) : ev_(ev), p_(p) {}
  std::string summary() const override {
    std::string s = ev_.role == MessageRole::Request ? "ADS request " : "ADS response ";
    s += std::string(ev_.function_name) + " (" + std::to_string(ev_.function) + ") " +
         p_.source_net_id + ":" + std::to_string(p_.source_port) + " -> " + p_.target_net_id + ":" +
         std::to_string(p_.target_port);
    if (!ev_.detail.empty()) s += ", " + ev_.detail;
    if (ev_.exception)
      s += ", error " + hex_code(ev_.exception_code, 4) +
           (ev_.exception_name.empty() ? "" : " " + std::string(ev_.exception_name));
    return s;
  }

 private:
  const MessageEvent& ev_;
  const AmsPacket& p_;
};

std::string state_text(std::uint16_t s) {
  const std::string_view name = state_name(s);
  return name.empty() ? "state " + std::to_string(s) : std::string(name);
}

}  // namespace

AdsSession::AdsSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {
  if (!flow.saw_handshake && flow.transport == Transport::Tcp)
    for (TcpFramer& f : framers_) f.hunt(FrameError::MidStream);
}

void AdsSession::anomaly(Direction dir, const PacketMeta& meta, std::string_view kind,
                         std::string detail, bool malformed) {
  report_anomaly(sink_, flow_, meta, kProtocol, dir, "ads." + std::string(kind), std::move(detail),
                 malformed);
}

void AdsSession::fact(Direction dir, const PacketMeta& meta, std::string field, std::string value,
                      const char* source) {
  if (value.empty()) return;
  IdentityEvent id;
  id.protocol = kProtocol;
  id.dir = dir;
  id.about_sender = true;
  id.field = std::move(field);
  id.value = std::move(value);
  id.source = source;
  sink_.identity(flow_, meta, id);
}

void AdsSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  if (flow_.transport == Transport::Udp) {
    on_udp(dir, data, meta);
    return;
  }
  auto out = frame_callbacks(
      [&](Bytes m, std::span<const FrameRef> earlier = {}) {
        on_packet(dir, m, meta.with_earlier(earlier));
      },
      [&](const TcpFramer::Run& run, std::span<const FrameRef> carriers = {}) {
        const bool lost = run.error == FrameError::Resync || run.error == FrameError::MidStream;
        anomaly(dir, carried_by(carriers, meta), lost ? "resync" : "bad_header",
                "skipped " + std::to_string(run.skipped) + " bytes to find the next AMS/TCP header",
                !lost);
      });
  framers_[static_cast<int>(dir)].push(data, out, meta);
}

void AdsSession::on_gap(Direction dir, std::size_t, const PacketMeta&) {
  framers_[static_cast<int>(dir)].gap();
}

void AdsSession::on_close(const PacketMeta& meta) {
  for (Direction d : {Direction::AtoB, Direction::BtoA}) {
    const TcpFramer::Remainder rest = framers_[static_cast<int>(d)].finish();
    if (rest.partial > 0)
      anomaly(
          d, carried_by(rest.frames, meta), "truncated_at_close",
          "the flow ended inside an AMS packet (" + std::to_string(rest.partial) + " bytes held)",
          false);
  }
}

void AdsSession::on_udp(Direction dir, Bytes bytes, const PacketMeta& meta) {
  if (bytes.empty()) return;
  UdpMessage m;
  if (AdsError e = decode_udp(bytes, m); e != AdsError::None) {
    anomaly(dir, meta, "udp_" + std::string(ads_error_kind(e)),
            "UDP service datagram: " + to_hex(bytes, 48), true);
    return;
  }
  const std::uint32_t service = m.service & ~kUdpResponse;
  const std::optional<CodeInfo> info = udp_service(m.service);
  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.role = m.response() ? MessageRole::Response : MessageRole::Request;
  ev.function = kUdpFunctionBase | (service & 0xFFFF);
  ev.function_key = ev.function;
  ev.function_name = info ? info->name : "Unknown UDP service";
  ev.op = info ? info->op : OpClass::Other;
  ev.undefined_function = !m.response() && !info;
  if (!m.response() && service == udp::kAddRoute) {
    ev.command = &kAddRoute;
    if (const UdpMessage::Tag* name = m.tag(udp::kTagRouteName))
      ev.detail = "route " + printable_string(name->data);
  }
  {
    AmsPacket header;  // the summary names the sender's AMS address
    header.source_net_id = m.net_id;
    header.source_port = m.port;
    header.target_net_id = "router";
    header.target_port = kUdpPort;
    const EventSummary summary(ev, header);
    ev.summary_source = &summary;
    sink_.message(flow_, meta, ev);
  }
  if (m.response() && service == udp::kServerInfo) {
    const char* source = "ads udp server info";
    fact(dir, meta, "ams_net_id", m.net_id, source);
    if (const UdpMessage::Tag* host = m.tag(udp::kTagHostname))
      fact(dir, meta, "hostname", printable_string(host->data), source);
    if (const UdpMessage::Tag* v = m.tag(udp::kTagVersion); v && v->data.size() >= 4)
      fact(dir, meta, "firmware",
           std::to_string(v->data[0]) + "." + std::to_string(v->data[1]) + "." +
               std::to_string(v->data[2] | v->data[3] << 8),
           source);
  }
}

void AdsSession::on_packet(Direction dir, Bytes bytes, const PacketMeta& meta) {
  AmsPacket p;
  if (AdsError e = decode_packet(bytes, p); e != AdsError::None) {
    anomaly(dir, meta, ads_error_kind(e), "AMS packet: " + to_hex(bytes, 48), true);
    return;
  }
  const std::optional<CodeInfo> info = command(p.command);
  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  const bool response = p.response();
  // A device notification is the server's data, pushed without a response.
  ev.role = p.command == cmd::kNotification ? MessageRole::Unsolicited
            : response                      ? MessageRole::Response
                                            : MessageRole::Request;
  ev.function = p.command;
  ev.function_key = p.command;
  ev.function_name = info ? info->name : "Unknown command";
  ev.op = info ? info->op : OpClass::Other;
  // The AMS port of the device's service (851: the first TwinCAT 3 PLC runtime).
  ev.unit = response ? p.source_port : p.target_port;
  std::uint32_t result = p.error;
  if (!response) {
    ev.undefined_function = !info.has_value();
    IndexAccess access;
    if ((p.command == cmd::kRead || p.command == cmd::kWrite || p.command == cmd::kReadWrite) &&
        decode_index_access(p.data, access)) {
      ev.ranges.push_back(
          AddressRange{"ig " + hex_code(access.group, 4), access.offset, access.length});
      ev.detail = "index group " + hex_code(access.group, 4) + " offset " +
                  hex_code(access.offset, 4) + " length " + std::to_string(access.length);
    }
    WriteControl control;
    if (p.command == cmd::kWriteControl) {
      if (decode_write_control(p.data, control)) {
        ev.command = write_control_command(control.ads_state);
        ev.detail = "ADS state " + state_text(control.ads_state) + ", device state " +
                    std::to_string(control.device_state);
      } else {
        anomaly(dir, meta, "short_write_control",
                "Write Control of " + std::to_string(p.data.size()) + " bytes", true);
      }
    }
    ev.writes_data = p.command == cmd::kWrite || p.command == cmd::kReadWrite;
  } else if (p.data.size() >= 4 && p.command != cmd::kNotification) {
    // Every response data starts with its ADS return code.
    result = static_cast<std::uint32_t>(p.data[0] | p.data[1] << 8 | p.data[2] << 16 |
                                        static_cast<std::uint32_t>(p.data[3]) << 24);
    if (result == 0) result = p.error;
  }
  if (response && result != 0) {
    ev.exception = true;
    ev.exception_code = result;
    ev.exception_name = error_name(result);
    ev.exception_kind = error_kind(result);
  }
  {
    const EventSummary summary(ev, p);
    ev.summary_source = &summary;
    sink_.message(flow_, meta, ev);
  }
  if (!response || ev.exception) return;
  if (p.command == cmd::kReadDeviceInfo) {
    DeviceInfo info_reply;
    if (!decode_device_info(p.data, info_reply)) {
      anomaly(dir, meta, "short_device_info",
              "Read Device Info response of " + std::to_string(p.data.size()) + " bytes", true);
      return;
    }
    const char* source = "ads read device info";
    fact(dir, meta, "device_name", info_reply.name, source);
    fact(dir, meta, "firmware",
         std::to_string(info_reply.major) + "." + std::to_string(info_reply.minor) + "." +
             std::to_string(info_reply.build),
         source);
    fact(dir, meta, "ams_net_id", p.source_net_id, source);
  } else if (p.command == cmd::kReadState) {
    ReadState s;
    if (decode_read_state(p.data, s))
      fact(dir, meta, "operating_mode", state_text(s.ads_state), "ads read state");
  }
}

}  // namespace otscope::ads
