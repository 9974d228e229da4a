// How engine values are written into and read back from database columns: addresses as text,
// enums by their stable names, ranges and exception codes as JSON text, and the set arithmetic
// that merging needs. Readers validate what they parse and throw DbError on a damaged value.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/flow.h"
#include "model/asset_role.h"
#include "protocols/common/events.h"

namespace otscope::db {

/// "aa:bb:cc:dd:ee:ff", or "" for the zero (unknown) MAC, which is stored as NULL.
std::string mac_text(const MacAddress& mac);
/// Inverse of mac_text(); "" gives the zero MAC.
MacAddress parse_mac(const std::string& text);
IpAddress parse_ip(const std::string& text);

std::string_view transport_text(Transport t);
Transport parse_transport(const std::string& text);
Protocol parse_protocol(const std::string& text);
/// Unknown names read as OpClass::Other (a newer build may add classes without a schema change).
OpClass parse_op_class(const std::string& text);

/// Union of address ranges per space: sorted by (space, start), overlapping or adjacent ranges
/// joined, empty ranges dropped.
std::vector<AddressRange> union_ranges(std::vector<AddressRange> ranges);

/// [{"space":"holding_register","start":0,"count":10}, ...]
std::string ranges_to_json(const std::vector<AddressRange>& ranges);
std::vector<AddressRange> ranges_from_json(const std::string& json);

/// [{"frame":12,"time":1700000000000000}, ...]: packets by frame number and time (µs).
std::string frames_to_json(const std::vector<FrameRef>& frames);
std::vector<FrameRef> frames_from_json(const std::string& json);

/// {"2":3,"4":1}: exception code -> count.
std::string exception_codes_to_json(const std::map<std::uint32_t, std::uint64_t>& codes);
std::map<std::uint32_t, std::uint64_t> exception_codes_from_json(const std::string& json);

/// [{"role":"plc","confidence":0.85,"reasons":["..."]}, ...]: the roles of an asset, most
/// likely first. Unknown role names read as AssetRole::Unknown (a newer build may add roles).
std::string roles_to_json(const std::vector<RoleAssessment>& roles);
std::vector<RoleAssessment> roles_from_json(const std::string& json);

}  // namespace otscope::db
