// Hex fixtures for every Modbus function code, request and response, and one test per decode error.
// Layouts and example values follow the Modbus Application Protocol Specification V1.1b3.
#include "protocols/modbus/decoder.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "protocols/modbus/codes.h"
#include "protocols/modbus/describe.h"
#include "tests/modbus/recording_sink.h"
#include "tests/support/test_support.h"

namespace otscope::modbus {
namespace {

using otscope::test::hex;

/// MBAP header (transaction 0x0102, unit 0x11, length computed) in front of a PDU.
std::vector<std::uint8_t> adu_bytes(const std::vector<std::uint8_t>& pdu) {
  return test::adu(0x0102, 0x11, to_hex(Bytes(pdu.data(), pdu.size()), 1000));
}

DecodeResult request(const std::string& pdu_hex) {
  auto bytes = adu_bytes(hex(pdu_hex));
  return decode_adu(bytes, false);
}

DecodeResult response(const std::string& pdu_hex) {
  auto bytes = adu_bytes(hex(pdu_hex));
  return decode_adu(bytes, true);
}

#define EXPECT_DECODES(result)                                        \
  do {                                                                \
    const auto& r_ = (result);                                        \
    EXPECT_TRUE(r_.ok()) << to_string(r_.error) << ": " << r_.detail; \
  } while (0)

std::vector<std::uint16_t> regs(std::initializer_list<std::uint16_t> v) {
  return v;
}

TEST(ModbusDecoder, MbapHeaderFields) {
  auto r = decode_adu(hex("0102 0000 0006 11 03 006b 0003"), false);
  EXPECT_DECODES(r);
  EXPECT_EQ(r.adu.header.transaction_id, 0x0102);
  EXPECT_EQ(r.adu.header.protocol_id, 0);
  EXPECT_EQ(r.adu.header.length, 6);
  EXPECT_EQ(r.adu.header.unit, 0x11);
  EXPECT_EQ(r.adu.function, 3);
  EXPECT_FALSE(r.adu.response);
}

TEST(ModbusDecoder, ReadCoils) {
  auto q = request("01 0013 0013");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.address, 19);
  EXPECT_EQ(q.adu.quantity, 19);
  auto ranges = ranges_of(q.adu);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].space, "coil");
  EXPECT_EQ(ranges[0].start, 19u);
  EXPECT_EQ(ranges[0].count, 19u);
  auto r = response("01 03 cd 6b 05");
  EXPECT_DECODES(r);
  EXPECT_EQ(r.adu.bits, hex("cd 6b 05"));
  // 0xcd least significant bit first: 1011 0011.
  EXPECT_NE(summarize(r.adu).find("10110011 11010110 10100000"), std::string::npos)
      << summarize(r.adu);
}

TEST(ModbusDecoder, ReadDiscreteInputs) {
  auto q = request("02 00c4 0016");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.address, 196);
  EXPECT_EQ(q.adu.quantity, 22);
  EXPECT_EQ(ranges_of(q.adu).at(0).space, "discrete_input");
  auto r = response("02 03 ac db 35");
  EXPECT_DECODES(r);
  EXPECT_EQ(r.adu.bits.size(), 3u);
}

TEST(ModbusDecoder, ReadHoldingRegisters) {
  auto q = request("03 006b 0003");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.address, 107);
  EXPECT_EQ(q.adu.quantity, 3);
  EXPECT_EQ(ranges_of(q.adu).at(0).space, "holding_register");
  EXPECT_EQ(summarize(q.adu),
            "request unit 17 tid 258: Read Holding Registers holding_register 107..109 (3)");
  auto r = response("03 06 022b 0000 0064");
  EXPECT_DECODES(r);
  EXPECT_EQ(r.adu.registers, regs({555, 0, 100}));
  EXPECT_EQ(summarize(r.adu),
            "response unit 17 tid 258: Read Holding Registers 3 registers: 555, 0, 100");
}

TEST(ModbusDecoder, ReadInputRegisters) {
  auto q = request("04 0008 0001");
  EXPECT_DECODES(q);
  EXPECT_EQ(ranges_of(q.adu).at(0).space, "input_register");
  auto r = response("04 02 000a");
  EXPECT_DECODES(r);
  EXPECT_EQ(r.adu.registers, regs({10}));
}

