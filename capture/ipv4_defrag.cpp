#include "capture/ipv4_defrag.h"

#include <algorithm>

namespace otscope::capture {

namespace {
constexpr std::uint32_t kMaxDatagram = 65535;

std::uint32_t be32_at(Bytes b, std::size_t at) {
  return std::uint32_t{b[at]} << 24 | std::uint32_t{b[at + 1]} << 16 |
         std::uint32_t{b[at + 2]} << 8 | b[at + 3];
}
}  // namespace

bool Ipv4Defragmenter::is_fragment(Bytes ip) {
  if (ip.size() < 20) return false;
  const std::uint16_t flags_offset = static_cast<std::uint16_t>(ip[6] << 8 | ip[7]);
  return (flags_offset & 0x2000) != 0 || (flags_offset & 0x1fff) != 0;
}

std::optional<std::vector<std::uint8_t>> Ipv4Defragmenter::add(Bytes ip, std::int64_t ts_us) {
  ++stats_.fragments;
  if (ip.size() < 20) {
    ++stats_.invalid;
    return std::nullopt;
  }
  const std::size_t ihl = (ip[0] & 0x0f) * 4u;
  const std::size_t total_len = static_cast<std::size_t>(ip[2] << 8 | ip[3]);
  if (ihl < 20 || total_len < ihl || total_len > ip.size()) {
    ++stats_.invalid;
    return std::nullopt;
  }
  const std::uint16_t flags_offset = static_cast<std::uint16_t>(ip[6] << 8 | ip[7]);
  const bool more = (flags_offset & 0x2000) != 0;
  const std::uint32_t offset = (flags_offset & 0x1fffu) * 8u;
  const auto len = static_cast<std::uint32_t>(total_len - ihl);
  if (offset + len > kMaxDatagram - ihl || (more && len % 8 != 0)) {
    ++stats_.invalid;
    return std::nullopt;
  }
  const Key key{be32_at(ip, 12), be32_at(ip, 16), static_cast<std::uint16_t>(ip[4] << 8 | ip[5]),
                ip[9]};
  auto it = datagrams_.find(key);
  if (it == datagrams_.end()) {
    if (datagrams_.size() >= max_datagrams_) {
      // Bound reached: drop the oldest incomplete datagram.
      auto oldest = std::min_element(datagrams_.begin(), datagrams_.end(), [](auto& a, auto& b) {
        return a.second.first_us < b.second.first_us;
      });
      datagrams_.erase(oldest);
      ++stats_.expired;
    }
    it = datagrams_.emplace(key, Datagram{}).first;
    it->second.first_us = ts_us;
  }
  Datagram& d = it->second;
  if (offset == 0 && d.header.empty()) d.header.assign(ip.begin(), ip.begin() + ihl);
  if (!more) {
    if (d.have_last && d.total != offset + len) ++stats_.overlaps;
    if (!d.have_last) {
      d.total = offset + len;
      d.have_last = true;
    }
  }
  if (d.data.size() < offset + len) d.data.resize(offset + len);
  // Copy only the bytes not already received: the first copy of any byte wins.
  const std::uint32_t end = offset + len;
  Bytes payload = ip.subspan(ihl, len);
  auto copy_range = [&](std::uint32_t from, std::uint32_t to) {
    std::copy(payload.begin() + (from - offset), payload.begin() + (to - offset),
              d.data.begin() + from);
  };
  std::uint32_t pos = offset;
  bool overlapped = false;
  auto r = d.have.upper_bound(offset);
  if (r != d.have.begin()) --r;
  for (; r != d.have.end() && r->first < end; ++r) {
    if (r->second <= pos) continue;
    overlapped = true;
    if (r->first > pos) copy_range(pos, r->first);
    pos = std::max(pos, r->second);
  }
  if (pos < end) copy_range(pos, end);
  if (overlapped) ++stats_.overlaps;
  // Record [offset, end) as received, merged with its neighbours.
  std::uint32_t lo = offset, hi = end;
  for (auto it2 = d.have.begin(); it2 != d.have.end();) {
    if (it2->second >= lo && it2->first <= hi) {
      lo = std::min(lo, it2->first);
      hi = std::max(hi, it2->second);
      it2 = d.have.erase(it2);
    } else {
      ++it2;
    }
  }
  d.have[lo] = hi;
  if (!d.have_last || d.header.empty() || d.have.size() != 1 || d.have.begin()->first != 0 ||
      d.have.begin()->second < d.total)
    return std::nullopt;

  std::vector<std::uint8_t> whole(d.header);
  whole.insert(whole.end(), d.data.begin(), d.data.begin() + d.total);
  const auto new_len = static_cast<std::uint16_t>(whole.size());
  whole[2] = static_cast<std::uint8_t>(new_len >> 8);
  whole[3] = static_cast<std::uint8_t>(new_len);
  whole[6] &= 0x40;  // keep DF, clear MF and the offset
  whole[7] = 0;
  whole[10] = whole[11] = 0;  // header checksum no longer meaningful
  datagrams_.erase(it);
  ++stats_.reassembled;
  return whole;
}

void Ipv4Defragmenter::expire(std::int64_t now_us) {
  for (auto it = datagrams_.begin(); it != datagrams_.end();) {
    if (now_us - it->second.first_us > timeout_us_) {
      it = datagrams_.erase(it);
      ++stats_.expired;
    } else {
      ++it;
    }
  }
}

}  // namespace otscope::capture
