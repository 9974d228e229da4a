#include "db/codec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <tuple>

#include "db/database.h"
#include "protocols/registry.h"

namespace otscope::db {
namespace {

using Json = nlohmann::json;

// A non-negative integer that fits in 32 bits; anything else is a damaged value.
std::uint32_t u32_field(const Json& object, const char* key) {
  const Json& value = object.at(key);
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 0xffffffffu) {
    throw DbError(std::string("\"") + key + "\" is not a 32-bit unsigned number");
  }
  return static_cast<std::uint32_t>(value.get<std::uint64_t>());
}

std::string dump(const Json& json) {
  // Replace rather than throw on invalid UTF-8: an address-space name must never make a merge fail.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Text that JSON holds between quotes as it is: printable ASCII without '"' or '\\'.
bool plain_json_text(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

std::string ranges_to_json_slow(const std::vector<AddressRange>& ranges) {
  Json array = Json::array();
  for (const AddressRange& r : ranges) {
    array.push_back(Json{{"space", r.space}, {"start", r.start}, {"count", r.count}});
  }
  return dump(array);
}

std::string roles_to_json_slow(const std::vector<RoleAssessment>& roles) {
  Json array = Json::array();
  for (const RoleAssessment& r : roles) {
    const double confidence = static_cast<double>(std::lround(r.confidence * 100)) / 100;
    array.push_back(
        {{"role", asset_role_name(r.role)}, {"confidence", confidence}, {"reasons", r.reasons}});
  }
  return dump(array);
}

// Reads an unsigned decimal number at `p`; false when there is none or it exceeds `max`.
bool read_number(std::string_view text, std::size_t& p, std::uint64_t max, std::uint64_t& n) {
  const char* begin = text.data() + p;
  const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), n);
  if (ec != std::errc() || end == begin || n > max) return false;
  p = static_cast<std::size_t>(end - text.data());
  return true;
}

bool read_literal(std::string_view text, std::size_t& p, std::string_view literal) {
  if (text.substr(p, literal.size()) != literal) return false;
  p += literal.size();
  return true;
}

// The text ranges_to_json() writes, read back without a Json tree; false for any other form
// (the caller then reads it with the JSON parser, which also explains what is wrong).
bool read_plain_ranges(std::string_view text, std::vector<AddressRange>& out) {
  std::size_t p = 0;
  if (!read_literal(text, p, "[")) return false;
  if (read_literal(text, p, "]")) return p == text.size();
  for (;;) {
    AddressRange r;
    std::uint64_t count = 0;
    std::uint64_t start = 0;
    if (!read_literal(text, p, "{\"count\":") || !read_number(text, p, 0xffffffffu, count) ||
        !read_literal(text, p, ",\"space\":\""))
      return false;
    const std::size_t quote = text.find('"', p);
    if (quote == std::string_view::npos) return false;
    const std::string_view space = text.substr(p, quote - p);
    if (!plain_json_text(space) || !SpaceName::fits(space)) return false;
    p = quote;
    if (!read_literal(text, p, "\",\"start\":") || !read_number(text, p, 0xffffffffu, start) ||
        !read_literal(text, p, "}"))
      return false;
    r.space = space;
    r.start = static_cast<std::uint32_t>(start);
    r.count = static_cast<std::uint32_t>(count);
    out.push_back(r);
    if (read_literal(text, p, "]")) return p == text.size();
    if (!read_literal(text, p, ",")) return false;
  }
}

}  // namespace

std::string mac_text(const MacAddress& mac) {
  return mac.is_zero() ? std::string() : mac.to_string();
}

MacAddress parse_mac(const std::string& text) {
  MacAddress mac;
  if (text.empty()) return mac;
  if (!MacAddress::parse(text, mac))
    throw DbError("invalid MAC address '" + text + "' in the database");
  return mac;
}

IpAddress parse_ip(const std::string& text) {
  IpAddress ip;
  if (!IpAddress::parse(text, ip))
    throw DbError("invalid IP address '" + text + "' in the database");
  return ip;
}

std::string_view transport_text(Transport t) {
  return transport_name(t);
}

