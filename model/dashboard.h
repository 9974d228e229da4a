// The plant at a glance: the series of the console's Dashboard view and of the audit report's
// charts, as db/dashboard.h reads them from one database (one function, so both front ends
// show the same numbers), and the capture health samples a run stores while it reads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace otscope {

/// One sample of a capture run's health: counters since the run began (cumulative, so two
/// samples give the rate between them and dropping a sample loses no totals).
struct HealthSample {
  std::int64_t time_us = 0;         // wall clock when it was taken
  std::int64_t packet_time_us = 0;  // the newest packet's time by then (0: none yet)
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t drops = 0;          // kernel/interface drops (live)
  std::uint64_t tcp_gaps = 0;       // holes in TCP streams (lost segments)
  std::uint64_t tcp_gap_bytes = 0;  // bytes those holes skipped
  std::uint64_t out_of_order = 0;   // TCP segments that arrived out of order
  std::uint64_t flows_evicted = 0;  // flows closed early to make room
  std::uint64_t malformed = 0;      // frames the link layer could not parse
  std::uint64_t limit_drops = 0;    // records the inventory caps kept out
  bool operator==(const HealthSample&) const = default;
};

/// A count of a bar chart. `key` is what the front ends name and filter by: a rule id, a role's
/// machine name, a protocol name.
struct DashboardCount {
  std::string key;
  std::uint64_t value = 0;
  bool operator==(const DashboardCount&) const = default;
};

/// Alerts raised (first seen) in one time bucket, by severity: low, medium, high, critical.
struct SeverityBucket {
  std::int64_t start_us = 0;
  std::array<std::uint64_t, 4> counts{};
  bool operator==(const SeverityBucket&) const = default;
};

/// Assets of one vendor: the vendor the device reports about itself when known, else its MAC's.
struct VendorCount {
  std::string vendor;          // "" unknown; kOtherVendors for the rest past the top N
  bool from_identity = false;  // reported by the device (else the MAC's registry)
  std::uint64_t assets = 0;
  bool operator==(const VendorCount&) const = default;
};
inline constexpr std::string_view kOtherVendors = "\x01other";

/// An asset in a list (a top talker, a new asset).
struct DashboardAsset {
  std::int64_t id = 0;
  std::string ip;      // its lowest address as text, "" none
  std::string mac;     // "" none
  std::string role;    // primary role's machine name, "" none
  std::string vendor;  // MAC vendor
  std::int64_t first_seen_us = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  bool operator==(const DashboardAsset&) const = default;
};

/// An identity or address change (asset_history).
struct DashboardChange {
  std::int64_t id = 0;
  std::string ip;
  std::string mac;
  std::string field;
  std::string old_value;
  std::string new_value;
  std::int64_t changed_at_us = 0;
  bool operator==(const DashboardChange&) const = default;
};

/// One capture run and its health: the samples of the run the dashboard follows, the last
/// sample of the others.
struct DashboardRun {
  std::int64_t id = 0;
  std::string source;
  std::string status;  // "running", "complete", "interrupted"
  bool alive = false;  // its writer is at work now (a sensor, a replay)
  std::int64_t started_us = 0;
  std::uint64_t samples_stored = 0;
  HealthSample last;  // the newest sample; all zero when none was stored
  bool operator==(const DashboardRun&) const = default;
};

struct Dashboard {
  /// The newest time in the database (the newest packet of any run, the last sighting of any
  /// asset): "now" for a live sensor, the end of a replayed capture. 0: empty database.
  std::int64_t newest_us = 0;
  /// Alerts by severity over time: buckets of `bucket_us`, the smallest of an hour, a day, a
  /// week and 30 days that holds the alerts' span (to the newest time) in kMaxBuckets, from the
  /// first alert's bucket (at most kMaxBuckets back from the newest one), empty ones included.
  std::int64_t bucket_us = 0;
  std::vector<SeverityBucket> alerts_over_time;
  /// Open and acknowledged alerts by rule id, most first.
  std::vector<DashboardCount> open_alerts_by_rule;
  /// Assets by primary role (machine name; "" no role yet), most first.
  std::vector<DashboardCount> assets_by_role;
  /// Assets by vendor, the top kTopVendors, then kOtherVendors for the rest.
  std::vector<VendorCount> assets_by_vendor;
  /// Decoded messages per protocol (protocol_name()), protocols with none left out, most first.
  std::vector<DashboardCount> messages_by_protocol;
  /// The kTopTalkers assets by bytes sent plus received.
  std::vector<DashboardAsset> top_talkers;
  /// In the 24 h before newest_us: assets first seen, newest first (at most kListed), and their
  /// count; identity and address changes likewise.
  std::uint64_t new_assets_24h = 0;
  std::vector<DashboardAsset> new_assets;
  std::uint64_t changes_24h = 0;
  std::vector<DashboardChange> changes;
  /// The run the health chart follows: the newest live one, else the newest run (id 0: none),
  /// and its samples, oldest first.
  DashboardRun run;
  std::vector<HealthSample> health;
  /// The newest kListedRuns runs, newest first, with their last sample.
  std::vector<DashboardRun> runs;

  static constexpr std::size_t kTopVendors = 8;
  static constexpr std::size_t kTopTalkers = 10;
  static constexpr std::size_t kListed = 10;
  static constexpr std::size_t kListedRuns = 10;
  static constexpr std::size_t kMaxBuckets = 60;
  static constexpr std::int64_t kHourUs = 3600LL * 1000000;
  static constexpr std::int64_t kDayUs = 24 * kHourUs;
  static constexpr std::int64_t kWeekUs = 7 * kDayUs;
  static constexpr std::int64_t kMonthUs = 30 * kDayUs;  // "30 days"

  bool operator==(const Dashboard&) const = default;
};

/// The charts' colours, the console's and the report's (#rrggbb): severities low..critical in the
/// hues of the console's severity backgrounds, strong enough for a bar, and a series palette.
inline constexpr std::array<std::string_view, 4> kSeverityChartColors{"#5b8fc9", "#d9b526",
                                                                      "#e8833a", "#cc3a3a"};
inline constexpr std::array<std::string_view, 8> kChartPalette{
    "#3d7ab8", "#5aa469", "#d08c3a", "#8e6bb8", "#3aa6a6", "#b85a7c", "#7f8c3a", "#8a8a8a"};

}  // namespace otscope
