#include "pcaps/generator/frames.h"

#include <tins/arp.h>
#include <tins/dot1q.h>
#include <tins/ethernetII.h>
#include <tins/ip.h>
#include <tins/rawpdu.h>
#include <tins/udp.h>

namespace otscope::pcapgen {
namespace {

const MacAddress kBroadcast("ff:ff:ff:ff:ff:ff");

Bytes serialize_link(const LinkHeader& l2, const Tins::PDU& l3) {
  Tins::EthernetII eth(l2.dst, l2.src);
  if (l2.vlan) {
    Tins::Dot1Q tag(*l2.vlan);
    tag.inner_pdu(l3.clone());
    eth.inner_pdu(tag.clone());
  } else {
    eth.inner_pdu(l3.clone());
  }
  return eth.serialize();
}

Tins::IP make_ip(const Ipv4Header& h) {
  Tins::IP ip(h.dst, h.src);
  ip.ttl(h.ttl);
  ip.id(h.id);
  if (h.dont_fragment) ip.flags(Tins::IP::DONT_FRAGMENT);
  return ip;
}

void add_nop(Tins::TCP& tcp) {
  tcp.add_option(Tins::TCP::option(Tins::TCP::NOP));
}

void add_syn_options(Tins::TCP& tcp, SynOptions options) {
  switch (options) {
    case SynOptions::None:
      break;
    case SynOptions::Windows:  // MSS, NOP, WS=8, NOP, NOP, SACK_PERM
    case SynOptions::WindowsSynAck:
      tcp.mss(1460);
      add_nop(tcp);
      tcp.winscale(8);
      add_nop(tcp);
      add_nop(tcp);
      tcp.sack_permitted();
      break;
    case SynOptions::Linux:  // MSS, NOP, NOP, SACK_PERM, NOP, WS=7 (tcp_timestamps disabled)
    case SynOptions::LinuxSynAck:
      tcp.mss(1460);
      add_nop(tcp);
      add_nop(tcp);
      tcp.sack_permitted();
      add_nop(tcp);
      tcp.winscale(7);
      break;
    case SynOptions::Embedded:
      tcp.mss(1460);
      break;
  }
}

}  // namespace

Bytes tcp_frame(const LinkHeader& l2, const Ipv4Header& iph, const TcpHeader& h,
                std::span<const std::uint8_t> payload, SynOptions options) {
  Tins::IP ip = make_ip(iph);
  Tins::TCP tcp(h.dport, h.sport);
  tcp.seq(h.seq);
  tcp.ack_seq(h.ack);
  tcp.flags(h.flags);
  tcp.window(h.window);
  add_syn_options(tcp, options);
  if (!payload.empty())
    tcp.inner_pdu(new Tins::RawPDU(payload.data(), static_cast<std::uint32_t>(payload.size())));
  ip.inner_pdu(tcp.clone());
  return serialize_link(l2, ip);
}

Bytes udp_frame(const LinkHeader& l2, const Ipv4Header& iph, std::uint16_t sport,
                std::uint16_t dport, std::span<const std::uint8_t> payload) {
  Tins::IP ip = make_ip(iph);
  Tins::UDP udp(dport, sport);
  if (!payload.empty())
    udp.inner_pdu(new Tins::RawPDU(payload.data(), static_cast<std::uint32_t>(payload.size())));
  ip.inner_pdu(udp.clone());
  return serialize_link(l2, ip);
}

LinkHeader link_between(const Host& from, const Host& to) {
  return LinkHeader{from.mac, to.mac, from.vlan};
}

Ipv4Header ip_between(Host& from, const Host& to) {
  return Ipv4Header{from.ip, to.ip, from.ttl, from.take_ip_id(), true};
}

Bytes udp_between(Host& from, const Host& to, std::uint16_t sport, std::uint16_t dport,
                  std::span<const std::uint8_t> payload) {
  const LinkHeader l2 = link_between(from, to);
  return udp_frame(l2, ip_between(from, to), sport, dport, payload);
}

namespace {

Bytes arp_frame(const LinkHeader& l2, Tins::ARP::Flags op, Tins::IPv4Address target_ip,
                MacAddress target_hw, Tins::IPv4Address sender_ip, MacAddress sender_hw) {
  Tins::ARP arp(target_ip, sender_ip, target_hw, sender_hw);
  arp.opcode(op);
  return serialize_link(l2, arp);
}

}  // namespace

Bytes arp_request(const Host& asker, Tins::IPv4Address target) {
  return arp_frame(LinkHeader{asker.mac, kBroadcast, asker.vlan}, Tins::ARP::REQUEST, target,
                   MacAddress(), asker.ip, asker.mac);
}

Bytes arp_reply(const Host& owner, const Host& asker) {
  return arp_frame(LinkHeader{owner.mac, asker.mac, owner.vlan}, Tins::ARP::REPLY, asker.ip,
                   asker.mac, owner.ip, owner.mac);
}

Bytes arp_announce(const Host& owner) {
  return arp_frame(LinkHeader{owner.mac, kBroadcast, owner.vlan}, Tins::ARP::REQUEST, owner.ip,
                   MacAddress(), owner.ip, owner.mac);
}

Bytes arp_probe(const Host& prober, Tins::IPv4Address ip) {
  return arp_frame(LinkHeader{prober.mac, kBroadcast, prober.vlan}, Tins::ARP::REQUEST, ip,
                   MacAddress(), Tins::IPv4Address("0.0.0.0"), prober.mac);
}

}  // namespace otscope::pcapgen
