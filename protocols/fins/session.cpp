#include "protocols/fins/session.h"

#include <cstdio>
#include <string>

#include "protocols/common/hex.h"
#include "protocols/fins/codes.h"
#include "protocols/fins/fins.h"

namespace otscope::fins {

namespace {

class EventSummary final : public SummarySource {
 public:
  explicit EventSummary(const MessageEvent& ev, const FinsFrame* frame = nullptr)
      : ev_(ev), frame_(frame) {}
  EventSummary(const MessageEvent& ev, const FinsFrame& frame) : EventSummary(ev, &frame) {}
  std::string summary() const override {
    std::string s = ev_.role == MessageRole::Request ? "FINS command " : "FINS response ";
    s += std::string(ev_.function_name) + " (" + hex_code(ev_.function, 4) + ")";
    if (frame_ != nullptr)
      s += ", node " + address(frame_->sna, frame_->sa1, frame_->sa2) + " -> " +
           address(frame_->dna, frame_->da1, frame_->da2) + " SID " + std::to_string(frame_->sid);
    if (!ev_.detail.empty()) s += ", " + ev_.detail;
    if (ev_.exception)
      s += ", end code " + hex_code(ev_.exception_code, 4) +
           (ev_.exception_name.empty() ? "" : " " + std::string(ev_.exception_name));
    return s;
  }

 private:
  static std::string address(std::uint8_t net, std::uint8_t node, std::uint8_t unit) {
    return std::to_string(net) + "." + std::to_string(node) + "." + std::to_string(unit);
  }
  const MessageEvent& ev_;
  const FinsFrame* frame_;
};

std::string area_text(std::uint8_t area) {
  const std::string_view name = memory_area_name(area);
  return name.empty() ? "area " + hex_code(area, 2) : std::string(name);
}

}  // namespace

FinsSession::FinsSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {
  if (!flow.saw_handshake && flow.transport == Transport::Tcp)
    for (TcpFramer& f : framers_) f.hunt(FrameError::MidStream);
}

void FinsSession::anomaly(Direction dir, const PacketMeta& meta, std::string_view kind,
                          std::string detail, bool malformed) {
  report_anomaly(sink_, flow_, meta, kProtocol, dir, "fins." + std::string(kind), std::move(detail),
                 malformed);
}

void FinsSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  if (flow_.transport == Transport::Udp) {
    if (!data.empty()) on_frame(dir, data, meta);
    return;
  }
  auto out = frame_callbacks(
      [&](Bytes m, std::span<const FrameRef> earlier = {}) {
        on_tcp(dir, m, meta.with_earlier(earlier));
      },
      [&](const TcpFramer::Run& run, std::span<const FrameRef> carriers = {}) {
        const bool lost = run.error == FrameError::Resync || run.error == FrameError::MidStream;
        anomaly(
            dir, carried_by(carriers, meta), lost ? "resync" : "bad_tcp_header",
            "skipped " + std::to_string(run.skipped) + " bytes to find the next FINS/TCP header",
            !lost);
      });
  framers_[static_cast<int>(dir)].push(data, out, meta);
}

void FinsSession::on_gap(Direction dir, std::size_t, const PacketMeta&) {
  framers_[static_cast<int>(dir)].gap();
}

void FinsSession::on_close(const PacketMeta& meta) {
  for (Direction d : {Direction::AtoB, Direction::BtoA}) {
    const TcpFramer::Remainder rest = framers_[static_cast<int>(d)].finish();
    if (rest.partial > 0)
      anomaly(d, carried_by(rest.frames, meta), "truncated_at_close",
              "the flow ended inside a FINS/TCP message (" + std::to_string(rest.partial) +
                  " bytes held)",
              false);
  }
}

void FinsSession::on_tcp(Direction dir, Bytes bytes, const PacketMeta& meta) {
  TcpMessage m;
  if (FinsError e = decode_tcp(bytes, m); e != FinsError::None) {
    anomaly(dir, meta, fins_error_kind(e), "FINS/TCP message: " + to_hex(bytes, 32), true);
    return;
  }
  if (m.command == 2 && m.error == 0) {
    on_frame(dir, m.body, meta);
    return;
  }
  // The node address exchange and the error notifications: FINS/TCP's own messages.
  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.function = kTcpFunctionBase | m.command;
  ev.function_key = ev.function;
  const std::string_view name = tcp_command_name(m.command);
  ev.function_name = name.empty() ? "Unknown FINS/TCP command" : name;
  ev.op = OpClass::Session;
  ev.role = m.command == 0 ? MessageRole::Request : MessageRole::Response;
  if (m.error != 0) {
    ev.exception = true;
    ev.exception_code = m.error;
    ev.exception_kind = ExceptionKind::Other;
  }
  const EventSummary summary(ev);
  ev.summary_source = &summary;
  sink_.message(flow_, meta, ev);
}

