// DNP3 application layer (IEEE 1815 clause 4): fragment header (control, function, IIN) and the
// object headers with their data, parsed over the whole fragment. A pure function: bytes in,
// a Fragment or a specific AppError out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "protocols/dnp3/codes.h"
#include "protocols/dnp3/objects.h"

namespace otscope::dnp3 {

struct AppControl {
  bool fir = false;
  bool fin = false;
  bool con = false;
  bool uns = false;
  std::uint8_t sequence = 0;  // 0..15
};

struct AppHeader {
  AppControl control;
  std::uint8_t function = 0;
  /// IIN1 << 8 | IIN2; only in RESPONSE, UNSOLICITED_RESPONSE and AUTHENTICATE_RESP.
  bool has_iin = false;
  std::uint16_t iin = 0;
};

enum class RangeKind : std::uint8_t {
  StartStop,  // range codes 0-5: first and last index
  All,        // range code 6: every object of the type, no range field
  Count,      // range codes 7-9 and 0xB: a number of objects
};

struct ObjectHeader {
  std::uint8_t group = 0;
  std::uint8_t variation = 0;
  std::uint8_t qualifier = 0;
  RangeKind range = RangeKind::All;
  std::uint32_t start = 0;
  std::uint32_t stop = 0;
  /// Objects announced: stop - start + 1 or the count field (0 for All).
  std::uint64_t count = 0;

  std::uint8_t prefix_code() const { return (qualifier >> 4) & 0x07; }
  std::uint8_t range_code() const { return qualifier & 0x0F; }
};

/// Consecutive point indexes touched by an object header.
struct IndexRun {
  std::uint32_t start = 0;
  std::uint32_t count = 0;
};

struct ObjectBlock {
  ObjectHeader header;
  /// The group/variation is in the object library.
  bool known = false;
  /// The header was followed by object data (responses, writes, controls, ...).
  bool has_data = false;
  /// Point indexes the header addresses: from a start-stop range or from index prefixes.
  /// Empty for "all objects" and for counts without indexes.
  std::vector<IndexRun> indexes;
  /// Decoded objects, in wire order (see kMaxStoredValuesPerHeader).
  std::vector<ObjectValue> values;
};

enum class AppError : std::uint8_t {
  None,
  // The fragment header itself is unusable: no message.
  TooShort,         // fewer than 2 bytes (control and function)
  MissingIin,       // a response without its 2 IIN bytes
  UnknownFunction,  // a function code IEEE 1815 does not define
  // Object errors: the header was decoded, the objects stop at the error.
  TruncatedObjectHeader,  // group/variation/qualifier or range field cut short
  BadQualifier,           // reserved prefix or range code, or a combination that is not allowed
  BadRange,               // start index above stop index
  TruncatedObjectData,    // fewer data bytes than the header announces
  UnknownObject,          // an undefined group/variation whose size cannot be determined
  BadAttribute,           // a device attribute with an undefined data type or a bad length
  BadObjectSize,          // a size prefix that contradicts the object's layout
};
/// Stable anomaly kind, e.g. "dnp3.bad_qualifier".
std::string_view app_error_kind(AppError error);
/// True for errors found after the fragment header was decoded.
inline bool is_object_error(AppError error) {
  return error >= AppError::TruncatedObjectHeader;
}

/// Decoded objects beyond these bounds (per header, per fragment) are validated and counted but
/// not stored: the bounds keep memory flat while a summary needs only the first few.
inline constexpr std::size_t kMaxStoredValuesPerHeader = 256;
inline constexpr std::size_t kMaxStoredValues = 2048;

struct Fragment {
  AppHeader header;
  const FunctionInfo* function = nullptr;
  std::vector<ObjectBlock> objects;
  /// The object part of the fragment (after the function code and IIN), for comparing a
  /// SELECT with its OPERATE.
  Bytes object_bytes;
  /// Set when the objects could not be parsed to the end (object errors only).
  AppError error = AppError::None;
  /// Offset of the failing object header within the fragment, and what went wrong.
  std::size_t error_offset = 0;
  std::string error_detail;
  /// Objects decoded beyond the storage bounds.
  std::size_t values_not_stored = 0;
};

/// Parses one whole application fragment. Returns None, a header error (the fragment is not a
/// message) or an object error (`out.header` and the objects before the error are valid;
/// `out.error` repeats it). `out.object_bytes` points into `fragment`.
AppError parse_fragment(Bytes fragment, Fragment& out);

}  // namespace otscope::dnp3
