#include "tests/toy/toy.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocols/common/framer.h"

namespace otscope::toy {

constexpr std::uint16_t kPorts[] = {kPort};

const CommandRule kStopCommand{"toy.stop",
                               "Toy controller stopped",
                               Severity::Critical,
                               "T0858",
                               "Change Operating Mode",
                               "The toy controller was told to stop: its outputs go to their "
                               "safe state."};

namespace {

constexpr const CommandRule* kCommands[] = {&kStopCommand};

struct FunctionEntry {
  std::uint8_t code;
  std::string_view name;
  OpClass op;
};
constexpr FunctionEntry kFunctions[] = {{kRead, "Read", OpClass::Read},
                                        {kWrite, "Write", OpClass::Write},
                                        {kIdentify, "Identify", OpClass::Identification},
                                        {kStop, "Stop", OpClass::ModeChange}};

const FunctionEntry* find_function(std::uint8_t code) {
  for (const FunctionEntry& f : kFunctions)
    if (f.code == code) return &f;
  return nullptr;
}

std::uint16_t be16(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

// The framer's policy: the magic byte, then one length byte counting the whole message.
enum class FrameError : std::uint8_t { BadHeader };
struct ToyFraming {
  using Error = FrameError;
  static constexpr std::size_t kHeaderSize = 2;
  static constexpr std::size_t kMaxMessage = 255;
  static Cut<Error> cut(Bytes bytes) {
    if (bytes[0] != kMagic) return Cut<Error>::bad(FrameError::BadHeader);
    if (bytes.size() < kHeaderSize) return Cut<Error>::need_more();
    if (bytes[1] < 4) return Cut<Error>::bad(FrameError::BadHeader);
    return Cut<Error>::message(bytes[1]);
  }
  static Hunt hunt(Bytes bytes) {
    if (bytes[0] != kMagic) return Hunt::skip_bytes(1);
    if (bytes.size() < kHeaderSize) return Hunt::need_more();
    return bytes[1] < 4 ? Hunt::skip_bytes(1) : Hunt::found();
  }
  static constexpr std::optional<Error> kAfterGap = FrameError::BadHeader;
  static constexpr bool kReportSkipsPerPush = false;
  static constexpr bool kHeldWhileHuntingIsSkipped = true;
};

class ToySession final : public ProtocolSession {
 public:
  ToySession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {}

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override {
    auto out = frame_callbacks(
        [&](Bytes m) { message(dir, m, meta); },
        [&](const SkippedRun<FrameError>& run) {
          report_anomaly(sink_, flow_, meta, kProtocol, dir, "toy.bad_header",
                         std::to_string(run.skipped) + " bytes without a toy header", true);
        });
    framers_[static_cast<int>(dir)].push(data, out);
  }
  void on_gap(Direction dir, std::size_t, const PacketMeta&) override {
    framers_[static_cast<int>(dir)].gap();
  }
  void on_close(const PacketMeta&) override {}

 private:
  void message(Direction dir, Bytes m, const PacketMeta& meta) {
    const bool response = (m[2] & kResponseBit) != 0;
    const auto code = static_cast<std::uint8_t>(m[2] & ~kResponseBit);
    const FunctionEntry* f = find_function(code);
    MessageEvent ev;
    ev.protocol = kProtocol;
    ev.role = response ? MessageRole::Response : MessageRole::Request;
    ev.dir = dir;
    ev.function = code;
    ev.function_key = code;
    ev.function_name = f != nullptr ? f->name : "Unknown";
    ev.op = f != nullptr ? f->op : OpClass::Other;
    ev.unit = m[3];
    ev.undefined_function = !response && f == nullptr;
    if (!response && code == kStop) ev.command = &kStopCommand;
    if (!response && (code == kRead || code == kWrite) && m.size() >= 8)
      ev.ranges.push_back(AddressRange{"register", be16(m, 4), be16(m, 6)});
    ev.summary = std::string(response ? "response " : "request ") + std::string(ev.function_name) +
                 " unit " + std::to_string(m[3]);
    sink_.message(flow_, meta, ev);
    if (response && code == kIdentify && m.size() > 4) {
      IdentityEvent id;
      id.protocol = kProtocol;
      id.dir = dir;
      id.about_sender = true;
      id.field = "vendor";
      id.value = std::string(m.begin() + 4, m.end());
      id.source = "toy identify";
      sink_.identity(flow_, meta, id);
    }
  }

  const FlowInfo& flow_;
  EventSink& sink_;
  StreamFramer<ToyFraming> framers_[2];
};

ProbeResult probe(Bytes first, Transport transport) {
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  if (first.empty()) return ProbeResult::NeedMore;
  if (first[0] != kMagic) return ProbeResult::NoMatch;
  if (first.size() < 3) return ProbeResult::NeedMore;
  if (first[1] < 4) return ProbeResult::NoMatch;
  const std::uint8_t code = first[2] & ~kResponseBit;
  return code == 0 ? ProbeResult::NoMatch : ProbeResult::Match;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<ToySession>(flow, sink);
}

constexpr const ProtocolInfo* kReports[] = {&kInfo};

}  // namespace

const ProtocolInfo kInfo{
    .name = "toy",
    .display_name = "Toy",
    .ports = kPorts,
    .commands = kCommands,
    .roles = {.server = ServerKind::Controller, .server_confidence = 0.9},
};

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"toy", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::toy
