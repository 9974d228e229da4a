// libFuzzer target over the whole Modbus path: the probe, the ADU decoder in both roles, and a
// session (framer + decoder + matching) fed the input in segments whose sizes, directions and
// gaps come from the first bytes of the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "protocols/modbus/decoder.h"
#include "protocols/modbus/describe.h"
#include "protocols/modbus/modbus.h"
#include "protocols/modbus/session.h"

namespace {

using namespace otscope;

/// Consumes every event so that building them is not optimised away.
struct CountingSink final : EventSink {
  std::size_t total = 0;
  void message(const FlowInfo&, const PacketMeta&, const MessageEvent& ev) override {
    total += ev.summary_text().size() + ev.ranges.size() + ev.detail.size();
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent& ev) override {
    total += ev.value.size();
  }
  void anomaly(const FlowInfo&, const PacketMeta&, const AnomalyEvent& ev) override {
    total += ev.detail.size();
  }
};

constexpr std::size_t kHintBytes = 4;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes input(data, size);
  const ProtocolDescriptor& descriptor = modbus::descriptor();
  descriptor.probe(input, Transport::Tcp);
  for (bool response : {false, true}) {
    modbus::DecodeResult r = modbus::decode_adu(input, response);
    if (r.ok()) {
      volatile std::size_t n = modbus::summarize(r.adu).size() + modbus::ranges_of(r.adu).size();
      (void)n;
    }
  }
  if (size <= kHintBytes) return 0;

  FlowInfo flow;
  flow.a.port = 40000;
  flow.b.port = 502;
  flow.saw_handshake = (data[0] & 1) != 0;
  CountingSink sink;
  // A small cap so that the limit path is reached too.
  modbus::ModbusSession session(flow, sink, 8);
  const Bytes hints = input.subspan(0, kHintBytes);
  Bytes rest = input.subspan(kHintBytes);
  PacketMeta meta;
  for (std::size_t i = 0; !rest.empty(); ++i) {
    const std::uint8_t hint = static_cast<std::uint8_t>(hints[i % kHintBytes] ^ (i * 37));
    const std::size_t len = std::min<std::size_t>(rest.size(), 1 + hint % 64);
    const Direction dir = (hint & 0x80) != 0 ? Direction::BtoA : Direction::AtoB;
    meta.frame = i + 1;
    if ((hint & 0x7f) == 0x7f) session.on_gap(dir, len, meta);
    session.on_data(dir, rest.subspan(0, len), meta);
    rest = rest.subspan(len);
  }
  session.on_close(meta);
  return 0;
}
