// SNMP: BER decoding of v1/v2c/v3 messages built from RFC 1157/3416/3412, the probe, and the
// session (functions, identity from the system group, SetRequest, the community never stored).
#include "protocols/snmp/snmp.h"

#include <gtest/gtest.h>

#include "protocols/snmp/codes.h"
#include "protocols/snmp/decoder.h"
#include "protocols/snmp/session.h"
#include "tests/bacnet/recording_sink.h"
#include "tests/snmp/snmp_builder.h"
#include "tests/support/test_support.h"

namespace otscope::snmp {
namespace {

namespace b = build;

b::Bytes system_response() {
  return b::message(1, "public", kResponse, 77,
                    {b::varbind("1.3.6.1.2.1.1.1.0", b::octets("SCALANCE X208, FW V4.2.1\n")),
                     b::varbind("1.3.6.1.2.1.1.2.0", b::oid("1.3.6.1.4.1.4329.6.1.2")),
                     b::varbind("1.3.6.1.2.1.1.5.0", b::octets(std::string("sw-line3\0", 9))),
                     b::varbind("1.3.6.1.2.1.1.6.0", b::octets("Hall 2"))});
}

TEST(SnmpDecoder, GetResponseWithTheSystemGroup) {
  const auto d = system_response();
  Message m;
  ASSERT_EQ(decode_message(d, m), Error::None);
  EXPECT_EQ(m.version, 1);
  EXPECT_TRUE(m.has_community);
  EXPECT_EQ(m.community_length, 6u);
  EXPECT_TRUE(m.default_community);
  ASSERT_TRUE(m.pdu.has_value());
  EXPECT_EQ(m.pdu->type, kResponse);
  EXPECT_EQ(m.pdu->request_id, 77);
  ASSERT_EQ(m.pdu->varbinds.size(), 4u);
  EXPECT_EQ(m.pdu->varbinds[0].oid, "1.3.6.1.2.1.1.1.0");
  EXPECT_EQ(text_value(m.pdu->varbinds[0]), "SCALANCE X208, FW V4.2.1");
  EXPECT_EQ(oid_text(m.pdu->varbinds[1].value), "1.3.6.1.4.1.4329.6.1.2");
  EXPECT_EQ(text_value(m.pdu->varbinds[2]), "sw-line3");
}

TEST(SnmpDecoder, V1TrapAndV3) {
  const b::Bytes trap = b::tlv(
      0x30, b::cat({b::integer(0), b::octets("public"),
                    b::tlv(0xA4, b::cat({b::oid("1.3.6.1.4.1.9"), b::tlv(0x40, {10, 0, 0, 1}),
                                         b::integer(3), b::integer(0), b::tlv(0x43, {1, 2}),
                                         b::tlv(0x30, {})}))}));
  Message m;
  ASSERT_EQ(decode_message(trap, m), Error::None);
  EXPECT_EQ(m.pdu->type, kTrapV1);
  EXPECT_EQ(m.pdu->enterprise, "1.3.6.1.4.1.9");
  ASSERT_EQ(decode_message(b::v3_encrypted(), m), Error::None);
  EXPECT_EQ(m.version, 3);
  EXPECT_TRUE(m.encrypted);
  EXPECT_FALSE(m.has_community);
  EXPECT_FALSE(m.pdu.has_value());
}

TEST(SnmpDecoder, OneErrorPerReason) {
  Message m;
  EXPECT_EQ(decode_message(test::hex("30 05 02 01 00"), m), Error::Truncated);
  EXPECT_EQ(decode_message(test::hex("31 03 02 01 00"), m), Error::BadTag);
  EXPECT_EQ(decode_message(test::hex("30 80 02 01 00 00 00"), m), Error::BadLength);
  EXPECT_EQ(decode_message(test::hex("30 03 02 01 02"), m), Error::BadVersion);
  EXPECT_EQ(
      decode_message(b::tlv(0x30, b::cat({b::integer(1), b::octets("x"), b::tlv(0xA9, {})})), m),
      Error::BadPdu);
  EXPECT_EQ(oid_text(test::hex("2b 80 01")), "") << "non-minimal arc";
}

TEST(SnmpProbe, ClaimsSnmpDatagramsOnly) {
  EXPECT_EQ(probe(system_response(), Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(probe(b::v3_encrypted(), Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(probe(system_response(), Transport::Tcp), ProbeResult::NoMatch);
  // DNS query, NTP, an LDAP-like BER message (version 5), a truncated SNMP message.
  EXPECT_EQ(probe(test::hex("1a2b 0100 0001 0000 0000 0000 03777777 00 0001 0001"), Transport::Udp),
            ProbeResult::NoMatch);
  EXPECT_EQ(probe(test::hex("e3 00 06 ec 00000000"), Transport::Udp), ProbeResult::NoMatch);
  EXPECT_EQ(probe(test::hex("30 0c 02 01 05 04 01 78 a0 04 02 01 00 00"), Transport::Udp),
            ProbeResult::NoMatch);
  auto cut = system_response();
  cut.resize(cut.size() - 3);
  EXPECT_EQ(probe(cut, Transport::Udp), ProbeResult::NoMatch);
}

FlowInfo manager_to_agent() {
  FlowInfo flow;
  flow.transport = Transport::Udp;
  flow.a.port = 50123;
  flow.b.port = 161;
  return flow;
}

class SnmpSessionTest : public ::testing::Test {
 protected:
  // Complete before the session is made: the session reads the ports when it is created.
  FlowInfo flow_ = manager_to_agent();
  PacketMeta meta_;
  test::RecordingSink sink_;
  SnmpSession session_{flow_, sink_};
};

TEST_F(SnmpSessionTest, ResponseIdentifiesTheAgentAndTheCommunityIsNeverStored) {
  const auto get = b::message(1, "s3cret-community", kGetRequest, 77,
                              {b::varbind("1.3.6.1.2.1.1.1.0", b::null())});
  session_.on_data(Direction::AtoB, get, meta_);
  session_.on_data(Direction::BtoA, system_response(), meta_);
  ASSERT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.messages[0].function, kGetRequest);
  EXPECT_EQ(sink_.messages[0].function_name, "get-request");
  EXPECT_EQ(sink_.messages[0].role, MessageRole::Request);
  EXPECT_EQ(sink_.messages[1].function, kResponse);
  EXPECT_EQ(sink_.messages[1].role, MessageRole::Response);
  EXPECT_EQ(sink_.identity_value("description"), "SCALANCE X208, FW V4.2.1");
  EXPECT_EQ(sink_.identity_value("device_name"), "sw-line3");
  EXPECT_EQ(sink_.identity_value("location"), "Hall 2");
  EXPECT_EQ(sink_.identity_value("sys_object_id"), "1.3.6.1.4.1.4329.6.1.2");
  EXPECT_EQ(sink_.identity_value("snmp_enterprise"), "4329 (Siemens AG)");
  for (const IdentityEvent& id : sink_.identities) {
    EXPECT_EQ(id.dir, Direction::BtoA);
    EXPECT_EQ(id.value.find("s3cret"), std::string::npos);
  }
  ASSERT_EQ(sink_.anomalies.size(), 1u) << "reported once per flow";
  EXPECT_EQ(sink_.anomalies[0].kind, "snmp.cleartext_community");
  EXPECT_FALSE(sink_.anomalies[0].malformed);
  EXPECT_EQ(sink_.anomalies[0].detail.find("s3cret"), std::string::npos);
  for (const MessageEvent& m : sink_.messages)
    EXPECT_EQ(m.summary.find("s3cret"), std::string::npos);
}

TEST_F(SnmpSessionTest, SetIsTheDangerousCommandAndErrorsAreExceptions) {
  session_.on_data(Direction::AtoB,
                   b::message(1, "private", kSetRequest, 5,
                              {b::varbind("1.3.6.1.2.1.2.2.1.7.3", b::integer(2))}),
                   meta_);
  session_.on_data(Direction::BtoA,
                   b::message(1, "private", kResponse, 5,
                              {b::varbind("1.3.6.1.2.1.2.2.1.7.3", b::integer(2))}, 17),
                   meta_);
  ASSERT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.messages[0].command, &kSet);
  EXPECT_EQ(sink_.messages[0].op, OpClass::Write);
  EXPECT_TRUE(sink_.messages[1].exception);
  EXPECT_EQ(sink_.messages[1].exception_name, "notWritable");
}

TEST_F(SnmpSessionTest, EncryptedV3IsCountedByDirection) {
  session_.on_data(Direction::AtoB, b::v3_encrypted(), meta_);
  session_.on_data(Direction::BtoA, b::v3_encrypted(), meta_);
  session_.on_data(Direction::AtoB, test::hex("30 03 02 01"), meta_);
  ASSERT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.messages[0].function, kEncryptedPdu);
  EXPECT_EQ(sink_.messages[0].role, MessageRole::Request);
  EXPECT_EQ(sink_.messages[1].role, MessageRole::Response);
  ASSERT_EQ(sink_.anomalies.size(), 1u);
  EXPECT_EQ(sink_.anomalies[0].kind, "snmp.truncated");
  EXPECT_TRUE(sink_.anomalies[0].malformed);
}

}  // namespace
}  // namespace otscope::snmp
