// Niagara Fox (TCP 1911) as the rest of otscope sees it: messages counted by their text
// framing, the hello's station description as identity. Fox over TLS (4911) shows no Fox bytes
// and stays unclaimed.
#pragma once

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope::fox {

extern const ProtocolInfo kInfo;
inline constexpr Protocol kProtocol{&kInfo};

const ProtocolDescriptor& descriptor();
ProbeResult probe(Bytes first_bytes, Transport transport);

}  // namespace otscope::fox
