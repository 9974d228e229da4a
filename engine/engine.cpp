#include "engine/engine.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <limits>
#include <set>
#include <thread>

#include "common/clock.h"
#include "engine/name_services.h"
#include "model/detection/baseline.h"
#include "model/detection/keys.h"
#include "model/roles.h"
#include "protocols/registry.h"

namespace otscope {

namespace {

void widen(std::int64_t& first, std::int64_t& last, std::int64_t ts) {
  if (first == 0 || ts < first) first = ts;
  if (ts > last) last = ts;
}

const HostEndpoint& sender_of(const FlowInfo& flow, Direction dir) {
  return dir == Direction::AtoB ? flow.a : flow.b;
}
const HostEndpoint& receiver_of(const FlowInfo& flow, Direction dir) {
  return dir == Direction::AtoB ? flow.b : flow.a;
}

}  // namespace

namespace {

/// The options with the policy's [limits] applied.
EngineOptions with_policy_limits(EngineOptions o) {
  if (o.detection.policy == nullptr) return o;
  for (const auto& [key, value] : o.detection.policy->limits) {
    const auto n = static_cast<std::size_t>(value);
    if (key == "flows") o.limits.max_flows = n;
    if (key == "reassembly_bytes") o.limits.max_buffered_total = n;
    if (key == "assets") o.inventory.endpoints.max_confirmed = n;
    if (key == "unconfirmed_sources") o.inventory.endpoints.max_unconfirmed = n;
    if (key == "links") o.inventory.max_links = n;
    if (key == "operations") o.inventory.max_operations = n;
    if (key == "identities") o.inventory.max_identities = n;
    if (key == "hostnames") o.inventory.max_hostnames = n;
    if (key == "anomalies") o.inventory.max_anomalies = n;
    if (key == "evidence_packets_per_flow") o.evidence_ring.per_flow = n;
    if (key == "evidence_bytes") o.evidence_ring.max_bytes = n;
  }
  return o;
}

/// The capture limits with the server ports (every protocol's registered ports) and the link-layer
/// protocols' Ethernet types.
capture::FlowLimits with_server_ports(capture::FlowLimits limits) {
  for (Protocol p : all_protocols()) {
    limits.server_ports.insert(limits.server_ports.end(), p.info().ports.begin(),
                               p.info().ports.end());
    limits.link_types.insert(limits.link_types.end(), p.info().ethertypes.begin(),
                             p.info().ethertypes.end());
  }
  return limits;
}

}  // namespace

Engine::Engine(EngineOptions options)
    : options_(with_policy_limits(std::move(options))),
      dispatcher_(select_protocols(options_.protocols), *this),
      processor_(
          std::make_unique<capture::PacketProcessor>(*this, with_server_ports(options_.limits))),
      oui_(OuiRegistry::system()),
      protocol_stats_(protocol_count(), nullptr),
      function_counters_(protocol_count()),
      detector_(std::make_unique<detection::Detector>(std::move(options_.detection))),
      legacy_(options_.legacy_encoding.empty()
                  ? nullptr
                  : std::make_unique<LegacyText>(options_.legacy_encoding)) {
  endpoints_ = EndpointTable(options_.inventory.endpoints);
  if (options_.threads > 1) {
    recorder_ = std::make_unique<capture::StreamRecorder>(
        [this](std::unique_ptr<capture::StreamBatch>& batch) {
          replayer_.replay(*batch, *this, {});
          batch->clear();
        });
    recorder_->set_batch(std::make_unique<capture::StreamBatch>());
    processor_ =
        std::make_unique<capture::PacketProcessor>(*recorder_, with_server_ports(options_.limits));
  }
  detector_->set_mac_vendors([&oui = oui_](const MacAddress& mac) { return oui.vendor(mac); });
}

Engine::~Engine() = default;

namespace {
/// A packet read into its capture's record: how many, how many bytes, from when to when.
void count_packet(CaptureRunRecord& run, const capture::RawFrame& frame) {
  ++run.packets;
  run.bytes += frame.wire_length;
  if (run.first_packet_us == 0 || frame.ts_us < run.first_packet_us)
    run.first_packet_us = frame.ts_us;
  run.last_packet_us = std::max(run.last_packet_us, frame.ts_us);
}
}  // namespace

bool Engine::run_source(capture::PcapSource& src, std::uint32_t index, CaptureRunRecord& run,
                        const Tick& tick, const std::atomic<bool>* cancel) {
  static_assert((kProgressPackets & (kProgressPackets - 1)) == 0, "a power of two: a mask test");
  processor_->begin_source(index, src.link_type());
  if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return false;
  if (recorder_) return run_source_pipelined(src, run, tick, cancel);
  capture::RawFrame frame;
  std::uint64_t n = 0;
  for (;;) {
    const auto status = src.next(frame);
    if (status == capture::PcapSource::Status::End) break;
    if (status == capture::PcapSource::Status::Timeout) {
      if (tick) tick(n, src.position());
      if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return false;
      continue;
    }
    processor_->process(frame);
    ++n;
    count_packet(run, frame);
    // Every kProgressPackets packets: a mask test per packet.
    if ((n & (kProgressPackets - 1)) == 0) {
      if (tick) tick(n, src.position());
      if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return false;
    }
  }
  return true;
}

namespace {
/// Thrown through the reading thread's processor when the decoding thread stopped taking batches.
struct ReaderAbandoned {};
/// Batches in flight between the reading and the decoding thread: enough that neither waits for
/// the other's short stalls, few enough that the hand-over holds a few MiB at most.
constexpr std::size_t kPipeDepth = 4;
}  // namespace

bool Engine::run_source_pipelined(capture::PcapSource& src, CaptureRunRecord& run, const Tick& tick,
                                  const std::atomic<bool>* cancel) {
  capture::BatchPipe pipe(kPipeDepth);
  recorder_->set_handover([&pipe](std::unique_ptr<capture::StreamBatch>& batch) {
    pipe.push(std::move(batch));
    batch = pipe.empty_batch();
    if (!batch) throw ReaderAbandoned{};
  });
  recorder_->set_batch(pipe.empty_batch());
  reading_stats_ = processor_->stats();

  // The reading thread touches the source, the processor, the recorder and `counted` only; this
  // thread the engine only, until the join.
  CaptureRunRecord counted = run;
  bool cancelled = false;
  // Marks the decoding thread has replayed (all of them once it has stopped).
  std::atomic<std::uint64_t> marks_replayed{0};
  std::exception_ptr read_failure;
  std::thread reader([&] {
    std::uint64_t n = 0;
    std::uint64_t marks = 0;
    auto mark = [&] {
      recorder_->mark({n, src.position(), processor_->stats()});
      ++marks;
    };
    // A run that can be cancelled stops after the progress call that set `cancel`, as on one
    // thread: at each mark the reading waits until the decoding has passed it.
    auto cancelled_at_mark = [&] {
      if (cancel == nullptr) return false;
      if (auto batch = recorder_->take_batch()) pipe.push(std::move(batch));
      for (std::uint64_t seen = marks_replayed.load(); seen < marks; seen = marks_replayed.load())
        marks_replayed.wait(seen);
      if (pipe.abandoned()) throw ReaderAbandoned{};
      recorder_->set_batch(pipe.empty_batch());
      if (!recorder_->has_batch()) throw ReaderAbandoned{};
      return cancel->load(std::memory_order_relaxed);
    };
    try {
      capture::RawFrame frame;
      for (;;) {
        const auto status = src.next(frame);
        if (status == capture::PcapSource::Status::End) break;
        if (status == capture::PcapSource::Status::Timeout) {
          if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
            cancelled = true;
            break;
          }
          continue;
        }
        processor_->process(frame);
        ++n;
        count_packet(counted, frame);
        if ((n & (kProgressPackets - 1)) == 0) {
          mark();
          if (cancelled_at_mark()) {
            cancelled = true;
            break;
          }
        }
      }
      if (!cancelled) mark();
    } catch (const ReaderAbandoned&) {
      // The decoding thread failed; it reports why.
    } catch (...) {
      // A read error: what was read before it is decoded, then the error is reported.
      read_failure = std::current_exception();
    }
    if (auto batch = recorder_->take_batch()) pipe.push(std::move(batch));
    pipe.close();
  });

