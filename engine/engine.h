// The analysis engine: drives capture, dispatches streams to the protocols and aggregates what
// they report into an AnalysisResult that the database merges.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "capture/evidence_ring.h"
#include "capture/source.h"
#include "capture/stream_consumer.h"
#include "capture/stream_pipe.h"
#include "common/hash_slots.h"
#include "engine/detection/detector.h"
#include "engine/endpoints.h"
#include "engine/legacy_text.h"
#include "engine/oui.h"
#include "model/analysis.h"
#include "model/history.h"
#include "protocols/dispatch.h"

namespace otscope {

/// Caps on what the engine aggregates, so that memory stays bounded whatever the traffic (a
/// spoofed-source flood, a scan): with the flow limits, the defaults keep a whole `analyze`
/// under 64 MiB. Records past a cap are counted in CaptureHealth, never kept. Links, operations,
/// identities, names and anomalies are capped per result (a live capture's delta).
struct InventoryLimits {
  EndpointLimits endpoints;
  std::size_t max_links = 20'000;
  std::size_t max_operations = 20'000;
  std::size_t max_identities = 20'000;
  std::size_t max_hostnames = 20'000;
  std::size_t max_anomalies = 20'000;
};

struct EngineOptions {
  capture::FlowLimits limits;
  /// What a live capture keeps of every flow for the evidence of new alerts.
  capture::EvidenceRingLimits evidence_ring;
  InventoryLimits inventory;
  /// Decoders to run, by name (see select_protocols()); all when empty.
  std::vector<std::string> protocols;
  /// Character encoding the site's devices use for what is not UTF-8 (iconv name, e.g. "GBK");
  /// empty: such bytes stay \xNN escapes. See LegacyText.
  std::string legacy_encoding;
  /// Policy, stored baseline and known identities for the detector (built-in policy by default).
  detection::DetectorConfig detection;
  /// Threads of an offline run (run_file()): 1 reads and decodes on the caller's thread; 2 or
  /// more read, defragment and reassemble on a thread of their own while the caller's thread
  /// decodes, detects and aggregates what it hands over (capture/stream_pipe.h), with the same
  /// results. A live capture (run_live()) reads on one thread whatever this says.
  std::size_t threads = 1;
};

/// Progress of an offline run, for the terminal progress line.
struct Progress {
  std::size_t file_index = 0;
  std::size_t file_count = 0;
  std::string file;
  std::uint64_t packets = 0;
  std::uint64_t bytes_read = 0;  // of the current file, as a fraction of its size
  std::uint64_t file_size = 0;
};

class Engine final : public capture::StreamConsumer, public EventSink {
 public:
  explicit Engine(EngineOptions options = {});
  ~Engine() override;

  /// Packets between two progress calls and cancellation checks of run_file(): a few
  /// milliseconds of reading, a test of the packet count on the per-packet path.
  static constexpr std::uint64_t kProgressPackets = 16384;

  /// Analyses files in order, then finish(). Throws CaptureError at the first failing file.
  /// Stops after the file during which `cancel` was set (see run_file()).
  void run_files(const std::vector<std::string>& paths,
                 const std::function<void(const Progress&)>& on_progress = {},
                 const std::atomic<bool>* cancel = nullptr);

  /// Analyses one file as capture source `index` of the run; flows stay open across files (a
  /// capture split into several files is one capture). Throws CaptureError; what was read
  /// before the error stays in the result, with its CaptureRunRecord. `on_progress`, when set,
  /// is called every kProgressPackets packets and once at the end (or where reading stopped).
  /// `cancel`, when given, is read as often: once it is true reading stops, the file's
  /// CaptureRunRecord says `cancelled` and what was read stays in the result. Returns false when
  /// cancelled, true when the file was read to its end.
  bool run_file(const std::string& path, std::uint32_t index,
                const std::function<void(const Progress&)>& on_progress = {},
                const std::atomic<bool>* cancel = nullptr);
  /// End of input: closes every flow, so sessions report what is pending.
  void finish();

  /// Captures live until `stop` becomes true or `duration_s` (>0) passes; calls `on_flush` with
  /// the delta accumulated every `flush_interval_s` seconds and once at the end. Each delta's
  /// CaptureRunRecord carries that interval's packets and bytes. Throws CaptureError when the
  /// interface cannot be opened (before `on_open`) or read; after a read error what was read
  /// since the last flush is flushed before the error is thrown.
  void run_live(const capture::LiveOptions& options, double duration_s,
                const std::atomic<bool>& stop, double flush_interval_s,
                const std::function<void(AnalysisResult&&)>& on_flush,
                const std::function<void(capture::PcapSource&)>& on_open = {});

