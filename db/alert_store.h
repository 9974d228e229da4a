// Alerts and the baseline in the otscope database (tables `alerts`, `alert_evidence`,
// `baseline`; schema step "alerts and baseline" in db/schema.cpp). Every write is one
// transaction that reads what it depends on inside it, so other writers (a sensor, a console)
// may commit between any two calls; reads work on a read-only database.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/database.h"
#include "model/detection/alert.h"
#include "model/detection/baseline.h"

namespace otscope::detection {

/// An alert as stored: row id, state and the aggregated record.
struct StoredAlert {
  std::int64_t id = 0;
  AlertState state = AlertState::Open;
  Alert alert;
};

/// The id given to each change and whether the change opened a new row.
struct MergedAlert {
  std::int64_t id = 0;
  bool new_row = false;
};

/// Merges alert deltas: a change aggregates into the open or acknowledged alert with the same
/// rule, protocol, source and destination (count adds, first/last seen widen, evidence is
/// appended up to Alert::kMaxEvidence); a closed alert is never reopened, a new one starts.
/// `run_ids_by_capture` maps evidence capture names to capture_runs ids (may be empty).
/// Returns one entry per change, in order. Throws DbError; nothing is stored on failure.
std::vector<MergedAlert> merge_alerts(
    Database& db, std::span<const AlertChange> changes,
    std::span<const std::pair<std::string, std::int64_t>> run_ids_by_capture = {});

/// What load_alerts() reads besides each alert's row. A console listing many alerts leaves both
/// out and asks for one alert's evidence (load_evidence) or whole record (load_alert) on demand.
struct AlertLoad {
  /// Alert::evidence (the alert_evidence rows); empty when false.
  bool evidence = true;
  /// Alert::facts (what `alerts accept` would add to the baseline); empty when false.
  bool facts = true;
  /// Only the newest this many (0: all), for a console that shows the newest at once.
  std::size_t limit = 0;
};

/// All alerts (or the newest AlertLoad::limit), newest first (by first seen, then id).
std::vector<StoredAlert> load_alerts(const Database& db, const AlertLoad& what = {});
/// One alert with its evidence and facts; nullopt when there is no such alert.
std::optional<StoredAlert> load_alert(const Database& db, std::int64_t id);
/// The evidence of one alert, oldest first (empty for an unknown id).
std::vector<Evidence> load_evidence(const Database& db, std::int64_t alert_id);
/// The packets stored with an alert (a live capture's evidence, AlertChange::packets), by frame.
std::vector<EvidencePacket> load_evidence_packets(const Database& db, std::int64_t alert_id);
/// Sets the state; false when there is no such alert.
bool set_alert_state(Database& db, std::int64_t id, AlertState state);

/// The stored baseline.
Baseline load_baseline(const Database& db);
/// One stored baseline row and where it came from: "learned", "imported" or "alert N".
struct StoredBaselineEntry {
  BaselineEntry entry;
  std::string origin;
};
/// The baseline's rows, by protocol, client, server, unit and function.
std::vector<StoredBaselineEntry> load_baseline_entries(const Database& db);

/// The baseline's learned process values (table baseline_values, schema step 9), by protocol,
/// server, unit, space and address.
std::vector<ValueEntry> load_baseline_values(const Database& db);

/// Fingerprints of the alerts and the baseline (counts, id and time maxima, sums of counts,
/// states and JSON lengths): an unchanged number means unchanged rows, so a console polling the
/// database reads them again only when they changed. 0 when the table does not exist.
std::uint64_t alerts_fingerprint(const Database& db);
std::uint64_t baseline_fingerprint(const Database& db);
/// Adds every entry of `b` (ranges united, first/last seen widened) and its learned values
/// (LearnedValues::merge), tagged with `origin` ("learned", "imported", "alert 12"). One
/// transaction.
void save_baseline(Database& db, const Baseline& b, const std::string& origin);
/// Deletes every baseline entry and learned value (before an import that replaces it).
void clear_baseline(Database& db);

/// Puts what alert `id` saw into the baseline and closes it. Returns the number of baseline
/// entries it touched; nullopt when there is no such alert. Throws DbError.
std::optional<std::size_t> accept_alert(Database& db, std::int64_t id);

/// The changes one merge added to the inventory's change history (this run's changes and those
/// it made against earlier runs: MergeReport::history_ids), each with the source of the capture
/// run that saw it. Only that merge's rows, whatever other writers stored meanwhile.
std::vector<std::pair<ChangeRecord, std::string>> merged_changes(const Database& db,
                                                                 const MergeReport& merged);

/// The highest id in the inventory's change history (asset_history), 0 when it is empty.
std::int64_t last_change_id(const Database& db);
/// Changes the history holds after `after_id`, each with the source of the capture run that saw
/// it. With several writers these may include other writers' rows: to act on what one merge
/// added, use merged_changes().
std::vector<std::pair<ChangeRecord, std::string>> changes_since(const Database& db,
                                                                std::int64_t after_id);

}  // namespace otscope::detection
