#include "protocols/modbus/umas.h"

#include <array>

namespace otscope::modbus {
namespace {

constexpr UmasCodeInfo named(UmasCode c, std::string_view name, OpClass op) {
  return {static_cast<std::uint8_t>(c), name, op, true};
}

// Reservation is what an engineering tool takes before it changes the PLC (and releases after):
// session management, like INIT_COMM and KEEP_ALIVE; taking it is a command rule of its own.
constexpr std::array kNamedCodes = {
    named(UmasCode::InitComm, "UMAS INIT_COMM", OpClass::Session),
    named(UmasCode::ReadId, "UMAS READ_ID", OpClass::Identification),
    named(UmasCode::ReadProjectInfo, "UMAS READ_PROJECT_INFO", OpClass::Identification),
    named(UmasCode::ReadPlcInfo, "UMAS READ_PLC_INFO", OpClass::Identification),
    named(UmasCode::ReadCardInfo, "UMAS READ_CARD_INFO", OpClass::Identification),
    named(UmasCode::Repeat, "UMAS REPEAT", OpClass::Session),
    named(UmasCode::TakePlcReservation, "UMAS TAKE_PLC_RESERVATION", OpClass::Session),
    named(UmasCode::ReleasePlcReservation, "UMAS RELEASE_PLC_RESERVATION", OpClass::Session),
    named(UmasCode::KeepAlive, "UMAS KEEP_ALIVE", OpClass::Session),
    named(UmasCode::ReadMemoryBlock, "UMAS READ_MEMORY_BLOCK", OpClass::Read),
    named(UmasCode::ReadVariables, "UMAS READ_VARIABLES", OpClass::Read),
    named(UmasCode::WriteVariables, "UMAS WRITE_VARIABLES", OpClass::Write),
    named(UmasCode::ReadCoilsRegisters, "UMAS READ_COILS_REGISTERS", OpClass::Read),
    named(UmasCode::WriteCoilsRegisters, "UMAS WRITE_COILS_REGISTERS", OpClass::Write),
    named(UmasCode::InitializeUpload, "UMAS INITIALIZE_UPLOAD", OpClass::Program),
    named(UmasCode::UploadBlock, "UMAS UPLOAD_BLOCK", OpClass::Program),
    named(UmasCode::EndStrategyUpload, "UMAS END_STRATEGY_UPLOAD", OpClass::Program),
    named(UmasCode::InitializeDownload, "UMAS INITIALIZE_DOWNLOAD", OpClass::Program),
    named(UmasCode::DownloadBlock, "UMAS DOWNLOAD_BLOCK", OpClass::Program),
    named(UmasCode::EndStrategyDownload, "UMAS END_STRATEGY_DOWNLOAD", OpClass::Program),
    named(UmasCode::ReadEthMasterData, "UMAS READ_ETH_MASTER_DATA", OpClass::Read),
    named(UmasCode::StartPlc, "UMAS START_PLC", OpClass::ModeChange),
    named(UmasCode::StopPlc, "UMAS STOP_PLC", OpClass::ModeChange),
    named(UmasCode::MonitorPlc, "UMAS MONITOR_PLC", OpClass::Read),
    named(UmasCode::CheckPlc, "UMAS CHECK_PLC", OpClass::Session),
    named(UmasCode::ReadIoObject, "UMAS READ_IO_OBJECT", OpClass::Read),
    named(UmasCode::WriteIoObject, "UMAS WRITE_IO_OBJECT", OpClass::Write),
    named(UmasCode::GetStatusModule, "UMAS GET_STATUS_MODULE", OpClass::Diagnostic),
};

/// "UMAS 0xNN" for every code, in static storage: the names of the codes nobody has named.
struct UnknownNames {
  std::array<std::array<char, 9>, 256> text{};
  constexpr UnknownNames() {
    constexpr char kDigits[] = "0123456789ABCDEF";
    for (std::size_t c = 0; c < text.size(); ++c) {
      const std::string_view prefix = "UMAS 0x";
      for (std::size_t i = 0; i < prefix.size(); ++i) text[c][i] = prefix[i];
      text[c][7] = kDigits[c >> 4];
      text[c][8] = kDigits[c & 0xF];
    }
  }
};
constexpr UnknownNames kUnknownNames;

constexpr std::array<UmasCodeInfo, 256> make_table() {
  std::array<UmasCodeInfo, 256> t{};
  for (std::size_t c = 0; c < t.size(); ++c) {
    t[c] = {static_cast<std::uint8_t>(c),
            std::string_view(kUnknownNames.text[c].data(), kUnknownNames.text[c].size()),
            OpClass::Other, false};
  }
  for (const UmasCodeInfo& info : kNamedCodes) t[info.code] = info;
  return t;
}
constinit const std::array<UmasCodeInfo, 256> kTable = make_table();

std::string hex_byte(std::uint8_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("0x") + kDigits[v >> 4] + kDigits[v & 0xF];
}

// Fewer characters than this are not a name (a stray run of bytes that happen to be printable).
constexpr std::size_t kMinTextLength = 4;

}  // namespace

const UmasCodeInfo& umas_code_info(std::uint8_t code) {
  return kTable[code];
}

UmasError split_umas(Bytes body, bool is_response, UmasFields& out, std::string& detail) {
  out = UmasFields{};
  ByteReader r(body);
  if (!r.u8(out.session_key)) {
    detail = "UMAS message without a session key";
    return UmasError::TooShort;
  }
  if (!is_response) {
    if (!r.u8(out.code)) {
      detail = "UMAS request without a function code";
      return UmasError::TooShort;
    }
    out.data = r.rest();
    return UmasError::None;
  }
  if (!r.u8(out.status)) {
    detail = "UMAS response without a status";
    return UmasError::TooShort;
  }
  if (out.status != kUmasStatusOk && out.status != kUmasStatusError) {
    detail = "UMAS response status " + hex_byte(out.status) + " is neither 0xfe (OK) nor 0xfd " +
             "(error)";
    return UmasError::InvalidStatus;
  }
  out.data = r.rest();
  return UmasError::None;
}

std::string_view umas_identity_field(std::uint8_t code) {
  switch (static_cast<UmasCode>(code)) {
    case UmasCode::ReadId:
    case UmasCode::ReadPlcInfo:
      return "device_id";
    case UmasCode::ReadProjectInfo:
      return "user_application";
    default:
      return {};
  }
}

std::string umas_text(Bytes data) {
  std::size_t best_start = 0;
  std::size_t best_len = 0;
  std::size_t run_start = 0;
  for (std::size_t i = 0; i <= data.size(); ++i) {
    const bool printable = i < data.size() && data[i] >= 0x20 && data[i] < 0x7f;
    if (printable) continue;
    if (i - run_start > best_len) {
      best_start = run_start;
      best_len = i - run_start;
    }
    run_start = i + 1;
  }
  if (best_len < kMinTextLength) return {};
  std::string text = printable_string(data.subspan(best_start, best_len));
  if (text.size() < kMinTextLength) return {};  // spaces around a short word
  return text;
}

}  // namespace otscope::modbus