  /// Everything aggregated since the previous call (the whole run when called once at the end).
  AnalysisResult take_result();

  /// The capture layer's counters and what the caps kept out, since the start of the run, as
  /// they are now (for health samples while a file is read); raises nothing.
  CaptureHealth current_health() const;
  /// A live capture: puts the packets its flows' rings kept for each alert change's evidence (and
  /// those flows' first packets) into the change, to be stored with the alert. Nothing offline.
  void attach_evidence_packets(std::vector<detection::AlertChange>& changes);

  /// The detector fed by this engine: its alerts, and what it learned for the baseline.
  detection::Detector& detector() { return *detector_; }

  // capture::StreamConsumer
  void flow_opened(const FlowInfo& flow, const PacketMeta& meta) override;
  void stream_data(const FlowInfo& flow, Direction dir, Bytes data,
                   const PacketMeta& meta) override;
  void stream_gap(const FlowInfo& flow, Direction dir, std::size_t missing,
                  const PacketMeta& meta) override;
  void datagram(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta& meta) override;
  void flow_stats(const FlowInfo& flow, const capture::FlowCounters& delta) override;
  void flow_closed(const FlowInfo& flow, const capture::FlowCounters& counters,
                   capture::CloseReason why, const PacketMeta& meta) override;
  void host_seen(const capture::HostSighting& sighting, const PacketMeta& meta) override;

  // EventSink
  void message(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev) override;
  void identity(const FlowInfo& flow, const PacketMeta& meta, const IdentityEvent& ev) override;
  void anomaly(const FlowInfo& flow, const PacketMeta& meta, const AnomalyEvent& ev) override;

 private:
  /// The link record of a flow's endpoint pair, created on first use; nullptr past the cap
  /// (counted in links_dropped_ when `count_drop`).
  LinkRecord* link_for(const FlowInfo& flow, bool count_drop);
  /// Removes the link a flow opened when nothing else counted in it (its client was not kept).
  void drop_link(const FlowInfo& flow);
  /// A one-packet source past the cap sent to `target`.
  void note_one_packet_target(const IpAddress& target, const PacketMeta& meta);
  /// Reads `src` to its end; false when `cancel` stopped it first.
  /// `tick(packets, position)`: how far the source was read, every kProgressPackets packets.
  using Tick = std::function<void(std::uint64_t, std::uint64_t)>;
  bool run_source(capture::PcapSource& src, std::uint32_t index, CaptureRunRecord& run,
                  const Tick& tick, const std::atomic<bool>* cancel);
  /// run_source() with the reading on a thread of its own (EngineOptions::threads > 1).
  bool run_source_pipelined(capture::PcapSource& src, CaptureRunRecord& run, const Tick& tick,
                            const std::atomic<bool>* cancel);
  /// Replays what the recorder holds on this thread (the flows finish() or checkpoint() closed).
  void drain_recorded();
  void finish_health();
  void fill_health(CaptureHealth& h) const;
  /// DHCP, DNS, mDNS, LLMNR and NetBIOS name service datagrams: host names and leases.
  void name_service(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta& meta);
  void add_hostname(HostnameRecord record, const PacketMeta& meta);
  void add_identity(const FlowInfo& flow, const PacketMeta& meta, const IdentityEvent& ev);
  /// Fills in the inventory part of the result: assets, IP<->MAC changes, roles, names.
  void finish_inventory();

  EngineOptions options_;
  std::uint32_t limits_alerted_ = 0;  // caps that raised sensor.limit_reached (finish_health())
  Dispatcher dispatcher_;
  std::unique_ptr<capture::PacketProcessor> processor_;
  /// EngineOptions::threads > 1: processor_'s consumer, replayed into this engine.
  std::unique_ptr<capture::StreamRecorder> recorder_;
  capture::StreamReplayer replayer_;
  /// While a reading thread runs: its counters at the last mark it passed (what fill_health()
  /// reads instead of processor_'s, which that thread is changing).
  std::optional<capture::ProcessorStats> reading_stats_;
  // Live capture: the flows' recent packets, and the link type they were captured with.
  std::unique_ptr<capture::EvidenceRing> ring_;
  int ring_link_type_ = 1;
  /// Evidence packets copied out of the rings as the detector kept the evidence, until the next
  /// flush stores them with their alerts (bounded: kMaxHeldEvidencePackets).
  std::unordered_map<std::uint64_t, capture::RingPacket> evidence_packets_;
  std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> evidence_flow_start_;
  static constexpr std::size_t kMaxHeldEvidencePackets = 4096;
  void hold_evidence_packets(const detection::Evidence& e);
  const OuiRegistry& oui_;

