#include "engine/detection/classify.h"

#include "protocols/dnp3/codes.h"
#include "protocols/dnp3/link.h"
#include "protocols/modbus/codes.h"
#include "protocols/s7/codes.h"

namespace otscope::detection {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// ---- Modbus -----------------------------------------------------------------------------------

std::optional<RuleId> modbus_command(const MessageEvent& ev) {
  if (ev.function != static_cast<std::uint32_t>(modbus::FunctionCode::Diagnostics)) return {};
  // The session names the sub-function through the code table; find which one it was.
  for (std::uint16_t sub = 0; sub <= 0x20; ++sub) {
    if (!modbus::diagnostic_changes_state(sub) || modbus::diagnostic_name(sub) != ev.detail)
      continue;
    switch (sub) {
      case 0x01:
        return RuleId::ModbusRestartCommunications;
      case 0x04:
        return RuleId::ModbusForceListenOnly;
      default:
        return RuleId::ModbusClearCounters;
    }
  }
  return {};
}

// ---- DNP3 -------------------------------------------------------------------------------------

// The object list in MessageEvent::detail is "g50v1,g80v1": true when every object is one of
// `groups` (given as "g50" prefixes).
bool objects_only(std::string_view detail, std::initializer_list<std::string_view> groups) {
  if (detail.empty()) return false;
  while (!detail.empty()) {
    const std::size_t comma = detail.find(',');
    const std::string_view object = detail.substr(0, comma);
    bool known = false;
    for (std::string_view g : groups) {
      // "g50" must be followed by 'v', so that g5 does not match g50.
      if (starts_with(object, g) && object.size() > g.size() && object[g.size()] == 'v')
        known = true;
    }
    if (!known) return false;
    detail = comma == std::string_view::npos ? std::string_view{} : detail.substr(comma + 1);
  }
  return true;
}

bool objects_include(std::string_view detail, std::string_view group) {
  for (std::size_t at = 0; (at = detail.find(group, at)) != std::string_view::npos; ++at) {
    const bool starts = at == 0 || detail[at - 1] == ',';
    const std::size_t end = at + group.size();
    if (starts && end < detail.size() && detail[end] == 'v') return true;
  }
  return false;
}

std::optional<RuleId> dnp3_command(const MessageEvent& ev) {
  switch (ev.function) {
    case 0x0D:  // COLD_RESTART
    case 0x0E:  // WARM_RESTART
      return RuleId::Dnp3Restart;
    case 0x0F:  // INITIALIZE_DATA
    case 0x10:  // INITIALIZE_APPL
    case 0x11:  // START_APPL
    case 0x12:  // STOP_APPL
      return RuleId::Dnp3ApplicationControl;
    case 0x13:  // SAVE_CONFIG
    case 0x1F:  // ACTIVATE_CONFIG
      return RuleId::Dnp3ConfigurationChange;
    case 0x15:  // DISABLE_UNSOLICITED
      return RuleId::Dnp3DisableUnsolicited;
    case 0x1B:  // DELETE_FILE
      return RuleId::Dnp3FileDelete;
    case 0x19:  // OPEN_FILE
    case 0x1A:  // CLOSE_FILE
    case 0x1C:  // GET_FILE_INFO
    case 0x1D:  // AUTHENTICATE_FILE
    case 0x1E:  // ABORT_FILE
      return RuleId::Dnp3FileTransfer;
    case dnp3::kFuncWrite:
      // File data is written with WRITE g70 (file transport) inside an open file.
      if (objects_include(ev.detail, "g70")) return RuleId::Dnp3FileTransfer;
      return {};
    default:
      return {};
  }
}

// ---- S7comm and S7comm-plus -------------------------------------------------------------------

// True when every block of a PI block list ("(SDB7)", "(SDB0,SDB1)") is a system data block:
// the hardware configuration, not the program.
bool only_system_data_blocks(std::string_view detail) {
  const std::size_t open = detail.find('(');
  const std::size_t close = detail.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open + 1)
    return false;
  std::string_view list = detail.substr(open + 1, close - open - 1);
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    if (!starts_with(list.substr(0, comma), "SDB")) return false;
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return true;
}

std::optional<RuleId> pi_service_command(std::string_view detail) {
  // The detail is the PI service and its parameter: `_INSE(OB1,DB1)`, `P_PROGRAM("C ")`.
  const std::string_view service = detail.substr(0, detail.find('('));
  const s7::PiServiceInfo* info = s7::pi_service(service);
  if (info == nullptr) return RuleId::S7PiService;
  if (info->op == OpClass::ModeChange) return RuleId::S7PlcStart;
  // Replacing system data blocks (delete the old, insert the new) is a configuration download.
  if (info->block_list && only_system_data_blocks(detail)) return RuleId::S7ConfigDownload;
  if (service == "_INSE" || service == "_INS2") return RuleId::S7ProgramDownload;
  if (service == "_DELE") return RuleId::S7ProgramDelete;
  if (service == "_MODU") return RuleId::S7CopyRamToRom;
  return RuleId::S7PiService;
}

