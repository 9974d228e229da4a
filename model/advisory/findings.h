// The vulnerability listing: every identified asset of an inventory judged against every advisory
// that names its vendor. What `otscope vulns`, the report, the console and detection show.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "model/advisory/advisory.h"
#include "model/inventory.h"

namespace otscope::advisory {

/// What an asset's identity facts say it is (identity vendor, else its MAC vendor).
DeviceIdentity device_identity(const InventoryAsset& asset);

/// One asset and one advisory that concerns it.
struct AssetFinding {
  std::int64_t asset_id = 0;  // InventoryAsset::id
  std::size_t asset = 0;      // index into Inventory::assets
  std::string asset_name;     // the auditor's name, a host name, else the first IP
  std::string ips;            // the asset's IPs, space-separated
  DeviceIdentity device;
  std::string advisory_id;  // tracking id
  std::string title;
  std::string url;
  Finding finding;
};

/// Every (asset, advisory) pair with a verdict, highest CVSS first, then affected before possibly
/// affected before not affected, then asset and advisory id. `advisories` need not be filtered:
/// only those naming the asset's vendor are judged.
std::vector<AssetFinding> find_vulnerabilities(const Inventory& inventory,
                                               std::span<const Advisory> advisories);

/// The severity name a CVSS base score maps to: >= 9 "critical", >= 7 "high", >= 4 "medium",
/// else "low".
std::string_view severity_for_score(double cvss);

}  // namespace otscope::advisory
