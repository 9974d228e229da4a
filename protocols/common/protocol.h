// What a protocol is to everything above its folder: its name, its registered ports, the
// dangerous commands it defines (with their severity and ATT&CK technique) and what its two ends
// say about a device's role. Each protocol folder defines one ProtocolInfo per protocol it reports
// (the S7 folder reports S7comm and S7comm-plus); the registry (protocols/registry.h) numbers
// them. Nothing above protocols/ names a protocol in code: it reads these.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>

namespace otscope {

/// How bad an alert is.
enum class Severity : std::uint8_t { Low, Medium, High, Critical };
/// "low", "medium", "high", "critical".
std::string_view severity_name(Severity s);
std::optional<Severity> severity_from_name(std::string_view name);

/// A dangerous command the protocol defines (PLC stop, program download, outstation restart):
/// raised as an alert whoever sends it. The session names it on the request
/// (MessageEvent::command); detection turns it into a rule of its table.
struct CommandRule {
  std::string_view name;  // stable id in the policy, the database and forwarded alerts
  std::string_view title;
  Severity severity;
  std::string_view technique;       // ATT&CK for ICS technique id, e.g. "T0843"
  std::string_view technique_name;  // e.g. "Program Download"
  std::string_view explanation;     // one line a plant engineer can act on
};

/// What the server end of a protocol is, as the inventory names it.
enum class ServerKind : std::uint8_t {
  Controller,    // a PLC
  FieldStation,  // an RTU or outstation
};
/// What the client end of a protocol is, as the inventory names it.
enum class ClientKind : std::uint8_t {
  Operator,  // an HMI (or a historian, when it only reads)
  Master,    // a SCADA master
};

/// What the protocol's traffic says about the roles of its ends (engine/roles.cpp reads it).
struct RoleHints {
  ServerKind server = ServerKind::Controller;
  /// How sure a device that answers this protocol is `server` (0..1).
  double server_confidence = 0.9;
  /// Prefix of the reason for the server role ("DNP3 outstation"); empty: none.
  std::string_view server_label;
  ClientKind client = ClientKind::Operator;
  /// Prefix of the reason for the client role ("DNP3 master"); empty: none.
  std::string_view client_label;
  /// Reading module identification is what an engineering tool does (S7), not an HMI.
  bool identification_is_engineering = false;
  /// A server answering for several unit ids (other than 0 and 255), or returning one of
  /// `gateway_exceptions`, is a gateway to serial devices (Modbus).
  bool units_behind_gateway = false;
  std::span<const std::uint32_t> gateway_exceptions;
};

/// One protocol, defined once in its folder (`const ProtocolInfo kInfo{...}`) and numbered by the
/// registry.
struct ProtocolInfo {
  static constexpr std::uint8_t kUnregistered = 0xFF;
  /// Stable lower-case name: the key in JSON, the database, the policy file ("modbus").
  std::string_view name;
  /// How people write it ("Modbus", "S7comm-plus").
  std::string_view display_name;
  /// Registered ports, the first the one the protocol is known by (502); hints only: flows are
  /// identified by content. Traffic to the first that matches no protocol is reported.
  std::span<const std::uint16_t> ports;
  /// For a link-layer protocol, the Ethernet types its frames carry (0x8892 for PROFINET, 0 for
  /// IEEE 802.3 LLC frames): capture hands such frames up as Transport::Ethernet flows between
  /// two MAC addresses, with the type as both ends' port. Empty for protocols over IP.
  std::span<const std::uint16_t> ethertypes;
  /// The dangerous commands the protocol defines.
  std::span<const CommandRule* const> commands;
  RoleHints roles;
  /// The identity field naming a device's address in this protocol (a Modbus unit id, a DNP3
  /// link address): one device may have several; empty when the protocol reports none.
  std::string_view address_field;
  /// Its answers say when the device restarted (DNP3 IIN1.7): detection counts each device's
  /// answers to tell a restart seen live from one that happened before the capture.
  bool reports_restarts = false;
  /// Its devices report events unsolicited (DNP3): a storm of such reports floods the master.
  bool unsolicited_reports = false;
  /// The field naming the units a server answers for when they may sit behind a gateway (the
  /// address field of a protocol with RoleHints::units_behind_gateway), empty otherwise. A server
  /// that answers for serial units may report different identities per unit, which is not a
  /// change of the device.
  std::string_view gateway_unit_field() const {
    return roles.units_behind_gateway ? address_field : std::string_view();
  }
  /// Position in the registry; set once when the registry registers the protocol.
  mutable std::uint8_t index = kUnregistered;
};

/// A protocol, by its ProtocolInfo. Cheap to copy and compare; ordered by registry position
/// (the built-in protocols in probe order). A default-constructed Protocol is none.
class Protocol {
 public:
  constexpr Protocol() = default;
  constexpr explicit Protocol(const ProtocolInfo* info) : info_(info) {}

  const ProtocolInfo& info() const { return *info_; }
  bool valid() const { return info_ != nullptr; }
  /// The stable name; "unknown" for none.
  std::string_view name() const { return info_ != nullptr ? info_->name : "unknown"; }
  std::string_view display_name() const {
    return info_ != nullptr ? info_->display_name : "unknown";
  }
  /// Position in the registry, for arrays sized by protocol_count(); registered protocols only.
  std::size_t index() const { return info_->index; }

  friend bool operator==(Protocol a, Protocol b) { return a.info_ == b.info_; }
  friend std::strong_ordering operator<=>(Protocol a, Protocol b) {
    const int ia = a.info_ != nullptr ? a.info_->index : -1;
    const int ib = b.info_ != nullptr ? b.info_->index : -1;
    if (ia != ib) return ia <=> ib;
    return std::compare_three_way{}(a.info_, b.info_);
  }
  /// The registry position (stable from run to run, unlike the address).
  std::size_t hash() const { return info_ != nullptr ? info_->index : 0x100; }

 private:
  const ProtocolInfo* info_ = nullptr;
};

/// The stable name of a protocol ("modbus", "dnp3", "s7comm", "s7comm_plus").
inline std::string_view protocol_name(Protocol p) {
  return p.name();
}

}  // namespace otscope

template <>
struct std::hash<otscope::Protocol> {
  std::size_t operator()(otscope::Protocol p) const noexcept { return p.hash(); }
};
