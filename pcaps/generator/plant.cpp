#include "pcaps/generator/plant.h"

namespace otscope::pcapgen::plant {
namespace {

constexpr std::uint32_t kCisco = 0x0009B7;
constexpr std::uint32_t kDell = 0xF8B156;
constexpr std::uint32_t kDellServer = 0xD4BED9;
constexpr std::uint32_t kHp = 0x3CD92B;
constexpr std::uint32_t kHpServer = 0x001A4B;
constexpr std::uint32_t kHpLaptop = 0x00215A;
constexpr std::uint32_t kTelemecanique = 0x0080F4;  // Schneider Electric's Modicon line
constexpr std::uint32_t kMoxa = 0x0090E8;
constexpr std::uint32_t kSiemens = 0x001B1B;
constexpr std::uint32_t kSel = 0x0030A7;
constexpr std::uint32_t kGeDigitalEnergy = 0xC4B512;
constexpr std::uint32_t kIntel = 0xE4A7A0;

constexpr std::uint16_t kWindowsPorts = 49712;
constexpr std::uint16_t kLinuxPorts = 41022;

Host make(const char* name, const char* role, const char* vendor, std::uint32_t oui,
          std::uint32_t device, const char* ip, StackProfile stack, std::uint8_t ttl,
          std::uint16_t ip_id, std::uint16_t first_port) {
  Host h;
  h.name = name;
  h.role = role;
  h.vendor = vendor;
  h.mac = mac_from(oui, device);
  h.ip = Tins::IPv4Address(ip);
  h.stack = stack;
  h.ttl = ttl;
  h.ip_id = ip_id;
  h.next_port = first_port;
  return h;
}

}  // namespace

Host core_router() {
  return make("core-rtr", "router / default gateway", "Cisco Systems", kCisco, 0x3A5101,
              "10.10.1.1", StackProfile::Embedded, 255, 0x1200, 30000);
}

Host core_router_vlan20() {
  Host h = core_router();
  h.name = "core-rtr-vl20";
  h.role = "router interface on VLAN 20";
  h.ip = Tins::IPv4Address("10.10.20.1");
  h.vlan = 20;
  return h;
}

Host domain_controller() {
  return make("dc01", "DNS, DHCP and NTP server (Windows Server)", "Dell", kDellServer, 0x1C2E40,
              "10.10.1.2", StackProfile::Windows, 128, 0x5E21, kWindowsPorts);
}

Host hmi() {
  return make("hmi01", "HMI / SCADA client (Windows)", "Dell", kDell, 0x6D0A11, "10.10.1.10",
              StackProfile::Windows, 128, 0x2B40, kWindowsPorts);
}

Host engineering_ws() {
  return make("ews01", "engineering workstation, STEP 7 (Windows)", "HP", kHp, 0x8E4C02,
              "10.10.1.11", StackProfile::Windows, 128, 0x7710, kWindowsPorts + 311);
}

Host modicon_plc() {
  return make("plc-m340", "Schneider Modicon M340 PLC (Modbus/TCP server)",
              "Schneider Electric (Telemecanique)", kTelemecanique, 0x2A61C3, "10.10.1.20",
              StackProfile::Embedded, 64, 0x0100, 1025);
}

Host modbus_gateway() {
  return make("gw-mgate", "Moxa MGate Modbus TCP-to-serial gateway (units 1, 2)", "Moxa", kMoxa,
              0x3F0A52, "10.10.1.30", StackProfile::Embedded, 64, 0x0300, 1025);
}

Host s7_plc() {
  return make("plc-s7", "Siemens S7-315-2 PN/DP CPU (rack 0, slot 2)", "Siemens", kSiemens,
              0x0B7E55, "10.10.1.40", StackProfile::Embedded, 30, 0x0A00, 1025);
}

Host it_laptop() {
  return make("laptop-it07", "IT laptop (DHCP client, Windows)", "HP", kHpLaptop, 0x5BC911,
              "10.10.1.100", StackProfile::Windows, 128, 0x0001, kWindowsPorts + 1000);
}

Host intruder_laptop() {
  return make("unknown-66", "unknown laptop (Linux), not in the asset list", "Intel", kIntel,
              0x41D7F2, "10.10.1.66", StackProfile::Linux, 64, 0x9D3C, kLinuxPorts);
}

Host scada_master() {
  Host h = make("scada01", "DNP3 master / SCADA front end (Windows)", "HP", kHpServer, 0x27C1D0,
                "10.10.20.5", StackProfile::Windows, 128, 0x4410, kWindowsPorts + 77);
  h.vlan = 20;
  return h;
}

Host sel_rtac() {
  Host h =
      make("rtu-sel", "SEL-3530 RTAC, DNP3 outstation 10", "Schweitzer Engineering Laboratories",
           kSel, 0x0C44A1, "10.10.20.21", StackProfile::Embedded, 64, 0x0010, 1025);
  h.vlan = 20;
  return h;
}

Host ge_d20() {
  Host h =
      make("rtu-ge", "GE D20MX RTU, DNP3 outstation 11", "General Electric Digital Energy",
           kGeDigitalEnergy, 0x01D20B, "10.10.20.22", StackProfile::Embedded, 64, 0x0020, 1025);
  h.vlan = 20;
  return h;
}

Host intruder_vlan20() {
  Host h = intruder_laptop();
  h.name = "unknown-20-66";
  h.ip = Tins::IPv4Address("10.10.20.66");
  h.vlan = 20;
  return h;
}

Host historian() {
  // Behind the router: frames carry the router's MAC, and the TTL has lost one hop.
  Host h =
      make("historian", "process historian in the DMZ (Windows), routed", "n/a (routed)", kCisco,
           0x3A5101, "10.10.5.20", StackProfile::Windows, 127, 0x6620, kWindowsPorts + 501);
  h.routed_via = "core-rtr";
  return h;
}

}  // namespace otscope::pcapgen::plant
