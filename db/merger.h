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
  void start();
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
  /// what earlier runs stored (a new firmware, another MAC behind an address), and every
  /// asset's roles inferred again from all stored operations and links.
  void finish();
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
  void derive_identity_changes(const std::string& ip, const std::string& field);
  void derive_mac_changes(const std::string& ip);
  void refresh_roles();

  sqlite3* db_;
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
  Statement find_mac_less_row_of_ip_;
  Statement absorb_counters_;
  Statement absorb_ips_;
  Statement absorb_vlans_;
  std::optional<Statement> absorb_audit_;
  Statement delete_asset_;
  // What the current delta touched, for finish().
  std::set<std::pair<std::string, std::string>> touched_identities_;  // (ip, field)
  std::set<std::string> touched_ips_;
  std::vector<std::int64_t> inserted_history_;
};

}  // namespace otscope::db
