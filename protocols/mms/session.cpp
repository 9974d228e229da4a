#include "protocols/mms/session.h"

#include <algorithm>
#include <string>

#include "protocols/mms/codes.h"
#include "protocols/mms/mms.h"

namespace otscope::mms {

namespace {

/// Renders a PDU's summary only when a consumer asks for it.
class PduSummary final : public SummarySource {
 public:
  PduSummary(const MmsPdu& pdu, std::string_view function_name, const std::string& detail)
      : pdu_(pdu), function_name_(function_name), detail_(detail) {}
  std::string summary() const override {
    std::string s = "MMS " + std::string(pdu_name(pdu_.type));
    if (pdu_.has_invoke_id) s += " invoke id " + std::to_string(pdu_.invoke_id);
    if (!function_name_.empty() && function_name_ != pdu_name(pdu_.type))
      s += " " + std::string(function_name_);
    if (!detail_.empty()) s += " " + detail_;
    return s;
  }

 private:
  const MmsPdu& pdu_;
  std::string_view function_name_;
  const std::string& detail_;
};

bool is_request(std::uint8_t type) {
  return type == pdu::kConfirmedRequest || type == pdu::kInitiateRequest ||
         type == pdu::kConcludeRequest || type == pdu::kCancelRequest;
}

bool is_error(std::uint8_t type) {
  return type == pdu::kConfirmedError || type == pdu::kReject || type == pdu::kCancelError ||
         type == pdu::kInitiateError || type == pdu::kConcludeError;
}

OpClass pdu_op(std::uint8_t type) {
  switch (type) {
    case pdu::kUnconfirmed:
      return OpClass::Unsolicited;
    default:
      return OpClass::Session;
  }
}

}  // namespace

MmsSession::MmsSession(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {
  // Which end is the client needs no port: MMS PDUs say whether they ask or answer.
  if (!flow.saw_handshake)
    for (Side& s : sides_) s.framer.hunt(s7::TpktError::MidStream);
}

void MmsSession::anomaly(Direction dir, const PacketMeta& meta, std::string_view reason,
                         std::string detail, bool malformed, AnomalyClass cls) {
  report_anomaly(sink_, flow_, meta, kProtocol, dir, "mms." + std::string(reason),
                 std::move(detail), malformed, cls);
}

void MmsSession::identity(Direction dir, std::string field, std::string value,
                          const PacketMeta& meta) {
  if (value.empty()) return;
  IdentityEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.about_sender = true;
  ev.field = std::move(field);
  ev.value = std::move(value);
  ev.source = "mms identify";
  sink_.identity(flow_, meta, ev);
}

void MmsSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  auto frame = [&](Bytes tpkt, std::span<const FrameRef> earlier = {}) {
    on_frame(dir, tpkt.subspan(s7::kTpktHeaderSize), meta.with_earlier(earlier));
  };
  auto skipped = [&](const MmsFramer::Run& run, std::span<const FrameRef> carriers = {}) {
    const bool lost = run.error == s7::TpktError::Resync || run.error == s7::TpktError::MidStream;
    anomaly(dir, carried_by(carriers, meta), s7::tpkt_error_kind(run.error),
            "skipped " + std::to_string(run.skipped) + " bytes to find the next TPKT frame", !lost);
  };
  auto out = frame_callbacks(frame, skipped);
  side(dir).framer.push(data, out, meta);
}

void MmsSession::on_gap(Direction dir, std::size_t, const PacketMeta&) {
  Side& s = side(dir);
  s.framer.gap();
  s.cotp.reset();
}

void MmsSession::on_close(const PacketMeta& meta) {
  for (Direction d : {Direction::AtoB, Direction::BtoA}) {
    const MmsFramer::Remainder rest = side(d).framer.finish();
    if (rest.partial > 0 || side(d).cotp.pending())
      anomaly(d, carried_by(rest.frames, meta), "truncated_at_close",
              "the flow ended inside a TSDU (" + std::to_string(rest.partial) + " bytes held)",
              false);
  }
}

void MmsSession::on_frame(Direction dir, Bytes frame, const PacketMeta& meta) {
  s7::CotpPdu cotp;
  if (s7::CotpError e = s7::decode_cotp(frame, cotp); e != s7::CotpError::None) {
    side(dir).cotp.reset();
    anomaly(dir, meta, s7::cotp_error_kind(e), "COTP header in TPKT frame 0x" + to_hex(frame, 32),
            true);
    return;
  }
  if (cotp.type != s7::CotpType::Data) return;  // connection management carries no MMS
  Bytes tsdu;
  switch (side(dir).cotp.add(cotp, tsdu)) {
    case s7::CotpReassembler::Result::Pending:
      return;
    case s7::CotpReassembler::Result::Overflow:
      anomaly(dir, meta, "cotp_reassembly_overflow",
              "COTP segments exceed " + std::to_string(s7::CotpReassembler::kMaxTsdu) +
                  " bytes without end of TSDU",
              true);
      return;
    case s7::CotpReassembler::Result::Complete:
      on_tsdu(dir, tsdu, meta);
      return;
  }
}

void MmsSession::on_tsdu(Direction dir, Bytes tsdu, const PacketMeta& meta) {
  if (tsdu.empty()) return;
  OsiMessage osi;
  if (MmsError e = decode_osi(tsdu, osi); e != MmsError::None) {
    anomaly(dir, meta, mms_error_kind(e), "ISO session/presentation data 0x" + to_hex(tsdu, 32),
            true);
    return;
  }
  if (osi.mms.empty()) return;
  MmsPdu pdu;
  if (MmsError e = decode_mms(osi.mms, pdu); e != MmsError::None) {
    anomaly(dir, meta, mms_error_kind(e), "MMS PDU 0x" + to_hex(osi.mms, 32), true);
    return;
  }
  on_pdu(dir, pdu, meta);
}

void MmsSession::on_pdu(Direction dir, const MmsPdu& pdu, const PacketMeta& meta) {
  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.op = pdu_op(pdu.type);
  std::string detail;
  if (pdu.type == pdu::kConfirmedRequest || pdu.type == pdu::kConfirmedResponse) {
    const ServiceInfo* s = confirmed_service(pdu.service);
    ev.function = pdu.service;
    ev.function_name = s != nullptr ? s->name : std::string_view("unknown service");
    ev.op = s != nullptr ? s->op : OpClass::Other;
  } else if (pdu.type == pdu::kUnconfirmed) {
    ev.function = kUnconfirmedBase | pdu.service;
    ev.function_name = unconfirmed_service_name(pdu.service);
    if (ev.function_name.empty()) ev.function_name = "unknown unconfirmed service";
  } else {
    ev.function = kPduBase | pdu.type;
    ev.function_name = pdu_name(pdu.type);
  }

  if (pdu.type == pdu::kConfirmedRequest) {
    ev.role = MessageRole::Request;
    ev.undefined_function = confirmed_service(pdu.service) == nullptr;
    std::string variable;
    std::string_view fc;  // a view into `variable`
    if (pdu.service == svc::kWrite || pdu.service == svc::kRead) {
      variable = first_variable(pdu.service_element, pdu.service == svc::kRead);
      fc = functional_constraint(variable);
      // The functional constraint says what a write does; the variable itself would make one
      // operation per data attribute.
      if (!fc.empty()) detail = "FC " + std::string(fc);
      // Writes to report, log and GOOSE control blocks set up a client's reporting.
      if (pdu.service == svc::kWrite && command_rule(pdu.service, fc) == nullptr && !fc.empty())
        ev.op = OpClass::Configuration;
      if (pdu.service == svc::kWrite && fc == "CO") ev.op = OpClass::Control;
    }
    ev.command = command_rule(pdu.service, fc);
    if (pending_.size() >= kMaxPending) pending_.erase(pending_.begin());
    pending_.push_back(Pending{dir, pdu.invoke_id, pdu.service, detail});
  } else if (pdu.type == pdu::kConfirmedResponse || pdu.type == pdu::kConfirmedError) {
    ev.role = MessageRole::Response;
    const auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) {
      return p.dir == reverse(dir) && p.invoke_id == pdu.invoke_id;
    });
    if (it != pending_.end()) {
      detail = it->detail;
      if (pdu.type == pdu::kConfirmedError) {
        const ServiceInfo* s = confirmed_service(it->service);
        ev.function = it->service;
        ev.function_name = s != nullptr ? s->name : std::string_view("unknown service");
        ev.op = s != nullptr ? s->op : OpClass::Other;
      }
      pending_.erase(it);
    } else if (pdu.type == pdu::kConfirmedResponse && flow_.saw_handshake) {
      // (On a connection picked up mid-stream the first responses answer requests sent before
      // the capture began.)
      anomaly(dir, meta, "response_without_request",
              std::string(ev.function_name) + " response with invoke id " +
                  std::to_string(pdu.invoke_id) + " answers no request seen",
              false, AnomalyClass::ResponseWithoutRequest);
    }
  } else if (pdu.type == pdu::kUnconfirmed) {
    ev.role = MessageRole::Unsolicited;
  } else {
    ev.role = is_request(pdu.type) ? MessageRole::Request : MessageRole::Response;
  }
  if (is_error(pdu.type)) {
    ev.exception = true;
    ev.exception_code = pdu.type;
    ev.exception_name = pdu_name(pdu.type);
    ev.exception_kind = ExceptionKind::Other;
  }
  ev.function_key = ev.function;
  ev.detail = detail;
  const PduSummary summary(pdu, ev.function_name, ev.detail);
  ev.summary_source = &summary;
  sink_.message(flow_, meta, ev);

  if (pdu.type == pdu::kConfirmedResponse && pdu.service == svc::kIdentify) {
    Identity id;
    if (decode_identify_response(pdu.service_element, id)) {
      identity(dir, "vendor", id.vendor, meta);
      identity(dir, "model", id.model, meta);
      identity(dir, "firmware", id.revision, meta);
    }
  }
}

}  // namespace otscope::mms
