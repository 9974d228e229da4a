// Host names read passively from the few name-service messages that carry them: DHCP requests
// (option 12 host name, option 81 client FQDN) and acknowledgements (the address a MAC was
// given), DNS/mDNS/LLMNR answers (A, AAAA and IPv4 PTR records), NetBIOS name service
// registrations and positive query responses. Pure functions over one UDP payload: every length
// is checked before use, compression pointers are bounded, nothing is thrown or allocated beyond
// the result.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/flow.h"

namespace otscope::names {

enum class NameError : std::uint8_t {
  None,
  TooShort,         // shorter than the fixed header
  NotDhcp,          // BOOTP without the DHCP magic cookie, or an unknown op
  BadOption,        // a DHCP option runs past the end of the message
  BadLabel,         // reserved label type (0x40/0x80) or a label running past the end
  PointerLoop,      // more compression pointers than a name can legitimately use
  NameTooLong,      // more than 255 bytes of name
  TruncatedRecord,  // a question or resource record runs past the end
  TooManyRecords,   // header counts beyond what fits in the message
  BadNetbiosName,   // NetBIOS first-level encoding violated
};
/// "too_short", "not_dhcp", ... (for test diagnostics).
std::string_view name_error_name(NameError e);

/// UDP ports of the services decoded here (53, 67, 68, 137, 5353, 5355).
bool is_name_service_port(std::uint16_t port);

enum class NameSource : std::uint8_t {
  DhcpHostName,      // option 12 in a client's DISCOVER/REQUEST/INFORM
  DhcpClientFqdn,    // option 81
  DnsAnswer,         // A/AAAA record: owner name -> address
  DnsPtrAnswer,      // PTR record of an in-addr.arpa name: address -> name
  MdnsAnswer,        // multicast DNS (port 5353) A/AAAA
  LlmnrAnswer,       // LLMNR (port 5355) A/AAAA
  NbnsRegistration,  // NetBIOS name registration/refresh: the registering host's own name
  NbnsQueryAnswer,   // NetBIOS positive name query response
};
/// "dhcp host name (option 12)", "dns answer", ... (stored as HostnameRecord::source).
std::string_view name_source_text(NameSource s);

/// One name bound to an address (ip unspecified or mac zero when the message does not say).
struct NameFact {
  std::string name;
  IpAddress ip;
  MacAddress mac;
  NameSource source = NameSource::DnsAnswer;
};

/// What a DHCP message says about its client.
struct DhcpMessage {
  std::uint8_t op = 0;            // 1 request (client), 2 reply (server)
  std::uint8_t message_type = 0;  // option 53: 1 DISCOVER, 3 REQUEST, 5 ACK, 8 INFORM, ...
  MacAddress client_mac;          // chaddr (Ethernet only)
  IpAddress client_ip;            // ciaddr
  IpAddress your_ip;              // yiaddr: the address given to the client
  IpAddress requested_ip;         // option 50
  std::string host_name;          // option 12, printable
  std::string client_fqdn;        // option 81, printable
};
NameError parse_dhcp(Bytes payload, DhcpMessage& out);
/// Host names a DHCP message announces for its client (requests only).
std::vector<NameFact> dhcp_names(const DhcpMessage& message);

/// Name->address facts of a DNS-format response (DNS, mDNS, LLMNR); a query yields none.
/// `source` says which service the datagram came from (DnsAnswer, MdnsAnswer, LlmnrAnswer);
/// PTR answers are reported as DnsPtrAnswer.
NameError parse_dns_answers(Bytes payload, NameSource source, std::vector<NameFact>& out);

/// Name->address facts of a NetBIOS name service packet: registrations (and refreshes) and
/// positive query responses. Group names (workgroups, domains) are not host names: skipped.
NameError parse_nbns(Bytes payload, std::vector<NameFact>& out);

}  // namespace otscope::names