void FinsSession::on_frame(Direction dir, Bytes bytes, const PacketMeta& meta) {
  FinsFrame f;
  if (FinsError e = decode_frame(bytes, f); e != FinsError::None) {
    anomaly(dir, meta, fins_error_kind(e), "FINS frame: " + to_hex(bytes, 32), true);
    return;
  }
  const std::optional<CodeInfo> info = command(f.command);
  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.role = f.response ? MessageRole::Response : MessageRole::Request;
  ev.function = f.command;
  ev.function_key = f.command;
  ev.function_name = info ? info->name : "Unknown command";
  ev.op = info ? info->op : OpClass::Other;
  // Node numbers are not a unit to group by: a command may address node 0 (the node that
  // receives it) and be answered from the PLC's own node number. They go to the summary, and the
  // responding node's number to the identity.
  if (!f.response) {
    ev.undefined_function = !info.has_value();
    ev.command = fins_command(f.command);
    MemoryAccess access;
    const bool memory = f.command == fn::kMemoryAreaRead || f.command == fn::kMemoryAreaWrite ||
                        f.command == fn::kMemoryAreaFill;
    if (memory && decode_memory_access(f.data, access)) {
      ev.ranges.push_back(AddressRange{area_text(access.area), access.word, access.count});
      ev.detail = area_text(access.area) + " " + std::to_string(access.word) + " x" +
                  std::to_string(access.count);
      // Word areas (codes 0x80 and up) carry two bytes per word written.
      if (f.command == fn::kMemoryAreaWrite && access.area >= 0x80) {
        for (std::size_t i = 0;
             i + 1 < access.values.size() && ev.values.size() < MessageEvent::kMaxWrittenValues;
             i += 2)
          ev.values.push_back(
              WrittenValue{area_text(access.area),
                           static_cast<std::uint32_t>(access.word + i / 2),
                           ValueKind::Number,
                           static_cast<double>(access.values[i] << 8 | access.values[i + 1]),
                           {}});
      }
    }
    ev.writes_data = ev.op == OpClass::Write;
  } else if (!end_code_ok(f.end_code)) {
    ev.exception = true;
    ev.exception_code = f.end_code;
    const std::uint8_t main = static_cast<std::uint8_t>(f.end_code >> 8 & 0x7F);
    ev.exception_name = end_code_name(main);
    // 0401 undefined command; 11xx parameter errors (no such area, address out of range).
    ev.exception_kind = (f.end_code & 0x7FFF) == 0x0401 ? ExceptionKind::UnsupportedFunction
                        : main == 0x11                  ? ExceptionKind::BadAddress
                                                        : ExceptionKind::Other;
  }
  {
    const EventSummary summary(ev, f);
    ev.summary_source = &summary;
    sink_.message(flow_, meta, ev);
  }
  if (f.response && f.sa1 != reported_node_) {
    reported_node_ = f.sa1;
    IdentityEvent id;
    id.protocol = kProtocol;
    id.dir = dir;
    id.about_sender = true;
    id.field = "fins_node";
    id.value = std::to_string(f.sna) + "." + std::to_string(f.sa1) + "." + std::to_string(f.sa2);
    id.source = "fins response source address";
    sink_.identity(flow_, meta, id);
  }
  if (f.response && f.command == fn::kControllerDataRead && end_code_ok(f.end_code)) {
    ControllerData data;
    if (!decode_controller_data(f.data, data)) {
      anomaly(dir, meta, "short_controller_data",
              "Controller Data Read response of " + std::to_string(f.data.size()) + " bytes", true);
      return;
    }
    auto fact = [&](std::string field, std::string value) {
      if (value.empty()) return;
      IdentityEvent id;
      id.protocol = kProtocol;
      id.dir = dir;
      id.about_sender = true;
      id.field = std::move(field);
      id.value = std::move(value);
      id.source = "fins controller data read";
      sink_.identity(flow_, meta, id);
    };
    fact("vendor", "OMRON");
    fact("model", data.model);
    fact("firmware", data.version);
  }
}

}  // namespace otscope::fins
