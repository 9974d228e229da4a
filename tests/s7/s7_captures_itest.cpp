// Every shared S7 capture through the whole pipeline (analyze_captures): message and per-function
// counts agree with tshark 4.0's S7comm dissector, the S7-300 that Snap7 queried is identified
// exactly as snap7_s300_events.txt prints it, and the S7-1200/1500 name themselves at session
// setup.
//
// S7comm figures were computed with tshark 4.0.17 (which reassembles COTP):
//   messages:  tshark -r F -Y s7comm -T fields -e s7comm.header.rosctr   (one value per PDU;
//              a frame holding two PDUs prints two, so PDUs are counted, not frames)
//   functions: tshark -r F -Y "s7comm.header.rosctr==1 || s7comm.header.rosctr==3"
//              -T fields -e s7comm.param.func
// tshark 4.0 has no S7comm-plus dissector, so the S7comm-plus figures come from reading the bytes
// (TCP streams reassembled, TPKT/COTP walked, a PDU split over several frames counted once, the
// function code taken from the request/response header): every request, response and
// notification. No difference remains between those figures and otscope's.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "protocols/s7/s7.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

struct Expected {
  const char* file;
  std::uint64_t s7comm_messages;
  std::map<std::uint32_t, std::uint64_t> s7comm_functions;
  std::uint64_t s7plus_messages;
  std::map<std::uint32_t, std::uint64_t> s7plus_functions;
};

// clang-format off
const std::vector<Expected> kExpected = {
    {"S7-1200-Uploading-OB1-TIAV12.pcap", 0, {}, 86, {{0x4BB, 4}, {0x4CA, 4}, {0x4D4, 2}, {0x524, 4}, {0x542, 2}, {0x54C, 44}, {0x556, 4}, {0x560, 4}, {0x586, 18}}},
    {"S7-1511_db2_var1_HMI.pcap", 0, {}, 18, {{0x4CA, 2}, {0x4D4, 2}, {0x542, 2}, {0x54C, 12}}},
    {"S7-1511_db3_var1_HMI.pcap", 0, {}, 19, {{0x4CA, 6}, {0x4D4, 2}, {0x542, 6}, {0x54C, 3}, {0x586, 2}}},
    {"S7-1511_db6w0_HMI.pcap", 0, {}, 8, {{0x4CA, 2}, {0x4D4, 2}, {0x542, 2}, {0x586, 2}}},
    // Every client segment appears twice in this capture: TCP reassembly drops the copies.
    {"s7-1200-hmi.pcap", 0, {}, 24, {{0x4CA, 2}, {0x542, 4}, {0x54C, 18}}},
    {"s7comm_downloading_block_db1.pcap", 48, {{0x1A, 2}, {0x1B, 6}, {0x1C, 2}, {0x28, 2}, {0xF0, 6}}, 0, {}},
    // 79 of the 121 S7comm-plus PDUs are V3 notifications: counted, no function code.
    {"s7comm_plus.pcap", 34, {{0x4, 16}, {0x5, 16}, {0xF0, 2}}, 121, {{0x4F2, 26}, {0x542, 4}, {0x54C, 12}}},
    {"s7comm_program_blocklist_onlineview.pcap", 70, {{0xF0, 10}}, 0, {}},
    {"s7comm_reading_plc_status.pcap", 144, {{0xF0, 2}}, 0, {}},
    {"s7comm_reading_setting_plc_time.pcap", 26, {{0xF0, 2}}, 0, {}},
    {"s7comm_varservice_libnodavedemo.pcap", 16, {{0x4, 6}, {0x5, 8}, {0xF0, 2}}, 0, {}},
    {"s7ident.pcap", 22, {{0x4, 2}, {0x1D, 4}, {0xF0, 2}}, 0, {}},
    {"snap7_s300_everything.pcapng", 64, {{0x4, 4}, {0x5, 4}, {0x1D, 9}, {0x1E, 8}, {0x1F, 8}, {0x28, 6}, {0x29, 2}, {0xF0, 2}}, 0, {}},
    {"snap7_s300_readVar.pcapng", 2, {{0x4, 2}}, 0, {}},
    {"snap7_s300_setupCommunication.pcapng", 2, {{0xF0, 2}}, 0, {}},
    {"snap7_s300_stop.pcapng", 2, {{0x29, 2}}, 0, {}},
    {"step7_s300_AuthPassword.pcapng", 6, {}, 0, {}},
    {"step7_s300_copyRamToRom.pcapng", 2, {{0x28, 2}}, 0, {}},
    {"step7_s300_download.pcapng", 96, {{0x1A, 2}, {0x1B, 2}, {0x1C, 2}, {0x28, 2}, {0xF0, 2}}, 0, {}},
    {"step7_s300_readDiagData.pcapng", 410, {}, 0, {}},
    {"step7_s300_readVarTab.pcapng", 331, {}, 0, {}},
    {"step7_s300_rwVarTab.pcapng", 16, {}, 0, {}},
    {"step7_s300_stop.pcapng", 4, {{0x29, 2}}, 0, {}},
    {"tia_s300_downloadHwConfig.pcapng", 154, {{0x1A, 14}, {0x1B, 26}, {0x1C, 14}, {0x28, 24}, {0x29, 2}, {0xF0, 12}}, 0, {}},
    {"tia_s300_downloadOb1.pcapng", 106, {{0x1A, 2}, {0x1B, 4}, {0x1C, 2}, {0x28, 2}}, 0, {}},
    {"tia_s300_flashLed.pcapng", 4, {}, 0, {}},
    {"tia_s300_goOnline.pcapng", 448, {{0xF0, 2}}, 0, {}},
    {"wincc_s300_setup-alarm-read-write.pcapng", 164, {{0x4, 76}, {0x5, 72}, {0xF0, 2}}, 0, {}},
    {"wincc_s300_setup-alarm-read.pcapng", 128, {{0x4, 110}, {0x5, 4}, {0xF0, 2}}, 0, {}},
    {"wincc_s300_setup-alarm-read_2.pcapng", 486, {{0x4, 456}, {0x5, 16}, {0xF0, 2}}, 0, {}},
    {"wincc_s400_production.pcapng", 1658, {{0x4, 168}, {0x5, 54}, {0xF0, 2}}, 0, {}},
};
// clang-format on

