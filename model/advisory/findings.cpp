#include "model/advisory/findings.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace otscope::advisory {

DeviceIdentity device_identity(const InventoryAsset& asset) {
  DeviceIdentity d;
  d.vendor = asset.identity_value("vendor");
  if (d.vendor.empty()) d.vendor = asset.record.mac_vendor;
  d.model = asset.identity_value("model");
  d.module_type = asset.identity_value("module_type");
  d.product = asset.identity_value("product");
  d.order_number = asset.identity_value("order_number");
  if (d.order_number.empty()) d.order_number = asset.identity_value("product_code");
  d.firmware = asset.identity_value("firmware");
  d.hardware = asset.identity_value("hardware");
  return d;
}

std::vector<AssetFinding> find_vulnerabilities(const Inventory& inventory,
                                               std::span<const Advisory> advisories) {
  // Advisories by vendor key, so each asset is judged only against its vendor's.
  std::map<std::string, std::vector<const Advisory*>> by_vendor;
  for (const Advisory& a : advisories)
    for (const std::string& k : a.vendor_keys()) by_vendor[k].push_back(&a);
  std::vector<AssetFinding> out;
  for (std::size_t i = 0; i < inventory.assets.size(); ++i) {
    const InventoryAsset& asset = inventory.assets[i];
    DeviceIdentity d = device_identity(asset);
    if (d.empty()) continue;
    auto it = by_vendor.find(vendor_key(d.vendor));
    if (it == by_vendor.end()) continue;
    std::string ips;
    for (const IpAddress& ip : asset.record.ips) ips += (ips.empty() ? "" : " ") + ip.to_string();
    for (const Advisory* a : it->second) {
      std::optional<Finding> f = judge(*a, d);
      if (!f) continue;
      AssetFinding af;
      af.asset_id = asset.id;
      af.asset = i;
      af.asset_name = asset.display_name();
      af.ips = ips;
      af.device = d;
      af.advisory_id = a->tracking_id;
      af.title = a->title;
      af.url = a->url;
      af.finding = std::move(*f);
      out.push_back(std::move(af));
    }
  }
  std::sort(out.begin(), out.end(), [](const AssetFinding& x, const AssetFinding& y) {
    return std::make_tuple(-x.finding.cvss, -static_cast<int>(x.finding.verdict), x.asset,
                           x.advisory_id) < std::make_tuple(-y.finding.cvss,
                                                            -static_cast<int>(y.finding.verdict),
                                                            y.asset, y.advisory_id);
  });
  return out;
}

std::set<std::string> vendor_keys(const Inventory& inventory) {
  std::set<std::string> keys;
  for (const InventoryAsset& a : inventory.assets) {
    const DeviceIdentity d = device_identity(a);
    if (!d.empty() && !d.vendor.empty()) keys.insert(vendor_key(d.vendor));
  }
  return keys;
}

std::string cvss_text(double cvss) {
  if (cvss < 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", cvss);
  return buf;
}

std::string_view verdict_label(Verdict v) {
  switch (v) {
    case Verdict::Affected:
      return "affected";
    case Verdict::PossiblyAffected:
      return "possibly affected";
    case Verdict::NotAffected:
      return "not affected";
  }
  return "";
}

std::string identity_text(const DeviceIdentity& d) {
  std::string out = d.order_number.empty() ? d.vendor + " " + d.model : d.order_number;
  if (!d.firmware.empty()) out += " " + d.firmware;
  return out;
}

std::span<const std::string_view> identifying_fields() {
  static constexpr std::string_view kFields[] = {"vendor",   "model",        "module_type",
                                                 "product",  "order_number", "product_code",
                                                 "firmware", "hardware"};
  return kFields;
}

std::string_view severity_for_score(double cvss) {
  if (cvss >= 9.0) return "critical";
  if (cvss >= 7.0) return "high";
  if (cvss >= 4.0) return "medium";
  return "low";
}

}  // namespace otscope::advisory
