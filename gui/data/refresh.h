// What the reader thread sends the GUI thread after it read the database: a diff per view, the
// inventory behind the asset rows (for the detail pane) and the figures of the status bar.
#pragma once

#include <QMetaType>
#include <QString>
#include <cstdint>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "db/database.h"
#include "db/map_store.h"
#include "gui/models/view_models.h"
#include "model/dashboard.h"
#include "model/inventory.h"

namespace otscope::gui {

/// What the status bar says.
struct DbStatus {
  std::int64_t refreshed_us = 0;  // wall clock of the read
  std::uint64_t assets = 0;
  std::uint64_t open_alerts = 0;  // open or acknowledged
  std::uint64_t critical_open = 0;
  std::uint64_t live_runs = 0;   // runs whose writer is alive (a sensor, a replay)
  std::uint64_t advisories = 0;  // public advisories stored
};

struct Refresh {
  bool reset = false;  // first read of this database
  /// A first look only (the newest alerts, ahead of the whole read): the status is not known
  /// yet.
  bool partial = false;
  TableDiff<AssetRow> assets;
  TableDiff<AdvisoryRow> advisories;
  TableDiff<AlertRow> alerts;
  TableDiff<OperationRow> operations;
  TableDiff<AnomalyRow> anomalies;
  TableDiff<LinkRow> links;
  TableDiff<RunRow> runs;
  TableDiff<BaselineRow> baseline;
  /// The inventory the asset rows were built from (never null after the first read).
  std::shared_ptr<const Inventory> inventory;
  /// Where the user placed the network map's nodes; null when unchanged since the last read.
  std::shared_ptr<const std::map<std::string, db::MapPosition>> map_positions;
  /// The dashboard's series (db/dashboard.h), read with every full read; null in a first look.
  std::shared_ptr<const Dashboard> dashboard;
  DbStatus status;
};

/// What a view's rows were built from, hashed: a row whose sources are unchanged is not built
/// again (formatting 100,000 rows costs more than reading them).
class SourceHash {
 public:
  SourceHash& add(std::uint64_t v) {
    h_ = (h_ ^ v) * 0x100000001b3ULL;
    return *this;
  }
  SourceHash& add(std::int64_t v) { return add(static_cast<std::uint64_t>(v)); }
  SourceHash& add(std::string_view s) {
    for (unsigned char c : s) h_ = (h_ ^ c) * 0x100000001b3ULL;
    return add(static_cast<std::uint64_t>(s.size()));
  }
  SourceHash& add(const QString& s) {
    for (QChar c : s) h_ = (h_ ^ c.unicode()) * 0x100000001b3ULL;
    return add(static_cast<std::uint64_t>(s.size()));
  }
  SourceHash& add(const IpAddress& ip) { return add(ip.word(0)).add(ip.word(8)); }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

/// The reader's memory of one view: each row's id and source hash. One pass per read:
/// begin(), needs() for every record (build the row only when it says so), finish().
template <class Row>
class RowCache {
 public:
  void begin(bool reset) {
    reset_ = reset || !primed_;
    next_.clear();
  }
  /// Whether row `id` must be built: new, changed, or everything is being sent again.
  bool needs(std::int64_t id, std::uint64_t source) {
    next_[id] = source;
    if (reset_) return true;
    const auto it = seen_.find(id);
    return it == seen_.end() || it->second != source;
  }
  /// The diff: the rows built (all of them on a reset) and the ids no longer there.
  TableDiff<Row> finish(std::vector<Row> built) {
    TableDiff<Row> out;
    out.reset = reset_;
    out.rows = std::move(built);
    if (!reset_)
      for (const auto& [id, source] : seen_)
        if (!next_.contains(id)) out.removed.push_back(id);
    seen_.swap(next_);
    primed_ = true;
    return out;
  }

 private:
  std::unordered_map<std::int64_t, std::uint64_t> seen_;
  std::unordered_map<std::int64_t, std::uint64_t> next_;
  bool primed_ = false;
  bool reset_ = true;
};

}  // namespace otscope::gui

Q_DECLARE_METATYPE(std::shared_ptr<otscope::gui::Refresh>)
