// BACnet/IP decoders on datagrams built from ASHRAE 135 and copied from bacnet_test.pcap: one
// test per layer, one per error reason.
#include "protocols/bacnet/decoder.h"

#include <gtest/gtest.h>

#include "protocols/bacnet/bacnet.h"
#include "protocols/bacnet/codes.h"
#include "tests/bacnet/bacnet_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope::bacnet {
namespace {

using test::hex;

// Datagrams the decoded spans point into, kept for the whole test program.
const std::vector<std::uint8_t>& held(const char* text) {
  static std::vector<std::vector<std::uint8_t>> kept;
  kept.reserve(64);
  return kept.emplace_back(hex(text));
}

// The APDU of a datagram that carries one; `datagram` must outlive the result's body.
Apdu apdu_of(const std::vector<std::uint8_t>& datagram) {
  Bvlc bvlc;
  EXPECT_EQ(decode_bvlc(datagram, bvlc), Error::None);
  EXPECT_TRUE(bvlc.npdu.has_value());
  Npdu npdu;
  EXPECT_EQ(decode_npdu(*bvlc.npdu, npdu), Error::None);
  Apdu a;
  EXPECT_EQ(decode_apdu(npdu.payload, a), Error::None);
  return a;
}

TEST(BacnetDecoder, ReadPropertyAckFromTheCaptureNamesTheModelInUcs2) {
  const auto d = hex(fixtures::kModelNameAck);
  Bvlc bvlc;
  ASSERT_EQ(decode_bvlc(d, bvlc), Error::None);
  EXPECT_EQ(bvlc.function, kOriginalUnicast);
  EXPECT_EQ(bvlc.length, 45);
  Npdu npdu;
  ASSERT_EQ(decode_npdu(*bvlc.npdu, npdu), Error::None);
  EXPECT_FALSE(npdu.network_message);
  Apdu a;
  ASSERT_EQ(decode_apdu(npdu.payload, a), Error::None);
  EXPECT_EQ(a.type, kComplexAck);
  EXPECT_EQ(a.invoke_id, 1);
  EXPECT_EQ(a.service, kReadProperty);
  PropertyValue p;
  ASSERT_EQ(decode_read_property_ack(a.body, p), Error::None);
  EXPECT_EQ(p.object.type, kObjectDevice);
  EXPECT_EQ(p.object.instance, 4194303u);
  EXPECT_EQ(p.property, kPropModelName);
  EXPECT_EQ(p.value.text(), "MS-NAE4510-2");
}

TEST(BacnetDecoder, BvlcWithoutNpdu) {
  Bvlc bvlc;
  ASSERT_EQ(decode_bvlc(hex(fixtures::kRegisterForeignDevice), bvlc), Error::None);
  EXPECT_EQ(bvlc.function, kRegisterForeignDevice);
  EXPECT_FALSE(bvlc.npdu.has_value());
}

TEST(BacnetDecoder, ForwardedNpduSkipsTheOriginalAddress) {
  const auto datagram = hex("810400 0e c0a80101bac0 0100 1008");
  Bvlc bvlc;
  ASSERT_EQ(decode_bvlc(datagram, bvlc), Error::None);
  ASSERT_TRUE(bvlc.npdu.has_value());
  EXPECT_EQ(test::hex("0100 1008"),
            std::vector<std::uint8_t>(bvlc.npdu->begin(), bvlc.npdu->end()));
}

TEST(BacnetDecoder, NpduWithDestinationAndSource) {
  // Control 0x28: DNET 5 (MAC 0x0A), SNET 7 (MAC 0x01 0x02), hop count 255, then Who-Is.
  Npdu npdu;
  ASSERT_EQ(decode_npdu(hex("01 28 0005 01 0a 0007 02 0102 ff 1008"), npdu), Error::None);
  EXPECT_EQ(npdu.dnet, 5);
  EXPECT_EQ(npdu.snet, 7);
  EXPECT_EQ(npdu.hop_count, 255);
  EXPECT_EQ(npdu.payload.size(), 2u);
}

TEST(BacnetDecoder, NetworkLayerMessage) {
  const auto datagram = hex(fixtures::kWhoIsRouter);
  Bvlc bvlc;
  ASSERT_EQ(decode_bvlc(datagram, bvlc), Error::None);
  Npdu npdu;
  ASSERT_EQ(decode_npdu(*bvlc.npdu, npdu), Error::None);
  EXPECT_TRUE(npdu.network_message);
  EXPECT_EQ(npdu.message_type, 0);
}

TEST(BacnetDecoder, IAm) {
  const Apdu a = apdu_of(held(fixtures::kIAm));
  EXPECT_EQ(a.type, kUnconfirmedRequest);
  EXPECT_EQ(a.service, kIAm);
  IAm iam;
  ASSERT_EQ(decode_i_am(a.body, iam), Error::None);
  EXPECT_EQ(iam.device.type, kObjectDevice);
  EXPECT_EQ(iam.device.instance, 500u);
  EXPECT_EQ(iam.max_apdu, 1476u);
  EXPECT_EQ(iam.segmentation, 0u);
  EXPECT_EQ(iam.vendor_id, 5u);
  EXPECT_EQ(vendor_name(iam.vendor_id), "Johnson Controls, Inc.");
}

TEST(BacnetDecoder, WritePropertyWithPriority) {
  const Apdu a = apdu_of(held(fixtures::kWritePriority1));
  EXPECT_EQ(a.type, kConfirmedRequest);
  EXPECT_EQ(a.invoke_id, 7);
  PropertyValue p;
  ASSERT_EQ(decode_write_property(a.body, p), Error::None);
  EXPECT_EQ(p.object.type, 1);  // analog-output
  EXPECT_EQ(p.object.instance, 1u);
  EXPECT_EQ(p.property, kPropPresentValue);
  EXPECT_EQ(p.priority, 1);
  EXPECT_EQ(p.value.number(), 100.0);
}

TEST(BacnetDecoder, WritePropertyMultiple) {
  // analog-output,1 present-value 1.5 priority 2; binary-output,4 present-value active.
  const auto body =
      hex("0c00400001 1e 0955 2e 443fc00000 2f 3902 1f 0c01000004 1e 0955 2e 9101 2f 1f");
  std::vector<PropertyValue> list;
  ASSERT_EQ(decode_write_property_multiple(body, list), Error::None);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].priority, 2);
  EXPECT_EQ(list[0].value.number(), 1.5);
  EXPECT_EQ(list[1].object.type, 4);
  EXPECT_FALSE(list[1].priority.has_value());
  EXPECT_EQ(list[1].value.number(), 1.0);
}