std::optional<RuleId> s7_command(const MessageEvent& ev) {
  using namespace s7;
  switch (ev.function) {
    case fn::kPlcStop:
      return RuleId::S7PlcStop;
    case fn::kRequestDownload:
      // System data blocks carry the hardware and network configuration.
      return starts_with(ev.detail, "SDB") ? RuleId::S7ConfigDownload : RuleId::S7ProgramDownload;
    case fn::kStartUpload:
      return RuleId::S7ProgramUpload;
    case fn::kPiService:
      return pi_service_command(ev.detail);
    case userdata_function_code(group::kSecurity, sub::kPassword):
      return RuleId::S7Password;
    case userdata_function_code(group::kTime, sub::kSetClock):
    case userdata_function_code(group::kTime, sub::kSetClock2):
      return RuleId::S7SetClock;
    case userdata_function_code(group::kProgrammer, 0x09):
      return RuleId::S7Force;
    case userdata_function_code(group::kProgrammer, 0x0C):
      return RuleId::S7ProgramDelete;
    default:
      break;
  }
  if (ev.op == OpClass::ModeChange) return RuleId::S7ModeChange;
  return {};
}

std::optional<RuleId> s7plus_command(const MessageEvent& ev) {
  if (ev.op == OpClass::ModeChange) return RuleId::S7ModeChange;
  if (ev.op == OpClass::Program) return RuleId::S7PlusProgramTransfer;
  return {};
}

}  // namespace

std::optional<RuleId> command_rule(const MessageEvent& ev) {
  switch (ev.protocol) {
    case Protocol::Modbus:
      return modbus_command(ev);
    case Protocol::Dnp3:
      return dnp3_command(ev);
    case Protocol::S7comm:
      return s7_command(ev);
    case Protocol::S7commPlus:
      return s7plus_command(ev);
  }
  return {};
}

CommandKind command_kind(const MessageEvent& ev) {
  switch (ev.op) {
    case OpClass::Write:
      return CommandKind::Write;
    case OpClass::Control:
      return CommandKind::Control;
    case OpClass::Identification:
      return CommandKind::Identification;
    case OpClass::File:
      // Modbus 21 writes file records: a write to the device's extended memory.
      if (ev.protocol == Protocol::Modbus &&
          ev.function == static_cast<std::uint32_t>(modbus::FunctionCode::WriteFileRecord))
        return CommandKind::Write;
      return CommandKind::None;
    default:
      return CommandKind::None;
  }
}

bool is_housekeeping_write(const MessageEvent& ev) {
  return ev.protocol == Protocol::Dnp3 && ev.function == dnp3::kFuncWrite &&
         objects_only(ev.detail, {"g50", "g80"});
}

bool is_undefined_function(const MessageEvent& ev) {
  switch (ev.protocol) {
    case Protocol::Modbus:
      return ev.function > 0x7F ||
             modbus::function_info(static_cast<std::uint8_t>(ev.function)).kind !=
                 modbus::FunctionKind::Public;
    case Protocol::Dnp3:
      return ev.function > 0xFF ||
             dnp3::find_function(static_cast<std::uint8_t>(ev.function)) == nullptr;
    case Protocol::S7comm:
      if (ev.function <= 0xFF) return !s7::job_function(static_cast<std::uint8_t>(ev.function));
      if ((ev.function & 0xFFFF0000u) == 0x10000u)
        return !s7::userdata_function(static_cast<std::uint8_t>((ev.function >> 8) & 0x0F),
                                      static_cast<std::uint8_t>(ev.function & 0xFF));
      return false;
    case Protocol::S7commPlus:
      return ev.function <= 0xFFFF && !s7::s7plus_function(static_cast<std::uint16_t>(ev.function));
  }
  return false;
}

bool is_unsupported_function_response(const MessageEvent& ev) {
  if (!ev.exception || ev.role == MessageRole::Request) return false;
  switch (ev.protocol) {
    case Protocol::Modbus:
      return ev.exception_code == 1;  // Illegal Function
    case Protocol::Dnp3:
      return ev.exception_code == dnp3::kIinNoFuncCodeSupport;
    case Protocol::S7comm:
      // "Service unknown to the remote module", "Service not implemented on the module".
      return ev.exception_code == 0x8100 || ev.exception_code == 0x8104;
    case Protocol::S7commPlus:
      return false;
  }
  return false;
}

bool is_bad_address_response(const MessageEvent& ev) {
  if (!ev.exception || ev.role == MessageRole::Request) return false;
  switch (ev.protocol) {
    case Protocol::Modbus:
      return ev.exception_code == 2;  // Illegal Data Address
    case Protocol::Dnp3:
      return ev.exception_code == dnp3::kIinObjectUnknown ||
             ev.exception_code == dnp3::kIinParameterError;
    case Protocol::S7comm:
      // Item return codes: invalid address, object does not exist.
      return ev.exception_code == 0x05 || ev.exception_code == 0x0A;
    case Protocol::S7commPlus:
      return false;
  }
  return false;
}

bool is_crc_anomaly(std::string_view kind) {
  return kind == dnp3::link_error_kind(dnp3::LinkError::HeaderCrc) ||
         kind == dnp3::link_error_kind(dnp3::LinkError::BlockCrc);
}

bool is_non_ics_traffic_anomaly(std::string_view kind) {
  const std::size_t dot = kind.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view proto = kind.substr(0, dot);
  const std::string_view rest = kind.substr(dot + 1);
  return rest.size() == 4 + proto.size() + 8 && starts_with(rest, "non_") &&
         rest.substr(4, proto.size()) == proto && rest.substr(4 + proto.size()) == "_traffic";
}

}  // namespace otscope::detection
