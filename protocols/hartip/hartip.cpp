#include "protocols/hartip/hartip.h"

#include <memory>
#include <optional>
#include <string>

#include "protocols/common/framer.h"
#include "protocols/hartip/decoder.h"

namespace otscope::hartip {

constexpr std::uint16_t kPorts[] = {kPort};

const CommandRule kDeviceReset{"hartip.device_reset",
                               "HART device reset",
                               Severity::High,
                               "T0816",
                               "Device Restart/Shutdown",
                               "Command 42 (Perform Device Reset) was sent to a field instrument: "
                               "its measurement and loop current drop out while it restarts."};
const CommandRule kConfigurationWrite{
    "hartip.configuration_write",
    "HART instrument configuration written",
    Severity::Medium,
    "T0836",
    "Modify Parameter",
    "A HART write command changed an instrument's configuration (range values, damping, units, "
    "tag or polling address): the process value it reports can change meaning."};
const CommandRule kLoopOverride{
    "hartip.loop_override",
    "HART loop current or variable forced",
    Severity::High,
    "T0831",
    "Manipulation of Control",
    "The instrument's loop current was fixed or trimmed, or a device variable was written: the "
    "control system no longer sees the real measurement."};

namespace {

constexpr const CommandRule* kCommands[] = {&kDeviceReset, &kConfigurationWrite, &kLoopOverride};

enum class FrameError : std::uint8_t { BadHeader };

struct HartIpFraming {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = hartip::kHeaderSize;
  static constexpr std::size_t kMaxMessage = hartip::kMaxMessage;
  static Cut<Error> cut(Bytes b) {
    if (b.size() < kHeaderSize) {
      if (b[0] < 1 || b[0] > 2) return Cut<Error>::bad(FrameError::BadHeader);
      return Cut<Error>::need_more();
    }
    Header h;
    if (decode_header(b, h) != hartip::Error::None) return Cut<Error>::bad(FrameError::BadHeader);
    return Cut<Error>::message(h.length);
  }
  static Hunt hunt(Bytes b) {
    if (b[0] < 1 || b[0] > 2) return Hunt::skip_bytes(1);
    if (b.size() < kHeaderSize) return Hunt::need_more();
    Header h;
    return decode_header(b, h) == hartip::Error::None ? Hunt::found() : Hunt::skip_bytes(1);
  }
  static constexpr std::optional<Error> kAfterGap = FrameError::BadHeader;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};

std::string hex_of(Bytes b) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string s;
  for (std::uint8_t x : b) {
    s += kDigits[x >> 4];
    s += kDigits[x & 0x0F];
  }
  return s;
}

class HartIpSession final : public ProtocolSession {
 public:
  HartIpSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {}

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override {
    auto& framer = framers_[static_cast<int>(dir)];
    auto out = frame_callbacks(
        [&](Bytes m) { message(dir, m, meta); },
        [&](const SkippedRun<FrameError>& run) { skipped(dir, run.skipped, meta); });
    framer.push(data, out);
    if (flow_.transport == Transport::Udp) finish(dir, framer.finish(), meta);
  }
  void on_gap(Direction dir, std::size_t, const PacketMeta& meta) override {
    finish(dir, framers_[static_cast<int>(dir)].gap(), meta);
  }
  void on_close(const PacketMeta& meta) override {
    finish(Direction::AtoB, framers_[0].finish(), meta);
    finish(Direction::BtoA, framers_[1].finish(), meta);
  }

 private:
  void finish(Direction dir, const FramerRemainder<FrameError>& rest, const PacketMeta& meta) {
    if (rest.skipped) skipped(dir, rest.skipped->skipped, meta);
    if (rest.partial != 0) malformed(dir, meta, Error::Truncated, "unfinished message");
  }
  void skipped(Direction dir, std::size_t n, const PacketMeta& meta) {
    report_anomaly(sink_, flow_, meta, kProtocol, dir, "hartip.bad_header",
                   std::to_string(n) + " bytes without a HART-IP header", true);
  }
  void malformed(Direction dir, const PacketMeta& meta, Error e, const std::string& where) {
    report_anomaly(sink_, flow_, meta, kProtocol, dir, "hartip." + std::string(error_name(e)),
                   where + ": " + std::string(error_name(e)), true,
                   e == Error::BadChecksum ? AnomalyClass::ChecksumError : AnomalyClass::Other);
  }

