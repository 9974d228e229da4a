#include "protocols/iec104/session.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "protocols/iec104/iec104.h"

namespace otscope::iec104 {

namespace {

constexpr std::uint16_t kSequenceModulus = 0x8000;  // N(S) and N(R) count modulo 2^15
constexpr std::string_view kIoaSpace = "ioa";

/// Renders an APDU's summary only when a consumer asks for it.
class ApduSummary final : public SummarySource {
 public:
  explicit ApduSummary(const Apdu& apdu) : apdu_(apdu) {}
  std::string summary() const override {
    const Apci& c = apdu_.apci;
    if (c.format == FrameFormat::S) return "S (N(R) " + std::to_string(c.recv_seq) + ")";
    if (c.format == FrameFormat::U) return "U " + std::string(u_function_name(c.u_function));
    const Asdu& a = apdu_.asdu;
    std::string s =
        "I (N(S) " + std::to_string(c.send_seq) + ", N(R) " + std::to_string(c.recv_seq) + ") ";
    s += a.info != nullptr ? std::string(a.info->name) + " " + std::string(a.info->description)
                           : "type " + std::to_string(a.type);
    const std::string_view cause = cause_name(a.cause);
    s += ", " + (cause.empty() ? "cause " + std::to_string(a.cause) : std::string(cause));
    if (a.negative) s += " negative";
    if (a.test) s += " test";
    s += ", common address " + std::to_string(a.common_address);
    if (a.originator != 0) s += ", originator " + std::to_string(a.originator);
    if (a.info == nullptr) return s;
    ObjectCursor objects(a);
    InfoObject o;
    int shown = 0;
    while (objects.next(o)) {
      if (shown++ == 8) {
        s += ", ...";
        break;
      }
      s += (shown == 1 ? ", IOA " : ", ") + std::to_string(o.ioa);
      CommandValue v;
      if (command_value(a.info->value, o.element, v)) {
        s += " = " + (v.is_operation ? std::string(v.label) : std::to_string(v.value));
        if ((a.info->kind == TypeKind::Command || a.info->kind == TypeKind::Setpoint) &&
            a.info->value != ValueCoding::Bitstring)
          s += v.select ? " (select)" : " (execute)";
      }
    }
    s += " (" + std::to_string(a.count) + (a.count == 1 ? " object)" : " objects)");
    return s;
  }

