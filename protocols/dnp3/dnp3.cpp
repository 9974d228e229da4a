#include "protocols/dnp3/dnp3.h"

#include <memory>

#include "protocols/dnp3/link.h"
#include "protocols/dnp3/session.h"

namespace otscope::dnp3 {
namespace {

/// Exact signature: 0x05 0x64, a header CRC that matches and a LEN of at least 5. The CRC makes
/// a false match on other traffic about one in 65536 even before LEN is checked.
ProbeResult probe(Bytes first_bytes, Transport /*transport: DNP3 runs over TCP and UDP*/) {
  if (!first_bytes.empty() && first_bytes[0] != kStart1) return ProbeResult::NoMatch;
  if (first_bytes.size() >= 2 && first_bytes[1] != kStart2) return ProbeResult::NoMatch;
  if (first_bytes.size() < kLinkHeaderSize) return ProbeResult::NeedMore;
  LinkHeader header;
  return parse_link_header(first_bytes, header) == LinkError::None ? ProbeResult::Match
                                                                   : ProbeResult::NoMatch;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<Dnp3Session>(flow, sink);
}

}  // namespace

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{Protocol::Dnp3, "dnp3", 20000, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::dnp3
