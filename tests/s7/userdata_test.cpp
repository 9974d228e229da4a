// User-data services and SZL: multi-part reassembly, the identity a Snap7 session read from an
// S7-315 (snap7_s300_everything; ground truth in snap7_s300_events.txt), the operating mode,
// block lists, block info, clock values, and the SZL error reasons.
#include "protocols/s7/userdata.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/s7/codes.h"
#include "protocols/s7/s7comm.h"
#include "protocols/s7/szl.h"
#include "tests/support/test_support.h"

namespace otscope::s7 {
namespace {

using otscope::test::hex;

// snap7_s300_everything frame 4: SZL 0x0011 reply (module identification, 4 records).
const std::string kSzl0011 =
    "320700000100000c007c000112081284010200000000ff09007800110000001c000400013645533720333135"
    "2d32454831342d304142302000c000030001000636455337203331352d32454831342d304142302000c0000300"
    "010007202020202020202020202020202020202020202000c0560302070081426f6f74204c6f61646572202020"
    "202020202020000041200909";
// Frames 6 and 8: SZL 0x001C reply (component identification) in two parts, data unit 0xD5.
const std::string kSzl001cPart1 =
    "320700000200000c00da0001120812840102d5010000ff0900d6001c00000022000a000153373330302f4554"
    "3230304d2073746174696f6e5f31000000000000000000000002504c435f310000000000000000000000000000"
    "000000000000000000000000000003000000000000000000000000000000000000000000000000000000000000"
    "000000044f726967696e616c205369656d656e732045717569706d656e7400000000000000055320432d423155"
    "333933313432303131000000000000000000000000000000000007435055203331352d3220504e2f4450000000"
    "00000000000000000000000000000008";
const std::string kSzl001cPart2 =
    "320700000300000c008a0001120812840102d5000000ff0900864d4d43203441314143303139000000000000"
    "00000000000000000000000000000009002af60000010000000000000000000000000000000000000000000000"
    "000000000a0000000000000000000000000000000000000000000000000000000000000000000b000000000000"
    "0000000000000000000000000000000000000000000000000000";
// Frame 12: SZL 0x0424 reply (the CPU is in RUN).
const std::string kSzl0424 =
    "320700000500000c0020000112081284010200000000ff09001c04240000001400015144ff0800000000000"
    "000001602081451375692";

struct Decoded {
  std::vector<std::uint8_t> bytes;
  S7Pdu pdu;
};

Decoded decode(const std::string& text) {
  Decoded d;
  d.bytes = hex(text);
  EXPECT_EQ(decode_s7comm(d.bytes, d.pdu), S7Error::None);
  return d;
}

std::string fact(const std::vector<IdentityFact>& facts, const std::string& field) {
  for (const IdentityFact& f : facts)
    if (f.field == field) return f.value;
  return "";
}

TEST(Szl, ModuleIdentificationGivesOrderNumberHardwareAndFirmware) {
  Decoded d = decode(kSzl0011);
  UserDataFacts f = describe_userdata(d.pdu.userdata, d.pdu.userdata.payload);
  ASSERT_TRUE(f.szl_reply);
  EXPECT_EQ(f.szl_error, SzlError::None);
  EXPECT_EQ(f.detail, "SZL 0x0011");
  EXPECT_EQ(f.szl.record_count, 4);
  const auto facts = szl_identity(f.szl);
  EXPECT_EQ(fact(facts, "order_number"), "6ES7 315-2EH14-0AB0");
  EXPECT_EQ(fact(facts, "hardware"), "3");
  EXPECT_EQ(fact(facts, "firmware"), "V3.2.7");  // index 7: 'V' 3 / 2 7
  EXPECT_EQ(fact(facts, "model"), "S7-300");
}

TEST(Szl, ComponentIdentificationReassembledFromTwoParts) {
  UserDataReassembler r;
  Decoded p1 = decode(kSzl001cPart1);
  Decoded p2 = decode(kSzl001cPart2);
  Bytes payload;
  ASSERT_EQ(r.add(p1.pdu.userdata, payload), UserDataReassembler::Result::Part);
  EXPECT_EQ(r.part(), 1u);
  ASSERT_EQ(r.add(p2.pdu.userdata, payload), UserDataReassembler::Result::Complete);
  EXPECT_EQ(r.part(), 2u);
  EXPECT_EQ(payload.size(), 0xD6u + 0x86u);
  UserDataFacts f = describe_userdata(p2.pdu.userdata, payload);
  ASSERT_TRUE(f.szl_reply);
  EXPECT_EQ(f.szl_error, SzlError::None);
  EXPECT_EQ(f.szl.id, 0x001C);
  EXPECT_EQ(f.szl.records.size(), 10u);
  // What snap7_s300_events.txt prints under "Unit Info".
  const auto facts = szl_identity(f.szl);
  EXPECT_EQ(fact(facts, "module_type"), "CPU 315-2 PN/DP");
  EXPECT_EQ(fact(facts, "serial"), "S C-B1U393142011");
  EXPECT_EQ(fact(facts, "station_name"), "S7300/ET200M station_1");
  EXPECT_EQ(fact(facts, "module_name"), "PLC_1");
  EXPECT_EQ(fact(facts, "copyright"), "Original Siemens Equipment");
  EXPECT_EQ(fact(facts, "vendor"), "Siemens");  // manufacturer id 0x002A
  EXPECT_EQ(fact(facts, "plant_name"), "");     // empty on this PLC: not reported
}

TEST(Szl, OperatingModeFromModeList) {
  Decoded d = decode(kSzl0424);
  UserDataFacts f = describe_userdata(d.pdu.userdata, d.pdu.userdata.payload);
  ASSERT_TRUE(f.szl_reply);
  const auto facts = szl_identity(f.szl);
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].field, "operating_mode");
  EXPECT_EQ(facts[0].value, "RUN");
}

