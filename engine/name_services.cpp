#include "engine/name_services.h"

#include <algorithm>
#include <array>

namespace otscope::names {
namespace {

// A legitimate name has at most 127 labels and needs far fewer pointers than this; the bound
// stops a pointer loop after a few hops.
constexpr int kMaxPointers = 32;
constexpr std::size_t kMaxNameBytes = 255;
// Facts taken from one datagram: enough for any real answer, bounded for a hostile one.
constexpr std::size_t kMaxFacts = 64;

constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kTypePtr = 12;
constexpr std::uint16_t kTypeAaaa = 28;
constexpr std::uint16_t kTypeNb = 0x0020;
constexpr std::uint16_t kClassIn = 1;

constexpr std::size_t kDnsHeader = 12;
constexpr std::size_t kBootpFixed = 236;  // op .. file, before the magic cookie
constexpr std::array<std::uint8_t, 4> kDhcpCookie{0x63, 0x82, 0x53, 0x63};

// Appends wire bytes as text that can never carry control characters: valid UTF-8 (an mDNS
// name may be) is kept, any other byte written as \xNN.
void append_printable(std::string& out, Bytes bytes) {
  append_wire_text(out, bytes);
}

std::string printable_text(Bytes bytes) {
  return wire_text(bytes);
}

IpAddress ipv4_at(Bytes b) {
  IpAddress ip;
  std::copy_n(b.begin(), 4, ip.bytes.begin());
  return ip;
}

IpAddress ipv6_at(Bytes b) {
  IpAddress ip;
  ip.v6 = true;
  std::copy_n(b.begin(), 16, ip.bytes.begin());
  return ip;
}

// The labels of one name, held in place: a name of at most 255 bytes has at most 127 labels
// (each takes its length byte and at least one character), so no name needs the heap.
class LabelList {
 public:
  void clear() { count_ = 0; }
  void push_back(Bytes label) { items_[count_++] = {label.data(), label.size()}; }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  Bytes operator[](std::size_t i) const { return Bytes(items_[i].data, items_[i].size); }

 private:
  // Plain pointer and length, left uninitialised: only the first count_ are ever read, and a
  // list is made for every name a message holds.
  struct Label {
    const std::uint8_t* data;
    std::size_t size;
  };
  Label items_[kMaxNameBytes / 2];
  std::size_t count_ = 0;
};

// Reads the labels of a (possibly compressed) name at `offset`. `next` is the offset just after
// the name where it started (after its first pointer, if any).
NameError read_labels(Bytes msg, std::size_t offset, LabelList& labels, std::size_t& next) {
  labels.clear();
  std::size_t pos = offset;
  bool jumped = false;
  int pointers = 0;
  std::size_t total = 0;
  for (;;) {
    if (pos >= msg.size()) return NameError::TruncatedRecord;
    const std::uint8_t len = msg[pos];
    if ((len & 0xC0) == 0xC0) {
      if (pos + 1 >= msg.size()) return NameError::TruncatedRecord;
      const std::size_t target = static_cast<std::size_t>(len & 0x3F) << 8 | msg[pos + 1];
      if (!jumped) {
        next = pos + 2;
        jumped = true;
      }
      if (++pointers > kMaxPointers) return NameError::PointerLoop;
      if (target >= msg.size()) return NameError::BadLabel;
      pos = target;
      continue;
    }
    if ((len & 0xC0) != 0) return NameError::BadLabel;
    if (len == 0) {
      if (!jumped) next = pos + 1;
      return NameError::None;
    }
    if (msg.size() - pos - 1 < len) return NameError::BadLabel;
    total += std::size_t{len} + 1;
    if (total > kMaxNameBytes) return NameError::NameTooLong;
    labels.push_back(msg.subspan(pos + 1, len));
    pos += std::size_t{len} + 1;
  }
}

std::string dotted(const LabelList& labels) {
  std::string out;
  std::size_t length = labels.size();
  for (std::size_t i = 0; i < labels.size(); ++i) length += labels[i].size();
  out.reserve(length);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!out.empty()) out += '.';
    append_printable(out, labels[i]);
  }
  return out;
}

NameError read_dotted(Bytes msg, std::size_t offset, std::string& name, std::size_t& next) {
  LabelList labels;
  if (NameError e = read_labels(msg, offset, labels, next); e != NameError::None) return e;
  name = dotted(labels);
  return NameError::None;
}