  std::exception_ptr decode_failure;
  try {
    while (auto batch = pipe.pop()) {
      replayer_.replay(*batch, *this, [&](const capture::StreamMark& m) {
        reading_stats_ = m.stats;
        if (tick) tick(m.packets, m.position);
        marks_replayed.fetch_add(1);
        marks_replayed.notify_all();
      });
      pipe.recycle(std::move(batch));
    }
  } catch (...) {
    decode_failure = std::current_exception();
    pipe.abandon();
    marks_replayed.store(std::numeric_limits<std::uint64_t>::max());
    marks_replayed.notify_all();
  }
  reader.join();
  reading_stats_.reset();
  recorder_->set_handover([this](std::unique_ptr<capture::StreamBatch>& batch) {
    replayer_.replay(*batch, *this, {});
    batch->clear();
  });
  recorder_->set_batch(std::make_unique<capture::StreamBatch>());
  run = counted;
  if (decode_failure) std::rethrow_exception(decode_failure);
  if (read_failure) std::rethrow_exception(read_failure);
  return !cancelled;
}

void Engine::drain_recorded() {
  if (!recorder_ || !recorder_->has_events()) return;
  std::unique_ptr<capture::StreamBatch> batch = recorder_->take_batch();
  replayer_.replay(*batch, *this, {});
  batch->clear();
  recorder_->set_batch(std::move(batch));
}

void Engine::run_files(const std::vector<std::string>& paths,
                       const std::function<void(const Progress&)>& on_progress,
                       const std::atomic<bool>* cancel) {
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const bool complete = run_file(
        paths[i], static_cast<std::uint32_t>(i),
        [&](const Progress& p) {
          Progress all = p;
          all.file_count = paths.size();
          if (on_progress) on_progress(all);
        },
        cancel);
    if (!complete) break;
  }
  finish();
}