TEST(ModbusDecoder, WriteSingleCoil) {
  auto q = request("05 00ac ff00");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.address, 172);
  EXPECT_EQ(q.adu.value, 0xff00);
  EXPECT_EQ(summarize(q.adu), "request unit 17 tid 258: Write Single Coil coil 172 (1) = ON");
  auto r = response("05 00ac 0000");
  EXPECT_DECODES(r);
  EXPECT_EQ(ranges_of(r.adu).at(0).start, 172u);
}

TEST(ModbusDecoder, WriteSingleRegister) {
  auto q = request("06 0001 0003");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.value, 3);
  auto ranges = ranges_of(q.adu);
  EXPECT_EQ(ranges.at(0).space, "holding_register");
  EXPECT_EQ(ranges.at(0).count, 1u);
  EXPECT_DECODES(response("06 0001 0003"));
}

TEST(ModbusDecoder, ReadExceptionStatus) {
  EXPECT_DECODES(request("07"));
  auto r = response("07 6d");
  EXPECT_DECODES(r);
  EXPECT_EQ(r.adu.data, hex("6d"));
}

TEST(ModbusDecoder, DiagnosticsEverySubFunctionByName) {
  const std::vector<std::pair<std::uint16_t, std::string>> names = {
      {0x00, "Return Query Data"},
      {0x01, "Restart Communications Option"},
      {0x02, "Return Diagnostic Register"},
      {0x03, "Change ASCII Input Delimiter"},
      {0x04, "Force Listen Only Mode"},
      {0x0A, "Clear Counters and Diagnostic Register"},
      {0x0B, "Return Bus Message Count"},
      {0x0C, "Return Bus Communication Error Count"},
      {0x0D, "Return Bus Exception Error Count"},
      {0x0E, "Return Server Message Count"},
      {0x0F, "Return Server No Response Count"},
      {0x10, "Return Server NAK Count"},
      {0x11, "Return Server Busy Count"},
      {0x12, "Return Bus Character Overrun Count"},
      {0x14, "Clear Overrun Counter and Flag"},
      {0x15, "Get/Clear Modbus Plus Statistics"},
      {0x05, "Reserved Sub-function"},
      {0x13, "Reserved Sub-function"},
      {0x16, "Reserved Sub-function"},
  };
  for (const auto& [sub, name] : names) {
    EXPECT_EQ(diagnostic_name(sub), name) << sub;
    char pdu[32];
    std::snprintf(pdu, sizeof pdu, "08 %04x 0000", sub);
    auto q = request(pdu);
    EXPECT_DECODES(q);
    EXPECT_EQ(q.adu.sub_function, sub);
    EXPECT_NE(summarize(q.adu).find(name), std::string::npos);
    EXPECT_DECODES(response(pdu));
  }
  // Exactly the four sub-functions that change device state.
  for (std::uint16_t sub = 0; sub < 0x20; ++sub) {
    bool intrusive = sub == 0x01 || sub == 0x04 || sub == 0x0A || sub == 0x14;
    EXPECT_EQ(diagnostic_changes_state(sub), intrusive) << sub;
  }
  // Return Query Data echoes any amount of data.
  auto echo = request("08 0000 a537 1122");
  EXPECT_DECODES(echo);
  EXPECT_EQ(echo.adu.data, hex("a537 1122"));
}

TEST(ModbusDecoder, GetCommEventCounter) {
  EXPECT_DECODES(request("0b"));
  auto r = response("0b ffff 0108");
  EXPECT_DECODES(r);
  EXPECT_EQ(r.adu.status, 0xffff);
  EXPECT_EQ(r.adu.event_count, 0x0108);
}

TEST(ModbusDecoder, GetCommEventLog) {
  EXPECT_DECODES(request("0c"));
  auto r = response("0c 08 0000 0108 0121 2000");
  EXPECT_DECODES(r);
  EXPECT_EQ(r.adu.event_count, 0x0108);
  EXPECT_EQ(r.adu.message_count, 0x0121);
  EXPECT_EQ(r.adu.data, hex("2000"));
}

