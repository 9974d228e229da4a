// Schneider UMAS in Modbus function 90: the code table, the split of a function-90 PDU, and the
// session's events for each family (identification, reads, writes, start/stop, program transfer,
// reservation), the identity taken from the PLC's answers, and malformed UMAS.
#include "protocols/modbus/umas.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/modbus/decoder.h"
#include "protocols/modbus/describe.h"
#include "protocols/modbus/modbus.h"
#include "protocols/modbus/session.h"
#include "tests/modbus/recording_sink.h"
#include "tests/support/test_support.h"

namespace otscope::modbus {
namespace {

using otscope::test::hex;
using test::adu;
using test::RecordingSink;

constexpr std::uint8_t kUnit = 255;

TEST(UmasCodes, EveryPublicCodeHasItsNameAndClass) {
  struct Expected {
    std::uint8_t code;
    const char* name;
    OpClass op;
  };
  const Expected expected[] = {
      {0x01, "UMAS INIT_COMM", OpClass::Session},
      {0x02, "UMAS READ_ID", OpClass::Identification},
      {0x03, "UMAS READ_PROJECT_INFO", OpClass::Identification},
      {0x04, "UMAS READ_PLC_INFO", OpClass::Identification},
      {0x06, "UMAS READ_CARD_INFO", OpClass::Identification},
      {0x0A, "UMAS REPEAT", OpClass::Session},
      {0x10, "UMAS TAKE_PLC_RESERVATION", OpClass::Session},
      {0x11, "UMAS RELEASE_PLC_RESERVATION", OpClass::Session},
      {0x12, "UMAS KEEP_ALIVE", OpClass::Session},
      {0x20, "UMAS READ_MEMORY_BLOCK", OpClass::Read},
      {0x22, "UMAS READ_VARIABLES", OpClass::Read},
      {0x23, "UMAS WRITE_VARIABLES", OpClass::Write},
      {0x24, "UMAS READ_COILS_REGISTERS", OpClass::Read},
      {0x25, "UMAS WRITE_COILS_REGISTERS", OpClass::Write},
      {0x30, "UMAS INITIALIZE_UPLOAD", OpClass::Program},
      {0x31, "UMAS UPLOAD_BLOCK", OpClass::Program},
      {0x32, "UMAS END_STRATEGY_UPLOAD", OpClass::Program},
      {0x33, "UMAS INITIALIZE_DOWNLOAD", OpClass::Program},
      {0x34, "UMAS DOWNLOAD_BLOCK", OpClass::Program},
      {0x35, "UMAS END_STRATEGY_DOWNLOAD", OpClass::Program},
      {0x39, "UMAS READ_ETH_MASTER_DATA", OpClass::Read},
      {0x40, "UMAS START_PLC", OpClass::ModeChange},
      {0x41, "UMAS STOP_PLC", OpClass::ModeChange},
      {0x50, "UMAS MONITOR_PLC", OpClass::Read},
      {0x58, "UMAS CHECK_PLC", OpClass::Session},
      {0x70, "UMAS READ_IO_OBJECT", OpClass::Read},
      {0x71, "UMAS WRITE_IO_OBJECT", OpClass::Write},
      {0x73, "UMAS GET_STATUS_MODULE", OpClass::Diagnostic},
  };
  std::size_t known = 0;
  for (int c = 0; c < 256; ++c) known += umas_code_info(static_cast<std::uint8_t>(c)).known;
  EXPECT_EQ(known, std::size(expected));
  for (const Expected& e : expected) {
    const UmasCodeInfo& info = umas_code_info(e.code);
    EXPECT_TRUE(info.known) << e.name;
    EXPECT_EQ(info.code, e.code);
    EXPECT_EQ(info.name, e.name);
    EXPECT_EQ(info.op, e.op) << e.name;
  }
  // Codes nobody has named keep their number.
  EXPECT_FALSE(umas_code_info(0x5F).known);
  EXPECT_EQ(umas_code_info(0x5F).name, "UMAS 0x5F");
  EXPECT_EQ(umas_code_info(0x00).name, "UMAS 0x00");
  EXPECT_EQ(umas_code_info(0xFF).name, "UMAS 0xFF");
  // The function key keeps UMAS apart from the plain Modbus codes 0..127 (and 90 itself).
  EXPECT_EQ(umas_function_key(0x41), 0x5A41u);
  EXPECT_GT(umas_function_key(0x00), 127u);
}

TEST(UmasCodes, CommandRulesOfTheDangerousCodes) {
  EXPECT_EQ(umas_command(0x41), &kUmasStopPlc);
  EXPECT_EQ(kUmasStopPlc.severity, Severity::Critical);
  EXPECT_EQ(umas_command(0x40), &kUmasStartPlc);
  EXPECT_EQ(kUmasStartPlc.severity, Severity::High);
  for (int c : {0x30, 0x31, 0x32})
    EXPECT_EQ(umas_command(static_cast<std::uint8_t>(c)), &kUmasProgramDownload);
  EXPECT_EQ(kUmasProgramDownload.technique, "T0843");
  EXPECT_EQ(kUmasProgramDownload.severity, Severity::Critical);
  for (int c : {0x33, 0x34, 0x35})
    EXPECT_EQ(umas_command(static_cast<std::uint8_t>(c)), &kUmasProgramUpload);
  EXPECT_EQ(kUmasProgramUpload.technique, "T0845");
  EXPECT_EQ(umas_command(0x10), &kUmasReservation);
  for (int c : {0x01, 0x02, 0x04, 0x11, 0x12, 0x22, 0x23, 0x5F})
    EXPECT_EQ(umas_command(static_cast<std::uint8_t>(c)), nullptr) << c;
  // They are rules of the Modbus protocol, listed in `otscope rules`.
  std::size_t listed = 0;
  for (const CommandRule* r : kInfo.commands) {
    for (const CommandRule* u : {&kUmasStopPlc, &kUmasStartPlc, &kUmasProgramDownload,
                                 &kUmasProgramUpload, &kUmasReservation})
      listed += r == u;
  }
  EXPECT_EQ(listed, 5u);
}

DecodeResult request(const std::string& pdu) {
  return decode_adu(adu(3, kUnit, pdu), false);
}
DecodeResult response(const std::string& pdu) {
  return decode_adu(adu(3, kUnit, pdu), true);
}

TEST(UmasDecoder, SplitsSessionKeyCodeStatusAndData) {
  const DecodeResult stop = request("5a 01 41 ff 00");
  ASSERT_TRUE(stop.ok()) << stop.detail;
  EXPECT_EQ(stop.adu.function, kUmasFunction);
  EXPECT_EQ(stop.adu.umas_key, 0x01);
  EXPECT_EQ(stop.adu.umas_code, 0x41);
  EXPECT_EQ(stop.adu.data, hex("ff 00"));
  EXPECT_EQ(summarize(stop.adu),
            "request unit 255 tid 3: UMAS STOP_PLC (0x41), session key 0x01, 2 data bytes ff00");

  const DecodeResult ok = response("5a 01 fe");
  ASSERT_TRUE(ok.ok()) << ok.detail;
  EXPECT_EQ(ok.adu.umas_status, kUmasStatusOk);
  EXPECT_TRUE(ok.adu.data.empty());
  EXPECT_EQ(summarize(ok.adu, 0x41),
            "response unit 255 tid 3: UMAS STOP_PLC OK, session key 0x01, 0 data bytes");
  EXPECT_EQ(summarize(ok.adu), "response unit 255 tid 3: UMAS OK, session key 0x01, 0 data bytes");

  const DecodeResult error = response("5a 00 fd 02");
  ASSERT_TRUE(error.ok()) << error.detail;
  EXPECT_EQ(error.adu.umas_status, kUmasStatusError);
  EXPECT_EQ(error.adu.data, hex("02"));

  // A plain Modbus exception to function 90 is still an exception, not UMAS.
  const DecodeResult refused = response("da 01");
  ASSERT_TRUE(refused.ok()) << refused.detail;
  EXPECT_TRUE(refused.adu.exception);
  EXPECT_EQ(refused.adu.exception_code, 1);
}

TEST(UmasDecoder, TooShortAndBadStatusAreTheirOwnErrors) {
  EXPECT_EQ(request("5a").error, DecodeError::UmasTooShort);
  EXPECT_EQ(request("5a 00").error, DecodeError::UmasTooShort);
  EXPECT_EQ(response("5a").error, DecodeError::UmasTooShort);
  EXPECT_EQ(response("5a 00").error, DecodeError::UmasTooShort);
  const DecodeResult bad = response("5a 00 01 02");
  EXPECT_EQ(bad.error, DecodeError::UmasInvalidStatus);
  EXPECT_NE(bad.detail.find("0x01"), std::string::npos) << bad.detail;
  EXPECT_EQ(to_string(DecodeError::UmasTooShort), "umas_too_short");
  EXPECT_EQ(to_string(DecodeError::UmasInvalidStatus), "umas_invalid_status");
}

TEST(UmasText, LongestPrintableRunOfFourOrMore) {
  EXPECT_EQ(umas_text(hex("00 01 41 42 00 42 4d 58 20 50 33 34 20 32 30 32 30 00 07")),
            "BMX P34 2020");
  EXPECT_EQ(umas_text(hex("00 41 42 43 00")), "");  // three characters are no name
  EXPECT_EQ(umas_text(hex("")), "");
}

class UmasSessionTest : public ::testing::Test {
 protected:
  void request(std::uint16_t tid, const std::string& pdu, std::uint64_t frame) {
    PacketMeta meta;
    meta.frame = frame;
    session_.on_data(Direction::AtoB, adu(tid, kUnit, pdu), meta);
  }
  void response(std::uint16_t tid, const std::string& pdu, std::uint64_t frame) {
    PacketMeta meta;
    meta.frame = frame;
    session_.on_data(Direction::BtoA, adu(tid, kUnit, pdu), meta);
  }
  /// The request and response of one exchange; their two events.
  std::pair<MessageEvent, MessageEvent> exchange(std::uint16_t tid, const std::string& req,
                                                 const std::string& rsp) {
    const std::size_t before = sink_.messages.size();
    request(tid, req, 2 * tid);
    response(tid, rsp, 2 * tid + 1);
    EXPECT_EQ(sink_.messages.size(), before + 2);
    if (sink_.messages.size() != before + 2) return {};
    return {sink_.messages[before], sink_.messages[before + 1]};
  }