// "4.3.2.1.in-addr.arpa" -> 1.2.3.4; false for anything else.
bool reverse_ipv4(const LabelList& labels, IpAddress& out) {
  if (labels.size() != 6) return false;
  auto lower_is = [](Bytes label, std::string_view word) {
    if (label.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
      if ((label[i] | 0x20) != word[i]) return false;
    return true;
  };
  if (!lower_is(labels[4], "in-addr") || !lower_is(labels[5], "arpa")) return false;
  IpAddress ip;
  for (std::size_t i = 0; i < 4; ++i) {
    const Bytes l = labels[3 - i];
    if (l.empty() || l.size() > 3) return false;
    unsigned v = 0;
    for (std::uint8_t c : l) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    if (v > 255) return false;
    ip.bytes[i] = static_cast<std::uint8_t>(v);
  }
  out = ip;
  return true;
}

struct DnsHeader {
  std::uint16_t flags = 0;
  std::uint16_t counts[4] = {0, 0, 0, 0};  // questions, answers, authority, additional
};

NameError read_header(Bytes msg, DnsHeader& h) {
  ByteReader r(msg);
  std::uint16_t id = 0;
  if (!r.be16(id) || !r.be16(h.flags)) return NameError::TooShort;
  for (auto& c : h.counts)
    if (!r.be16(c)) return NameError::TooShort;
  // Every question takes at least 5 bytes and every record at least 11: counts beyond that are
  // not a real message, and refusing them early bounds the work.
  const std::size_t least =
      std::size_t{h.counts[0]} * 5 + (std::size_t{h.counts[1]} + h.counts[2] + h.counts[3]) * 11;
  if (least > msg.size() - kDnsHeader) return NameError::TooManyRecords;
  return NameError::None;
}

NameError skip_questions(Bytes msg, std::uint16_t count, std::size_t& pos) {
  LabelList labels;
  for (std::uint16_t i = 0; i < count; ++i) {
    std::size_t next = pos;
    if (NameError e = read_labels(msg, pos, labels, next); e != NameError::None) return e;
    if (msg.size() - next < 4) return NameError::TruncatedRecord;
    pos = next + 4;
  }
  return NameError::None;
}

struct ResourceRecord {
  LabelList owner;
  std::uint16_t type = 0;
  std::uint16_t klass = 0;
  std::size_t rdata_offset = 0;
  Bytes rdata;
};

NameError read_record(Bytes msg, std::size_t& pos, ResourceRecord& rr) {
  std::size_t next = pos;
  if (NameError e = read_labels(msg, pos, rr.owner, next); e != NameError::None) return e;
  ByteReader r(msg.subspan(next));
  std::uint32_t ttl = 0;
  std::uint16_t rdlength = 0;
  if (!r.be16(rr.type) || !r.be16(rr.klass) || !r.be32(ttl) || !r.be16(rdlength) ||
      !r.take(rdlength, rr.rdata))
    return NameError::TruncatedRecord;
  rr.rdata_offset = next + 10;
  pos = next + r.offset();
  return NameError::None;
}

// NetBIOS first-level decoding of a name's first label (32 bytes 'A'..'P' -> 16 bytes). The
// 16th byte is the service suffix; the name is the first 15, space padded.
NameError netbios_name(const LabelList& labels, std::string& name, std::uint8_t& suffix) {
  if (labels.empty() || labels[0].size() != 32) return NameError::BadNetbiosName;
  std::array<std::uint8_t, 16> raw{};
  for (std::size_t i = 0; i < 16; ++i) {
    const std::uint8_t hi = labels[0][2 * i];
    const std::uint8_t lo = labels[0][2 * i + 1];
    if (hi < 'A' || hi > 'P' || lo < 'A' || lo > 'P') return NameError::BadNetbiosName;
    raw[i] = static_cast<std::uint8_t>((hi - 'A') << 4 | (lo - 'A'));
  }
  suffix = raw[15];
  std::size_t len = 15;
  while (len > 0 && (raw[len - 1] == ' ' || raw[len - 1] == 0)) --len;
  name = printable_text(Bytes(raw.data(), len));
  return NameError::None;
}

// Suffixes that name a machine: 0x00 workstation service, 0x20 file server service. Others
// name users (0x03), browsers and domains, which are not the device's name.
bool is_host_suffix(std::uint8_t suffix) {
  return suffix == 0x00 || suffix == 0x20;
}

void add_fact(std::vector<NameFact>& out, NameFact fact) {
  if (fact.name.empty() || out.size() >= kMaxFacts) return;
  for (const NameFact& f : out)
    if (f.name == fact.name && f.ip == fact.ip && f.source == fact.source) return;
  out.push_back(std::move(fact));
}

}  // namespace