TEST(ModbusDecoder, WriteMultipleCoils) {
  auto q = request("0f 0013 000a 02 cd01");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.address, 19);
  EXPECT_EQ(q.adu.quantity, 10);
  EXPECT_EQ(q.adu.bits, hex("cd01"));
  EXPECT_EQ(ranges_of(q.adu).at(0).count, 10u);
  EXPECT_NE(summarize(q.adu).find("= 10110011 10"), std::string::npos) << summarize(q.adu);
  auto r = response("0f 0013 000a");
  EXPECT_DECODES(r);
  EXPECT_EQ(ranges_of(r.adu).at(0).count, 10u);
}

TEST(ModbusDecoder, WriteMultipleRegisters) {
  auto q = request("10 0001 0002 04 000a 0102");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.registers, regs({10, 258}));
  EXPECT_DECODES(response("10 0001 0002"));
}

TEST(ModbusDecoder, ReportServerId) {
  EXPECT_DECODES(request("11"));
  // libmodbus answers: server id 0xb4, run indicator ON, "LMB" + version.
  auto r = response("11 0a b4 ff 4c4d42332e312e39");
  EXPECT_DECODES(r);
  EXPECT_EQ(server_id_text(r.adu), "LMB3.1.9");
  auto binary = response("11 02 01 ff");
  EXPECT_DECODES(binary);
  EXPECT_EQ(server_id_text(binary.adu), "");
}

TEST(ModbusDecoder, ReadFileRecord) {
  auto q = request("14 0e 06 0004 0001 0002 06 0003 0009 0002");
  EXPECT_DECODES(q);
  ASSERT_EQ(q.adu.file_records.size(), 2u);
  EXPECT_EQ(q.adu.file_records[1].file, 3);
  EXPECT_EQ(q.adu.file_records[1].record, 9);
  auto ranges = ranges_of(q.adu);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].space, "file");
  EXPECT_EQ(ranges[0].start, 4u << 16 | 1u);
  EXPECT_EQ(ranges[0].count, 2u);
  auto r = response("14 0c 05 06 0dfe 0020 05 06 33cd 0040");
  EXPECT_DECODES(r);
  ASSERT_EQ(r.adu.file_records.size(), 2u);
  EXPECT_EQ(r.adu.file_records[0].values, regs({0x0dfe, 0x0020}));
}

TEST(ModbusDecoder, WriteFileRecord) {
  const char* pdu = "15 0d 06 0004 0007 0003 06af 04be 100d";
  auto q = request(pdu);
  EXPECT_DECODES(q);
  ASSERT_EQ(q.adu.file_records.size(), 1u);
  EXPECT_EQ(q.adu.file_records[0].values, regs({0x06af, 0x04be, 0x100d}));
  EXPECT_EQ(ranges_of(q.adu).at(0).start, 4u << 16 | 7u);
  EXPECT_DECODES(response(pdu));
}

TEST(ModbusDecoder, MaskWriteRegister) {
  auto q = request("16 0004 00f2 0025");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.and_mask, 0x00f2);
  EXPECT_EQ(q.adu.or_mask, 0x0025);
  EXPECT_EQ(ranges_of(q.adu).at(0).start, 4u);
  EXPECT_DECODES(response("16 0004 00f2 0025"));
}

TEST(ModbusDecoder, ReadWriteMultipleRegisters) {
  auto q = request("17 0003 0006 000e 0003 06 00ff 00ff 00ff");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.quantity, 6);
  EXPECT_EQ(q.adu.write_address, 14);
  EXPECT_EQ(q.adu.write_quantity, 3);
  auto ranges = ranges_of(q.adu);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[1].start, 14u);
  auto r = response("17 0c 00fe 0acd 0001 0003 000d 00ff");
  EXPECT_DECODES(r);
  EXPECT_EQ(r.adu.registers.size(), 6u);
}

TEST(ModbusDecoder, ReadFifoQueue) {
  auto q = request("18 04de");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.address, 1246);
  auto r = response("18 0006 0002 01b8 1284");
  EXPECT_DECODES(r);
  EXPECT_EQ(r.adu.registers, regs({440, 4740}));
}