TEST(BacnetDecoder, ReinitializeAndCommunicationControl) {
  std::uint32_t state = 99, minutes = 99;
  ASSERT_EQ(decode_reinitialize_device(apdu_of(held(fixtures::kReinitColdstart)).body, state),
            Error::None);
  EXPECT_EQ(reinitialize_state_name(state), "coldstart");
  ASSERT_EQ(decode_communication_control(apdu_of(held(fixtures::kDccDisable)).body, state, minutes),
            Error::None);
  EXPECT_EQ(state, 1u);
  EXPECT_EQ(minutes, 5u);
  ASSERT_EQ(decode_communication_control(apdu_of(held(fixtures::kDccDisableInitiation)).body, state,
                                         minutes),
            Error::None);
  EXPECT_EQ(communication_state_name(state), "disable-initiation");
  EXPECT_EQ(minutes, 0u);
}

TEST(BacnetDecoder, ErrorPdu) {
  const Apdu a = apdu_of(held(fixtures::kErrorUnknownProperty));
  EXPECT_EQ(a.type, kError);
  EXPECT_EQ(a.service, kReadProperty);
  std::uint32_t cls = 0, code = 0;
  ASSERT_EQ(decode_error(a.body, cls, code), Error::None);
  EXPECT_EQ(cls, 2u);
  EXPECT_EQ(code, 32u);
}

