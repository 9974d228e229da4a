// The whole pipeline over every shared DNP3 capture (ITI/ICS-Security-Tools, CC BY 4.0; the
// bro_* files are Zeek's parser test captures from the same collection): per-function message
// counts must agree with Wireshark's DNP3 dissector.
//
// Expected figures come from tshark 4.0 (Debian 12):
//   tshark -r F -Y dnp3.al.func -T fields -e dnp3.al.func | tr , '\n' | sort -n | uniq -c
// tshark reassembles transport segments and shows the function once per application fragment,
// in the frame that completes it, which is the `messages` rule of protocols.dnp3 (one message per
// fragment, function_key = application function code, 0x00 confirm, 0x81/0x82/0x83 responses).
// Several frames in one TCP segment give several comma-separated values (split by `tr`).
// bro_dnp3_read_p20001.pcap runs on port 20001, which tshark only dissects when told
// (`-d tcp.port==20001,dnp3`); otscope recognises DNP3 by content on any port.
// Differences: none in the function counts. `malformed` and the anomaly figures are otscope's
// own and are explained per capture.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "protocols/dnp3/dnp3.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

struct CaptureExpectation {
  const char* file;
  std::map<std::uint32_t, std::uint64_t> functions;
  /// Anomalies with malformed=true.
  std::uint64_t malformed;
  /// Requests that got no response (dnp3.unanswered_request).
  std::uint64_t unanswered;
};

std::string dnp3_anomalies(const AnalysisResult& result) {
  std::string out;
  for (const AnomalyRecord& a : result.anomalies) {
    if (a.protocol != dnp3::kProtocol) continue;
    out += "\n  " + a.kind + " x" + std::to_string(a.count) + " first frame " +
           std::to_string(a.first_frame) + ": " + a.detail;
  }
  return out;
}

