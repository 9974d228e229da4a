#include "protocols/modbus/session.h"

#include <algorithm>
#include <string>
#include <utility>

#include "protocols/modbus/codes.h"
#include "protocols/modbus/describe.h"
#include "protocols/modbus/modbus.h"
#include "protocols/modbus/umas.h"
#include "protocols/modbus/values.h"

namespace otscope::modbus {
namespace {

std::string request_text(std::uint16_t tid, std::uint8_t unit, std::uint8_t function) {
  return "transaction " + std::to_string(tid) + " unit " + std::to_string(unit) + " " +
         std::string(function_info(function).name) + " (" + std::to_string(function) + ")";
}

/// Reads whose response carries values for the range the request named.
bool response_repeats_request_range(std::uint8_t function) {
  switch (static_cast<FunctionCode>(function)) {
    case FunctionCode::ReadCoils:
    case FunctionCode::ReadDiscreteInputs:
    case FunctionCode::ReadHoldingRegisters:
    case FunctionCode::ReadInputRegisters:
    case FunctionCode::ReadFileRecord:
    case FunctionCode::ReadWriteMultipleRegisters:
    case FunctionCode::ReadFifoQueue:
      return true;
    default:
      return false;
  }
}

/// What every function-90 (UMAS) message is before it is known which UMAS code it is or answers:
/// a response names no code, and an unmatched one stays this.
constexpr std::string_view kUmasName = "UMAS";
constexpr std::string_view kUmasErrorName = "UMAS error";

/// Names a message after the UMAS code it carries (a request) or answers (a response).
void name_umas(MessageEvent& ev, std::uint8_t umas_code) {
  const UmasCodeInfo& u = umas_code_info(umas_code);
  ev.function = umas_function_key(umas_code);
  ev.function_key = ev.function;
  ev.function_name = u.name;
  ev.op = u.op;
}

}  // namespace

Direction client_direction(const FlowInfo& flow) {
  // The initiator (handshake seen) or the ephemeral-port side, unless the ports say otherwise.
  return client_direction_by_port(flow, kInfo.ports).value_or(Direction::AtoB);
}

ModbusSession::ModbusSession(const FlowInfo& flow, EventSink& sink, std::size_t max_outstanding)
    : flow_(flow),
      sink_(sink),
      // Orders are compared by their 32-bit difference, which needs fewer than 2^31 of them
      // held at once.
      max_outstanding_(static_cast<std::uint32_t>(
          std::clamp<std::size_t>(max_outstanding, 1, kMaxOutstandingLimit))),
      client_dir_(client_direction(flow)) {}

namespace {
/// The segment is one whole ADU by itself: a plausible MBAP header whose length is the segment's.
bool whole_adu(Bytes data) {
  bool need_more = false;
  if (!plausible_header(data, need_more)) return false;
  MbapHeader h;
  return read_mbap(data, h) && adu_size(h) == data.size();
}
}  // namespace

void ModbusSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  MbapFramer& framer = framers_[static_cast<std::size_t>(dir)];
  DirectionHandler handler(*this, dir, meta);
  if (framer.buffered() >= kMbapSize && !framer.hunting() && whole_adu(data)) {
    // An ADU start is held for the rest its MBAP length announced, and this segment is a whole
    // ADU of its own: the held header lied about its length (a real stack sends the rest of an
    // ADU, not a new one). Reported with the packets that carried the lie, not at the close.
    MbapHeader h;
    read_mbap(framer.held(), h);
    const std::size_t held = framer.buffered();
    const MbapFramer::Remainder rest = framer.finish();
    anomaly(dir, carried_by(rest.frames, meta), "modbus.length_mismatch",
            "MBAP length " + std::to_string(h.length) + " announces " +
                std::to_string(adu_size(h)) + " bytes, but the segment carried " +
                std::to_string(held) + " and the next segment is an ADU of its own",
            true);
  }
  framer.push(data, handler, meta);
}

void ModbusSession::on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) {
  (void)missing;  // how much was lost does not matter: the framer must hunt either way
  DirectionHandler handler(*this, dir, meta);
  handler.on_remainder(framers_[static_cast<std::size_t>(dir)].gap(), DiscardReason::Gap);
}