std::string_view name_error_name(NameError e) {
  switch (e) {
    case NameError::None:
      return "none";
    case NameError::TooShort:
      return "too_short";
    case NameError::NotDhcp:
      return "not_dhcp";
    case NameError::BadOption:
      return "bad_option";
    case NameError::BadLabel:
      return "bad_label";
    case NameError::PointerLoop:
      return "pointer_loop";
    case NameError::NameTooLong:
      return "name_too_long";
    case NameError::TruncatedRecord:
      return "truncated_record";
    case NameError::TooManyRecords:
      return "too_many_records";
    case NameError::BadNetbiosName:
      return "bad_netbios_name";
  }
  return "unknown";
}

bool is_name_service_port(std::uint16_t port) {
  switch (port) {
    case 53:
    case 67:
    case 68:
    case 137:
    case 5353:
    case 5355:
      return true;
    default:
      return false;
  }
}

std::string_view name_source_text(NameSource s) {
  switch (s) {
    case NameSource::DhcpHostName:
      return "dhcp host name (option 12)";
    case NameSource::DhcpClientFqdn:
      return "dhcp client fqdn (option 81)";
    case NameSource::DnsAnswer:
      return "dns answer";
    case NameSource::DnsPtrAnswer:
      return "dns ptr answer";
    case NameSource::MdnsAnswer:
      return "mdns answer";
    case NameSource::LlmnrAnswer:
      return "llmnr answer";
    case NameSource::NbnsRegistration:
      return "nbns name registration";
    case NameSource::NbnsQueryAnswer:
      return "nbns name query response";
  }
  return "name service";
}

NameError parse_dhcp(Bytes payload, DhcpMessage& out) {
  out = DhcpMessage{};
  if (payload.size() < kBootpFixed + kDhcpCookie.size()) return NameError::TooShort;
  out.op = payload[0];
  if (out.op != 1 && out.op != 2) return NameError::NotDhcp;
  if (!std::equal(kDhcpCookie.begin(), kDhcpCookie.end(), payload.begin() + kBootpFixed))
    return NameError::NotDhcp;
  const std::uint8_t htype = payload[1];
  const std::uint8_t hlen = payload[2];
  if (htype == 1 && hlen == 6) std::copy_n(payload.begin() + 28, 6, out.client_mac.bytes.begin());
  out.client_ip = ipv4_at(payload.subspan(12, 4));
  out.your_ip = ipv4_at(payload.subspan(16, 4));

  ByteReader r(payload.subspan(kBootpFixed + kDhcpCookie.size()));
  // Each turn consumes at least the code byte, so the loop ends.
  while (!r.empty()) {
    std::uint8_t code = 0;
    r.u8(code);
    if (code == 0) continue;  // pad
    if (code == 255) break;   // end
    std::uint8_t len = 0;
    Bytes data;
    if (!r.u8(len) || !r.take(len, data)) return NameError::BadOption;
    switch (code) {
      case 53:
        if (len >= 1) out.message_type = data[0];
        break;
      case 12:
        out.host_name = printable_string(data);
        break;
      case 50:
        if (len == 4) out.requested_ip = ipv4_at(data);
        break;
      case 81: {
        // Flags, two obsolete rcodes, then the name: DNS wire format when the E bit is set.
        if (len < 3) break;
        const Bytes name = data.subspan(3);
        if ((data[0] & 0x04) != 0) {
          LabelList labels;
          std::size_t next = 0;
          if (read_labels(name, 0, labels, next) == NameError::None)
            out.client_fqdn = dotted(labels);
        } else {
          out.client_fqdn = printable_string(name);
        }
        break;
      }
      default:
        break;
    }
  }
  return NameError::None;
}

