// DHCP clients before they have an address: each sends from 0.0.0.0 with its own MAC and names
// itself in option 12. Every MAC is its own asset with its own name, and 0.0.0.0 is never an
// address of an asset (hardening issue, item 3).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/inventory/crafted_captures.h"
#include "tests/inventory/inventory_fixtures.h"
#include "tests/support/frames.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;
using test::run_command;

// A client's DHCP message (op 1) from `mac`, message type `type`, host name `name`.
test::Frame dhcp_client(const std::string& mac, std::uint8_t type, const std::string& name) {
  test::Frame b(236, 0);
  b[0] = 1;  // BOOTREQUEST
  b[1] = 1;  // Ethernet
  b[2] = 6;
  const MacAddress m = test::mac_of(mac);
  std::copy_n(m.bytes.begin(), 6, b.begin() + 28);
  b.insert(b.end(), {0x63, 0x82, 0x53, 0x63, 53, 1});
  b.push_back(type);
  b.push_back(12);
  b.push_back(static_cast<std::uint8_t>(name.size()));
  b.insert(b.end(), name.begin(), name.end());
  b.push_back(255);
  return test::ethernet(
      mac, "ff:ff:ff:ff:ff:ff", 0x0800,
      test::ipv4("0.0.0.0", "255.255.255.255", 17, test::udp_datagram(68, 67, b)));
}

const std::map<std::string, std::string> kClients = {
    {"00:1d:9c:10:00:01", "HMI-PANEL-01"},
    {"00:1d:9c:10:00:02", "HMI-PANEL-02"},
    {"00:1d:9c:10:00:03", "ENG-STATION-03"},
};

std::string dhcp_capture(const std::filesystem::path& dir) {
  std::vector<test::TimedFrame> frames;
  std::int64_t t = 1'772'438'400'000'000;
  for (std::uint8_t type : {std::uint8_t{1}, std::uint8_t{3}})
    for (const auto& [mac, name] : kClients)
      frames.push_back({t += 1'000, dhcp_client(mac, type, name)});
  return test::write_capture(dir / "dhcp_clients.pcap", frames);
}

TEST(DhcpClients, EachMacFromTheUnspecifiedAddressIsItsOwnNamedAsset) {
  test::TempDir dir;
  const std::string bin = test::otscope_binary().string();
  const std::string pcap = dhcp_capture(dir.path());

  // In memory: three assets.
  auto mem = run_command({bin, "analyze", "--no-db", "--json", pcap});
  ASSERT_EQ(mem.exit_code, 0) << mem.err;
  EXPECT_EQ(json::parse(mem.out)["assets"], 3) << mem.out;

  // Through the database: three assets, each with its MAC and its own name, none at 0.0.0.0.
  const std::string db = (dir.path() / "dhcp.db").string();
  auto an = run_command({bin, "analyze", "-q", "--db", db, pcap});
  ASSERT_EQ(an.exit_code, 0) << an.err;
  auto r = run_command({bin, "assets", "--db", db, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json assets = json::parse(r.out);
  ASSERT_EQ(assets.size(), kClients.size()) << assets.dump(1);
  std::map<std::string, std::vector<std::string>> names;
  for (const json& a : assets) {
    for (const json& ip : a["ips"]) EXPECT_NE(ip, "0.0.0.0") << a.dump(1);
    names[a["mac"].get<std::string>()] = a["hostnames"].get<std::vector<std::string>>();
  }
  for (const auto& [mac, name] : kClients) {
    ASSERT_TRUE(names.count(mac)) << mac << "\n" << assets.dump(1);
    EXPECT_EQ(names[mac], std::vector<std::string>{name}) << mac << "\n" << assets.dump(1);
  }
}

}  // namespace
}  // namespace otscope