void ModbusSession::on_close(const PacketMeta& meta) {
  for (Direction dir : {Direction::AtoB, Direction::BtoA}) {
    DirectionHandler handler(*this, dir, meta);
    handler.on_remainder(framers_[static_cast<std::size_t>(dir)].finish(),
                         DiscardReason::EndOfStream);
  }
  Pending pending = std::move(outstanding_);
  outstanding_.clear();
  std::sort(pending.begin(), pending.end(), earlier);
  for (const PendingRequest& req : pending) {
    anomaly(client_dir_, req.meta, "modbus.unanswered_request",
            request_text(req.tid, req.unit, req.function) + " got no response", false);
  }
}

void ModbusSession::handle_discard(Direction dir, std::size_t count, DiscardReason reason,
                                   const PacketMeta& meta) {
  switch (reason) {
    case DiscardReason::InvalidHeader:
      anomaly(dir, meta, "modbus.invalid_mbap",
              "skipped " + std::to_string(count) + " bytes without a valid MBAP header", true);
      break;
    case DiscardReason::Gap:
      anomaly(dir, meta, "modbus.truncated_by_gap",
              std::to_string(count) + " bytes of an ADU whose rest the capture lost", false);
      break;
    case DiscardReason::EndOfStream:
      anomaly(dir, meta, "modbus.truncated_at_close",
              std::to_string(count) + " bytes of an incomplete ADU when the connection ended",
              false);
      break;
  }
}

namespace {
// Every ADU on this thread is decoded into one result, and becomes one event: an ADU is handled
// completely before the next is decoded, so their vectors and strings keep their storage (a
// result and an event made for each ADU allocate).
// bench: analyze --no-db on bench/out/ics-bench.pcap, -2.2 % wall and -2.1 % instructions (median
// of 31 paired runs, 2-core VM).
DecodeResult& decode_scratch() {
  thread_local DecodeResult result;
  return result;
}
// The event: a sink copies what it keeps, and only what varies is written for each ADU. What points
// into the ADU's call (summary_source) is unset when the call returns.
MessageEvent& event_scratch() {
  thread_local MessageEvent ev = [] {
    MessageEvent e;
    e.protocol = kProtocol;
    return e;
  }();
  return ev;
}
}  // namespace