bool Engine::run_file(const std::string& path, std::uint32_t index,
                      const std::function<void(const Progress&)>& on_progress,
                      const std::atomic<bool>* cancel) {
  CaptureRunRecord run;
  run.source = path;
  run.started_us = wall_clock_us();
  detector_->set_capture_name(index, path);
  const std::uint64_t undecodable_before = processor_->stats().undecodable;
  auto record = [&] {
    run.finished_us = wall_clock_us();
    run.undecodable = processor_->stats().undecodable - undecodable_before;
    result_.captures.push_back(run);
  };
  std::unique_ptr<capture::PcapSource> src;
  try {
    src = capture::PcapSource::open_file(path);
  } catch (...) {
    record();
    throw;
  }
  Progress progress;
  progress.file_index = index;
  progress.file_count = index + 1;
  progress.file = path;
  struct stat st {};
  if (path != "-" && stat(path.c_str(), &st) == 0)
    progress.file_size = static_cast<std::uint64_t>(st.st_size);
  bool complete = true;
  try {
    Tick tick;
    if (on_progress)
      tick = [&](std::uint64_t n, std::uint64_t position) {
        progress.packets = n;
        progress.bytes_read = position;
        on_progress(progress);
      };
    complete = run_source(*src, index, run, tick, cancel);
    if (tick) tick(run.packets, src->position());  // where the file ended (or was left)
  } catch (...) {
    bad_timestamps_ += src->bad_timestamps();
    record();
    throw;
  }
  bad_timestamps_ += src->bad_timestamps();
  if (src->truncated()) run.truncated = true;
  run.cancelled = !complete;
  record();
  return complete;
}

void Engine::finish() {
  processor_->finish();
  drain_recorded();
}

void Engine::run_live(const capture::LiveOptions& options, double duration_s,
                      const std::atomic<bool>& stop, double flush_interval_s,
                      const std::function<void(AnalysisResult&&)>& on_flush,
                      const std::function<void(capture::PcapSource&)>& on_open) {
  if (recorder_) throw std::logic_error("a live capture reads on one thread (see threads)");
  auto src = capture::PcapSource::open_live(options);
  if (on_open) on_open(*src);
  CaptureRunRecord run;
  run.source = src->name();
  run.started_us = wall_clock_us();
  detector_->set_capture_name(0, run.source);
  const auto start = std::chrono::steady_clock::now();
  auto last_flush = start;
  processor_->begin_source(0, src->link_type());
  if (options_.evidence_ring.per_flow > 0) {
    ring_ = std::make_unique<capture::EvidenceRing>(options_.evidence_ring);
    ring_link_type_ = src->link_type();
    processor_->set_evidence_ring(ring_.get());
    detector_->on_evidence([this](const detection::Evidence& e) { hold_evidence_packets(e); });
  }
  capture::RawFrame frame;
  auto flush = [&] {
    // Taken first: `on_flush` can tell from it how long the capture stopped reading for this
    // flush (LiveRun reports the longest such stall).
    run.finished_us = wall_clock_us();
    processor_->checkpoint();
    run.drops = src->drops();
    result_.captures.push_back(run);
    AnalysisResult delta = take_result();
    run.packets = run.bytes = 0;  // the run record carries deltas too
    on_flush(std::move(delta));
  };
  std::exception_ptr read_error;
  // Reads one frame; false at the end of the source or on a read error (kept in read_error).
  auto read_one = [&](capture::PcapSource::Status& status) {
    try {
      status = src->next(frame);
    } catch (const CaptureError&) {
      read_error = std::current_exception();  // the interface failed: keep what was read
      return false;
    }
    if (status == capture::PcapSource::Status::End) return false;
    if (status != capture::PcapSource::Status::Frame) return true;
    processor_->process(frame);
    ++run.packets;
    run.bytes += frame.wire_length;
    if (run.first_packet_us == 0) run.first_packet_us = frame.ts_us;
    run.last_packet_us = std::max(run.last_packet_us, frame.ts_us);
    return true;
  };
  bool more = true;
  while (more && !stop.load(std::memory_order_relaxed)) {
    const auto now = std::chrono::steady_clock::now();
    if (duration_s > 0 && std::chrono::duration<double>(now - start).count() >= duration_s) break;
    if (std::chrono::duration<double>(now - last_flush).count() >= flush_interval_s) {
      flush();
      last_flush = now;
    }
    auto status = capture::PcapSource::Status::End;
    more = read_one(status);
  }
  // Stopped: the packets that arrived before the stop are still read, those the kernel holds in
  // its ring (a slow flush leaves some behind) and in a block it has not handed over yet (within
  // a read timeout). Done at the second read timeout in a row with nothing to read, or after a
  // second of a link that never goes quiet.
  const auto drain_end = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  for (int quiet = 0; more && quiet < 2 && std::chrono::steady_clock::now() < drain_end;) {
    auto status = capture::PcapSource::Status::End;
    more = read_one(status);
    quiet = status == capture::PcapSource::Status::Frame ? 0 : quiet + 1;
  }
  bad_timestamps_ += src->bad_timestamps();
  processor_->finish();
  flush();
  if (read_error) std::rethrow_exception(read_error);
}

void Engine::hold_evidence_packets(const detection::Evidence& e) {
  if (!ring_ || e.frame == 0) return;
  auto hold = [this](const capture::RingPacket* p) {
    if (p != nullptr && evidence_packets_.size() < kMaxHeldEvidencePackets)
      evidence_packets_.emplace(p->frame, *p);
  };
  // The flow's first packets (its handshake), so that Wireshark follows the stream.
  std::vector<std::uint64_t>& start = evidence_flow_start_[e.frame];
  for (const capture::RingPacket* p : ring_->flow_start(e.frame)) {
    hold(p);
    start.push_back(p->frame);
  }
  for (std::uint64_t frame : e.frames()) hold(ring_->find(frame));
}

