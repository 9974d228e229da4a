// The passive name-service parser: DHCP host names and leases, DNS/mDNS answers, NetBIOS name
// registrations and query responses; one test per error reason; every strict prefix of a valid
// message is refused without a crash.
#include "engine/name_services.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/inventory/inventory_fixtures.h"
#include "tests/support/test_support.h"

namespace otscope::names {
namespace {

using Buffer = std::vector<std::uint8_t>;
using test::ip_of;
using test::mac_of;

void put16(Buffer& b, unsigned v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}

void put_bytes(Buffer& b, const Buffer& x) {
  b.insert(b.end(), x.begin(), x.end());
}

// "a.b.c" as DNS labels with the terminating zero.
Buffer labels(const std::string& dotted) {
  Buffer out;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    std::size_t dot = dotted.find('.', start);
    if (dot == std::string::npos) dot = dotted.size();
    out.push_back(static_cast<std::uint8_t>(dot - start));
    out.insert(out.end(), dotted.begin() + static_cast<long>(start),
               dotted.begin() + static_cast<long>(dot));
    start = dot + 1;
  }
  out.push_back(0);
  return out;
}

// NetBIOS first-level encoding of a 15-character name plus its suffix.
Buffer netbios(const std::string& name, std::uint8_t suffix) {
  std::string padded = name;
  padded.resize(15, ' ');
  padded.push_back(static_cast<char>(suffix));
  Buffer out = {32};
  for (unsigned char c : padded) {
    out.push_back(static_cast<std::uint8_t>('A' + (c >> 4)));
    out.push_back(static_cast<std::uint8_t>('A' + (c & 0x0f)));
  }
  out.push_back(0);
  return out;
}

Buffer dns_header(unsigned flags, unsigned qd, unsigned an, unsigned ns, unsigned ar) {
  Buffer b;
  put16(b, 0x1234);
  put16(b, flags);
  put16(b, qd);
  put16(b, an);
  put16(b, ns);
  put16(b, ar);
  return b;
}

void record(Buffer& b, const Buffer& name, unsigned type, unsigned klass, const Buffer& rdata) {
  put_bytes(b, name);
  put16(b, type);
  put16(b, klass);
  put_bytes(b, {0x00, 0x00, 0x0e, 0x10});
  put16(b, static_cast<unsigned>(rdata.size()));
  put_bytes(b, rdata);
}

// A response to "historian.plant.local A?" with an A and an AAAA answer (names compressed).
Buffer dns_response() {
  Buffer b = dns_header(0x8180, 1, 2, 0, 0);
  put_bytes(b, labels("historian.plant.local"));
  put16(b, 1);
  put16(b, 1);
  record(b, {0xc0, 0x0c}, 1, 1, {10, 10, 5, 20});
  record(b, {0xc0, 0x0c}, 28, 1, {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x14});
  return b;
}

// Option list of a DHCP message after the fixed BOOTP part and the magic cookie.
Buffer dhcp(std::uint8_t op, const std::string& chaddr, const std::string& yiaddr,
            const Buffer& options) {
  Buffer b(236, 0);
  b[0] = op;
  b[1] = 1;  // Ethernet
  b[2] = 6;
  const IpAddress your = ip_of(yiaddr);
  std::copy_n(your.bytes.begin(), 4, b.begin() + 16);
  const MacAddress mac = mac_of(chaddr);
  std::copy_n(mac.bytes.begin(), 6, b.begin() + 28);
  put_bytes(b, {0x63, 0x82, 0x53, 0x63});
  put_bytes(b, options);
  return b;
}

Buffer dhcp_request() {
  Buffer options = {53, 1, 3, 50, 4, 10, 10, 1, 100, 12, 11};
  for (char c : std::string("LAPTOP-IT07")) options.push_back(static_cast<std::uint8_t>(c));
  // Option 81 with the E bit: the FQDN in DNS wire format.
  Buffer fqdn = labels("laptop-it07.plant.local");
  options.push_back(81);
  options.push_back(static_cast<std::uint8_t>(3 + fqdn.size()));
  put_bytes(options, {0x05, 0, 0});
  put_bytes(options, fqdn);
  options.push_back(255);
  return dhcp(1, "00:21:5a:5b:c9:11", "0.0.0.0", options);
}

Buffer nbns_registration(const std::string& name, std::uint16_t nb_flags) {
  Buffer b = dns_header(0x2910, 1, 0, 0, 1);
  put_bytes(b, netbios(name, 0x00));
  put16(b, 0x20);
  put16(b, 1);
  Buffer rdata;
  put16(rdata, nb_flags);
  put_bytes(rdata, {10, 10, 1, 100});
  record(b, {0xc0, 0x0c}, 0x20, 1, rdata);
  return b;
}

TEST(NameServices, PortsOfTheDecodedServices) {
  for (int p : {53, 67, 68, 137, 5353, 5355})
    EXPECT_TRUE(is_name_service_port(static_cast<std::uint16_t>(p))) << p;
  for (int p : {0, 80, 502, 138, 20000})
    EXPECT_FALSE(is_name_service_port(static_cast<std::uint16_t>(p))) << p;
}

TEST(NameServices, DhcpRequestNamesItsClient) {
  DhcpMessage m;
  ASSERT_EQ(parse_dhcp(dhcp_request(), m), NameError::None);
  EXPECT_EQ(m.op, 1);
  EXPECT_EQ(m.message_type, 3);
  EXPECT_EQ(m.client_mac.to_string(), "00:21:5a:5b:c9:11");
  EXPECT_EQ(m.requested_ip.to_string(), "10.10.1.100");
  EXPECT_EQ(m.host_name, "LAPTOP-IT07");
  EXPECT_EQ(m.client_fqdn, "laptop-it07.plant.local");
  const auto facts = dhcp_names(m);
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_EQ(facts[0].name, "LAPTOP-IT07");
  EXPECT_EQ(facts[0].ip.to_string(), "10.10.1.100");
  EXPECT_EQ(facts[0].mac.to_string(), "00:21:5a:5b:c9:11");
  EXPECT_EQ(facts[0].source, NameSource::DhcpHostName);
  EXPECT_EQ(name_source_text(facts[0].source), "dhcp host name (option 12)");
  EXPECT_EQ(facts[1].source, NameSource::DhcpClientFqdn);
}

TEST(NameServices, DhcpAckGivesTheLeaseButNoName) {
  Buffer options = {53, 1, 5, 12, 3, 'x', 'y', 'z', 255};
  DhcpMessage m;
  ASSERT_EQ(parse_dhcp(dhcp(2, "00:21:5a:5b:c9:11", "10.10.1.100", options), m), NameError::None);
  EXPECT_EQ(m.message_type, 5);
  EXPECT_EQ(m.your_ip.to_string(), "10.10.1.100");
  EXPECT_TRUE(dhcp_names(m).empty()) << "a server echoing option 12 names nobody";
}

TEST(NameServices, DhcpHostNameIsMadePrintable) {
  Buffer options = {53, 1, 1, 12, 5, '=', 'a', 0x07, 'b', 0x1b, 255};
  DhcpMessage m;
  ASSERT_EQ(parse_dhcp(dhcp(1, "00:21:5a:5b:c9:11", "0.0.0.0", options), m), NameError::None);
  EXPECT_EQ(m.host_name, "=a\\x07b");
  const auto facts = dhcp_names(m);
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_TRUE(facts[0].ip.is_unspecified()) << "no address known yet";
}

TEST(NameServices, DhcpErrors) {
  DhcpMessage m;
  EXPECT_EQ(parse_dhcp(Buffer(239, 0), m), NameError::TooShort);
  Buffer no_cookie = dhcp_request();
  no_cookie[236] = 0;
  EXPECT_EQ(parse_dhcp(no_cookie, m), NameError::NotDhcp);
  Buffer bad_op = dhcp_request();
  bad_op[0] = 7;
  EXPECT_EQ(parse_dhcp(bad_op, m), NameError::NotDhcp);
  // Option 12 claims 40 bytes; 3 follow.
  EXPECT_EQ(
      parse_dhcp(dhcp(1, "00:21:5a:5b:c9:11", "0.0.0.0", {53, 1, 1, 12, 40, 'a', 'b', 'c'}), m),
      NameError::BadOption);
  // A length byte missing at the very end.
  EXPECT_EQ(parse_dhcp(dhcp(1, "00:21:5a:5b:c9:11", "0.0.0.0", {53, 1, 1, 12}), m),
            NameError::BadOption);
}

TEST(NameServices, DnsAnswersMapNamesToAddresses) {
  std::vector<NameFact> facts;
  ASSERT_EQ(parse_dns_answers(dns_response(), NameSource::DnsAnswer, facts), NameError::None);
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_EQ(facts[0].name, "historian.plant.local");
  EXPECT_EQ(facts[0].ip.to_string(), "10.10.5.20");
  EXPECT_TRUE(facts[0].mac.is_zero());
  EXPECT_EQ(facts[1].ip.to_string(), "fd00::14");
  EXPECT_EQ(facts[1].source, NameSource::DnsAnswer);
}

TEST(NameServices, DnsPtrAnswerOfAnIpv4ReverseName) {
  Buffer b = dns_header(0x8180, 1, 1, 0, 0);
  put_bytes(b, labels("20.5.10.10.in-addr.arpa"));
  put16(b, 12);
  put16(b, 1);
  record(b, {0xc0, 0x0c}, 12, 1, labels("historian.plant.local"));
  std::vector<NameFact> facts;
  ASSERT_EQ(parse_dns_answers(b, NameSource::DnsAnswer, facts), NameError::None);
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].name, "historian.plant.local");
  EXPECT_EQ(facts[0].ip.to_string(), "10.10.5.20");
  EXPECT_EQ(facts[0].source, NameSource::DnsPtrAnswer);
}

