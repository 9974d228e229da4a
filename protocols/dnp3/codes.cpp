#include "protocols/dnp3/codes.h"

#include <algorithm>
#include <array>

namespace otscope::dnp3 {
namespace {

using RO = RequestObjects;

// IEEE 1815-2012 table 4-1 (function codes). Responses take their OpClass from the request
// they answer; on their own they are Other.
constexpr std::array<FunctionInfo, 37> kFunctions = {{
    {0x00, "CONFIRM", OpClass::Other, RO::WithData, false},
    {0x01, "READ", OpClass::Read, RO::HeadersOnly, true},
    {0x02, "WRITE", OpClass::Write, RO::WithData, true},
    {0x03, "SELECT", OpClass::Control, RO::WithData, true},
    {0x04, "OPERATE", OpClass::Control, RO::WithData, true},
    {0x05, "DIRECT_OPERATE", OpClass::Control, RO::WithData, true},
    {0x06, "DIRECT_OPERATE_NR", OpClass::Control, RO::WithData, false},
    // Freezes copy (and with _CLEAR reset) counters: the OpClass for counter operations.
    {0x07, "IMMED_FREEZE", OpClass::Diagnostic, RO::HeadersOnly, true},
    {0x08, "IMMED_FREEZE_NR", OpClass::Diagnostic, RO::HeadersOnly, false},
    {0x09, "FREEZE_CLEAR", OpClass::Diagnostic, RO::HeadersOnly, true},
    {0x0A, "FREEZE_CLEAR_NR", OpClass::Diagnostic, RO::HeadersOnly, false},
    {0x0B, "FREEZE_AT_TIME", OpClass::Diagnostic, RO::TimeThenHeaders, true},
    {0x0C, "FREEZE_AT_TIME_NR", OpClass::Diagnostic, RO::TimeThenHeaders, false},
    {0x0D, "COLD_RESTART", OpClass::Restart, RO::HeadersOnly, true},
    {0x0E, "WARM_RESTART", OpClass::Restart, RO::HeadersOnly, true},
    {0x0F, "INITIALIZE_DATA", OpClass::Configuration, RO::HeadersOnly, true},
    {0x10, "INITIALIZE_APPL", OpClass::Configuration, RO::WithData, true},
    {0x11, "START_APPL", OpClass::ModeChange, RO::WithData, true},
    {0x12, "STOP_APPL", OpClass::ModeChange, RO::WithData, true},
    {0x13, "SAVE_CONFIG", OpClass::Configuration, RO::HeadersOnly, true},
    {0x14, "ENABLE_UNSOLICITED", OpClass::Configuration, RO::HeadersOnly, true},
    {0x15, "DISABLE_UNSOLICITED", OpClass::Configuration, RO::HeadersOnly, true},
    {0x16, "ASSIGN_CLASS", OpClass::Configuration, RO::HeadersOnly, true},
    {0x17, "DELAY_MEASURE", OpClass::Time, RO::HeadersOnly, true},
    {0x18, "RECORD_CURRENT_TIME", OpClass::Time, RO::HeadersOnly, true},
    {0x19, "OPEN_FILE", OpClass::File, RO::WithData, true},
    {0x1A, "CLOSE_FILE", OpClass::File, RO::WithData, true},
    {0x1B, "DELETE_FILE", OpClass::File, RO::WithData, true},
    {0x1C, "GET_FILE_INFO", OpClass::File, RO::WithData, true},
    {0x1D, "AUTHENTICATE_FILE", OpClass::File, RO::WithData, true},
    {0x1E, "ABORT_FILE", OpClass::File, RO::WithData, true},
    {0x1F, "ACTIVATE_CONFIG", OpClass::Configuration, RO::WithData, true},
    {0x20, "AUTHENTICATE_REQ", OpClass::Authentication, RO::WithData, true},
    {0x21, "AUTH_REQ_NO_ACK", OpClass::Authentication, RO::WithData, false},
    {0x81, "RESPONSE", OpClass::Other, RO::WithData, false},
    {0x82, "UNSOLICITED_RESPONSE", OpClass::Unsolicited, RO::WithData, false},
    {0x83, "AUTHENTICATE_RESP", OpClass::Authentication, RO::WithData, false},
}};

constexpr std::array<IinBitInfo, 16> kIinBits = {{
    {kIinBroadcast, "BROADCAST", "IIN1.0"},
    {kIinClass1Events, "CLASS_1_EVENTS", "IIN1.1"},
    {kIinClass2Events, "CLASS_2_EVENTS", "IIN1.2"},
    {kIinClass3Events, "CLASS_3_EVENTS", "IIN1.3"},
    {kIinNeedTime, "NEED_TIME", "IIN1.4"},
    {kIinLocalControl, "LOCAL_CONTROL", "IIN1.5"},
    {kIinDeviceTrouble, "DEVICE_TROUBLE", "IIN1.6"},
    {kIinDeviceRestart, "DEVICE_RESTART", "IIN1.7"},
    {kIinNoFuncCodeSupport, "NO_FUNC_CODE_SUPPORT", "IIN2.0"},
    {kIinObjectUnknown, "OBJECT_UNKNOWN", "IIN2.1"},
    {kIinParameterError, "PARAMETER_ERROR", "IIN2.2"},
    {kIinEventBufferOverflow, "EVENT_BUFFER_OVERFLOW", "IIN2.3"},
    {kIinAlreadyExecuting, "ALREADY_EXECUTING", "IIN2.4"},
    {kIinConfigCorrupt, "CONFIG_CORRUPT", "IIN2.5"},
    {0x0040, "RESERVED_2", "IIN2.6"},
    {0x0080, "RESERVED_1", "IIN2.7"},
}};

struct Named {
  std::uint8_t code;
  std::string_view name;
};

std::string_view lookup(std::span<const Named> table, std::uint8_t code) {
  for (const Named& entry : table) {
    if (entry.code == code) return entry.name;
  }
  return {};
}

constexpr Named kGroups[] = {
    {0, "Device Attributes"},
    {1, "Binary Input"},
    {2, "Binary Input Event"},
    {3, "Double-bit Binary Input"},
    {4, "Double-bit Binary Input Event"},
    {10, "Binary Output"},
    {11, "Binary Output Event"},
    {12, "Binary Output Command"},
    {13, "Binary Output Command Event"},
    {20, "Counter"},
    {21, "Frozen Counter"},
    {22, "Counter Event"},
    {23, "Frozen Counter Event"},
    {30, "Analog Input"},
    {31, "Frozen Analog Input"},
    {32, "Analog Input Event"},
    {33, "Frozen Analog Input Event"},
    {34, "Analog Input Deadband"},
    {40, "Analog Output Status"},
    {41, "Analog Output Block"},
    {42, "Analog Output Event"},
    {43, "Analog Output Command Event"},
    {50, "Time and Date"},
    {51, "Common Time of Occurrence"},
    {52, "Time Delay"},
    {60, "Class Data"},
    {70, "File Control"},
    {80, "Internal Indications"},
    {81, "Device Storage"},
    {82, "Device Profile"},
    {83, "Private Registration Object"},
    {84, "Private Registration Object Descriptor"},
    {85, "Data Set Prototype"},
    {86, "Data Set Descriptor"},
    {87, "Data Set"},
    {88, "Data Set Event"},
    {90, "Application Identifier"},
    {91, "Status of Requested Operation"},
    {100, "Floating Point"},
    {101, "Binary-Coded Decimal Integer"},
    {102, "Unsigned Integer"},
    {110, "Octet String"},
    {111, "Octet String Event"},
    {112, "Virtual Terminal Output Block"},
    {113, "Virtual Terminal Event Data"},
    {120, "Authentication"},
    {121, "Security Statistic"},
    {122, "Security Statistic Event"},
};

constexpr Named kAttributes[] = {
    {196, "Configuration ID"},
    {197, "Configuration version"},
    {198, "Configuration build date"},
    {199, "Configuration last change date"},
    {200, "Configuration digest"},
    {201, "Configuration digest algorithm"},
    {202, "Master resource ID"},
    {203, "Device location altitude"},
    {204, "Device location longitude"},
    {205, "Device location latitude"},
    {206, "User-assigned secondary operator name"},
    {207, "User-assigned primary operator name"},
    {208, "User-assigned system name"},
    {209, "Secure authentication version"},
    {210, "Number of security statistics per association"},
    {211, "Identification of support for user-specific attributes"},
    {212, "Number of master-defined data set prototypes"},
    {213, "Number of outstation-defined data set prototypes"},
    {214, "Number of master-defined data sets"},
    {215, "Number of outstation-defined data sets"},
    {216, "Maximum number of binary output objects per request"},
    {217, "Local timing accuracy"},
    {218, "Duration of time accuracy"},
    {219, "Support for analog output events"},
    {220, "Maximum analog output index"},
    {221, "Number of analog outputs"},
    {222, "Support for binary output events"},
    {223, "Maximum binary output index"},
    {224, "Number of binary outputs"},
    {225, "Support for frozen counter events"},
    {226, "Support for frozen counters"},
    {227, "Support for counter events"},
    {228, "Maximum counter index"},
    {229, "Number of counter points"},
    {230, "Support for frozen analog inputs"},
    {231, "Support for analog input events"},
    {232, "Maximum analog input index"},
    {233, "Number of analog input points"},
    {234, "Support for double-bit binary input events"},
    {235, "Maximum double-bit binary input index"},
    {236, "Number of double-bit binary input points"},
    {237, "Support for binary input events"},
    {238, "Maximum binary input index"},
    {239, "Number of binary input points"},
    {240, "Maximum transmit fragment size"},
    {241, "Maximum receive fragment size"},
    {242, "Device manufacturer's software version"},
    {243, "Device manufacturer's hardware version"},
    {244, "User-assigned owner name"},
    {245, "User-assigned location name"},
    {246, "User-assigned ID code/number"},
    {247, "User-assigned device name"},
    {248, "Device serial number"},
    {249, "DNP3 subset and conformance"},
    {250, "Device manufacturer's product name and model"},
    {252, "Device manufacturer's name"},
    {254, "Non-specific all attributes request"},
    {255, "List of attribute variations"},
};

constexpr Named kAttributeIdentity[] = {
    {242, "firmware"},    {243, "hardware"}, {245, "location"}, {246, "device_id"},
    {247, "device_name"}, {248, "serial"},   {250, "product"},  {252, "vendor"},
};

constexpr Named kAttributeTypes[] = {
    {1, "VSTR"}, {2, "UINT"}, {3, "INT"},         {4, "FLT"},           {5, "OSTR"},
    {6, "BSTR"}, {7, "TIME"}, {254, "U8BS8LIST"}, {255, "U8BS8EXLIST"},
};

constexpr Named kControlStatus[] = {
    {0, "SUCCESS"},
    {1, "TIMEOUT"},
    {2, "NO_SELECT"},
    {3, "FORMAT_ERROR"},
    {4, "NOT_SUPPORTED"},
    {5, "ALREADY_ACTIVE"},
    {6, "HARDWARE_ERROR"},
    {7, "LOCAL"},
    {8, "TOO_MANY_OBJS"},
    {9, "NOT_AUTHORIZED"},
    {10, "AUTOMATION_INHIBIT"},
    {11, "PROCESSING_LIMITED"},
    {12, "OUT_OF_RANGE"},
    {126, "NON_PARTICIPATING"},
    {127, "UNDEFINED"},
};

constexpr Named kAuthVariations[] = {
    {1, "challenge"},
    {2, "reply"},
    {3, "aggressive mode request"},
    {4, "session key status request"},
    {5, "session key status"},
    {6, "session key change"},
    {7, "error"},
    {8, "user certificate"},
    {9, "MAC"},
    {10, "user status change"},
    {11, "update key change request"},
    {12, "update key change reply"},
    {13, "update key change"},
    {14, "update key change signature"},
    {15, "update key change confirmation"},
};

constexpr Named kFileVariations[] = {
    {1, "file identifier"}, {2, "authentication"},
    {3, "file command"},    {4, "file command status"},
    {5, "file transport"},  {6, "file transport status"},
    {7, "file descriptor"}, {8, "file specification string"},
};

constexpr Named kFileStatus[] = {
    {0, "SUCCESS"},         {1, "PERMISSION_DENIED"},
    {2, "INVALID_MODE"},    {3, "FILE_NOT_FOUND"},
    {4, "FILE_LOCKED"},     {5, "TOO_MANY_OPEN"},
    {6, "INVALID_HANDLE"},  {7, "WRITE_BLOCK_SIZE"},
    {8, "COMM_LOST"},       {9, "CANNOT_ABORT"},
    {16, "NOT_OPENED"},     {17, "HANDLE_EXPIRED"},
    {18, "BUFFER_OVERRUN"}, {19, "FATAL"},
    {20, "BLOCK_SEQUENCE"}, {255, "UNDEFINED"},
};

constexpr Named kAuthErrors[] = {
    {1, "AUTHENTICATION_FAILED"},
    {2, "UNEXPECTED_RESPONSE"},
    {3, "NO_RESPONSE"},
    {4, "AGGRESSIVE_MODE_NOT_SUPPORTED"},
    {5, "MAC_ALGORITHM_NOT_SUPPORTED"},
    {6, "KEY_WRAP_ALGORITHM_NOT_SUPPORTED"},
    {7, "AUTHORIZATION_FAILED"},
    {8, "UPDATE_KEY_METHOD_NOT_PERMITTED"},
    {9, "INVALID_SIGNATURE"},
    {10, "INVALID_CERTIFICATION"},
    {11, "UNKNOWN_USER"},
    {12, "MAX_SESSION_KEY_STATUS_REQUESTS_EXCEEDED"},
};

constexpr Named kKeyStatus[] = {
    {1, "OK"},
    {2, "NOT_INIT"},
    {3, "COMM_FAIL"},
    {4, "AUTH_FAIL"},
};

}  // namespace

std::string_view link_function_name(bool primary, std::uint8_t code) {
  if (primary) {
    switch (code) {
      case 0:
        return "RESET_LINK_STATES";
      case 1:
        return "RESET_USER_PROCESS";
      case 2:
        return "TEST_LINK_STATES";
      case 3:
        return "CONFIRMED_USER_DATA";
      case 4:
        return "UNCONFIRMED_USER_DATA";
      case 9:
        return "REQUEST_LINK_STATUS";
      default:
        return "RESERVED";
    }
  }
  switch (code) {
    case 0:
      return "ACK";
    case 1:
      return "NACK";
    case 11:
      return "LINK_STATUS";
    case 14:
      return "LINK_NOT_FUNCTIONING";
    case 15:
      return "NOT_SUPPORTED";
    default:
      return "RESERVED";
  }
}

bool link_function_reserved(bool primary, std::uint8_t code) {
  // RESET_USER_PROCESS (primary 1) and "link service not functioning" (secondary 14) were
  // withdrawn in IEEE 1815-2012: a current device never sends them.
  if (primary) return !(code == 0 || code == 2 || code == 3 || code == 4 || code == 9);
  return !(code == 0 || code == 1 || code == 11 || code == 15);
}

bool link_function_carries_user_data(bool primary, std::uint8_t code) {
  return primary && (code == 3 || code == 4);
}

const FunctionInfo* find_function(std::uint8_t code) {
  for (const FunctionInfo& info : kFunctions) {
    if (info.code == code) return &info;
  }
  return nullptr;
}

std::span<const IinBitInfo> iin_bits() {
  return kIinBits;
}

std::string_view iin_bit_name(std::uint16_t mask) {
  for (const IinBitInfo& bit : kIinBits) {
    if (bit.mask == mask) return bit.name;
  }
  return {};
}

std::string iin_names(std::uint16_t iin) {
  std::string out;
  for (const IinBitInfo& bit : kIinBits) {
    if ((iin & bit.mask) == 0) continue;
    if (!out.empty()) out += '|';
    out += bit.name;
  }
  return out;
}

std::uint32_t iin_exception_code(std::uint16_t iin) {
  for (std::uint16_t mask :
       {kIinNoFuncCodeSupport, kIinObjectUnknown, kIinParameterError, kIinAlreadyExecuting}) {
    if ((iin & mask) != 0) return mask;
  }
  return 0;
}

std::string_view exception_name(std::uint32_t code) {
  if (code >= kControlStatusExceptionBase && code <= kControlStatusExceptionBase + 0xFF) {
    std::string_view name =
        control_status_name(static_cast<std::uint8_t>(code - kControlStatusExceptionBase));
    return name.empty() ? std::string_view("RESERVED_CONTROL_STATUS") : name;
  }
  if (code <= 0xFFFF) {
    std::string_view name = iin_bit_name(static_cast<std::uint16_t>(code));
    if (!name.empty()) return name;
  }
  return {};
}

std::string_view prefix_code_name(std::uint8_t code) {
  switch (code) {
    case 0:
      return "no prefix";
    case 1:
      return "1-octet index";
    case 2:
      return "2-octet index";
    case 3:
      return "4-octet index";
    case 4:
      return "1-octet size";
    case 5:
      return "2-octet size";
    case 6:
      return "4-octet size";
    default:
      return "reserved";
  }
}

std::string_view range_code_name(std::uint8_t code) {
  switch (code) {
    case 0x0:
      return "8-bit start-stop";
    case 0x1:
      return "16-bit start-stop";
    case 0x2:
      return "32-bit start-stop";
    case 0x3:
      return "8-bit virtual start-stop";
    case 0x4:
      return "16-bit virtual start-stop";
    case 0x5:
      return "32-bit virtual start-stop";
    case 0x6:
      return "all objects";
    case 0x7:
      return "8-bit count";
    case 0x8:
      return "16-bit count";
    case 0x9:
      return "32-bit count";
    case 0xB:
      return "variable-format count";
    default:
      return "reserved";
  }
}

std::string_view group_name(std::uint8_t group) {
  return lookup(kGroups, group);
}

std::string_view attribute_name(std::uint8_t variation) {
  return lookup(kAttributes, variation);
}

std::string_view attribute_identity_field(std::uint8_t variation) {
  return lookup(kAttributeIdentity, variation);
}

std::string_view attribute_type_name(std::uint8_t type) {
  return lookup(kAttributeTypes, type);
}

std::string_view crob_operation_name(std::uint8_t op_type) {
  switch (op_type) {
    case 0:
      return "NUL";
    case 1:
      return "PULSE_ON";
    case 2:
      return "PULSE_OFF";
    case 3:
      return "LATCH_ON";
    case 4:
      return "LATCH_OFF";
    default:
      return "RESERVED";
  }
}

std::string_view crob_trip_close_name(std::uint8_t tcc) {
  switch (tcc) {
    case 0:
      return "NUL";
    case 1:
      return "CLOSE";
    case 2:
      return "TRIP";
    default:
      return "RESERVED";
  }
}

std::string_view control_status_name(std::uint8_t status) {
  return lookup(kControlStatus, status);
}

std::string_view auth_variation_name(std::uint8_t variation) {
  return lookup(kAuthVariations, variation);
}

std::string_view file_variation_name(std::uint8_t variation) {
  return lookup(kFileVariations, variation);
}

std::string_view file_status_name(std::uint8_t status) {
  return lookup(kFileStatus, status);
}

std::string_view file_mode_name(std::uint16_t mode) {
  switch (mode) {
    case 0:
      return "NULL";
    case 1:
      return "READ";
    case 2:
      return "WRITE";
    case 3:
      return "APPEND";
    default:
      return "RESERVED";
  }
}

std::string_view auth_error_name(std::uint8_t code) {
  return lookup(kAuthErrors, code);
}

std::string_view key_status_name(std::uint8_t code) {
  return lookup(kKeyStatus, code);
}

std::string_view challenge_reason_name(std::uint8_t code) {
  return code == 1 ? std::string_view("CRITICAL") : std::string_view{};
}

}  // namespace otscope::dnp3
