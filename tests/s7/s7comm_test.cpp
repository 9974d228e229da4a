// The S7comm PDU decoder: one hex fixture per PDU type (most taken from real captures, named
// where they come from) and one per error reason.
#include "protocols/s7/s7comm.h"

#include <gtest/gtest.h>

#include <string>

#include "protocols/s7/codes.h"
#include "tests/support/test_support.h"

namespace otscope::s7 {
namespace {

using otscope::test::hex;

S7Pdu decode_ok(const std::string& text) {
  S7Pdu pdu;
  const auto bytes = hex(text);
  // The views point into `bytes`: copy what the tests read before it goes.
  EXPECT_EQ(decode_s7comm(bytes, pdu), S7Error::None) << text;
  pdu.parameter = {};
  pdu.data = {};
  pdu.userdata.payload = {};
  return pdu;
}

S7Error decode_error(const std::string& text) {
  S7Pdu pdu;
  return decode_s7comm(hex(text), pdu);
}

// ---- Job / Ack_Data ---------------------------------------------------------------------------

TEST(S7commDecoder, SetupCommunicationJobAndAckData) {
  // snap7_s300_everything frames 1-2: asks for 480 bytes, the PLC grants 240.
  S7Pdu job = decode_ok("32010000000000080000f0000001000101e0");
  EXPECT_EQ(job.header.rosctr, 1);
  EXPECT_FALSE(job.header.has_error_fields);
  EXPECT_EQ(job.function, fn::kSetupCommunication);
  EXPECT_EQ(job.setup.max_amq_calling, 1);
  EXPECT_EQ(job.setup.max_amq_called, 1);
  EXPECT_EQ(job.setup.pdu_length, 480);
  S7Pdu ack = decode_ok("320300000000000800000000f0000001000100f0");
  EXPECT_EQ(ack.header.rosctr, 3);
  EXPECT_TRUE(ack.header.has_error_fields);
  EXPECT_EQ(ack.header.error(), 0);
  EXPECT_EQ(ack.setup.pdu_length, 240);
}

TEST(S7commDecoder, ReadVarJobWithS7AnyItems) {
  // snap7_s300_everything frame 55: M, I, Q bytes, timers and counters.
  S7Pdu pdu = decode_ok(
      "320100001b00003e00000405120a10020010000083000000120a10020010000081000000120a1002001000"
      "0082000000120a101d000800001d000000120a101c000800001c000000");
  EXPECT_EQ(pdu.function, fn::kReadVar);
  ASSERT_EQ(pdu.items.size(), 5u);
  EXPECT_TRUE(pdu.items[0].s7any);
  EXPECT_EQ(pdu.items[0].area, area::kFlags);
  EXPECT_EQ(pdu.items[0].transport_size, 2);  // BYTE
  EXPECT_EQ(pdu.items[0].count, 16);
  EXPECT_EQ(pdu.items[3].area, area::kTimers);
  EXPECT_EQ(pdu.items[3].transport_size, 0x1D);
  EXPECT_EQ(pdu.items[4].area, area::kCounters);
}

TEST(S7commDecoder, ReadVarJobWithDbReadItem) {
  // WinCC on an S7-400 (wincc_s400_production): three data-block areas in one DBREAD item.
  S7Pdu pdu = decode_ok(
      "320100000d00001500000401"
      "1211b003"
      "02004a006c"
      "04004c0194"
      "020051003c");
  ASSERT_EQ(pdu.items.size(), 1u);
  EXPECT_FALSE(pdu.items[0].s7any);
  EXPECT_EQ(pdu.items[0].syntax_id, kSyntaxDbRead);
  ASSERT_EQ(pdu.items[0].db_reads.size(), 3u);
  EXPECT_EQ(pdu.items[0].db_reads[0].db, 74);
  EXPECT_EQ(pdu.items[0].db_reads[0].start, 108);
  EXPECT_EQ(pdu.items[0].db_reads[0].length, 2);
  EXPECT_EQ(pdu.items[0].db_reads[2].db, 81);
}

TEST(S7commDecoder, ReadVarAckDataWithValuesInBitsAndBytes) {
  // snap7_s300_everything frame 56: lengths in bits (transport size 4) and bytes (9).
  S7Pdu pdu = decode_ok(
      "320300001b000002006400000405ff040080acde000daddeaddeaddeaddeaddeaddeff040080aaaaaaaaaaaa"
      "aaaabbbbbbbbbbbbbbbbff040080bbbbbbbbbbbbbbbbaddeaddeaddeaddeff09001000000000000000000000"
      "000000000000ff09001000110000000000000000000000000000");
  EXPECT_EQ(pdu.item_count, 5);
  ASSERT_EQ(pdu.data_items.size(), 5u);
  for (const DataItem& d : pdu.data_items) {
    EXPECT_EQ(d.return_code, 0xFF);
    EXPECT_EQ(d.byte_length, 16u);
  }
}

TEST(S7commDecoder, ReadVarAckDataWithFailedItemsCarriesNoValues) {
  // Snap7 server (s7ident frame 32): five items "object does not exist", length field 4, no data.
  S7Pdu pdu = decode_ok("320300000a0000020014000004050a0000040a0000040a0000040a0000040a000004");
  ASSERT_EQ(pdu.data_items.size(), 5u);
  EXPECT_EQ(pdu.data_items[4].return_code, 0x0A);
  EXPECT_EQ(pdu.data_items[4].byte_length, 0u);
}

TEST(S7commDecoder, WriteVarJobAndAckData) {
  // snap7_s300_everything frames 49-50: one REAL to MD16.
  S7Pdu job = decode_ok("320100001800000e00080501120a100800010000830000800007000479e9f642");
  EXPECT_EQ(job.function, fn::kWriteVar);
  ASSERT_EQ(job.items.size(), 1u);
  EXPECT_EQ(job.items[0].address, 0x80u);  // byte 16, bit 0
  ASSERT_EQ(job.data_items.size(), 1u);
  EXPECT_EQ(job.data_items[0].transport_size, 0x07);
  EXPECT_EQ(job.data_items[0].byte_length, 4u);
  // frame 54: three items written, two refused.
  S7Pdu ack = decode_ok("320300001a000002000500000505ffffff0303");
  EXPECT_EQ(ack.return_codes, (std::vector<std::uint8_t>{0xFF, 0xFF, 0xFF, 0x03, 0x03}));
}

TEST(S7commDecoder, RequestDownloadJob) {
  // s7comm_downloading_block_db1 frame 43: DB1, load memory 500 bytes, MC7 400 bytes.
  S7Pdu pdu = decode_ok(
      "320100000e00002000001a00010000000000095f30413030303031500d31303030353030303030343030");
  EXPECT_EQ(pdu.function, fn::kRequestDownload);
  ASSERT_TRUE(pdu.block.has_block);
  EXPECT_EQ(pdu.block.block.text(), "DB1");
  EXPECT_EQ(pdu.block.block.file_system, 'P');
  ASSERT_TRUE(pdu.block.has_lengths);
  EXPECT_EQ(pdu.block.load_memory_length, 500u);
  EXPECT_EQ(pdu.block.mc7_length, 400u);
}

TEST(S7commDecoder, DownloadBlockJobAndAckDataWithBlockBytes) {
  S7Pdu job = decode_ok("320100000100001200001b00000000000000095f3041303030303150");
  EXPECT_EQ(job.function, fn::kDownloadBlock);
  EXPECT_EQ(job.block.block.text(), "DB1");
  // s7comm_downloading_block_db1 frame 54: the PG's last part of the block (56 bytes).
  S7Pdu ack = decode_ok(
      "3203000005000002003c00001b00003800fb0401100c010000c7000504010000010100000052545749000000"
      "000054657374484d490044415441444200000100c0df0000000000000000");
  EXPECT_EQ(ack.function, fn::kDownloadBlock);
  EXPECT_EQ(ack.block.block_bytes, 56u);
}

TEST(S7commDecoder, DownloadEndedJob) {
  S7Pdu pdu = decode_ok("320100000700001200001c00000000000000095f3041303030303150");
  EXPECT_EQ(pdu.function, fn::kDownloadEnded);
  EXPECT_EQ(pdu.block.error_code, 0);
  EXPECT_EQ(pdu.block.block.text(), "DB1");
}

TEST(S7commDecoder, UploadSequence) {
  // snap7_s300_everything frames 17-22: SDB0 uploaded with upload id 7.
  S7Pdu start = decode_ok("320100000800001200001d00000000000000095f3042303030303041");
  EXPECT_EQ(start.function, fn::kStartUpload);
  EXPECT_EQ(start.block.block.text(), "SDB0");
  EXPECT_EQ(start.block.block.file_system, 'A');
  S7Pdu started = decode_ok("3203000008000010000000001d000100000000070730303030323136");
  EXPECT_EQ(started.block.upload_id, 7u);
  EXPECT_EQ(started.block.upload_length, "0000216");
  S7Pdu upload = decode_ok("320100000900000800001e00000000000007");
  EXPECT_EQ(upload.function, fn::kUpload);
  EXPECT_EQ(upload.block.upload_id, 7u);
  S7Pdu end = decode_ok("320100000a00000800001f00000000000007");
  EXPECT_EQ(end.function, fn::kEndUpload);
  EXPECT_EQ(end.block.upload_id, 7u);
}

TEST(S7commDecoder, PiServiceWithBlockList) {
  // s7comm_downloading_block_db1 frame 58: _INSE(DB1).
  S7Pdu pdu = decode_ok("320100000f00001a000028000000000000fd000a01003041303030303150055f494e5345");
  EXPECT_EQ(pdu.function, fn::kPiService);
  EXPECT_EQ(pdu.pi.service, "_INSE");
  ASSERT_EQ(pdu.pi.blocks.size(), 1u);
  EXPECT_EQ(pdu.pi.text(), "_INSE(DB1)");
}

TEST(S7commDecoder, PiServicesWithTextArguments) {
  // snap7_s300_everything frames 59, 61, 63: copy RAM to ROM, compress, cold restart.
  EXPECT_EQ(decode_ok("320100001d000012000028000000000000fd00024550055f4d4f4455").pi.text(),
            "_MODU(\"EP\")");
  EXPECT_EQ(decode_ok("320100001e000010000028000000000000fd0000055f47415242").pi.text(), "_GARB()");
  S7Pdu start = decode_ok("320100001f000016000028000000000000fd0002432009505f50524f4752414d");
  EXPECT_EQ(start.pi.service, "P_PROGRAM");
  EXPECT_EQ(start.pi.argument, "C ");
}

TEST(S7commDecoder, PlcStopJob) {
  // step7_s300_stop frame 1.
  S7Pdu pdu = decode_ok(
      "32010000350000100000290000000000"
      "09505f50524f4752414d");
  EXPECT_EQ(pdu.function, fn::kPlcStop);
  EXPECT_EQ(pdu.pi.service, "P_PROGRAM");
}

TEST(S7commDecoder, AckWithHeaderError) {
  // snap7_s300_everything frame 44: Start upload of OB0 refused with 0xD20C.
  S7Pdu pdu = decode_ok("32020000150000000000d20c");
  EXPECT_EQ(pdu.header.rosctr, 2);
  EXPECT_EQ(pdu.header.error(), 0xD20C);
  EXPECT_EQ(error_code_name(0xD20C), "OB cannot be copied: its priority class does not exist");
}

TEST(S7commDecoder, AckDataWithErrorAndNoParameter) {
  S7Pdu pdu = decode_ok("320300000900000000008104");
  EXPECT_EQ(pdu.header.error(), 0x8104);
  EXPECT_TRUE(pdu.parameter.empty());
}

TEST(S7commDecoder, UnknownJobFunctionIsDecodedNotFailed) {
  S7Pdu pdu = decode_ok(
      "32010000010000010000"
      "99");
  EXPECT_EQ(pdu.function, 0x99);
  EXPECT_FALSE(job_function(0x99).has_value());
}

// ---- Userdata ---------------------------------------------------------------------------------

TEST(S7commDecoder, UserDataRequestReadSzl) {
  // snap7_s300_everything frame 3: Read SZL 0x0011 index 0.
  S7Pdu pdu = decode_ok(
      "3207000001000008000800011204114401"
      "00ff09000400110000");
  const UserDataHeader& u = pdu.userdata;
  EXPECT_EQ(u.method, 0x11);
  EXPECT_EQ(userdata_kind(u.type), UserDataKind::Request);
  EXPECT_EQ(u.group, group::kCpu);
  EXPECT_EQ(u.subfunction, sub::kReadSzl);
  EXPECT_FALSE(u.extended);
  EXPECT_TRUE(u.has_data);
  EXPECT_EQ(u.return_code, 0xFF);
}

TEST(S7commDecoder, UserDataResponsePartWithDataUnitReference) {
  // snap7_s300_everything frame 6 (header and the first data bytes): part of a 2-part reply.
  S7Pdu pdu = decode_ok("320700000200000c00080001120812840102d5010000ff090004001c0000");
  const UserDataHeader& u = pdu.userdata;
  EXPECT_EQ(userdata_kind(u.type), UserDataKind::Response);
  EXPECT_TRUE(u.extended);
  EXPECT_EQ(u.data_unit_ref, 0xD5);
  EXPECT_FALSE(u.last_data_unit);
  EXPECT_EQ(u.error_code, 0);
}

TEST(S7commDecoder, UserDataResponseWithErrorCode) {
  // snap7_s300_everything frame 24: block info of DB0 refused with 0xD209.
  S7Pdu pdu = decode_ok("320700000b00000c000400011208128303000000d2090a000000");
  EXPECT_EQ(pdu.userdata.group, group::kBlock);
  EXPECT_EQ(pdu.userdata.error_code, 0xD209);
  EXPECT_EQ(pdu.userdata.return_code, 0x0A);
}

TEST(S7commDecoder, ModeTransitionPush) {
  // step7_s300_stop frame 4: the CPU reports STOP, with a parameter head of 01 00 10.
  S7Pdu pdu = decode_ok(
      "32070000000000080000"
      "0100101000000000");
  EXPECT_EQ(userdata_kind(pdu.userdata.type), UserDataKind::Push);
  EXPECT_EQ(pdu.userdata.group, group::kModeTransition);
  EXPECT_EQ(pdu.userdata.subfunction, 0);
  EXPECT_FALSE(pdu.userdata.has_data);
}

// ---- One fixture per error reason --------------------------------------------------------------

TEST(S7commDecoder, ErrorTooShort) {
  EXPECT_EQ(decode_error(""), S7Error::TooShort);
  EXPECT_EQ(decode_error("32"), S7Error::TooShort);
  EXPECT_EQ(decode_error("3201000000000000"), S7Error::TooShort);
  EXPECT_EQ(decode_error("32030000000000000000"), S7Error::TooShort);  // Ack_Data needs 12
}

TEST(S7commDecoder, ErrorBadProtocolId) {
  EXPECT_EQ(decode_error("72010000000000000000"), S7Error::BadProtocolId);
}

TEST(S7commDecoder, ErrorUnknownRosctr) {
  EXPECT_EQ(decode_error("32050000000000000000"), S7Error::UnknownRosctr);
}

TEST(S7commDecoder, ErrorLengthMismatch) {
  EXPECT_EQ(decode_error("32010000000000080000f0000001"), S7Error::LengthMismatch);
  EXPECT_EQ(decode_error("3201000000000001000404"), S7Error::LengthMismatch);
}

TEST(S7commDecoder, ErrorMissingFunction) {
  EXPECT_EQ(decode_error("32010000000000000000"), S7Error::MissingFunction);
  EXPECT_EQ(decode_error("320300000000000000000000"), S7Error::MissingFunction);
}

TEST(S7commDecoder, ErrorBadSetupCommunication) {
  EXPECT_EQ(decode_error("32010000000000040000f0000001"), S7Error::BadSetupCommunication);
}

TEST(S7commDecoder, ErrorTruncatedItem) {
  // Item count 2, one item present.
  EXPECT_EQ(decode_error("320100000000000e00000402120a10020010000083000000"),
            S7Error::TruncatedItem);
  // S7ANY specification shorter than its fields.
  EXPECT_EQ(decode_error("320100000000000800000401120410020010"), S7Error::TruncatedItem);
}

TEST(S7commDecoder, ErrorTruncatedDataItem) {
  // Read Var Ack_Data announcing 16 bytes of value, 2 present.
  EXPECT_EQ(decode_error("320300000000000200060000"
                         "0401"
                         "ff040080acde"),
            S7Error::TruncatedDataItem);
  // Write Var Ack_Data with 2 items and one return code.
  EXPECT_EQ(decode_error("320300000000000200010000"
                         "0502"
                         "ff"),
            S7Error::TruncatedDataItem);
}

TEST(S7commDecoder, ErrorBadBlockControl) {
  // Request download whose file name length (9) runs past the parameter.
  EXPECT_EQ(decode_error("320100000000000d0000"
                         "1a00010000000000095f304130"),
            S7Error::BadBlockControl);
  EXPECT_EQ(decode_error("32010000000000030000"
                         "1f0000"),
            S7Error::BadBlockControl);
}

TEST(S7commDecoder, ErrorBadPiService) {
  // Service name length 9 with 3 bytes present.
  EXPECT_EQ(decode_error("320100000000000e0000"
                         "28000000000000fd0000095f4741"),
            S7Error::BadPiService);
  EXPECT_EQ(decode_error("32010000000000040000"
                         "29000000"),
            S7Error::BadPiService);
}

TEST(S7commDecoder, ErrorUserDataParameterTooShort) {
  EXPECT_EQ(decode_error("32070000000000040000"
                         "00011204"),
            S7Error::UserDataParamTooShort);
}

TEST(S7commDecoder, ErrorUserDataTruncated) {
  // Data header announcing 4 bytes, 2 present.
  EXPECT_EQ(decode_error("32070000000000080006"
                         "0001120411440100"
                         "ff0900040011"),
            S7Error::UserDataTruncated);
  EXPECT_EQ(decode_error("32070000000000080002"
                         "0001120411440100"
                         "ff09"),
            S7Error::UserDataTruncated);
}

TEST(S7commDecoder, ErrorKindsAreStable) {
  EXPECT_EQ(s7_error_kind(S7Error::LengthMismatch), "length_mismatch");
  EXPECT_EQ(s7_error_kind(S7Error::UserDataTruncated), "userdata_truncated");
}

TEST(S7commDecoder, BlockIdRejectsNonDigits) {
  BlockId b;
  EXPECT_TRUE(parse_block_id(hex("3045303030313241"), b));
  EXPECT_EQ(b.text(), "FB12");
  EXPECT_FALSE(parse_block_id(hex("3045303030413241"), b));  // "0A" among the digits
  EXPECT_FALSE(parse_block_id(hex("304530303031"), b));
}

}  // namespace
}  // namespace otscope::s7