void Engine::attach_evidence_packets(std::vector<detection::AlertChange>& changes) {
  if (!ring_) return;
  for (detection::AlertChange& change : changes) {
    std::set<std::uint64_t> taken;
    auto take = [&](const std::string& capture, std::uint64_t frame) {
      auto it = evidence_packets_.find(frame);
      if (it == evidence_packets_.end() || !taken.insert(frame).second) return;
      const capture::RingPacket& p = it->second;
      change.packets.push_back(detection::EvidencePacket{capture, p.frame, p.ts_us, ring_link_type_,
                                                         p.wire_length, p.data});
    };
    for (const detection::Evidence& e : change.alert.evidence) {
      if (e.frame == 0) continue;
      if (auto start = evidence_flow_start_.find(e.frame); start != evidence_flow_start_.end())
        for (std::uint64_t frame : start->second) take(e.capture, frame);
      for (std::uint64_t frame : e.frames()) take(e.capture, frame);
    }
    std::sort(change.packets.begin(), change.packets.end(),
              [](const auto& a, const auto& b) { return a.frame < b.frame; });
  }
  // Every evidence kept since the last flush is in `changes`.
  evidence_packets_.clear();
  evidence_flow_start_.clear();
}

CaptureHealth Engine::current_health() const {
  CaptureHealth h;
  fill_health(h);
  return h;
}

void Engine::fill_health(CaptureHealth& h) const {
  const auto s = reading_stats_ ? *reading_stats_ : processor_->stats();
  h.flows_created = s.flows.flows_created;
  h.flows_evicted = s.flows.flows_evicted;
  h.tcp_gaps = s.flows.tcp.gaps;
  h.tcp_gap_bytes = s.flows.tcp.gap_bytes;
  h.tcp_retransmitted_bytes = s.flows.tcp.retransmitted_bytes;
  h.tcp_out_of_order_segments = s.flows.tcp.out_of_order_segments;
  h.tcp_buffer_overflows = s.flows.tcp.overflows;
  h.ip_fragments = s.defrag.fragments + s.ipv6_fragments;
  h.ip_reassembled = s.defrag.reassembled;
  h.ip_fragments_dropped = s.defrag.expired + s.defrag.invalid + s.ipv6_fragments;
  h.link_errors = s.undecodable;
  h.bad_timestamps = bad_timestamps_;
  h.assets_dropped = endpoints_.dropped();
  h.one_packet_sources = endpoints_.summarised();
  h.one_packet_targets = one_packet_targets_;
  h.links_dropped = links_dropped_;
  h.operations_dropped = operations_dropped_;
  h.identities_dropped = identities_dropped_;
  h.hostnames_dropped = hostnames_dropped_;
  h.anomalies_dropped = anomalies_dropped_;
  h.claims_dropped = endpoints_.claims_dropped();
}

void Engine::finish_health() {
  CaptureHealth& h = result_.health;
  fill_health(h);
  // The first time a cap keeps something out: one sensor.limit_reached alert per cap.
  struct Cap {
    const char* name;  // as the alert lists it
    std::uint64_t count;
    const char* what;  // what `count` counts
  };
  const Cap caps[] = {
      {"flows", h.flows_evicted, "flows closed early to make room (cap on open flows)"},
      {"reassembly", h.tcp_buffer_overflows,
       "times TCP data out of order was given up (cap on buffered bytes)"},
      {"assets", h.assets_dropped, "device endpoints not kept (cap on assets)"},
      {"links", h.links_dropped, "links not kept (cap on links)"},
      {"operations", h.operations_dropped, "operations not kept (cap on operations)"},
      {"identities", h.identities_dropped, "identity facts not kept (cap on identities)"},
      {"host names", h.hostnames_dropped, "host names not kept (cap on host names)"},
      {"anomalies", h.anomalies_dropped, "anomalies not kept (cap on anomalies)"},
      {"address claims", h.claims_dropped, "address claims not kept (cap on claims)"}};
  PacketMeta now;  // the cap was reached by now, in the capture being read
  now.source = processor_->source();
  for (const CaptureRunRecord& run : result_.captures)
    now.ts_us = std::max(now.ts_us, run.last_packet_us);
  for (std::size_t i = 0; i < std::size(caps); ++i) {
    if (caps[i].count == 0 || (limits_alerted_ & (1u << i)) != 0) continue;
    limits_alerted_ |= 1u << i;
    detector_->on_limit_reached(caps[i].name, std::to_string(caps[i].count) + " " + caps[i].what,
                                now);
  }
}