Transport parse_transport(const std::string& text) {
  if (text == "tcp") return Transport::Tcp;
  if (text == "udp") return Transport::Udp;
  if (text == "eth") return Transport::Ethernet;
  throw DbError("invalid transport '" + text + "' in the database");
}

Protocol parse_protocol(const std::string& text) {
  Protocol p{};
  if (!protocol_from_name(text, p))
    throw DbError("unknown protocol '" + text + "' in the database");
  return p;
}

OpClass parse_op_class(const std::string& text) {
  for (auto c = static_cast<int>(OpClass::Read); c <= static_cast<int>(OpClass::Other); ++c) {
    auto op = static_cast<OpClass>(c);
    if (op_class_name(op) == text) return op;
  }
  return OpClass::Other;
}

std::vector<AddressRange> union_ranges(std::vector<AddressRange> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const AddressRange& a, const AddressRange& b) {
    return std::tie(a.space, a.start, a.count) < std::tie(b.space, b.start, b.count);
  });
  std::vector<AddressRange> out;
  std::uint64_t end = 0;  // one past the last address of out.back(); 64 bits so it cannot wrap
  for (AddressRange& r : ranges) {
    if (r.count == 0) continue;
    std::uint64_t r_end = std::uint64_t{r.start} + r.count;
    if (!out.empty() && out.back().space == r.space && r.start <= end) {
      end = std::max(end, r_end);
      std::uint64_t count = end - out.back().start;
      out.back().count = static_cast<std::uint32_t>(
          std::min<std::uint64_t>(count, std::numeric_limits<std::uint32_t>::max()));
      continue;
    }
    end = r_end;
    out.push_back(std::move(r));
  }
  return out;
}

std::string ranges_to_json(const std::vector<AddressRange>& ranges) {
  // bench: written by hand, as nlohmann's dump() writes it (keys in order, no spaces), for the
  // names that need no escaping: the ranges of every operation row of a merge went through a
  // Json tree each (2.9 % of `analyze --db` on the bench capture).
  std::string out;
  out.reserve(2 + ranges.size() * 48);
  out += '[';
  for (const AddressRange& r : ranges) {
    if (!plain_json_text(r.space.view())) return ranges_to_json_slow(ranges);
    if (out.size() > 1) out += ',';
    out += "{\"count\":";
    append_number(out, r.count);
    out += ",\"space\":\"";
    out += r.space.view();
    out += "\",\"start\":";
    append_number(out, r.start);
    out += '}';
  }
  out += ']';
  return out;
}

std::vector<AddressRange> ranges_from_json(const std::string& json) {
  std::vector<AddressRange> out;
  if (read_plain_ranges(json, out)) return out;
  out.clear();
  try {
    Json array = Json::parse(json);
    if (!array.is_array()) throw DbError("ranges are not a JSON array");
    for (const Json& item : array) {
      AddressRange r;
      const std::string space = item.at("space").get<std::string>();
      if (!SpaceName::fits(space)) throw DbError("address space name too long");
      r.space = space;
      r.start = u32_field(item, "start");
      r.count = u32_field(item, "count");
      out.push_back(std::move(r));
    }
  } catch (const Json::exception& e) {
    throw DbError("invalid ranges '" + json + "' in the database: " + e.what());
  } catch (const DbError& e) {
    throw DbError(std::string(e.what()) + " in the database");
  }
  return out;
}

std::string frames_to_json(const std::vector<FrameRef>& frames) {
  std::string out = "[";
  for (const FrameRef& f : frames) {
    if (out.size() > 1) out += ',';
    out += "{\"frame\":";
    append_number(out, f.frame);
    out += ",\"time\":";
    if (f.ts_us < 0) {
      out += '-';
      append_number(out, static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(f.ts_us));
    } else {
      append_number(out, static_cast<std::uint64_t>(f.ts_us));
    }
    out += '}';
  }
  out += ']';
  return out;
}

