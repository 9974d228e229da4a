#include "protocols/modbus/codes.h"

#include <array>

namespace otscope::modbus {
namespace {

constexpr FunctionInfo public_function(FunctionCode f, std::string_view name, OpClass op) {
  return {code(f), name, op, FunctionKind::Public};
}

constexpr std::array kPublicFunctions = {
    public_function(FunctionCode::ReadCoils, "Read Coils", OpClass::Read),
    public_function(FunctionCode::ReadDiscreteInputs, "Read Discrete Inputs", OpClass::Read),
    public_function(FunctionCode::ReadHoldingRegisters, "Read Holding Registers", OpClass::Read),
    public_function(FunctionCode::ReadInputRegisters, "Read Input Registers", OpClass::Read),
    public_function(FunctionCode::WriteSingleCoil, "Write Single Coil", OpClass::Write),
    public_function(FunctionCode::WriteSingleRegister, "Write Single Register", OpClass::Write),
    public_function(FunctionCode::ReadExceptionStatus, "Read Exception Status",
                    OpClass::Diagnostic),
    public_function(FunctionCode::Diagnostics, "Diagnostics", OpClass::Diagnostic),
    public_function(FunctionCode::GetCommEventCounter, "Get Comm Event Counter",
                    OpClass::Diagnostic),
    public_function(FunctionCode::GetCommEventLog, "Get Comm Event Log", OpClass::Diagnostic),
    public_function(FunctionCode::WriteMultipleCoils, "Write Multiple Coils", OpClass::Write),
    public_function(FunctionCode::WriteMultipleRegisters, "Write Multiple Registers",
                    OpClass::Write),
    public_function(FunctionCode::ReportServerId, "Report Server ID", OpClass::Identification),
    public_function(FunctionCode::ReadFileRecord, "Read File Record", OpClass::File),
    public_function(FunctionCode::WriteFileRecord, "Write File Record", OpClass::File),
    public_function(FunctionCode::MaskWriteRegister, "Mask Write Register", OpClass::Write),
    // Read/Write Multiple Registers writes before it reads: the write is what matters for
    // detection.
    public_function(FunctionCode::ReadWriteMultipleRegisters, "Read/Write Multiple Registers",
                    OpClass::Write),
    public_function(FunctionCode::ReadFifoQueue, "Read FIFO Queue", OpClass::Read),
    // The class of Encapsulated Interface Transport depends on the MEI type: see mei_type_op().
    public_function(FunctionCode::EncapsulatedInterfaceTransport,
                    "Encapsulated Interface Transport", OpClass::Other),
};

constexpr bool is_user_defined(std::uint8_t f) {
  return kUserDefinedFunctionsLow.contains(f) || kUserDefinedFunctionsHigh.contains(f);
}

}  // namespace

// Every code without the exception bit, looked up by index (decoding asks once per message).
constinit const std::array<FunctionInfo, kFunctionCodeCount> kFunctionTable = [] {
  std::array<FunctionInfo, kFunctionCodeCount> t{};
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto f = static_cast<std::uint8_t>(i);
    if (f == kInvalidFunction) {
      t[i] = {kInvalidFunction, "Invalid Function", OpClass::Other, FunctionKind::Invalid};
    } else if (is_user_defined(f)) {
      t[i] = {f, "User-Defined Function", OpClass::Other, FunctionKind::UserDefined};
    } else {
      t[i] = {f, "Reserved Function", OpClass::Other, FunctionKind::Reserved};
    }
  }
  for (const FunctionInfo& info : kPublicFunctions) t[info.code] = info;
  return t;
}();

std::string_view exception_name(std::uint8_t exception_code) {
  switch (static_cast<ExceptionCode>(exception_code)) {
    case ExceptionCode::IllegalFunction:
      return "Illegal Function";
    case ExceptionCode::IllegalDataAddress:
      return "Illegal Data Address";
    case ExceptionCode::IllegalDataValue:
      return "Illegal Data Value";
    case ExceptionCode::ServerDeviceFailure:
      return "Server Device Failure";
    case ExceptionCode::Acknowledge:
      return "Acknowledge";
    case ExceptionCode::ServerDeviceBusy:
      return "Server Device Busy";
    case ExceptionCode::NegativeAcknowledge:
      return "Negative Acknowledge";  // from the older PI-MBUS-300 reference
    case ExceptionCode::MemoryParityError:
      return "Memory Parity Error";
    case ExceptionCode::GatewayPathUnavailable:
      return "Gateway Path Unavailable";
    case ExceptionCode::GatewayTargetDeviceFailedToRespond:
      return "Gateway Target Device Failed to Respond";
    default:
      return "Unassigned Exception Code";
  }
}

