#include "protocols/srtp/srtp.h"

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "protocols/common/framer.h"
#include "protocols/srtp/decoder.h"

namespace otscope::srtp {

constexpr std::uint16_t kPorts[] = {kPort};

const CommandRule kPlcState{"srtp.plc_state",
                            "GE PLC run/stop state changed",
                            Severity::Critical,
                            "T0858",
                            "Change Operating Mode",
                            "Set PLC State was sent to the GE controller: it may have been "
                            "stopped, and its outputs go to their stop state."};
const CommandRule kProgramLoad{"srtp.program_load",
                               "Program loaded into GE PLC",
                               Severity::High,
                               "T0843",
                               "Program Download",
                               "Program or program block memory was written to the controller: "
                               "its logic changed. Check it was a planned download."};
const CommandRule kProgramStore{"srtp.program_store",
                                "Program read from GE PLC",
                                Severity::Medium,
                                "T0845",
                                "Program Upload",
                                "The controller's program was stored (read out) over the "
                                "network: expected only from the engineering station."};
const CommandRule kForce{"srtp.force",
                         "GE PLC force toggled",
                         Severity::High,
                         "T0831",
                         "Manipulation of Control",
                         "A force on system memory was toggled: a point now holds a value the "
                         "program does not compute."};
const CommandRule kClearFaults{"srtp.clear_faults",
                               "GE PLC fault table cleared",
                               Severity::Medium,
                               "T0872",
                               "Indicator Removal on Host",
                               "The controller's fault table was cleared: the record of past "
                               "faults is gone."};

namespace {

constexpr const CommandRule* kCommands[] = {&kPlcState, &kProgramLoad, &kProgramStore, &kForce,
                                            &kClearFaults};

enum class FrameError : std::uint8_t { BadHeader };

struct SrtpFraming {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = srtp::kHeaderSize;
  static constexpr std::size_t kMaxMessage = srtp::kMaxMessage;
  static Cut<Error> cut(Bytes b) {
    if (b[0] > kResponse) return Cut<Error>::bad(FrameError::BadHeader);
    if (b.size() < kHeaderSize) return Cut<Error>::need_more();
    return Cut<Error>::message(kHeaderSize + static_cast<std::size_t>(b[4] | b[5] << 8));
  }
  static Hunt hunt(Bytes b) {
    if (b[0] != kRequest && b[0] != kResponse) return Hunt::skip_bytes(1);
    if (b.size() < kHeaderSize) return Hunt::need_more();
    const bool ok = b[0] == kRequest ? b[31] == kServiceRequest
                                     : (b[31] == kAck || b[31] == kAckWithData || b[31] == kNack);
    return ok ? Hunt::found() : Hunt::skip_bytes(1);
  }
  static constexpr std::optional<Error> kAfterGap = FrameError::BadHeader;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};

class SrtpSession final : public ProtocolSession {
 public:
  SrtpSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {
    pending_.fill(-1);
  }

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override {
    auto out = frame_callbacks(
        [&](Bytes m) { message(dir, m, meta); },
        [&](const SkippedRun<FrameError>& run) {
          bad(dir, std::to_string(run.skipped) + " bytes without an SRTP header", meta);
        });
    framers_[static_cast<int>(dir)].push(data, out);
  }
  void on_gap(Direction dir, std::size_t, const PacketMeta& meta) override {
    const auto rest = framers_[static_cast<int>(dir)].gap();
    if (rest.skipped)
      bad(dir, std::to_string(rest.skipped->skipped) + " bytes without an SRTP header", meta);
  }
  void on_close(const PacketMeta&) override {}

 private:
  void bad(Direction dir, const std::string& detail, const PacketMeta& meta) {
    report_anomaly(sink_, flow_, meta, kProtocol, dir, "srtp.bad_header", detail, true);
  }

