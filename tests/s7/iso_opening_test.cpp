// The S7 probe on ISO-on-TCP flows that open with a COTP connection request, which S7comm shares
// with IEC 61850 MMS: S7 TSAPs claim the flow at once (as before MMS was recognised), other TSAPs
// wait for the first data TPDU, whose first byte decides (0x32 / 0x72 S7, anything else not).
// iso_opening() is what both probes read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/s7/s7.h"
#include "protocols/s7/tpkt.h"
#include "tests/support/test_support.h"

namespace otscope::s7 {
namespace {

using otscope::test::hex;

// Connection request with S7 TSAPs 0x0100 / 0x0102 (s7comm_downloading_block_db1 frame 5).
const std::string kS7Cr = "0300001611e00000000700c1020100c2020102c0010a";
// Connection request with the 0x0001 TSAPs of IEC 61850 MMS stacks.
const std::string kMmsCr = "0300001611e00000000100c0010dc2020001c1020001";
// S7 setup communication job in a DT (snap7_s300_everything frame 1).
const std::string kS7Setup = "0300001902f08032010000000000080000f0000001000101e0";
// The start of an ISO session CONNECT SPDU in a DT (MMS association request).
const std::string kSessionConnect = "0300004002f0800dc0e0c0c1020001000000";

ProbeResult probe(const std::string& h) {
  const std::vector<std::uint8_t> b = hex(h);
  return descriptor().probe(b, Transport::Tcp);
}

TEST(S7ProbeIsoOpening, S7TsapsClaimTheConnectionRequest) {
  EXPECT_EQ(probe(kS7Cr), ProbeResult::Match);
  // S7-1200/1500 name their TSAPs (S7-1200-Uploading-OB1-TIAV12: called "SIMATIC-ROOT-ES").
  EXPECT_EQ(probe("030000231ee00000000100c1020600c20f53494d415449432d524f4f542d4553c0010a"),
            ProbeResult::Match);
  // Profinet_Failed.pcap: CR with TSAPs 0x0200 / 0x0202, a CC, another CR, no data: S7's.
  EXPECT_EQ(probe("0300001611e00000000d00c1020200c2020202c0010a"), ProbeResult::Match);
}

TEST(S7ProbeIsoOpening, OtherTsapsWaitForTheFirstData) {
  EXPECT_EQ(probe(kMmsCr), ProbeResult::NeedMore);
  EXPECT_EQ(probe(kMmsCr + kS7Setup), ProbeResult::Match);
  EXPECT_EQ(probe(kMmsCr + kSessionConnect), ProbeResult::NoMatch);
  EXPECT_EQ(probe(kMmsCr + "0300"), ProbeResult::NeedMore);
  // A connection request followed by bytes that are not TPKT (RDP goes on to TLS).
  EXPECT_EQ(probe(kMmsCr + "1603010200"), ProbeResult::NoMatch);
  // The first data decides even after S7 TSAPs.
  EXPECT_EQ(probe(kS7Cr + kS7Setup), ProbeResult::Match);
}

TEST(S7ProbeIsoOpening, WalksConnectionFramesToTheFirstData) {
  const std::vector<std::uint8_t> b = hex(kMmsCr + kSessionConnect);
  const IsoOpening o = iso_opening(b);
  EXPECT_EQ(o.kind, IsoOpening::Kind::Data);
  ASSERT_FALSE(o.data.empty());
  EXPECT_EQ(o.data[0], 0x0D);
  EXPECT_FALSE(o.data_complete);
  EXPECT_EQ(to_hex(o.called_tsap), "0001");
  EXPECT_FALSE(s7_tsap(o.called_tsap));
  const std::vector<std::uint8_t> cr = hex(kS7Cr);
  const IsoOpening s = iso_opening(cr);
  EXPECT_EQ(s.kind, IsoOpening::Kind::NeedMore);
  EXPECT_TRUE(s7_tsap(s.called_tsap));
  const std::vector<std::uint8_t> http = hex("474554202f20");
  EXPECT_EQ(iso_opening(http).kind, IsoOpening::Kind::NotIso);
}

}  // namespace
}  // namespace otscope::s7