TEST(Szl, HeaderOnlyExtractHasNoRecords) {
  // SZL 0x0F11: only the header, the count says how many records the full list has.
  SzlResponse r;
  EXPECT_EQ(decode_szl_response(hex("0f110000001c0004"), r), SzlError::None);
  EXPECT_EQ(r.record_count, 4);
  EXPECT_TRUE(r.records.empty());
}

TEST(Szl, ErrorReasons) {
  SzlResponse r;
  EXPECT_EQ(decode_szl_response(hex("00110000001c"), r), SzlError::TooShort);
  // Two records of 4 bytes announced, one present: the present one is kept.
  EXPECT_EQ(decode_szl_response(hex("0131000100040002"
                                    "01020304"),
                                r),
            SzlError::Truncated);
  EXPECT_EQ(r.records.size(), 1u);
  EXPECT_EQ(szl_error_kind(SzlError::Truncated), "szl_truncated");
}

TEST(Szl, RequestAndDetail) {
  SzlRequest q;
  ASSERT_TRUE(decode_szl_request(hex("01310001"), q));
  EXPECT_EQ(szl_detail(q.id, q.index), "SZL 0x0131 index 0x0001");
  EXPECT_EQ(szl_list_name(q.id), "Communication capability parameters");
  EXPECT_FALSE(decode_szl_request(hex("0131"), q));
}

TEST(Szl, VersionTextAndFamilies) {
  EXPECT_EQ(szl_version_text(0x5603, 0x0207), "V3.2.7");
  EXPECT_EQ(szl_version_text(3, 1), "3");
  EXPECT_EQ(model_family("6ES7 214-1HE30-0XB0"), "S7-1200");
  EXPECT_EQ(model_family("6ES7 412-2EK06-0AB0"), "S7-400");
  EXPECT_EQ(model_family("6ES7 511-1AK00-0AB0"), "S7-1500");
  EXPECT_EQ(model_family("6GK7 343-1EX30-0XE0"), "");
}

TEST(UserData, ReassemblerKeepsStandalonePdusWhole) {
  UserDataReassembler r;
  Decoded d = decode(kSzl0424);
  Bytes payload;
  EXPECT_EQ(r.add(d.pdu.userdata, payload), UserDataReassembler::Result::Whole);
  EXPECT_EQ(payload.size(), 0x1Cu);
}

