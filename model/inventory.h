// The asset inventory an auditor reads: one entry per device with its addresses, names,
// identity (each fact with its source and time), roles with their evidence and change history,
// plus the communication map between devices. Built after a run, from the aggregated records of
// an AnalysisResult or from what the database stored; never per packet.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "model/analysis.h"

namespace otscope {

/// What an auditor records about a device that the wire cannot tell (Database::set_asset_audit).
/// Free text is kept exactly as entered; "" means unset.
struct AssetAudit {
  std::string name;          // what the plant calls it; preferred over names seen on the wire
  std::string criticality;   // "", "low", "medium", "high", "critical"
  std::string zone;          // network zone / conduit (IEC 62443)
  std::string purdue_level;  // "", "0", "1", "2", "3", "3.5", "4", "5"
  std::string owner;
  std::string notes;
  std::vector<std::string> tags;
  std::int64_t updated_us = 0;  // when it was last set; 0 when never

  /// True when every field is unset (updated_us aside).
  bool empty() const {
    return name.empty() && criticality.empty() && zone.empty() && purdue_level.empty() &&
           owner.empty() && notes.empty() && tags.empty();
  }
  bool operator==(const AssetAudit&) const = default;
};

struct InventoryAsset {
  std::int64_t id = 0;  // database row id; 0 for an in-memory analysis
  AssetRecord record;   // with roles inferred
  std::vector<HostnameRecord> names;
  std::vector<IdentityRecord> identity;  // every fact about its addresses, by field then time
  std::vector<ChangeRecord> history;     // oldest first
  /// Protocol name -> the sides it takes: "client", "server".
  std::map<std::string, std::set<std::string>> protocol_roles;
  /// What an auditor recorded (empty for an in-memory analysis).
  AssetAudit audit;

  /// The most likely role, or nullptr when none was inferred.
  const RoleAssessment* role() const { return record.roles.empty() ? nullptr : &record.roles[0]; }
  /// Field -> value in force (the one seen last); multi-valued fields (modbus_unit,
  /// dnp3_address) list every value, sorted, joined by ", ".
  std::map<std::string, std::string> identity_values() const;
  /// The latest value of one field, "" when unknown.
  std::string identity_value(const std::string& field) const;
  /// Every value of a multi-valued field, sorted numerically when they are numbers.
  std::vector<std::string> identity_list(const std::string& field) const;
  /// Distinct host names, sorted.
  std::vector<std::string> hostnames() const;
  /// What to call it: the auditor's name, else a host name, else the name it reports (device,
  /// station or module name), else its first IP, else its MAC ("" when it has neither).
  std::string display_name() const;
};

/// One edge of the communication map: what a client device does to a server device over one
/// protocol (or "tcp/PORT"/"udp/PORT" for traffic no decoder claimed).
struct InventoryEdge {
  std::size_t client = 0;  // index into Inventory::assets
  std::size_t server = 0;
  std::string protocol;
  std::set<OpClass> op_classes;
  std::uint64_t requests = 0;
  std::uint64_t flows = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
};

struct Inventory {
  std::vector<InventoryAsset> assets;
  std::vector<InventoryEdge> edges;  // by client, server, protocol

  /// The device owning `ip`, or nullptr.
  const InventoryAsset* find(const IpAddress& ip) const;
  const InventoryAsset* find(const MacAddress& mac) const;
};

/// What the inventory is built from. `ids` runs parallel to `assets` (empty: no ids).
struct InventorySources {
  std::span<const AssetRecord> assets;
  std::span<const std::int64_t> ids;
  std::span<const LinkRecord> links;
  std::span<const OperationRecord> operations;
  std::span<const IdentityRecord> identities;
  std::span<const HostnameRecord> hostnames;
  std::span<const ChangeRecord> changes;
};

/// Assigns every fact to its device, infers roles and builds the communication map.
Inventory build_inventory(const InventorySources& in);
Inventory build_inventory(const AnalysisResult& result);

/// Identity fields that legitimately hold several values per device.
bool is_multi_valued_field(const std::string& field);

}  // namespace otscope
