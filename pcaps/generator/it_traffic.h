// Ordinary IT traffic that shares the plant network: ARP, DNS, NTP, DHCP, NetBIOS name service
// and HTTP. It gives the ICS conversations realistic neighbours and gives a monitor something
// to classify as non-ICS.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pcaps/generator/capture.h"
#include "pcaps/generator/hosts.h"
#include "pcaps/generator/prng.h"
#include "pcaps/generator/sim_time.h"

namespace otscope::pcapgen::it {

/// `asker` resolves `owner`'s MAC: broadcast who-has, unicast is-at. Returns the reply time.
Micros arp_resolve(FrameSink& sink, Prng& prng, Micros t, const Host& asker, const Host& owner);

/// A DNS A query over UDP 53 and the server's answer `address`. Returns the answer time.
Micros dns_lookup(FrameSink& sink, Prng& prng, Micros t, Host& client, Host& server,
                  std::string_view name, std::string_view address);

/// An NTP v4 client request and server reply over UDP 123.
Micros ntp_sync(FrameSink& sink, Prng& prng, Micros t, Host& client, Host& server);

/// DHCP DISCOVER / OFFER / REQUEST / ACK for `client` (which has no address yet) from `server`;
/// then an ARP probe and announcement of the leased address. `router` and `dns` go in the lease.
Micros dhcp_lease(FrameSink& sink, Prng& prng, Micros t, Host& client, Host& server,
                  const Host& router, std::string_view hostname);

/// NetBIOS name registration broadcast (UDP 137 to the subnet broadcast), sent three times.
Micros netbios_register(FrameSink& sink, Micros t, Host& host, std::string_view name,
                        Tins::IPv4Address broadcast);

/// One HTTP/1.1 GET and its response over a new TCP connection, then FIN close.
Micros http_get(FrameSink& sink, Prng& prng, Micros t, Host& client, Host& server,
                std::string_view host_header, std::string_view path, std::string_view body,
                std::string_view content_type);

}  // namespace otscope::pcapgen::it
