// User-data services: the reassembly of multi-part user-data PDUs (data unit reference and
// last-data-unit flag) and the decoding of the (whole) payload by group: SZL requests and
// replies, block lists and block info, clock values, mode transitions, diagnostic messages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "protocols/s7/s7comm.h"
#include "protocols/s7/szl.h"

namespace otscope::s7 {

/// What a user-data payload says: `detail` names the sub-operation (stable across request and
/// response: "SZL 0x0011", "DB1", "OB", a mode name), `text` adds readable facts to the summary.
struct UserDataFacts {
  std::string detail;
  std::string text;
  bool szl_reply = false;  // `szl` holds a decoded SZL response
  SzlError szl_error = SzlError::None;
  SzlResponse szl;
};

/// Decodes the whole (reassembled) payload of a user-data PDU with the header `u`.
UserDataFacts describe_userdata(const UserDataHeader& u, Bytes payload);

/// "2016-02-08 23:08:10.000" from the 10-byte clock value of the time functions; empty when the
/// bytes are not a valid BCD timestamp.
std::string s7_clock_text(Bytes clock);

/// Joins the parts of multi-part user-data PDUs of one direction.
class UserDataReassembler {
 public:
  enum class Result : std::uint8_t {
    Whole,     // not a multi-part PDU: the payload is the PDU's own
    Part,      // a part that is not the last: kept
    Complete,  // the last part: the payload is the joined whole
    Overflow,  // too much data for one reassembly: dropped
  };
  static constexpr std::size_t kMaxBytes = 64 * 1024;
  static constexpr std::size_t kMaxPending = 8;

  /// On Whole and Complete, `payload` views the data to decode (valid until the next call).
  Result add(const UserDataHeader& u, Bytes& payload);
  /// The part number of the PDU just added (1 for the first part).
  unsigned part() const { return part_; }
  void reset() { pending_.clear(); }

 private:
  struct Pending {
    std::uint8_t group = 0;
    std::uint8_t subfunction = 0;
    std::uint8_t ref = 0;
    unsigned parts = 0;
    std::vector<std::uint8_t> bytes;
  };
  std::vector<Pending> pending_;
  std::vector<std::uint8_t> done_;
  unsigned part_ = 1;
};

}  // namespace otscope::s7
