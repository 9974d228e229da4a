// The write side of Database::merge(): one prepared statement per kind of upsert, prepared once
// per connection and reused for every record of every delta. The caller owns the transaction.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/sqlite.h"
#include "model/analysis.h"

namespace otscope::db {

class Merger {
 public:
  explicit Merger(sqlite3* db);

  /// The SQL of every statement the merger prepares: what tests check with EXPLAIN QUERY PLAN
  /// (each is answered through an index, never a scan of a table that grows with the network).
  static std::vector<std::string_view> statements();

  /// At the start of every merge transaction: forgets what an earlier (possibly failed) merge
  /// touched and inserted. Nothing else is kept between transactions: every decision reads the
  /// stored rows inside the current one, so other writers' commits in between are seen.
  /// `roles_inferred`: the records' roles were inferred from the delta's own assets, links and
  /// operations (AnalysisResult::roles_inferred).
  void start(bool roles_inferred = false);
  void protocol_stats(const std::string& protocol, const ProtocolStats& stats);
  /// Keying: a non-zero MAC merges into the row with that MAC; a zero MAC merges into the asset
  /// with a MAC (other than the record's via_mac) that holds one of the IPs, the one whose
  /// address was seen last, else into a MAC-less asset that already owns one of the IPs, else it
  /// becomes a new row. Every lookup is one index search, so a merge costs what it writes.
  void asset(const AssetRecord& asset);
  void link(const LinkRecord& link);
  void operation(const OperationRecord& operation);
  void identity(const IdentityRecord& identity, std::int64_t run_id);
  void anomaly(const AnomalyRecord& anomaly, std::int64_t run_id);
  void hostname(const HostnameRecord& name, std::int64_t run_id);
  /// A change the engine noticed; kept once (same address, field, values and time).
  void change(const ChangeRecord& change, std::int64_t run_id);
  /// After the records of a delta: the changes that what was just merged implies together with
  /// what earlier runs stored (a new firmware, another MAC behind an address), and the roles of
  /// every asset the delta touched (its own record, a link or an operation at one of its
  /// addresses, a device routed through it) inferred again from the stored operations and links
  /// at its addresses: a merge reads what it changed, never the whole inventory.
  void finish();
  /// Assets whose roles the last finish() inferred again (for tests: a merge is linear in what
  /// it changed).
  std::size_t roles_refreshed() const { return roles_refreshed_; }
  /// The asset_history ids inserted since start(), ascending.
  const std::vector<std::int64_t>& inserted_history() const { return inserted_history_; }

 private:
  struct Found {
    std::int64_t id = 0;       // 0: no such asset yet
    bool local_owner = false;  // a MAC-less record's address held by a device with a MAC
  };
  Found find_asset(const std::string& mac, const std::string& via_mac,
                   const std::vector<std::string>& ips);
  /// Folds the MAC-less rows of `ips` (not routed through `mac`) into the asset `id` of `mac`.
  void absorb_mac_less_rows(std::int64_t id, const std::string& mac,
                            const std::vector<std::string>& ips);
  /// Inserts `op` as a new row; false when its key is stored already (nothing written).
  bool insert_operation(const OperationRecord& op);
  bool insert_operation(const OperationRecord& op, const std::string& codes_json,
                        const std::string& ranges_json);
  void derive_identity_changes(const std::string& ip, const std::string& field);
  void derive_mac_changes(const std::string& ip);
  void refresh_roles();
  /// refresh_roles() of every asset, from one read of the whole inventory.
  void refresh_all_roles();
  void write_roles(std::int64_t id, const std::vector<RoleAssessment>& roles);
  /// The ids of the assets whose roles what the delta merged may change.
  std::set<std::int64_t> assets_to_refresh();

  sqlite3* db_;
  /// The operations table held no row when the merge started (start()).
  bool operations_were_empty_ = false;
  /// The merge started with no asset, link or operation stored, its records' roles were
  /// inferred from them, and every asset record became a row of its own: the stored inventory is
  /// the delta's, and so are its roles (finish() infers none again).
  bool own_inventory_ = false;
  Statement upsert_protocol_;
  Statement upsert_function_;
  Statement find_asset_by_mac_;
  Statement find_mac_less_asset_by_ip_;
  Statement find_mac_asset_by_ip_;
  Statement insert_asset_;
  Statement update_asset_;
  Statement upsert_asset_ip_;
  Statement insert_asset_vlan_;
  Statement upsert_link_;
  Statement find_operation_;
  Statement insert_operation_;
  Statement update_operation_;
  Statement upsert_identity_;
  Statement upsert_anomaly_;
  // Inventory (schema step 3).
  Statement detach_routed_ip_;
  Statement upsert_name_;
  Statement insert_change_;
  Statement identity_values_;
  Statement unit_values_;  // the unit ids a server answers for (ProtocolInfo::gateway_unit_field())
  Statement macs_of_ip_;
  Statement update_roles_;
  // Role refresh of the touched assets only.
  Statement max_asset_id_;
  Statement max_operation_id_;
  Statement max_link_id_;
  Statement role_operations_;
  Statement asset_ids_of_ip_;
  Statement asset_of_mac_;
  Statement role_asset_;
  Statement role_asset_ips_;
  Statement routed_through_;
  Statement links_of_client_;
  Statement links_of_server_;
  Statement operations_of_client_;
  Statement operations_of_server_;
  Statement find_mac_less_row_of_ip_;
  Statement absorb_counters_;
  Statement absorb_ips_;
  Statement absorb_vlans_;
  std::optional<Statement> absorb_audit_;
  Statement delete_asset_;
  // What the current delta touched, for finish().
  std::set<std::pair<std::string, std::string>> touched_identities_;  // (ip, field)
  std::set<std::string> touched_ips_;
  // For refresh_roles(): assets merged, and the addresses and MACs of merged links and
  // operations (a router's MAC for a routed asset).
  std::set<std::int64_t> role_assets_;
  std::set<std::string> role_ips_;
  std::set<std::string> role_macs_;
  std::size_t roles_refreshed_ = 0;
  std::vector<std::int64_t> inserted_history_;
};

}  // namespace otscope::db
