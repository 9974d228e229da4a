#include "common/flow.h"

#include <arpa/inet.h>

#include <cstdio>

namespace otscope {

std::string MacAddress::to_string() const {
  // bench: by hand rather than snprintf, which cost 2,900 instructions a MAC (6.8 % of a first
  // merge of the bench capture's inventory, where every row names its MACs).
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(17, ':');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[i * 3] = kHex[bytes[i] >> 4];
    out[i * 3 + 1] = kHex[bytes[i] & 0xf];
  }
  return out;
}

bool MacAddress::parse(std::string_view text, MacAddress& out) {
  if (text.size() != 17) return false;
  const auto digit = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  MacAddress mac;
  for (std::size_t i = 0; i < 6; ++i) {
    const int high = digit(text[i * 3]);
    const int low = digit(text[i * 3 + 1]);
    if (high < 0 || low < 0 || (i < 5 && text[i * 3 + 2] != ':')) return false;
    mac.bytes[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  out = mac;
  return true;
}

std::string IpAddress::to_string() const {
  if (is_link()) return link_mac().to_string();
  if (!v6) {
    // Dotted quad by hand: inet_ntop formats IPv4 through sprintf.
    char text[16];
    std::size_t n = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const unsigned b = bytes[i];
      if (i) text[n++] = '.';
      if (b >= 100) text[n++] = static_cast<char>('0' + b / 100);
      if (b >= 10) text[n++] = static_cast<char>('0' + b / 10 % 10);
      text[n++] = static_cast<char>('0' + b % 10);
    }
    return std::string(text, n);
  }
  char buf[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf)) return "?";
  return buf;
}

IpAddress IpAddress::v4(std::uint32_t host_order) {
  IpAddress ip;
  ip.bytes[0] = static_cast<std::uint8_t>(host_order >> 24);
  ip.bytes[1] = static_cast<std::uint8_t>(host_order >> 16);
  ip.bytes[2] = static_cast<std::uint8_t>(host_order >> 8);
  ip.bytes[3] = static_cast<std::uint8_t>(host_order);
  return ip;
}

bool IpAddress::parse(const std::string& text, IpAddress& out) {
  IpAddress ip;
  if (inet_pton(AF_INET, text.c_str(), ip.bytes.data()) == 1) {
    out = ip;
    return true;
  }
  ip.v6 = true;
  if (inet_pton(AF_INET6, text.c_str(), ip.bytes.data()) == 1) {
    out = ip;
    return true;
  }
  if (MacAddress mac; MacAddress::parse(text, mac)) {
    out = link(mac);
    return true;
  }
  return false;
}

}  // namespace otscope
