// The rule table, and the dangerous commands the protocols' code tables name.
#include "model/detection/rules.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "protocols/dnp3/application.h"
#include "protocols/dnp3/codes.h"
#include "protocols/dnp3/dnp3.h"
#include "protocols/modbus/codes.h"
#include "protocols/modbus/modbus.h"
#include "protocols/registry.h"
#include "protocols/s7/codes.h"
#include "protocols/s7/s7.h"
#include "protocols/s7/s7comm.h"
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
  EXPECT_EQ(names.size(), rule_count());
  EXPECT_EQ(find_rule("no.such_rule"), nullptr);
}

TEST(Rules, TechniquesNamedByTheIssueAreTheOnesUsed) {
  EXPECT_EQ((*find_rule("s7.program_download")).technique, "T0843");
  EXPECT_EQ((*find_rule("s7.program_upload")).technique, "T0845");
  EXPECT_EQ((*find_rule("s7.plc_stop")).technique, "T0858");
  EXPECT_EQ((*find_rule("dnp3.restart")).technique, "T0816");
  EXPECT_EQ((*find_rule("dnp3.disable_unsolicited")).technique, "T0878");
  EXPECT_EQ((*find_rule("modbus.force_listen_only")).technique, "T0814");
  EXPECT_EQ(rule(RuleId::UnauthorisedWrite).technique, "T0855");
  EXPECT_EQ(rule(RuleId::UnauthorisedControl).technique, "T0831");
  EXPECT_EQ(rule(RuleId::FunctionCodeScan).technique, "T0888");
  EXPECT_EQ((*find_rule("s7.plc_stop")).severity, Severity::Critical);
}