const std::vector<CaptureExpectation>& expectations() {
  static const std::vector<CaptureExpectation> kCases = {
      {"assign_class.pcap", {{22, 1}, {129, 1}}, 0, 0},
      {"auth_change_session_keys.pcap", {{32, 2}, {131, 2}}, 0, 0},
      {"auth_control_challenge_response.pcap", {{5, 1}, {32, 1}, {129, 1}, {131, 1}}, 0, 0},
      // 7 malformed: six requests (DISABLE_UNSOLICITED, STOP_APPL, four of them broadcast to
      // 0xFFFF) end with a g60v4 header whose qualifier 0xED has the reserved bit set and an
      // undefined range code (tshark: "Unknown Range Type"), and frames 19 and 21 carry 24 bytes
      // each that start 05 05 instead of 05 64 (tshark shows them as TCP data): 48 unframed
      // bytes. 1 unanswered: the STOP_APPL seq 1 in frame 166 is answered with seq 4 (tshark:
      // dnp3.al.seq 4 in frame 167), which is dnp3.response_without_request, not an answer. The
      // broadcast requests expect no answer.
      {"bro_dnp3.pcap",
       {{0, 13},
        {1, 9},
        {2, 6},
        {3, 5},
        {13, 2},
        {14, 2},
        {18, 4},
        {20, 3},
        {21, 7},
        {129, 34},
        {130, 30}},
       7,
       1},
      {"bro_dnp3_del_measure.pcap", {{23, 1}, {129, 1}}, 0, 0},
      {"bro_dnp3_en_spon.pcap", {{20, 1}, {129, 1}}, 0, 0},
      {"bro_dnp3_file_del.pcap", {{27, 1}, {129, 1}}, 0, 0},
      {"bro_dnp3_file_read.pcap", {{0, 1}, {1, 1}, {2, 2}, {25, 1}, {26, 1}, {129, 5}}, 0, 0},
      {"bro_dnp3_file_write.pcap", {{2, 1}, {25, 1}, {26, 1}, {129, 3}}, 0, 0},
      // Link status requests and replies are not application messages; the READ is answered by
      // a response of two fragments (tshark: 1, 129, 129).
      {"bro_dnp3_link_only.pcap", {{1, 1}, {129, 2}}, 0, 0},
      {"bro_dnp3_read.pcap", {{1, 1}, {129, 1}}, 0, 0},
      {"bro_dnp3_read_p20001.pcap", {{1, 1}, {129, 1}}, 0, 0},
      {"bro_dnp3_rec_time.pcap", {{24, 1}, {129, 1}}, 0, 0},
      {"bro_dnp3_select_operate.pcap", {{3, 1}, {4, 1}, {129, 2}}, 0, 0},
      {"bro_dnp3_write.pcap", {{2, 1}, {129, 1}}, 0, 0},
      {"cold_restart_and_response.pcap", {{13, 1}, {129, 1}}, 0, 0},
      // tshark marks frame 6 "Malformed Packet": it cannot decode the g86v1 data set descriptors
      // (free-format objects with a 2-octet size prefix); otscope steps over them by their size.
      {"dataset_exchange.pcap", {{1, 3}, {129, 3}}, 0, 0},
      // Single-packet captures of requests: nothing answers them.
      {"direct_operate_analog_output.pcap", {{5, 1}}, 0, 1},
      // The CROB header announces 2 objects but carries 1 (tshark: "Malformed Packet").
      {"direct_operate_crob_malform_but_good_crc.pcap", {{5, 1}}, 1, 1},
      {"direct_operate_no_ack_crob.pcap", {{6, 1}}, 0, 0},
      {"directoperate_and_response.pcap", {{5, 1}, {129, 1}}, 0, 0},
      {"disable_unsolcited_and_response.pcap", {{21, 1}, {129, 1}}, 0, 0},
      {"enable_unsolicited_and_response.pcap", {{20, 1}, {129, 1}}, 0, 0},
      {"file_delete.pcap", {{27, 1}, {129, 1}}, 0, 0},
      {"file_list_directory.pcap", {{1, 2}, {25, 1}, {26, 1}, {129, 4}}, 0, 0},
      {"file_read.pcap", {{1, 1}, {25, 1}, {26, 1}, {129, 3}}, 0, 0},
      {"file_write.pcap", {{2, 1}, {25, 1}, {26, 1}, {129, 3}}, 0, 0},
      {"full_exchange.pcap", {{0, 1}, {1, 1}, {2, 1}, {20, 1}, {21, 1}, {129, 4}, {130, 1}}, 0, 0},
      {"immediate_freeze.pcap", {{7, 1}, {129, 1}}, 0, 0},
      {"lan_time_sync.pcap", {{2, 1}, {24, 1}, {129, 2}}, 0, 0},
      // tshark: "Unknown Object\Variation" for g120v3 (aggressive mode request); decoded here.
      {"operate_aggressive_mode.pcap", {{5, 1}, {129, 1}}, 0, 0},
      {"read_and_response.pcap", {{1, 1}, {129, 1}}, 0, 0},
      {"select_operate_and_responses.pcap", {{3, 1}, {4, 1}, {129, 2}}, 0, 0},
      {"serial_time_sync.pcap", {{2, 1}, {23, 1}, {129, 2}}, 0, 0},
      {"unsolcited_response_and_confirm.pcap", {{0, 1}, {130, 1}}, 0, 0},
      {"warm_restart_and_response.pcap", {{14, 1}, {129, 1}}, 0, 0},
      {"write_binary_output.pcap", {{2, 1}}, 0, 1},
      {"write_iin_and_response.pcap", {{2, 1}, {129, 1}}, 0, 0},
      // One WRITE of 2,354 bytes in 9 transport segments: ~300 headers of zero-length g112
      // (virtual terminal) objects over 0-65535. tshark marks it "Malformed Packet"; zero-length
      // objects carry no bytes, so the fragment decodes to its end here.
      {"write_vto_empty_string.pcap", {{2, 1}}, 0, 1},
  };
  return kCases;
}

TEST(Dnp3Captures, PerFunctionCountsAgreeWithTshark) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(pcaps);
  for (const CaptureExpectation& c : expectations()) {
    SCOPED_TRACE(c.file);
    AnalysisResult result = analyze_captures({(pcaps / "dnp3" / c.file).string()});
    ASSERT_TRUE(result.protocols.count("dnp3")) << "no DNP3 seen";
    const ProtocolStats& stats = result.protocols.at("dnp3");
    std::uint64_t total = 0;
    for (const auto& [function, count] : c.functions) total += count;
    EXPECT_EQ(stats.functions, c.functions);
    EXPECT_EQ(stats.messages, total);
    EXPECT_EQ(stats.malformed, c.malformed) << dnp3_anomalies(result);
    EXPECT_EQ(result.anomaly_count("dnp3.unanswered_request"), c.unanswered)
        << dnp3_anomalies(result);
  }
}

