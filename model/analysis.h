// The engine's in-memory view of what a run saw: protocol statistics, assets, links, operations,
// identity facts and anomalies. The database layer persists it; tests read it directly.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/flow.h"
#include "model/asset_role.h"
#include "protocols/common/events.h"

namespace otscope {

/// Per-protocol counters, as reported under "protocols" in `otscope analyze --json`.
struct ProtocolStats {
  std::uint64_t messages = 0;
  std::uint64_t malformed = 0;
  /// Decimal function code -> count (see MessageEvent::function_key).
  std::map<std::uint32_t, std::uint64_t> functions;
};

/// One IP address of an asset, with its own times and counters (a router or a multi-homed host
/// has several).
struct AssetAddress {
  IpAddress ip;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  std::uint64_t packets_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t packets_received = 0;
  std::uint64_t bytes_received = 0;
};

/// An address seen on the network. Keyed by MAC for hosts on the local segment, by IP when the
/// frames only carry a router's MAC.
struct AssetRecord {
  MacAddress mac;  // zero when unknown (raw IP / routed)
  std::vector<IpAddress> ips;
  std::vector<std::uint16_t> vlans;
  std::string mac_vendor;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  std::uint64_t packets_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t packets_received = 0;
  std::uint64_t bytes_received = 0;
  /// For an IP-keyed asset behind a router: the router's MAC that its frames carried.
  MacAddress via_mac;
  /// Per-IP detail of `ips`, sorted by IP; empty when the producer gave none (then the asset's
  /// own times apply to every IP).
  std::vector<AssetAddress> addresses;
  /// Roles inferred from behaviour, most likely first; empty when nothing was inferred.
  std::vector<RoleAssessment> roles;
};

/// Traffic between two endpoints on one transport/port/protocol. The client is the flow initiator.
struct LinkRecord {
  IpAddress client;
  IpAddress server;
  MacAddress client_mac;
  MacAddress server_mac;
  Transport transport = Transport::Tcp;
  std::uint16_t server_port = 0;
  /// "modbus", "dnp3", "s7comm", "s7comm_plus", or "" for traffic no decoder claimed.
  std::string protocol;
  std::uint64_t flows = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
};

/// What one client did to one server with one function: the operations summary.
struct OperationRecord {
  // A message whose row is known counts into the engine's cache entry for its flow, which adds
  // to the row when it is flushed: no field order here is on the path of every message.
  Protocol protocol;
  OpClass op = OpClass::Other;
  std::uint32_t function = 0;
  std::int64_t unit = -1;
  /// The requester (master, HMI, engineering station) and the responder (PLC, outstation).
  IpAddress client;
  IpAddress server;
  std::uint64_t requests = 0;
  std::uint64_t responses = 0;
  std::uint64_t unsolicited = 0;
  std::uint64_t exceptions = 0;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  std::string detail;
  /// Merged, sorted ranges per address space.
  std::vector<AddressRange> ranges;
  MacAddress client_mac;
  MacAddress server_mac;
  std::string function_name;
  /// Exception/error code -> count.
  std::map<std::uint32_t, std::uint64_t> exception_codes;
};

/// One identity fact about a device, with where it came from.
struct IdentityRecord {
  IpAddress ip;
  MacAddress mac;
  Protocol protocol;
  std::string field;
  std::string value;
  std::string source;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  std::uint64_t frame = 0;
  std::uint32_t capture = 0;
};

/// A name a device goes by, read passively from DHCP, DNS or NetBIOS name service traffic.
struct HostnameRecord {
  IpAddress ip;    // unspecified when only the MAC is known (a DHCP client without a lease seen)
  MacAddress mac;  // zero when the message does not say (DNS and NetBIOS answers)
  std::string name;
  /// Which message told us: "dhcp host name (option 12)", "dns answer", "nbns registration", ...
  std::string source;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  std::uint64_t frame = 0;
  std::uint32_t capture = 0;
};

/// A change of what a device says it is (field = identity field such as "firmware" or
/// "serial"), or of the MAC that answers for an IP (field = "mac"): the old and the new value
/// with the times around the change. Detection reads these (firmware change, device replaced,
/// address taken over by another MAC).
struct ChangeRecord {
  IpAddress ip;    // the address the fact is about
  MacAddress mac;  // who sent the new value (for "mac": the new MAC)
  std::string field;
  std::string old_value;
  std::string new_value;
  std::int64_t changed_us = 0;        // first sighting of the new value
  std::int64_t old_last_seen_us = 0;  // last sighting of the old value before it
  std::string source;                 // the message that carried the new value
  std::uint64_t frame = 0;
  std::uint32_t capture = 0;
};

/// A protocol anomaly aggregated by kind and endpoints.
struct AnomalyRecord {
  Protocol protocol;
  std::string kind;
  IpAddress src;
  IpAddress dst;
  std::string detail;  // the first occurrence's detail
  bool malformed = false;
  std::uint64_t count = 0;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  std::uint64_t first_frame = 0;
  std::uint32_t capture = 0;
};

/// A capture source processed in the run.
struct CaptureRunRecord {
  std::string source;           // file path, "-" or "live:IFACE"
  std::int64_t started_us = 0;  // wall clock when processing began
  std::int64_t finished_us = 0;
  std::int64_t first_packet_us = 0;
  std::int64_t last_packet_us = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t drops = 0;        // kernel/interface drops (live)
  std::uint64_t undecodable = 0;  // frames the link layer could not parse
  bool truncated = false;         // the file ended in the middle of a packet
  bool cancelled = false;         // reading was cancelled before the end; what was read is kept
};

/// Counters from the capture layer, for the run summary and the closing report.
struct CaptureHealth {
  std::uint64_t flows_created = 0;
  std::uint64_t flows_evicted = 0;
  std::uint64_t tcp_gaps = 0;
  std::uint64_t tcp_gap_bytes = 0;
  std::uint64_t tcp_retransmitted_bytes = 0;
  std::uint64_t tcp_out_of_order_segments = 0;
  std::uint64_t tcp_buffer_overflows = 0;
  std::uint64_t ip_fragments = 0;
  std::uint64_t ip_reassembled = 0;
  std::uint64_t ip_fragments_dropped = 0;
  std::uint64_t link_errors = 0;
  std::uint64_t bad_timestamps = 0;  // frames with an impossible time, given the previous one
  // What the engine's caps (EngineOptions::inventory) kept out, since the start of the run. Each
  // counts records not made: the traffic itself still counts in the protocol statistics.
  /// New devices' endpoints (MAC, IP) past the cap on confirmed endpoints.
  std::uint64_t assets_dropped = 0;
  /// Addresses seen in one packet with no sign of life (a spoofed source, even one its target
  /// answered; a scan's dead target) past the cap on unconfirmed endpoints: counted, and for the
  /// sources summarised in `one_packet_targets`, not kept as assets.
  std::uint64_t one_packet_sources = 0;
  /// Where those sources sent their packet: destination -> sources (the first 8 destinations;
  /// later ones count under the unspecified address).
  std::map<IpAddress, std::uint64_t> one_packet_targets;
  std::uint64_t links_dropped = 0;
  std::uint64_t operations_dropped = 0;
  std::uint64_t identities_dropped = 0;
  std::uint64_t hostnames_dropped = 0;
  std::uint64_t anomalies_dropped = 0;
  /// Address claims (ARP senders, DHCP leases) not remembered past the cap.
  std::uint64_t claims_dropped = 0;

