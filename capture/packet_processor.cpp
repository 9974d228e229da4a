#include "capture/packet_processor.h"

#include <tins/arp.h>
#include <tins/exceptions.h>
#include <tins/ip.h>
#include <tins/ipv6.h>
#include <tins/tcp.h>
#include <tins/udp.h>

#include <algorithm>
#include <cstring>

#include "capture/link.h"

namespace otscope::capture {

namespace {
constexpr std::int64_t kSweepIntervalUs = 1'000'000;

IpAddress ip_from(const std::uint8_t* p, bool v6) {
  IpAddress ip;
  ip.v6 = v6;
  std::memcpy(ip.bytes.data(), p, v6 ? 16 : 4);
  return ip;
}
}  // namespace

PacketProcessor::PacketProcessor(StreamConsumer& consumer, FlowLimits limits)
    : consumer_(consumer), flows_(consumer, limits) {}

PacketProcessor::~PacketProcessor() = default;

void PacketProcessor::begin_source(std::uint32_t source_index, int dlt) {
  source_ = source_index;
  dlt_ = dlt;
  frame_no_ = 0;
}

void PacketProcessor::process(const RawFrame& frame) {
  ++stats_.packets;
  stats_.bytes += frame.wire_length;
  PacketMeta meta{frame.ts_us, ++frame_no_, source_};
  frame_ = &frame;
  maintenance(frame.ts_us);

  auto link = parse_link(dlt_, frame.data);
  if (!link) {
    ++stats_.undecodable;
    return;
  }
  PacketAddresses addr;
  addr.src_mac = link->src;
  addr.dst_mac = link->dst;
  addr.vlan = link->vlan;
  addr.wire_bytes = frame.wire_length;
  switch (link->network) {
    case NetworkProtocol::Ipv4:
      network(addr, 4, link->payload, meta);
      return;
    case NetworkProtocol::Ipv6:
      network(addr, 6, link->payload, meta);
      return;
    case NetworkProtocol::Arp: {
      HostSighting s{link->src, link->dst, false, {}, {}, link->vlan, frame.wire_length, "arp"};
      try {
        Tins::ARP arp(link->payload.data(), static_cast<std::uint32_t>(link->payload.size()));
        // Sender hardware/protocol addresses sit at fixed offsets of an Ethernet/IPv4 ARP.
        if (arp.hw_addr_length() == 6 && arp.prot_addr_length() == 4 &&
            link->payload.size() >= 28) {
          s.has_ip = true;
          std::copy_n(link->payload.begin() + 8, 6, s.src_mac.bytes.begin());
          s.src_ip = ip_from(link->payload.data() + 14, false);
          s.dst_ip = ip_from(link->payload.data() + 24, false);
        }
      } catch (const Tins::exception_base&) {
        ++stats_.undecodable;
      }
      consumer_.host_seen(s, meta);
      return;
    }
    case NetworkProtocol::Other: {
      if (!link->has_macs) {
        ++stats_.undecodable;
        return;
      }
      if (flows_.wants_link_type(link->ethertype)) {
        if (ring_ != nullptr) {
          PacketAddresses stations = addr;
          stations.src = IpAddress::link(addr.src_mac);
          stations.dst = IpAddress::link(addr.dst_mac);
          keep(stations, link->ethertype, link->ethertype, 143, meta);
        }
        flows_.link(addr, link->ethertype, link->payload, meta);
        return;
      }
      HostSighting s{link->src,  link->dst,         false,     {}, {},
                     link->vlan, frame.wire_length, "ethernet"};
      consumer_.host_seen(s, meta);
      return;
    }
  }
}

void PacketProcessor::network(const PacketAddresses& base, int family, Bytes ip,
                              const PacketMeta& meta) {
  PacketAddresses addr = base;
  std::vector<std::uint8_t> reassembled;
  if (family == 4 && Ipv4Defragmenter::is_fragment(ip)) {
    auto whole = defrag_.add(ip, meta.ts_us);
    if (!whole) return;  // waits for the other fragments
    reassembled = std::move(*whole);
    ip = reassembled;
  }
  try {
    // libtins parses one layer at a time from just that layer's header bytes: no inner PDU is
    // built, so no payload is copied and nothing is allocated for an ordinary IPv4 packet.
    std::size_t header = 0;
    std::size_t declared_end = ip.size();  // where the IP header says the packet ends
    std::uint8_t proto = 0;
    if (family == 4) {
      const std::size_t ihl = ip.empty() ? 0 : (ip[0] & 0x0fu) * 4u;
      const Tins::IP v4(ip.data(), static_cast<std::uint32_t>(std::min(ip.size(), ihl)));
      header = ihl;  // what v4.header_size() reports, without asking
      if (v4.tot_len() != 0) declared_end = v4.tot_len();
      addr.src = ip_from(ip.data() + 12, false);
      addr.dst = ip_from(ip.data() + 16, false);
      proto = v4.protocol();
    } else {
      // IPv6 extension headers are walked by libtins through its inner PDU chain.
      const Tins::IPv6 v6(ip.data(), static_cast<std::uint32_t>(ip.size()));
      header = v6.header_size();
      declared_end = 40u + v6.payload_length();
      addr.src = ip_from(ip.data() + 8, true);
      addr.dst = ip_from(ip.data() + 24, true);
      const Tins::PDU* inner = v6.inner_pdu();
      if (inner == nullptr || inner->pdu_type() == Tins::PDU::RAW) {
        // libtins leaves a fragment's payload raw; otscope does not reassemble IPv6 fragments.
        if (v6.search_header(Tins::IPv6::FRAGMENT)) ++stats_.ipv6_fragments;
      }
      proto = inner && inner->pdu_type() == Tins::PDU::TCP   ? 6
              : inner && inner->pdu_type() == Tins::PDU::UDP ? 17
                                                             : 0;
    }
    const std::size_t end = std::max(header, std::min(ip.size(), declared_end));
    const Bytes l4 = ip.subspan(header, end - header);
    // The IP header says how much payload was on the wire; a snap length may have cut it.
    const std::size_t ip_payload = declared_end > header ? declared_end - header : 0;
    if (proto == 6) {
      const std::size_t offset = l4.size() > 12 ? (l4[12] >> 4) * 4u : 20u;
      // The data offset's header length is what tcp.header_size() reports, without asking.
      const std::size_t tcp_header = std::min(l4.size(), offset);
      const Tins::TCP tcp(l4.data(), static_cast<std::uint32_t>(tcp_header));
      TcpSegmentView seg;
      seg.sport = tcp.sport();
      seg.dport = tcp.dport();
      seg.seq = tcp.seq();
      seg.ack = tcp.ack_seq();
      seg.flags = static_cast<std::uint8_t>(tcp.flags() & 0xff);
      if (tcp_header <= l4.size()) seg.payload = l4.subspan(tcp_header);
      seg.payload_on_wire = ip_payload > tcp_header ? ip_payload - tcp_header : 0;
      if (seg.payload_on_wire < seg.payload.size())
        seg.payload = seg.payload.first(seg.payload_on_wire);
      if (ring_ != nullptr) keep(addr, seg.sport, seg.dport, 6, meta);
      flows_.tcp(addr, seg, meta);
      return;
    }
    if (proto == 17) {
      const Tins::UDP udp(l4.data(),
                          static_cast<std::uint32_t>(std::min<std::size_t>(l4.size(), 8)));
      Bytes payload = l4.subspan(8);
      if (udp.length() >= 8 && udp.length() - 8u < payload.size())
        payload = payload.first(udp.length() - 8u);
      if (ring_ != nullptr) keep(addr, udp.sport(), udp.dport(), 17, meta);
      flows_.udp(addr, udp.sport(), udp.dport(), payload, meta);
      return;
    }
    HostSighting s{addr.src_mac,
                   addr.dst_mac,
                   true,
                   addr.src,
                   addr.dst,
                   addr.vlan,
                   addr.wire_bytes,
                   family == 4 ? "ipv4" : "ipv6"};
    consumer_.host_seen(s, meta);
  } catch (const Tins::exception_base&) {
    ++stats_.undecodable;
    HostSighting s{addr.src_mac, addr.dst_mac, false,           {},
                   {},           addr.vlan,    addr.wire_bytes, "malformed-ip"};
    if (!addr.src_mac.is_zero()) consumer_.host_seen(s, meta);
  }
}

void PacketProcessor::keep(const PacketAddresses& addr, std::uint16_t sport, std::uint16_t dport,
                           std::uint8_t proto, const PacketMeta& meta) {
  // The same key both ways: the two endpoints' hashes, ordered.
  auto endpoint = [](const IpAddress& ip, std::uint16_t port) {
    std::uint64_t h = ip.word(0) * 0x9e3779b97f4a7c15ULL ^ ip.word(8);
    h ^= (h >> 29) ^ (std::uint64_t{port} << 1 | (ip.v6 ? 1u : 0u));
    return h * 0xbf58476d1ce4e5b9ULL;
  };
  const std::uint64_t a = endpoint(addr.src, sport), b = endpoint(addr.dst, dport);
  const std::uint64_t key = (std::min(a, b) * 31 + std::max(a, b)) ^ proto;
  ring_->add(key, meta, frame_->wire_length, frame_->data);
}

void PacketProcessor::maintenance(std::int64_t now_us) {
  if (now_us < last_ts_us_) return;  // time went backwards (merged files): sweep on next advance
  last_ts_us_ = now_us;
  if (now_us < next_sweep_us_) return;
  if (next_sweep_us_ != 0) {
    flows_.sweep(now_us);
    defrag_.expire(now_us);
  }
  next_sweep_us_ = now_us + kSweepIntervalUs;
}

void PacketProcessor::checkpoint() {
  flows_.checkpoint();
}

void PacketProcessor::finish() {
  flows_.close_all(CloseReason::EndOfCapture);
}

ProcessorStats PacketProcessor::stats() const {
  ProcessorStats s = stats_;
  s.defrag = defrag_.stats();
  s.flows = flows_.stats();
  return s;
}

}  // namespace otscope::capture