TEST(Dnp3Captures, EveryCaptureIsCovered) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(pcaps);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(pcaps / "dnp3")) {
    if (entry.path().extension() != ".pcap" && entry.path().extension() != ".pcapng") continue;
    ++files;
    bool listed = false;
    for (const CaptureExpectation& c : expectations())
      listed = listed || entry.path().filename() == c.file;
    EXPECT_TRUE(listed) << entry.path().filename() << " has no expected figures";
  }
  EXPECT_EQ(files, expectations().size());
}

IpAddress ip(const char* text) {
  IpAddress out;
  EXPECT_TRUE(IpAddress::parse(text, out)) << text;
  return out;
}

TEST(Dnp3Captures, LinkAddressesIdentifyMasterAndOutstation) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(pcaps);
  AnalysisResult result = analyze_captures({(pcaps / "dnp3" / "read_and_response.pcap").string()});
  EXPECT_EQ(result.identity(ip("192.168.60.1"), "dnp3_address"), "1");
  EXPECT_EQ(result.identity(ip("192.168.60.130"), "dnp3_address"), "10");
  // bro_dnp3_link_only: the master (link address 100) is the TCP server on port 20000.
  result = analyze_captures({(pcaps / "dnp3" / "bro_dnp3_link_only.pcap").string()});
  EXPECT_EQ(result.identity(ip("192.168.80.249"), "dnp3_address"), "100");
  EXPECT_EQ(result.identity(ip("192.168.80.12"), "dnp3_address"), "1");
}

TEST(Dnp3Captures, OperationsPairRequestsWithResponses) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(pcaps);
  AnalysisResult result =
      analyze_captures({(pcaps / "dnp3" / "select_operate_and_responses.pcap").string()});
  for (std::uint32_t function : {3u, 4u}) {
    auto ops = result.find_operations(dnp3::kProtocol, function);
    ASSERT_EQ(ops.size(), 1u) << function;
    EXPECT_EQ(ops[0]->requests, 1u);
    EXPECT_EQ(ops[0]->responses, 1u);
    EXPECT_EQ(ops[0]->op, OpClass::Control);
    EXPECT_EQ(ops[0]->detail, "g12v1");
    EXPECT_EQ(ops[0]->unit, 10);
    EXPECT_EQ(ops[0]->client, ip("192.168.60.1"));
    EXPECT_EQ(ops[0]->server, ip("192.168.60.130"));
    ASSERT_EQ(ops[0]->ranges.size(), 1u);
    EXPECT_EQ(ops[0]->ranges[0].space, "g12");
    EXPECT_EQ(ops[0]->ranges[0].start, 0u);
  }
  EXPECT_EQ(result.anomaly_count("dnp3.operate_without_select"), 0u);
  EXPECT_EQ(result.anomaly_count("dnp3.select_without_operate"), 0u);

  // WARM_RESTART answered with IIN2.0 "function code not supported": an exception.
  result = analyze_captures({(pcaps / "dnp3" / "warm_restart_and_response.pcap").string()});
  auto restart = result.find_operations(dnp3::kProtocol, 0x0E);
  ASSERT_EQ(restart.size(), 1u);
  EXPECT_EQ(restart[0]->op, OpClass::Restart);
  EXPECT_EQ(restart[0]->responses, 1u);
  EXPECT_EQ(restart[0]->exceptions, 1u);
  EXPECT_EQ(restart[0]->exception_codes.count(1), 1u);
}

TEST(Dnp3Captures, SpecificAnomalies) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(pcaps);
  AnalysisResult result = analyze_captures({(pcaps / "dnp3" / "bro_dnp3.pcap").string()});
  EXPECT_EQ(result.anomaly_count("dnp3.bad_qualifier"), 6u);
  EXPECT_EQ(result.anomaly_count("dnp3.unframed_bytes"), 1u);
  EXPECT_EQ(result.anomaly_count("dnp3.broadcast"), 4u);
  // Five SELECTs of index 34463 refused with NOT_SUPPORTED, none operated.
  EXPECT_EQ(result.anomaly_count("dnp3.select_without_operate"), 5u);
  result = analyze_captures(
      {(pcaps / "dnp3" / "direct_operate_crob_malform_but_good_crc.pcap").string()});
  EXPECT_EQ(result.anomaly_count("dnp3.truncated_object_data"), 1u);
}

}  // namespace
}  // namespace otscope
