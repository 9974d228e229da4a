// Change history of what devices say they are. One rule set, used by the engine while it reads a
// capture and by the database when a new run meets what earlier runs stored.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "model/analysis.h"

namespace otscope {

/// Identity fields that hold one value per device, so that a new value is a change (firmware,
/// serial, ...). Fields that legitimately hold several values at once (modbus_unit,
/// dnp3_address, rack, slot) and state (operating_mode) are not history.
bool is_history_field(std::string_view field);

/// True when the Modbus unit ids a device answered for show a gateway with several serial
/// devices behind it (units 0 and 255 address the TCP device itself and do not count).
bool answers_for_serial_units(const std::set<std::string>& units);

/// The field name of IP<->MAC changes in ChangeRecord and the database.
inline constexpr std::string_view kMacField = "mac";

/// One value of one field of one device, with when it was seen.
struct ValueSpan {
  std::string value;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  MacAddress mac;
  std::string source;
  std::uint64_t frame = 0;
  std::uint32_t capture = 0;
};

/// The changes that a set of values of one field implies, by order of first sighting: each
/// value that appeared after another is a change from the value seen most recently before it.
/// Values seen at the same time are ordered by value, so the result is deterministic.
std::vector<ChangeRecord> changes_from_spans(const IpAddress& ip, std::string_view field,
                                             std::vector<ValueSpan> spans);

/// Follows identity facts as they arrive and reports each change of a history field once
/// (old -> new per device and field; a value coming back is a change too). Modbus facts of a
/// device that answers for several unit ids (a gateway) are not compared: each unit behind it
/// has its own identity and the facts carry no unit.
class IdentityTracker {
 public:
  /// Notes one fact; returns true and fills `change` when it changes the device's value.
  bool observe(const IpAddress& ip, const MacAddress& mac, Protocol protocol,
               const std::string& field, const std::string& value, const std::string& source,
               const PacketMeta& meta, ChangeRecord& change);

 private:
  struct Current {
    std::string value;
    std::int64_t last_seen_us = 0;
  };
  std::map<std::pair<IpAddress, std::string>, Current> current_;
  std::map<IpAddress, std::set<std::string>>
      units_;  // ProtocolInfo::gateway_unit_field() values by server
  std::set<std::tuple<IpAddress, std::string, std::string, std::string>> reported_;
};

}  // namespace otscope
