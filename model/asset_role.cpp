#include "model/asset_role.h"

#include <array>

namespace otscope {

namespace {
struct RoleInfo {
  AssetRole role;
  std::string_view name;
  std::string_view label;
};
constexpr std::array<RoleInfo, 10> kRoles{{
    {AssetRole::Unknown, "unknown", "Unknown"},
    {AssetRole::Plc, "plc", "PLC"},
    {AssetRole::Rtu, "rtu", "RTU / outstation"},
    {AssetRole::Gateway, "gateway", "Protocol gateway"},
    {AssetRole::Hmi, "hmi", "HMI / SCADA client"},
    {AssetRole::ScadaMaster, "scada_master", "SCADA master"},
    {AssetRole::EngineeringWorkstation, "engineering_workstation", "Engineering workstation"},
    {AssetRole::Historian, "historian", "Historian"},
    {AssetRole::Router, "router", "Router"},
    {AssetRole::ItHost, "it_host", "IT host"},
}};
}  // namespace

std::string_view asset_role_name(AssetRole role) {
  for (const RoleInfo& r : kRoles)
    if (r.role == role) return r.name;
  return "unknown";
}

bool asset_role_from_name(std::string_view name, AssetRole& out) {
  for (const RoleInfo& r : kRoles) {
    if (r.name == name) {
      out = r.role;
      return true;
    }
  }
  return false;
}

std::string_view asset_role_label(AssetRole role) {
  for (const RoleInfo& r : kRoles)
    if (r.role == role) return r.label;
  return "Unknown";
}

}  // namespace otscope