TEST(BacnetDecoder, ReadPropertyMultipleAckKeepsValuesAndSkipsErrors) {
  std::vector<PropertyValue> list;
  ASSERT_EQ(decode_read_property_multiple_ack(apdu_of(held(fixtures::kRpmAck)).body, list),
            Error::None);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].object.instance, 500u);
  EXPECT_EQ(list[0].property, kPropModelName);
  EXPECT_EQ(list[0].value.text(), "ABCD");
}

TEST(BacnetDecoder, CharacterSets) {
  Value v;
  v.present = true;
  v.tag = kTagCharacterString;
  const auto latin1 = hex("05 4d fc 6e");  // ISO 8859-1 "Mün"
  v.bytes = latin1;
  EXPECT_EQ(v.text(), "M\xc3\xbcn");
  const auto bad = hex("00 41 ff 42");  // invalid UTF-8 byte
  v.bytes = bad;
  EXPECT_EQ(v.text(), "A?B");
  const auto dbcs = hex("01 0000 41");
  v.bytes = dbcs;
  EXPECT_FALSE(v.text().has_value());
}

TEST(BacnetDecoder, OneErrorPerReason) {
  Bvlc bvlc;
  EXPECT_EQ(decode_bvlc(hex("81 0a 00"), bvlc), Error::Truncated);
  EXPECT_EQ(decode_bvlc(hex("82 0a 0008 0100 1008"), bvlc), Error::BadBvlcType);
  EXPECT_EQ(decode_bvlc(hex("81 0a 0009 0100 1008"), bvlc), Error::BadBvlcLength);
  EXPECT_EQ(decode_bvlc(hex("81 04 0008 0100 1008"), bvlc), Error::Truncated);
  Npdu npdu;
  EXPECT_EQ(decode_npdu(hex("02 00 1008"), npdu), Error::BadNpduVersion);
  EXPECT_EQ(decode_npdu(hex("01 20 0005 06 0a"), npdu), Error::BadNpdu);
  EXPECT_EQ(decode_npdu(hex("01 08 0005 00 1008"), npdu), Error::BadNpdu);
  EXPECT_EQ(decode_npdu(hex("01"), npdu), Error::Truncated);
  Apdu a;
  EXPECT_EQ(decode_apdu(hex("90 01 02"), a), Error::BadApduType);
  EXPECT_EQ(decode_apdu(hex("00 05"), a), Error::Truncated);
  PropertyValue p;
  EXPECT_EQ(decode_read_property_ack(hex("0c 02 00 01"), p), Error::BadTag);
  EXPECT_EQ(decode_read_property_ack(hex("1c 02000001 0955"), p), Error::UnexpectedContent);
  // A value whose closing tag never comes.
  EXPECT_EQ(decode_read_property_ack(hex("0c020001f4 1946 3e 2105"), p), Error::Truncated);
  IAm iam;
  EXPECT_EQ(decode_i_am(hex("c4020001f4 2205c4"), iam), Error::Truncated);
}

TEST(BacnetProbe, ClaimsBacnetDatagramsOnly) {
  EXPECT_EQ(probe(hex(fixtures::kIAm), Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(probe(hex(fixtures::kRegisterForeignDevice), Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(probe(hex(fixtures::kIAm), Transport::Tcp), ProbeResult::NoMatch);
  EXPECT_EQ(probe({}, Transport::Udp), ProbeResult::NoMatch);
  // A DNS query, an NTP request, a length that is not the datagram's.
  EXPECT_EQ(probe(hex("1a2b 0100 0001 0000 0000 0000 03777777 00 0001 0001"), Transport::Udp),
            ProbeResult::NoMatch);
  EXPECT_EQ(probe(hex("e3 00 06 ec 00000000 00000000"), Transport::Udp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(hex("810b0009 0100 1008"), Transport::Udp), ProbeResult::NoMatch);
  // A BVLC header over an NPDU of the wrong version.
  EXPECT_EQ(probe(hex("810b0008 0200 1008"), Transport::Udp), ProbeResult::NoMatch);
}

}  // namespace
}  // namespace otscope::bacnet
