// The protocols otscope decodes: the built-in ones, found by the build in protocols/*/ (each folder
// declares itself with otscope_protocol() in its CMakeLists.txt), and any registered at run time.
// Everything sized or listed by protocol (statistics, caches, policy sections, names in JSON and
// the database) asks here: there is no protocol count or name list anywhere else.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/common/protocol.h"
#include "protocols/common/session.h"

namespace otscope {

/// Every registered protocol folder as the dispatcher sees it, in probe order.
std::span<const ProtocolDescriptor* const> builtin_protocols();

/// Adds a protocol folder at run time (a test's protocol, a plug-in): its protocols take the
/// next registry positions. Call it before making an Engine, a Detector or a Policy, which size
/// their per-protocol state when they are made. Registering the same descriptor twice does
/// nothing; another protocol with a name already taken throws std::invalid_argument.
void register_protocol(const ProtocolDescriptor& descriptor);

/// Every protocol the registered folders report, by registry position (Protocol::index()).
std::span<const Protocol> all_protocols();
/// How many there are: the size of every per-protocol array.
std::size_t protocol_count();

/// The protocol with this stable name ("modbus", "s7comm_plus"), if registered.
std::optional<Protocol> find_protocol(std::string_view name);
/// find_protocol() in the shape the readers use: false when the name is unknown.
bool protocol_from_name(std::string_view name, Protocol& out);

/// The registered folders named in `names` ("modbus", "dnp3", "s7comm"; S7comm-plus comes with
/// s7comm), in probe order; all of them when `names` is empty. Throws std::invalid_argument
/// naming an unknown protocol.
std::vector<const ProtocolDescriptor*> select_protocols(const std::vector<std::string>& names);

}  // namespace otscope