AnalysisResult Engine::take_result() {
  finish_health();
  for (OpCacheEntry& e : op_cache_) flush_op(e);
  for (const auto& run : result_.captures) {
    result_.packets += run.packets;
    result_.bytes += run.bytes;
  }
  for (Protocol p : all_protocols()) result_.protocols[std::string(p.name())];
  finish_inventory();
  result_.alerts = detector_->take_raised();  // after the inventory's MAC changes reached it
  AnalysisResult out = std::move(result_);
  result_ = AnalysisResult{};
  hostname_index_.clear();
  link_index_.clear();
  op_index_.clear();
  std::fill(op_cache_.begin(), op_cache_.end(), OpCacheEntry{});
  std::fill(protocol_stats_.begin(), protocol_stats_.end(), nullptr);
  for (auto& counters : function_counters_) counters.fill(nullptr);
  identity_index_.clear();
  anomaly_index_.clear();
  return out;
}

void Engine::finish_inventory() {
  result_.assets = endpoints_.take_assets(oui_);
  for (ChangeRecord& c : endpoints_.take_mac_changes()) {
    detector_->on_change(c);
    result_.changes.push_back(std::move(c));
  }
  std::stable_sort(
      result_.changes.begin(), result_.changes.end(),
      [](const ChangeRecord& a, const ChangeRecord& b) { return a.changed_us < b.changed_us; });
  const auto roles = infer_roles({result_.assets, result_.links, result_.operations});
  for (std::size_t i = 0; i < result_.assets.size(); ++i) result_.assets[i].roles = roles[i];
  result_.roles_inferred = true;

  // A DHCP client named itself before it had an address: give the name the lease it got.
  std::vector<HostnameRecord> names;
  std::map<std::tuple<IpAddress, MacAddress, std::string, std::string>, std::size_t> index;
  for (HostnameRecord& n : result_.hostnames) {
    if (n.ip.is_unspecified() && !n.mac.is_zero())
      if (auto lease = dhcp_leases_.find(n.mac); lease != dhcp_leases_.end()) n.ip = lease->second;
    auto [it, inserted] = index.try_emplace({n.ip, n.mac, n.name, n.source}, names.size());
    if (inserted) {
      names.push_back(std::move(n));
      continue;
    }
    HostnameRecord& kept = names[it->second];
    if (n.first_seen_us != 0 && (kept.first_seen_us == 0 || n.first_seen_us < kept.first_seen_us)) {
      kept.first_seen_us = n.first_seen_us;
      kept.frame = n.frame;
      kept.capture = n.capture;
    }
    kept.last_seen_us = std::max(kept.last_seen_us, n.last_seen_us);
  }
  result_.hostnames = std::move(names);
}

LinkRecord* Engine::link_for(const FlowInfo& flow, bool count_drop) {
  auto key = std::make_tuple(flow.a.ip, flow.b.ip, flow.transport, flow.b.port);
  auto [it, inserted] = link_index_.try_emplace(key, result_.links.size());
  if (inserted && result_.links.size() >= options_.inventory.max_links) {
    link_index_.erase(it);
    if (count_drop) ++links_dropped_;
    return nullptr;
  }
  if (inserted) {
    LinkRecord l;
    l.client = flow.a.ip;
    l.server = flow.b.ip;
    l.client_mac = flow.a.mac;
    l.server_mac = flow.b.mac;
    l.transport = flow.transport;
    l.server_port = flow.b.port;
    result_.links.push_back(l);
  }
  return &result_.links[it->second];
}

void Engine::drop_link(const FlowInfo& flow) {
  auto it = link_index_.find(std::make_tuple(flow.a.ip, flow.b.ip, flow.transport, flow.b.port));
  if (it == link_index_.end() || result_.links[it->second].packets != 0) return;
  // The last link takes its place: only a flood's links go, so order matters to no one else.
  const std::size_t i = it->second;
  link_index_.erase(it);
  if (i + 1 != result_.links.size()) {
    LinkRecord& last = result_.links.back();
    link_index_[std::make_tuple(last.client, last.server, last.transport, last.server_port)] = i;
    result_.links[i] = std::move(last);
  }
  result_.links.pop_back();
}

void Engine::note_one_packet_target(const IpAddress& target, const PacketMeta& meta) {
  constexpr std::size_t kTargets = 8;
  auto it = one_packet_targets_.find(target);
  if (it == one_packet_targets_.end() && one_packet_targets_.size() >= kTargets)
    it = one_packet_targets_.try_emplace(IpAddress{}).first;
  else if (it == one_packet_targets_.end())
    it = one_packet_targets_.try_emplace(target).first;
  // One alert per target (network.source_flood), at its first summarised source.
  if (++it->second == 1 && !it->first.is_unspecified()) detector_->on_source_flood(it->first, meta);
}

void Engine::flow_opened(const FlowInfo& flow, const PacketMeta& meta) {
  dispatcher_.flow_opened(flow);
  // Past the cap, a flood's links may hold the room until their flows report: flow_stats() tries
  // again, and counts the link as dropped only then.
  LinkRecord* l = link_for(flow, false);
  if (l == nullptr) return;
  l->flows += 1;
  widen(l->first_seen_us, l->last_seen_us, meta.ts_us);
}

void Engine::stream_data(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta& meta) {
  dispatcher_.stream_data(flow, dir, data, meta);
}

void Engine::stream_gap(const FlowInfo& flow, Direction dir, std::size_t missing,
                        const PacketMeta& meta) {
  dispatcher_.stream_gap(flow, dir, missing, meta);
}

