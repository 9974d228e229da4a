#include "protocols/melsec/session.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "protocols/common/hex.h"
#include "protocols/melsec/codes.h"
#include "protocols/melsec/melsec.h"

namespace otscope::melsec {

namespace {

class EventSummary final : public SummarySource {
 public:
  explicit EventSummary(const MessageEvent& ev) : ev_(ev) {}
  std::string summary() const override {
    std::string s = ev_.role == MessageRole::Request ? "MELSEC request " : "MELSEC response ";
    s += std::string(ev_.function_name) + " (" + hex_code(ev_.function, 4);
    if (ev_.sub_function >= 0) s += "/" + hex_code(static_cast<std::uint32_t>(ev_.sub_function), 4);
    s += ")";
    if (!ev_.detail.empty()) s += ", " + ev_.detail;
    if (ev_.exception)
      s += ", end code " + hex_code(ev_.exception_code, 4) +
           (ev_.exception_name.empty() ? "" : " " + std::string(ev_.exception_name));
    return s;
  }

 private:
  const MessageEvent& ev_;
};

std::string device_text(std::uint16_t code) {
  const std::string_view name = code <= 0xFF ? device_name(static_cast<std::uint8_t>(code)) : "";
  return name.empty() ? "device " + hex_code(code, 2) : std::string(name);
}

}  // namespace

McSession::McSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {
  if (!flow.saw_handshake && flow.transport == Transport::Tcp)
    for (TcpFramer& f : framers_) f.hunt(FrameError::MidStream);
}

void McSession::anomaly(Direction dir, const PacketMeta& meta, std::string_view kind,
                        std::string detail, bool malformed, AnomalyClass cls) {
  report_anomaly(sink_, flow_, meta, kProtocol, dir, "melsec." + std::string(kind),
                 std::move(detail), malformed, cls);
}

void McSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  if (flow_.transport == Transport::Udp) {
    if (!data.empty()) on_message(dir, data, meta);
    return;
  }
  auto out = frame_callbacks(
      [&](Bytes m, std::span<const FrameRef> earlier = {}) {
        on_message(dir, m, meta.with_earlier(earlier));
      },
      [&](const TcpFramer::Run& run, std::span<const FrameRef> carriers = {}) {
        const bool lost = run.error == FrameError::Resync || run.error == FrameError::MidStream;
        anomaly(dir, carried_by(carriers, meta), lost ? "resync" : "bad_subheader",
                "skipped " + std::to_string(run.skipped) + " bytes to find the next MC frame",
                !lost);
      });
  framers_[static_cast<int>(dir)].push(data, out, meta);
}

void McSession::on_gap(Direction dir, std::size_t, const PacketMeta&) {
  framers_[static_cast<int>(dir)].gap();
  // Requests and responses may have been lost: in-order matching starts afresh.
  pending_.clear();
}

void McSession::on_close(const PacketMeta& meta) {
  for (Direction d : {Direction::AtoB, Direction::BtoA}) {
    const TcpFramer::Remainder rest = framers_[static_cast<int>(d)].finish();
    if (rest.partial > 0)
      anomaly(d, carried_by(rest.frames, meta), "truncated_at_close",
              "the flow ended inside an MC frame (" + std::to_string(rest.partial) + " bytes held)",
              false);
  }
}

void McSession::on_message(Direction dir, Bytes bytes, const PacketMeta& meta) {
  McMessage m;
  if (McError e = decode_message(bytes, m); e != McError::None) {
    anomaly(dir, meta, mc_error_kind(e), "MC frame: " + to_hex(bytes, 32), true);
    return;
  }
  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.unit = m.station;
  std::optional<Pending> request;
  if (m.response) {
    const auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) {
      return p.dir == reverse(dir) && p.e4 == m.e4 && (!m.e4 || p.serial == m.serial);
    });
    if (it != pending_.end()) {
      request = *it;
      pending_.erase(it);
    }
    ev.role = MessageRole::Response;
    if (request) {
      ev.function = request->command;
      ev.function_key = request->command;
      ev.sub_function = request->subcommand;
    }
    if (m.end_code != 0) {
      ev.exception = true;
      ev.exception_code = m.end_code;
      ev.exception_name = end_code_name(m.end_code);
      ev.exception_kind = m.end_code == 0xC059   ? ExceptionKind::UnsupportedFunction
                          : m.end_code == 0xC056 ? ExceptionKind::BadAddress
                                                 : ExceptionKind::Other;
    }
  } else {
    ev.role = MessageRole::Request;
    ev.function = m.command;
    ev.function_key = m.command;
    ev.sub_function = m.subcommand;
    if (pending_.size() >= kMaxPending) pending_.pop_front();
    pending_.push_back(Pending{dir, m.e4, m.serial, m.command, m.subcommand});
  }
  const std::optional<CodeInfo> info = m.response && !request
                                           ? std::optional<CodeInfo>{}
                                           : command(static_cast<std::uint16_t>(ev.function));
  ev.function_name = info ? info->name : m.response ? "Response" : "Unknown command";
  ev.op = info ? info->op : OpClass::Other;
  if (!m.response) {
    ev.undefined_function = !info.has_value();
    ev.command = melsec_command(m.command);
    DeviceAccess access;
    if ((m.command == cmd::kBatchRead || m.command == cmd::kBatchWrite) &&
        decode_device_access(m.subcommand, m.data, access)) {
      const std::string device = device_text(access.device);
      ev.ranges.push_back(AddressRange{device, access.head, access.points});
      ev.detail = device + std::to_string(access.head) + " x" + std::to_string(access.points);
      // Word units (subcommand bit 0 clear) carry two bytes per point written.
      if (m.command == cmd::kBatchWrite && (m.subcommand & 0x0001) == 0) {
        for (std::size_t i = 0;
             i + 1 < access.values.size() && ev.values.size() < MessageEvent::kMaxWrittenValues;
             i += 2)
          ev.values.push_back(
              WrittenValue{device,
                           static_cast<std::uint32_t>(access.head + i / 2),
                           ValueKind::Number,
                           static_cast<double>(access.values[i] | access.values[i + 1] << 8),
                           {}});
      }
    }
    ev.writes_data = ev.op == OpClass::Write;
  }
  {
    const EventSummary summary(ev);
    ev.summary_source = &summary;
    sink_.message(flow_, meta, ev);
  }
  if (m.response && !request)
    anomaly(dir, meta, "response_without_request",
            "MC response (end code " + hex_code(m.end_code, 4) + ") answers no request seen", false,
            AnomalyClass::ResponseWithoutRequest);
  if (m.response && request && request->command == cmd::kReadCpuModel && m.end_code == 0) {
    CpuModel model;
    if (!decode_cpu_model(m.data, model)) {
      anomaly(dir, meta, "short_cpu_model",
              "Read CPU Model Name response of " + std::to_string(m.data.size()) + " bytes", true);
      return;
    }
    for (const auto& [field, value] :
         {std::pair<const char*, std::string>{"vendor", "Mitsubishi Electric"},
          {"model", model.model},
          {"product_code", hex_code(model.code, 4)}}) {
      if (value.empty()) continue;
      IdentityEvent id;
      id.protocol = kProtocol;
      id.dir = dir;
      id.about_sender = true;
      id.field = field;
      id.value = value;
      id.source = "melsec read cpu model name";
      sink_.identity(flow_, meta, id);
    }
  }
}

}  // namespace otscope::melsec
