#include "protocols/codesys/codesys.h"

#include <memory>
#include <optional>
#include <string>

#include "protocols/codesys/decoder.h"
#include "protocols/common/framer.h"

namespace otscope::codesys {

constexpr std::uint16_t kPorts[] = {11740, 11741, 11742, 11743, 1740, 1741, 1742, 1743};

const CommandRule kPlcShell{"codesys.plc_shell",
                            "CODESYS PLC shell command",
                            Severity::High,
                            "T0807",
                            "Command-Line Interface",
                            "A PLC shell command was sent to the CODESYS runtime: it can read and "
                            "change the controller's state and files outside the application."};
const CommandRule kForce{"codesys.force",
                         "CODESYS variables forced",
                         Severity::High,
                         "T0831",
                         "Manipulation of Control",
                         "Forced values were set or released in the running application: "
                         "points now hold values the program does not compute."};
const CommandRule kFileTransfer{"codesys.file_transfer",
                                "File transfer with CODESYS controller",
                                Severity::Medium,
                                "T0867",
                                "Lateral Tool Transfer",
                                "Files were read from or written to the controller's file system "
                                "(boot applications, configuration, logs)."};

namespace {

constexpr const CommandRule* kCommands[] = {&kPlcShell, &kForce, &kFileTransfer};

enum class FrameError : std::uint8_t { BadMagic };

bool magic_prefix(Bytes b) {
  for (std::size_t i = 0; i < b.size() && i < 4; ++i)
    if (b[i] != kTcpMagic[i]) return false;
  return true;
}

std::size_t block_length(Bytes b) {
  return static_cast<std::size_t>(b[4]) | static_cast<std::size_t>(b[5]) << 8 |
         static_cast<std::size_t>(b[6]) << 16 | static_cast<std::size_t>(b[7]) << 24;
}

struct BlockFraming {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = kTcpHeaderSize;
  static constexpr std::size_t kMaxMessage = kMaxBlock;
  static Cut<Error> cut(Bytes b) {
    if (!magic_prefix(b)) return Cut<Error>::bad(FrameError::BadMagic);
    if (b.size() < kHeaderSize) return Cut<Error>::need_more();
    const std::size_t n = block_length(b);
    if (n < kHeaderSize + 1 || n > kMaxBlock) return Cut<Error>::bad(FrameError::BadMagic);
    return Cut<Error>::message(n);
  }
  static Hunt hunt(Bytes b) {
    if (!magic_prefix(b)) return Hunt::skip_bytes(1);
    if (b.size() < kHeaderSize) return Hunt::need_more();
    const std::size_t n = block_length(b);
    return n >= kHeaderSize + 1 && n <= kMaxBlock ? Hunt::found() : Hunt::skip_bytes(1);
  }
  static constexpr std::optional<Error> kAfterGap = FrameError::BadMagic;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};

OpClass group_op(std::uint8_t group) {
  switch (group) {
    case kGroupDevice:
      return OpClass::Identification;
    case kGroupApplication:
      return OpClass::Program;
    case kGroupFileTransfer:
      return OpClass::File;
    case kGroupUserManagement:
      return OpClass::Authentication;
    case kGroupPlcShell:
      return OpClass::Diagnostic;
    case kGroupForce:
      return OpClass::Control;
    default:
      return OpClass::Other;
  }
}

class CodesysSession final : public ProtocolSession {
 public:
  CodesysSession(const FlowInfo& flow, EventSink& sink)
      : flow_(flow), sink_(sink), client_dir_(client_direction_by_port(flow, kPorts)) {
    if (!client_dir_ && flow.saw_handshake) client_dir_ = Direction::AtoB;
  }

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override {
    if (flow_.transport == Transport::Udp) return pdu(dir, data, meta);
    auto out = frame_callbacks(
        [&](Bytes m) { pdu(dir, m.subspan(kTcpHeaderSize), meta); },
        [&](const SkippedRun<FrameError>& run) { skipped(dir, run.skipped, meta); });
    framers_[static_cast<int>(dir)].push(data, out);
  }
  void on_gap(Direction dir, std::size_t, const PacketMeta& meta) override {
    const auto rest = framers_[static_cast<int>(dir)].gap();
    if (rest.skipped) skipped(dir, rest.skipped->skipped, meta);
  }
  void on_close(const PacketMeta&) override {}