void Engine::datagram(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta& meta) {
  dispatcher_.datagram(flow, dir, data, meta);
  if (names::is_name_service_port(flow.a.port) || names::is_name_service_port(flow.b.port))
    name_service(flow, dir, data, meta);
}

void Engine::name_service(const FlowInfo& flow, Direction dir, Bytes data, const PacketMeta& meta) {
  const HostEndpoint& from = sender_of(flow, dir);
  const HostEndpoint& to = receiver_of(flow, dir);
  auto either = [&](std::uint16_t port) { return from.port == port || to.port == port; };
  std::vector<names::NameFact> facts;
  if (either(67) && either(68)) {
    names::DhcpMessage m;
    if (names::parse_dhcp(data, m) != names::NameError::None) return;
    facts = names::dhcp_names(m);
    constexpr std::uint8_t kDhcpAck = 5;
    if (m.op == 2 && m.message_type == kDhcpAck && !m.your_ip.is_unspecified() &&
        !m.client_mac.is_zero()) {
      endpoints_.claim(m.client_mac, m.your_ip);
      if (dhcp_leases_.size() < options_.inventory.endpoints.max_confirmed ||
          dhcp_leases_.count(m.client_mac))
        dhcp_leases_[m.client_mac] = m.your_ip;
    }
  } else if (either(137)) {
    if (names::parse_nbns(data, facts) != names::NameError::None) return;
  } else {
    // Answers come from the service port.
    names::NameSource source = names::NameSource::DnsAnswer;
    if (from.port == 5353) {
      source = names::NameSource::MdnsAnswer;
    } else if (from.port == 5355) {
      source = names::NameSource::LlmnrAnswer;
    } else if (from.port != 53) {
      return;
    }
    if (names::parse_dns_answers(data, source, facts) != names::NameError::None) return;
  }
  for (names::NameFact& f : facts) {
    HostnameRecord r;
    r.ip = f.ip;
    r.mac = f.mac;
    r.name = std::move(f.name);
    r.source = std::string(names::name_source_text(f.source));
    add_hostname(std::move(r), meta);
  }
}

void Engine::add_hostname(HostnameRecord record, const PacketMeta& meta) {
  if (legacy_) {
    if (std::optional<std::string> text = legacy_->decode(record.name)) {
      record.name = std::move(*text);
      record.source += " (" + legacy_->encoding() + ")";
    }
  }
  const std::uint64_t hash =
      hash_mix(hash_ip(record.mac.value(), record.ip), std::hash<std::string>{}(record.name) * 31 +
                                                           std::hash<std::string>{}(record.source));
  const std::uint32_t* row = hostname_index_.find(hash, [&](std::uint32_t i) {
    const HostnameRecord& r = result_.hostnames[i - 1];
    return r.ip == record.ip && r.mac == record.mac && r.name == record.name &&
           r.source == record.source;
  });
  if (row != nullptr) {
    HostnameRecord& r = result_.hostnames[*row - 1];
    widen(r.first_seen_us, r.last_seen_us, meta.ts_us);
    return;
  }
  if (result_.hostnames.size() >= options_.inventory.max_hostnames) {
    ++hostnames_dropped_;
    return;
  }
  hostname_index_.insert(hash, static_cast<std::uint32_t>(result_.hostnames.size() + 1));
  record.frame = meta.frame;
  record.capture = meta.source;
  HostnameRecord& r = result_.hostnames.emplace_back(std::move(record));
  widen(r.first_seen_us, r.last_seen_us, meta.ts_us);
}

void Engine::flow_stats(const FlowInfo& flow, const capture::FlowCounters& delta) {
  const std::uint64_t packets = delta.packets[0] + delta.packets[1];
  if (packets == 0) return;
  const std::int64_t last = delta.last_us;
  const auto protocol = dispatcher_.protocol_of(flow.id);
  // A decoded protocol's traffic, or a datagram exchange, confirms both sides (EndpointLimits); a
  // TCP side confirms itself by sending more than the SYN (or the SYN-ACK a spoofed SYN gets).
  const bool decoded = protocol.has_value() || (flow.transport == Transport::Udp &&
                                                delta.packets[0] > 0 && delta.packets[1] > 0);
  const Admission a =
      endpoints_.observe(flow.a.mac, &flow.a.ip, flow.vlan, delta.first_us, last, delta.packets[0],
                         delta.bytes[0], delta.packets[1], delta.bytes[1], decoded);
  const Admission b =
      endpoints_.observe(flow.b.mac, &flow.b.ip, flow.vlan, delta.first_us, last, delta.packets[1],
                         delta.bytes[1], delta.packets[0], delta.bytes[0], decoded);
  if (a == Admission::Summarised || b == Admission::Summarised) {
    PacketMeta meta;
    meta.ts_us = delta.first_us;
    meta.source = processor_->source();
    if (a == Admission::Summarised) note_one_packet_target(flow.b.ip, meta);
    if (b == Admission::Summarised) note_one_packet_target(flow.a.ip, meta);
  }
  if (a != Admission::Kept || b != Admission::Kept) {
    drop_link(flow);  // a link to a device the inventory does not hold
    return;
  }
  // Frames of a link-layer type that no protocol claimed (an LLC frame that is not CDP) only say
  // that their stations exist, as any other non-IP frame.
  if (flow.transport == Transport::Ethernet && !protocol) return;
  // The link may be new here too: the flow opened before the last take_result().
  LinkRecord* l = link_for(flow, true);
  if (l == nullptr) return;
  l->packets += packets;
  l->bytes += delta.bytes[0] + delta.bytes[1];
  widen(l->first_seen_us, l->last_seen_us, delta.first_us);
  widen(l->first_seen_us, l->last_seen_us, last);
  if (protocol) l->protocol = std::string(protocol_name(*protocol));
}