// A Read Device Identification answer (MEI 14, basic, no more) with these objects, as bytes.
std::vector<std::uint8_t> device_id_answer(
    std::initializer_list<std::pair<int, std::string>> objects) {
  std::vector<std::uint8_t> pdu = hex("2b 0e 01 01 00 00 03");
  for (const auto& [id, text] : objects) {
    pdu.push_back(static_cast<std::uint8_t>(id));
    pdu.push_back(static_cast<std::uint8_t>(text.size()));
    pdu.insert(pdu.end(), text.begin(), text.end());
  }
  return adu_bytes(pdu);
}

TEST(ModbusDecoder, ReadDeviceIdentification) {
  auto q = request("2b 0e 01 00");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.mei_type, 14);
  EXPECT_EQ(q.adu.read_device_id_code, 1);
  auto bytes =
      device_id_answer({{0, "Company identification"}, {1, "Product code XX"}, {2, "V2.11\x01"}});
  auto r = decode_adu(bytes, true);
  EXPECT_DECODES(r);
  ASSERT_EQ(r.adu.objects.size(), 3u);
  EXPECT_EQ(r.adu.objects[0].value, "Company identification");
  EXPECT_EQ(r.adu.objects[2].value, "V2.11");  // control byte made printable and trimmed
  EXPECT_EQ(device_id_identity_field(2), "firmware");
  EXPECT_FALSE(r.adu.more_follows);
}

// Hardening: valid UTF-8 is kept; an invalid byte or a control character becomes the text \xNN
// (it was '?', which lost every non-ASCII character).
TEST(ModbusDecoder, DeviceIdentificationKeepsUtf8AndEscapesTheRest) {
  auto bytes =
      device_id_answer({{0, "Schneider \xc3\x89lectric"},
                        {1, "\xe6\xb3\xb5\xe7\xab\x99 BMX\xff\x1b\xc3 \xe2\x80\xae\xc2\x85 ?"},
                        {4, "\xed\xa0\x80\xc0\xaf\xf4\x90\x80\x80 \xf0\x9f\x94\xa7\xff\xfe  "}});
  auto r = decode_adu(bytes, true);
  EXPECT_DECODES(r);
  ASSERT_EQ(r.adu.objects.size(), 3u);
  EXPECT_EQ(r.adu.objects[0].value, "Schneider \xc3\x89lectric");
  // A cut sequence, a right-to-left override and a C1 control are escaped; a question mark at the
  // end is text, kept.
  EXPECT_EQ(r.adu.objects[1].value,
            "\xe6\xb3\xb5\xe7\xab\x99 BMX\\xff\\x1b\\xc3 \\xe2\\x80\\xae\\xc2\\x85 ?");
  // Surrogates, overlong forms and code points beyond U+10FFFF are no UTF-8; trailing padding
  // is trimmed.
  EXPECT_EQ(r.adu.objects[2].value,
            "\\xed\\xa0\\x80\\xc0\\xaf\\xf4\\x90\\x80\\x80 \xf0\x9f\x94\xa7");
}

TEST(ModbusDecoder, CanOpenGeneralReferenceAndReservedMei) {
  auto q = request("2b 0d 01 02 03");
  EXPECT_DECODES(q);
  EXPECT_EQ(q.adu.mei_type, 13);
  EXPECT_EQ(q.adu.data, hex("01 02 03"));
  EXPECT_DECODES(response("2b 0d 04"));
  auto reserved = request("2b 07 aa");
  EXPECT_DECODES(reserved);
  EXPECT_EQ(mei_type_name(reserved.adu.mei_type), "Reserved MEI Type");
}

TEST(ModbusDecoder, UserDefinedAndReservedFunctions) {
  for (int f = 1; f < 128; ++f) {
    FunctionInfo info = function_info(static_cast<std::uint8_t>(f));
    bool user = (f >= 65 && f <= 72) || (f >= 100 && f <= 110);
    if (user) {
      EXPECT_EQ(info.kind, FunctionKind::UserDefined) << f;
    }
    if (info.kind == FunctionKind::Public) {
      EXPECT_NE(info.name, "Reserved Function");
    }
  }
  auto user = request("41 01 02 03");
  EXPECT_DECODES(user);
  EXPECT_EQ(user.adu.function, 65);
  EXPECT_EQ(user.adu.data, hex("01 02 03"));
  EXPECT_EQ(summarize(user.adu),
            "request unit 17 tid 258: User-Defined Function 65 function 65, 3 data bytes 010203");
  // 90 is reserved by the specification; what it carries (Schneider UMAS) is in umas_test.cpp.
  auto reserved = response("5a 00 fe");
  EXPECT_DECODES(reserved);
  EXPECT_EQ(function_info(90).kind, FunctionKind::Reserved);
  EXPECT_EQ(function_info(90).name, "Reserved Function");
}

