// IEC 104 APDUs decoded from the bytes of real conversations (TestDissectIec104.pcap,
// 090813_diverse.pcap in ../shared/pcaps/other, frame numbers in the names) and from the
// specification's formats, one test per error reason; the framing policy; the probe.
#include "protocols/iec104/decoder.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "protocols/iec104/iec104.h"
#include "tests/support/test_support.h"

namespace otscope::iec104 {
namespace {

using otscope::test::hex;

/// Decodes `h`; the APDU's views point into bytes kept until the end of the test program.
Apdu decoded(const std::string& h, ApduError expect = ApduError::None) {
  static std::deque<std::vector<std::uint8_t>> kept;
  const std::vector<std::uint8_t>& bytes = kept.emplace_back(hex(h));
  Apdu apdu;
  EXPECT_EQ(decode_apdu(bytes, apdu), expect) << h;
  return apdu;
}

std::vector<std::uint32_t> ioas(const Apdu& apdu) {
  std::vector<std::uint32_t> out;
  ObjectCursor c(apdu.asdu);
  InfoObject o;
  while (c.next(o)) out.push_back(o.ioa);
  return out;
}

TEST(Iec104Apci, UFramesNameTheirFunction) {
  EXPECT_EQ(decoded("680407000000").apci.u_function, ufn::kStartDtAct);  // frame 4
  EXPECT_EQ(decoded("68040b000000").apci.u_function, ufn::kStartDtCon);  // frame 5
  EXPECT_EQ(decoded("680413000000").apci.u_function, ufn::kStopDtAct);
  EXPECT_EQ(decoded("680423000000").apci.u_function, ufn::kStopDtCon);
  EXPECT_EQ(decoded("680443000000").apci.u_function, ufn::kTestFrAct);
  const Apdu con = decoded("680483000000");
  EXPECT_EQ(con.apci.format, FrameFormat::U);
  EXPECT_EQ(con.apci.u_function, ufn::kTestFrCon);
  EXPECT_EQ(u_function_code(ufn::kTestFrCon), 0x120u);
  EXPECT_EQ(u_function_name(ufn::kStartDtAct), "STARTDT act");
}

TEST(Iec104Apci, SFrameCarriesTheReceiveSequenceNumber) {
  const Apdu s = decoded("680401000a00");  // frame 115: S (5)
  EXPECT_EQ(s.apci.format, FrameFormat::S);
  EXPECT_EQ(s.apci.recv_seq, 5);
}

TEST(Iec104Asdu, InterrogationCommand) {
  // Frame 109: I (0,1) C_IC_NA_1 act, common address 37133, IOA 0, QOI 20 (station).
  const Apdu a = decoded("680e00000200640106000d9100000014");
  EXPECT_EQ(a.apci.format, FrameFormat::I);
  EXPECT_EQ(a.apci.send_seq, 0);
  EXPECT_EQ(a.apci.recv_seq, 1);
  EXPECT_EQ(a.asdu.type, 100);
  ASSERT_NE(a.asdu.info, nullptr);
  EXPECT_EQ(a.asdu.info->name, "C_IC_NA_1");
  EXPECT_EQ(a.asdu.cause, cot::kActivation);
  EXPECT_EQ(a.asdu.common_address, 37133);
  EXPECT_EQ(ioas(a), std::vector<std::uint32_t>{0});
}

TEST(Iec104Asdu, SequenceOfElementsAtConsecutiveAddresses) {
  // Frame 110: M_SP_NA_1 inrogen, SQ=1, 9 objects from IOA 10010.
  const Apdu a = decoded("681604000200018914000d911a2700d0808080c080808080");
  EXPECT_TRUE(a.asdu.sequence);
  EXPECT_EQ(a.asdu.count, 9);
  EXPECT_EQ(a.asdu.cause, cot::kInterrogatedGeneral);
  EXPECT_EQ(ioas(a), (std::vector<std::uint32_t>{10010, 10011, 10012, 10013, 10014, 10015, 10016,
                                                 10017, 10018}));
}

TEST(Iec104Asdu, ObjectsEachWithTheirAddress) {
  // 090813_diverse frame 1: M_ME_NC_1 periodic, two floats at IOA 1300 and 1301.
  const Apdu a = decoded("681a9a0028000d02010003001405000000f041001505000000314400");
  EXPECT_FALSE(a.asdu.sequence);
  EXPECT_EQ(a.asdu.cause, cot::kPeriodic);
  EXPECT_EQ(a.asdu.common_address, 3);
  EXPECT_EQ(ioas(a), (std::vector<std::uint32_t>{1300, 1301}));
}

TEST(Iec104Asdu, SingleCommandSelectAndNegativeConfirmation) {
  // Frame 124: C_SC_NA_1 act, originator 1, IOA 10010, SCO 0x81: select ON.
  const Apdu a = decoded("680e04000e002d0106010d911a270081");
  EXPECT_EQ(a.asdu.originator, 1);
  InfoObject o;
  ObjectCursor c(a.asdu);
  ASSERT_TRUE(c.next(o));
  CommandValue v;
  ASSERT_TRUE(command_value(a.asdu.info->value, o.element, v));
  EXPECT_TRUE(v.select);
  EXPECT_TRUE(v.is_operation);
  EXPECT_EQ(v.value, 1);
  EXPECT_EQ(v.label, "ON");
  // Frame 118: C_DC_NA_1 actcon with P/N set (refused).
  const Apdu neg = decoded("680e0a0004002e0147010d91983a0082");
  EXPECT_TRUE(neg.asdu.negative);
  EXPECT_EQ(neg.asdu.cause, cot::kActivationCon);
  // Frame 133: C_SC_NA_1 act with the test bit.
  EXPECT_TRUE(decoded("680e080014002d0186020d91ce560081").asdu.test);
}

TEST(Iec104Asdu, SetPointFloatWithTimeTag) {
  // 090813_diverse frame 51: C_SE_NC_1 act, IOA 5020, 12.0, QOS select.
  const Apdu a = decoded("68123400b0003201060003009c13000000404180");
  EXPECT_EQ(a.asdu.type, 50);
  InfoObject o;
  ObjectCursor c(a.asdu);
  ASSERT_TRUE(c.next(o));
  EXPECT_EQ(o.ioa, 5020u);
  CommandValue v;
  ASSERT_TRUE(command_value(a.asdu.info->value, o.element, v));
  EXPECT_EQ(v.value, 12.0);
  EXPECT_TRUE(v.select);
  EXPECT_FALSE(v.is_operation);
  // Frame 9: C_SC_TA_1 (single command with CP56Time2a), IOA 4501.
  const Apdu t = decoded("681528009c003a010600030095110081080017130d086d");
  EXPECT_TRUE(t.asdu.info->time_tag);
  EXPECT_EQ(ioas(t), std::vector<std::uint32_t>{4501});
}

TEST(Iec104Asdu, ScaledAndNormalizedSetPoints) {
  CommandValue v;
  const std::vector<std::uint8_t> scaled = {0x18, 0xFC, 0x00};  // -1000, execute
  ASSERT_TRUE(command_value(ValueCoding::Scaled, scaled, v));
  EXPECT_EQ(v.value, -1000);
  EXPECT_FALSE(v.select);
  const std::vector<std::uint8_t> normalized = {0x00, 0x40, 0x80};  // 0.5, select
  ASSERT_TRUE(command_value(ValueCoding::Normalized, normalized, v));
  EXPECT_EQ(v.value, 0.5);
  EXPECT_TRUE(v.select);
  const std::vector<std::uint8_t> step = {0x02};
  ASSERT_TRUE(command_value(ValueCoding::StepCommand, step, v));
  EXPECT_EQ(v.label, "HIGHER");
}

TEST(Iec104Errors, OneReasonEach) {
  decoded("680407010000", ApduError::BadControlField);    // U with a set bit in octet 2
  decoded("680402000100", ApduError::BadControlField);    // I with an odd octet 3
  decoded("680401010000", ApduError::BadControlField);    // S with octet 2 set
  decoded("680417000000", ApduError::BadUFunction);       // STARTDT act and STOPDT act together
  decoded("680403000000", ApduError::BadUFunction);       // U with no function
  decoded("68050700000000", ApduError::BadUFrameLength);  // U with an extra octet
  decoded("6805010002000000", ApduError::BadStart);       // length says 5, 6 follow
  decoded("68050100020000", ApduError::BadSFrameLength);  // S with an extra octet
  decoded("680618181818181818", ApduError::BadStart);     // length 6, 7 follow
  decoded("6806181818181818", ApduError::AsduTooShort);   // I frame with 2 ASDU octets
  decoded("680e00000200640006000d9100000014", ApduError::NoObjects);
  decoded("680f00000200640106000d910000001400", ApduError::AsduLength);
  decoded("680d00000200640106000d91000000", ApduError::AsduLength);
}

TEST(Iec104Errors, UnknownTypeIsDecodedWithoutObjects) {
  const Apdu u = decoded("680e00000200d90106000d9100000014");  // 217: no standard type
  EXPECT_EQ(u.asdu.info, nullptr);
  EXPECT_TRUE(ioas(u).empty());
}

TEST(Iec104Codes, EveryStandardTypeHasANameAndSize) {
  int known = 0;
  for (int id = 0; id < 256; ++id) {
    const TypeInfo* t = type_info(static_cast<std::uint8_t>(id));
    if (t == nullptr) continue;
    ++known;
    EXPECT_EQ(t->id, id);
    EXPECT_EQ(t->name.size(), 9u) << t->name;
  }
  EXPECT_EQ(known, 67);
  EXPECT_EQ(type_info(45)->op, OpClass::Control);
  EXPECT_EQ(type_info(105)->kind, TypeKind::ResetProcess);
  EXPECT_EQ(cause_name(3), "spont");
  EXPECT_EQ(cause_name(25), "inro5");
  EXPECT_EQ(cause_name(41), "reqco4");
  EXPECT_TRUE(cause_name(63).empty());
}

TEST(Iec104Framing, CutsAndHunts) {
  const std::vector<std::uint8_t> stream =
      hex("680407000000"
          "0102"
          "680e00000200640106000d9100000014"
          "680401000200");
  std::vector<std::size_t> sizes;
  std::size_t skipped = 0;
  auto out = frame_callbacks([&](Bytes m) { sizes.push_back(m.size()); },
                             [&](const ApduFramer::Run& r) { skipped += r.skipped; });
  // Split at every offset: the same APDUs and the same skipped bytes.
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    sizes.clear();
    skipped = 0;
    ApduFramer framer;
    framer.push(Bytes(stream).first(cut), out);
    framer.push(Bytes(stream).subspan(cut), out);
    EXPECT_EQ(sizes, (std::vector<std::size_t>{6, 16, 6})) << cut;
    EXPECT_EQ(skipped, 2u) << cut;
  }
}

TEST(Iec104Probe, ClaimsApdusAndNothingElse) {
  const ProtocolDescriptor& d = descriptor();
  auto probe = [&](const std::string& h, Transport t = Transport::Tcp) {
    const std::vector<std::uint8_t> b = hex(h);
    return d.probe(b, t);
  };
  EXPECT_EQ(probe("680407000000"), ProbeResult::Match);
  EXPECT_EQ(probe("680e00000200640106000d9100000014"), ProbeResult::Match);
  EXPECT_EQ(probe("680401000200"), ProbeResult::Match);
  EXPECT_EQ(probe("68"), ProbeResult::NeedMore);
  EXPECT_EQ(probe("680e0000"), ProbeResult::NeedMore);
  EXPECT_EQ(probe("680407000000"), ProbeResult::Match);
  EXPECT_EQ(probe("680407000000", Transport::Udp), ProbeResult::NoMatch);
  EXPECT_EQ(probe("680407000000ff"), ProbeResult::NoMatch);                // no APDU follows
  EXPECT_EQ(probe("68656c6c6f20776f726c64"), ProbeResult::NoMatch);        // "hello world"
  EXPECT_EQ(probe("474554202f20485454502f312e31"), ProbeResult::NoMatch);  // HTTP
  EXPECT_EQ(probe("16030100a5010000a10303"), ProbeResult::NoMatch);        // TLS
  EXPECT_EQ(probe("000100000006010300000002"), ProbeResult::NoMatch);      // Modbus
  EXPECT_EQ(probe("0300001611e00000000700c1020100c2020102c0010a"), ProbeResult::NoMatch);
  EXPECT_EQ(probe("056405c901000000"), ProbeResult::NoMatch);                  // DNP3
  EXPECT_EQ(probe("680e00000200d90106000d9100000014"), ProbeResult::NoMatch);  // type 217
  EXPECT_EQ(probe("680e00000200640006000d9100000014"), ProbeResult::NoMatch);  // no objects
}

}  // namespace
}  // namespace otscope::iec104