void Engine::flow_closed(const FlowInfo& flow, const capture::FlowCounters&, capture::CloseReason,
                         const PacketMeta& meta) {
  dispatcher_.flow_closed(flow, meta);
}

void Engine::host_seen(const capture::HostSighting& s, const PacketMeta& meta) {
  if (endpoints_.observe(s.src_mac, s.has_ip ? &s.src_ip : nullptr, s.vlan, meta.ts_us, meta.ts_us,
                         1, s.wire_bytes, 0, 0) == Admission::Summarised)
    note_one_packet_target(s.has_ip ? s.dst_ip : IpAddress{}, meta);
  // The destination of an ARP request is who is being looked for, not a sign of life; its
  // sender says which address is its own (what tells a router's own address from the ones it
  // forwards for).
  if (std::string_view(s.kind) == "arp") {
    if (s.has_ip) endpoints_.claim(s.src_mac, s.src_ip);
    return;
  }
  endpoints_.observe(s.dst_mac, s.has_ip ? &s.dst_ip : nullptr, s.vlan, meta.ts_us, meta.ts_us, 0,
                     0, 1, s.wire_bytes);
}

ProtocolStats& Engine::first_stats_of(Protocol p) {
  ProtocolStats*& slot = protocol_stats_.at(p.index());
  slot = &result_.protocols[std::string(protocol_name(p))];
  return *slot;
}

void Engine::flush_op(OpCacheEntry& e) {
  if (e.row == 0 || e.counts[0] + e.counts[1] + e.counts[2] == 0) return;
  OperationRecord& op = result_.operations[e.row - 1];
  op.requests += e.counts[static_cast<std::size_t>(MessageRole::Request)];
  op.responses += e.counts[static_cast<std::size_t>(MessageRole::Response)];
  op.unsolicited += e.counts[static_cast<std::size_t>(MessageRole::Unsolicited)];
  widen(op.first_seen_us, op.last_seen_us, e.first_us);
  widen(op.first_seen_us, op.last_seen_us, e.last_us);
  e.counts = {};
  e.first_us = e.last_us = 0;
}

// A message whose flow's entry holds another row (or none): finds or makes its row and gives
// the entry to it. Out of line: a flow's messages rarely change rows.
std::uint32_t Engine::refill_op_entry(OpCacheEntry& cached, const FlowInfo& flow,
                                      const MessageEvent& ev, bool client_is_a) {
  std::uint32_t row = 0;
  const HostEndpoint& client = client_is_a ? flow.a : flow.b;
  const HostEndpoint& server = client_is_a ? flow.b : flow.a;
  auto same_operation = [&](const OperationRecord& o) {
    return o.protocol == ev.protocol && o.unit == ev.unit && o.function == ev.function &&
           o.client == client.ip && o.server == server.ip && o.detail == ev.detail;
  };
  std::uint64_t hash =
      hash_mix(std::hash<std::string_view>{}(ev.detail), ev.protocol.hash() << 32 | ev.function);
  hash = hash_ip(hash, client.ip);
  hash = hash_ip(hash, server.ip);
  hash = hash_mix(hash, static_cast<std::uint64_t>(ev.unit));
  const std::uint32_t* found = op_index_.find(
      hash, [&](std::uint32_t r) { return same_operation(result_.operations[r - 1]); });
  if (found != nullptr) {
    row = *found;
  } else if (result_.operations.size() >= options_.inventory.max_operations) {
    ++operations_dropped_;
    return 0;
  } else {
    OperationRecord op;
    op.protocol = ev.protocol;
    op.client = client.ip;
    op.server = server.ip;
    op.client_mac = client.mac;
    op.server_mac = server.mac;
    op.unit = ev.unit;
    op.function = ev.function;
    op.function_name = std::string(ev.function_name);
    op.op = ev.op;
    op.detail = ev.detail;
    result_.operations.push_back(std::move(op));
    row = static_cast<std::uint32_t>(result_.operations.size());
    op_index_.insert(hash, row);
  }
  flush_op(cached);
  cached = OpCacheEntry{};
  cached.flow_id = flow.id;
  cached.unit = ev.unit;
  cached.row = row;
  cached.function = ev.function;
  cached.protocol = ev.protocol;
  cached.client_is_a = client_is_a;
  cached.has_detail = !ev.detail.empty();
  return row;
}

