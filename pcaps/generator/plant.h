// The address plan shared by every scenario, so the same device has the same MAC and IP in all
// captures. OUIs are real IEEE assignments (Debian ieee-data, /usr/share/ieee-data/oui.csv).
//
//   10.10.1.0/24   control LAN, untagged     10.10.20.0/24  RTU network, VLAN 20 (tagged)
//   10.10.5.0/24   business/DMZ LAN, only reachable through the core router
#pragma once

#include "pcaps/generator/hosts.h"

namespace otscope::pcapgen::plant {

Host core_router();         // 10.10.1.1   Cisco L3 switch, default gateway
Host core_router_vlan20();  // 10.10.20.1  same router, its VLAN 20 interface
Host domain_controller();   // 10.10.1.2   Dell server: DNS, DHCP, NTP
Host hmi();                 // 10.10.1.10  Dell workstation running the HMI (Windows)
Host engineering_ws();      // 10.10.1.11  HP workstation with STEP 7 (Windows)
Host modicon_plc();         // 10.10.1.20  Schneider Modicon M340 (Telemecanique OUI)
Host modbus_gateway();      // 10.10.1.30  Moxa MGate serial gateway, units 1 and 2
Host s7_plc();              // 10.10.1.40  Siemens S7-315-2 PN/DP
Host it_laptop();           // 10.10.1.100 HP laptop, address from DHCP
Host intruder_laptop();     // 10.10.1.66  unknown Intel-NIC laptop running Linux
Host scada_master();        // 10.10.20.5  HP server, DNP3 master (VLAN 20)
Host sel_rtac();            // 10.10.20.21 SEL-3530 RTAC, DNP3 outstation 10 (VLAN 20)
Host ge_d20();              // 10.10.20.22 GE D20MX RTU, DNP3 outstation 11 (VLAN 20)
Host intruder_vlan20();     // 10.10.20.66 unknown Intel-NIC laptop on VLAN 20 (Linux)
Host historian();           // 10.10.5.20  historian behind the router: seen with the router MAC

}  // namespace otscope::pcapgen::plant
