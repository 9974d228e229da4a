// From what db/ returns to the console's rows (run in the reader thread). Endpoints are shown
// with the name of the asset that owns the address, so a list of alerts reads "ENG-WS-01
// (10.0.0.5) → PLC-3 (10.0.1.3)" rather than two numbers.
#pragma once

#include <QString>
#include <unordered_map>
#include <vector>

#include "db/alert_store.h"
#include "db/database.h"
#include "gui/data/refresh.h"
#include "gui/models/view_models.h"
#include "model/advisory/findings.h"
#include "model/detection/baseline.h"
#include "model/detection/keys.h"
#include "model/inventory.h"

namespace otscope::gui {

/// Display names of the inventory's addresses.
class NameBook {
 public:
  NameBook() = default;
  explicit NameBook(const Inventory& inventory);
  /// "name (ip)", or the address alone when its asset has no name of its own.
  QString endpoint(const IpAddress& ip) const;
  /// The name alone, "" when none.
  QString name(const IpAddress& ip) const;
  /// Changes whenever any name changes (the rows that show names must then be built again).
  std::uint64_t version() const { return version_; }

 private:
  std::unordered_map<IpAddress, QString, detection::IpHash> names_;
  std::uint64_t version_ = 0;
};

/// Open (or acknowledged) alerts per address, with the worst severity among them.
struct AlertTally {
  std::uint64_t count = 0;
  int worst = -1;  // detection::Severity, -1 none
};
using AlertTallies = std::unordered_map<IpAddress, AlertTally, detection::IpHash>;
AlertTallies alertTallies(const std::vector<detection::StoredAlert>& alerts);

/// The advisories that concern one asset (affected or possibly), for the assets view.
struct AdvisoryTally {
  std::uint32_t affected = 0;
  std::uint32_t possible = 0;
  double max_cvss = -1;  // over both
  QString list;          // "ICSA-19-283-02: affected, CVSS 7.5" per line, highest first
};
/// By asset id.
using AdvisoryTallies = std::unordered_map<std::int64_t, AdvisoryTally>;
AdvisoryTallies advisoryTallies(const std::vector<advisory::AssetFinding>& findings);

/// The stable id of an advisory row: asset id and tracking id, hashed (positive).
std::int64_t advisoryRowId(std::int64_t asset_id, std::string_view tracking_id);
/// "Siemens S7-300 CPU 315-2 PN/DP": vendor, model and module type (else the product name).
QString deviceText(const advisory::DeviceIdentity& d);

/// Each builder makes the rows of one view from what db/ returned, building only the rows whose
/// sources changed since the cache's previous pass (all of them when `reset`), and returns the
/// view's diff.
TableDiff<AssetRow> assetRows(const Inventory& inventory, const AlertTallies& alerts,
                              const AdvisoryTallies& advisories, RowCache<AssetRow>& cache,
                              bool reset);
TableDiff<AdvisoryRow> advisoryRows(const std::vector<advisory::AssetFinding>& findings,
                                    RowCache<AdvisoryRow>& cache, bool reset);
TableDiff<AlertRow> alertRows(const std::vector<detection::StoredAlert>& alerts,
                              const NameBook& names, RowCache<AlertRow>& cache, bool reset);
TableDiff<OperationRow> operationRows(const std::vector<StoredOperation>& operations,
                                      const NameBook& names, RowCache<OperationRow>& cache,
                                      bool reset);
TableDiff<AnomalyRow> anomalyRows(const std::vector<StoredAnomaly>& anomalies,
                                  const std::vector<StoredCaptureRun>& runs, const NameBook& names,
                                  RowCache<AnomalyRow>& cache, bool reset);
TableDiff<LinkRow> linkRows(const std::vector<StoredLink>& links, const NameBook& names,
                            RowCache<LinkRow>& cache, bool reset);
/// `alive(id)` tells whether a 'running' run's writer is alive.
TableDiff<RunRow> runRows(const std::vector<StoredCaptureRun>& runs,
                          const std::function<bool(std::int64_t)>& alive, RowCache<RunRow>& cache,
                          bool reset);
TableDiff<BaselineRow> baselineRows(const std::vector<detection::StoredBaselineEntry>& entries,
                                    const NameBook& names, RowCache<BaselineRow>& cache,
                                    bool reset);

/// "holding_register 0-9, 100-124; coil 0-15"
QString rangesText(const std::vector<AddressRange>& ranges);
/// The protocol's name as stored ("modbus", "s7comm_plus") made readable ("Modbus",
/// "S7comm-plus"); other text ("tcp/80") as it is.
QString protocolText(const std::string& name);

}  // namespace otscope::gui