TEST(ModbusDecoder, CodeTableClassifiesOperations) {
  EXPECT_EQ(function_info(3).op, OpClass::Read);
  EXPECT_EQ(function_info(24).op, OpClass::Read);
  for (int f : {5, 6, 15, 16, 22, 23})
    EXPECT_EQ(function_info(static_cast<std::uint8_t>(f)).op, OpClass::Write) << f;
  for (int f : {7, 8, 11, 12})
    EXPECT_EQ(function_info(static_cast<std::uint8_t>(f)).op, OpClass::Diagnostic) << f;
  EXPECT_EQ(function_info(17).op, OpClass::Identification);
  EXPECT_EQ(function_info(20).op, OpClass::File);
  EXPECT_EQ(function_info(21).op, OpClass::File);
  EXPECT_EQ(mei_type_op(14), OpClass::Identification);
  EXPECT_EQ(mei_type_op(13), OpClass::Other);
  EXPECT_EQ(function_info(66).op, OpClass::Other);
}

TEST(ModbusDecoder, ExceptionResponses) {
  auto r = response("83 02");
  EXPECT_DECODES(r);
  EXPECT_TRUE(r.adu.exception);
  EXPECT_EQ(r.adu.function, 3);
  EXPECT_EQ(r.adu.exception_code, 2);
  EXPECT_EQ(summarize(r.adu),
            "exception response unit 17 tid 258: Read Holding Registers, exception 2 Illegal Data "
            "Address");
  const std::vector<std::pair<int, std::string>> names = {
      {1, "Illegal Function"},
      {2, "Illegal Data Address"},
      {3, "Illegal Data Value"},
      {4, "Server Device Failure"},
      {5, "Acknowledge"},
      {6, "Server Device Busy"},
      {7, "Negative Acknowledge"},
      {8, "Memory Parity Error"},
      {10, "Gateway Path Unavailable"},
      {11, "Gateway Target Device Failed to Respond"},
      {9, "Unassigned Exception Code"},
      {0, "Unassigned Exception Code"}};
  for (const auto& [code, name] : names) {
    EXPECT_EQ(exception_name(static_cast<std::uint8_t>(code)), name);
  }
  // Exceptions of user-defined functions decode as well.
  EXPECT_DECODES(response("c1 01"));
}

TEST(ModbusDecoder, SpecificationLimitsAccepted) {
  EXPECT_DECODES(request("01 0000 07d0"));  // 2000 coils
  EXPECT_DECODES(request("03 0000 007d"));  // 125 registers
  std::string coils = "0f 0000 07b0 f6";    // 1968 coils in 246 bytes
  for (int i = 0; i < 246; ++i) coils += "ff";
  EXPECT_DECODES(request(coils));
  std::string registers = "10 0000 007b f6";  // 123 registers
  for (int i = 0; i < 123; ++i) registers += "0001";
  EXPECT_DECODES(request(registers));
}

// ---- One test per decode error reason ----------------------------------------------------------

void expect_error(const DecodeResult& r, DecodeError e) {
  EXPECT_EQ(r.error, e) << "got " << to_string(r.error) << ": " << r.detail;
  EXPECT_FALSE(r.detail.empty());
}

TEST(ModbusDecodeError, AduTooShort) {
  expect_error(decode_adu(hex("0001 0000 0002 01"), false), DecodeError::AduTooShort);
  expect_error(decode_adu({}, true), DecodeError::AduTooShort);
}

TEST(ModbusDecodeError, InvalidProtocolId) {
  expect_error(decode_adu(hex("0001 0001 0002 01 07"), false), DecodeError::InvalidProtocolId);
}

TEST(ModbusDecodeError, InvalidLength) {
  expect_error(decode_adu(hex("0001 0000 0001 01 07"), false), DecodeError::InvalidLength);
  std::vector<std::uint8_t> big = hex("0001 0000 00ff 01 41");
  big.resize(6 + 255, 0);
  expect_error(decode_adu(big, false), DecodeError::InvalidLength);
}