IpAddress ip(const std::string& text) {
  IpAddress a;
  EXPECT_TRUE(IpAddress::parse(text, a)) << text;
  return a;
}

TEST(S7Captures, EveryCaptureAgreesWithTshark) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  ASSERT_EQ(kExpected.size(), 31u);
  for (const Expected& e : kExpected) {
    SCOPED_TRACE(e.file);
    AnalysisResult r;
    ASSERT_NO_THROW(r = analyze_captures({(dir / "s7" / e.file).string()}));
    const ProtocolStats s7 =
        r.protocols.count("s7comm") ? r.protocols.at("s7comm") : ProtocolStats{};
    const ProtocolStats plus =
        r.protocols.count("s7comm_plus") ? r.protocols.at("s7comm_plus") : ProtocolStats{};
    EXPECT_EQ(s7.messages, e.s7comm_messages);
    EXPECT_EQ(s7.functions, e.s7comm_functions);
    EXPECT_EQ(s7.malformed, 0u);
    EXPECT_EQ(plus.messages, e.s7plus_messages);
    EXPECT_EQ(plus.functions, e.s7plus_functions);
    EXPECT_EQ(plus.malformed, 0u);
  }
}

TEST(S7Captures, Snap7QueriedPlcIsIdentifiedAsSnap7Printed) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r =
      analyze_captures({(dir / "s7" / "snap7_s300_everything.pcapng").string()});
  const IpAddress plc = ip("134.217.61.211");
  // snap7_s300_events.txt: Catalog / Unit Info.
  EXPECT_EQ(r.identity(plc, "order_number"), "6ES7 315-2EH14-0AB0");
  EXPECT_EQ(r.identity(plc, "module_type"), "CPU 315-2 PN/DP");
  EXPECT_EQ(r.identity(plc, "serial"), "S C-B1U393142011");
  EXPECT_EQ(r.identity(plc, "station_name"), "S7300/ET200M station_1");
  EXPECT_EQ(r.identity(plc, "module_name"), "PLC_1");
  // Snap7 printed "CPU Status: RUN". Its "Version 32.9.9" is the last three bytes of the SZL
  // 0x0011 reply (the boot loader record, "A" 32.9.9); the firmware record says V3.2.7.
  EXPECT_EQ(r.identity(plc, "operating_mode"), "RUN");
  EXPECT_EQ(r.identity(plc, "firmware"), "V3.2.7");
  EXPECT_EQ(r.identity(plc, "vendor"), "Siemens");
  // Nothing about the PLC is attributed to the client.
  EXPECT_EQ(r.identity(ip("134.217.61.131"), "order_number"), "");
}

