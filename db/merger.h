// The write side of Database::merge(): one prepared statement per kind of upsert, prepared once
// per connection and reused for every record of every delta. The caller owns the transaction.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "db/sqlite.h"
#include "engine/analysis.h"

namespace otscope::db {

class Merger {
 public:
  explicit Merger(sqlite3* db);

  void protocol_stats(const std::string& protocol, const ProtocolStats& stats);
  /// Keying: a non-zero MAC merges into the row with that MAC; a zero MAC merges into a MAC-less
  /// asset that already owns one of the IPs, else it becomes a new row.
  void asset(const AssetRecord& asset);
  void link(const LinkRecord& link);
  void operation(const OperationRecord& operation);
  void identity(const IdentityRecord& identity, std::int64_t run_id);
  void anomaly(const AnomalyRecord& anomaly, std::int64_t run_id);

 private:
  std::int64_t find_asset(const std::string& mac, const std::vector<std::string>& ips);

  sqlite3* db_;
  Statement upsert_protocol_;
  Statement upsert_function_;
  Statement find_asset_by_mac_;
  Statement find_mac_less_asset_by_ip_;
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
};

}  // namespace otscope::db