std::string_view diagnostic_name(std::uint16_t sub_function) {
  switch (static_cast<DiagnosticSubFunction>(sub_function)) {
    case DiagnosticSubFunction::ReturnQueryData:
      return "Return Query Data";
    case DiagnosticSubFunction::RestartCommunicationsOption:
      return "Restart Communications Option";
    case DiagnosticSubFunction::ReturnDiagnosticRegister:
      return "Return Diagnostic Register";
    case DiagnosticSubFunction::ChangeAsciiInputDelimiter:
      return "Change ASCII Input Delimiter";
    case DiagnosticSubFunction::ForceListenOnlyMode:
      return "Force Listen Only Mode";
    case DiagnosticSubFunction::ClearCountersAndDiagnosticRegister:
      return "Clear Counters and Diagnostic Register";
    case DiagnosticSubFunction::ReturnBusMessageCount:
      return "Return Bus Message Count";
    case DiagnosticSubFunction::ReturnBusCommunicationErrorCount:
      return "Return Bus Communication Error Count";
    case DiagnosticSubFunction::ReturnBusExceptionErrorCount:
      return "Return Bus Exception Error Count";
    case DiagnosticSubFunction::ReturnServerMessageCount:
      return "Return Server Message Count";
    case DiagnosticSubFunction::ReturnServerNoResponseCount:
      return "Return Server No Response Count";
    case DiagnosticSubFunction::ReturnServerNakCount:
      return "Return Server NAK Count";
    case DiagnosticSubFunction::ReturnServerBusyCount:
      return "Return Server Busy Count";
    case DiagnosticSubFunction::ReturnBusCharacterOverrunCount:
      return "Return Bus Character Overrun Count";
    case DiagnosticSubFunction::ClearOverrunCounterAndFlag:
      return "Clear Overrun Counter and Flag";
    // Defined by the older PI-MBUS-300 reference; reserved in V1.1b3 but still met in the field.
    case DiagnosticSubFunction::GetClearModbusPlusStatistics:
      return "Get/Clear Modbus Plus Statistics";
    default:
      return "Reserved Sub-function";
  }
}

bool diagnostic_is_defined(std::uint16_t sub_function) {
  return diagnostic_name(sub_function) != "Reserved Sub-function";
}

bool diagnostic_changes_state(std::uint16_t sub_function) {
  return sub_function == code(DiagnosticSubFunction::RestartCommunicationsOption) ||
         sub_function == code(DiagnosticSubFunction::ForceListenOnlyMode) ||
         sub_function == code(DiagnosticSubFunction::ClearCountersAndDiagnosticRegister) ||
         sub_function == code(DiagnosticSubFunction::ClearOverrunCounterAndFlag);
}

std::string_view mei_type_name(std::uint8_t mei_type) {
  switch (mei_type) {
    case kMeiCanOpenGeneralReference:
      return "CANopen General Reference";
    case kMeiReadDeviceIdentification:
      return "Read Device Identification";
    default:
      return "Reserved MEI Type";
  }
}

OpClass mei_type_op(std::uint8_t mei_type) {
  return mei_type == kMeiReadDeviceIdentification ? OpClass::Identification : OpClass::Other;
}

std::string_view read_device_id_code_name(std::uint8_t read_code) {
  switch (static_cast<ReadDeviceIdCode>(read_code)) {
    case ReadDeviceIdCode::Basic:
      return "basic";
    case ReadDeviceIdCode::Regular:
      return "regular";
    case ReadDeviceIdCode::Extended:
      return "extended";
    case ReadDeviceIdCode::Individual:
      return "individual";
    default:
      return "invalid";
  }
}

std::string_view device_id_object_name(std::uint8_t object_id) {
  switch (static_cast<DeviceIdObjectId>(object_id)) {
    case DeviceIdObjectId::VendorName:
      return "VendorName";
    case DeviceIdObjectId::ProductCode:
      return "ProductCode";
    case DeviceIdObjectId::MajorMinorRevision:
      return "MajorMinorRevision";
    case DeviceIdObjectId::VendorUrl:
      return "VendorUrl";
    case DeviceIdObjectId::ProductName:
      return "ProductName";
    case DeviceIdObjectId::ModelName:
      return "ModelName";
    case DeviceIdObjectId::UserApplicationName:
      return "UserApplicationName";
    default:
      return object_id < kFirstPrivateObjectId ? "Reserved Object" : "Private Object";
  }
}

std::string_view device_id_identity_field(std::uint8_t object_id) {
  switch (static_cast<DeviceIdObjectId>(object_id)) {
    case DeviceIdObjectId::VendorName:
      return "vendor";
    case DeviceIdObjectId::ProductCode:
      return "product_code";
    case DeviceIdObjectId::MajorMinorRevision:
      return "firmware";
    case DeviceIdObjectId::VendorUrl:
      return "vendor_url";
    case DeviceIdObjectId::ProductName:
      return "product";
    case DeviceIdObjectId::ModelName:
      return "model";
    case DeviceIdObjectId::UserApplicationName:
      return "user_application";
    default:
      return {};
  }
}

}  // namespace otscope::modbus
