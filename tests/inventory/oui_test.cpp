// The MAC vendor registry reader over small files in the layout of Debian's ieee-data CSVs:
// quoted names with commas and doubled quotes, addresses with quoted line breaks, CRLF line ends,
// and the 24-, 28- and 36-bit tables with the longest prefix winning.
#include "engine/oui.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace otscope {
namespace {

class OuiFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("otscope-oui-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  MacAddress mac(std::uint64_t v) const {
    MacAddress m;
    for (int i = 5; i >= 0; --i, v >>= 8) m.bytes[i] = static_cast<std::uint8_t>(v & 0xff);
    return m;
  }
  std::filesystem::path dir_;
};

TEST_F(OuiFiles, ReadsQuotedFieldsAndMultiLineAddresses) {
  const std::string header = "Registry,Assignment,Organization Name,Organization Address\r\n";
  write("oui.csv",
        header +
            "MA-L,00000C,\"Cisco Systems, Inc\",80 West Tasman Drive San Jose CA US "
            "94568 \r\n"
            "MA-L,001122,\"The \"\"Quoted\"\" Works\",\"1 Main St, Suite 2\r\nSpringfield "
            "\"\"North\"\" US\"\r\n"
            "MA-L,0A0B0C,Plain Name,\"an address, with a comma and\r\n"
            "MA-L,C0FFEE,Not A Record,inside the quotes\"\r\n"
            "MA-L,BADHEX,Not Hex,Nowhere\r\n"
            "MA-L,A8CDEF\r\n"
            "MA-L,70B3D5,IEEE Registration Authority,445 Hoes Lane Piscataway NJ US "
            "08554 \r\n");
  write("mam.csv", header + "MA-M,0011223,Longer Prefix Ltd,\"Town\r\nCountry\"\r\n");
  write("oui36.csv", header + "MA-S,70B3D5001,Small Block GmbH,Somewhere DE\r\n");
  const OuiRegistry r(dir_.string());
  EXPECT_EQ(r.size(), 6u);  // the rows with a bad assignment or without a name are skipped
  EXPECT_EQ(r.vendor(mac(0x00000C123456)), "Cisco Systems, Inc");
  EXPECT_EQ(r.vendor(mac(0x0A0B0C000001)), "Plain Name");
  EXPECT_EQ(r.vendor(mac(0xC0FFEE000001)), "");  // a line inside a quoted address is no record
  // The 28-bit assignment wins inside its block; the rest of the 24-bit block keeps its owner.
  EXPECT_EQ(r.vendor(mac(0x001122300000)), "Longer Prefix Ltd");
  EXPECT_EQ(r.vendor(mac(0x001122400000)), "The \"Quoted\" Works");
  EXPECT_EQ(r.vendor(mac(0x70B3D5001ABC)), "Small Block GmbH");
  EXPECT_EQ(r.vendor(mac(0x70B3D5FFF000)), "IEEE Registration Authority");
  EXPECT_EQ(r.vendor(mac(0x020000000001)), "(locally administered)");
  EXPECT_EQ(r.vendor(mac(0x001B1B000000)), "");
  EXPECT_EQ(r.vendor(mac(0xA8CDEF000001)), "");
}

TEST_F(OuiFiles, MissingFilesLeaveTheRegistryEmpty) {
  const OuiRegistry r(dir_.string());
  EXPECT_EQ(r.size(), 0u);
  EXPECT_EQ(r.vendor(mac(0x00000C123456)), "");
}

}  // namespace
}  // namespace otscope
