#include "protocols/modbus/modbus.h"

#include <memory>

#include "protocols/modbus/codes.h"
#include "protocols/modbus/decoder.h"
#include "protocols/modbus/framer.h"
#include "protocols/modbus/session.h"

namespace otscope::modbus {
namespace {

/// A direction's first bytes are Modbus/TCP when they start with a plausible MBAP header
/// (protocol id 0, length 2..254, function not 0), an exception response is exactly
/// unit + function + code long, and whatever follows the first ADU starts another header.
ProbeResult probe(Bytes first_bytes, Transport transport) {
  if (transport != Transport::Tcp) return ProbeResult::NoMatch;
  bool need_more = false;
  if (!plausible_header(first_bytes, need_more)) {
    return need_more ? ProbeResult::NeedMore : ProbeResult::NoMatch;
  }
  MbapHeader h;
  read_mbap(first_bytes, h);
  if ((first_bytes[kMbapSize] & kExceptionBit) != 0 && h.length != 3) return ProbeResult::NoMatch;
  const std::size_t size = adu_size(h);
  if (first_bytes.size() > size) {
    if (!plausible_header(first_bytes.subspan(size), need_more) && !need_more) {
      return ProbeResult::NoMatch;
    }
  }
  return ProbeResult::Match;
}

std::unique_ptr<ProtocolSession> create(const FlowInfo& flow, EventSink& sink) {
  return std::make_unique<ModbusSession>(flow, sink);
}

}  // namespace

const ProtocolDescriptor& descriptor() {
  static const ProtocolDescriptor kDescriptor{Protocol::Modbus, "modbus", 502, &probe, &create};
  return kDescriptor;
}

}  // namespace otscope::modbus
