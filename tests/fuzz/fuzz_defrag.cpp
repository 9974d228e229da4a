// libFuzzer target over the IPv4 defragmentation (capture/ipv4_defrag): a run of packets, each
// added when it is a fragment, with timestamps and expiry sweeps from the input.
//
// Input: byte 0 = bound on pending datagrams (1 + b % 8, so the eviction path is reached); then
// records: time step (1 byte, in 100 ms), length (2 bytes), the IPv4 packet (from its header).
// Checked: a reassembled datagram is a whole unfragmented IPv4 packet whose total length is its
// size.
#include <cstddef>
#include <cstdint>

#include "capture/ipv4_defrag.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  otscope::fuzz::Input in(data, size);
  otscope::capture::Ipv4Defragmenter defrag(1 + in.u8() % 8, 1'000'000);
  std::int64_t ts = 0;
  while (!in.done()) {
    ts += std::int64_t{in.u8()} * 100'000;
    const std::size_t length = in.u16();
    const otscope::Bytes ip = in.bytes(length);
    if (!otscope::capture::Ipv4Defragmenter::is_fragment(ip)) continue;
    if (auto whole = defrag.add(ip, ts)) {
      const otscope::Bytes out(*whole);
      if (out.size() < 20 || otscope::capture::Ipv4Defragmenter::is_fragment(out)) __builtin_trap();
      if (static_cast<std::size_t>(out[2] << 8 | out[3]) != out.size()) __builtin_trap();
    }
    defrag.expire(ts);
  }
  return 0;
}