 private:
  void skipped(Direction dir, std::size_t n, const PacketMeta& meta) {
    report_anomaly(sink_, flow_, meta, kProtocol, dir, "codesys.bad_magic",
                   std::to_string(n) + " bytes without a CODESYS block driver header", true);
  }

  void pdu(Direction dir, Bytes bytes, const PacketMeta& meta) {
    Datagram d;
    if (const Error e = decode_datagram(bytes, d); e != Error::None) {
      report_anomaly(sink_, flow_, meta, kProtocol, dir, "codesys." + std::string(error_name(e)),
                     "CODESYS datagram layer: " + std::string(error_name(e)), true);
      return;
    }
    MessageEvent ev;
    ev.protocol = kProtocol;
    ev.dir = dir;
    const bool by_client = client_dir_ ? dir == *client_dir_ : true;
    ev.role = by_client ? MessageRole::Request : MessageRole::Response;
    if (d.group) {
      ev.function = static_cast<std::uint32_t>(*d.group) << 8 | (d.subservice & 0xFF);
      const std::string_view name = group_name(*d.group);
      ev.function_name = name.empty() ? std::string_view("service") : name;
      ev.op = group_op(*d.group);
      ev.role = d.response ? MessageRole::Response : MessageRole::Request;
      if (ev.role == MessageRole::Request) {
        if (*d.group == kGroupPlcShell) ev.command = &kPlcShell;
        if (*d.group == kGroupForce) ev.command = &kForce;
        if (*d.group == kGroupFileTransfer) ev.command = &kFileTransfer;
      }
    } else {
      ev.function =
          kDatagramBase | static_cast<std::uint32_t>(d.service) << 8 | d.channel_type.value_or(0);
      const std::string_view channel =
          d.channel_type ? channel_type_name(*d.channel_type) : std::string_view();
      const std::string_view service = service_name(d.service);
      ev.function_name = !channel.empty()   ? channel
                         : !service.empty() ? service
                                            : std::string_view("datagram");
      ev.op = OpClass::Session;
      if (d.channel_type == kOpenChannelResponse || d.channel_type == kApplicationAck)
        ev.role = MessageRole::Response;
      if (d.channel_type == kOpenChannelRequest || d.channel_type == kGetInfo)
        ev.role = MessageRole::Request;
    }
    ev.function_key = ev.function;
    ev.summary =
        std::string(message_role_name(ev.role)) + " CODESYS " + std::string(ev.function_name);
    if (d.group) ev.summary += " service " + std::to_string(d.subservice);
    if (d.secure) ev.summary += " (encrypted)";
    sink_.message(flow_, meta, ev);
  }

  const FlowInfo& flow_;
  EventSink& sink_;
  std::optional<Direction> client_dir_;
  StreamFramer<BlockFraming> framers_[2];
};

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<CodesysSession>(flow, sink);
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

const ProtocolInfo kInfo{
    .name = "codesys",
    .display_name = "CODESYS V3",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0.8,
              .server_label = "CODESYS runtime",
              .client = ClientKind::Operator,
              .client_label = "CODESYS client"},
};

// Conservative: TCP needs the block driver magic, a sane length and the datagram magic after
// it; UDP the datagram magic, a header length of 3 words and a known datagram service.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport == Transport::Tcp) {
    if (first_bytes.empty()) return ProbeResult::NeedMore;
    if (!magic_prefix(first_bytes)) return ProbeResult::NoMatch;
    if (first_bytes.size() < kTcpHeaderSize + 1) return ProbeResult::NeedMore;
    const std::size_t n = block_length(first_bytes);
    if (n < kTcpHeaderSize + 6 || n > kMaxBlock) return ProbeResult::NoMatch;
    return first_bytes[kTcpHeaderSize] == kDatagramMagic ? ProbeResult::Match
                                                         : ProbeResult::NoMatch;
  }
  if (transport != Transport::Udp) return ProbeResult::NoMatch;
  Datagram d;
  if (decode_datagram(first_bytes, d) != Error::None) return ProbeResult::NoMatch;
  return service_name(d.service).empty() ? ProbeResult::NoMatch : ProbeResult::Match;
}

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"codesys", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::codesys