TEST(ModbusDecodeError, LengthMismatch) {
  expect_error(decode_adu(hex("0001 0000 0006 01 03 0000"), false), DecodeError::LengthMismatch);
  expect_error(decode_adu(hex("0001 0000 0002 01 07 00"), false), DecodeError::LengthMismatch);
}

TEST(ModbusDecodeError, InvalidFunction) {
  expect_error(request("00 0001"), DecodeError::InvalidFunction);
  expect_error(response("80 01"), DecodeError::InvalidFunction);
}

TEST(ModbusDecodeError, ExceptionInRequest) {
  expect_error(request("83 02"), DecodeError::ExceptionInRequest);
}

TEST(ModbusDecodeError, PduTooShort) {
  expect_error(request("03 0000"), DecodeError::PduTooShort);
  expect_error(response("83"), DecodeError::PduTooShort);
  expect_error(response("03 04 0001"), DecodeError::PduTooShort);
  // A device id object that claims more bytes than the PDU has.
  expect_error(response("2b 0e 01 01 00 00 01 00 10 41 42"), DecodeError::PduTooShort);
}

TEST(ModbusDecodeError, PduTooLong) {
  expect_error(request("03 0000 0001 00"), DecodeError::PduTooLong);
  expect_error(response("83 02 00"), DecodeError::PduTooLong);
  expect_error(request("07 00"), DecodeError::PduTooLong);
  expect_error(response("03 02 0001 0002"), DecodeError::PduTooLong);
}

TEST(ModbusDecodeError, QuantityOutOfRange) {
  expect_error(request("03 0000 007e"), DecodeError::QuantityOutOfRange);  // 126 registers
  expect_error(request("04 0000 0000"), DecodeError::QuantityOutOfRange);  // 0 registers
  expect_error(request("01 0000 07d1"), DecodeError::QuantityOutOfRange);  // 2001 coils
  expect_error(request("02 0000 0000"), DecodeError::QuantityOutOfRange);
  expect_error(request("0f 0000 07b1 f7"), DecodeError::QuantityOutOfRange);  // 1969 coils
  expect_error(request("10 0000 007c f8"), DecodeError::QuantityOutOfRange);  // 124 registers
  expect_error(request("17 0000 0001 0000 007a f4"), DecodeError::QuantityOutOfRange);  // write 122
  expect_error(request("17 0000 007e 0000 0001 02 0000"), DecodeError::QuantityOutOfRange);
  expect_error(response("10 0000 007c"), DecodeError::QuantityOutOfRange);
}

TEST(ModbusDecodeError, ByteCountMismatch) {
  expect_error(request("0f 0000 000a 01 ff"), DecodeError::ByteCountMismatch);    // 10 coils need 2
  expect_error(request("10 0000 0002 02 0001"), DecodeError::ByteCountMismatch);  // 2 regs need 4
  expect_error(request("17 0000 0001 0000 0002 02 0001"), DecodeError::ByteCountMismatch);
  expect_error(response("18 0008 0002 0001 0002"), DecodeError::ByteCountMismatch);
  // A write-file sub-record whose registers run past the byte count.
  expect_error(request("15 09 06 0004 0007 0003 0000"), DecodeError::ByteCountMismatch);
}

TEST(ModbusDecodeError, InvalidByteCount) {
  expect_error(response("03 03 000102"), DecodeError::InvalidByteCount);  // odd
  expect_error(response("04 00"), DecodeError::InvalidByteCount);
  expect_error(response("01 00"), DecodeError::InvalidByteCount);
  expect_error(request("14 08 06 0004 0001 0002 00"), DecodeError::InvalidByteCount);
  expect_error(response("0c 05 0000 0000 00"), DecodeError::InvalidByteCount);
  expect_error(response("11 00"), DecodeError::InvalidByteCount);
}

TEST(ModbusDecodeError, InvalidCoilValue) {
  expect_error(request("05 0000 1234"), DecodeError::InvalidCoilValue);
  expect_error(response("05 0000 00ff"), DecodeError::InvalidCoilValue);
}

TEST(ModbusDecodeError, InvalidDiagnosticData) {
  expect_error(request("08 0004 00"), DecodeError::InvalidDiagnosticData);
  expect_error(request("08 0001"), DecodeError::InvalidDiagnosticData);
}

