#include "protocols/fox/fox.h"

#include <algorithm>
#include <memory>
#include <string>

#include "protocols/fox/decoder.h"

namespace otscope::fox {

constexpr std::uint16_t kPorts[] = {kPort};

namespace {

constexpr std::string_view kHelloLine = "fox a ";

// A text protocol: the shared length-prefixed framer does not fit, so each direction keeps its
// bytes until the ";;\n" that ends a message (at most kMaxMessage), and after a gap or an
// overlong run drops bytes until the next "fox " at a line start.
class FoxSession final : public ProtocolSession {
 public:
  FoxSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {}

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override {
    Side& s = sides_[static_cast<int>(dir)];
    s.buffer.append(reinterpret_cast<const char*>(data.data()), data.size());
    for (;;) {
      if (s.hunting) {
        const std::size_t at = s.buffer.find(kStart);
        if (at == std::string::npos) {
          s.dropped += s.buffer.size() > 3 ? s.buffer.size() - 3 : 0;
          if (s.buffer.size() > 3) s.buffer.erase(0, s.buffer.size() - 3);
          return;
        }
        s.dropped += at;
        s.buffer.erase(0, at);
        s.hunting = false;
        if (s.dropped != 0) report_dropped(dir, s, meta);
      }
      if (s.buffer.compare(0, std::min(s.buffer.size(), kStart.size()),
                           kStart.substr(0, std::min(s.buffer.size(), kStart.size()))) != 0) {
        s.hunting = true;
        continue;
      }
      const std::size_t end = s.buffer.find(kEnd);
      if (end == std::string::npos) {
        if (s.buffer.size() > kMaxMessage) {
          s.dropped += s.buffer.size();
          s.buffer.clear();
          s.hunting = true;
          report_dropped(dir, s, meta);
        }
        return;
      }
      const std::size_t size = end + kEnd.size();
      message(dir, std::string_view(s.buffer).substr(0, size), meta);
      s.buffer.erase(0, size);
      if (s.buffer.empty()) return;
    }
  }
  void on_gap(Direction dir, std::size_t, const PacketMeta&) override {
    Side& s = sides_[static_cast<int>(dir)];
    s.buffer.clear();
    s.hunting = true;
  }
  void on_close(const PacketMeta&) override {}

 private:
  struct Side {
    std::string buffer;
    bool hunting = false;
    std::size_t dropped = 0;
  };

  void report_dropped(Direction dir, Side& s, const PacketMeta& meta) {
    report_anomaly(sink_, flow_, meta, kProtocol, dir, "fox.bad_header",
                   std::to_string(s.dropped) + " bytes outside a Fox message", true);
    s.dropped = 0;
  }

  void message(Direction dir, std::string_view text, const PacketMeta& meta) {
    Message m;
    if (decode_message(text, m) != Error::None) {
      report_anomaly(sink_, flow_, meta, kProtocol, dir, "fox.bad_header",
                     "a Fox message whose first line is not a Fox header", true);
      return;
    }
    MessageEvent ev;
    ev.protocol = kProtocol;
    ev.dir = dir;
    const bool hello = m.command == "hello";
    ev.function = hello ? kHello : kOther;
    ev.function_key = ev.function;
    ev.function_name = hello ? "hello" : "other";
    ev.op = hello ? OpClass::Identification : OpClass::Other;
    // A message answering nothing (-1) that is not numbered 0 asks; the rest answer.
    ev.role = m.reply_to == -1 && m.id != 0 ? MessageRole::Request : MessageRole::Response;
    ev.summary = std::string(message_role_name(ev.role)) + " Fox " + m.channel + " " + m.command;
    sink_.message(flow_, meta, ev);
    if (hello && ev.role == MessageRole::Response) identity(dir, m, meta);
  }

  void identity(Direction dir, const Message& m, const PacketMeta& meta) {
    const auto emit = [&](const char* field, const std::string& value) {
      if (value.empty()) return;
      IdentityEvent id;
      id.protocol = kProtocol;
      id.dir = dir;
      id.about_sender = true;
      id.field = field;
      id.value = value;
      id.source = "fox hello";
      sink_.identity(flow_, meta, id);
    };
    emit("fox_version", m.field("fox.version"));
    emit("device_name", m.field("hostName"));
    emit("station_name", m.field("station.name"));
    emit("product", m.field("app.name"));
    emit("firmware", m.field("app.version"));
    emit("vm_version", m.field("vm.version"));
    const std::string os = m.field("os.name");
    const std::string os_version = m.field("os.version");
    emit("os", os_version.empty() ? os : os + " " + os_version);
    emit("brand", m.field("brandId"));
  }

  const FlowInfo& flow_;
  EventSink& sink_;
  Side sides_[2];
};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<FoxSession>(flow, sink);
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

const ProtocolInfo kInfo{
    .name = "fox",
    .display_name = "Niagara Fox",
    .ports = kPorts,
    .commands = {},
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.6,
              .server_label = "Niagara station",
              .client = ClientKind::Operator,
              .client_label = "Niagara Workbench or supervisor"},
};

// Every Fox connection opens with "fox a <n> -1 fox hello": the first six bytes decide.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  const std::size_t n = std::min(first_bytes.size(), kHelloLine.size());
  const std::string_view have(reinterpret_cast<const char*>(first_bytes.data()), n);
  if (have != kHelloLine.substr(0, n)) return ProbeResult::NoMatch;
  return n < kHelloLine.size() ? ProbeResult::NeedMore : ProbeResult::Match;
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"fox", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::fox
