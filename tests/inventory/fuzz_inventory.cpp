// libFuzzer target over the passive name-service parser (DHCP, DNS/mDNS/LLMNR, NetBIOS name
// service): any datagram must parse to facts or a specific error, never crash or loop, and no
// name may leave it with a control character in it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/name_services.h"

namespace {

void require_printable(const std::string& text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) __builtin_trap();
}

void require_printable(const std::vector<otscope::names::NameFact>& facts) {
  for (const auto& f : facts) {
    if (f.name.empty()) __builtin_trap();
    require_printable(f.name);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otscope::names;
  const otscope::Bytes payload(data, size);
  DhcpMessage dhcp;
  if (parse_dhcp(payload, dhcp) == NameError::None) {
    require_printable(dhcp.host_name);
    require_printable(dhcp.client_fqdn);
    require_printable(dhcp_names(dhcp));
  }
  std::vector<NameFact> facts;
  (void)parse_dns_answers(payload, NameSource::DnsAnswer, facts);
  require_printable(facts);
  facts.clear();
  (void)parse_nbns(payload, facts);
  require_printable(facts);
  return 0;
}
