#include "protocols/modbus/values.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "protocols/modbus/codes.h"
#include "protocols/modbus/describe.h"

namespace otscope::modbus {
namespace {

constexpr std::size_t kMax = MessageEvent::kMaxWrittenValues;

void registers(const SpaceName& space, std::uint16_t start, const RegisterValues& values,
               std::vector<WrittenValue>& out) {
  const std::size_t n = std::min(values.size(), kMax);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back({space,
                   std::uint32_t{start} + static_cast<std::uint32_t>(i),
                   ValueKind::Number,
                   static_cast<double>(values[i]),
                   {}});
}

}  // namespace

void written_values(const Adu& adu, std::vector<WrittenValue>& out) {
  out.clear();
  if (adu.response || adu.exception) return;
  switch (static_cast<FunctionCode>(adu.function)) {
    case FunctionCode::WriteSingleCoil:
      // The decoder accepts only 0xFF00 (on) and 0x0000 (off).
      out.push_back(
          {kCoilSpace, adu.address, ValueKind::Number, adu.value == 0xFF00 ? 1.0 : 0.0, {}});
      return;
    case FunctionCode::WriteSingleRegister:
      out.push_back({kHoldingRegisterSpace,
                     adu.address,
                     ValueKind::Number,
                     static_cast<double>(adu.value),
                     {}});
      return;
    case FunctionCode::WriteMultipleCoils: {
      // Packed least significant bit first (Modbus Application Protocol V1.1b3, 6.11).
      const std::size_t n = std::min<std::size_t>({adu.quantity, adu.bits.size() * 8, kMax});
      for (std::size_t i = 0; i < n; ++i)
        out.push_back({kCoilSpace,
                       std::uint32_t{adu.address} + static_cast<std::uint32_t>(i),
                       ValueKind::Number,
                       double((adu.bits[i / 8] >> (i % 8)) & 1),
                       {}});
      return;
    }
    case FunctionCode::WriteMultipleRegisters:
      registers(kHoldingRegisterSpace, adu.address, adu.registers, out);
      return;
    case FunctionCode::ReadWriteMultipleRegisters:
      registers(kHoldingRegisterSpace, adu.write_address, adu.registers, out);
      return;
    default:
      return;
  }
}

}  // namespace otscope::modbus
