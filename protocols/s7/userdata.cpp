#include "protocols/s7/userdata.h"

#include <cstdio>

#include "protocols/s7/codes.h"

namespace otscope::s7 {

namespace {

bool bcd(std::uint8_t b, unsigned& out) {
  const unsigned hi = b >> 4;
  const unsigned lo = b & 0x0F;
  if (hi > 9 || lo > 9) return false;
  out = hi * 10 + lo;
  return true;
}

void describe_cpu(const UserDataHeader& u, Bytes payload, UserDataFacts& f) {
  const UserDataKind kind = userdata_kind(u.type);
  if (u.subfunction == sub::kReadSzl) {
    if (kind == UserDataKind::Request) {
      SzlRequest q;
      if (decode_szl_request(payload, q)) {
        f.detail = szl_detail(q.id, q.index);
        f.text = std::string(szl_list_name(q.id));
      }
      return;
    }
    if (payload.empty()) return;
    f.szl_reply = true;
    f.szl_error = decode_szl_response(payload, f.szl);
    if (f.szl_error == SzlError::TooShort) return;
    f.detail = szl_detail(f.szl.id, f.szl.index);
    f.text = std::string(szl_list_name(f.szl.id)) + ", " + std::to_string(f.szl.records.size()) +
             " of " + std::to_string(f.szl.record_count) + " records";
    return;
  }
  if (u.subfunction == sub::kDiagnosticMessage) {
    ByteReader r(payload);
    std::uint16_t event = 0;
    if (r.be16(event)) {
      char buf[24];
      std::snprintf(buf, sizeof buf, "event 0x%04X", event);
      f.text = buf;
    }
  }
}

void describe_block(const UserDataHeader& u, Bytes payload, UserDataFacts& f) {
  const UserDataKind kind = userdata_kind(u.type);
  ByteReader r(payload);
  switch (u.subfunction) {
    case sub::kListBlocks:
      if (kind == UserDataKind::Response) {
        // Pairs of block type (two ASCII characters) and count.
        std::string list;
        std::uint8_t t0 = 0;
        std::uint8_t t1 = 0;
        std::uint16_t count = 0;
        while (r.u8(t0) && r.u8(t1) && r.be16(count)) {
          std::string_view type = block_type_name(t0, t1);
          list += (list.empty() ? "" : ", ") +
                  (type.empty() ? std::string("?") : std::string(type)) + " " +
                  std::to_string(count);
        }
        f.text = list;
      }
      return;
    case sub::kListBlocksOfType:
      if (kind == UserDataKind::Request && payload.size() >= 2) {
        std::string_view type = block_type_name(payload[0], payload[1]);
        f.detail = type.empty() ? "type " + to_hex(payload.subspan(0, 2)) : std::string(type);
      } else if (kind == UserDataKind::Response && !payload.empty()) {
        f.text = std::to_string(payload.size() / 4) + " blocks listed";
      }
      return;
    case sub::kBlockInfo:
      if (kind == UserDataKind::Request) {
        BlockId b;
        if (payload.size() >= 8 && parse_block_id(payload.subspan(0, 8), b)) f.detail = b.text();
      }
      return;
    default:
      return;
  }
}

void describe_time(const UserDataHeader& u, Bytes payload, UserDataFacts& f) {
  const bool carries_clock = (u.subfunction == sub::kSetClock || u.subfunction == sub::kSetClock2)
                                 ? userdata_kind(u.type) == UserDataKind::Request
                                 : userdata_kind(u.type) != UserDataKind::Request;
  if (!carries_clock || payload.empty()) return;
  std::string t = s7_clock_text(payload);
  f.text = t.empty() ? "invalid clock value 0x" + to_hex(payload) : "clock " + t;
}

}  // namespace

std::string s7_clock_text(Bytes c) {
  if (c.size() < 10) return {};
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ms_hi = 0;
  if (!bcd(c[2], year) || !bcd(c[3], month) || !bcd(c[4], day) || !bcd(c[5], hour) ||
      !bcd(c[6], minute) || !bcd(c[7], second) || !bcd(c[8], ms_hi) || (c[9] >> 4) > 9)
    return {};
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return {};
  const unsigned ms = ms_hi * 10 + (c[9] >> 4);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02u %02u:%02u:%02u.%03u",
                year < 90 ? 2000 + year : 1900 + year, month, day, hour, minute, second, ms);
  return buf;
}

UserDataFacts describe_userdata(const UserDataHeader& u, Bytes payload) {
  UserDataFacts f;
  switch (u.group) {
    case group::kModeTransition: {
      std::string_view mode = mode_transition_name(u.subfunction);
      f.detail = mode.empty() ? "mode " + std::to_string(u.subfunction) : std::string(mode);
      break;
    }
    case group::kCpu:
      describe_cpu(u, payload, f);
      break;
    case group::kBlock:
      describe_block(u, payload, f);
      break;
    case group::kTime:
      describe_time(u, payload, f);
      break;
    case group::kSecurity:
      if (u.subfunction == sub::kPassword && userdata_kind(u.type) == UserDataKind::Request)
        f.text = "password of " + std::to_string(payload.size()) + " bytes (not shown)";
      break;
    default:
      break;
  }
  return f;
}

UserDataReassembler::Result UserDataReassembler::add(const UserDataHeader& u, Bytes& payload) {
  part_ = 1;
  auto it = pending_.begin();
  for (; it != pending_.end(); ++it)
    if (it->group == u.group && it->subfunction == u.subfunction && it->ref == u.data_unit_ref)
      break;
  const bool known = it != pending_.end();
  if (!u.extended || (u.last_data_unit && !known)) {
    payload = u.payload;
    return Result::Whole;
  }
  if (!known) {
    if (pending_.size() >= kMaxPending) pending_.erase(pending_.begin());
    pending_.push_back(Pending{u.group, u.subfunction, u.data_unit_ref, 0, {}});
    it = pending_.end() - 1;
  }
  if (it->bytes.size() + u.payload.size() > kMaxBytes) {
    pending_.erase(it);
    return Result::Overflow;
  }
  it->bytes.insert(it->bytes.end(), u.payload.begin(), u.payload.end());
  part_ = ++it->parts;
  if (!u.last_data_unit) return Result::Part;
  done_ = std::move(it->bytes);
  pending_.erase(it);
  payload = done_;
  return Result::Complete;
}

}  // namespace otscope::s7
