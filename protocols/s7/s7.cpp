// The S7 entry for the dispatcher: one descriptor for ISO-on-TCP traffic (TCP 102) whose session
// reports S7comm and S7comm-plus.
#include "protocols/s7/s7.h"

#include <memory>

#include "protocols/s7/session.h"
#include "protocols/s7/tpkt.h"

namespace otscope::s7 {

namespace {

// A flow is S7 when its bytes start with a TPKT header (version 3, reserved 0, length >= 7)
// holding a COTP PDU type that exists, with a consistent length indicator, and, for data, an
// S7comm or S7comm-plus protocol id. Fewer than 7 bytes that fit so far: wait for more.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  switch (frame_start(first_bytes)) {
    case FrameStart::No:
      return ProbeResult::NoMatch;
    case FrameStart::NeedMore:
      return ProbeResult::NeedMore;
    case FrameStart::Yes:
      return first_bytes.size() < kTpktMinLength ? ProbeResult::NeedMore : ProbeResult::Match;
  }
  return ProbeResult::NoMatch;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<S7Session>(flow, sink);
}

}  // namespace

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{Protocol::S7comm, "s7comm", 102, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::s7
