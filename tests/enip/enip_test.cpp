// EtherNet/IP and CIP decoders and session on the bytes of public captures (ICS-Security-Tools'
// EtherNet/IP captures, the same frames tshark dissects in enip_captures_itest.cpp) and on
// messages built here from the specification (ODVA Vol. 1 and 2).
#include "protocols/enip/enip.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/enip/cip.h"
#include "protocols/enip/codes.h"
#include "protocols/enip/encap.h"
#include "protocols/enip/session.h"
#include "tests/enip/recording.h"
#include "tests/support/test_support.h"

namespace otscope::enip {
namespace {

using ottest::RecordingSink;
using test::hex;

// enip_test.pcap frames 6 and 7: List Identity request and the 1756-ENBT/A's reply.
const char* kListIdentityRequest = "63000000000000000000000000000000c1debed100000000";
const char* kListIdentityReply =
    "63003300000000000000000000000000c1debed10000000001000c002d0001000002af120a0101a40000000000"
    "00000001000c003a00040330008e4d52000b313735362d454e42542f4103";
// cip_stop_plc.pcap, cip_start_plc.pcap, cip_unlock_cpu.pcap: Send Unit Data on a class-3
// connection.
const char* kStopPlc =
    "70001c0001002a00000000000000000000000000000000000000000001000200a1000400224095ffb10008000601"
    "0702208e2401";
const char* kStartPlc =
    "70001c0001002a00000000000000000000000000000000000000000001000200a1000400224095ffb1000800e700"
    "0602208e2401";
const char* kUnlockCpu =
    "7000200000010212000000000000000000000000000000000000000001000200a1000400016b0700b1000c004c1c"
    "4c04208e240120742401";
// cip-eth-set-2.pcap: the reply to a Set Attribute Single (the request is not in the capture).
const char* kSetReply =
    "6f0014000001021200000000ec6d8601701ee10000000000000000000500020000000000b200040090000000";
// cip-multiple-1.pcap: a Multiple Service Packet of 11 Get Attribute List requests.
const char* kMultiple =
    "7000ba0000010211000000000000000000000000000000000000000001000200a1000400010b7c00b100a6008907"
    "0a02200224010b00180022002c0036004c005800640072007c008a0094000302200124010100050003022069240001"
    "000b0003022073240101000200030220ac240107000100020003000500070009000a00030320682500202401001300"
    "0302207024010200120013000302208e240103000300080010000302206924000100090003022068240003000f0018"
    "001900030220772401010002000302208b240101000600";
// EthernetIP-CIP.pcap frames 29 and 31: Unconnected Send of a Get Attributes All to class 0xAC,
// and its reply.
const char* kUnconnectedSend =
    "6f00260000050213000000006ac0be000000000000000000000000001400020000000000b2001600520220062401"
    "07e90800010220ac2401010001000100";
const char* kUnconnectedReply =
    "6f00340000050213000000006ac0be000000000000000000000000001400020000000000b200240081000000e800"
    "0100e302b2a4c1d1afa40000e803020000009453d33d01000100e2fc2030";

/// A Send RR Data carrying `cip` (unconnected data item), with sender context `context`.
std::vector<std::uint8_t> send_rr(const std::vector<std::uint8_t>& cip, std::uint8_t context) {
  std::vector<std::uint8_t> m = {0x6F,    0x00, 0, 0, 0x01, 0x00, 0x00, 0x10, 0, 0, 0, 0,
                                 context, 0,    0, 0, 0,    0,    0,    0,    0, 0, 0, 0};
  const std::vector<std::uint8_t> data = {
      0,    0,    0,    0,    0x0A,
      0x00, 0x02, 0x00, 0x00, 0x00,
      0x00, 0x00, 0xB2, 0x00, static_cast<std::uint8_t>(cip.size()),
      0x00};
  m.insert(m.end(), data.begin(), data.end());
  m.insert(m.end(), cip.begin(), cip.end());
  const std::size_t length = m.size() - kHeaderSize;
  m[2] = static_cast<std::uint8_t>(length);
  m[3] = static_cast<std::uint8_t>(length >> 8);
  return m;
}

struct Fed {
  RecordingSink sink;
  FlowInfo flow = ottest::test_flow(kTcpPort);
  EnipSession session{flow, sink};
  void to_server(const std::vector<std::uint8_t>& b) {
    session.on_data(Direction::AtoB, b, PacketMeta{});
  }
  void to_client(const std::vector<std::uint8_t>& b) {
    session.on_data(Direction::BtoA, b, PacketMeta{});
  }
  std::vector<const MessageEvent*> cip() const {
    std::vector<const MessageEvent*> out;
    for (const MessageEvent& m : sink.messages)
      if (m.protocol == kCip) out.push_back(&m);
    return out;
  }
};

TEST(EnipEncapsulation, ListIdentityReplyNamesTheDevice) {
  EncapMessage m;
  const std::vector<std::uint8_t> reply = hex(kListIdentityReply);
  ASSERT_EQ(decode_message(reply, m), EnipError::None);
  EXPECT_EQ(m.header.command, cmd::kListIdentity);
  EXPECT_EQ(m.header.length, 51);
  ASSERT_TRUE(m.has_cpf);
  ASSERT_EQ(m.cpf.count, 1u);
  IdentityItem id;
  ASSERT_EQ(decode_identity_item(m.cpf.items[0].data, id), EnipError::None);
  EXPECT_EQ(id.socket_address, "10.1.1.164:44818");
  EXPECT_EQ(id.vendor_id, 1);
  EXPECT_EQ(id.device_type, 0x0C);
  EXPECT_EQ(id.product_code, 58);
  EXPECT_EQ(id.revision_major, 4);
  EXPECT_EQ(id.revision_minor, 3);
  EXPECT_EQ(id.serial, 0x00524D8Eu);
  EXPECT_EQ(id.product_name, "1756-ENBT/A");
  EXPECT_EQ(id.state, 3);

  Fed f;
  f.to_server(hex(kListIdentityRequest));
  f.to_client(hex(kListIdentityReply));
  ASSERT_EQ(f.sink.messages.size(), 2u);
  EXPECT_EQ(f.sink.messages[0].role, MessageRole::Request);
  EXPECT_EQ(f.sink.messages[1].role, MessageRole::Response);
  EXPECT_EQ(f.sink.messages[1].function, 0x63u);
  EXPECT_EQ(f.sink.messages[1].op, OpClass::Identification);
  EXPECT_EQ(f.sink.identity("vendor"), "Rockwell Automation/Allen-Bradley");
  EXPECT_EQ(f.sink.identity("vendor_id"), "1");
  EXPECT_EQ(f.sink.identity("device_type"), "Communications Adapter");
  EXPECT_EQ(f.sink.identity("product_code"), "58");
  EXPECT_EQ(f.sink.identity("firmware"), "4.03");  // tshark: "Revision: 4.03"
  EXPECT_EQ(f.sink.identity("serial"), "0x00524D8E");
  EXPECT_EQ(f.sink.identity("product"), "1756-ENBT/A");
  EXPECT_EQ(f.sink.identity("device_state"), "Operational");
  ASSERT_FALSE(f.sink.identities.empty());
  EXPECT_EQ(f.sink.identities[0].source, "enip list identity");
  EXPECT_TRUE(f.sink.identities[0].about_sender);
  EXPECT_EQ(f.sink.identities[0].dir, Direction::BtoA);
}

TEST(EnipCip, StopStartAndUnlockAreTheirCommands) {
  struct Case {
    const char* bytes;
    std::uint8_t service;
    const CommandRule* command;
    OpClass op;
    std::string detail;
  };
  const Case cases[] = {
      {kStopPlc, svc::kStop, &kStop, OpClass::ModeChange, "Controller (0x8E) instance 1"},
      {kStartPlc, svc::kStart, &kStart, OpClass::ModeChange, "Controller (0x8E) instance 1"},
      // The path names the controller, then class 0x74 instance 1 inside it.
      {kUnlockCpu, svc::kControllerLock, &kLock, OpClass::Authentication,
       "Controller (0x8E) instance 1 class 0x74 instance 1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.bytes);
    Fed f;
    f.to_server(hex(c.bytes));
    ASSERT_EQ(f.sink.messages.size(), 2u);
    EXPECT_EQ(f.sink.messages[0].protocol, kEnip);
    EXPECT_EQ(f.sink.messages[0].function, cmd::kSendUnitData);
    const auto cip = f.cip();
    ASSERT_EQ(cip.size(), 1u);
    EXPECT_EQ(cip[0]->function, c.service);
    EXPECT_EQ(cip[0]->role, MessageRole::Request);
    EXPECT_EQ(cip[0]->command, c.command);
    EXPECT_EQ(cip[0]->op, c.op);
    EXPECT_EQ(cip[0]->detail, c.detail);
    EXPECT_EQ(f.sink.malformed(), 0u);
  }
}

TEST(EnipCip, EpathSegments) {
  CipPath p;
  // 8-bit class, 16-bit instance, 8-bit attribute.
  ASSERT_EQ(decode_path(hex("20 01 25 00 34 12 30 07"), p), CipError::None);
  EXPECT_EQ(p.object_class, 1u);
  EXPECT_EQ(p.instance, 0x1234u);
  EXPECT_EQ(p.attribute, 7u);
  EXPECT_EQ(p.text(), "Identity (0x01) instance 4660 attribute 7");
  // A Logix tag: ANSI extended symbol "Line1" (odd: padded), then "Speed", then element 3.
  CipPath t;
  ASSERT_EQ(decode_path(hex("91 05 4c696e6531 00 91 05 5370656564 00 28 03"), t), CipError::None);
  EXPECT_EQ(t.symbol, "Line1.Speed");
  EXPECT_EQ(t.member, 3u);
  // Port segment (backplane, slot 0), then a class.
  CipPath r;
  ASSERT_EQ(decode_path(hex("01 00 20 02"), r), CipError::None);
  EXPECT_EQ(r.object_class, 2u);
  // Errors, each its own.
  CipPath bad;
  EXPECT_EQ(decode_path(hex("23 01"), bad), CipError::BadSegment);    // reserved format
  EXPECT_EQ(decode_path(hex("21 00 01"), bad), CipError::Truncated);  // 16-bit class cut short
  EXPECT_EQ(decode_path(hex("e0 00"), bad), CipError::BadSegment);    // reserved segment type
}

TEST(EnipCip, ReplyToASetIsNamedEvenWithoutItsRequest) {
  Fed f;
  f.to_client(hex(kSetReply));
  const auto cip = f.cip();
  ASSERT_EQ(cip.size(), 1u);
  EXPECT_EQ(cip[0]->function, svc::kSetAttributeSingle);
  EXPECT_EQ(cip[0]->function_name, "Set Attribute Single");
  EXPECT_EQ(cip[0]->role, MessageRole::Response);
  EXPECT_FALSE(cip[0]->exception);
}

TEST(EnipCip, MultipleServicePacketListsItsServices) {
  Fed f;
  f.to_server(hex(kMultiple));
  const auto cip = f.cip();
  ASSERT_EQ(cip.size(), 1u);
  EXPECT_EQ(cip[0]->function, svc::kMultipleServicePacket);
  EXPECT_EQ(cip[0]->detail, "11 services: Get Attribute List x11");
  EXPECT_EQ(cip[0]->op, OpClass::Read);
  EXPECT_EQ(f.sink.malformed(), 0u);
}

TEST(EnipCip, UnconnectedSendIsAnsweredByTheEmbeddedService) {
  Fed f;
  f.to_server(hex(kUnconnectedSend));
  f.to_client(hex(kUnconnectedReply));
  const auto cip = f.cip();
  ASSERT_EQ(cip.size(), 2u);
  EXPECT_EQ(cip[0]->function, svc::kUnconnectedSend);
  EXPECT_EQ(cip[0]->function_name, "Unconnected Send");
  EXPECT_EQ(cip[0]->detail, "to Get Attributes All class 0xAC instance 1");
  EXPECT_EQ(cip[1]->function, svc::kGetAttributesAll);
  EXPECT_EQ(cip[1]->function_name, "Get Attributes All");
  EXPECT_EQ(cip[1]->detail, "class 0xAC instance 1");
  EXPECT_TRUE(f.sink.identities.empty()) << "class 0xAC is not the Identity object";
}

TEST(EnipCip, IdentityObjectRepliesIdentifyTheController) {
  // Unconnected Send of Get Attributes All to Identity instance 1 (route: backplane slot 0), and
  // the Identity object's reply: Rockwell, PLC, product code 54, revision 20.11, serial,
  // "1756-L61/B", state operational.
  Fed f;
  f.to_server(send_rr(hex("52 02 20 06 24 01 07 e9 06 00 01 02 20 01 24 01 01 00 01 00"), 1));
  f.to_client(send_rr(hex("81 00 00 00 0100 0e00 3600 140b 6030 8e4d5200 0a 313735362d4c36312f42"
                          "03"),
                      1));
  EXPECT_EQ(f.sink.identity("vendor"), "Rockwell Automation/Allen-Bradley");
  EXPECT_EQ(f.sink.identity("device_type"), "Programmable Logic Controller");
  EXPECT_EQ(f.sink.identity("product_code"), "54");
  EXPECT_EQ(f.sink.identity("firmware"), "20.11");
  EXPECT_EQ(f.sink.identity("serial"), "0x00524D8E");
  EXPECT_EQ(f.sink.identity("product"), "1756-L61/B");
  ASSERT_FALSE(f.sink.identities.empty());
  EXPECT_EQ(f.sink.identities[0].source, "cip identity object (Get Attributes All)");
  EXPECT_EQ(f.sink.identities[0].protocol, kCip);

  // Get Attribute Single of attribute 7 (product name) in a Multiple Service Packet, with a
  // Get Attribute List of attributes 1 and 6 beside it.
  Fed g;
  g.to_server(send_rr(hex("0a 02 20 02 24 01 0200 0600 0e00 0e 03 20 01 24 01 30 07"
                          "03 02 20 01 24 01 0200 0100 0600"),
                      2));
  g.to_client(send_rr(hex("8a 00 00 00 0200 0600 1500 8e 00 00 00 0a 313735362d4c36312f42"
                          "83 00 00 00 0200 0100 0000 2f00 0600 0000 78563412"),
                      2));
  EXPECT_EQ(g.sink.identity("product"), "1756-L61/B");
  EXPECT_EQ(g.sink.identity("vendor"), "Omron Corporation");
  EXPECT_EQ(g.sink.identity("serial"), "0x12345678");
  EXPECT_EQ(g.sink.malformed(), 0u) << ::testing::PrintToString(g.sink.anomaly_kinds());
}

TEST(EnipCip, DangerousRequestsAreNamed) {
  struct Case {
    const char* cip;
    const CommandRule* command;
  };
  const Case cases[] = {
      {"05 02 20 01 24 01 01", &kReset},  // Identity Reset, factory defaults
      {"05 02 20 05 24 01", nullptr},     // Connection object reset: not the device
      {"10 03 20 f5 24 01 30 05 0a000001", &kNetworkSettings},  // TCP/IP interface config
      {"10 03 20 f6 24 01 30 06 0000", &kNetworkSettings},      // Ethernet link control
      {"0e 03 20 f5 24 01 30 05", nullptr},                     // reading it is harmless
      {"4b 02 20 37 24 01", &kProgramUpload},                   // File: initiate upload
      {"4c 02 20 37 24 01", &kProgramDownload},                 // File: initiate download
      {"50 02 20 a1 24 01", &kFirmwareUpdate},                  // Nonvolatile storage update
      {"0e 03 20 a1 24 01 30 01", nullptr},                     // its status: harmless
      {"07 02 20 8e 24 01", &kStop},
      {"4c 02 20 8e 24 01", &kLock},
      {"4c 03 91 04 54616731", nullptr},  // Read Tag "Tag1": a read
      // Execute PCCC (requestor id: length 7, vendor 1, serial), command 0x0F function 0x80
      // change mode to PROGRAM; and a PCCC typed read (0x0F/0x68) that is not.
      {"4b 02 20 67 24 01 07 0100 78563412 0f 00 3412 80 01", &kPcccModeChange},
      {"4b 02 20 67 24 01 07 0100 78563412 0f 00 3512 68 00", nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.cip);
    Fed f;
    f.to_server(send_rr(hex(c.cip), 3));
    const auto cip = f.cip();
    ASSERT_EQ(cip.size(), 1u);
    EXPECT_EQ(cip[0]->command, c.command);
    EXPECT_EQ(f.sink.malformed(), 0u);
  }
}

TEST(EnipCip, TagServicesNameTheirTagAndTheValuesWritten) {
  Fed f;
  // Write Tag "Tag1" element 0: DINT, 2 elements, -2 and 7.
  f.to_server(send_rr(hex("4d 03 91 04 54616731 c400 0200 feffffff 07000000"), 8));
  // Read Tag "Line1.Speed" element 3, 4 elements.
  f.to_server(send_rr(hex("4c 09 91 05 4c696e6531 00 91 05 5370656564 00 28 03 0400"), 9));
  // A Multiple Service Packet of a REAL write (1.5) and a BOOL write.
  f.to_server(send_rr(hex("0a 02 20 02 24 01 0200 0600 1600"
                          "4d 03 91 04 54616732 ca00 0100 0000c03f"
                          "4d 03 91 04 54616733 c100 0100 01"),
                      10));
  const auto cip = f.cip();
  ASSERT_EQ(cip.size(), 3u);
  EXPECT_EQ(cip[0]->function_name, "Write Tag");
  EXPECT_EQ(cip[0]->op, OpClass::Write);
  EXPECT_TRUE(cip[0]->writes_data);
  EXPECT_EQ(cip[0]->detail, "tag Tag1");
  ASSERT_EQ(cip[0]->ranges.size(), 1u);
  EXPECT_EQ(cip[0]->ranges[0], (AddressRange{"Tag1", 0, 2}));
  ASSERT_EQ(cip[0]->values.size(), 2u);
  EXPECT_EQ(cip[0]->values[0].value, -2);
  EXPECT_EQ(cip[0]->values[1].address, 1u);
  EXPECT_EQ(cip[0]->values[1].value, 7);
  EXPECT_EQ(cip[1]->function_name, "Read Tag");
  ASSERT_EQ(cip[1]->ranges.size(), 1u);
  EXPECT_EQ(cip[1]->ranges[0], (AddressRange{"Line1.Speed", 3, 4}));
  EXPECT_TRUE(cip[1]->values.empty());
  EXPECT_EQ(cip[2]->detail, "2 services: Write Tag x2");
  EXPECT_EQ(cip[2]->op, OpClass::Write);
  ASSERT_EQ(cip[2]->values.size(), 2u);
  EXPECT_EQ(cip[2]->values[0].space, "Tag2");
  EXPECT_EQ(cip[2]->values[0].value, 1.5);
  EXPECT_EQ(cip[2]->values[1].space, "Tag3");
  EXPECT_EQ(cip[2]->values[1].value, 1);
  EXPECT_EQ(f.sink.malformed(), 0u);
}

TEST(EnipCip, ForwardOpenNamesTheConnectionItOpens) {
  Fed f;
  // Forward Open (Vol. 1, 3-5.4.1): O->T and T->O RPI 10 ms, class 1 cyclic, path port 1 slot
  // 0, Assembly instance 1, connection points 100 and 101.
  f.to_server(send_rr(hex("54 02 20 06 24 01"
                          "0a 0e 00000000 01000080 3412 0100 78563412 01 000000"
                          "10270000 1e43 10270000 1e43 01 05 0100 2004 2401 2c64 2c65"),
                      11));
  const auto cip = f.cip();
  ASSERT_EQ(cip.size(), 1u);
  EXPECT_EQ(cip[0]->function_name, "Forward Open");
  EXPECT_EQ(cip[0]->op, OpClass::Session);
  EXPECT_EQ(cip[0]->detail,
            "to Assembly (0x04) instance 1 connection point 101, class 1, RPI 10 ms");
  EXPECT_EQ(f.sink.malformed(), 0u);
}

TEST(EnipCip, PcccModeChangeNamesTheMode) {
  Fed f;
  f.to_server(send_rr(hex("4b 02 20 67 24 01 07 0100 78563412 0f 00 3412 80 06"), 12));
  const auto cip = f.cip();
  ASSERT_EQ(cip.size(), 1u);
  EXPECT_EQ(cip[0]->function_name, "Execute PCCC");
  EXPECT_EQ(cip[0]->command, &kPcccModeChange);
  EXPECT_EQ(cip[0]->op, OpClass::ModeChange);
  EXPECT_EQ(cip[0]->detail, "PCCC command 0x0F function 0x80, mode RUN");
}

TEST(EnipCip, ErrorResponsesAreExceptions) {
  Fed f;
  f.to_server(send_rr(hex("07 02 20 8e 24 01"), 4));
  f.to_client(send_rr(hex("87 00 0f 00"), 4));  // privilege violation
  const auto cip = f.cip();
  ASSERT_EQ(cip.size(), 2u);
  EXPECT_TRUE(cip[1]->exception);
  EXPECT_EQ(cip[1]->exception_code, 0x0Fu);
  EXPECT_EQ(cip[1]->exception_name, "Privilege violation");
  EXPECT_EQ(cip[1]->function_name, "Stop");
  EXPECT_EQ(cip[1]->detail, "Controller (0x8E) instance 1");
  Fed g;
  g.to_client(send_rr(hex("8e 00 08 00"), 5));  // service not supported
  ASSERT_EQ(g.cip().size(), 1u);
  EXPECT_EQ(g.cip()[0]->exception_kind, ExceptionKind::UnsupportedFunction);
}

TEST(EnipDecoder, EveryMalformationIsReportedNotCrashed) {
  EncapMessage m;
  EXPECT_EQ(decode_message(hex("6f00"), m), EnipError::Truncated);
  std::vector<std::uint8_t> longer = hex(kSetReply);
  longer.push_back(0);
  EXPECT_EQ(decode_message(longer, m), EnipError::LengthMismatch);
  // Item count 9 in a 4-byte CPF.
  Cpf cpf;
  EXPECT_EQ(decode_cpf(hex("0900 0000 0000"), cpf), EnipError::BadItemCount);
  EXPECT_EQ(decode_cpf(hex("0100 b200 0800 0102"), cpf), EnipError::ItemOverrun);
  CipMessage c;
  EXPECT_EQ(decode_cip({}, c), CipError::Empty);
  EXPECT_EQ(decode_cip(hex("0e 03 20 01"), c), CipError::Truncated);
  std::vector<Bytes> services;
  EXPECT_EQ(decode_multiple(hex("0500 0400"), services), CipError::BadServiceCount);
  EXPECT_EQ(decode_multiple(hex("0100 0100 0e"), services), CipError::BadServiceOffset);
  Bytes embedded;
  EXPECT_EQ(decode_unconnected_send(hex("07 e9 2000 0102"), embedded),
            CipError::BadEmbeddedMessage);
  IdentityAttributes a;
  EXPECT_EQ(decode_identity_all(hex("0100 0e00"), a), CipError::BadIdentity);

  // Through the session: counted as malformed, named by kind.
  Fed f;
  f.to_server(send_rr(hex("0e 03 20 01"), 6));
  f.to_server(send_rr(hex("0a 02 20 02 24 01 0500 0400"), 7));
  EXPECT_EQ(f.sink.anomaly_kinds(),
            (std::vector<std::string>{"cip.truncated", "cip.bad_service_count"}));
  EXPECT_EQ(f.sink.malformed(), 2u);
}

TEST(EnipSession, AMessageSplitAnywhereDecodesTheSame) {
  const std::vector<std::uint8_t> stream = [] {
    std::vector<std::uint8_t> s = hex(kStopPlc);
    const std::vector<std::uint8_t> more = hex(kMultiple);
    s.insert(s.end(), more.begin(), more.end());
    return s;
  }();
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    SCOPED_TRACE(cut);
    Fed f;
    f.session.on_data(Direction::AtoB, Bytes(stream).first(cut), PacketMeta{});
    f.session.on_data(Direction::AtoB, Bytes(stream).subspan(cut), PacketMeta{});
    ASSERT_EQ(f.cip().size(), 2u);
    EXPECT_EQ(f.cip()[0]->function, svc::kStop);
    EXPECT_EQ(f.cip()[1]->function, svc::kMultipleServicePacket);
    EXPECT_TRUE(f.sink.anomalies.empty());
  }
}

TEST(EnipSession, ClassOneIoDatagramsAreCounted) {
  RecordingSink sink;
  FlowInfo flow = ottest::test_flow(kIoPort, Transport::Udp);
  flow.a.port = kIoPort;
  EnipSession session(flow, sink);
  // Sequenced address item (connection 0x11223344, sequence 7), connected data of 4 bytes.
  const auto io = hex("0200 0280 0800 44332211 07000000 b100 0400 0700 aabb");
  ASSERT_TRUE(plausible_io(io));
  session.on_data(Direction::AtoB, io, PacketMeta{});
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].protocol, kEnip);
  EXPECT_EQ(sink.messages[0].function, kIoFunction);
  EXPECT_EQ(sink.messages[0].role, MessageRole::Unsolicited);
  EXPECT_EQ(sink.messages[0].detail, "connection 0x11223344");
  EXPECT_EQ(sink.messages[0].summary,
            "EtherNet/IP data Class 1 I/O Data (0x8002), connection "
            "0x11223344, sequence 7");
  IoDatagram d;
  ASSERT_EQ(decode_io(io, d), EnipError::None);
  EXPECT_EQ(d.sequence, 7u);
}