std::vector<FrameRef> frames_from_json(const std::string& json) {
  std::vector<FrameRef> out;
  if (json == "[]") return out;
  try {
    Json array = Json::parse(json);
    if (!array.is_array()) throw DbError("frames are not a JSON array");
    for (const Json& item : array) {
      const Json& frame = item.at("frame");
      const Json& time = item.at("time");
      if (!frame.is_number_unsigned() || !time.is_number_integer())
        throw DbError("a frame is not a frame number and a time");
      out.push_back(FrameRef{frame.get<std::uint64_t>(), time.get<std::int64_t>()});
    }
  } catch (const Json::exception& e) {
    throw DbError("invalid frames '" + json + "' in the database: " + e.what());
  } catch (const DbError& e) {
    throw DbError(std::string(e.what()) + " in the database");
  }
  return out;
}

std::string exception_codes_to_json(const std::map<std::uint32_t, std::uint64_t>& codes) {
  // Keys in the order nlohmann's object keeps them (as text), as dump() writes them.
  std::map<std::string, std::uint64_t> by_text;
  for (const auto& [code, count] : codes) by_text[std::to_string(code)] = count;
  std::string out = "{";
  for (const auto& [code, count] : by_text) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += code;
    out += "\":";
    append_number(out, count);
  }
  out += '}';
  return out;
}

std::map<std::uint32_t, std::uint64_t> exception_codes_from_json(const std::string& json) {
  std::map<std::uint32_t, std::uint64_t> out;
  if (json == "{}") return out;
  try {
    Json object = Json::parse(json);
    if (!object.is_object()) throw DbError("exception codes are not a JSON object");
    for (const auto& [key, value] : object.items()) {
      std::uint32_t code = 0;
      auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), code);
      if (ec != std::errc() || end != key.data() + key.size()) {
        throw DbError("invalid exception code '" + key + "'");
      }
      if (!value.is_number_unsigned()) throw DbError("count of code " + key + " is not a count");
      out[code] += value.get<std::uint64_t>();
    }
  } catch (const Json::exception& e) {
    throw DbError("invalid exception codes '" + json + "' in the database: " + e.what());
  } catch (const DbError& e) {
    throw DbError(std::string(e.what()) + " in the database");
  }
  return out;
}

std::string roles_to_json(const std::vector<RoleAssessment>& roles) {
  // bench: by hand, as dump() writes it, when no text needs escaping (every asset's roles are
  // written at a first merge: 4 % of it through a Json tree).
  std::string out = "[";
  for (const RoleAssessment& r : roles) {
    // Two decimals are all a confidence means; fixed rounding keeps the stored text stable.
    const double confidence = static_cast<double>(std::lround(r.confidence * 100)) / 100;
    if (!(confidence >= 0 && confidence <= 1)) return roles_to_json_slow(roles);
    for (const std::string& why : r.reasons)
      if (!plain_json_text(why)) return roles_to_json_slow(roles);
    if (out.size() > 1) out += ',';
    out += "{\"confidence\":";
    char digits[32];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, confidence);
    const std::string_view number(digits, static_cast<std::size_t>(end - digits));
    out += number;
    if (number.find_first_of(".e") == std::string_view::npos) out += ".0";
    out += ",\"reasons\":[";
    for (std::size_t i = 0; i < r.reasons.size(); ++i) {
      if (i) out += ',';
      out += '"';
      out += r.reasons[i];
      out += '"';
    }
    out += "],\"role\":\"";
    out += asset_role_name(r.role);
    out += "\"}";
  }
  out += ']';
  return out;
}

std::vector<RoleAssessment> roles_from_json(const std::string& json) {
  std::vector<RoleAssessment> out;
  try {
    Json array = Json::parse(json);
    if (!array.is_array()) throw DbError("not an array");
    for (const Json& item : array) {
      RoleAssessment r;
      if (!asset_role_from_name(item.at("role").get<std::string>(), r.role))
        r.role = AssetRole::Unknown;
      r.confidence = item.at("confidence").get<double>();
      for (const Json& why : item.at("reasons")) r.reasons.push_back(why.get<std::string>());
      out.push_back(std::move(r));
    }
  } catch (const std::exception& e) {
    throw DbError("invalid roles '" + json + "' in the database: " + e.what());
  }
  return out;
}

}  // namespace otscope::db
