// What a protocol session reports upward. Decoders stay pure; sessions turn decoded messages into
// these events and hand them to an EventSink. Nothing here knows about storage or alerting.
#pragma once

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/flow.h"
#include "protocols/common/protocol.h"

namespace otscope {

/// What kind of operation a message performs; one value per message, taken from the protocol's
/// code table. Detection and the console group by it.
enum class OpClass : std::uint8_t {
  Read,
  Write,
  Control,         // select/operate, direct operate, PLC run/stop requests that act on outputs
  Diagnostic,      // Modbus diagnostics, counters
  Identification,  // device identification, SZL reads, report server id, block lists
  Program,         // program/block download, upload, delete, copy RAM to ROM
  File,
  Time,            // clock read/set, time sync, delay measurement
  Authentication,  // passwords, secure authentication
  Configuration,   // save/activate configuration, assign class, enable/disable unsolicited
  Restart,         // cold/warm restart, restart communications
  ModeChange,      // PLC stop/start, start/stop application, listen-only
  Session,         // setup communication, connection management, keep-alive
  Unsolicited,     // spontaneous data from the field device
  Other,
};
std::string_view op_class_name(OpClass c);

enum class MessageRole : std::uint8_t {
  Request,      // from the master/client
  Response,     // from the server/outstation/PLC, answering a request
  Unsolicited,  // from the server/outstation/PLC without a request (DNP3 unsolicited, S7 push)
};
std::string_view message_role_name(MessageRole r);

/// What an exception response says, as far as detection cares.
enum class ExceptionKind : std::uint8_t {
  None,
  UnsupportedFunction,  // Modbus exception 1, DNP3 IIN2.0, S7 "service not implemented"
  BadAddress,           // Modbus exception 2, DNP3 IIN2.1/2.2, S7 "address out of range"
  Unreachable,          // a gateway could not reach the unit addressed: Modbus exceptions 10, 11
  Other,
};

/// The name of an address space, held in place: every name a decoder gives ("holding_register",
/// "g30", "DB65535", "area 0x84") fits, so ranges are copied and merged without the heap. A
/// longer name is cut at kCapacity characters; files that name spaces (policy, baseline) refuse
/// one with fits() first.
class SpaceName {
 public:
  static constexpr std::size_t kCapacity = 23;
  static constexpr bool fits(std::string_view s) { return s.size() <= kCapacity; }

  constexpr SpaceName() = default;
  constexpr SpaceName(std::string_view s) { assign(s); }  // NOLINT: implicit, like a string
  constexpr SpaceName(const char* s) : SpaceName(std::string_view(s)) {}
  SpaceName(const std::string& s) : SpaceName(std::string_view(s)) {}
  SpaceName& operator=(std::string_view s) {
    assign(s);
    return *this;
  }
  SpaceName& operator=(const char* s) { return *this = std::string_view(s); }
  SpaceName& operator=(const std::string& s) { return *this = std::string_view(s); }

  std::string_view view() const { return {chars_, size_}; }
  operator std::string_view() const { return view(); }  // NOLINT
  std::string str() const { return std::string(view()); }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // The unused characters are always zero, so equal names are equal bytes: three word compares.
  friend bool operator==(const SpaceName& a, const SpaceName& b) {
    return std::memcmp(&a, &b, sizeof(SpaceName)) == 0;
  }
  friend bool operator==(const SpaceName& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const SpaceName& a, const char* b) { return a.view() == b; }
  friend bool operator==(const SpaceName& a, const std::string& b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(const SpaceName& a, const SpaceName& b) {
    return a.view().compare(b.view()) <=> 0;
  }

 private:
  constexpr void assign(std::string_view s) {
    const std::size_t n = s.size() < kCapacity ? s.size() : kCapacity;
    if (std::is_constant_evaluated()) {  // names of constants, built by the compiler
      for (std::size_t i = 0; i < kCapacity; ++i) chars_[i] = i < n ? s[i] : '\0';
      size_ = static_cast<std::uint8_t>(n);
      return;
    }
    char chars[kCapacity] = {};
    if (n != 0) std::memcpy(chars, s.data(), n);
    std::memcpy(chars_, chars, kCapacity);
    size_ = static_cast<std::uint8_t>(n);
  }
  char chars_[kCapacity] = {};
  std::uint8_t size_ = 0;
};
static_assert(sizeof(SpaceName) == SpaceName::kCapacity + 1, "no padding: == compares bytes");

/// A contiguous range of data points touched by a message.
struct AddressRange {
  friend bool operator==(const AddressRange&, const AddressRange&) = default;
  /// Address space within the protocol: Modbus "coil", "discrete_input", "holding_register",
  /// "input_register", "file"; DNP3 "g12" style group names; S7 "DB5", "M", "I", "Q", "C", "T".
  SpaceName space;
  std::uint32_t start = 0;
  std::uint32_t count = 0;
};

/// The ranges of one message. Nearly every message touches one or two: those are held in place,
/// so building, copying and moving a message's ranges takes no heap. Reads like a vector.
class RangeList {
 public:
  static constexpr std::size_t kInline = 2;