TEST(Rules, SeverityNamesRoundTrip) {
  for (Severity s : {Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
    EXPECT_EQ(severity_from_name(severity_name(s)), s);
  EXPECT_FALSE(severity_from_name("urgent"));
}

// The protocols' own tables name their dangerous commands (protocols/*/NAME.cpp); the sessions
// put them on the request, and the rule table numbers them after the detector's rules.
TEST(Commands, EveryProtocolCommandIsARule) {
  for (Protocol p : all_protocols())
    for (const CommandRule* c : p.info().commands) {
      const Rule* r = find_rule(c->name);
      ASSERT_NE(r, nullptr) << c->name;
      EXPECT_EQ(rule_of(*c), r->id);
      EXPECT_GE(static_cast<std::size_t>(r->id), kDetectorRuleCount);
      EXPECT_EQ(r->severity, c->severity);
      EXPECT_EQ(r->technique, c->technique);
    }
  EXPECT_EQ(rule(find_rule("s7.plc_stop")->id).severity, Severity::Critical);
}

s7::S7Pdu job(std::uint8_t function) {
  s7::S7Pdu pdu;
  pdu.function = function;
  return pdu;
}

s7::S7Pdu pi(std::string service, std::vector<std::string> blocks = {}) {
  s7::S7Pdu pdu = job(s7::fn::kPiService);
  pdu.pi.service = std::move(service);
  for (const std::string& b : blocks) {
    s7::BlockId id;
    id.type = b.substr(0, b.find_first_of("0123456789"));
    id.number = static_cast<std::uint32_t>(std::stoul(b.substr(id.type.size())));
    pdu.pi.blocks.push_back(id);
  }
  return pdu;
}

std::string_view s7_rule(const s7::S7Pdu& pdu, std::uint32_t function,
                         OpClass op = OpClass::Other) {
  const CommandRule* c = s7::s7comm_command(pdu, function, op);
  return c != nullptr ? c->name : "";
}

TEST(Commands, S7FromTheDecodedJob) {
  using namespace s7;
  EXPECT_EQ(s7_rule(job(fn::kPlcStop), fn::kPlcStop), "s7.plc_stop");
  S7Pdu download = job(fn::kRequestDownload);
  download.block.has_block = true;
  download.block.block.type = "OB";
  download.block.block.number = 1;
  EXPECT_EQ(s7_rule(download, fn::kRequestDownload), "s7.program_download");
  download.block.block.type = "SDB";
  EXPECT_EQ(s7_rule(download, fn::kRequestDownload), "s7.config_download");
  EXPECT_EQ(s7_rule(job(fn::kStartUpload), fn::kStartUpload), "s7.program_upload");
  EXPECT_EQ(s7_rule(pi("P_PROGRAM"), fn::kPiService), "s7.plc_start");
  EXPECT_EQ(s7_rule(pi("_INSE", {"OB1", "DB1"}), fn::kPiService), "s7.program_download");
  EXPECT_EQ(s7_rule(pi("_INSE", {"SDB7"}), fn::kPiService), "s7.config_download");
  EXPECT_EQ(s7_rule(pi("_DELE", {"SDB4", "SDB1000"}), fn::kPiService), "s7.config_download");
  EXPECT_EQ(s7_rule(pi("_DELE", {"OB1", "SDB4"}), fn::kPiService), "s7.program_delete");
  EXPECT_EQ(s7_rule(pi("_MODU"), fn::kPiService), "s7.copy_ram_to_rom");
  EXPECT_EQ(s7_rule(pi("_GARB"), fn::kPiService), "s7.pi_service");
  EXPECT_EQ(s7_rule(pi("_WHAT"), fn::kPiService), "s7.pi_service");
  EXPECT_EQ(s7_rule(job(fn::kReadVar), fn::kReadVar, OpClass::Read), "");
  EXPECT_EQ(s7_rule(job(fn::kSetupCommunication), fn::kSetupCommunication, OpClass::Session), "");

  const S7Pdu none;
  auto userdata = [&none](std::uint8_t g, std::uint8_t sub) {
    return s7_rule(none, userdata_function_code(g, sub), userdata_function(g, sub)->op);
  };
  EXPECT_EQ(userdata(group::kSecurity, sub::kPassword), "s7.password");
  EXPECT_EQ(userdata(group::kTime, sub::kSetClock), "s7.set_clock");
  EXPECT_EQ(userdata(group::kProgrammer, sub::kForce), "s7.force");
  EXPECT_EQ(userdata(group::kProgrammer, sub::kMemoryReset), "s7.program_delete");
  EXPECT_EQ(userdata(group::kProgrammer, 0x0B), "s7.mode_change");  // Exit HOLD
  EXPECT_EQ(userdata(group::kTime, sub::kReadClock), "");
  EXPECT_EQ(userdata(group::kCpu, sub::kReadSzl), "");

  EXPECT_EQ(s7plus_command(OpClass::ModeChange), &kModeChange);
  EXPECT_EQ(s7plus_command(OpClass::Program), &kPlusProgramTransfer);
  EXPECT_EQ(s7plus_command(OpClass::Session), nullptr);
}

dnp3::Fragment fragment(std::uint8_t function, std::vector<std::uint8_t> groups = {}) {
  dnp3::Fragment f;
  f.header.function = function;
  for (std::uint8_t g : groups) {
    dnp3::ObjectBlock b;
    b.header.group = g;
    b.header.variation = 1;
    f.objects.push_back(b);
  }
  return f;
}

std::string_view dnp3_rule(const dnp3::Fragment& f) {
  const CommandRule* c = dnp3::request_command(f);
  return c != nullptr ? c->name : "";
}

TEST(Commands, Dnp3FromTheFunctionAndItsObjects) {
  using namespace dnp3;
  EXPECT_EQ(dnp3_rule(fragment(kFuncColdRestart)), "dnp3.restart");
  EXPECT_EQ(dnp3_rule(fragment(kFuncWarmRestart)), "dnp3.restart");
  for (std::uint8_t f : {kFuncInitializeData, kFuncInitializeApplication, kFuncStartApplication,
                         kFuncStopApplication})
    EXPECT_EQ(dnp3_rule(fragment(f)), "dnp3.application_control") << int(f);
  EXPECT_EQ(dnp3_rule(fragment(kFuncSaveConfiguration)), "dnp3.configuration_change");
  EXPECT_EQ(dnp3_rule(fragment(kFuncActivateConfiguration)), "dnp3.configuration_change");
  EXPECT_EQ(dnp3_rule(fragment(kFuncDisableUnsolicited)), "dnp3.disable_unsolicited");
  EXPECT_EQ(dnp3_rule(fragment(kFuncDeleteFile, {70})), "dnp3.file_delete");
  EXPECT_EQ(dnp3_rule(fragment(kFuncOpenFile, {70})), "dnp3.file_transfer");
  EXPECT_EQ(dnp3_rule(fragment(kFuncWrite, {70})), "dnp3.file_transfer");
  EXPECT_EQ(dnp3_rule(fragment(0x14, {60, 60, 60})), "");  // enable unsolicited is normal
  EXPECT_EQ(dnp3_rule(fragment(kFuncWrite, {50})), "");
  EXPECT_EQ(dnp3_rule(fragment(kFuncRead, {60})), "");

  EXPECT_TRUE(is_housekeeping_write(fragment(kFuncWrite, {50})));
  EXPECT_TRUE(is_housekeeping_write(fragment(kFuncWrite, {80})));
  EXPECT_TRUE(is_housekeeping_write(fragment(kFuncWrite, {50, 80})));
  EXPECT_FALSE(is_housekeeping_write(fragment(kFuncWrite, {50, 41})));
  EXPECT_FALSE(is_housekeeping_write(fragment(kFuncWrite, {5})));
  EXPECT_FALSE(is_housekeeping_write(fragment(kFuncWrite)));
  EXPECT_FALSE(is_housekeeping_write(fragment(kFuncRead, {50})));
}

TEST(Commands, ModbusDiagnosticsThatChangeDeviceState) {
  auto diag = [](std::uint16_t sub) -> std::string_view {
    const CommandRule* c = modbus::diagnostic_command(sub);
    return c != nullptr ? c->name : "";
  };
  EXPECT_EQ(diag(0x01), "modbus.restart_communications");
  EXPECT_EQ(diag(0x04), "modbus.force_listen_only");
  EXPECT_EQ(diag(0x0A), "modbus.clear_counters");
  EXPECT_EQ(diag(0x14), "modbus.clear_counters");
  EXPECT_EQ(diag(0x00), "");  // return query data (echo)
  EXPECT_EQ(diag(0x0B), "");  // a counter read
}

}  // namespace
}  // namespace otscope::detection
