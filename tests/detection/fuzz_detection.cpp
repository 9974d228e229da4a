// libFuzzer target over what detection reads from outside: policy files (TOML), baseline files
// (JSON), and decoded events whose strings come from the wire (PI service details, object
// lists), fed through the detector. The first byte selects which.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/detection/detector.h"
#include "engine/detection/policy.h"
#include "model/detection/baseline.h"
#include "protocols/registry.h"

namespace {

using namespace otscope;
using namespace otscope::detection;

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t u8() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = v << 8 | u8();
    return v;
  }
  std::string text() {
    const std::size_t n = u8() % 24;
    std::string s;
    for (std::size_t i = 0; i < n && at_ < size_; ++i) s.push_back(static_cast<char>(data_[at_++]));
    return s;
  }
  bool done() const { return at_ >= size_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

void drive_detector(Reader& in) {
  DetectorConfig config;
  config.policy = std::make_shared<const Policy>(
      parse_policy("[learning]\nduration = \"2s\"\n[thresholds]\nfunction_scan = 2\n", "fuzz"));
  Detector d(std::move(config));
  FlowInfo flow;
  flow.a.ip = IpAddress::v4(0x0a000001);
  flow.b.ip = IpAddress::v4(0x0a000002);
  std::int64_t ts = 1'000'000;
  std::vector<std::string> names;  // function_name is a view: keep the strings alive
  names.reserve(8200);
  while (!in.done() && names.size() < 4096) {
    ts += in.u8() * 100'000;
    PacketMeta meta{ts, static_cast<std::uint64_t>(names.size()), 0};
    flow.saw_handshake = in.u8() & 1;
    const std::uint8_t kind = in.u8() % 3;
    if (kind == 0) {
      MessageEvent ev;
      ev.protocol = all_protocols()[in.u8() % protocol_count()];
      ev.role = static_cast<MessageRole>(in.u8() % 3);
      ev.dir = static_cast<Direction>(in.u8() & 1);
      ev.function = in.u32() % 0x20000;
      ev.op = static_cast<OpClass>(in.u8() % 15);
      names.push_back(in.text());
      ev.function_name = names.back();
      ev.unit = in.u8();
      ev.exception = in.u8() & 1;
      ev.exception_code = in.u8();
      ev.detail = in.text();
      ev.summary = in.text();
      if (in.u8() & 1) ev.ranges.push_back({in.text(), in.u32(), in.u32()});
      d.on_message(flow, meta, ev);
    } else if (kind == 1) {
      AnomalyEvent ev;
      ev.protocol = all_protocols()[in.u8() % protocol_count()];
      ev.dir = static_cast<Direction>(in.u8() & 1);
      ev.kind = in.text();
      ev.detail = in.text();
      ev.malformed = in.u8() & 1;
      d.on_anomaly(flow, meta, ev);
    } else {
      ChangeRecord c;
      c.ip = flow.b.ip;
      c.field = in.text();
      c.old_value = in.text();
      c.new_value = in.text();
      c.changed_us = ts;
      d.on_change(c);
    }
    names.push_back({});
  }
  for (const AlertChange& c : d.take_changes()) (void)alert_cef(c.alert, 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0:
      try {
        parse_policy(rest, "fuzz.toml");
      } catch (const PolicyError&) {
      }
      break;
    case 1:
      try {
        const Baseline b = Baseline::from_json(rest, "fuzz.json");
        (void)Baseline::from_json(b.to_json(), "round-trip");
      } catch (const BaselineError&) {
      }
      break;
    default: {
      Reader in(data + 1, size - 1);
      drive_detector(in);
    }
  }
  return 0;
}
