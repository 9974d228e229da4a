#include "protocols/ethercat/ethercat.h"

#include <memory>
#include <string>

// Facts: IEC 61158-4-12 / -6-12 (EtherCAT): the frame header (11-bit length, 4-bit type), the
// datagram header (command, index, 32-bit address, 11-bit length with the "more" bit, IRQ), the
// working counter after the data, the command codes 0-14, and the AL Control register 0x0120
// whose low four bits request INIT 1, PRE-OP 2, BOOTSTRAP 3, SAFE-OP 4, OP 8.

namespace otscope::ethercat {
namespace {

constexpr std::string_view kCommands[] = {"NOP",  "APRD", "APWR", "APRW", "FPRD",
                                          "FPWR", "FPRW", "BRD",  "BWR",  "BRW",
                                          "LRD",  "LWR",  "LRW",  "ARMW", "FRMW"};

bool writes(std::uint8_t command) {
  switch (command) {
    case 2:   // APWR
    case 3:   // APRW
    case 5:   // FPWR
    case 6:   // FPRW
    case 8:   // BWR
    case 9:   // BRW
    case 11:  // LWR
    case 12:  // LRW
    case 13:  // ARMW
    case 14:  // FRMW
      return true;
    default:
      return false;
  }
}
bool register_addressed(std::uint8_t command) {
  return command >= 1 && command <= 9;
}

class EthercatSession final : public ProtocolSession {
 public:
  EthercatSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {}

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override {
    if (data.size() < 2) return;
    Frame frame;
    if (const FrameError e = decode_frame(data.subspan(2), frame); e != FrameError::None) {
      report_anomaly(sink_, flow_, meta, kProtocol, dir, "ethercat.malformed",
                     std::string(frame_error_name(e)), true);
      return;
    }
    if (frame.type != 1 || frame.datagrams.empty()) return;  // mailbox gateway, network variables
    // One message per frame, named by its first datagram; a state request anywhere in it names
    // the message.
    const Datagram* state = nullptr;
    for (const Datagram& d : frame.datagrams)
      if (writes(d.command) && register_addressed(d.command) && d.ado == kAlControl &&
          !d.data.empty())
        state = &d;
    const Datagram& first = state != nullptr ? *state : frame.datagrams.front();
    MessageEvent ev;
    ev.protocol = kProtocol;
    ev.role = MessageRole::Request;
    ev.dir = dir;
    ev.function = first.command;
    ev.function_key = first.command;
    ev.function_name = command_name(first.command);
    ev.op = command_op(first.command);
    ev.undefined_function = first.command > 14;
    std::string summary = "EtherCAT " + std::to_string(frame.datagrams.size()) + " datagram" +
                          (frame.datagrams.size() == 1 ? "" : "s") + ", first " +
                          std::string(ev.function_name);
    if (state != nullptr) {
      const std::uint8_t requested = state->data[0] & 0x0F;
      const std::string_view name = al_state_name(requested);
      ev.op = OpClass::ModeChange;
      ev.detail = "AL state " + (name.empty() ? std::to_string(requested) : std::string(name));
      if (requested == 3) ev.command = &kBootstrap;
      summary += "; " + std::string(command_name(state->command)) + " AL Control of slave " +
                 std::to_string(state->adp) + ": request " + ev.detail;
    }
    ev.summary = std::move(summary);
    sink_.message(flow_, meta, ev);
  }
  void on_gap(Direction, std::size_t, const PacketMeta&) override {}
  void on_close(const PacketMeta&) override {}

 private:
  const FlowInfo& flow_;
  EventSink& sink_;
};

ProbeResult probe(Bytes first, Transport transport) {
  if (transport != Transport::Ethernet || first.size() < 2) return ProbeResult::NoMatch;
  return (first[0] << 8 | first[1]) == kEthertype ? ProbeResult::Match : ProbeResult::NoMatch;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<EthercatSession>(flow, sink);
}

constexpr std::uint16_t kEthertypes[] = {kEthertype};
constexpr const CommandRule* kRules[] = {&kBootstrap};
constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

std::string_view frame_error_name(FrameError e) {
  switch (e) {
    case FrameError::None:
      return "none";
    case FrameError::TooShort:
      return "shorter than the EtherCAT header";
    case FrameError::LengthBeyondFrame:
      return "the header's length runs past the frame";
    case FrameError::DatagramTruncated:
      return "a datagram runs past the frame's length";
  }
  return "unknown";
}

FrameError decode_frame(Bytes bytes, Frame& out) {
  ByteReader r(bytes);
  std::uint16_t header = 0;
  if (!r.le16(header)) return FrameError::TooShort;
  const std::size_t length = header & 0x07FF;
  out.type = static_cast<std::uint8_t>(header >> 12);
  Bytes body;
  if (!r.take(length, body)) return FrameError::LengthBeyondFrame;
  if (out.type != 1) return FrameError::None;
  ByteReader d(body);
  bool more = !d.empty();
  while (more) {
    Datagram g;
    std::uint16_t len = 0, irq = 0;
    if (!d.u8(g.command) || !d.u8(g.index) || !d.le16(g.adp) || !d.le16(g.ado) || !d.le16(len) ||
        !d.le16(irq) || !d.take(len & 0x07FF, g.data) || !d.le16(g.working_counter))
      return FrameError::DatagramTruncated;
    more = (len & 0x8000) != 0;
    out.datagrams.push_back(g);
    if (out.datagrams.size() >= 64) break;
  }
  return FrameError::None;
}

std::string_view command_name(std::uint8_t command) {
  return command < std::size(kCommands) ? kCommands[command] : "Unknown EtherCAT command";
}

OpClass command_op(std::uint8_t command) {
  if (command == 0) return OpClass::Other;
  return writes(command) ? OpClass::Write : OpClass::Read;
}

std::string_view al_state_name(std::uint8_t state) {
  switch (state) {
    case 1:
      return "INIT";
    case 2:
      return "PRE-OP";
    case 3:
      return "BOOTSTRAP";
    case 4:
      return "SAFE-OP";
    case 8:
      return "OP";
    default:
      return {};
  }
}

const CommandRule kBootstrap{
    "ethercat.bootstrap",
    "EtherCAT slave sent to bootstrap (firmware update) state",
    Severity::High,
    "T0857",
    "System Firmware",
    "The master asked an EtherCAT slave for its BOOTSTRAP state, in which its firmware is "
    "replaced; the drive or I/O stops exchanging process data."};

// The master's frames run through every slave and back: the master is the client, the slaves
// have no addresses of their own on the wire.
const ProtocolInfo kInfo{
    .name = "ethercat",
    .display_name = "EtherCAT",
    .ethertypes = kEthertypes,
    .commands = kRules,
    .roles = {.server = ServerKind::Controller,
              .server_confidence = 0,
              .client = ClientKind::Master,
              .client_label = "EtherCAT master"},
};

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"ethercat", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::ethercat