  void message(Direction dir, Bytes m, const PacketMeta& meta) {
    Header h;
    if (const Error e = decode_header(m, h); e != Error::None)
      return malformed(dir, meta, e, "HART-IP header");
    MessageEvent ev;
    ev.protocol = kProtocol;
    ev.dir = dir;
    ev.role = h.type == kRequest   ? MessageRole::Request
              : h.type == kPublish ? MessageRole::Unsolicited
                                   : MessageRole::Response;
    if (h.type == kError || h.type == kNak || (h.type == kResponse && h.status != 0)) {
      ev.exception = true;
      ev.exception_code = h.status;
      ev.exception_name = h.type == kNak ? "NAK" : h.type == kError ? "error" : "status";
      ev.exception_kind = ExceptionKind::Other;
    }
    std::optional<HartPdu> pdu;
    if (h.id == kPassThrough && h.type != kError && h.type != kNak) {
      HartPdu p;
      if (const Error e = decode_pdu(m.subspan(kHeaderSize), p); e != Error::None)
        return malformed(dir, meta, e, "HART PDU");
      pdu = p;
    }
    if (pdu) {
      const CommandName* c = find_command(pdu->command);
      ev.function = pdu->command;
      ev.function_name = c != nullptr ? c->name : "Device-Specific Command";
      ev.op = c != nullptr ? c->op : OpClass::Other;
      ev.unit = pdu->long_address ? -1 : (pdu->address.front() & 0x3F);  // polling address
      if (ev.role == MessageRole::Request) ev.command = hart_command_rule(pdu->command);
      if (pdu->response_code && *pdu->response_code != 0 && (*pdu->response_code & 0x80) == 0 &&
          *pdu->response_code != 8) {  // 8 and above 0x80 are warnings / comm status
        ev.exception = true;
        ev.exception_code = *pdu->response_code;
        ev.exception_name = *pdu->response_code == 64 ? "Command not implemented" : "response code";
        ev.exception_kind =
            *pdu->response_code == 64 ? ExceptionKind::UnsupportedFunction : ExceptionKind::Other;
      }
    } else {
      ev.function = kMessageBase | h.id;
      const std::string_view name = message_id_name(h.id);
      ev.function_name = name;
      ev.op = h.id == kReadAuditLog ? OpClass::Read : OpClass::Session;
    }
    ev.function_key = ev.function;
    ev.summary = std::string(message_role_name(ev.role)) + " HART-IP " +
                 std::string(ev.function_name) + " seq " + std::to_string(h.sequence);
    sink_.message(flow_, meta, ev);
    if (pdu && pdu->response_code && ev.role == MessageRole::Response && !ev.exception)
      identity(dir, *pdu, meta);
  }

  void identity(Direction dir, const HartPdu& p, const PacketMeta& meta) {
    const auto emit = [&](const char* field, std::string value) {
      if (value.empty()) return;
      IdentityEvent id;
      id.protocol = kProtocol;
      id.dir = dir;
      id.about_sender = true;
      id.field = field;
      id.value = std::move(value);
      id.source = "hart command " + std::to_string(p.command);
      sink_.identity(flow_, meta, id);
    };
    if (p.command == 0 && p.data.size() >= 12 && p.data[0] == 254) {
      // Expanded device type (bytes 1-2) and device id (bytes 9-11).
      emit("hart_device_type", hex_of(p.data.subspan(1, 2)));
      emit("hart_device_id", hex_of(p.data.subspan(9, 3)));
    } else if (p.command == 20 && !p.data.empty()) {
      std::string tag;  // Long Tag: 32 ISO Latin-1 characters
      for (std::size_t i = 0; i < p.data.size() && i < 32; ++i) {
        const std::uint8_t c = p.data[i];
        if (c == 0) break;
        tag += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
      }
      while (!tag.empty() && tag.back() == ' ') tag.pop_back();
      emit("device_name", tag);
    }
  }

  const FlowInfo& flow_;
  EventSink& sink_;
  StreamFramer<HartIpFraming> framers_[2];
};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<HartIpSession>(flow, sink);
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

const CommandRule* hart_command_rule(std::uint8_t command) {
  switch (command) {
    case 42:
      return &kDeviceReset;
    case 6:
    case 17:
    case 18:
    case 19:
    case 22:
    case 34:
    case 35:
    case 36:
    case 37:
    case 44:
      return &kConfigurationWrite;
    case 40:
    case 45:
    case 46:
    case 79:
      return &kLoopOverride;
    default:
      return nullptr;
  }
}

const ProtocolInfo kInfo{
    .name = "hartip",
    .display_name = "HART-IP",
    .ports = kPorts,
    .commands = kCommands,
    // A HART-IP server is a multiplexer or gateway in front of field instruments.
    .roles = {.server = ServerKind::FieldStation,
              .server_confidence = 0.6,
              .server_label = "HART-IP server (gateway to HART instruments)",
              .client = ClientKind::Master,
              .client_label = "HART-IP client (asset management)"},
};

// The 8-byte header (version 1-2, a defined message type and id, a byte count of at least 8;
// the whole datagram for UDP) and what the message id says must follow: Session Initiate is 13
// bytes, Close and Keep Alive 8, a pass-through PDU starts with a STX/ACK/BACK delimiter.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp && transport != Transport::Udp) return ProbeResult::NoMatch;
  if (first_bytes.empty()) return ProbeResult::NeedMore;
  if (first_bytes[0] < 1 || first_bytes[0] > 2) return ProbeResult::NoMatch;
  if (first_bytes.size() < kHeaderSize)
    return transport == Transport::Tcp ? ProbeResult::NeedMore : ProbeResult::NoMatch;
  Header h;
  if (decode_header(first_bytes, h) != Error::None) return ProbeResult::NoMatch;
  if (transport == Transport::Udp && h.length != first_bytes.size()) return ProbeResult::NoMatch;
  if (h.type == kRequest && h.status != 0) return ProbeResult::NoMatch;
  switch (h.id) {
    case kSessionInitiate:
      if (h.type != kError && h.type != kNak && h.length != 13) return ProbeResult::NoMatch;
      break;
    case kSessionClose:
    case kKeepAlive:
      if (h.type != kError && h.type != kNak && h.length != kHeaderSize)
        return ProbeResult::NoMatch;
      break;
    case kPassThrough:
      if (h.type == kError || h.type == kNak) break;
      if (first_bytes.size() <= kHeaderSize)
        return transport == Transport::Tcp ? ProbeResult::NeedMore : ProbeResult::NoMatch;
      {
        const std::uint8_t d = first_bytes[kHeaderSize];
        const std::uint8_t frame = d & 0x07;
        if ((frame != 1 && frame != 2 && frame != 6) || (d & 0x18) != 0)
          return ProbeResult::NoMatch;
      }
      break;
    default:
      break;
  }
  return ProbeResult::Match;
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"hartip", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::hartip
