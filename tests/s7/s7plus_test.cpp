// S7comm-plus: frames with and without trailer, split PDUs, V3 integrity digests, opcode headers,
// operation classification, the PLC identity in the session-setup reply, and the error reasons.
#include "protocols/s7/s7plus.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace otscope::s7 {
namespace {

using otscope::test::hex;

// S7-1511_db2_var1_HMI frame 7 (after TPKT/COTP): the PLC's CreateObject reply opening the
// session, with "1;6ES7 511-1AK00-0AB0;V1.0" among its attributes.
const std::string kCreateObjectReply =
    "720100c832000004ca0000000136000287088709a100000120821f0100a38169001500a3822b00048280808000a3"
    "822d0015104f4d53502e52454c2e353034312e3233a3822f10021427ab8fbbf5932317cd6959f04976658f7313"
    "522aa3823200170000013a823b00048240823c00048240823d000484818040823e000484818040823f00151a31"
    "3b36455337203531312d31414b30302d304142303b56312e30824000151a313b36455337203531312d31414b30"
    "302d304142303b56312e3082410003000300a20000000072010000";
// s7comm_plus frame 2: a V3 notification with its 32-byte digest.
const std::string kV3Notification =
    "720300622008c83ace381dfdbc42201789dec03b099172858efb6f3ef2e5e8ecb8bd2546653370000e5104000000"
    "0000c98ec148019200000005000e41aa70aa9200000019000e417e538e920000001a000e41467956920000001b"
    "000e4193eb85000000000072030000";

struct Whole {
  std::vector<std::uint8_t> bytes;
  S7PlusFrame frame;
  S7PlusPdu pdu;
};

Whole decode(const std::string& text) {
  Whole w;
  w.bytes = hex(text);
  EXPECT_EQ(decode_s7plus_frame(w.bytes, w.frame), S7PlusError::None);
  EXPECT_TRUE(w.frame.has_trailer);
  EXPECT_EQ(decode_s7plus_pdu(w.frame.version, w.frame.data, w.pdu), S7PlusError::None);
  return w;
}

std::string fact(const std::vector<IdentityFact>& facts, const std::string& field) {
  for (const IdentityFact& f : facts)
    if (f.field == field) return f.value;
  return "";
}

TEST(S7Plus, SessionSetupReplyGivesThePlcIdentity) {
  Whole w = decode(kCreateObjectReply);
  EXPECT_EQ(w.pdu.version, 1);
  EXPECT_EQ(w.pdu.opcode, s7p::kResponse);
  ASSERT_TRUE(w.pdu.has_function);
  EXPECT_EQ(w.pdu.function, s7p::kCreateObject);
  EXPECT_EQ(w.pdu.sequence, 1);
  EXPECT_FALSE(w.pdu.has_session);
  const auto facts = s7plus_identity(w.pdu);
  EXPECT_EQ(fact(facts, "order_number"), "6ES7 511-1AK00-0AB0");
  EXPECT_EQ(fact(facts, "firmware"), "V1.0");
  EXPECT_EQ(fact(facts, "model"), "S7-1500");
  EXPECT_EQ(fact(facts, "vendor"), "Siemens");
  const S7PlusOperation op = s7plus_operation(w.pdu);
  EXPECT_EQ(op.info.name, "CreateObject");
  EXPECT_EQ(op.info.op, OpClass::Session);
  EXPECT_EQ(op.detail, "session setup");
}

TEST(S7Plus, IdentityStringWithPaddedOrderNumber) {
  // The S7-1200 pads the order number: "1;6ES7 214-1HE30-0XB0 ;V2.2" (S7-1200-Uploading frame 8).
  S7PlusPdu pdu;
  const auto body = hex("a3823f00151b313b36455337203231342d31484533302d30584230203b56322e32");
  pdu.body = body;
  const auto facts = s7plus_identity(pdu);
  EXPECT_EQ(fact(facts, "order_number"), "6ES7 214-1HE30-0XB0");
  EXPECT_EQ(fact(facts, "firmware"), "V2.2");
  EXPECT_EQ(fact(facts, "model"), "S7-1200");
}

TEST(S7Plus, StringsThatAreNoIdentityAreIgnored) {
  S7PlusPdu pdu;
  // "ServerSession_10000000" and "1:::6.32::" (the HMI's own strings) match nothing.
  const auto body =
      hex("a38169001516"
          "53657276657253657373696f6e5f3130303030303030"
          "a3822100150a313a3a3a362e33323a3a");
  pdu.body = body;
  EXPECT_TRUE(s7plus_identity(pdu).empty());
}

TEST(S7Plus, V3NotificationIsIntegrityProtected) {
  Whole w = decode(kV3Notification);
  EXPECT_EQ(w.pdu.version, 3);
  EXPECT_TRUE(w.pdu.integrity);
  EXPECT_EQ(w.pdu.opcode, s7p::kNotification);
  EXPECT_FALSE(w.pdu.has_function);
  EXPECT_EQ(w.pdu.object_id, 0x70000E51u);
  EXPECT_EQ(s7plus_operation(w.pdu).info.op, OpClass::Unsolicited);
}

TEST(S7Plus, RequestHeaderAndSessionOperations) {
  // S7-1511_db2_var1_HMI frame 36: DeleteObject of the session object 0x388 (closing it).
  Whole del = decode(
      "7202004c31000004d40000000900000388340000038800000004e8896900120000000089"
      "6a001300896b000400000320d3380600f12b78f7779d74d6e9378f46ecec23e4bed36648df"
      "fa83448ab5827f72020000");
  EXPECT_EQ(del.pdu.opcode, s7p::kRequest);
  EXPECT_EQ(del.pdu.function, s7p::kDeleteObject);
  EXPECT_EQ(del.pdu.sequence, 9);
  ASSERT_TRUE(del.pdu.has_session);
  EXPECT_EQ(del.pdu.session_id, 0x388u);
  EXPECT_EQ(del.pdu.object_id, 0x388u);
  EXPECT_EQ(s7plus_operation(del.pdu).info.op, OpClass::Session);
  EXPECT_EQ(s7plus_operation(del.pdu).detail, "session close");
  // The same function on another object deletes something in the PLC.
  del.pdu.object_id = 0x00010003;
  EXPECT_EQ(s7plus_operation(del.pdu).info.op, OpClass::Program);
}

TEST(S7Plus, SetVariableOnTheCpuExecutionUnitChangesTheMode) {
  S7PlusPdu pdu;
  pdu.version = 2;
  pdu.readable = true;
  pdu.opcode = s7p::kRequest;
  pdu.has_function = true;
  pdu.function = s7p::kSetVariable;
  pdu.has_session = true;
  pdu.session_id = 0x388;
  pdu.has_object = true;
  pdu.object_id = s7p::kCpuExecUnitObject;
  EXPECT_EQ(s7plus_operation(pdu).info.op, OpClass::ModeChange);
  pdu.object_id = 0x70000E51;
  EXPECT_EQ(s7plus_operation(pdu).info.op, OpClass::Write);
}

TEST(S7Plus, UnknownOpcodeIsCountedNotFailed) {
  // TLS-protected content after the header: nothing to read, but a PDU all the same.
  S7PlusPdu pdu;
  EXPECT_EQ(decode_s7plus_pdu(3,
                              hex("00"
                                  "17030300aabbccdd"),
                              pdu),
            S7PlusError::None);
  EXPECT_FALSE(pdu.readable);
  EXPECT_EQ(s7plus_operation(pdu).info.name, kS7plusUnreadable.name);
  EXPECT_EQ(decode_s7plus_pdu(2, hex("17030300aabbccdd"), pdu), S7PlusError::None);
  EXPECT_FALSE(pdu.readable);
}

TEST(S7Plus, SplitPduIsReassembledFromItsFrames) {
  S7PlusReassembler r;
  S7PlusFrame f1;
  S7PlusFrame f2;
  S7PlusFrame f3;
  const auto b1 =
      hex("72020006"
          "310000054c00");
  const auto b2 =
      hex("72020003"
          "000007");
  const auto b3 =
      hex("72020005"
          "000003c034"
          "72020000");
  ASSERT_EQ(decode_s7plus_frame(b1, f1), S7PlusError::None);
  ASSERT_EQ(decode_s7plus_frame(b2, f2), S7PlusError::None);
  ASSERT_EQ(decode_s7plus_frame(b3, f3), S7PlusError::None);
  EXPECT_FALSE(f1.has_trailer);
  EXPECT_TRUE(f3.has_trailer);
  Bytes data;
  std::uint8_t version = 0;
  EXPECT_EQ(r.add(f1, data, version), S7PlusReassembler::Result::Part);
  EXPECT_EQ(r.add(f2, data, version), S7PlusReassembler::Result::Part);
  ASSERT_EQ(r.add(f3, data, version), S7PlusReassembler::Result::Complete);
  EXPECT_EQ(version, 2);
  S7PlusPdu pdu;
  ASSERT_EQ(decode_s7plus_pdu(version, data, pdu), S7PlusError::None);
  EXPECT_EQ(pdu.function, s7p::kGetMultiVariables);
  EXPECT_EQ(pdu.sequence, 7);
  EXPECT_EQ(pdu.session_id, 0x3C0u);
  // A whole frame after that stands alone.
  EXPECT_EQ(r.add(f3, data, version), S7PlusReassembler::Result::Whole);
}

TEST(S7Plus, FrameErrorReasons) {
  S7PlusFrame f;
  EXPECT_EQ(decode_s7plus_frame(hex(""), f), S7PlusError::TooShort);
  EXPECT_EQ(decode_s7plus_frame(hex("7202"), f), S7PlusError::TooShort);
  EXPECT_EQ(decode_s7plus_frame(hex("32020000"), f), S7PlusError::BadProtocolId);
  EXPECT_EQ(decode_s7plus_frame(hex("72020010"
                                    "3100"),
                                f),
            S7PlusError::LengthMismatch);
  EXPECT_EQ(decode_s7plus_frame(hex("72020001"
                                    "31"
                                    "7202"),
                                f),
            S7PlusError::LengthMismatch);
  EXPECT_EQ(decode_s7plus_frame(hex("72020001"
                                    "31"
                                    "32020000"),
                                f),
            S7PlusError::BadTrailer);
  EXPECT_EQ(decode_s7plus_frame(hex("72020001"
                                    "31"
                                    "72020005"),
                                f),
            S7PlusError::BadTrailer);
  EXPECT_EQ(s7plus_error_kind(S7PlusError::BadTrailer), "bad_trailer");
}

TEST(S7Plus, PduErrorReasons) {
  S7PlusPdu pdu;
  EXPECT_EQ(decode_s7plus_pdu(2, {}, pdu), S7PlusError::TooShort);
  EXPECT_EQ(decode_s7plus_pdu(3, hex("20aabb"), pdu), S7PlusError::BadDigest);
  EXPECT_EQ(decode_s7plus_pdu(3, hex("00"), pdu), S7PlusError::TooShort);
  EXPECT_EQ(decode_s7plus_pdu(2, hex("310000054c0000"), pdu), S7PlusError::TruncatedHeader);
  EXPECT_EQ(decode_s7plus_pdu(2, hex("320000054c"), pdu), S7PlusError::TruncatedHeader);
  EXPECT_EQ(decode_s7plus_pdu(2, hex("33700000"), pdu), S7PlusError::TruncatedHeader);
}

}  // namespace
}  // namespace otscope::s7