TEST(EnipProbe, ClaimsEtherNetIpAndNothingElse) {
  EXPECT_EQ(probe(hex(kListIdentityRequest), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(hex(kStopPlc), Transport::Tcp), ProbeResult::Match);
  EXPECT_EQ(probe(hex(kListIdentityRequest), Transport::Udp), ProbeResult::Match);
  EXPECT_EQ(probe(hex("0200 0280 0800 44332211 07000000 b100 0400 0700 aabb"), Transport::Udp),
            ProbeResult::Match);
  EXPECT_EQ(probe(hex("6500"), Transport::Tcp), ProbeResult::NeedMore);
  // Register Session with its version block.
  EXPECT_EQ(
      probe(hex("650004000000000000000000000000000000000000000000 0100 0000"), Transport::Tcp),
      ProbeResult::Match);
  const std::string http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_EQ(
      probe(Bytes(reinterpret_cast<const std::uint8_t*>(http.data()), http.size()), Transport::Tcp),
      ProbeResult::NoMatch);
  EXPECT_EQ(probe(hex("160301020001"), Transport::Tcp), ProbeResult::NoMatch);  // TLS
  EXPECT_EQ(probe(hex("000100000006010300000001"), Transport::Tcp),
            ProbeResult::NoMatch);  // Modbus
  EXPECT_EQ(probe(hex("0300001611e00000000100c0010ac1020100c2020102"), Transport::Tcp),
            ProbeResult::NoMatch);                                      // TPKT/COTP
  EXPECT_EQ(probe(hex("0564"), Transport::Tcp), ProbeResult::NoMatch);  // DNP3
  // A Send RR Data without a session is no established EtherNet/IP conversation.
  std::vector<std::uint8_t> no_session = hex(kUnconnectedSend);
  no_session[4] = no_session[5] = no_session[6] = no_session[7] = 0;
  EXPECT_EQ(probe(no_session, Transport::Tcp), ProbeResult::NoMatch);
  // A datagram whose length disagrees with the header.
  std::vector<std::uint8_t> cut = hex(kListIdentityReply);
  cut.pop_back();
  EXPECT_EQ(probe(cut, Transport::Udp), ProbeResult::NoMatch);
}

TEST(EnipCodes, VendorAndDeviceNames) {
  EXPECT_EQ(vendor_name(1), "Rockwell Automation/Allen-Bradley");
  EXPECT_EQ(vendor_name(47), "Omron Corporation");
  EXPECT_EQ(vendor_name(243), "Schneider Electric");
  EXPECT_EQ(vendor_name(9999), "");
  EXPECT_EQ(device_type_name(0x0E), "Programmable Logic Controller");
  EXPECT_EQ(class_name(0xF5), "TCP/IP Interface");
  EXPECT_EQ(cip_service(0x4C, 0, true)->name, "Read Tag");
  EXPECT_EQ(cip_service(0x54, cls::kConnectionManager, false)->name, "Forward Open");
  EXPECT_FALSE(cip_service(0x4C, 0x72, false).has_value());
}

}  // namespace
}  // namespace otscope::enip
