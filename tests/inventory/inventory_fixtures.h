// Helpers of the inventory tests: addresses from text, finding a device, its role, and a dump of
// an inventory for failure messages.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "model/inventory.h"

namespace otscope::test {

inline IpAddress ip_of(const std::string& text) {
  IpAddress out;
  if (!IpAddress::parse(text, out)) ADD_FAILURE() << "bad IP in test: " << text;
  return out;
}

inline MacAddress mac_of(const std::string& text) {
  MacAddress out;
  unsigned b[6] = {};
  if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
    ADD_FAILURE() << "bad MAC in test: " << text;
  for (int i = 0; i < 6; ++i) out.bytes[i] = static_cast<std::uint8_t>(b[i]);
  return out;
}

/// "plc", "hmi", ... of the most likely role; "" when none.
inline std::string role_of(const InventoryAsset& a) {
  return a.role() ? std::string(asset_role_name(a.role()->role)) : std::string();
}

/// One line per device, for assertion messages.
inline std::string describe(const Inventory& inv) {
  std::ostringstream out;
  for (const InventoryAsset& a : inv.assets) {
    out << (a.record.mac.is_zero() ? std::string("-") : a.record.mac.to_string()) << " [";
    for (const IpAddress& ip : a.record.ips) out << ip.to_string() << ' ';
    out << "] via=" << (a.record.via_mac.is_zero() ? "" : a.record.via_mac.to_string());
    for (const RoleAssessment& r : a.record.roles) {
      out << " " << asset_role_name(r.role) << "(" << r.confidence << ":";
      for (const auto& why : r.reasons) out << " " << why << ";";
      out << ")";
    }
    for (const auto& n : a.hostnames()) out << " name=" << n;
    out << '\n';
  }
  return out.str();
}

}  // namespace otscope::test