void ModbusSession::handle_adu(Direction dir, Bytes bytes, const PacketMeta& meta) {
  const bool is_response = dir != client_dir_;
  DecodeResult& result = decode_scratch();
  decode_adu(bytes, is_response, result);
  if (!result.ok()) {
    report_malformed(dir, bytes, result, meta);
    return;
  }
  const Adu& adu = result.adu;

  FunctionInfo info = function_info(adu.function);
  MessageEvent& ev = event_scratch();
  ev.role = is_response ? MessageRole::Response : MessageRole::Request;
  ev.dir = dir;
  ev.function = adu.function;
  ev.function_name = info.name;
  const bool mei = adu.function == code(FunctionCode::EncapsulatedInterfaceTransport);
  const bool diagnostics = adu.function == code(FunctionCode::Diagnostics);
  ev.op = mei ? mei_type_op(adu.mei_type) : info.op;
  ev.function_key = adu.function;
  ev.unit = adu.header.unit;
  ev.exception = adu.exception;
  ev.exception_code = adu.exception ? adu.exception_code : 0;
  ev.exception_name = adu.exception ? exception_name(adu.exception_code) : std::string_view();
  ev.exception_kind =
      !adu.exception ? ExceptionKind::None
      : adu.exception_code == static_cast<std::uint8_t>(ExceptionCode::IllegalFunction)
          ? ExceptionKind::UnsupportedFunction
      : adu.exception_code == static_cast<std::uint8_t>(ExceptionCode::IllegalDataAddress)
          ? ExceptionKind::BadAddress
      : adu.exception_code == static_cast<std::uint8_t>(ExceptionCode::GatewayPathUnavailable) ||
              adu.exception_code ==
                  static_cast<std::uint8_t>(ExceptionCode::GatewayTargetDeviceFailedToRespond)
          ? ExceptionKind::Unreachable
          : ExceptionKind::Other;
  ev.detail.clear();
  ev.sub_function = -1;
  ev.command = nullptr;
  if (!adu.exception && diagnostics) {
    ev.detail = diagnostic_name(adu.sub_function);
    ev.sub_function = adu.sub_function;
    if (!is_response) ev.command = diagnostic_command(adu.sub_function);
  }
  ev.undefined_function =
      !is_response && (adu.function > 0x7F || info.kind != FunctionKind::Public);
  ev.writes_data =
      !is_response && adu.function == static_cast<std::uint8_t>(FunctionCode::WriteFileRecord);
  if (!adu.exception && mei) ev.detail = mei_type_name(adu.mei_type);
  const bool umas = adu.function == kUmasFunction;
  if (umas) {
    ev.function_name = kUmasName;
    ev.op = OpClass::Other;
    if (!is_response && !adu.exception) {
      name_umas(ev, adu.umas_code);
      // UMAS is unpublished: a code public research does not name is not known to be undefined
      // (engineering tools and newer firmware use several such codes in one session, which
      // would otherwise look like a function-code scan).
      ev.undefined_function = false;
      ev.command = umas_command(adu.umas_code);
    }
    if (!adu.exception && adu.umas_status == kUmasStatusError) {
      // The PLC refused: the UMAS error carries no code of a published meaning.
      ev.exception = true;
      ev.exception_code = kUmasStatusError;
      ev.exception_name = kUmasErrorName;
      ev.exception_kind = ExceptionKind::Other;
    }
  }
  // A read's response names no addresses: its ranges are the request's (taken below).
  const bool ranges_from_request = is_response && response_repeats_request_range(adu.function);
  if (ranges_from_request) {
    ev.ranges.clear();
  } else {
    ranges_of(adu, ev.ranges);
  }
  // Writes report the values they set (values.h); every other message leaves the list empty.
  if (!ev.values.empty()) ev.values.clear();
  if (!is_response && info.op == OpClass::Write) written_values(adu, ev.values);
  struct AduSummary final : SummarySource {
    const Adu& adu;
    /// The UMAS code a function-90 response answers, once matched.
    int umas_code = -1;
    explicit AduSummary(const Adu& a) : adu(a) {}
    std::string summary() const override { return summarize(adu, umas_code); }
  } summary(adu);
  ev.summary_source = &summary;
  // The event outlives this call: it must not keep pointing at `summary` once the call returns.
  struct Unlink {
    MessageEvent& ev;
    ~Unlink() { ev.summary_source = nullptr; }
  } unlink{ev};

  if (!is_response) {
    if (!outstanding_.empty()) make_room(dir, adu, meta);
    sink_.message(flow_, meta, ev);
    remember(adu, ev, meta);
    return;
  }
  // The request stays in place until the response is handled: nothing below adds or removes
  // outstanding requests.
  const auto pending = match_response(dir, adu, meta);
  const bool matched = pending != outstanding_.end();
  if (matched && (adu.exception || ranges_from_request)) {
    // check_response_size() compares ranges only for the other functions: these can be taken.
    take_ranges(*pending, ev.ranges);
  }
  if (matched && adu.exception) {
    // An exception to 43/14 or to a diagnostics sub-function is still that operation.
    ev.op = pending->op;
    if (diagnostics) {
      ev.detail = diagnostic_name(pending->sub_code);
      ev.sub_function = pending->sub_code;
    }
    if (mei) ev.detail = mei_type_name(static_cast<std::uint8_t>(pending->sub_code));
  }
  // A UMAS response (or exception) is the operation of the UMAS code its request carried.
  int umas_code = -1;
  if (matched && umas) {
    umas_code = pending->sub_code;
    name_umas(ev, static_cast<std::uint8_t>(umas_code));
    summary.umas_code = umas_code;
  }
  sink_.message(flow_, meta, ev);
  if (matched) {
    check_response_size(dir, adu, *pending, meta);
    forget(pending);
  }
  if (may_identify(adu)) report_identity(dir, adu, umas_code, meta);
}

void ModbusSession::report_malformed(Direction dir, Bytes bytes, const DecodeResult& result,
                                     const PacketMeta& meta) {
  const Adu& adu = result.adu;
  const bool is_response = dir != client_dir_;
  anomaly(dir, meta, "modbus." + std::string(to_string(result.error)),
          result.detail + " in " + (is_response ? "response " : "request ") +
              request_text(adu.header.transaction_id, adu.header.unit, adu.function) + ": " +
              to_hex(bytes, 32),
          true);
  // A malformed response still answers its request: do not report that as unanswered too.
  if (is_response) {
    auto it = find_pending(adu.header.transaction_id);
    if (it != outstanding_.end() && answers(adu, *it)) forget(it);
  }
}

// always_inline, as the bookkeeping below: its bench figure is at the top of decoder.cpp.
[[gnu::always_inline]] inline void ModbusSession::forget(Pending::iterator it) {
  if (it != outstanding_.end() - 1) *it = std::move(outstanding_.back());
  outstanding_.pop_back();
}