  AnalysisResult result_;
  std::uint64_t bad_timestamps_ = 0;  // of every source read
  // Devices: kept across take_result() so that each delta is decided on all the evidence.
  EndpointTable endpoints_;
  IdentityTracker identity_tracker_;
  std::map<MacAddress, IpAddress> dhcp_leases_;
  // Records the caps kept out, since the start (see CaptureHealth).
  std::uint64_t links_dropped_ = 0;
  std::uint64_t operations_dropped_ = 0;
  std::uint64_t identities_dropped_ = 0;
  std::uint64_t hostnames_dropped_ = 0;
  std::uint64_t anomalies_dropped_ = 0;
  std::map<IpAddress, std::uint64_t> one_packet_targets_;
  // Aggregation indexes into result_'s vectors (rebuilt empty after take_result()).
  /// result_.hostnames by the hash of (IP, MAC, name, source), as index + 1; the records
  /// themselves are compared, so a lookup copies no string.
  HashSlots<std::uint32_t> hostname_index_;
  std::map<std::tuple<IpAddress, IpAddress, Transport, std::uint16_t>, std::size_t> link_index_;
  /// Operations rows by the hash of (protocol, client, server, unit, function, detail); the
  /// value is the row's index + 1, and the rows themselves are compared, so a message's lookup
  /// builds no key.
  HashSlots<std::uint32_t> op_index_;
  /// The operations row a flow's last message went to (direct-mapped, see op_entry()), with the
  /// row's key as the message gives it and the last range added to it: a poll and its answer
  /// find their row again, and see that their range is in it already, without hashing the key
  /// or reading the row's key and ranges. The entry also holds the row's counts and times not yet
  /// added to it (flush_op(), at the latest in take_result()), so a message whose row is known
  /// touches only its entry.
  struct OpCacheEntry {
    std::uint64_t flow_id = 0;
    std::int64_t unit = -1;
    std::uint32_t row = 0;  // index + 1; 0: empty
    std::uint32_t function = 0;
    Protocol protocol;
    bool client_is_a = false;  // the flow's side A is the row's client
    bool has_detail = false;   // the row has a detail: compare it with the message's
    bool has_last_range = false;
    AddressRange last_range;  // already merged into the row's ranges
    // Not yet in the row: counts by role (MessageRole: requests, responses, unsolicited), and the
    // first and last time of those messages.
    std::array<std::uint64_t, 3> counts{};
    std::int64_t first_us = 0;
    std::int64_t last_us = 0;
  };
  static constexpr std::size_t kOpCacheEntries = 4096;
  /// On the heap: engines are made on the stack.
  std::vector<OpCacheEntry> op_cache_ = std::vector<OpCacheEntry>(kOpCacheEntries);
  /// By the flow's id (the capture numbers flows in order, so flows open together rarely share an
  /// entry). The entry says which flow it holds; another flow on the same entry replaces it.
  OpCacheEntry& op_entry(const FlowInfo& flow) { return op_cache_[flow.id % kOpCacheEntries]; }
  /// Adds what `e` holds back to its row.
  void flush_op(OpCacheEntry& e);
  /// Points `cached` at the row of `ev` (found or made) and returns it (index + 1).
  std::uint32_t refill_op_entry(OpCacheEntry& cached, const FlowInfo& flow, const MessageEvent& ev,
                                bool client_is_a);
  /// Each protocol's entry of result_.protocols (std::map nodes stay put), filled on first use.
  std::vector<ProtocolStats*> protocol_stats_;  // by Protocol::index()
  /// Each protocol's counter in ProtocolStats::functions for function keys below 256, filled on
  /// first use: a message's count is then one increment, not a map search.
  std::vector<std::array<std::uint64_t*, 256>> function_counters_;  // by Protocol::index()
  ProtocolStats& stats_of(Protocol p) {
    ProtocolStats* slot = protocol_stats_[p.index()];
    return slot != nullptr ? *slot : first_stats_of(p);
  }
  ProtocolStats& first_stats_of(Protocol p);
  std::map<std::tuple<IpAddress, std::string, std::string>, std::size_t> identity_index_;
  std::map<std::tuple<Protocol, std::string, IpAddress, IpAddress>, std::size_t> anomaly_index_;
  std::unordered_map<std::uint64_t, Protocol> flow_protocol_;
  std::unique_ptr<detection::Detector> detector_;
  std::unique_ptr<LegacyText> legacy_;  // when the site declared a legacy encoding
};

/// Analyses capture files (pcap or pcapng, "-" for stdin) in order, in memory, with every built-in
/// protocol. Throws otscope::CaptureError with a one-line message for a missing, unreadable or
/// corrupt file. This is what `otscope analyze` runs before it writes the database.
AnalysisResult analyze_captures(const std::vector<std::string>& paths);

}  // namespace otscope
