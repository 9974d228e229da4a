// What a device does on the network, as the inventory infers it from behaviour (model/roles.h).
// One table of roles with a stable machine name and an auditor's label, used by the engine, the
// database and every output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace otscope {

enum class AssetRole : std::uint8_t {
  Unknown,
  Plc,                     // answers Modbus or S7 requests
  Rtu,                     // answers DNP3: RTU, IED, outstation
  Gateway,                 // answers Modbus for several serial units behind it
  Hmi,                     // polls and operates controllers (HMI, SCADA client)
  ScadaMaster,             // polls DNP3 outstations
  EngineeringWorkstation,  // programs controllers, changes their mode, reads SZLs/block lists
  Historian,               // only reads, regularly, over long periods
  Router,                  // forwards other hosts' traffic (their frames carry its MAC)
  ItHost,                  // speaks no ICS protocol
};

/// Stable lower-case name used in JSON, CSV and the database: "plc", "rtu", "gateway", "hmi",
/// "scada_master", "engineering_workstation", "historian", "router", "it_host", "unknown".
std::string_view asset_role_name(AssetRole role);
bool asset_role_from_name(std::string_view name, AssetRole& out);
/// What an auditor reads: "PLC", "RTU / outstation", "HMI / SCADA client", ...
std::string_view asset_role_label(AssetRole role);

/// One role a device may have, how sure the inference is (0..1) and the evidence behind it.
struct RoleAssessment {
  AssetRole role = AssetRole::Unknown;
  double confidence = 0;
  std::vector<std::string> reasons;
  bool operator==(const RoleAssessment&) const = default;
};

}  // namespace otscope