  FlowInfo flow_ = test::test_flow();
  RecordingSink sink_;
  ModbusSession session_{flow_, sink_};
};

TEST_F(UmasSessionTest, EachFamilyIsItsOwnOperationWithItsCommand) {
  struct Case {
    const char* request;
    std::uint8_t code;
    const char* name;
    OpClass op;
    const CommandRule* command;
  };
  const Case cases[] = {
      {"5a 00 02", 0x02, "UMAS READ_ID", OpClass::Identification, nullptr},
      {"5a 00 03 00", 0x03, "UMAS READ_PROJECT_INFO", OpClass::Identification, nullptr},
      {"5a 00 04", 0x04, "UMAS READ_PLC_INFO", OpClass::Identification, nullptr},
      {"5a 00 10 0a 00 55 4e 49 54 59 2d 50 43", 0x10, "UMAS TAKE_PLC_RESERVATION",
       OpClass::Session, &kUmasReservation},
      {"5a 01 22 02 01 00 00 00", 0x22, "UMAS READ_VARIABLES", OpClass::Read, nullptr},
      {"5a 01 23 02 01 00 00 00 01 00", 0x23, "UMAS WRITE_VARIABLES", OpClass::Write, nullptr},
      {"5a 01 30 00 01", 0x30, "UMAS INITIALIZE_UPLOAD", OpClass::Program, &kUmasProgramDownload},
      {"5a 01 31 00 01 01 00 04 00 de ad be ef", 0x31, "UMAS UPLOAD_BLOCK", OpClass::Program,
       &kUmasProgramDownload},
      {"5a 01 32 00 01 01 00", 0x32, "UMAS END_STRATEGY_UPLOAD", OpClass::Program,
       &kUmasProgramDownload},
      {"5a 01 33 00 01", 0x33, "UMAS INITIALIZE_DOWNLOAD", OpClass::Program, &kUmasProgramUpload},
      {"5a 01 41 ff 00", 0x41, "UMAS STOP_PLC", OpClass::ModeChange, &kUmasStopPlc},
      {"5a 01 40 ff 00", 0x40, "UMAS START_PLC", OpClass::ModeChange, &kUmasStartPlc},
      {"5a 01 11", 0x11, "UMAS RELEASE_PLC_RESERVATION", OpClass::Session, nullptr},
  };
  std::uint16_t tid = 1;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto [q, r] = exchange(tid++, c.request, "5a 00 fe");
    EXPECT_EQ(q.role, MessageRole::Request);
    EXPECT_EQ(q.function, umas_function_key(c.code));
    EXPECT_EQ(q.function_key, std::optional<std::uint32_t>(umas_function_key(c.code)));
    EXPECT_EQ(q.function_name, c.name);
    EXPECT_EQ(q.op, c.op);
    EXPECT_EQ(q.command, c.command);
    EXPECT_FALSE(q.undefined_function);
    EXPECT_EQ(q.unit, kUnit);
    EXPECT_NE(q.summary.find(c.name), std::string::npos) << q.summary;
    // The response names no code: it is the operation of the request it answers.
    EXPECT_EQ(r.role, MessageRole::Response);
    EXPECT_EQ(r.function, umas_function_key(c.code));
    EXPECT_EQ(r.function_name, c.name);
    EXPECT_EQ(r.op, c.op);
    EXPECT_EQ(r.command, nullptr);
    EXPECT_FALSE(r.exception);
    EXPECT_NE(r.summary.find(std::string(c.name) + " OK"), std::string::npos) << r.summary;
  }
  EXPECT_TRUE(sink_.anomalies.empty()) << sink_.log.back();
  EXPECT_EQ(session_.outstanding(), 0u);
}

TEST_F(UmasSessionTest, UnknownCodesAreNamedAndKept) {
  const auto [q, r] = exchange(9, "5a 00 5f 01 02", "5a 00 fd 01");
  EXPECT_EQ(q.function, 0x5A5Fu);
  EXPECT_EQ(q.function_key, std::optional<std::uint32_t>(0x5A5Fu));
  EXPECT_EQ(q.function_name, "UMAS 0x5F");
  // Unpublished is not undefined: real engineering sessions use codes nobody has named.
  EXPECT_FALSE(q.undefined_function);
  EXPECT_EQ(q.command, nullptr);
  // The PLC refused it: a UMAS error is the exception of that operation.
  EXPECT_EQ(r.function_name, "UMAS 0x5F");
  EXPECT_TRUE(r.exception);
  EXPECT_EQ(r.exception_code, kUmasStatusError);
  EXPECT_EQ(r.exception_name, "UMAS error");
  EXPECT_NE(r.summary.find("UMAS 0x5F error"), std::string::npos) << r.summary;
}

TEST_F(UmasSessionTest, ModbusExceptionToAUmasRequestIsThatOperation) {
  const auto [q, r] = exchange(4, "5a 00 41 ff 00", "da 01");
  EXPECT_EQ(q.command, &kUmasStopPlc);
  EXPECT_TRUE(r.exception);
  EXPECT_EQ(r.exception_kind, ExceptionKind::UnsupportedFunction);
  EXPECT_EQ(r.function, umas_function_key(0x41));
  EXPECT_EQ(r.function_name, "UMAS STOP_PLC");
  EXPECT_NE(r.summary.find("UMAS STOP_PLC, exception 1 Illegal Function"), std::string::npos)
      << r.summary;
}

TEST_F(UmasSessionTest, IdentityFromTheAnswersOfTheIdentificationCodes) {
  // READ_PLC_INFO answered with binary fields around the CPU's reference text.
  exchange(1, "5a 00 04",
           "5a 00 fe 01 02 00 00 06 01 1f 20 32 04 00 0c 42 4d 58 20 50 33 34 20 32 30 32 30 "
           "00 00 00 01 09");
  // READ_PROJECT_INFO: the application the PLC runs.
  exchange(2, "5a 00 03 00",
           "5a 00 fe 10 00 01 00 0e 50 55 4d 50 5f 53 54 41 54 49 4f 4e 5f 31 00 02 07 e9");
  // A refused READ_ID tells nothing; nor does an answer to another code with text in it.
  exchange(3, "5a 00 02", "5a 00 fd 54 45 58 54 00");
  exchange(4, "5a 01 22 02 01 00 00 00", "5a 01 fe 53 4f 4d 45 20 54 45 58 54");
  std::vector<std::pair<std::string, std::string>> facts;
  for (const IdentityEvent& id : sink_.identities) {
    if (id.field == "modbus_unit") continue;
    facts.emplace_back(id.field, id.value + " | " + id.source);
    EXPECT_TRUE(id.about_sender);
    EXPECT_EQ(id.dir, Direction::BtoA);
  }
  EXPECT_EQ(facts, (std::vector<std::pair<std::string, std::string>>{
                       {"device_id", "BMX P34 2020 | modbus UMAS READ_PLC_INFO"},
                       {"user_application", "PUMP_STATION_1 | modbus UMAS READ_PROJECT_INFO"}}));
}

TEST_F(UmasSessionTest, AnAnswerToNoRequestNamesNoCodeAndNoIdentity) {
  response(7, "5a 00 fe 00 0c 42 4d 58 20 50 33 34 20 32 30 32 30", 1);
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(sink_.messages[0].function, kUmasFunction);
  EXPECT_EQ(sink_.messages[0].function_name, "UMAS");
  EXPECT_EQ(sink_.count_anomalies("modbus.response_without_request"), 1u);
  for (const IdentityEvent& id : sink_.identities) EXPECT_EQ(id.field, "modbus_unit");
}

TEST_F(UmasSessionTest, TruncatedUmasIsMalformedModbusAndStillAnswersItsRequest) {
  request(1, "5a", 1);
  request(2, "5a 00 41 ff 00", 2);
  response(2, "5a 00", 3);
  response(3, "5a 00 07", 4);
  session_.on_close(PacketMeta{});
  EXPECT_EQ(sink_.count_anomalies("modbus.umas_too_short"), 2u);
  EXPECT_EQ(sink_.count_anomalies("modbus.umas_invalid_status"), 1u);
  EXPECT_EQ(sink_.malformed(), 3u);
  // The malformed answer to the stop answered it: only the stop request became an event, and
  // nothing is reported unanswered.
  ASSERT_EQ(sink_.messages.size(), 1u);
  EXPECT_EQ(sink_.messages[0].command, &kUmasStopPlc);
  EXPECT_EQ(sink_.count_anomalies("modbus.unanswered_request"), 0u);
  for (const AnomalyEvent& a : sink_.anomalies) {
    if (a.kind == "modbus.umas_too_short") {
      EXPECT_NE(a.detail.find("UMAS"), std::string::npos) << a.detail;
    }
  }
}

}  // namespace
}  // namespace otscope::modbus