TEST(NameServices, QueriesAndFailedAnswersTellNothing) {
  Buffer query = dns_response();
  query[2] = 0x01;  // QR = 0
  std::vector<NameFact> facts;
  EXPECT_EQ(parse_dns_answers(query, NameSource::DnsAnswer, facts), NameError::None);
  EXPECT_TRUE(facts.empty());
  Buffer nxdomain = dns_response();
  nxdomain[3] = 0x83;  // rcode 3
  EXPECT_EQ(parse_dns_answers(nxdomain, NameSource::DnsAnswer, facts), NameError::None);
  EXPECT_TRUE(facts.empty());
}

TEST(NameServices, MdnsCacheFlushClassIsInternet) {
  Buffer b = dns_header(0x8400, 0, 1, 0, 0);
  record(b, labels("plc-1.local"), 1, 0x8001, {192, 168, 0, 7});
  std::vector<NameFact> facts;
  ASSERT_EQ(parse_dns_answers(b, NameSource::MdnsAnswer, facts), NameError::None);
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].name, "plc-1.local");
  EXPECT_EQ(facts[0].source, NameSource::MdnsAnswer);
}

TEST(NameServices, DnsErrors) {
  std::vector<NameFact> facts;
  EXPECT_EQ(parse_dns_answers(Buffer(11, 0), NameSource::DnsAnswer, facts), NameError::TooShort);
  // 3000 answers promised in a 12-byte message.
  EXPECT_EQ(parse_dns_answers(dns_header(0x8180, 0, 3000, 0, 0), NameSource::DnsAnswer, facts),
            NameError::TooManyRecords);
  // An answer whose name points at itself.
  Buffer loop = dns_header(0x8180, 0, 1, 0, 0);
  record(loop, {0xc0, 0x0c}, 1, 1, {1, 2, 3, 4});
  EXPECT_EQ(parse_dns_answers(loop, NameSource::DnsAnswer, facts), NameError::PointerLoop);
  // Reserved label type 0x40.
  Buffer reserved = dns_header(0x8180, 0, 1, 0, 0);
  record(reserved, {0x41, 'a', 0}, 1, 1, {1, 2, 3, 4});
  EXPECT_EQ(parse_dns_answers(reserved, NameSource::DnsAnswer, facts), NameError::BadLabel);
  // A pointer beyond the message.
  Buffer far = dns_header(0x8180, 0, 1, 0, 0);
  record(far, {0xc0, 0xff}, 1, 1, {1, 2, 3, 4});
  EXPECT_EQ(parse_dns_answers(far, NameSource::DnsAnswer, facts), NameError::BadLabel);
  // rdlength 200 with 4 bytes there.
  Buffer truncated = dns_response();
  truncated[truncated.size() - 18] = 200;
  EXPECT_EQ(parse_dns_answers(truncated, NameSource::DnsAnswer, facts), NameError::TruncatedRecord);
  // Five labels of 63 bytes: 320 bytes of name.
  Buffer long_name = dns_header(0x8180, 0, 1, 0, 0);
  Buffer name;
  for (int i = 0; i < 5; ++i) {
    name.push_back(63);
    name.insert(name.end(), 63, 'a');
  }
  name.push_back(0);
  record(long_name, name, 1, 1, {1, 2, 3, 4});
  EXPECT_EQ(parse_dns_answers(long_name, NameSource::DnsAnswer, facts), NameError::NameTooLong);
}

