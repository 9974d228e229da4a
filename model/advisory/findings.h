// The vulnerability listing: every identified asset of an inventory judged against every advisory
// that names its vendor. What `otscope vulns`, the report, the console and detection show.
#pragma once

#include <cstdint>
#include <set>
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

/// The assets' vendor keys (advisory::vendor_key) of the assets find_vulnerabilities judges (those
/// with an identity): the advisories worth reading for this inventory.
std::set<std::string> vendor_keys(const Inventory& inventory);

/// How the listings write a finding: "7.5" ("" without a score); "affected", "possibly
/// affected", "not affected"; the order number (else vendor and model) and the firmware.
std::string cvss_text(double cvss);
std::string_view verdict_label(Verdict v);
std::string identity_text(const DeviceIdentity& device);

/// The identity fields device_identity() reads: a new value of one of them is a reason to judge
/// the device again.
std::span<const std::string_view> identifying_fields();

/// The severity name a CVSS base score maps to: >= 9 "critical", >= 7 "high", >= 4 "medium",
/// else "low".
std::string_view severity_for_score(double cvss);

}  // namespace otscope::advisory
