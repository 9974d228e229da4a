// MMS over ISO-on-TCP: the OSI layers peeled down to the MMS PDU, the MMS PDUs decoded, the
// session's events (services, roles, identity, command rules), and the probe that tells MMS from
// S7comm on the same port. The bytes are built by tests/mms/mms_fixtures.h as the standards lay
// them out.
#include "protocols/mms/mms.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/mms/codes.h"
#include "protocols/mms/decoder.h"
#include "protocols/mms/session.h"
#include "protocols/s7/s7.h"
#include "tests/mms/mms_fixtures.h"

namespace otscope::mms {
namespace {

using test::cat;
using test::Frame;
using test::tlv;

struct RecordingSink final : EventSink {
  std::vector<MessageEvent> messages;
  std::vector<IdentityEvent> identities;
  std::vector<AnomalyEvent> anomalies;
  void message(const FlowInfo&, const PacketMeta&, const MessageEvent& ev) override {
    messages.push_back(ev.detached());
  }
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent& ev) override {
    identities.push_back(ev);
  }
  void anomaly(const FlowInfo&, const PacketMeta&, const AnomalyEvent& ev) override {
    anomalies.push_back(ev);
  }
};

FlowInfo test_flow() {
  FlowInfo flow;
  flow.id = 3;
  flow.a.ip = IpAddress::v4(0x0a000001);
  flow.a.port = 50000;
  flow.b.ip = IpAddress::v4(0x0a000002);
  flow.b.port = 102;
  flow.saw_handshake = true;
  return flow;
}

const Frame kIdentifyResponse = test::confirmed_response(
    2, tlv(0xA2, cat({tlv(0x80, test::text("MZ Automation")), tlv(0x81, test::text("LIBIEC61850")),
                      tlv(0x82, test::text("1.5.1"))})));

TEST(MmsOsi, ConnectCarriesTheInitiateRequest) {
  const Frame spdu = test::connect(false, test::initiate(false));
  OsiMessage osi;
  ASSERT_EQ(decode_osi(spdu, osi), MmsError::None);
  EXPECT_EQ(osi.spdu, spdu::kConnect);
  MmsPdu pdu;
  ASSERT_EQ(decode_mms(osi.mms, pdu), MmsError::None);
  EXPECT_EQ(pdu.type, pdu::kInitiateRequest);
}

TEST(MmsOsi, DataTransferCarriesConfirmedServices) {
  const Frame read = test::confirmed_request(
      7, test::read_service(test::domain_name("IED1LD0", "MMXU1$MX$TotW$mag$f")));
  OsiMessage osi;
  const Frame tsdu = test::data(read);
  ASSERT_EQ(decode_osi(tsdu, osi), MmsError::None);
  MmsPdu pdu;
  ASSERT_EQ(decode_mms(osi.mms, pdu), MmsError::None);
  EXPECT_EQ(pdu.type, pdu::kConfirmedRequest);
  EXPECT_EQ(pdu.invoke_id, 7u);
  EXPECT_EQ(pdu.service, svc::kRead);
  EXPECT_EQ(first_variable(pdu.service_element, true), "IED1LD0/MMXU1$MX$TotW$mag$f");
  EXPECT_EQ(functional_constraint("IED1LD0/MMXU1$MX$TotW$mag$f"), "MX");
  EXPECT_EQ(functional_constraint("IED1LD0/LLN0"), "");

  const Frame write = test::confirmed_request(
      8, test::write_service(test::domain_name("IED1LD0", "CSWI1$CO$Pos$Oper"), tlv(0x83, {0x01})));
  ASSERT_EQ(decode_mms(write, pdu), MmsError::None);
  EXPECT_EQ(pdu.service, svc::kWrite);
  EXPECT_EQ(first_variable(pdu.service_element, false), "IED1LD0/CSWI1$CO$Pos$Oper");
}

TEST(MmsPdus, LongTagsErrorsAndIdentify) {
  MmsPdu pdu;
  // deleteDomain [36] is a primitive Identifier: tag in two octets.
  ASSERT_EQ(decode_mms(test::confirmed_request(9, tlv(Frame{0x9F, 0x24}, test::text("LD0"))), pdu),
            MmsError::None);
  EXPECT_EQ(pdu.service, svc::kDeleteDomain);
  ASSERT_EQ(decode_mms(kIdentifyResponse, pdu), MmsError::None);
  Identity id;
  ASSERT_TRUE(decode_identify_response(pdu.service_element, id));
  EXPECT_EQ(id.vendor, "MZ Automation");
  EXPECT_EQ(id.model, "LIBIEC61850");
  EXPECT_EQ(id.revision, "1.5.1");
  ASSERT_EQ(decode_mms(test::confirmed_error(5, 1, 2), pdu), MmsError::None);
  EXPECT_EQ(pdu.type, pdu::kConfirmedError);
  EXPECT_EQ(pdu.invoke_id, 5u);
  // Not BER, not an MMSpdu, no service.
  EXPECT_EQ(decode_mms(Frame{0xA0, 0x05, 0x02}, pdu), MmsError::PduBad);
  EXPECT_EQ(decode_mms(tlv(0x30, {}), pdu), MmsError::PduBad);
  EXPECT_EQ(decode_mms(tlv(0xA0, tlv(0x02, {0x01})), pdu), MmsError::PduTruncated);
  OsiMessage osi;
  EXPECT_EQ(decode_osi(Frame{0x0D, 0x10, 0x05}, osi), MmsError::SessionTruncated);
  EXPECT_EQ(decode_osi(Frame{0x42, 0x00}, osi), MmsError::UnknownSpdu);
  EXPECT_EQ(decode_osi(Frame{0x01, 0x00, 0x01, 0x00, 0x61, 0x03, 0x30}, osi),
            MmsError::PresentationBad);
}

class MmsSessionTest : public ::testing::Test {
 protected:
  void send(Direction dir, const Frame& bytes) {
    PacketMeta meta;
    meta.frame = ++frame_;
    session_.on_data(dir, bytes, meta);
  }
  FlowInfo flow_ = test_flow();
  RecordingSink sink_;
  MmsSession session_{flow_, sink_};
  std::uint64_t frame_ = 0;
};

TEST_F(MmsSessionTest, AssociationIdentifyAndCommands) {
  send(Direction::AtoB, test::cr());
  send(Direction::BtoA, test::cc());
  send(Direction::AtoB, test::dt(test::connect(false, test::initiate(false))));
  send(Direction::BtoA, test::dt(test::connect(true, test::initiate(true))));
  ASSERT_EQ(sink_.messages.size(), 2u);
  EXPECT_EQ(sink_.messages[0].function, kPduBase | pdu::kInitiateRequest);
  EXPECT_EQ(sink_.messages[0].function_name, "initiate-RequestPDU");
  EXPECT_EQ(sink_.messages[0].role, MessageRole::Request);
  EXPECT_EQ(sink_.messages[1].role, MessageRole::Response);

  send(Direction::AtoB, test::dt(test::data(test::confirmed_request(2, tlv(0x82, {})))));
  send(Direction::BtoA, test::dt(test::data(kIdentifyResponse)));
  EXPECT_EQ(sink_.messages[2].function, svc::kIdentify);
  EXPECT_EQ(sink_.messages[2].op, OpClass::Identification);
  EXPECT_EQ(sink_.messages[3].role, MessageRole::Response);
  ASSERT_EQ(sink_.identities.size(), 3u);
  EXPECT_EQ(sink_.identities[0].field, "vendor");
  EXPECT_EQ(sink_.identities[0].value, "MZ Automation");
  EXPECT_EQ(sink_.identities[2].field, "firmware");
  EXPECT_EQ(sink_.identities[2].source, "mms identify");

  // A control operation, a report control block enabled, a settings write, a program stop.
  send(Direction::AtoB,
       test::dt(test::data(test::confirmed_request(
           3, test::write_service(test::domain_name("IED1LD0", "CSWI1$CO$Pos$Oper"),
                                  tlv(0x83, {0x01}))))));
  EXPECT_EQ(sink_.messages.back().command, &kControl);
  EXPECT_EQ(sink_.messages.back().op, OpClass::Control);
  EXPECT_EQ(sink_.messages.back().detail, "FC CO");
  send(Direction::AtoB,
       test::dt(test::data(test::confirmed_request(
           4, test::write_service(test::domain_name("IED1LD0", "LLN0$BR$brcb01$RptEna"),
                                  tlv(0x83, {0x01}))))));
  EXPECT_EQ(sink_.messages.back().command, nullptr) << "enabling reports is routine";
  EXPECT_EQ(sink_.messages.back().op, OpClass::Configuration);
  send(Direction::AtoB,
       test::dt(test::data(test::confirmed_request(
           5, test::write_service(test::domain_name("IED1LD0", "PTOC1$SP$StrVal$setMag$f"),
                                  tlv(0x87, {0x08, 0x42, 0x48, 0x00, 0x00}))))));
  EXPECT_EQ(sink_.messages.back().command, &kWrite);
  send(Direction::AtoB, test::dt(test::data(test::confirmed_request(
                            6, tlv(Frame{0xBF, 0x29}, tlv(0x80, test::text("PI1")))))));
  EXPECT_EQ(sink_.messages.back().function, svc::kStop);
  EXPECT_EQ(sink_.messages.back().function_name, "stop");
  EXPECT_EQ(sink_.messages.back().command, &kProgramStop);
  // The server refuses the stop: the error names the service through its invoke id.
  send(Direction::BtoA, test::dt(test::data(test::confirmed_error(6, 1, 2))));
  EXPECT_EQ(sink_.messages.back().function, svc::kStop);
  EXPECT_TRUE(sink_.messages.back().exception);
  EXPECT_EQ(sink_.messages.back().role, MessageRole::Response);
  // A report the server sends by itself.
  send(Direction::BtoA,
       test::dt(test::data(tlv(0xA3, tlv(0xA0, tlv(0xA1, tlv(0x80, test::text("RPT"))))))));
  EXPECT_EQ(sink_.messages.back().function, kUnconfirmedBase | 0u);
  EXPECT_EQ(sink_.messages.back().function_name, "informationReport");
  EXPECT_EQ(sink_.messages.back().role, MessageRole::Unsolicited);
  EXPECT_TRUE(sink_.anomalies.empty());
}

TEST_F(MmsSessionTest, MalformedIsCounted) {
  send(Direction::AtoB, test::dt(test::data(Frame{0xA0, 0x05, 0x02, 0x01})));
  ASSERT_EQ(sink_.anomalies.size(), 1u);
  EXPECT_EQ(sink_.anomalies[0].kind, "mms.pdu_malformed");
  EXPECT_TRUE(sink_.anomalies[0].malformed);
  EXPECT_TRUE(sink_.messages.empty());
}

TEST_F(MmsSessionTest, AResponseToNoRequestIsAnAnomalyOnlyWhenTheConnectionWasSeenWhole) {
  send(Direction::BtoA, test::dt(test::data(kIdentifyResponse)));
  ASSERT_EQ(sink_.anomalies.size(), 1u);
  EXPECT_EQ(sink_.anomalies[0].kind, "mms.response_without_request");
  EXPECT_EQ(sink_.anomalies[0].cls, AnomalyClass::ResponseWithoutRequest);
  EXPECT_FALSE(sink_.anomalies[0].malformed);

  FlowInfo midstream = test_flow();
  midstream.saw_handshake = false;
  RecordingSink sink;
  MmsSession session(midstream, sink);
  session.on_data(Direction::BtoA, test::dt(test::data(kIdentifyResponse)), PacketMeta{});
  EXPECT_EQ(sink.messages.size(), 1u);
  EXPECT_TRUE(sink.anomalies.empty());
}

// The dispatcher tries S7 (probe order 30), then MMS (35): the two probes must agree on who takes
// a TPKT/COTP flow, whichever runs first.
TEST(MmsProbe, TellsMmsFromS7ByTheFirstDataTpdu) {
  const ProtocolDescriptor& mms = descriptor();
  const ProtocolDescriptor& s7 = s7::descriptor();
  auto both = [&](const Frame& b) {
    return std::pair{mms.probe(b, Transport::Tcp), s7.probe(b, Transport::Tcp)};
  };
  using P = std::pair<ProbeResult, ProbeResult>;
  // A connection request with MMS's TSAPs: wait for the data.
  EXPECT_EQ(both(test::cr()), (P{ProbeResult::NeedMore, ProbeResult::NeedMore}));
  const Frame connect = test::dt(test::connect(false, test::initiate(false)));
  EXPECT_EQ(both(cat({test::cr(), connect})), (P{ProbeResult::Match, ProbeResult::NoMatch}));
  EXPECT_EQ(both(connect), (P{ProbeResult::Match, ProbeResult::NoMatch}));
  // Picked up mid-association.
  const Frame read = test::dt(test::data(test::confirmed_request(
      1, test::read_service(test::domain_name("LD0", "LLN0$ST$Mod$stVal")))));
  EXPECT_EQ(both(read), (P{ProbeResult::Match, ProbeResult::NoMatch}));
  // S7: TSAPs 0x0100/0x0102 claim the CR at once; its setup job is S7's alone.
  const Frame s7_cr = {0x03, 0x00, 0x00, 0x16, 0x11, 0xE0, 0x00, 0x00, 0x00, 0x07, 0x00,
                       0xC1, 0x02, 0x01, 0x00, 0xC2, 0x02, 0x01, 0x02, 0xC0, 0x01, 0x0A};
  EXPECT_EQ(both(s7_cr), (P{ProbeResult::NoMatch, ProbeResult::Match}));
  const Frame setup = {0x03, 0x00, 0x00, 0x19, 0x02, 0xF0, 0x80, 0x32, 0x01, 0x00, 0x00, 0x00, 0x00,
                       0x00, 0x08, 0x00, 0x00, 0xF0, 0x00, 0x00, 0x01, 0x00, 0x01, 0x01, 0xE0};
  EXPECT_EQ(both(setup), (P{ProbeResult::NoMatch, ProbeResult::Match}));
  EXPECT_EQ(both(cat({test::cr(), setup})), (P{ProbeResult::NoMatch, ProbeResult::Match}));
  // A connection request followed by something that is not TPKT (RDP goes on to TLS).
  EXPECT_EQ(both(cat({test::cr(), Frame{0x16, 0x03, 0x01, 0x00}})),
            (P{ProbeResult::NoMatch, ProbeResult::NoMatch}));
  // Neither takes HTTP, TLS or IEC 104.
  for (const Frame& other : {Frame{'G', 'E', 'T', ' ', '/', ' '}, Frame{0x16, 0x03, 0x01, 0x00},
                             Frame{0x68, 0x04, 0x07, 0x00, 0x00, 0x00}})
    EXPECT_EQ(both(other), (P{ProbeResult::NoMatch, ProbeResult::NoMatch}));
  EXPECT_EQ(mms.probe(connect, Transport::Udp), ProbeResult::NoMatch);
}

}  // namespace
}  // namespace otscope::mms