TEST(NameServices, EveryStrictPrefixOfAnAnswerIsRefused) {
  const Buffer full = dns_response();
  for (std::size_t n = 0; n < full.size(); ++n) {
    std::vector<NameFact> facts;
    const Buffer prefix(full.begin(), full.begin() + static_cast<long>(n));
    EXPECT_NE(parse_dns_answers(prefix, NameSource::DnsAnswer, facts), NameError::None) << n;
  }
  const Buffer reg = nbns_registration("LAPTOP-IT07", 0x0000);
  for (std::size_t n = 0; n < reg.size(); ++n) {
    std::vector<NameFact> facts;
    const Buffer prefix(reg.begin(), reg.begin() + static_cast<long>(n));
    EXPECT_NE(parse_nbns(prefix, facts), NameError::None) << n;
  }
}

TEST(NameServices, NetbiosRegistrationNamesTheRegisteringHost) {
  std::vector<NameFact> facts;
  ASSERT_EQ(parse_nbns(nbns_registration("LAPTOP-IT07", 0x0000), facts), NameError::None);
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].name, "LAPTOP-IT07");
  EXPECT_EQ(facts[0].ip.to_string(), "10.10.1.100");
  EXPECT_EQ(facts[0].source, NameSource::NbnsRegistration);
}

