#include "protocols/lldp/lldp.h"

#include <memory>
#include <string>
#include <utility>

#include "protocols/lldp/discovery.h"

namespace otscope::lldp {
namespace {

// Neither protocol has function codes: an announcement, or (TTL 0) the withdrawal of one.
constexpr std::uint32_t kAnnouncement = 1;
constexpr std::uint32_t kShutdown = 2;

class DiscoverySession final : public ProtocolSession {
 public:
  DiscoverySession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {}

  void on_data(Direction dir, Bytes data, const PacketMeta& meta) override {
    if (data.size() < 2) return;
    const bool lldp = (data[0] << 8 | data[1]) == kLldpEthertype;
    cdp_ = !lldp;
    const Protocol p = lldp ? kLldp : kCdp;
    Announcement a;
    const DiscoveryError e =
        lldp ? decode_lldp(data.subspan(2), a) : decode_cdp(data.subspan(2), a);
    if (e != DiscoveryError::None) {
      report_anomaly(sink_, flow_, meta, p, dir, std::string(p.name()) + ".malformed",
                     std::string(discovery_error_name(e)), true);
      return;
    }
    MessageEvent ev;
    ev.protocol = p;
    ev.role = MessageRole::Unsolicited;
    ev.dir = dir;
    ev.function = a.ttl == 0 && lldp ? kShutdown : kAnnouncement;
    ev.function_key = ev.function;
    ev.function_name = ev.function == kShutdown ? "Shutdown" : "Announcement";
    ev.op = OpClass::Identification;
    ev.mechanics = true;  // announces, asks nothing of anyone
    ev.summary = std::string(p.display_name()) + " " + std::string(ev.function_name) + " from " +
                 (a.system_name.empty() ? a.chassis_id : a.system_name) +
                 (a.port_id.empty() ? "" : ", port " + a.port_id) + ", TTL " +
                 std::to_string(a.ttl) + " s";
    sink_.message(flow_, meta, ev);
    const char* source = lldp ? "lldp" : "cdp";
    identity(p, dir, "device_name", a.system_name, source, meta);
    identity(p, dir, "description", a.system_description, source, meta);
    identity(p, dir, "model", a.platform, source, meta);
    identity(p, dir, "chassis_id", a.chassis_id, source, meta);
    identity(p, dir, "port_id", a.port_id, source, meta);
    identity(p, dir, "port_description", a.port_description, source, meta);
    identity(p, dir, "capabilities", a.capabilities, source, meta);
    for (const std::string& ip : a.management_addresses)
      identity(p, dir, "management_ip", ip, source, meta);
  }
  void on_gap(Direction, std::size_t, const PacketMeta&) override {}
  void on_close(const PacketMeta&) override {}
  Protocol claimed_as() const override { return cdp_ ? kCdp : kLldp; }

 private:
  void identity(Protocol p, Direction dir, const char* field, const std::string& value,
                const char* source, const PacketMeta& meta) {
    if (value.empty()) return;
    IdentityEvent id;
    id.protocol = p;
    id.dir = dir;
    id.about_sender = true;
    id.field = field;
    id.value = value;
    id.source = source;
    sink_.identity(flow_, meta, id);
  }

  const FlowInfo& flow_;
  EventSink& sink_;
  bool cdp_ = false;
};

/// LLDP frames are LLDP by their Ethernet type; an IEEE 802.3 LLC frame (type 0) is CDP only with
/// the LLC SNAP header of Cisco's OUI and CDP's PID.
ProbeResult probe(Bytes first, Transport transport) {
  if (transport != Transport::Ethernet || first.size() < 2) return ProbeResult::NoMatch;
  const std::uint16_t type = static_cast<std::uint16_t>(first[0] << 8 | first[1]);
  if (type == kLldpEthertype) return ProbeResult::Match;
  return type == 0 && is_cdp(first.subspan(2)) ? ProbeResult::Match : ProbeResult::NoMatch;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<DiscoverySession>(flow, sink);
}

constexpr std::uint16_t kLldpTypes[] = {kLldpEthertype};
constexpr std::uint16_t kLlcTypes[] = {0};
constexpr const ProtocolInfo* kReports[] = {&kLldpInfo, &kCdpInfo};

}  // namespace

// Switches and routers announce themselves; a device that only announces has no OT role.
const ProtocolInfo kLldpInfo{
    .name = "lldp",
    .display_name = "LLDP",
    .ethertypes = kLldpTypes,
    .roles = {.server_confidence = 0},
};
const ProtocolInfo kCdpInfo{
    .name = "cdp",
    .display_name = "CDP",
    .ethertypes = kLlcTypes,
    .roles = {.server_confidence = 0},
};

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{"lldp", kReports, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::lldp