TEST(ModbusDecodeError, InvalidReferenceType) {
  expect_error(request("14 07 05 0004 0001 0002"), DecodeError::InvalidReferenceType);
  expect_error(response("14 04 03 07 0001"), DecodeError::InvalidReferenceType);
}

TEST(ModbusDecodeError, InvalidRecordNumber) {
  expect_error(request("14 07 06 0004 2710 0002"), DecodeError::InvalidRecordNumber);
}

TEST(ModbusDecodeError, InvalidRecordLength) {
  expect_error(response("14 05 04 06 0001 00"), DecodeError::InvalidRecordLength);
}

TEST(ModbusDecodeError, InvalidReadDeviceIdCode) {
  expect_error(request("2b 0e 05 00"), DecodeError::InvalidReadDeviceIdCode);
  expect_error(request("2b 0e 00 00"), DecodeError::InvalidReadDeviceIdCode);
}

TEST(ModbusDecodeError, InvalidMoreFollows) {
  expect_error(response("2b 0e 01 01 01 00 00"), DecodeError::InvalidMoreFollows);
}

TEST(ModbusDecodeError, FifoCountTooLarge) {
  std::string pdu = "18 0042 0020";
  for (int i = 0; i < 32; ++i) pdu += "0000";
  expect_error(response(pdu), DecodeError::FifoCountTooLarge);
}

TEST(ModbusDecoder, TheMostRegistersAPduHoldsAreKept) {
  // A read response of 125 registers fills the 253-byte PDU.
  std::string pdu = "03 fa";
  for (int i = 0; i < 125; ++i) {
    char word[8];
    std::snprintf(word, sizeof word, " %04x", i * 3);
    pdu += word;
  }
  auto r = response(pdu);
  EXPECT_DECODES(r);
  ASSERT_EQ(r.adu.registers.size(), RegisterValues::kCapacity);
  EXPECT_EQ(r.adu.registers[0], 0);
  EXPECT_EQ(r.adu.registers[124], 372);
  EXPECT_EQ(r.adu.quantity, 125);

  // The next ADU decoded into the same result starts empty.
  DecodeResult reused = r;
  auto bytes = adu_bytes(hex("06 0001 0003"));
  decode_adu(bytes, false, reused);
  EXPECT_DECODES(reused);
  EXPECT_EQ(reused.adu.registers, regs({3}));

  RegisterValues full = r.adu.registers;
  EXPECT_FALSE(full.push_back(1));
  EXPECT_EQ(full.size(), RegisterValues::kCapacity);
}

TEST(ModbusDecoder, EveryRangeIsNamedAfterItsFunctionsSpace) {
  // The session keeps a request's ranges without their space and names them again from the
  // function (range_space()), which holds only if ranges_of() names them so.
  for (const char* pdu :
       {"01 0013 0013", "02 00c4 0016", "03 006b 0003", "04 0008 0001", "05 00ac ff00",
        "06 0001 0003", "0f 0013 000a 02 cd01", "10 0001 0002 04 000a 0102",
        "14 0e 06 0004 0001 0002 06 0003 0009 0002", "15 0d 06 0004 0007 0003 06af 04be 100d",
        "16 0004 00f2 0025", "17 0003 0006 000e 0003 06 00ff 00ff 00ff", "18 04de"}) {
    auto q = request(pdu);
    EXPECT_DECODES(q);
    const RangeList ranges = ranges_of(q.adu);
    EXPECT_FALSE(ranges.empty()) << pdu;
    for (const AddressRange& r : ranges) {
      EXPECT_EQ(r.space, range_space(q.adu.function)) << pdu;
      EXPECT_FALSE(r.space.empty()) << pdu;
    }
  }
}

TEST(ModbusDecodeError, EveryReasonHasADistinctName) {
  std::set<std::string_view> names;
  for (int e = 0; e <= static_cast<int>(DecodeError::FifoCountTooLarge); ++e) {
    std::string_view name = to_string(static_cast<DecodeError>(e));
    EXPECT_NE(name, "unknown");
    EXPECT_TRUE(names.insert(name).second) << name;
  }
}

}  // namespace
}  // namespace otscope::modbus
