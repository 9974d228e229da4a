#include "protocols/s7/szl.h"

#include <array>
#include <cstdio>

#include "protocols/s7/codes.h"

namespace otscope::s7 {

namespace {

constexpr std::size_t kModuleIdRecord = 28;               // index, MlfB[20], BGTyp, Ausbg, Ausbe
constexpr std::size_t kComponentRecord = 34;              // index, 32 bytes
constexpr std::size_t kModeRecord = 20;                   // ereig, ae, bzu-id, ...
constexpr std::uint16_t kSiemensManufacturerId = 0x002A;  // PROFIBUS manufacturer id 42

std::string hex4(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", v);
  return buf;
}

void add(std::vector<IdentityFact>& facts, std::string field, std::string value) {
  if (value.empty()) return;
  facts.push_back({std::move(field), std::move(value)});
}

void module_identification(const SzlResponse& r, std::vector<IdentityFact>& facts) {
  if (r.record_length < kModuleIdRecord) return;
  for (Bytes rec : r.records) {
    ByteReader b(rec);
    std::uint16_t index = 0;
    Bytes mlfb;
    std::uint16_t type = 0;
    std::uint16_t ausbg = 0;
    std::uint16_t ausbe = 0;
    if (!b.be16(index) || !b.take(20, mlfb) || !b.be16(type) || !b.be16(ausbg) || !b.be16(ausbe))
      continue;
    switch (index) {
      case 0x0001: {  // the module
        std::string order = printable_string(mlfb);
        add(facts, "model", std::string(model_family(order)));
        add(facts, "order_number", std::move(order));
        break;
      }
      case 0x0006:
        add(facts, "hardware", szl_version_text(ausbg, ausbe));
        break;  // basic hw
      case 0x0007:
        add(facts, "firmware", szl_version_text(ausbg, ausbe));
        break;  // basic fw
      default:
        break;  // 0x0081 firmware extension (boot loader) and others
    }
  }
}

void component_identification(const SzlResponse& r, std::vector<IdentityFact>& facts) {
  if (r.record_length < kComponentRecord) return;
  for (Bytes rec : r.records) {
    ByteReader b(rec);
    std::uint16_t index = 0;
    Bytes text;
    if (!b.be16(index) || !b.take(32, text)) continue;
    switch (index) {
      case 0x0001:
        add(facts, "station_name", printable_string(text));
        break;  // AS name
      case 0x0002:
        add(facts, "module_name", printable_string(text));
        break;
      case 0x0003:
        add(facts, "plant_name", printable_string(text));
        break;  // plant designation
      case 0x0004:
        add(facts, "copyright", printable_string(text));
        break;
      case 0x0005:
        add(facts, "serial", printable_string(text));
        break;
      case 0x0007:
        add(facts, "module_type", printable_string(text));
        break;  // type name
      case 0x0009: {
        ByteReader m(text);
        std::uint16_t manufacturer = 0;
        if (m.be16(manufacturer) && manufacturer == kSiemensManufacturerId)
          add(facts, "vendor", "Siemens");
        break;
      }
      case 0x000B:
        add(facts, "location", printable_string(text));
        break;
      default:
        break;  // memory card serial, OEM id
    }
  }
}

void operating_mode(const SzlResponse& r, std::vector<IdentityFact>& facts) {
  if (r.record_length < kModeRecord || r.records.empty()) return;
  // The first record is the current mode: bzu-id bits 0..3 hold the mode entered.
  const std::uint8_t mode = r.records.front()[3] & 0x0F;
  std::string_view name = szl_mode_name(mode);
  add(facts, "operating_mode",
      name.empty() ? "unknown (0x" + to_hex(r.records.front().subspan(3, 1)) + ")"
                   : std::string(name));
}

}  // namespace

bool decode_szl_request(Bytes payload, SzlRequest& out) {
  ByteReader r(payload);
  return r.be16(out.id) && r.be16(out.index);
}

std::string_view szl_error_kind(SzlError e) {
  switch (e) {
    case SzlError::None:
      return "ok";
    case SzlError::TooShort:
      return "szl_too_short";
    case SzlError::Truncated:
      return "szl_truncated";
  }
  return "szl_error";
}

SzlError decode_szl_response(Bytes payload, SzlResponse& out) {
  out = SzlResponse{};
  ByteReader r(payload);
  if (!r.be16(out.id) || !r.be16(out.index) || !r.be16(out.record_length) ||
      !r.be16(out.record_count))
    return SzlError::TooShort;
  // Extract 0xF of any list (0x0F11, 0x0F1C, ...) asks for the header only: the count says how
  // many records the list has, none follow.
  if (out.record_length == 0 || (out.id >> 8 & 0x0F) == 0x0F) return SzlError::None;
  for (unsigned i = 0; i < out.record_count; ++i) {
    Bytes rec;
    if (!r.take(out.record_length, rec)) return SzlError::Truncated;
    out.records.push_back(rec);
  }
  return SzlError::None;
}

std::string szl_detail(std::uint16_t id, std::uint16_t index) {
  std::string s = "SZL " + hex4(id);
  if (index != 0) s += " index " + hex4(index);
  return s;
}

std::vector<IdentityFact> szl_identity(const SzlResponse& response) {
  std::vector<IdentityFact> facts;
  switch (response.id) {
    case 0x0011:
    case 0x0111:
      module_identification(response, facts);
      break;
    case 0x001C:
    case 0x011C:
      component_identification(response, facts);
      break;
    case 0x0424:
      operating_mode(response, facts);
      break;
    default:
      break;
  }
  return facts;
}

std::string szl_version_text(std::uint16_t ausbg, std::uint16_t ausbe) {
  const auto letter = static_cast<std::uint8_t>(ausbg >> 8);
  if (letter >= 'A' && letter <= 'Z') {
    return std::string(1, static_cast<char>(letter)) + std::to_string(ausbg & 0xFF) + "." +
           std::to_string(ausbe >> 8) + "." + std::to_string(ausbe & 0xFF);
  }
  return std::to_string(ausbg);
}

std::string_view model_family(std::string_view order_number) {
  struct Family {
    std::string_view prefix;
    std::string_view name;
  };
  static constexpr std::array<Family, 5> kFamilies{{
      {"6ES7 21", "S7-1200"},
      {"6ES7 31", "S7-300"},
      {"6ES7 41", "S7-400"},
      {"6ES7 51", "S7-1500"},
      {"6ES7 151", "ET 200S"},
  }};
  for (const Family& f : kFamilies)
    if (order_number.substr(0, f.prefix.size()) == f.prefix) return f.name;
  return {};
}

}  // namespace otscope::s7
