#include "model/roles.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "protocols/registry.h"

namespace otscope {

namespace {

// Thresholds of the historian rule: a client that only reads, at most once every few seconds,
// over a long stretch (or from many servers) is collecting data, not operating the process.
constexpr std::int64_t kLongPeriodUs = 5 * 60 * 1'000'000LL;
constexpr std::int64_t kSlowPollUs = 5 * 1'000'000LL;
constexpr std::int64_t kManyServersPeriodUs = 60 * 1'000'000LL;
constexpr std::size_t kManyServers = 3;
constexpr std::uint64_t kMinHistorianRequests = 10;

// Preference among roles of equal confidence: the more specific behaviour first.
int priority(AssetRole r) {
  switch (r) {
    case AssetRole::EngineeringWorkstation:
      return 0;
    case AssetRole::Plc:
      return 1;
    case AssetRole::Rtu:
      return 2;
    case AssetRole::Gateway:
      return 3;
    case AssetRole::ScadaMaster:
      return 4;
    case AssetRole::Historian:
      return 5;
    case AssetRole::Hmi:
      return 6;
    case AssetRole::Router:
      return 7;
    case AssetRole::ItHost:
      return 8;
    case AssetRole::Unknown:
      return 9;
  }
  return 9;
}

std::string list_text(const std::set<std::string>& items, std::size_t max = 3) {
  std::string out;
  std::size_t n = 0;
  for (const std::string& s : items) {
    if (n == max) {
      out += " and " + std::to_string(items.size() - max) + " more";
      break;
    }
    if (n++) out += ", ";
    out += s;
  }
  return out;
}

std::string protocol_text(Protocol p) {
  return std::string(p.display_name());
}

std::string duration_text(std::int64_t us) {
  char buf[32];
  const double s = static_cast<double>(us) / 1e6;
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  else if (s >= 120)
    std::snprintf(buf, sizeof buf, "%.1f min", s / 60);
  else
    std::snprintf(buf, sizeof buf, "%.0f s", s);
  return buf;
}

// Names of the services an IT host offers or uses, for the evidence text.
std::string service_text(Transport t, std::uint16_t port) {
  const char* name = nullptr;
  switch (port) {
    case 21:
      name = "FTP";
      break;
    case 22:
      name = "SSH";
      break;
    case 23:
      name = "Telnet";
      break;
    case 25:
      name = "SMTP";
      break;
    case 53:
      name = "DNS";
      break;
    case 67:
      name = "DHCP";
      break;
    case 80:
      name = "HTTP";
      break;
    case 88:
      name = "Kerberos";
      break;
    case 123:
      name = "NTP";
      break;
    case 137:
      name = "NetBIOS name service";
      break;
    case 138:
      name = "NetBIOS datagram";
      break;
    case 139:
      name = "NetBIOS session";
      break;
    case 161:
      name = "SNMP";
      break;
    case 389:
      name = "LDAP";
      break;
    case 443:
      name = "HTTPS";
      break;
    case 445:
      name = "SMB";
      break;
    case 514:
      name = "syslog";
      break;
    case 1900:
      name = "SSDP";
      break;
    case 3389:
      name = "RDP";
      break;
    case 5353:
      name = "mDNS";
      break;
    case 5355:
      name = "LLMNR";
      break;
    default:
      break;
  }
  std::string out = std::string(transport_name(t)) + "/" + std::to_string(port);
  if (name) out += std::string(" (") + name + ")";
  return out;
}

// A port a client uses to receive replies: a flow towards it says nothing about a service.
bool is_client_port(Transport t, std::uint16_t port) {
  return t == Transport::Udp && port == 68;
}

struct Served {
  std::uint64_t answered = 0;  // responses and unsolicited messages sent
  std::uint64_t unsolicited = 0;
  std::uint64_t requests = 0;  // requests received
  std::set<std::string> peers;
  std::set<std::string> functions;
  std::set<std::int64_t> units;
  std::set<std::uint32_t> gateway_exceptions;
};

struct Polled {
  std::uint64_t requests = 0;
  std::set<std::string> peers;
  std::map<OpClass, std::uint64_t> by_class;
  std::map<OpClass, std::set<std::string>> names;
};

struct Evidence {
  std::map<Protocol, Served> served;
  std::map<Protocol, Polled> polled;
  std::vector<const OperationRecord*> client_ops;
  std::set<std::string> ics_links_as_client, ics_links_as_server;
  std::set<std::string> services_served, services_used;
  std::set<std::string> routed;  // addresses of the devices behind it
  std::set<IpAddress> own_prefixes;
  bool any_link = false;
  /// Takes part in an ICS protocol only by requests to a group address (DCP Identify to the
  /// PROFINET multicast address: a device checks its own name that way at start-up as a
  /// controller looks for devices): no role follows from it, but it is no IT host either.
  bool ics_group_requests = false;
};

bool link_local(const IpAddress& ip) {
  if (ip.v6) return ip.bytes[0] == 0xfe && (ip.bytes[1] & 0xc0) == 0x80;
  return ip.bytes[0] == 169 && ip.bytes[1] == 254;
}

/// Subnets of one address family: a dual-stack host (an IPv4 and an IPv6 address) is no router.
std::size_t subnet_count(const std::set<IpAddress>& prefixes) {
  const auto v6 = static_cast<std::size_t>(
      std::count_if(prefixes.begin(), prefixes.end(), [](const IpAddress& p) { return p.v6; }));
  return std::max(v6, prefixes.size() - v6);
}

std::string op_label(const OperationRecord& op) {
  std::string s =
      op.function_name.empty() ? "function " + std::to_string(op.function) : op.function_name;
  if (op.detail.empty() || op.detail == op.function_name) return s;
  // "Read SZL" + "SZL 0x0011" reads "Read SZL 0x0011".
  const auto last_word = s.rfind(' ');
  const std::string tail = last_word == std::string::npos ? s : s.substr(last_word + 1);
  if (op.detail.compare(0, tail.size() + 1, tail + " ") == 0)
    return s + op.detail.substr(tail.size());
  return s + " " + op.detail;
}

void add(std::vector<RoleAssessment>& roles, AssetRole role, double confidence,
         std::string reason) {
  for (RoleAssessment& r : roles) {
    if (r.role != role) continue;
    r.confidence = std::max(r.confidence, confidence);
    if (std::find(r.reasons.begin(), r.reasons.end(), reason) == r.reasons.end())
      r.reasons.push_back(std::move(reason));
    return;
  }
  roles.push_back(RoleAssessment{role, confidence, {std::move(reason)}});
}

void server_roles(const Evidence& ev, std::vector<RoleAssessment>& roles) {
  for (const auto& [protocol, s] : ev.served) {
    const std::string who = list_text(s.peers);
    std::string counts = std::to_string(s.answered - s.unsolicited) + " responses";
    if (s.unsolicited) counts += ", " + std::to_string(s.unsolicited) + " unsolicited";
    if (s.answered == 0) counts = std::to_string(s.requests) + " requests, no answer seen";
    const RoleHints& hints = protocol.info().roles;
    if (hints.server_confidence <= 0) continue;  // announces itself (LLDP): says nothing of a role
    const double sure = s.answered > 0 ? 1.0 : 0.7;
    // A publisher (GOOSE, cyclic I/O) sends on its own; it answers nobody.
    const bool publishes = s.requests == 0 && s.answered == s.unsolicited && s.unsolicited > 0;
    const std::string what =
        publishes ? "publishes " + protocol_text(protocol) + " to " + who + " (" +
                        std::to_string(s.unsolicited) + " messages: " + list_text(s.functions) + ")"
                  : "answers " + protocol_text(protocol) + " requests from " + who + " (" + counts +
                        ": " + list_text(s.functions) + ")";
    const std::string role_reason =
        hints.server_label.empty() ? what : std::string(hints.server_label) + ": " + what;
    if (hints.server == ServerKind::FieldStation) {
      add(roles, AssetRole::Rtu, hints.server_confidence * sure, role_reason);
      continue;
    }
    if (hints.units_behind_gateway) {
      std::set<std::string> serial_units;
      for (std::int64_t u : s.units)
        if (u != 0 && u != 255) serial_units.insert(std::to_string(u));
      if (serial_units.size() >= 2 || !s.gateway_exceptions.empty()) {
        std::string reason = what + "; answers for unit ids " + list_text(serial_units, 8);
        if (!s.gateway_exceptions.empty())
          reason += "; returned gateway exceptions (0x0A/0x0B: target unreachable)";
        add(roles, AssetRole::Gateway, 0.8 * sure, reason);
        continue;
      }
    }
    add(roles, AssetRole::Plc, hints.server_confidence * sure, role_reason);
  }
  for (const std::string& p : ev.ics_links_as_server)
    add(roles, AssetRole::Plc, 0.5, "accepts " + p + " connections (no message decoded)");
}

// Only reading, slowly and for long (or from many servers): a historian or data collector.
bool historian_evidence(const Evidence& ev, std::string& reason) {
  std::uint64_t requests = 0;
  std::int64_t first = 0, last = 0;
  std::set<std::string> servers, functions;
  for (const OperationRecord* op : ev.client_ops) {
    const bool engineering = op->protocol.info().roles.identification_is_engineering;
    const bool reading = op->op == OpClass::Read || op->op == OpClass::Session ||
                         op->op == OpClass::Other ||
                         (op->op == OpClass::Identification && !engineering);
    if (!reading && op->requests > 0) return false;
    if (op->requests == 0) continue;
    requests += op->requests;
    servers.insert(op->server.to_string());
    if (op->op == OpClass::Read) functions.insert(op_label(*op));
    if (op->first_seen_us != 0 && (first == 0 || op->first_seen_us < first))
      first = op->first_seen_us;
    last = std::max(last, op->last_seen_us);
  }
  if (requests < kMinHistorianRequests || first == 0) return false;
  const std::int64_t span = last - first;
  // Mean time between polls of one server.
  const std::int64_t interval =
      span / static_cast<std::int64_t>(std::max<std::uint64_t>(1, requests / servers.size()));
  const bool slow_and_long = span >= kLongPeriodUs && interval >= kSlowPollUs;
  const bool many = servers.size() >= kManyServers && span >= kManyServersPeriodUs;
  if (!slow_and_long && !many) return false;
  reason = "only reads (" + list_text(functions) + ") from " + list_text(servers) + ": " +
           std::to_string(requests) + " requests over " + duration_text(span) +
           ", about one every " + duration_text(interval) + " per server";
  return true;
}

void client_roles(const AssetRecord& asset, const Evidence& ev,
                  std::vector<RoleAssessment>& roles) {
  bool writes = false;
  for (const auto& [protocol, p] : ev.polled) {
    const std::string who = list_text(p.peers);
    const RoleHints& hints = protocol.info().roles;
    for (OpClass c : {OpClass::Program, OpClass::ModeChange}) {
      auto it = p.by_class.find(c);
      if (it == p.by_class.end()) continue;
      add(roles, AssetRole::EngineeringWorkstation, 0.9,
          std::string(c == OpClass::Program ? "programs " : "changes the operating mode of ") +
              who + " over " + protocol_text(protocol) + " (" + list_text(p.names.at(c)) + ")");
    }
    if (hints.identification_is_engineering) {
      if (auto it = p.by_class.find(OpClass::Identification); it != p.by_class.end())
        add(roles, AssetRole::EngineeringWorkstation, 0.75,
            "reads module information from " + who + " over " + protocol_text(protocol) + " (" +
                list_text(p.names.at(OpClass::Identification)) + ")");
    }
    bool operates = false;
    for (OpClass c : {OpClass::Write, OpClass::Control}) operates = operates || p.by_class.count(c);
    writes = writes || operates;
    std::set<std::string> classes;
    for (const auto& [c, n] : p.by_class) classes.insert(std::string(op_class_name(c)));
    const std::string what = "polls " + who + " over " + protocol_text(protocol) + " (" +
                             std::to_string(p.requests) + " requests: " + list_text(classes, 6) +
                             ")";
    if (hints.client == ClientKind::Master) {
      add(roles, AssetRole::ScadaMaster, 0.85,
          hints.client_label.empty() ? what : std::string(hints.client_label) + ": " + what);
    } else {
      add(roles, AssetRole::Hmi, operates ? 0.8 : 0.55, what);
    }
  }
  // An engineering station reads and writes too while it monitors a program: that is not
  // operating the process.
  const bool engineering = std::any_of(roles.begin(), roles.end(), [](const RoleAssessment& r) {
    return r.role == AssetRole::EngineeringWorkstation;
  });
  if (engineering)
    for (RoleAssessment& r : roles)
      if (r.role == AssetRole::Hmi) r.confidence = std::min(r.confidence, 0.6);
  std::string reason;
  if (!writes && !engineering && historian_evidence(ev, reason)) {
    const bool routed = !asset.via_mac.is_zero();
    if (routed) reason += "; sits in another subnet, behind a router";
    add(roles, AssetRole::Historian, routed ? 0.8 : 0.7, reason);
  }
  for (const std::string& p : ev.ics_links_as_client)
    add(roles, AssetRole::Hmi, 0.4, "opens " + p + " connections (no message decoded)");
}

void network_roles(const Evidence& ev, std::vector<RoleAssessment>& roles) {
  if (!ev.routed.empty()) {
    std::string reason = "frames of " + std::to_string(ev.routed.size()) +
                         (ev.routed.size() == 1 ? " routed host" : " routed hosts") + " (" +
                         list_text(ev.routed) + ") carry its MAC";
    add(roles, AssetRole::Router, 0.9, reason);
  }
  if (const std::size_t subnets = subnet_count(ev.own_prefixes); subnets >= 2)
    add(roles, AssetRole::Router, ev.routed.empty() ? 0.6 : 0.9,
        "has addresses in " + std::to_string(subnets) + " subnets");
  const bool ics = !ev.served.empty() || !ev.polled.empty() || !ev.ics_links_as_client.empty() ||
                   !ev.ics_links_as_server.empty() || ev.ics_group_requests;
  if (ics || !ev.routed.empty()) return;
  if (!ev.any_link) {
    add(roles, AssetRole::ItHost, 0.3, "no ICS protocol seen; only ARP or broadcast traffic");
    return;
  }
  add(roles, AssetRole::ItHost, 0.6, "no ICS protocol seen");
  if (!ev.services_served.empty())
    add(roles, AssetRole::ItHost, 0.6, "serves " + list_text(ev.services_served, 6));
  if (!ev.services_used.empty())
    add(roles, AssetRole::ItHost, 0.6, "uses " + list_text(ev.services_used, 6));
}

}  // namespace

AssetResolver::AssetResolver(std::span<const AssetRecord> assets) : assets_(assets) {
  by_ip_.reserve(assets.size());
  by_mac_.reserve(assets.size());
  for (std::size_t i = 0; i < assets.size(); ++i) {
    for (const IpAddress& ip : assets[i].ips) by_ip_[ip].push_back(i);
    if (!assets[i].mac.is_zero()) by_mac_.emplace(assets[i].mac, i);
  }
}

std::size_t AssetResolver::find(const IpAddress& ip, const MacAddress& mac) const {
  if (auto it = by_ip_.find(ip); it != by_ip_.end()) {
    const std::vector<std::size_t>& c = it->second;
    if (c.size() == 1) return c.front();
    for (std::size_t i : c)
      if (!mac.is_zero() && assets_[i].mac == mac) return i;
    for (std::size_t i : c)
      if (!mac.is_zero() && assets_[i].via_mac == mac) return i;
    for (std::size_t i : c)
      if (assets_[i].mac.is_zero()) return i;
    return c.front();
  }
  return find_mac(mac);
}

std::size_t AssetResolver::find_mac(const MacAddress& mac) const {
  if (mac.is_zero()) return npos;
  auto it = by_mac_.find(mac);
  return it == by_mac_.end() ? npos : it->second;
}

std::vector<std::vector<RoleAssessment>> infer_roles(const RoleInputs& in) {
  const AssetResolver resolver(in.assets);
  std::vector<Evidence> ev(in.assets.size());

  // A device talking to itself (a loopback capture) is both of its sides.
  for (const OperationRecord& op : in.operations) {
    const IpAddress& requester = op.client;
    const IpAddress& responder = op.server;
    const std::size_t c = resolver.find(requester, op.client_mac);
    const std::size_t s = resolver.find(responder, op.server_mac);
    if (s != AssetResolver::npos) {
      Served& sv = ev[s].served[op.protocol];
      sv.answered += op.responses + op.unsolicited;
      sv.unsolicited += op.unsolicited;
      sv.requests += op.requests;
      if (op.requests || op.responses) sv.peers.insert(requester.to_string());
      if (op.responses || op.requests) sv.functions.insert(op_label(op));
      if (op.unit >= 0 && op.responses > op.exceptions) sv.units.insert(op.unit);
      const auto gateway = op.protocol.info().roles.gateway_exceptions;
      for (const auto& [code, n] : op.exception_codes)
        if (std::find(gateway.begin(), gateway.end(), code) != gateway.end())
          sv.gateway_exceptions.insert(code);
    }
    // A request to a group of stations discovers; it polls nobody.
    const bool to_group = responder.is_link() && responder.link_mac().is_multicast();
    if (c != AssetResolver::npos && op.requests > 0 && to_group) ev[c].ics_group_requests = true;
    if (c != AssetResolver::npos && op.requests > 0 && !to_group) {
      Polled& p = ev[c].polled[op.protocol];
      p.requests += op.requests;
      p.peers.insert(responder.to_string());
      p.by_class[op.op] += op.requests;
      p.names[op.op].insert(op_label(op));
      ev[c].client_ops.push_back(&op);
    }
  }

  for (const LinkRecord& l : in.links) {
    const std::size_t c = resolver.find(l.client, l.client_mac);
    const std::size_t s = resolver.find(l.server, l.server_mac);
    if (c != AssetResolver::npos) ev[c].any_link = true;
    if (s != AssetResolver::npos) ev[s].any_link = true;
    // A link-layer flow's first sender is no client: its roles come from its messages alone.
    if (l.transport == Transport::Ethernet) continue;
    Protocol p{};
    if (!l.protocol.empty() && protocol_from_name(l.protocol, p)) {
      // Only a fallback: decoded operations say more than a claimed connection.
      if (c != AssetResolver::npos && !ev[c].polled.count(p))
        ev[c].ics_links_as_client.insert(protocol_text(p));
      if (s != AssetResolver::npos && !ev[s].served.count(p))
        ev[s].ics_links_as_server.insert(protocol_text(p));
      continue;
    }
    if (is_client_port(l.transport, l.server_port)) {
      // A DHCP server's reply is a flow of its own towards the client's port 68.
      if (c != AssetResolver::npos) ev[c].services_served.insert(service_text(l.transport, 67));
      continue;
    }
    const std::string service = service_text(l.transport, l.server_port);
    if (s != AssetResolver::npos) ev[s].services_served.insert(service);
    if (c != AssetResolver::npos) ev[c].services_used.insert(service);
  }

  for (std::size_t i = 0; i < in.assets.size(); ++i) {
    const AssetRecord& a = in.assets[i];
    for (const IpAddress& ip : a.ips) {
      // Link-local addresses (fe80::/10, 169.254/16) sit beside a host's configured address on
      // the same link: they are no second subnet.
      if (link_local(ip)) continue;
      IpAddress p = ip;
      if (ip.v6) {
        std::fill(p.bytes.begin() + 8, p.bytes.end(), std::uint8_t{0});
      } else {
        p.bytes[3] = 0;
      }
      ev[i].own_prefixes.insert(p);
    }
    if (a.via_mac.is_zero()) continue;
    const std::size_t router = resolver.find_mac(a.via_mac);
    if (router != AssetResolver::npos && router != i)
      for (const IpAddress& ip : a.ips) ev[router].routed.insert(ip.to_string());
  }

  std::vector<std::vector<RoleAssessment>> out(in.assets.size());
  for (std::size_t i = 0; i < in.assets.size(); ++i) {
    // Polled evidence found only through links must not hide decoded evidence.
    for (const auto& [p, s] : ev[i].served) ev[i].ics_links_as_server.erase(protocol_text(p));
    for (const auto& [p, s] : ev[i].polled) ev[i].ics_links_as_client.erase(protocol_text(p));
    std::vector<RoleAssessment>& roles = out[i];
    server_roles(ev[i], roles);
    client_roles(in.assets[i], ev[i], roles);
    network_roles(ev[i], roles);
    std::stable_sort(roles.begin(), roles.end(),
                     [](const RoleAssessment& a, const RoleAssessment& b) {
                       if (a.confidence != b.confidence) return a.confidence > b.confidence;
                       return priority(a.role) < priority(b.role);
                     });
  }
  return out;
}

}  // namespace otscope