  /// The sum of every cap's drops (0: no cap was reached).
  std::uint64_t limit_drops() const {
    return assets_dropped + one_packet_sources + links_dropped + operations_dropped +
           identities_dropped + hostnames_dropped + anomalies_dropped + claims_dropped;
  }
};

struct AnalysisResult {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  /// Keyed by protocol_name(): "modbus", "dnp3", "s7comm", "s7comm_plus".
  std::map<std::string, ProtocolStats> protocols;
  std::vector<AssetRecord> assets;
  /// Every asset's `roles` were inferred from this result's assets, links and operations (the
  /// engine does): a merge into an empty inventory stores them as they are, rather than reading
  /// back what it wrote to infer them again.
  bool roles_inferred = false;
  std::vector<LinkRecord> links;
  std::vector<OperationRecord> operations;
  std::vector<IdentityRecord> identities;
  std::vector<AnomalyRecord> anomalies;
  std::vector<HostnameRecord> hostnames;
  /// Identity and IP<->MAC changes noticed in this run, in the order they happened.
  std::vector<ChangeRecord> changes;
  std::vector<CaptureRunRecord> captures;
  CaptureHealth health;
  std::uint64_t alerts = 0;

  /// Identity value for a device's field, or "" (first match by IP).
  std::string identity(const IpAddress& ip, const std::string& field) const;
  /// Operations with this protocol (and function, when given).
  std::vector<const OperationRecord*> find_operations(Protocol p, std::int64_t function = -1) const;
  /// Total count of anomalies whose kind matches exactly.
  std::uint64_t anomaly_count(const std::string& kind) const;
  /// The asset that owns an IP (the one whose frames came from its own MAC first, else the
  /// IP-keyed one), or nullptr.
  const AssetRecord* asset_for(const IpAddress& ip) const;
  /// Changes about an IP (identity fields and "mac"), oldest first.
  std::vector<const ChangeRecord*> changes_for(const IpAddress& ip) const;
};

}  // namespace otscope