TEST(S7Captures, OperationsNameWhoDidWhatToThePlc) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r =
      analyze_captures({(dir / "s7" / "snap7_s300_everything.pcapng").string()});
  const IpAddress client = ip("134.217.61.131");
  const IpAddress plc = ip("134.217.61.211");
  auto stops = r.find_operations(s7::kS7comm, 0x29);
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0]->client, client);
  EXPECT_EQ(stops[0]->server, plc);
  EXPECT_EQ(stops[0]->op, OpClass::ModeChange);
  EXPECT_EQ(stops[0]->requests, 1u);
  EXPECT_EQ(stops[0]->responses, 1u);
  // Start upload: 5 jobs, 4 Ack_Data and one Ack refusing OB0 with 0xD20C.
  std::uint64_t requests = 0, responses = 0, exceptions = 0;
  for (const OperationRecord* op : r.find_operations(s7::kS7comm, 0x1D)) {
    requests += op->requests;
    responses += op->responses;
    exceptions += op->exceptions;
    EXPECT_EQ(op->op, OpClass::Program);
  }
  EXPECT_EQ(requests, 5u);
  EXPECT_EQ(responses, 5u);
  EXPECT_EQ(exceptions, 1u);
  // Read SZL as user-data function 0x10000 | 4 << 8 | 1.
  EXPECT_FALSE(r.find_operations(s7::kS7comm, 0x10401).empty());
}

TEST(S7Captures, DownloadIsTheProgrammingStationsOperation) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r =
      analyze_captures({(dir / "s7" / "s7comm_downloading_block_db1.pcap").string()});
  const IpAddress pg = ip("192.168.1.10");
  const IpAddress plc = ip("192.168.1.40");
  auto blocks = r.find_operations(s7::kS7comm, 0x1B);
  ASSERT_EQ(blocks.size(), 1u);
  // The PLC pulls the block with Download block jobs; the operation is still the PG's.
  EXPECT_EQ(blocks[0]->client, pg);
  EXPECT_EQ(blocks[0]->server, plc);
  EXPECT_EQ(blocks[0]->detail, "DB1");
  EXPECT_EQ(blocks[0]->requests, 3u);
  EXPECT_EQ(blocks[0]->responses, 3u);
  // STEP 7 connected to rack 0, slot 2.
  EXPECT_EQ(r.identity(plc, "rack"), "0");
  EXPECT_EQ(r.identity(plc, "slot"), "2");
  EXPECT_EQ(blocks[0]->unit, 2);
}

TEST(S7Captures, S7commPlusPlcsNameThemselvesAtSessionSetup) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const AnalysisResult r1511 =
      analyze_captures({(dir / "s7" / "S7-1511_db2_var1_HMI.pcap").string()});
  EXPECT_EQ(r1511.identity(ip("192.168.25.139"), "order_number"), "6ES7 511-1AK00-0AB0");
  EXPECT_EQ(r1511.identity(ip("192.168.25.139"), "firmware"), "V1.0");
  EXPECT_EQ(r1511.identity(ip("192.168.25.139"), "model"), "S7-1500");
  const AnalysisResult r1200 = analyze_captures({(dir / "s7" / "s7-1200-hmi.pcap").string()});
  EXPECT_EQ(r1200.identity(ip("192.168.25.131"), "order_number"), "6ES7 211-1BE31-0XB0");
  EXPECT_EQ(r1200.identity(ip("192.168.25.131"), "firmware"), "V3.0");
  EXPECT_EQ(r1200.identity(ip("192.168.25.131"), "model"), "S7-1200");
}

}  // namespace
}  // namespace otscope
