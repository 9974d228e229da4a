// What the capture layer tells the protocol layer about a flow: plain values, no libpcap/libtins.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

namespace otscope {

struct MacAddress {
  std::array<std::uint8_t, 6> bytes{};
  bool is_zero() const { return bytes == std::array<std::uint8_t, 6>{}; }
  bool is_multicast() const { return (bytes[0] & 1) != 0; }
  bool operator==(const MacAddress&) const = default;
  /// Byte order (as the defaulted operator), in one integer compare instead of memcmp.
  std::strong_ordering operator<=>(const MacAddress& o) const noexcept {
    return value() <=> o.value();
  }
  /// The six bytes as one big-endian integer.
  std::uint64_t value() const noexcept {
    std::uint64_t v = 0;
    for (std::uint8_t b : bytes) v = v << 8 | b;
    return v;
  }
  /// "00:1b:1b:01:02:03"
  std::string to_string() const;
  /// Reads exactly "xx:xx:xx:xx:xx:xx" (either case); false, `out` untouched, otherwise.
  static bool parse(std::string_view text, MacAddress& out);
};

struct IpAddress {
  bool v6 = false;
  /// IPv4 uses the first four bytes.
  std::array<std::uint8_t, 16> bytes{};
  bool operator==(const IpAddress& o) const noexcept {
    // Two word compares; the defaulted operator calls memcmp, and flow and asset lookups compare
    // addresses on every packet.
    std::uint64_t a[2], b[2];
    std::memcpy(a, bytes.data(), 16);
    std::memcpy(b, o.bytes.data(), 16);
    return v6 == o.v6 && a[0] == b[0] && a[1] == b[1];
  }
  /// v4 before v6, then byte order (as the defaulted operator would), by word compares.
  std::strong_ordering operator<=>(const IpAddress& o) const noexcept {
    if (v6 != o.v6) return v6 <=> o.v6;
    const std::uint64_t a0 = word(0), b0 = o.word(0);
    if (a0 != b0) return a0 <=> b0;
    return word(8) <=> o.word(8);
  }
  /// Eight bytes from `at` as a big-endian integer (so integer order is byte order).
  std::uint64_t word(std::size_t at) const noexcept {
    std::uint64_t v;
    std::memcpy(&v, bytes.data() + at, 8);
    if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
    return v;
  }
  bool is_unspecified() const { return bytes == std::array<std::uint8_t, 16>{}; }
  /// Dotted quad or RFC 5952 text; a link address is its MAC address's text.
  std::string to_string() const;
  static IpAddress v4(std::uint32_t host_order);
  /// Parses dotted quad, IPv6 or MAC address text (a link address); false when it is none.
  static bool parse(const std::string& text, IpAddress& out);

  /// The address that stands for a station without an IP address in a flow of a link-layer
  /// protocol (Transport::Ethernet): its MAC address in the IPv6 discard prefix 100::/64 (RFC
  /// 6666, never routed), so that every record keyed by address tells such stations apart. It
  /// reads as the MAC address, and the inventory never lists it among a device's IP addresses.
  static IpAddress link(const MacAddress& mac) {
    IpAddress ip;
    ip.v6 = true;
    ip.bytes[0] = 0x01;
    for (std::size_t i = 0; i < 6; ++i) ip.bytes[10 + i] = mac.bytes[i];
    return ip;
  }
  bool is_link() const noexcept {
    return v6 && word(0) == 0x0100000000000000ull && bytes[8] == 0 && bytes[9] == 0;
  }
  /// The MAC address a link address stands for.
  MacAddress link_mac() const {
    MacAddress m;
    for (std::size_t i = 0; i < 6; ++i) m.bytes[i] = bytes[10 + i];
    return m;
  }
};

/// How a flow's bytes travel: TCP or UDP over IP, or straight in Ethernet frames (PROFINET DCP
/// and RT, GOOSE, LLDP: a link-layer protocol's frames between two MAC addresses, whose endpoints
/// have no IP address (IpAddress::link stands for them) and whose `port` is the frames' Ethernet
/// type, 0 for IEEE 802.3 LLC frames). Such a flow's data is one frame: its Ethernet type (two
/// bytes, big-endian) and then the frame's payload.
enum class Transport : std::uint8_t { Tcp = 6, Udp = 17, Ethernet = 143 };
/// "tcp", "udp", "eth".
inline const char* transport_name(Transport t) {
  return t == Transport::Tcp ? "tcp" : t == Transport::Udp ? "udp" : "eth";
}

/// One end of a flow as seen on the wire.
struct HostEndpoint {
  MacAddress mac;
  IpAddress ip;
  std::uint16_t port = 0;
};

/// A bidirectional flow. Side A is the initiator when the capture saw the SYN; for a connection
/// picked up mid-stream it is the side using the higher (ephemeral) port.
struct FlowInfo {
  std::uint64_t id = 0;
  Transport transport = Transport::Tcp;
  HostEndpoint a;
  HostEndpoint b;
  /// Outermost 802.1Q/802.1ad VLAN id, 0 when untagged.
  std::uint16_t vlan = 0;
  /// True when the handshake was seen (A really is the client).
  bool saw_handshake = false;
  /// Where the stream consumer keeps its own state of this flow (0: not yet known), so that it
  /// finds it without a lookup per packet. Only the consumer writes it, and it checks the flow
  /// id before trusting it; capture never reads it.
  mutable std::uint32_t consumer_slot = 0;
};

/// Direction of bytes within a flow.
enum class Direction : std::uint8_t { AtoB = 0, BtoA = 1 };

inline Direction reverse(Direction d) {
  return d == Direction::AtoB ? Direction::BtoA : Direction::AtoB;
}

/// One captured packet, by frame number and time.
struct FrameRef {
  std::uint64_t frame = 0;
  std::int64_t ts_us = 0;
  bool operator==(const FrameRef&) const = default;
};

/// Where and when the bytes being delivered were captured (the packet that completed them).
struct PacketMeta {
  /// Microseconds since the Unix epoch.
  std::int64_t ts_us = 0;
  /// 1-based frame number within its capture file (as Wireshark counts).
  std::uint64_t frame = 0;
  /// Index of the capture source in the run (0 for the first file or the live interface).
  std::uint32_t source = 0;
  /// The earlier packets (same source, oldest first, without this one) that carried bytes of
  /// what is delivered: the first segments of a message reassembled from several, or of a run of
  /// bytes that held no message. Empty for the usual message in one packet. Points into the
  /// deliverer's storage: valid only during the call; bounded (kMaxEarlierFrames).
  std::span<const FrameRef> earlier;

  static constexpr std::size_t kMaxEarlierFrames = 16;

  /// This packet, delivering bytes that `earlier` packets carried too.
  PacketMeta with_earlier(std::span<const FrameRef> frames) const {
    PacketMeta m = *this;
    m.earlier = frames;
    return m;
  }
  /// A copy to keep beyond the call: without `earlier`, whose storage the call owns.
  PacketMeta kept() const {
    PacketMeta m = *this;
    m.earlier = {};
    return m;
  }
};

}  // namespace otscope
