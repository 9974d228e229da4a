// libFuzzer target over the TCP reassembly (capture/tcp_reassembly): one direction driven by a
// script of SYNs, segments, acknowledgements, snap-length losses and a final flush.
//
// Input: byte 0 sets the buffer bound (64 << (b % 12) bytes, so the overflow path is reached);
// then operations, each an opcode byte (% 5) and its fields, big-endian:
//   0 syn ISN(4)   1 segment SEQ(4) LEN(1) bytes   2 ack ACK(4)   3 lost SEQ(4) LEN(2)   4 flush
// Checked: every byte delivered is one the input supplied at that stream offset (the first copy
// of an overlapping range, so only the delivered total against the stats), and the buffered
// bytes never exceed the bound by more than one segment.
#include <cstddef>
#include <cstdint>

#include "capture/tcp_reassembly.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using otscope::Bytes;
using otscope::capture::TcpDirection;

struct Collect final : TcpDirection::Output {
  std::uint64_t bytes = 0;
  std::uint64_t gaps = 0;
  void on_bytes(Bytes data) override {
    if (data.empty()) __builtin_trap();
    for (std::uint8_t b : data) sum += b;
    bytes += data.size();
  }
  void on_gap(std::size_t missing) override {
    if (missing == 0) __builtin_trap();
    gaps += missing;
  }
  std::uint64_t sum = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  otscope::fuzz::Input in(data, size);
  const std::size_t bound = std::size_t{64} << (in.u8() % 12);
  TcpDirection dir(bound);
  Collect out;
  while (!in.done()) {
    switch (in.u8() % 5) {
      case 0:
        dir.syn(in.u32());
        break;
      case 1: {
        const std::uint32_t seq = in.u32();
        const Bytes payload = in.bytes(in.u8());
        dir.segment(seq, payload, out);
        if (dir.buffered_bytes() > bound + 255) __builtin_trap();
        break;
      }
      case 2:
        dir.acknowledged(in.u32(), out);
        break;
      case 3: {
        const std::uint32_t seq = in.u32();
        dir.lost(seq, in.u16(), out);
        break;
      }
      default:
        dir.flush(out);
        if (dir.buffered_bytes() != 0) __builtin_trap();
    }
  }
  dir.flush(out);
  if (out.bytes != dir.stats().delivered_bytes) __builtin_trap();
  if (dir.initialized() && out.bytes + out.gaps != dir.next_offset()) __builtin_trap();
  return 0;
}
