#include "protocols/c37118/c37118.h"

#include <memory>
#include <optional>
#include <string>

#include "protocols/c37118/decoder.h"
#include "protocols/common/framer.h"

namespace otscope::c37118 {

constexpr std::uint16_t kPorts[] = {4712, 4713};

const CommandRule kDataOffCommand{
    "c37118.data_off",
    "Synchrophasor data stream turned off",
    Severity::High,
    "T0815",
    "Denial of View",
    "A command frame told the PMU/PDC to stop sending data frames: the control centre loses its "
    "phasor measurements until a 'turn on' command."};

namespace {

constexpr const CommandRule* kCommands[] = {&kDataOffCommand};
constexpr std::size_t kProbeLimit = 512;

enum class FrameError : std::uint8_t { BadSync };

// TCP framing: SYNC (2 bytes), FRAMESIZE (2 bytes, the whole frame).
struct C37Framing {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = 4;
  static constexpr std::size_t kMaxMessage = kMaxFrame;
  static Cut<Error> cut(Bytes b) {
    if (b[0] != kSync) return Cut<Error>::bad(FrameError::BadSync);
    if (b.size() < 2) return Cut<Error>::need_more();
    if (!is_sync(b[0], b[1])) return Cut<Error>::bad(FrameError::BadSync);
    if (b.size() < kHeaderSize) return Cut<Error>::need_more();
    const std::size_t size = static_cast<std::size_t>(b[2] << 8 | b[3]);
    if (size < kMinFrame) return Cut<Error>::bad(FrameError::BadSync);
    return Cut<Error>::message(size);
  }
  static Hunt hunt(Bytes b) {
    if (b[0] != kSync) return Hunt::skip_bytes(1);
    if (b.size() < kHeaderSize) return Hunt::need_more();
    const std::size_t size = static_cast<std::size_t>(b[2] << 8 | b[3]);
    return is_sync(b[0], b[1]) && size >= kMinFrame ? Hunt::found() : Hunt::skip_bytes(1);
  }
  static constexpr std::optional<Error> kAfterGap = FrameError::BadSync;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};

class C37Session final : public ProtocolSession {
 public:
  C37Session(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {}

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override {
    auto& framer = framers_[static_cast<int>(dir)];
    auto out = frame_callbacks(
        [&](Bytes m) { frame(dir, m, meta); },
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
    if (rest.partial != 0)
      report_anomaly(sink_, flow_, meta, kProtocol, dir, "c37118.truncated",
                     std::to_string(rest.partial) + " bytes of an unfinished frame", true);
  }
  void skipped(Direction dir, std::size_t n, const PacketMeta& meta) {
    report_anomaly(sink_, flow_, meta, kProtocol, dir, "c37118.bad_sync",
                   std::to_string(n) + " bytes without a C37.118 SYNC word", true);
  }

  void frame(Direction dir, Bytes m, const PacketMeta& meta) {
    Frame f;
    if (const Error e = decode_frame(m, f); e != Error::None) {
      report_anomaly(sink_, flow_, meta, kProtocol, dir, "c37118." + std::string(error_name(e)),
                     "C37.118 frame: " + std::string(error_name(e)), true,
                     e == Error::BadChecksum ? AnomalyClass::ChecksumError : AnomalyClass::Other);
      return;
    }
    MessageEvent ev;
    ev.protocol = kProtocol;
    ev.dir = dir;
    ev.unit = f.idcode;
    if (f.type == kCommand) {
      ev.function = kCommandBase | f.command;
      const std::string_view name = command_name(f.command);
      ev.function_name = name.empty() ? std::string_view("Reserved command") : name;
      ev.role = MessageRole::Request;
      ev.undefined_function = name.empty();
      switch (f.command) {
        case kDataOff:
          ev.op = OpClass::Control;
          ev.command = &kDataOffCommand;
          break;
        case kDataOn:
          ev.op = OpClass::Control;
          break;
        case kSendHeader:
        case kSendConfig1:
        case kSendConfig2:
        case kSendConfig3:
          ev.op = OpClass::Identification;
          break;
        default:
          ev.op = OpClass::Other;
          break;
      }
    } else {
      ev.function = f.type;
      ev.function_name = frame_type_name(f.type);
      ev.role = f.type == kData ? MessageRole::Unsolicited : MessageRole::Response;
      ev.op = f.type == kData ? OpClass::Unsolicited : OpClass::Identification;
    }
    ev.function_key = ev.function;
    ev.summary = std::string(message_role_name(ev.role)) + " " + std::string(ev.function_name) +
                 " IDCODE " + std::to_string(f.idcode);
    sink_.message(flow_, meta, ev);
    if (ev.role != MessageRole::Request) {
      identity(dir, "c37118_idcode", std::to_string(f.idcode), meta);
      identity(dir, "station_name", f.station_name, meta);
    }
  }

  void identity(Direction dir, const char* field, const std::string& value,
                const PacketMeta& meta) {
    if (value.empty()) return;
    IdentityEvent id;
    id.protocol = kProtocol;
    id.dir = dir;
    id.about_sender = true;
    id.field = field;
    id.value = value;
    id.source = "c37118 frame";
    sink_.identity(flow_, meta, id);
  }

  const FlowInfo& flow_;
  EventSink& sink_;
  StreamFramer<C37Framing> framers_[2];
};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<C37Session>(flow, sink);
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

const ProtocolInfo kInfo{
    .name = "c37118",
    .display_name = "IEEE C37.118",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::FieldStation,
              .server_confidence = 0.8,
              .server_label = "PMU/PDC",
              .client = ClientKind::Master,
              .client_label = "synchrophasor client (PDC)"},
    .address_field = "c37118_idcode",
};

// SYNC (0xAA, a defined frame type, version 1..3), a FRAMESIZE of at least 16 and, once the
// whole frame is there, a matching CRC-CCITT: the CRC is what makes it exact.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp && transport != Transport::Udp) return ProbeResult::NoMatch;
  if (first_bytes.empty()) return ProbeResult::NeedMore;
  if (first_bytes[0] != kSync) return ProbeResult::NoMatch;
  if (first_bytes.size() < 4) return ProbeResult::NeedMore;
  if (!is_sync(first_bytes[0], first_bytes[1])) return ProbeResult::NoMatch;
  const std::size_t size = static_cast<std::size_t>(first_bytes[2] << 8 | first_bytes[3]);
  if (size < kMinFrame) return ProbeResult::NoMatch;
  if (first_bytes.size() < size)
    return transport == Transport::Tcp && size <= kProbeLimit ? ProbeResult::NeedMore
                                                              : ProbeResult::NoMatch;
  Frame f;
  return decode_frame(first_bytes.first(size), f) == Error::None ? ProbeResult::Match
                                                                 : ProbeResult::NoMatch;
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"c37118", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::c37118
