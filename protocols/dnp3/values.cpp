#include "protocols/dnp3/values.h"

#include <array>
#include <string>
#include <variant>

#include "protocols/dnp3/codes.h"

namespace otscope::dnp3 {
namespace {

// The queue (0x10) and clear (0x20) bits say how to schedule the command, not what it does.
constexpr std::uint8_t kOperationBits = 0xCF;

bool sets_values(std::uint8_t function) {
  return function == kFuncOperate || function == kFuncDirectOperate ||
         function == kFuncDirectOperateNoAck;
}

}  // namespace

std::string_view crob_code_label(std::uint8_t code) {
  static const std::array<std::string, 256> labels = [] {
    std::array<std::string, 256> out;
    for (std::size_t i = 0; i < out.size(); ++i) {
      const auto c = static_cast<std::uint8_t>(i);
      std::string text(crob_operation_name(c & 0x0F));
      if ((c >> 6) != 0) text += " " + std::string(crob_trip_close_name(c >> 6));
      out[i] = std::move(text);
    }
    return out;
  }();
  return labels[code];
}

void written_values(const Fragment& fragment, std::vector<WrittenValue>& out) {
  out.clear();
  if (!sets_values(fragment.header.function)) return;
  for (const ObjectBlock& block : fragment.objects) {
    const std::uint8_t group = block.header.group;
    if (group != 12 && group != 41) continue;
    const SpaceName space = group == 12 ? SpaceName("g12") : SpaceName("g41");
    for (const ObjectValue& v : block.values) {
      if (out.size() == MessageEvent::kMaxWrittenValues) return;
      if (const auto* crob = std::get_if<ControlBlock>(&v)) {
        // g12v2 pattern control blocks name no point: only the CROB (v1) sets one.
        if (block.header.variation != 1) continue;
        const auto code = static_cast<std::uint8_t>(crob->code & kOperationBits);
        out.push_back({space, crob->index, ValueKind::Operation, static_cast<double>(code),
                       crob_code_label(code)});
      } else if (const auto* point = std::get_if<PointValue>(&v)) {
        if (group == 41 && point->value)
          out.push_back({space, point->index, ValueKind::Number, *point->value, {}});
      }
    }
  }
}

}  // namespace otscope::dnp3
