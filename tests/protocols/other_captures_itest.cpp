// Every capture of ../shared/pcaps/other (the industrial protocols beyond Modbus, DNP3 and S7)
// through the whole pipeline: each is recognised as tshark 4.0 dissects it, with the message
// count per protocol tshark gives, nothing malformed that tshark reads whole, and no protocol
// claiming traffic that is not its own. The per-protocol tests (tests/iec104, tests/enip,
// tests/profinet, ...) check functions, identities and alerts; this table keeps every file
// covered: a capture added to the folder must be added here.
//
// tshark figures, per file F:
//   iec104:        tshark -r F -Y iec60870_104 -T fields -e iec60870_104.type | wc -w   (APDUs)
//   enip, cip:     tshark -r F -Y enip -T fields -e enip.command | wc -w ; -Y cip likewise
//   profinet_dcp:  tshark -r F -Y pn_dcp | wc -l ;  profinet_cm: -Y pn_io
//   goose: -Y goose ; lldp: -Y lldp ; bacnet: -Y bvlc ; fins: -Y omron (PDUs)
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "engine/engine.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

struct Expected {
  std::map<std::string, std::uint64_t> messages;  // per protocol that decoded anything
  std::uint64_t malformed = 0;
};

// clang-format off
const std::map<std::string, Expected> kExpected = {
    {"090813_diverse.pcap", {{{"iec104", 86}}}},
    {"ChangeIPUsingDCP.pcap", {{{"profinet_dcp", 4}}}},
    {"EthernetIP-CIP.pcap", {{{"enip", 8799}, {"cip", 8799}}}},
    {"GOOSE.pcap", {{{"goose", 8}}}},
    {"JavaRMI_and_IEC_Misc.pcap", {{{"iec104", 235}}}},
    {"PROFINET-RT.pcap", {{{"profinet_dcp", 14}}}},
    // 3 more frames are a COTP connection request/confirm with no data: nothing above COTP.
    {"Profinet_Failed.pcap", {{{"lldp", 23}}}},
    // tshark reads 65 APDUs of which it marks 8 malformed (Wireshark's test streams); otscope
    // decodes the 57 whole ones and reports the bytes that start no APDU as 9 malformed runs.
    {"TestDissectIec104.pcap", {{{"iec104", 57}}, 9}},
    {"bacnet_test.pcap", {{{"bacnet", 22}}}},
    {"cip-eth-set-2.pcap", {{{"enip", 1}, {"cip", 1}}}},
    {"cip-multiple-1.pcap", {{{"enip", 1}, {"cip", 1}}}},
    {"cip-multiple-2.pcap", {{{"enip", 1}, {"cip", 1}}}},
    {"cip_start_plc.pcap", {{{"enip", 1}, {"cip", 1}}}},
    {"cip_stop_plc.pcap", {{{"enip", 1}, {"cip", 1}}}},
    {"cip_unlock_cpu.pcap", {{{"enip", 1}, {"cip", 1}}}},
    {"enip_test.pcap", {{{"enip", 2}}}},
    {"omron_test.pcap", {{{"fins", 6}}}},
    {"profinet-wireshark-bug.pcap", {{{"profinet_dcp", 4}}}},
    {"profinet.pcap", {{{"profinet_cm", 2}}}},
};
// clang-format on

TEST(OtherCaptures, EachIsRecognisedAsTsharkDissectsIt) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(root);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root / "other")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".pcap" && entry.path().extension() != ".pcapng") continue;
    SCOPED_TRACE(name);
    ++files;
    auto it = kExpected.find(name);
    ASSERT_NE(it, kExpected.end()) << "a capture this table does not list";
    const AnalysisResult r = analyze_captures({entry.path().string()});
    std::map<std::string, std::uint64_t> got;
    std::uint64_t malformed = 0;
    for (const auto& [protocol, stats] : r.protocols) {
      if (stats.messages != 0) got[protocol] = stats.messages;
      malformed += stats.malformed;
    }
    EXPECT_EQ(got, it->second.messages);
    EXPECT_EQ(malformed, it->second.malformed);
  }
  EXPECT_EQ(files, kExpected.size());
}

}  // namespace
}  // namespace otscope
