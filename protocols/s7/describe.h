// Turns decoded S7comm and S7comm-plus PDUs into the MessageEvents the engine aggregates: role,
// function and its name and OpClass from the code table, the function key for the summary,
// exception code and name, address ranges, detail and a one-line summary for evidence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocols/common/events.h"
#include "protocols/s7/s7comm.h"
#include "protocols/s7/s7plus.h"
#include "protocols/s7/userdata.h"

namespace otscope::s7 {

/// What the session knows about an S7comm PDU beyond its own bytes.
struct S7Context {
  Direction dir = Direction::AtoB;
  std::int64_t unit = -1;
  /// Ack / Ack_Data: the job answered, when it was seen, and its OpClass (a PI service's).
  std::optional<std::uint8_t> job_function;
  std::optional<OpClass> job_op;
  /// Detail carried over from the request (job block or PI service, user-data SZL id, ...).
  std::string request_detail;
  /// User-data: the payload decoded (whole PDUs and last parts), and the part number of a
  /// multi-part PDU (0 when not multi-part).
  const UserDataFacts* facts = nullptr;
  unsigned part = 0;
  bool more_parts = false;
};

/// MessageEvent::function and its table entry for an S7comm PDU.
struct S7Function {
  std::uint32_t code = 0;
  CodeInfo info;
  bool known = true;
};
S7Function s7_function(const S7Pdu& pdu, const S7Context& ctx);

/// The detail a Job names by itself: block ("DB1"), PI service call ("_INSE(DB1)"), ...
std::string job_detail(const S7Pdu& pdu);

/// Address ranges of Read/Write Var items: "DB1" byte 0 + 4, "M" byte 16 + 4, "T" 0 + 8.
RangeList var_ranges(const std::vector<VarSpec>& items);

/// The event for one S7comm PDU. Without `with_summary` the summary is left empty (it is built
/// on demand, see MessageEvent::summary_source).
MessageEvent describe_s7comm(const S7Pdu& pdu, const S7Context& ctx, bool with_summary = true);

/// S7comm-plus: `op` is the operation as classified from the request (a response carries no
/// target object of its own).
MessageEvent describe_s7plus(const S7PlusPdu& pdu, const S7PlusOperation& op, Direction dir,
                             MessageRole role, std::int64_t unit);

}  // namespace otscope::s7