// Every decoded message of every protocol comes through here.
void Engine::message(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev) {
  ProtocolStats& stats = stats_of(ev.protocol);
  ++stats.messages;
  if (ev.function_key) {
    const std::uint32_t key = *ev.function_key;
    if (key < 256) {
      std::uint64_t*& counter = function_counters_[ev.protocol.index()][key];
      if (counter == nullptr) counter = &stats.functions[key];
      ++*counter;
    } else {
      ++stats.functions[key];
    }
  }

  const bool from_client = ev.role == MessageRole::Request;
  // The client is the sender of a request and the receiver of anything else.
  const bool client_is_a = from_client == (ev.dir == Direction::AtoB);
  OpCacheEntry& cached = op_entry(flow);
  std::uint32_t row = 0;
  // A flow's addresses never change, so its id and the side of the client stand for the row's
  // client and server.
  if (cached.row != 0 && cached.flow_id == flow.id && cached.function == ev.function &&
      cached.unit == ev.unit && cached.protocol == ev.protocol &&
      cached.client_is_a == client_is_a &&
      (cached.has_detail ? result_.operations[cached.row - 1].detail == ev.detail
                         : ev.detail.empty())) {
    row = cached.row;
  } else {
    row = refill_op_entry(cached, flow, ev, client_is_a);
    if (row == 0) {  // past the cap on operations rows
      detector_->on_message(flow, meta, ev);
      return;
    }
  }
  ++cached.counts[static_cast<std::size_t>(ev.role)];
  widen(cached.first_us, cached.last_us, meta.ts_us);
  // The rest is rare or changes the row itself.
  if (ev.exception) {
    OperationRecord& op = result_.operations[row - 1];
    ++op.exceptions;
    ++op.exception_codes[ev.exception_code];
  }
  // Adding a range the row already holds changes nothing (merging is a union), so the range a
  // poll repeats is not merged again: the row's ranges stay unread.
  if (ev.ranges.size() == 1) {
    if (!cached.has_last_range || !(cached.last_range == ev.ranges[0])) {
      detection::add_range(result_.operations[row - 1].ranges, ev.ranges[0]);
      cached.last_range = ev.ranges[0];
      cached.has_last_range = true;
    }
  } else {
    for (const auto& r : ev.ranges) detection::add_range(result_.operations[row - 1].ranges, r);
  }
  detector_->on_message(flow, meta, ev);
}

void Engine::identity(const FlowInfo& flow, const PacketMeta& meta, const IdentityEvent& ev) {
  if (ev.value.empty()) return;
  if (legacy_) {
    if (std::optional<std::string> text = legacy_->decode(ev.value)) {
      IdentityEvent decoded = ev;
      decoded.value = std::move(*text);
      decoded.source += " (" + legacy_->encoding() + ")";
      return add_identity(flow, meta, decoded);
    }
  }
  add_identity(flow, meta, ev);
}

void Engine::add_identity(const FlowInfo& flow, const PacketMeta& meta, const IdentityEvent& ev) {
  const HostEndpoint& subject =
      ev.about_sender ? sender_of(flow, ev.dir) : receiver_of(flow, ev.dir);
  auto key = std::make_tuple(subject.ip, ev.field, ev.value);
  auto [it, inserted] = identity_index_.try_emplace(key, result_.identities.size());
  if (inserted && result_.identities.size() >= options_.inventory.max_identities) {
    identity_index_.erase(it);
    ++identities_dropped_;
    return;
  }
  if (inserted) {
    IdentityRecord r;
    r.ip = subject.ip;
    r.mac = subject.mac;
    r.protocol = ev.protocol;
    r.field = ev.field;
    r.value = ev.value;
    r.source = ev.source;
    r.frame = meta.frame;
    r.capture = meta.source;
    result_.identities.push_back(std::move(r));
  }
  widen(result_.identities[it->second].first_seen_us, result_.identities[it->second].last_seen_us,
        meta.ts_us);
  ChangeRecord change;
  if (identity_tracker_.observe(subject.ip, subject.mac, ev.protocol, ev.field, ev.value, ev.source,
                                meta, change)) {
    detector_->on_change(change);
    result_.changes.push_back(std::move(change));
  }
}

void Engine::anomaly(const FlowInfo& flow, const PacketMeta& meta, const AnomalyEvent& ev) {
  detector_->on_anomaly(flow, meta, ev);
  if (ev.malformed) ++stats_of(ev.protocol).malformed;
  const HostEndpoint& src = sender_of(flow, ev.dir);
  const HostEndpoint& dst = receiver_of(flow, ev.dir);
  auto key = std::make_tuple(ev.protocol, ev.kind, src.ip, dst.ip);
  auto [it, inserted] = anomaly_index_.try_emplace(key, result_.anomalies.size());
  if (inserted && result_.anomalies.size() >= options_.inventory.max_anomalies) {
    anomaly_index_.erase(it);
    ++anomalies_dropped_;
    return;
  }
  if (inserted) {
    AnomalyRecord a;
    a.protocol = ev.protocol;
    a.kind = ev.kind;
    a.src = src.ip;
    a.dst = dst.ip;
    a.detail = ev.detail;
    a.malformed = ev.malformed;
    a.first_frame = meta.frame;
    a.capture = meta.source;
    result_.anomalies.push_back(std::move(a));
  }
  AnomalyRecord& a = result_.anomalies[it->second];
  ++a.count;
  widen(a.first_seen_us, a.last_seen_us, meta.ts_us);
}

AnalysisResult analyze_captures(const std::vector<std::string>& paths) {
  Engine engine;
  engine.run_files(paths);
  return engine.take_result();
}

}  // namespace otscope
