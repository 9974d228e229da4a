#include "protocols/iec104/codes.h"

#include <array>

namespace otscope::iec104 {

namespace {

using K = TypeKind;
using V = ValueCoding;
constexpr std::uint8_t kVar = kVariableElement;

// IEC 60870-5-101 clause 7.2.1.1 and IEC 60870-5-104 clause 8: the types allowed over TCP/IP
// (the 101-only types with a three-octet time tag, 2..19 even/odd pairs, are kept: a device may
// still send them), with the octets of one information element (7.3).
constexpr TypeInfo kTypes[] = {
    // Process information in monitor direction.
    {1, "M_SP_NA_1", "single-point information", OpClass::Read, K::Monitor, 1},
    {2, "M_SP_TA_1", "single-point information with time tag", OpClass::Read, K::Monitor, 4},
    {3, "M_DP_NA_1", "double-point information", OpClass::Read, K::Monitor, 1},
    {4, "M_DP_TA_1", "double-point information with time tag", OpClass::Read, K::Monitor, 4},
    {5, "M_ST_NA_1", "step position information", OpClass::Read, K::Monitor, 2},
    {6, "M_ST_TA_1", "step position information with time tag", OpClass::Read, K::Monitor, 5},
    {7, "M_BO_NA_1", "bitstring of 32 bit", OpClass::Read, K::Monitor, 5},
    {8, "M_BO_TA_1", "bitstring of 32 bit with time tag", OpClass::Read, K::Monitor, 8},
    {9, "M_ME_NA_1", "measured value, normalized value", OpClass::Read, K::Monitor, 3},
    {10, "M_ME_TA_1", "measured value, normalized value with time tag", OpClass::Read, K::Monitor,
     6},
    {11, "M_ME_NB_1", "measured value, scaled value", OpClass::Read, K::Monitor, 3},
    {12, "M_ME_TB_1", "measured value, scaled value with time tag", OpClass::Read, K::Monitor, 6},
    {13, "M_ME_NC_1", "measured value, short floating point number", OpClass::Read, K::Monitor, 5},
    {14, "M_ME_TC_1", "measured value, short floating point number with time tag", OpClass::Read,
     K::Monitor, 8},
    {15, "M_IT_NA_1", "integrated totals", OpClass::Read, K::Monitor, 5},
    {16, "M_IT_TA_1", "integrated totals with time tag", OpClass::Read, K::Monitor, 8},
    {17, "M_EP_TA_1", "event of protection equipment with time tag", OpClass::Read, K::Monitor, 6},
    {18, "M_EP_TB_1", "packed start events of protection equipment with time tag", OpClass::Read,
     K::Monitor, 7},
    {19, "M_EP_TC_1", "packed output circuit information of protection equipment with time tag",
     OpClass::Read, K::Monitor, 7},
    {20, "M_PS_NA_1", "packed single-point information with status change detection", OpClass::Read,
     K::Monitor, 5},
    {21, "M_ME_ND_1", "measured value, normalized value without quality descriptor", OpClass::Read,
     K::Monitor, 2},
    {30, "M_SP_TB_1", "single-point information with time tag CP56Time2a", OpClass::Read,
     K::Monitor, 8},
    {31, "M_DP_TB_1", "double-point information with time tag CP56Time2a", OpClass::Read,
     K::Monitor, 8},
    {32, "M_ST_TB_1", "step position information with time tag CP56Time2a", OpClass::Read,
     K::Monitor, 9},
    {33, "M_BO_TB_1", "bitstring of 32 bit with time tag CP56Time2a", OpClass::Read, K::Monitor,
     12},
    {34, "M_ME_TD_1", "measured value, normalized value with time tag CP56Time2a", OpClass::Read,
     K::Monitor, 10},
    {35, "M_ME_TE_1", "measured value, scaled value with time tag CP56Time2a", OpClass::Read,
     K::Monitor, 10},
    {36, "M_ME_TF_1", "measured value, short floating point number with time tag CP56Time2a",
     OpClass::Read, K::Monitor, 12},
    {37, "M_IT_TB_1", "integrated totals with time tag CP56Time2a", OpClass::Read, K::Monitor, 12},
    {38, "M_EP_TD_1", "event of protection equipment with time tag CP56Time2a", OpClass::Read,
     K::Monitor, 10},
    {39, "M_EP_TE_1", "packed start events of protection equipment with time tag CP56Time2a",
     OpClass::Read, K::Monitor, 11},
    {40, "M_EP_TF_1",
     "packed output circuit information of protection equipment with time tag CP56Time2a",
     OpClass::Read, K::Monitor, 11},
    // Process information in control direction.
    {45, "C_SC_NA_1", "single command", OpClass::Control, K::Command, 1, V::SingleCommand},
    {46, "C_DC_NA_1", "double command", OpClass::Control, K::Command, 1, V::DoubleCommand},
    {47, "C_RC_NA_1", "regulating step command", OpClass::Control, K::Command, 1, V::StepCommand},
    {48, "C_SE_NA_1", "set point command, normalized value", OpClass::Write, K::Setpoint, 3,
     V::Normalized},
    {49, "C_SE_NB_1", "set point command, scaled value", OpClass::Write, K::Setpoint, 3, V::Scaled},
    {50, "C_SE_NC_1", "set point command, short floating point number", OpClass::Write, K::Setpoint,
     5, V::Float},
    {51, "C_BO_NA_1", "bitstring of 32 bit command", OpClass::Control, K::Command, 4, V::Bitstring},
    {58, "C_SC_TA_1", "single command with time tag CP56Time2a", OpClass::Control, K::Command, 8,
     V::SingleCommand, true},
    {59, "C_DC_TA_1", "double command with time tag CP56Time2a", OpClass::Control, K::Command, 8,
     V::DoubleCommand, true},
    {60, "C_RC_TA_1", "regulating step command with time tag CP56Time2a", OpClass::Control,
     K::Command, 8, V::StepCommand, true},
    {61, "C_SE_TA_1", "set point command, normalized value with time tag CP56Time2a",
     OpClass::Write, K::Setpoint, 10, V::Normalized, true},
    {62, "C_SE_TB_1", "set point command, scaled value with time tag CP56Time2a", OpClass::Write,
     K::Setpoint, 10, V::Scaled, true},
    {63, "C_SE_TC_1", "set point command, short floating point number with time tag CP56Time2a",
     OpClass::Write, K::Setpoint, 12, V::Float, true},
    {64, "C_BO_TA_1", "bitstring of 32 bit command with time tag CP56Time2a", OpClass::Control,
     K::Command, 11, V::Bitstring, true},
    // System information in monitor direction.
    {70, "M_EI_NA_1", "end of initialization", OpClass::Restart, K::EndOfInit, 1},
    // System information in control direction.
    {100, "C_IC_NA_1", "interrogation command", OpClass::Read, K::Interrogation, 1},
    {101, "C_CI_NA_1", "counter interrogation command", OpClass::Read, K::Interrogation, 1},
    {102, "C_RD_NA_1", "read command", OpClass::Read, K::Read, 0},
    {103, "C_CS_NA_1", "clock synchronization command", OpClass::Time, K::ClockSync, 7},
    {104, "C_TS_NA_1", "test command", OpClass::Diagnostic, K::Test, 2},
    {105, "C_RP_NA_1", "reset process command", OpClass::Restart, K::ResetProcess, 1},
    {106, "C_CD_NA_1", "delay acquisition command", OpClass::Time, K::DelayAcquire, 2},
    {107, "C_TS_TA_1", "test command with time tag CP56Time2a", OpClass::Diagnostic, K::Test, 9},
    // Parameters in control direction.
    {110, "P_ME_NA_1", "parameter of measured value, normalized value", OpClass::Configuration,
     K::Parameter, 3, V::Normalized},
    {111, "P_ME_NB_1", "parameter of measured value, scaled value", OpClass::Configuration,
     K::Parameter, 3, V::Scaled},
    {112, "P_ME_NC_1", "parameter of measured value, short floating point number",
     OpClass::Configuration, K::Parameter, 5, V::Float},
    {113, "P_AC_NA_1", "parameter activation", OpClass::Configuration, K::ParameterActivation, 1},
    // File transfer.
    {120, "F_FR_NA_1", "file ready", OpClass::File, K::File, 6},
    {121, "F_SR_NA_1", "section ready", OpClass::File, K::File, 7},
    {122, "F_SC_NA_1", "call directory, select file, call file, call section", OpClass::File,
     K::File, 4},
    {123, "F_LS_NA_1", "last section, last segment", OpClass::File, K::File, 5},
    {124, "F_AF_NA_1", "ack file, ack section", OpClass::File, K::File, 4},
    {125, "F_SG_NA_1", "segment", OpClass::File, K::File, kVar},
    {126, "F_DR_TA_1", "directory", OpClass::File, K::File, 13},
    {127, "F_SC_NB_1", "query log, request archive file", OpClass::File, K::File, 16},
};

// Type ids index the table in one step.
constexpr std::array<std::int8_t, 256> make_index() {
  std::array<std::int8_t, 256> index{};
  for (auto& i : index) i = -1;
  for (std::size_t i = 0; i < std::size(kTypes); ++i)
    index[kTypes[i].id] = static_cast<std::int8_t>(i);
  return index;
}
constexpr std::array<std::int8_t, 256> kIndex = make_index();

constexpr std::string_view kInterrogatedGroup[] = {
    "inro1", "inro2",  "inro3",  "inro4",  "inro5",  "inro6",  "inro7",  "inro8",
    "inro9", "inro10", "inro11", "inro12", "inro13", "inro14", "inro15", "inro16"};
constexpr std::string_view kCounterGroup[] = {"reqco1", "reqco2", "reqco3", "reqco4"};

}  // namespace

const TypeInfo* type_info(std::uint8_t id) {
  const std::int8_t i = kIndex[id];
  return i < 0 ? nullptr : &kTypes[static_cast<std::size_t>(i)];
}

std::string_view u_function_name(std::uint8_t ufn) {
  switch (ufn) {
    case ufn::kStartDtAct:
      return "STARTDT act";
    case ufn::kStartDtCon:
      return "STARTDT con";
    case ufn::kStopDtAct:
      return "STOPDT act";
    case ufn::kStopDtCon:
      return "STOPDT con";
    case ufn::kTestFrAct:
      return "TESTFR act";
    case ufn::kTestFrCon:
      return "TESTFR con";
    default:
      return {};
  }
}

std::string_view cause_name(std::uint8_t cause) {
  switch (cause) {
    case cot::kPeriodic:
      return "per/cyc";
    case cot::kBackground:
      return "back";
    case cot::kSpontaneous:
      return "spont";
    case cot::kInitialized:
      return "init";
    case cot::kRequest:
      return "req";
    case cot::kActivation:
      return "act";
    case cot::kActivationCon:
      return "actcon";
    case cot::kDeactivation:
      return "deact";
    case cot::kDeactivationCon:
      return "deactcon";
    case cot::kActivationTerm:
      return "actterm";
    case cot::kReturnRemote:
      return "retrem";
    case cot::kReturnLocal:
      return "retloc";
    case cot::kFileTransfer:
      return "file";
    case cot::kInterrogatedGeneral:
      return "inrogen";
    case cot::kCounterGeneral:
      return "reqcogen";
    case cot::kUnknownType:
      return "unknown type";
    case cot::kUnknownCause:
      return "unknown cause";
    case cot::kUnknownCommonAddress:
      return "unknown common address";
    case cot::kUnknownIoa:
      return "unknown IOA";
    default:
      break;
  }
  if (cause > cot::kInterrogatedGeneral && cause <= cot::kInterrogatedGeneral + 16)
    return kInterrogatedGroup[cause - cot::kInterrogatedGeneral - 1];
  if (cause > cot::kCounterGeneral && cause <= cot::kCounterGeneral + 4)
    return kCounterGroup[cause - cot::kCounterGeneral - 1];
  return {};
}

bool cause_is_answer(std::uint8_t cause) {
  switch (cause) {
    case cot::kRequest:
    case cot::kActivationCon:
    case cot::kDeactivationCon:
    case cot::kActivationTerm:
    case cot::kFileTransfer:
      return true;
    default:
      return (cause >= cot::kInterrogatedGeneral && cause <= cot::kCounterGeneral + 4) ||
             cause_is_refusal(cause);
  }
}

bool cause_is_refusal(std::uint8_t cause) {
  return cause >= cot::kUnknownType && cause <= cot::kUnknownIoa;
}

std::string_view double_command_name(std::uint8_t dcs) {
  switch (dcs & 0x03) {
    case 1:
      return "OFF";
    case 2:
      return "ON";
    default:
      return "not permitted";
  }
}

std::string_view step_command_name(std::uint8_t rcs) {
  switch (rcs & 0x03) {
    case 1:
      return "LOWER";
    case 2:
      return "HIGHER";
    default:
      return "not permitted";
  }
}

std::string_view reset_qualifier_name(std::uint8_t qrp) {
  switch (qrp) {
    case 1:
      return "general reset of process";
    case 2:
      return "reset of pending information with time tag of the event buffer";
    default:
      return "reserved";
  }
}

}  // namespace otscope::iec104