void ModbusSession::make_room(Direction dir, const Adu& adu, const PacketMeta& meta) {
  const std::uint16_t tid = adu.header.transaction_id;
  if (auto it = find_pending(tid); it != outstanding_.end()) {
    anomaly(dir, meta, "modbus.duplicate_transaction_id",
            request_text(tid, adu.header.unit, adu.function) + " reuses the id of " +
                request_text(tid, it->unit, it->function) + " that is still unanswered",
            false);
    forget(it);
  } else if (outstanding_.size() >= max_outstanding_) {
    // A server answers in order and long before hundreds of newer requests: the oldest one
    // will not be answered any more.
    auto oldest = std::min_element(outstanding_.begin(), outstanding_.end(), earlier);
    anomaly(client_dir_, oldest->meta, "modbus.unanswered_request",
            request_text(oldest->tid, oldest->unit, oldest->function) + " got no response before " +
                std::to_string(max_outstanding_) + " newer requests",
            false);
    forget(oldest);
  }
}

[[gnu::always_inline]] inline void ModbusSession::remember(const Adu& adu, const MessageEvent& ev,
                                                           const PacketMeta& meta) {
  PendingRequest& req = outstanding_.emplace_back();  // filled in place
  req.tid = adu.header.transaction_id;
  req.unit = adu.header.unit;
  req.function = adu.function;
  req.quantity = adu.quantity;
  req.sub_code = adu.function == code(FunctionCode::EncapsulatedInterfaceTransport) ? adu.mei_type
                 : adu.function == kUmasFunction                                    ? adu.umas_code
                                                 : adu.sub_function;
  req.op = ev.op;
  req.order = next_order_++;
  req.meta = meta.kept();
  keep_ranges(req, ev.ranges);
}

[[gnu::always_inline]] inline void ModbusSession::keep_ranges(PendingRequest& req,
                                                              const RangeList& ranges) {
  // ranges_of() names every range of a function after its one space (range_space()), so the
  // spaces need not be kept.
  const std::size_t n = ranges.size();
  req.span_count = static_cast<std::uint8_t>(std::min<std::size_t>(n, 255));
  if (n > req.spans.size()) {
    req.more = std::make_unique<RangeList>(ranges);
    return;
  }
  const AddressRange* r = ranges.begin();
  for (std::size_t i = 0; i < n; ++i) req.spans[i] = {r[i].start, r[i].count};
}

[[gnu::always_inline]] inline void ModbusSession::take_ranges(PendingRequest& req, RangeList& out) {
  if (req.more) {
    take_more_ranges(req, out);
    return;
  }
  // Written into an empty list: a read response has no ranges of its own.
  if (req.span_count == 0) return;
  const SpaceName& space = range_space(req.function);
  out.push_back({space, req.spans[0].start, req.spans[0].count});
  if (req.span_count > 1) out.push_back({space, req.spans[1].start, req.spans[1].count});
}

void ModbusSession::take_more_ranges(PendingRequest& req, RangeList& out) {
  out = std::move(*req.more);
  req.more.reset();
}

bool ModbusSession::same_ranges(const PendingRequest& req, const RangeList& ranges) {
  if (req.more) return *req.more == ranges;
  if (ranges.size() != req.span_count) return false;
  const SpaceName& space = range_space(req.function);
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (!(ranges[i].space == space) || ranges[i].start != req.spans[i].start ||
        ranges[i].count != req.spans[i].count) {
      return false;
    }
  }
  return true;
}

[[gnu::always_inline]] inline ModbusSession::Pending::iterator ModbusSession::match_response(
    Direction dir, const Adu& adu, const PacketMeta& meta) {
  const auto it = find_pending(adu.header.transaction_id);
  if (it != outstanding_.end() && answers(adu, *it)) return it;
  report_unmatched(dir, adu, it, meta);
  return outstanding_.end();
}

void ModbusSession::report_unmatched(Direction dir, const Adu& adu, Pending::iterator same_tid,
                                     const PacketMeta& meta) {
  const std::uint16_t tid = adu.header.transaction_id;
  if (same_tid == outstanding_.end()) {
    anomaly(dir, meta, "modbus.response_without_request",
            request_text(tid, adu.header.unit, adu.function) + " answers no outstanding request",
            false, AnomalyClass::ResponseWithoutRequest);
    return;
  }
  // Same transaction, different unit or function: not an answer to that request. The request
  // is dropped too, since its transaction id has now been used by the server.
  anomaly(dir, meta, "modbus.response_without_request",
          request_text(tid, adu.header.unit, adu.function) + " does not match the request " +
              request_text(tid, same_tid->unit, same_tid->function),
          false, AnomalyClass::ResponseWithoutRequest);
  forget(same_tid);
}

