// The rule table and the classification of decoded messages by the protocols' code tables.
#include "model/detection/rules.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "engine/detection/classify.h"
#include "protocols/dnp3/codes.h"
#include "protocols/modbus/codes.h"
#include "protocols/s7/codes.h"
#include "tests/detection/detection_fixtures.h"

namespace otscope::detection {
namespace {

using test::request;
using test::response;

TEST(Rules, EveryRuleHasAUniqueIdATechniqueAndAnExplanation) {
  std::set<std::string_view> names;
  const std::regex technique("T0[0-9]{3}");
  for (const Rule& r : builtin_rules()) {
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    EXPECT_TRUE(std::regex_match(std::string(r.technique), technique)) << r.name;
    EXPECT_FALSE(r.technique_name.empty()) << r.name;
    EXPECT_FALSE(r.title.empty()) << r.name;
    EXPECT_GT(r.explanation.size(), 30u) << r.name;
    EXPECT_EQ(find_rule(r.name), &r);
    EXPECT_EQ(&rule(r.id), &r);
  }
  EXPECT_EQ(names.size(), kRuleCount);
  EXPECT_EQ(find_rule("no.such_rule"), nullptr);
}

TEST(Rules, TechniquesNamedByTheIssueAreTheOnesUsed) {
  EXPECT_EQ(rule(RuleId::S7ProgramDownload).technique, "T0843");
  EXPECT_EQ(rule(RuleId::S7ProgramUpload).technique, "T0845");
  EXPECT_EQ(rule(RuleId::S7PlcStop).technique, "T0858");
  EXPECT_EQ(rule(RuleId::Dnp3Restart).technique, "T0816");
  EXPECT_EQ(rule(RuleId::Dnp3DisableUnsolicited).technique, "T0878");
  EXPECT_EQ(rule(RuleId::ModbusForceListenOnly).technique, "T0814");
  EXPECT_EQ(rule(RuleId::UnauthorisedWrite).technique, "T0855");
  EXPECT_EQ(rule(RuleId::UnauthorisedControl).technique, "T0831");
  EXPECT_EQ(rule(RuleId::FunctionCodeScan).technique, "T0888");
  EXPECT_EQ(rule(RuleId::S7PlcStop).severity, Severity::Critical);
}

TEST(Rules, SeverityNamesRoundTrip) {
  for (Severity s : {Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
    EXPECT_EQ(severity_from_name(severity_name(s)), s);
  EXPECT_FALSE(severity_from_name("urgent"));
}

TEST(Classify, S7CommandsFromTheCodeTable) {
  using namespace s7;
  auto job = [](std::uint32_t f, std::string detail = {}) {
    const auto info = job_function(static_cast<std::uint8_t>(f));
    return request(Protocol::S7comm, f, info->name, info->op, std::move(detail));
  };
  EXPECT_EQ(command_rule(job(fn::kPlcStop, "P_PROGRAM")), RuleId::S7PlcStop);
  EXPECT_EQ(command_rule(job(fn::kRequestDownload, "OB1")), RuleId::S7ProgramDownload);
  EXPECT_EQ(command_rule(job(fn::kRequestDownload, "SDB0")), RuleId::S7ConfigDownload);
  EXPECT_EQ(command_rule(job(fn::kStartUpload, "OB1")), RuleId::S7ProgramUpload);
  EXPECT_EQ(command_rule(job(fn::kPiService, "P_PROGRAM()")), RuleId::S7PlcStart);
  EXPECT_EQ(command_rule(job(fn::kPiService, "P_PROGRAM(\"C \")")), RuleId::S7PlcStart);
  EXPECT_EQ(command_rule(job(fn::kPiService, "_INSE(OB1,DB1)")), RuleId::S7ProgramDownload);
  EXPECT_EQ(command_rule(job(fn::kPiService, "_INSE(SDB7)")), RuleId::S7ConfigDownload);
  EXPECT_EQ(command_rule(job(fn::kPiService, "_DELE(SDB4,SDB1000)")), RuleId::S7ConfigDownload);
  EXPECT_EQ(command_rule(job(fn::kPiService, "_DELE(OB1,SDB4)")), RuleId::S7ProgramDelete);
  EXPECT_EQ(command_rule(job(fn::kPiService, "_MODU(\"EP\")")), RuleId::S7CopyRamToRom);
  EXPECT_EQ(command_rule(job(fn::kPiService, "_GARB()")), RuleId::S7PiService);
  EXPECT_EQ(command_rule(job(fn::kPiService, "_WHAT()")), RuleId::S7PiService);
  EXPECT_FALSE(command_rule(job(fn::kReadVar)));
  EXPECT_FALSE(command_rule(job(fn::kWriteVar)));
  EXPECT_FALSE(command_rule(job(fn::kSetupCommunication)));

  auto userdata = [](std::uint8_t group, std::uint8_t sub) {
    const auto info = userdata_function(group, sub);
    return request(Protocol::S7comm, userdata_function_code(group, sub), info->name, info->op);
  };
  EXPECT_EQ(command_rule(userdata(group::kSecurity, sub::kPassword)), RuleId::S7Password);
  EXPECT_EQ(command_rule(userdata(group::kTime, sub::kSetClock)), RuleId::S7SetClock);
  EXPECT_EQ(command_rule(userdata(group::kProgrammer, 0x09)), RuleId::S7Force);
  EXPECT_EQ(command_rule(userdata(group::kProgrammer, 0x0C)), RuleId::S7ProgramDelete);
  EXPECT_EQ(command_rule(userdata(group::kProgrammer, 0x0B)), RuleId::S7ModeChange);
  EXPECT_FALSE(command_rule(userdata(group::kTime, sub::kReadClock)));
  EXPECT_FALSE(command_rule(userdata(group::kCpu, sub::kReadSzl)));
  EXPECT_EQ(command_kind(userdata(group::kCpu, sub::kReadSzl)), CommandKind::Identification);
  EXPECT_EQ(command_kind(userdata(group::kProgrammer, 0x08)), CommandKind::Write);

  auto plus = [](std::uint16_t f, OpClass op) {
    return request(Protocol::S7commPlus, f, s7plus_function(f)->name, op);
  };
  EXPECT_EQ(command_rule(plus(s7p::kSetVariable, OpClass::ModeChange)), RuleId::S7ModeChange);
  EXPECT_EQ(command_rule(plus(0x0556, OpClass::Program)), RuleId::S7PlusProgramTransfer);
  EXPECT_FALSE(command_rule(plus(s7p::kCreateObject, OpClass::Session)));
}

TEST(Classify, Dnp3CommandsFromTheCodeTable) {
  auto fn = [](std::uint8_t code, std::string detail = {}) {
    const dnp3::FunctionInfo* info = dnp3::find_function(code);
    return request(Protocol::Dnp3, code, info->name, info->op, std::move(detail));
  };
  EXPECT_EQ(command_rule(fn(0x0D)), RuleId::Dnp3Restart);
  EXPECT_EQ(command_rule(fn(0x0E)), RuleId::Dnp3Restart);
  for (std::uint8_t f :
       {std::uint8_t{0x0F}, std::uint8_t{0x10}, std::uint8_t{0x11}, std::uint8_t{0x12}})
    EXPECT_EQ(command_rule(fn(f)), RuleId::Dnp3ApplicationControl) << int(f);
  EXPECT_EQ(command_rule(fn(0x13)), RuleId::Dnp3ConfigurationChange);
  EXPECT_EQ(command_rule(fn(0x1F)), RuleId::Dnp3ConfigurationChange);
  EXPECT_EQ(command_rule(fn(0x15)), RuleId::Dnp3DisableUnsolicited);
  EXPECT_EQ(command_rule(fn(0x1B, "g70v3")), RuleId::Dnp3FileDelete);
  EXPECT_EQ(command_rule(fn(0x19, "g70v3")), RuleId::Dnp3FileTransfer);
  EXPECT_EQ(command_rule(fn(0x02, "g70v5")), RuleId::Dnp3FileTransfer);
  EXPECT_FALSE(command_rule(fn(0x14, "g60v2,g60v3,g60v4")));  // enable unsolicited is normal
  EXPECT_FALSE(command_rule(fn(0x02, "g50v1")));
  EXPECT_FALSE(command_rule(fn(0x01, "g60v1")));
  EXPECT_EQ(command_kind(fn(0x05, "g12v1")), CommandKind::Control);
  EXPECT_EQ(command_kind(fn(0x02, "g10v1")), CommandKind::Write);

  EXPECT_TRUE(is_housekeeping_write(fn(0x02, "g50v1")));
  EXPECT_TRUE(is_housekeeping_write(fn(0x02, "g80v1")));
  EXPECT_TRUE(is_housekeeping_write(fn(0x02, "g50v3,g80v1")));
  EXPECT_FALSE(is_housekeeping_write(fn(0x02, "g50v1,g41v2")));
  EXPECT_FALSE(is_housekeeping_write(fn(0x02, "g5v1")));
  EXPECT_FALSE(is_housekeeping_write(fn(0x02, "")));
}

TEST(Classify, ModbusDiagnosticsThatChangeDeviceState) {
  auto diag = [](std::uint16_t sub) {
    return request(Protocol::Modbus, 8, "Diagnostics", OpClass::Diagnostic,
                   std::string(modbus::diagnostic_name(sub)));
  };
  EXPECT_EQ(command_rule(diag(0x01)), RuleId::ModbusRestartCommunications);
  EXPECT_EQ(command_rule(diag(0x04)), RuleId::ModbusForceListenOnly);
  EXPECT_EQ(command_rule(diag(0x0A)), RuleId::ModbusClearCounters);
  EXPECT_EQ(command_rule(diag(0x14)), RuleId::ModbusClearCounters);
  EXPECT_FALSE(command_rule(diag(0x00)));  // return query data (echo)
  EXPECT_FALSE(command_rule(diag(0x0B)));  // a counter read
  const MessageEvent write_file = request(Protocol::Modbus, 21, "Write File Record", OpClass::File);
  EXPECT_EQ(command_kind(write_file), CommandKind::Write);
  EXPECT_EQ(command_kind(request(Protocol::Modbus, 20, "Read File Record", OpClass::File)),
            CommandKind::None);
}

TEST(Classify, UndefinedFunctionsAndRefusals) {
  EXPECT_TRUE(
      is_undefined_function(request(Protocol::Modbus, 100, "User-Defined", OpClass::Other)));
  EXPECT_TRUE(is_undefined_function(request(Protocol::Modbus, 9, "Reserved", OpClass::Other)));
  EXPECT_FALSE(is_undefined_function(request(Protocol::Modbus, 3, "Read", OpClass::Read)));
  EXPECT_TRUE(is_undefined_function(request(Protocol::S7comm, 0x77, "Unknown", OpClass::Other)));
  EXPECT_FALSE(is_undefined_function(request(Protocol::S7comm, 0x04, "Read Var", OpClass::Read)));

  const MessageEvent read = request(Protocol::Modbus, 3, "Read Holding Registers", OpClass::Read);
  EXPECT_TRUE(is_unsupported_function_response(response(read, 1)));
  EXPECT_FALSE(is_unsupported_function_response(response(read, 2)));
  EXPECT_TRUE(is_bad_address_response(response(read, 2)));
  EXPECT_FALSE(is_bad_address_response(response(read, 0)));
  EXPECT_FALSE(is_bad_address_response(read));
  const MessageEvent dnp = request(Protocol::Dnp3, 1, "READ", OpClass::Read);
  EXPECT_TRUE(is_unsupported_function_response(response(dnp, dnp3::kIinNoFuncCodeSupport)));
  EXPECT_TRUE(is_bad_address_response(response(dnp, dnp3::kIinObjectUnknown)));
}

TEST(Classify, AnomalyKinds) {
  EXPECT_TRUE(is_crc_anomaly("dnp3.header_crc"));
  EXPECT_TRUE(is_crc_anomaly("dnp3.block_crc"));
  EXPECT_FALSE(is_crc_anomaly("dnp3.bad_qualifier"));
  EXPECT_TRUE(is_non_ics_traffic_anomaly("modbus.non_modbus_traffic"));
  EXPECT_TRUE(is_non_ics_traffic_anomaly("s7comm.non_s7comm_traffic"));
  EXPECT_FALSE(is_non_ics_traffic_anomaly("modbus.non_dnp3_traffic"));
  EXPECT_FALSE(is_non_ics_traffic_anomaly("modbus.invalid_mbap"));
}

}  // namespace
}  // namespace otscope::detection
