#include "tests/support/frames.h"

#include <arpa/inet.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace otscope::test {

namespace {

void put16(Frame& f, std::uint16_t v) {
  f.push_back(static_cast<std::uint8_t>(v >> 8));
  f.push_back(static_cast<std::uint8_t>(v));
}
void put32(Frame& f, std::uint32_t v) {
  put16(f, static_cast<std::uint16_t>(v >> 16));
  put16(f, static_cast<std::uint16_t>(v));
}
void le16(Frame& f, std::uint16_t v) {
  f.push_back(static_cast<std::uint8_t>(v));
  f.push_back(static_cast<std::uint8_t>(v >> 8));
}
void le32(Frame& f, std::uint32_t v) {
  le16(f, static_cast<std::uint16_t>(v));
  le16(f, static_cast<std::uint16_t>(v >> 16));
}
void append(Frame& f, const Frame& more) {
  f.insert(f.end(), more.begin(), more.end());
}

void mac(Frame& f, const std::string& text) {
  unsigned b[6];
  if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
    throw std::invalid_argument("bad MAC " + text);
  for (unsigned x : b) f.push_back(static_cast<std::uint8_t>(x));
}

void ip4(Frame& f, const std::string& text) {
  std::uint8_t b[4];
  if (inet_pton(AF_INET, text.c_str(), b) != 1) throw std::invalid_argument("bad IPv4 " + text);
  f.insert(f.end(), b, b + 4);
}

std::uint16_t checksum(const Frame& f, std::size_t from, std::size_t len) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < len; i += 2) sum += f[from + i] << 8 | f[from + i + 1];
  if (len & 1) sum += f[from + len - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

}  // namespace

Frame tcp_segment(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack,
                  std::uint8_t flags, const Frame& payload) {
  Frame f;
  put16(f, sport);
  put16(f, dport);
  put32(f, seq);
  put32(f, ack);
  f.push_back(0x50);  // data offset 5 words
  f.push_back(flags);
  put16(f, 65535);
  put16(f, 0);
  put16(f, 0);
  append(f, payload);
  return f;
}

Frame udp_datagram(std::uint16_t sport, std::uint16_t dport, const Frame& payload) {
  Frame f;
  put16(f, sport);
  put16(f, dport);
  put16(f, static_cast<std::uint16_t>(8 + payload.size()));
  put16(f, 0);
  append(f, payload);
  return f;
}

Frame ipv4(const std::string& src, const std::string& dst, std::uint8_t proto, const Frame& l4,
           const Ipv4Options& opt) {
  Frame f;
  f.push_back(0x45);
  f.push_back(0);
  put16(f, static_cast<std::uint16_t>(20 + l4.size()));
  put16(f, opt.id);
  put16(f, static_cast<std::uint16_t>((opt.more_fragments ? 0x2000 : 0) |
                                      (opt.fragment_offset_bytes / 8)));
  f.push_back(opt.ttl);
  f.push_back(proto);
  put16(f, 0);
  ip4(f, src);
  ip4(f, dst);
  const std::uint16_t sum = checksum(f, 0, 20);
  f[10] = static_cast<std::uint8_t>(sum >> 8);
  f[11] = static_cast<std::uint8_t>(sum);
  append(f, l4);
  return f;
}

Frame ipv6(const std::string& src, const std::string& dst, std::uint8_t next, const Frame& l4) {
  Frame f;
  put32(f, 0x60000000);
  put16(f, static_cast<std::uint16_t>(l4.size()));
  f.push_back(next);
  f.push_back(64);
  std::uint8_t b[16];
  if (inet_pton(AF_INET6, src.c_str(), b) != 1) throw std::invalid_argument("bad IPv6 " + src);
  f.insert(f.end(), b, b + 16);
  if (inet_pton(AF_INET6, dst.c_str(), b) != 1) throw std::invalid_argument("bad IPv6 " + dst);
  f.insert(f.end(), b, b + 16);
  append(f, l4);
  return f;
}

