// libFuzzer target over every protocol in the registry (protocols/registry.h): the probe, and a
// session (framer, decoders, request/response matching) driven by a delivery script. A protocol
// folder added later is fuzzed here without new code.
//
// Input: byte 0 selects the protocol folder (% builtin_protocols().size()); byte 1 = flags (bit 0:
// UDP flow, bit 1: handshake seen); then records [control][length][length bytes]: control bit 0 =
// direction (B to A when set), bit 1 = a gap of `length` bytes instead of data. Whatever does not
// form a whole record is delivered as one last chunk. The seed corpus writes the payloads of each
// flow on a protocol's registered port this way.
#include <cstddef>
#include <cstdint>

#include "protocols/registry.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otscope;
  const auto protocols = builtin_protocols();
  if (size < 2 || protocols.empty()) return 0;
  const ProtocolDescriptor& descriptor = *protocols[data[0] % protocols.size()];
  fuzz::Input in(data + 1, size - 1);
  const std::uint8_t flags = in.u8();
  const Bytes body(data + 2, size - 2);
  (void)descriptor.probe(body, Transport::Tcp);
  (void)descriptor.probe(body, Transport::Udp);

  FlowInfo flow;
  flow.id = 1;
  flow.transport = (flags & 1) != 0 ? Transport::Udp : Transport::Tcp;
  flow.saw_handshake = (flags & 2) != 0;
  flow.a.port = 49152;
  flow.b.port = descriptor.registered_port();
  fuzz::CountingSink sink;
  auto session = descriptor.create(flow, sink);
  PacketMeta meta;
  meta.ts_us = 1'600'000'000'000'000;
  while (in.left() >= 2) {
    const std::uint8_t control = in.u8();
    const std::size_t length = in.u8();
    if (length > in.left()) {
      session->on_data(Direction::AtoB, in.rest(), meta);
      break;
    }
    const Direction dir = (control & 1) != 0 ? Direction::BtoA : Direction::AtoB;
    ++meta.frame;
    meta.ts_us += 1000;
    if ((control & 2) != 0) {
      session->on_gap(dir, length == 0 ? 1 : length, meta);
      continue;
    }
    session->on_data(dir, in.bytes(length), meta);
  }
  if (!in.done()) session->on_data(Direction::AtoB, in.rest(), meta);
  session->on_close(meta);
  return 0;
}