[[gnu::always_inline]] inline void ModbusSession::check_response_size(Direction dir, const Adu& adu,
                                                                      const PendingRequest& request,
                                                                      const PacketMeta& meta) {
  if (adu.exception) return;
  switch (static_cast<FunctionCode>(adu.function)) {
    case FunctionCode::ReadCoils:
    case FunctionCode::ReadDiscreteInputs:
      if (adu.bits.size() != (request.quantity + 7u) / 8u)
        report_size_mismatch(dir, adu, "bytes of bits", adu.bits.size(), request.quantity, meta);
      break;
    case FunctionCode::ReadHoldingRegisters:
    case FunctionCode::ReadInputRegisters:
    case FunctionCode::ReadWriteMultipleRegisters:
      if (adu.registers.size() != request.quantity)
        report_size_mismatch(dir, adu, "registers", adu.registers.size(), request.quantity, meta);
      break;
    default:
      if (response_echoes_request(adu.function) && !same_ranges(request, ranges_of(adu)))
        report_size_mismatch(dir, adu, {}, 0, 0, meta);
      break;
  }
}

void ModbusSession::report_size_mismatch(Direction dir, const Adu& adu, std::string_view what,
                                         std::size_t got, std::uint16_t requested,
                                         const PacketMeta& meta) {
  const std::string problem = what.empty() ? "echo differs from the request"
                                           : std::to_string(got) + " " + std::string(what) +
                                                 " for " + std::to_string(requested) + " requested";
  anomaly(dir, meta, "modbus.response_mismatch",
          request_text(adu.header.transaction_id, adu.header.unit, adu.function) + ": " + problem,
          false);
}

void ModbusSession::report_identity(Direction dir, const Adu& adu, int umas_code,
                                    const PacketMeta& meta) {
  // A gateway's "target did not respond" says the unit is not there.
  const std::uint8_t unit = adu.header.unit;
  if (!(adu.exception && is_gateway_exception(adu.exception_code)) && last_unit_ != unit) {
    if (!units_seen_.test(unit)) {
      units_seen_.set(unit);
      identity(dir, std::string(kInfo.address_field), std::to_string(unit), "modbus response",
               meta);
    }
    last_unit_ = unit;
  }
  if (adu.exception) return;
  if (adu.function == code(FunctionCode::EncapsulatedInterfaceTransport) &&
      adu.mei_type == kMeiReadDeviceIdentification) {
    for (const DeviceIdObject& obj : adu.objects) {
      std::string_view field = device_id_identity_field(obj.id);
      if (field.empty() || obj.value.empty()) continue;
      identity(dir, std::string(field), obj.value, "modbus 43/14 read device identification", meta);
    }
  } else if (adu.function == code(FunctionCode::ReportServerId)) {
    std::string text = server_id_text(adu);
    if (!text.empty()) identity(dir, "device_id", text, "modbus 17 report server id", meta);
  } else if (adu.function == kUmasFunction && umas_code >= 0 && adu.umas_status == kUmasStatusOk) {
    const auto answered = static_cast<std::uint8_t>(umas_code);
    const std::string_view field = umas_identity_field(answered);
    if (field.empty()) return;
    std::string text = umas_text(Bytes(adu.data.data(), adu.data.size()));
    if (!text.empty()) {
      identity(dir, std::string(field), std::move(text),
               "modbus " + std::string(umas_code_info(answered).name), meta);
    }
  }
}

void ModbusSession::identity(Direction dir, std::string field, std::string value,
                             std::string source, const PacketMeta& meta) {
  IdentityEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.about_sender = true;  // every Modbus identity fact comes from the server's own response
  ev.field = std::move(field);
  ev.value = std::move(value);
  ev.source = std::move(source);
  sink_.identity(flow_, meta, ev);
}

void ModbusSession::anomaly(Direction dir, const PacketMeta& meta, std::string kind,
                            std::string detail, bool malformed, AnomalyClass cls) {
  report_anomaly(sink_, flow_, meta, kProtocol, dir, std::move(kind), std::move(detail), malformed,
                 cls);
}

}  // namespace otscope::modbus