std::vector<NameFact> dhcp_names(const DhcpMessage& m) {
  std::vector<NameFact> out;
  // A client names itself in DISCOVER (1), REQUEST (3) and INFORM (8); a server's echo of the
  // option in its reply says nothing new.
  if (m.op != 1 || (m.message_type != 1 && m.message_type != 3 && m.message_type != 8)) return out;
  const IpAddress ip = !m.client_ip.is_unspecified() ? m.client_ip : m.requested_ip;
  if (!m.host_name.empty())
    add_fact(out, {m.host_name, ip, m.client_mac, NameSource::DhcpHostName});
  if (!m.client_fqdn.empty())
    add_fact(out, {m.client_fqdn, ip, m.client_mac, NameSource::DhcpClientFqdn});
  return out;
}

NameError parse_dns_answers(Bytes payload, NameSource source, std::vector<NameFact>& out) {
  DnsHeader h;
  if (NameError e = read_header(payload, h); e != NameError::None) return e;
  const bool response = (h.flags & 0x8000) != 0;
  const unsigned rcode = h.flags & 0x000F;
  if (!response || rcode != 0) return NameError::None;
  std::size_t pos = kDnsHeader;
  if (NameError e = skip_questions(payload, h.counts[0], pos); e != NameError::None) return e;
  const std::size_t records = std::size_t{h.counts[1]} + h.counts[2] + h.counts[3];
  ResourceRecord rr;
  for (std::size_t i = 0; i < records; ++i) {
    if (NameError e = read_record(payload, pos, rr); e != NameError::None) return e;
    // mDNS uses the top bit of the class as its cache-flush flag.
    if ((rr.klass & 0x7FFF) != kClassIn) continue;
    if (rr.type == kTypeA && rr.rdata.size() == 4) {
      add_fact(out, {dotted(rr.owner), ipv4_at(rr.rdata), {}, source});
    } else if (rr.type == kTypeAaaa && rr.rdata.size() == 16) {
      add_fact(out, {dotted(rr.owner), ipv6_at(rr.rdata), {}, source});
    } else if (rr.type == kTypePtr) {
      IpAddress ip;
      if (!reverse_ipv4(rr.owner, ip)) continue;
      std::string name;
      std::size_t next = rr.rdata_offset;
      if (NameError e = read_dotted(payload, rr.rdata_offset, name, next); e != NameError::None)
        return e;
      if (next > rr.rdata_offset + rr.rdata.size()) return NameError::TruncatedRecord;
      add_fact(out, {name, ip, {}, NameSource::DnsPtrAnswer});
    }
  }
  return NameError::None;
}

NameError parse_nbns(Bytes payload, std::vector<NameFact>& out) {
  DnsHeader h;
  if (NameError e = read_header(payload, h); e != NameError::None) return e;
  const bool response = (h.flags & 0x8000) != 0;
  const unsigned opcode = (h.flags >> 11) & 0x0F;
  const unsigned rcode = h.flags & 0x000F;
  // Registration (5), refresh (8, 9) and multi-homed registration (15) requests carry the
  // registering host's name and address; positive query responses (0) carry the answer.
  const bool registration =
      !response && (opcode == 5 || opcode == 8 || opcode == 9 || opcode == 15);
  const bool query_answer = response && opcode == 0 && rcode == 0;
  if (!registration && !query_answer) return NameError::None;
  std::size_t pos = kDnsHeader;
  if (NameError e = skip_questions(payload, h.counts[0], pos); e != NameError::None) return e;
  const std::size_t records = std::size_t{h.counts[1]} + h.counts[2] + h.counts[3];
  const NameSource source =
      registration ? NameSource::NbnsRegistration : NameSource::NbnsQueryAnswer;
  ResourceRecord rr;
  for (std::size_t i = 0; i < records; ++i) {
    if (NameError e = read_record(payload, pos, rr); e != NameError::None) return e;
    if (rr.type != kTypeNb || rr.klass != kClassIn) continue;
    std::string name;
    std::uint8_t suffix = 0;
    if (NameError e = netbios_name(rr.owner, name, suffix); e != NameError::None) return e;
    if (!is_host_suffix(suffix) || name == "*") continue;
    // NB records: 2 bytes of flags (top bit: group name) and an IPv4 address, repeated.
    for (std::size_t off = 0; off + 6 <= rr.rdata.size(); off += 6) {
      const bool group = (rr.rdata[off] & 0x80) != 0;
      if (group) continue;
      add_fact(out, {name, ipv4_at(rr.rdata.subspan(off + 2, 4)), {}, source});
    }
  }
  return NameError::None;
}

}  // namespace otscope::names