Frame ethernet(const std::string& src_mac, const std::string& dst_mac, std::uint16_t ethertype,
               const Frame& payload, const std::vector<VlanTag>& tags) {
  Frame f;
  mac(f, dst_mac);
  mac(f, src_mac);
  for (const auto& t : tags) {
    put16(f, t.tpid);
    put16(f, t.id);
  }
  put16(f, ethertype);
  append(f, payload);
  while (f.size() < 60) f.push_back(0);  // Ethernet minimum frame: padding after the IP packet
  return f;
}

Frame linux_sll(const std::string& src_mac, std::uint16_t protocol, const Frame& payload) {
  Frame f;
  put16(f, 0);  // sent to us
  put16(f, 1);  // ARPHRD_ETHER
  put16(f, 6);
  mac(f, src_mac);
  put16(f, 0);
  put16(f, protocol);
  append(f, payload);
  return f;
}

Frame linux_sll2(const std::string& src_mac, std::uint16_t protocol, const Frame& payload) {
  Frame f;
  put16(f, protocol);
  put16(f, 0);
  put32(f, 2);  // ifindex
  put16(f, 1);  // ARPHRD_ETHER
  f.push_back(0);
  f.push_back(6);
  mac(f, src_mac);
  put16(f, 0);
  append(f, payload);
  return f;
}

Frame bsd_null(std::uint32_t family, const Frame& payload) {
  Frame f;
  le32(f, family);
  append(f, payload);
  return f;
}

Frame arp(bool reply, const std::string& sender_mac, const std::string& sender_ip,
          const std::string& target_mac, const std::string& target_ip) {
  Frame f;
  put16(f, 1);
  put16(f, 0x0800);
  f.push_back(6);
  f.push_back(4);
  put16(f, reply ? 2 : 1);
  mac(f, sender_mac);
  ip4(f, sender_ip);
  mac(f, target_mac);
  ip4(f, target_ip);
  return f;
}

std::vector<std::uint8_t> pcap_file(int dlt, const std::vector<TimedFrame>& frames,
                                    std::uint32_t snaplen) {
  Frame f;
  le32(f, 0xa1b2c3d4);
  le16(f, 2);
  le16(f, 4);
  le32(f, 0);
  le32(f, 0);
  le32(f, snaplen);
  le32(f, static_cast<std::uint32_t>(dlt));
  for (const auto& fr : frames) {
    le32(f, static_cast<std::uint32_t>(fr.ts_us / 1'000'000));
    le32(f, static_cast<std::uint32_t>(fr.ts_us % 1'000'000));
    le32(f, static_cast<std::uint32_t>(fr.bytes.size()));
    le32(f, fr.wire_length ? fr.wire_length : static_cast<std::uint32_t>(fr.bytes.size()));
    append(f, fr.bytes);
  }
  return f;
}

std::vector<std::uint8_t> pcapng_file(int dlt, const std::vector<TimedFrame>& frames) {
  Frame f;
  // Section header block
  le32(f, 0x0a0d0d0a);
  le32(f, 28);
  le32(f, 0x1a2b3c4d);
  le16(f, 1);
  le16(f, 0);
  le32(f, 0xffffffff);
  le32(f, 0xffffffff);
  le32(f, 28);
  // Interface description block (default microsecond resolution)
  le32(f, 1);
  le32(f, 20);
  le16(f, static_cast<std::uint16_t>(dlt));
  le16(f, 0);
  le32(f, 262144);
  le32(f, 20);
  for (const auto& fr : frames) {
    const std::uint32_t padded =
        static_cast<std::uint32_t>((fr.bytes.size() + 3) & ~std::size_t{3});
    const std::uint32_t total = 32 + padded;
    le32(f, 6);
    le32(f, total);
    le32(f, 0);
    const auto ts = static_cast<std::uint64_t>(fr.ts_us);
    le32(f, static_cast<std::uint32_t>(ts >> 32));
    le32(f, static_cast<std::uint32_t>(ts));
    le32(f, static_cast<std::uint32_t>(fr.bytes.size()));
    le32(f, fr.wire_length ? fr.wire_length : static_cast<std::uint32_t>(fr.bytes.size()));
    append(f, fr.bytes);
    f.resize(f.size() + (padded - fr.bytes.size()), 0);
    le32(f, total);
  }
  return f;
}

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

}  // namespace otscope::test
