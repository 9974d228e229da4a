// Helpers shared by the libFuzzer targets in tests/fuzz/: a reader that turns the fuzzer's bytes
// into operations (running out of input yields zeros, never an error), and sinks that consume
// every event so building them is not optimised away.
#pragma once
#include <cstddef>
#include <cstdint>

#include "common/bytes.h"
#include "protocols/common/events.h"

namespace otscope::fuzz {

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return at_ >= size_; }
  std::size_t left() const { return size_ - at_; }
  std::uint8_t u8() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(u8() << 8 | u8()); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(u16()) << 16 | u16(); }
  /// Up to `n` bytes (fewer at the end of the input).
  Bytes bytes(std::size_t n) {
    if (n > left()) n = left();
    const Bytes out(data_ + at_, n);
    at_ += n;
    return out;
  }
  Bytes rest() { return bytes(left()); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

/// Builds every event's text, as the database and the console would.
class CountingSink final : public EventSink {
 public:
  void message(const FlowInfo&, const PacketMeta&, const MessageEvent& ev) override {
    total += ev.summary_text().size() + ev.detail.size() + ev.ranges.size();
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent& ev) override {
    total += ev.value.size();
  }
  void anomaly(const FlowInfo&, const PacketMeta&, const AnomalyEvent& ev) override {
    total += ev.kind.size() + ev.detail.size();
  }
  std::size_t total = 0;
};

}  // namespace otscope::fuzz