 private:
  const Apdu& apdu_;
};

/// The types whose information object addresses name data points (not the 0 of a station-wide
/// command).
bool addresses_points(TypeKind kind) {
  switch (kind) {
    case TypeKind::Monitor:
    case TypeKind::Command:
    case TypeKind::Setpoint:
    case TypeKind::Read:
    case TypeKind::Parameter:
    case TypeKind::ParameterActivation:
    case TypeKind::File:
      return true;
    default:
      return false;
  }
}

void add_point(RangeList& ranges, std::uint32_t ioa, std::size_t max_ranges) {
  if (!ranges.empty()) {
    AddressRange& last = *(ranges.end() - 1);
    if (last.start + last.count == ioa) {
      ++last.count;
      return;
    }
  }
  if (ranges.size() < max_ranges) ranges.push_back(AddressRange{kIoaSpace, ioa, 1});
}

ExceptionKind refusal_kind(std::uint8_t cause) {
  switch (cause) {
    case cot::kUnknownType:
      return ExceptionKind::UnsupportedFunction;
    case cot::kUnknownCommonAddress:
    case cot::kUnknownIoa:
      return ExceptionKind::BadAddress;
    default:
      return ExceptionKind::Other;
  }
}

}  // namespace

Iec104Session::Iec104Session(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {
  if (const auto client = client_direction_by_port(flow, kInfo.ports)) {
    master_dir_ = *client;
    master_by_port_ = true;
  }
  // Without the handshake a direction's first bytes may be the tail of an APDU.
  if (!flow.saw_handshake)
    for (Side& s : sides_) s.framer.hunt(FrameError::MidStream);
}

bool Iec104Session::from_master(Direction dir) const {
  if (master_dir_) return dir == *master_dir_;
  // No port and no behaviour told yet: the side that opened the connection.
  return dir == Direction::AtoB;
}

void Iec104Session::learn_master(Direction dir, bool sender_is_master) {
  if (master_by_port_ || master_dir_) return;
  master_dir_ = sender_is_master ? dir : reverse(dir);
}

void Iec104Session::anomaly(Direction dir, const PacketMeta& meta, std::string_view reason,
                            std::string detail, bool malformed) {
  report_anomaly(sink_, flow_, meta, kProtocol, dir, "iec104." + std::string(reason),
                 std::move(detail), malformed);
}

void Iec104Session::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  auto message = [&](Bytes apdu, std::span<const FrameRef> earlier = {}) {
    on_apdu(dir, apdu, meta.with_earlier(earlier));
  };
  auto skipped = [&](const ApduFramer::Run& run, std::span<const FrameRef> carriers = {}) {
    // Bytes skipped after a gap or at a mid-stream start are lost data, not malformed APDUs;
    // bytes that started no APDU where one was due are.
    const bool lost = run.error == FrameError::Resync || run.error == FrameError::MidStream;
    anomaly(dir, carried_by(carriers, meta), frame_error_kind(run.error),
            "skipped " + std::to_string(run.skipped) + " bytes to find the next APDU", !lost);
  };
  auto out = frame_callbacks(message, skipped);
  side(dir).framer.push(data, out, meta);
}

void Iec104Session::on_gap(Direction dir, std::size_t, const PacketMeta& meta) {
  Side& s = side(dir);
  const ApduFramer::Remainder rest = s.framer.gap();
  if (rest.skipped && rest.skipped->error != FrameError::Resync &&
      rest.skipped->error != FrameError::MidStream)
    anomaly(dir, carried_by(rest.frames, meta), frame_error_kind(rest.skipped->error),
            "skipped " + std::to_string(rest.skipped->skipped) + " bytes before a capture gap",
            true);
  s.next_send.reset();  // the lost bytes may have held I and S frames
  s.last_ack.reset();
}

void Iec104Session::on_close(const PacketMeta& meta) {
  for (Direction d : {Direction::AtoB, Direction::BtoA}) {
    const ApduFramer::Remainder rest = side(d).framer.finish();
    if (rest.skipped && rest.skipped->error != FrameError::Resync &&
        rest.skipped->error != FrameError::MidStream)
      anomaly(d, carried_by(rest.frames, meta), frame_error_kind(rest.skipped->error),
              "skipped " + std::to_string(rest.skipped->skipped) + " bytes at the end of the flow",
              true);
    if (rest.partial > 0)
      anomaly(d, carried_by(rest.frames, meta), "truncated_at_close",
              "the flow ended inside an APDU (" + std::to_string(rest.partial) + " bytes held)",
              false);
  }
}

void Iec104Session::check_sequence(Direction dir, std::uint16_t send_seq, const PacketMeta& meta) {
  Side& s = side(dir);
  const std::optional<std::uint16_t> due = s.next_send;
  s.next_send = static_cast<std::uint16_t>((send_seq + 1) % kSequenceModulus);
  if (!due || *due == send_seq) return;
  const auto ahead =
      static_cast<std::uint16_t>((send_seq - *due + kSequenceModulus) % kSequenceModulus);
  const std::string who = from_master(dir) ? "controlling station" : "outstation";
  std::string detail = "the " + who + " sent I frame N(S) " + std::to_string(send_seq) + " where " +
                       std::to_string(*due) + " was due: ";
  // Less than half the sequence space ahead is a gap (frames lost or suppressed), otherwise the
  // frame repeats one sent before (a retransmission at the application level, or a replay).
  if (ahead < kSequenceModulus / 2)
    detail += std::to_string(ahead) + (ahead == 1 ? " I frame" : " I frames") + " missing";
  else
    detail += "a repeated or out-of-order sequence number";
  sequence_anomaly(dir, meta, std::move(detail));
}

void Iec104Session::check_ack(Direction dir, std::uint16_t recv_seq, const PacketMeta& meta) {
  Side& s = side(dir);
  const std::optional<std::uint16_t> last = s.last_ack;
  s.last_ack = recv_seq;
  if (!last) return;
  // An end acknowledges ever more of the other's I frames; the same N(R) again is usual (an S
  // frame after an I frame that said as much), a smaller one is not.
  const auto ahead =
      static_cast<std::uint16_t>((recv_seq - *last + kSequenceModulus) % kSequenceModulus);
  if (ahead < kSequenceModulus / 2) return;
  sequence_anomaly(dir, meta,
                   "the " + std::string(from_master(dir) ? "controlling station" : "outstation") +
                       " acknowledged up to N(R) " + std::to_string(recv_seq) +
                       " after it had acknowledged up to " + std::to_string(*last) +
                       ": its receive sequence number went back");
}

void Iec104Session::sequence_anomaly(Direction dir, const PacketMeta& meta, std::string detail) {
  // Named by its rule: detection raises it as an alert (the TCP stream was whole, or on_gap()
  // would have forgotten what was due).
  AnomalyEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.kind = std::string(kSequenceGap.name);
  ev.detail = std::move(detail);
  ev.rule = &kSequenceGap;
  sink_.anomaly(flow_, meta, ev);
}

void Iec104Session::on_apdu(Direction dir, Bytes bytes, const PacketMeta& meta) {
  Apdu apdu;
  const ApduError e = decode_apdu(bytes, apdu);
  const bool control_field = e != ApduError::BadControlField && e != ApduError::BadStart;
  if (apdu.apci.format == FrameFormat::I && control_field)
    check_sequence(dir, apdu.apci.send_seq, meta);
  if (apdu.apci.format != FrameFormat::U && control_field) check_ack(dir, apdu.apci.recv_seq, meta);
  if (e != ApduError::None) {
    anomaly(dir, meta, apdu_error_kind(e), "APDU 0x" + to_hex(bytes, 32), true);
    return;
  }
  if (apdu.apci.format == FrameFormat::I) {
    on_i_frame(dir, apdu, meta);
    return;
  }
  const ApduSummary summary(apdu);
  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.op = OpClass::Session;
  ev.summary_source = &summary;
  if (apdu.apci.format == FrameFormat::S) {
    // An S frame acknowledges I frames: protocol mechanics from either end.
    ev.function = kSFunction;
    ev.function_name = "S-format acknowledgement";
    ev.role = from_master(dir) ? MessageRole::Request : MessageRole::Response;
    ev.mechanics = true;
  } else {
    const std::uint8_t f = apdu.apci.u_function;
    // STARTDT and STOPDT are the controlling station's; TESTFR either end's.
    if (f == ufn::kStartDtAct || f == ufn::kStopDtAct) learn_master(dir, true);
    if (f == ufn::kStartDtCon || f == ufn::kStopDtCon) learn_master(dir, false);
    ev.function = u_function_code(f);
    ev.function_name = u_function_name(f);
    ev.role = u_function_is_act(f) ? MessageRole::Request : MessageRole::Response;
  }
  ev.function_key = ev.function;
  sink_.message(flow_, meta, ev);
}

void Iec104Session::on_i_frame(Direction dir, const Apdu& apdu, const PacketMeta& meta) {
  const Asdu& a = apdu.asdu;
  const TypeInfo* info = a.info;
  if (info != nullptr) {
    // Monitor information and end of initialisation come from the outstation; commands in
    // activation or deactivation from the controlling station.
    if (info->kind == TypeKind::Monitor || info->kind == TypeKind::EndOfInit)
      learn_master(dir, false);
    else if (a.cause == cot::kActivation || a.cause == cot::kDeactivation)
      learn_master(dir, true);
  }
  const bool master = from_master(dir);
  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.function = a.type;
  ev.function_key = a.type;
  ev.function_name = info != nullptr ? info->name : std::string_view("unknown type");
  ev.op = info != nullptr ? info->op : OpClass::Other;
  ev.unit = a.common_address;
  ev.sub_function = a.cause;
  if (master) {
    ev.role = MessageRole::Request;
    ev.undefined_function = info == nullptr;
  } else if (cause_is_answer(a.cause) || a.negative) {
    ev.role = MessageRole::Response;
  } else {
    ev.role = MessageRole::Unsolicited;
    if (info != nullptr && info->kind == TypeKind::Monitor) ev.op = OpClass::Unsolicited;
  }
  if (!master && (a.negative || cause_is_refusal(a.cause))) {
    ev.exception = true;
    ev.exception_code = a.cause | (a.negative ? cot::kNegativeBit : 0);
    ev.exception_name = a.negative && !cause_is_refusal(a.cause)
                            ? std::string_view("negative confirmation")
                            : cause_name(a.cause);
    ev.exception_kind = refusal_kind(a.cause);
  }
  const bool activation = master && a.cause == cot::kActivation;
  if (info != nullptr) {
    if (activation) ev.command = command_rule(*info);
    const bool points = addresses_points(info->kind);
    const bool sets_values = activation && info->value != ValueCoding::None;
    ObjectCursor objects(a);
    InfoObject o;
    bool first = true;
    while (objects.next(o)) {
      if (points) add_point(ev.ranges, o.ioa, kMaxRanges);
      CommandValue v;
      if (info->value == ValueCoding::None || !command_value(info->value, o.element, v)) continue;
      // S/E of a command or set point (a parameter's last octet is its QPM, a bitstring has none).
      if (first && (info->kind == TypeKind::Command || info->kind == TypeKind::Setpoint) &&
          info->value != ValueCoding::Bitstring)
        ev.detail = v.select ? "select" : "execute";
      first = false;
      if (!sets_values || !std::isfinite(v.value) ||
          ev.values.size() >= MessageEvent::kMaxWrittenValues)
        continue;
      WrittenValue w;
      w.space = kIoaSpace;
      w.address = o.ioa;
      w.kind = v.is_operation ? ValueKind::Operation : ValueKind::Number;
      w.value = v.value;
      w.label = v.label;
      ev.values.push_back(w);
    }
    if (info->kind == TypeKind::ResetProcess) {
      ObjectCursor again(a);
      if (again.next(o) && !o.element.empty()) ev.detail = reset_qualifier_name(o.element[0]);
    }
  }
  if (a.cause == cot::kDeactivation || a.cause == cot::kDeactivationCon)
    ev.detail = ev.detail.empty() ? "deactivation" : ev.detail + " deactivation";
  // The T bit: a test the outstation is not to act on (IEC 60870-5-101 7.2.3).
  if (a.test && info != nullptr && info->kind != TypeKind::Monitor)
    ev.detail = ev.detail.empty() ? "test" : ev.detail + " test";
  const ApduSummary summary(apdu);
  ev.summary_source = &summary;
  sink_.message(flow_, meta, ev);

  // The common address names the outstation (the station a command addresses, or that reports).
  if (std::find(common_addresses_.begin(), common_addresses_.end(), a.common_address) ==
          common_addresses_.end() &&
      common_addresses_.size() < kMaxCommonAddresses && a.common_address != 0 &&
      a.common_address != 0xFFFF) {
    common_addresses_.push_back(a.common_address);
    IdentityEvent id;
    id.protocol = kProtocol;
    id.dir = dir;
    id.about_sender = !master;
    id.field = std::string(kInfo.address_field);
    id.value = std::to_string(a.common_address);
    id.source = "iec104 ASDU common address";
    sink_.identity(flow_, meta, id);
  }
}

}  // namespace otscope::iec104