TEST(NameServices, NetbiosGroupNamesAreNotHostNames) {
  std::vector<NameFact> facts;
  ASSERT_EQ(parse_nbns(nbns_registration("WORKGROUP", 0x8000), facts), NameError::None);
  EXPECT_TRUE(facts.empty());
}

TEST(NameServices, NetbiosPositiveQueryResponse) {
  Buffer b = dns_header(0x8500, 0, 1, 0, 0);
  Buffer rdata;
  put_bytes(rdata, {0x00, 0x00, 10, 10, 1, 100});
  put_bytes(rdata, {0x80, 0x00, 10, 10, 1, 101});  // a group member: not a name of this host
  record(b, netbios("HMI01", 0x20), 0x20, 1, rdata);
  std::vector<NameFact> facts;
  ASSERT_EQ(parse_nbns(b, facts), NameError::None);
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].name, "HMI01");
  EXPECT_EQ(facts[0].ip.to_string(), "10.10.1.100");
  EXPECT_EQ(facts[0].source, NameSource::NbnsQueryAnswer);
}

TEST(NameServices, NetbiosBadEncoding) {
  Buffer b = nbns_registration("LAPTOP-IT07", 0x0000);
  b[13] = 'Z';  // outside 'A'..'P'
  std::vector<NameFact> facts;
  EXPECT_EQ(parse_nbns(b, facts), NameError::BadNetbiosName);
  EXPECT_EQ(name_error_name(NameError::BadNetbiosName), "bad_netbios_name");
}

}  // namespace
}  // namespace otscope::names
