// Roles inferred from behaviour: who answers control protocols (PLC, RTU, gateway), who polls
// them (HMI, SCADA master), who programs them (engineering workstation), who only reads over long
// periods (historian), who forwards traffic (router) and who speaks no ICS protocol (IT host).
// Pure functions over the aggregated records, run after a capture or a database merge, never per
// packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <unordered_map>
#include <vector>

#include "model/analysis.h"
#include "model/detection/keys.h"

namespace otscope {

/// Finds the asset an address belongs to, the way the inventory assigns addresses: the asset
/// that owns the IP (preferring the one with the given MAC, then the routed one behind it), else
/// the asset of the MAC.
class AssetResolver {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  explicit AssetResolver(std::span<const AssetRecord> assets);
  std::size_t find(const IpAddress& ip, const MacAddress& mac) const;
  std::size_t find(const IpAddress& ip) const { return find(ip, MacAddress{}); }
  std::size_t find_mac(const MacAddress& mac) const;

 private:
  std::span<const AssetRecord> assets_;
  std::unordered_map<IpAddress, std::vector<std::size_t>, detection::IpHash> by_ip_;
  std::unordered_map<MacAddress, std::size_t, detection::MacHash> by_mac_;
};

struct RoleInputs {
  std::span<const AssetRecord> assets;
  std::span<const LinkRecord> links;
  std::span<const OperationRecord> operations;
};

/// Roles of each asset (same order as `assets`), most likely first, each with a confidence and
/// the evidence in words. Deterministic for the same input.
std::vector<std::vector<RoleAssessment>> infer_roles(const RoleInputs& in);

}  // namespace otscope