  void message(Direction dir, Bytes m, const PacketMeta& meta) {
    Header h;
    if (const Error e = decode_header(m, h); e != Error::None) {
      report_anomaly(sink_, flow_, meta, kProtocol, dir, "srtp." + std::string(error_name(e)),
                     "SRTP packet: " + std::string(error_name(e)), true);
      return;
    }
    MessageEvent ev;
    ev.protocol = kProtocol;
    ev.dir = dir;
    if (h.type == kRequest || h.type == kResponse) {
      const bool request = h.type == kRequest;
      std::uint8_t service = h.service;
      if (!request && pending_[h.sequence] >= 0)
        service = static_cast<std::uint8_t>(pending_[h.sequence]);
      if (request) pending_[h.sequence] = h.service;
      const ServiceName* s = find_service(service);
      ev.function = service;
      ev.function_name = s != nullptr ? s->name : "Unknown Service";
      ev.op = s != nullptr ? s->op : OpClass::Other;
      ev.role = request ? MessageRole::Request : MessageRole::Response;
      ev.undefined_function = request && s == nullptr;
      if (request) ev.command = service_command(service);
      if (!request && h.message_type == kNack) {
        ev.exception = true;
        ev.exception_code = m.size() > kHeaderSize ? m[kHeaderSize] : 0;
        ev.exception_name = "NACK";
      }
    } else {
      ev.function = kPacketBase | h.type;
      ev.function_name = h.type == kInit ? "Initialise" : "Initialise reply";
      ev.op = OpClass::Session;
      ev.role = h.type == kInit ? MessageRole::Request : MessageRole::Response;
    }
    ev.function_key = ev.function;
    ev.summary = std::string(message_role_name(ev.role)) + " SRTP " +
                 std::string(ev.function_name) + " seq " + std::to_string(h.sequence);
    sink_.message(flow_, meta, ev);
  }

  const FlowInfo& flow_;
  EventSink& sink_;
  StreamFramer<SrtpFraming> framers_[2];
  std::array<std::int16_t, 256> pending_{};  // service of each outstanding sequence number
};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<SrtpSession>(flow, sink);
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

const CommandRule* service_command(std::uint8_t service) {
  switch (service) {
    case kSetPlcState:
      return &kPlcState;
    case kProgramLoadService:
    case kWriteProgramBlockMemory:
      return &kProgramLoad;
    case 0x3F:
      return &kProgramStore;
    case kToggleForce:
      return &kForce;
    case kClearFaultTable:
      return &kClearFaults;
    default:
      return nullptr;
  }
}

const ProtocolInfo kInfo{
    .name = "srtp",
    .display_name = "GE SRTP",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.9,
              .server_label = "GE PLC",
              .client = ClientKind::Operator,
              .client_label = "SRTP client"},
};

// A session opens with 56 zero bytes (and the PLC's reply, type 1); a request has type 2 and
// message type 0xC0 at byte 31, a response type 3 and an ACK/NACK message type.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  if (first_bytes.empty()) return ProbeResult::NeedMore;
  // The PLC's reply to the opening is too plain to claim alone: the client's opening in the
  // other direction decides.
  if (first_bytes[0] > kResponse || first_bytes[0] == kInitReply) return ProbeResult::NoMatch;
  // Ahead of the full header, bytes that must be zero already refuse most streams: all of an
  // opening, the reserved bytes 1, 3 and 6-8 of a request or response.
  for (std::size_t i = 1; i < first_bytes.size() && i < kHeaderSize; ++i) {
    const bool reserved = i == 1 || i == 3 || (i >= 6 && i <= 8);
    if ((first_bytes[0] == kInit || reserved) && first_bytes[i] != 0) return ProbeResult::NoMatch;
  }
  if (first_bytes.size() < kHeaderSize) return ProbeResult::NeedMore;
  switch (first_bytes[0]) {
    case kInit:
      return ProbeResult::Match;
    case kRequest:
      return first_bytes[31] == kServiceRequest ? ProbeResult::Match : ProbeResult::NoMatch;
    default:
      return first_bytes[31] == kAck || first_bytes[31] == kAckWithData || first_bytes[31] == kNack
                 ? ProbeResult::Match
                 : ProbeResult::NoMatch;
  }
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"srtp", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::srtp
