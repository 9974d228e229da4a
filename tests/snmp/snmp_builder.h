// SNMP messages built in BER (X.690 definite lengths) from RFC 1157 / RFC 3416, for the tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace otscope::snmp::build {

using Bytes = std::vector<std::uint8_t>;

inline Bytes tlv(std::uint8_t tag, const Bytes& content) {
  Bytes b = {tag};
  if (content.size() < 0x80) {
    b.push_back(static_cast<std::uint8_t>(content.size()));
  } else {
    b.push_back(0x82);
    b.push_back(static_cast<std::uint8_t>(content.size() >> 8));
    b.push_back(static_cast<std::uint8_t>(content.size()));
  }
  b.insert(b.end(), content.begin(), content.end());
  return b;
}
inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes b;
  for (const Bytes& p : parts) b.insert(b.end(), p.begin(), p.end());
  return b;
}
inline Bytes integer(std::int64_t v) {
  Bytes c;
  do {
    c.insert(c.begin(), static_cast<std::uint8_t>(v & 0xFF));
    v >>= 8;
  } while (v != 0 && v != -1);
  if (v == 0 && (c[0] & 0x80)) c.insert(c.begin(), 0);
  return tlv(0x02, c);
}
inline Bytes octets(const std::string& s) {
  return tlv(0x04, Bytes(s.begin(), s.end()));
}
/// OID from dotted text.
inline Bytes oid(const std::string& dotted) {
  std::vector<std::uint64_t> arcs;
  std::size_t pos = 0;
  while (pos <= dotted.size()) {
    const std::size_t dot = dotted.find('.', pos);
    arcs.push_back(std::stoull(dotted.substr(pos, dot - pos)));
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  Bytes c = {static_cast<std::uint8_t>(arcs[0] * 40 + arcs[1])};
  for (std::size_t i = 2; i < arcs.size(); ++i) {
    Bytes enc;
    std::uint64_t a = arcs[i];
    enc.insert(enc.begin(), static_cast<std::uint8_t>(a & 0x7F));
    while (a >>= 7) enc.insert(enc.begin(), static_cast<std::uint8_t>(0x80 | (a & 0x7F)));
    c.insert(c.end(), enc.begin(), enc.end());
  }
  return tlv(0x06, c);
}
inline Bytes null() {
  return {0x05, 0x00};
}
inline Bytes varbind(const std::string& o, const Bytes& value) {
  return tlv(0x30, cat({oid(o), value}));
}
/// A v1/v2c message: version, community, PDU (tag 0xA0 + type) with request id and varbinds.
inline Bytes message(int version, const std::string& community, std::uint8_t pdu_type,
                     std::int64_t request_id, const std::vector<Bytes>& varbinds,
                     std::int64_t error_status = 0) {
  Bytes list;
  for (const Bytes& v : varbinds) list.insert(list.end(), v.begin(), v.end());
  const Bytes pdu =
      tlv(static_cast<std::uint8_t>(0xA0 | pdu_type),
          cat({integer(request_id), integer(error_status), integer(0), tlv(0x30, list)}));
  return tlv(0x30, cat({integer(version), octets(community), pdu}));
}
/// An SNMPv3 message whose scoped PDU is encrypted (privFlag set).
inline Bytes v3_encrypted() {
  const Bytes global =
      tlv(0x30, cat({integer(4711), integer(65507), octets(std::string("\x07", 1)), integer(3)}));
  return tlv(0x30,
             cat({integer(3), global, octets("usm-parameters"), octets(std::string(40, '\x5a'))}));
}

}  // namespace otscope::snmp::build
