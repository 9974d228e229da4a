#include "pcaps/generator/it_traffic.h"

#include <tins/dhcp.h>
#include <tins/dns.h>

#include <string>
#include <vector>

#include "pcaps/generator/frames.h"
#include "pcaps/generator/tcp_conversation.h"

namespace otscope::pcapgen::it {
namespace {

const MacAddress kBroadcastMac("ff:ff:ff:ff:ff:ff");
constexpr std::uint64_t kNtpEraOffset = 2'208'988'800ull;  // 1900-01-01 to 1970-01-01

std::uint64_t ntp_timestamp(Micros t) {
  const auto secs = static_cast<std::uint64_t>(t / 1'000'000) + kNtpEraOffset;
  const auto frac = (static_cast<std::uint64_t>(t % 1'000'000) << 32) / 1'000'000;
  return secs << 32 | frac;
}

Bytes ntp_packet(std::uint8_t mode, std::uint8_t stratum, std::uint32_t reference_id,
                 std::uint64_t reference, std::uint64_t origin, std::uint64_t receive,
                 std::uint64_t transmit) {
  ByteWriter w(48);
  w.u8(0x20u | mode).u8(stratum).u8(10).u8(0xE9);  // LI 0, version 4; poll 2^10; precision 2^-23
  w.be32(mode == 3 ? 0 : 0x00000A5C).be32(mode == 3 ? 0x00010000 : 0x00000E1A).be32(reference_id);
  w.be64(reference).be64(origin).be64(receive).be64(transmit);
  return w.take();
}

Bytes netbios_encoded_name(std::string_view name, std::uint8_t suffix) {
  std::string padded(name.substr(0, 15));
  padded.resize(15, ' ');
  padded.push_back(static_cast<char>(suffix));
  ByteWriter w(34);
  w.u8(0x20);
  for (char c : padded) {
    const auto b = static_cast<std::uint8_t>(c);
    w.u8('A' + (b >> 4)).u8('A' + (b & 0x0F));
  }
  w.u8(0x00);
  return w.take();
}

}  // namespace

Micros arp_resolve(FrameSink& sink, Prng& prng, Micros t, const Host& asker, const Host& owner) {
  sink.emit(t, arp_request(asker, owner.ip));
  const Micros reply = t + prng.between(150, 900);
  sink.emit(reply, arp_reply(owner, asker));
  return reply;
}

Micros dns_lookup(FrameSink& sink, Prng& prng, Micros t, Host& client, Host& server,
                  std::string_view name, std::string_view address) {
  const auto id = static_cast<std::uint16_t>(prng.below(65536));
  const std::uint16_t port = client.take_port();
  Tins::DNS query;
  query.id(id);
  query.type(Tins::DNS::QUERY);
  query.recursion_desired(1);
  query.add_query(Tins::DNS::query(std::string(name), Tins::DNS::A, Tins::DNS::INTERNET));
  sink.emit(t, udp_between(client, server, port, 53, query.serialize()));
  Tins::DNS answer = query;
  answer.type(Tins::DNS::RESPONSE);
  answer.recursion_available(1);
  answer.authoritative_answer(1);
  answer.add_answer(Tins::DNS::resource(std::string(name), std::string(address), Tins::DNS::A,
                                        Tins::DNS::INTERNET, 1200));
  const Micros reply = t + prng.between(250, 1200);
  sink.emit(reply, udp_between(server, client, 53, port, answer.serialize()));
  return reply;
}

Micros ntp_sync(FrameSink& sink, Prng& prng, Micros t, Host& client, Host& server) {
  const std::uint64_t sent = ntp_timestamp(t);
  sink.emit(t, udp_between(client, server, 123, 123, ntp_packet(3, 0, 0, 0, 0, 0, sent)));
  const Micros recv = t + prng.between(80, 300);
  const Micros reply = recv + prng.between(20, 60);
  // Stratum 3 server synchronised to the upstream 10.10.5.1 a few minutes earlier.
  sink.emit(reply, udp_between(server, client, 123, 123,
                               ntp_packet(4, 3, 0x0A0A0501, ntp_timestamp(t - sec(217)), sent,
                                          ntp_timestamp(recv), ntp_timestamp(reply))));
  return reply;
}

Micros dhcp_lease(FrameSink& sink, Prng& prng, Micros t, Host& client, Host& server,
                  const Host& router, std::string_view hostname) {
  const std::uint32_t xid = prng.next32();
  const Tins::IPv4Address any("0.0.0.0");
  const Tins::IPv4Address all("255.255.255.255");
  auto client_message = [&](Tins::DHCP::Flags type, bool requesting) {
    Tins::DHCP d;
    d.opcode(Tins::BootP::BOOTREQUEST);
    d.htype(1);
    d.hlen(6);
    d.xid(xid);
    d.chaddr(client.mac);
    d.type(type);
    std::vector<std::uint8_t> cid = {0x01};  // hardware type Ethernet, then the MAC
    cid.insert(cid.end(), client.mac.begin(), client.mac.end());
    d.add_option(Tins::DHCP::option(Tins::DHCP::DHCP_CLIENT_IDENTIFIER, cid.begin(), cid.end()));
    if (requesting) {
      d.requested_ip(client.ip);
      d.server_identifier(server.ip);
    }
    d.hostname(std::string(hostname));
    const std::uint8_t params[] = {1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252};
    d.add_option(Tins::DHCP::option(Tins::DHCP::DHCP_PARAMETER_REQUEST_LIST, std::begin(params),
                                    std::end(params)));
    d.end();
    return d.serialize();
  };
  auto server_message = [&](Tins::DHCP::Flags type) {
    Tins::DHCP d;
    d.opcode(Tins::BootP::BOOTREPLY);
    d.htype(1);
    d.hlen(6);
    d.xid(xid);
    d.yiaddr(client.ip);
    d.chaddr(client.mac);
    d.type(type);
    d.server_identifier(server.ip);
    d.lease_time(691200);
    d.renewal_time(345600);
    d.rebind_time(604800);
    d.subnet_mask(Tins::IPv4Address("255.255.255.0"));
    d.routers({router.ip});
    d.domain_name_servers({server.ip});
    d.domain_name("plant.local");
    d.end();
    return d.serialize();
  };
  const LinkHeader from_client{client.mac, kBroadcastMac, client.vlan};
  const LinkHeader to_client{server.mac, client.mac, server.vlan};
  sink.emit(t, udp_frame(from_client, Ipv4Header{any, all, 128, client.take_ip_id(), false}, 68, 67,
                         client_message(Tins::DHCP::DISCOVER, false)));
  Micros at = t + prng.between(msec(2), msec(8));
  sink.emit(at,
            udp_frame(to_client, Ipv4Header{server.ip, client.ip, 128, server.take_ip_id(), false},
                      67, 68, server_message(Tins::DHCP::OFFER)));
  at += prng.between(msec(3), msec(12));
  sink.emit(at, udp_frame(from_client, Ipv4Header{any, all, 128, client.take_ip_id(), false}, 68,
                          67, client_message(Tins::DHCP::REQUEST, true)));
  at += prng.between(msec(1), msec(5));
  sink.emit(at,
            udp_frame(to_client, Ipv4Header{server.ip, client.ip, 128, server.take_ip_id(), false},
                      67, 68, server_message(Tins::DHCP::ACK)));
  // Address conflict detection before use (RFC 5227), then a gratuitous announcement.
  at += msec(180);
  sink.emit(at, arp_probe(client, client.ip));
  at += msec(1000);
  sink.emit(at, arp_announce(client));
  return at;
}

Micros netbios_register(FrameSink& sink, Micros t, Host& host, std::string_view name,
                        Tins::IPv4Address broadcast) {
  const std::uint16_t id = static_cast<std::uint16_t>(0x8000u | (host.ip_id & 0x7FFFu));
  const Bytes encoded = netbios_encoded_name(name, 0x00);
  Micros at = t;
  for (int i = 0; i < 3; ++i) {
    ByteWriter w;
    // Registration request, recursion desired, broadcast; one question, one additional record.
    w.be16(id).be16(0x2910).be16(1).be16(0).be16(0).be16(1);
    w.bytes(encoded).be16(0x0020).be16(0x0001);
    w.be16(0xC00C).be16(0x0020).be16(0x0001).be32(300000).be16(6).be16(0x0000);
    w.be32(static_cast<std::uint32_t>(host.ip));
    sink.emit(at, udp_frame(LinkHeader{host.mac, kBroadcastMac, host.vlan},
                            Ipv4Header{host.ip, broadcast, host.ttl, host.take_ip_id(), false}, 137,
                            137, w.view()));
    at += msec(750);
  }
  return at;
}

Micros http_get(FrameSink& sink, Prng& prng, Micros t, Host& client, Host& server,
                std::string_view host_header, std::string_view path, std::string_view body,
                std::string_view content_type) {
  TcpConversation tcp(sink, prng, client, server, 80);
  Micros at = tcp.open(t);
  std::string request = "GET " + std::string(path) +
                        " HTTP/1.1\r\nHost: " + std::string(host_header) +
                        "\r\nUser-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)\r\n"
                        "Accept: application/json, text/html\r\nAccept-Encoding: identity\r\n"
                        "Connection: close\r\n\r\n";
  at = tcp.send(Side::Client, Bytes(request.begin(), request.end()), at + usec(300));
  std::string response =
      "HTTP/1.1 200 OK\r\nServer: Microsoft-IIS/10.0\r\nContent-Type: " +
      std::string(content_type) + "\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n" + std::string(body);
  at = tcp.send(Side::Server, Bytes(response.begin(), response.end()),
                at + prng.between(msec(8), msec(25)));
  tcp.close(Side::Server, at + usec(400));
  return at + msec(1);
}

}  // namespace otscope::pcapgen::it