TEST(UserData, ReassemblerOverflowDropsTheParts) {
  UserDataReassembler r;
  std::vector<std::uint8_t> big(UserDataReassembler::kMaxBytes / 2 + 1, 0);
  UserDataHeader u;
  u.group = group::kCpu;
  u.subfunction = sub::kReadSzl;
  u.extended = true;
  u.data_unit_ref = 1;
  u.last_data_unit = false;
  u.payload = big;
  Bytes payload;
  EXPECT_EQ(r.add(u, payload), UserDataReassembler::Result::Part);
  EXPECT_EQ(r.add(u, payload), UserDataReassembler::Result::Overflow);
  // A fresh first part starts over.
  EXPECT_EQ(r.add(u, payload), UserDataReassembler::Result::Part);
}

TEST(UserData, BlockListNamesTypesAndCounts) {
  // snap7_s300_everything frame 16.
  Decoded d = decode(
      "320700000700000c0020000112081283010000000000ff09001c30380001304500013043000030410002304"
      "200083044004d3046000f");
  UserDataFacts f = describe_userdata(d.pdu.userdata, d.pdu.userdata.payload);
  EXPECT_EQ(f.text, "OB 1, FB 1, FC 0, DB 2, SDB 8, SFC 77, SFB 15");
}

TEST(UserData, BlockInfoRequestNamesTheBlock) {
  // snap7_s300_everything frame 23: block info of DB0.
  Decoded d = decode("320700000b000008000c0001120411430300ff0900083041303030303041");
  UserDataFacts f = describe_userdata(d.pdu.userdata, d.pdu.userdata.payload);
  EXPECT_EQ(f.detail, "DB0");
}

TEST(UserData, ListBlocksOfTypeRequestNamesTheType) {
  Decoded d = decode(
      "3207000001000008000600011204114302"
      "00ff0900023038");
  EXPECT_EQ(describe_userdata(d.pdu.userdata, d.pdu.userdata.payload).detail, "OB");
}

TEST(UserData, ClockValues) {
  // snap7_s300_everything frame 46: read clock reply.
  Decoded d = decode("320700001600000c000e000112081287010200000000ff09000a00191602081451379162");
  EXPECT_EQ(describe_userdata(d.pdu.userdata, d.pdu.userdata.payload).text,
            "clock 2016-02-08 14:51:37.916");
  EXPECT_EQ(s7_clock_text(hex("00199912312359590007")), "1999-12-31 23:59:59.000");
  EXPECT_EQ(s7_clock_text(hex("001916130814513791")), "");    // 9 bytes
  EXPECT_EQ(s7_clock_text(hex("00191613081451379162")), "");  // month 13
  EXPECT_EQ(s7_clock_text(hex("001916020a14513791a2")), "");  // not BCD
}

TEST(UserData, PasswordIsNotShown) {
  // step7_s300_AuthPassword frame 3.
  Decoded d = decode(
      "320700000600000800"
      "0c"
      "0001120411450100ff090008213a1b1d6e681b1d");
  UserDataFacts f = describe_userdata(d.pdu.userdata, d.pdu.userdata.payload);
  EXPECT_EQ(f.text, "password of 8 bytes (not shown)");
  EXPECT_EQ(f.text.find("213a"), std::string::npos);
}

TEST(UserData, ModeTransitionNamesTheMode) {
  Decoded d = decode(
      "32070000000000080000"
      "0100101000000000");
  EXPECT_EQ(describe_userdata(d.pdu.userdata, {}).detail, "STOP");
  EXPECT_EQ(userdata_function(group::kModeTransition, 0)->name, "Mode transition: STOP");
}

TEST(UserData, FunctionCodesAndTable) {
  EXPECT_EQ(userdata_function_code(group::kCpu, sub::kReadSzl), 0x10401u);
  EXPECT_EQ(userdata_function(group::kSecurity, sub::kPassword)->op, OpClass::Authentication);
  EXPECT_EQ(userdata_function(group::kTime, sub::kSetClock)->op, OpClass::Time);
  EXPECT_EQ(userdata_function(group::kBlock, sub::kBlockInfo)->op, OpClass::Identification);
  EXPECT_EQ(userdata_function(group::kProgrammer, 0x08)->op, OpClass::Write);
  EXPECT_FALSE(userdata_function(group::kCpu, 0x7F).has_value());
  EXPECT_EQ(unknown_userdata_function(group::kCpu).name, "CPU function (unknown)");
}

}  // namespace
}  // namespace otscope::s7