  RangeList() = default;
  RangeList(std::initializer_list<AddressRange> ranges) {
    for (const AddressRange& r : ranges) push_back(r);
  }
  explicit RangeList(std::span<const AddressRange> ranges) {
    for (const AddressRange& r : ranges) push_back(r);
  }
  // Copies and moves touch only the places in use.
  RangeList(const RangeList& o) : more_(o.more_), size_(o.size_) { copy_inline(o); }
  RangeList& operator=(const RangeList& o) {
    if (this != &o) {
      more_ = o.more_;
      size_ = o.size_;
      copy_inline(o);
    }
    return *this;
  }
  RangeList(RangeList&& o) noexcept : more_(std::move(o.more_)), size_(o.size_) {
    copy_inline(o);
    o.clear();
  }
  RangeList& operator=(RangeList&& o) noexcept {
    if (this != &o) {
      more_ = std::move(o.more_);
      size_ = o.size_;
      copy_inline(o);
      o.clear();
    }
    return *this;
  }
  ~RangeList() = default;

  void push_back(const AddressRange& r) {
    if (size_ < kInline) {
      std::construct_at(&inline_.at[size_++], r);
      return;
    }
    spill(r);
  }
  void clear() {
    size_ = 0;
    more_.clear();
  }

  const AddressRange* begin() const { return size_ <= kInline ? inline_.at : more_.data(); }
  const AddressRange* end() const { return begin() + size_; }
  AddressRange* begin() { return size_ <= kInline ? inline_.at : more_.data(); }
  AddressRange* end() { return begin() + size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const AddressRange& operator[](std::size_t i) const { return begin()[i]; }
  const AddressRange& at(std::size_t i) const {
    if (i >= size_) throw std::out_of_range("RangeList::at");
    return begin()[i];
  }
  const AddressRange& front() const { return *begin(); }
  const AddressRange& back() const { return begin()[size_ - 1]; }
  std::vector<AddressRange> to_vector() const { return {begin(), end()}; }

  friend bool operator==(const RangeList& a, const RangeList& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  static_assert(std::is_trivially_copyable_v<AddressRange> &&
                std::is_trivially_destructible_v<AddressRange>);
  // The rare third range.
  void spill(const AddressRange& r) {
    // Past the inline places every range moves to the vector, so the ranges stay contiguous.
    if (size_ == kInline) more_.assign(inline_.at, inline_.at + kInline);
    more_.push_back(r);
    ++size_;
  }
  void copy_inline(const RangeList& o) {
    if (o.size_ > kInline) return;
    for (std::size_t i = 0; i < kInline; ++i)  // a fixed count: unrolled, no memcpy call
      if (i < o.size_) std::construct_at(&inline_.at[i], o.inline_.at[i]);
  }
  // The inline places are not initialised: only the first size_ of them are ever read.
  union Inline {
    Inline() {}  // NOLINT: deliberately leaves the places uninitialised
    AddressRange at[kInline];
  };
  Inline inline_;
  std::vector<AddressRange> more_;
  std::size_t size_ = 0;
};

/// How a written value compares with the values learned for its point.
enum class ValueKind : std::uint8_t {
  Number,     // a register, a coil state, an analog output: judged by the learned range
  Operation,  // a command code (DNP3 CROB operation): judged by the set of codes learned
};

/// One value a write or control request carries for one data point: the process value the
/// request sets. The baseline learns their range per point; detection judges new ones by it.
struct WrittenValue {
  friend bool operator==(const WrittenValue&, const WrittenValue&) = default;
  /// The point: the same space names as `AddressRange` ("holding_register", "g41").
  SpaceName space;
  std::uint32_t address = 0;
  ValueKind kind = ValueKind::Number;
  /// The number written (Modbus registers unsigned 0..65535, coils 0/1; DNP3 analog outputs
  /// as sent: int16, int32, float or double), or the operation's code.
  double value = 0;
  /// An Operation's name from the protocol's code table ("LATCH_ON", "PULSE_ON CLOSE"; static
  /// storage); empty for numbers.
  std::string_view label;
};

/// Builds a message's one-line summary on demand; lives on the session's stack during the sink
/// call.
class SummarySource {
 public:
  virtual std::string summary() const = 0;

 protected:
  ~SummarySource() = default;
};

/// One decoded message (a Modbus ADU, a DNP3 application fragment, an S7 PDU).
struct MessageEvent {
  Protocol protocol;
  MessageRole role = MessageRole::Request;
  /// Which way the message travelled in the flow.
  Direction dir = Direction::AtoB;
  /// Protocol function code (Modbus without the exception bit; DNP3 application function;
  /// S7 job function, or for user-data 0x10000 | group << 8 | subfunction).
  std::uint32_t function = 0;
  std::string_view function_name;  // from the protocol's code table (static storage)
  OpClass op = OpClass::Other;
  /// Key under protocols.NAME.functions in the analysis summary; empty when the message does
  /// not count there (e.g. S7 user-data PDUs).
  std::optional<std::uint32_t> function_key;
  /// Modbus unit id, DNP3 outstation link address, S7 rack*32+slot when known; -1 when none.
  std::int64_t unit = -1;
  bool exception = false;  // exception/error response
  std::uint32_t exception_code = 0;
  std::string_view exception_name;
  /// What the exception says (set with `exception`).
  ExceptionKind exception_kind = ExceptionKind::None;
  /// Sub-function code (Modbus diagnostics, S7 user-data subfunction), -1 when none.
  std::int32_t sub_function = -1;
  /// The dangerous command this request is, from the protocol's table (requests only).
  const CommandRule* command = nullptr;
  /// The protocol does not define this function (reserved, user-defined, unknown code): what a
  /// function-code scanner sends (requests only).
  bool undefined_function = false;
  /// Writes process data although its class is not Write (Modbus 21 writes file records).
  bool writes_data = false;
  /// A write every master performs as protocol housekeeping (DNP3 time, clearing IIN1.7 after a
  /// restart), not a process write.
  bool housekeeping = false;
  /// Protocol mechanics (DNP3 application CONFIRM): acknowledges, asks nothing.
  bool mechanics = false;
  RangeList ranges;
  /// The values a write or control request sets, per point (requests only; empty for every
  /// other message, so reads cost nothing). At most kMaxWrittenValues: the first points of a
  /// longer write.
  std::vector<WrittenValue> values;
  static constexpr std::size_t kMaxWrittenValues = 64;
  /// Sub-operation detail for the operations summary, e.g. Modbus diagnostic sub-function name,
  /// S7 PI service, DNP3 object "g12v1". Empty when none.
  std::string detail;
  /// One-line human rendering of the decoded message, for evidence. Sessions may leave it empty
  /// and set `summary_source` instead, so that the text is only built when a consumer asks for it
  /// (most messages never become evidence); read it through summary_text().
  std::string summary;
  const SummarySource* summary_source = nullptr;

  /// The summary, rendered now if a source was given. Valid only during the sink call: a sink
  /// that keeps the event must keep this text, not the source.
  std::string summary_text() const;
  /// A copy that owns its summary text, for sinks that keep events beyond the call.
  MessageEvent detached() const;
};

/// One identity fact about a device, e.g. vendor, firmware, serial.
struct IdentityEvent {
  Protocol protocol;
  /// Direction of the message it came from; `about_sender` says which end it describes.
  Direction dir = Direction::BtoA;
  bool about_sender = true;
  /// Stable field name: vendor, product, product_code, model, order_number, firmware, hardware,
  /// serial, module_name, module_type, station_name, plant_name, location, copyright, vendor_url,
  /// user_application, device_name, rack, slot, modbus_unit, dnp3_address, operating_mode, ...
  std::string field;
  std::string value;
  /// Which message told us: "modbus 43/14 read device identification", "s7 SZL 0x001C", ...
  std::string source;
};

/// What an anomaly means beyond its kind, for detection.
enum class AnomalyClass : std::uint8_t {
  Other,
  ChecksumError,           // a frame's checksum failed (DNP3 link CRC)
  ForeignTraffic,          // the protocol's registered port carries something else
  ResponseWithoutRequest,  // an answer to no request seen
  Broadcast,               // a request sent to every device
  DeviceRestarted,         // the device says it restarted (DNP3 IIN1.7)
};

/// A protocol anomaly: malformed message, CRC error, unexpected response, ...
struct AnomalyEvent {
  Protocol protocol;
  Direction dir = Direction::AtoB;
  AnomalyClass cls = AnomalyClass::Other;
  /// Stable machine-readable kind, "<protocol>.<reason>", e.g. "modbus.invalid_length".
  std::string kind;
  /// Human detail, e.g. "quantity 300 exceeds 125 registers".
  std::string detail;
  /// True when the message could not be decoded (counted in protocols.NAME.malformed).
  bool malformed = false;
  /// A condition the protocol's command table names as dangerous (a replayed GOOSE message):
  /// detection raises that rule's alert for it, whoever sent it. Its kind is the rule's name.
  const CommandRule* rule = nullptr;
};

/// Receives everything protocol sessions report. Implemented by the engine.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void message(const FlowInfo& flow, const PacketMeta& meta, const MessageEvent& ev) = 0;
  virtual void identity(const FlowInfo& flow, const PacketMeta& meta, const IdentityEvent& ev) = 0;
  virtual void anomaly(const FlowInfo& flow, const PacketMeta& meta, const AnomalyEvent& ev) = 0;
};

}  // namespace otscope
