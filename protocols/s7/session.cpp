#include "protocols/s7/session.h"

#include <algorithm>

#include "protocols/s7/codes.h"
#include "protocols/s7/szl.h"

namespace otscope::s7 {

namespace {

/// Renders an S7comm PDU's summary only when a consumer asks for it.
class S7commSummary final : public SummarySource {
 public:
  S7commSummary(const S7Pdu& pdu, const S7Context& ctx) : pdu_(pdu), ctx_(ctx) {}
  std::string summary() const override { return describe_s7comm(pdu_, ctx_).summary; }

 private:
  const S7Pdu& pdu_;
  const S7Context& ctx_;
};

constexpr std::size_t kMaxUserDataRequests = 32;
constexpr std::size_t kMaxUploads = 16;
constexpr std::size_t kMaxPlusRequests = 64;

std::string frame_hex(Bytes b) {
  return "0x" + to_hex(b, 32);
}

template <typename T>
void push_bounded(std::vector<T>& v, T item, std::size_t limit) {
  if (v.size() >= limit) v.erase(v.begin());
  v.push_back(std::move(item));
}

}  // namespace

S7Session::S7Session(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {
  // Without the handshake a direction's first bytes may be the tail of a frame.
  if (!flow.saw_handshake)
    for (Side& s : sides_) s.framer.hunt(TpktError::MidStream);
}

bool S7Session::sender_is_plc(Direction dir) const {
  // The side on the ISO-TSAP port is the PLC, whatever the handshake says.
  if (const auto client = client_direction_by_port(flow_, kS7commInfo.ports)) return dir != *client;
  if (connect_dir_) return dir != *connect_dir_;
  return dir == Direction::BtoA;  // side A initiated the connection
}

void S7Session::report_identity(Protocol p, Direction dir, bool about_sender, std::string field,
                                std::string value, const std::string& source,
                                const PacketMeta& meta) {
  IdentityEvent ev;
  ev.protocol = p;
  ev.dir = dir;
  ev.about_sender = about_sender;
  ev.field = std::move(field);
  ev.value = std::move(value);
  ev.source = source;
  sink_.identity(flow_, meta, ev);
}

void S7Session::report_anomaly(Protocol p, Direction dir, const PacketMeta& meta,
                               const std::string& kind, std::string detail, bool malformed,
                               AnomalyClass cls) {
  otscope::report_anomaly(sink_, flow_, meta, p, dir, std::string(protocol_name(p)) + "." + kind,
                          std::move(detail), malformed, cls);
}

void S7Session::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  // Frames and skipped runs name the earlier segments that carried their first bytes.
  auto frame = [&](Bytes tpkt, std::span<const FrameRef> earlier = {}) {
    on_frame(dir, tpkt.subspan(kTpktHeaderSize), meta.with_earlier(earlier));
  };
  auto out = frame_callbacks(
      frame, [&](const TpktFramer::Run& ev, std::span<const FrameRef> carriers = {}) {
        // Bytes skipped after a gap or at a mid-stream start are lost data, not malformed
        // messages; bytes that were not TPKT where a frame had to start are.
        if (ev.continues) return;  // the end of a run already reported
        const bool lost = ev.error == TpktError::Resync || ev.error == TpktError::MidStream;
        report_anomaly(
            current_, dir, carried_by(carriers, meta), std::string(tpkt_error_kind(ev.error)),
            "skipped " + std::to_string(ev.skipped) + " bytes to find the next TPKT frame", !lost);
      });
  side(dir).framer.push(data, out, meta);
}

void S7Session::on_gap(Direction dir, std::size_t, const PacketMeta&) {
  Side& s = side(dir);
  s.framer.gap();  // the framer reported its skipped bytes; a cut-off frame goes silently
  s.cotp.reset();
  s.userdata.reset();
  s.plus.reset();
  s.jobs_in_sync = false;
}

void S7Session::on_close(const PacketMeta& meta) {
  drain_deferred(true);
  for (const PendingRequest& r : requests_) {
    if (!r.job) continue;
    const CodeInfo info = job_function(r.function).value_or(kUnknownJobFunction);
    report_anomaly(kS7comm, r.dir, meta, "unanswered_request",
                   "Job " + std::string(info.name) + (r.detail.empty() ? "" : " " + r.detail) +
                       " (PDU ref " + std::to_string(r.pdu_ref) + ", frame " +
                       std::to_string(r.frame) + ") got no response",
                   false);
  }
  requests_.clear();
  for (Direction d : {Direction::AtoB, Direction::BtoA}) {
    if (side(d).framer.buffered() > 0 || side(d).cotp.pending())
      report_anomaly(current_, d, meta, "truncated_at_close",
                     "the flow ended inside a PDU (" + std::to_string(side(d).framer.buffered()) +
                         " bytes of a frame held)",
                     false);
  }
}

void S7Session::on_frame(Direction dir, Bytes frame, const PacketMeta& meta) {
  CotpPdu cotp;
  if (CotpError e = decode_cotp(frame, cotp); e != CotpError::None) {
    side(dir).cotp.reset();
    report_anomaly(current_, dir, meta, std::string(cotp_error_kind(e)),
                   "COTP header in TPKT frame " + frame_hex(frame), true);
    return;
  }
  switch (cotp.type) {
    case CotpType::ConnectionRequest:
      on_connection_request(dir, cotp, meta);
      return;
    case CotpType::Error:
      report_anomaly(current_, dir, meta, "cotp_error_tpdu",
                     "COTP error TPDU, reject cause " + std::to_string(cotp.reason), false);
      return;
    case CotpType::Data: {
      Bytes tsdu;
      switch (side(dir).cotp.add(cotp, tsdu)) {
        case CotpReassembler::Result::Pending:
          return;
        case CotpReassembler::Result::Overflow:
          report_anomaly(current_, dir, meta, "cotp_reassembly_overflow",
                         "COTP segments exceed " + std::to_string(CotpReassembler::kMaxTsdu) +
                             " bytes without end of TSDU",
                         true);
          return;
        case CotpReassembler::Result::Complete:
          on_tsdu(dir, tsdu, meta);
          return;
      }
      return;
    }
    default:
      return;  // CC, DR, DC and the class 2-4 PDUs carry nothing to report
  }
}

void S7Session::on_connection_request(Direction dir, const CotpPdu& cr, const PacketMeta& meta) {
  connect_dir_ = dir;
  std::uint8_t rack = 0;
  std::uint8_t slot = 0;
  if (!tsap_rack_slot(cr.called_tsap, rack, slot)) return;
  unit_ = rack * 32 + slot;
  const std::string source = "s7 COTP connection request, called TSAP 0x" + to_hex(cr.called_tsap);
  // The called TSAP addresses the receiver of the CR: the PLC.
  report_identity(kS7comm, dir, false, "rack", std::to_string(rack), source, meta);
  report_identity(kS7comm, dir, false, "slot", std::to_string(slot), source, meta);
}

void S7Session::on_tsdu(Direction dir, Bytes tsdu, const PacketMeta& meta) {
  if (tsdu.empty() || foreign_) return;  // an empty DT is a keep-alive
  switch (tsdu[0]) {
    case kS7commId:
      seen_s7_ = true;
      current_ = kS7comm;
      on_s7comm(dir, tsdu, meta);
      return;
    case kS7commPlusId:
      seen_s7_ = true;
      current_ = kS7commPlus;
      on_s7plus(dir, tsdu, meta);
      return;
    default:
      if (!seen_s7_) {
        // Another ISO-on-TCP protocol (e.g. MMS) claimed by the COTP connection: say so once.
        foreign_ = true;
        report_anomaly(kS7comm, dir, meta, "foreign_iso_transport",
                       "COTP carries protocol id 0x" + to_hex(tsdu.subspan(0, 1)) +
                           ", not S7comm or S7comm-plus; the flow is not decoded further",
                       false);
        return;
      }
      report_anomaly(
          current_, dir, meta, "unknown_protocol_id",
          "COTP data starts with 0x" + to_hex(tsdu.subspan(0, 1)) + ": " + frame_hex(tsdu), true);
  }
}

std::vector<S7Session::PendingRequest>::iterator S7Session::find_request(Direction request_dir,
                                                                         std::uint16_t ref) {
  return std::find_if(requests_.begin(), requests_.end(), [&](const PendingRequest& r) {
    return r.dir == request_dir && r.pdu_ref == ref;
  });
}

void S7Session::on_s7comm(Direction dir, Bytes bytes, const PacketMeta& meta) {
  S7Pdu pdu;
  if (S7Error e = decode_s7comm(bytes, pdu); e != S7Error::None) {
    report_anomaly(kS7comm, dir, meta, std::string(s7_error_kind(e)),
                   "S7comm PDU of " + std::to_string(bytes.size()) + " bytes: " + frame_hex(bytes),
                   true);
    return;
  }
  for (DeferredResponse& d : deferred_) ++d.age;
  const auto rosctr = static_cast<Rosctr>(pdu.header.rosctr);
  const bool response =
      rosctr == Rosctr::Ack || rosctr == Rosctr::AckData ||
      (rosctr == Rosctr::UserData && userdata_kind(pdu.userdata.type) == UserDataKind::Response);
  const bool in_sync = side(reverse(dir)).jobs_in_sync;
  if (response &&
      (!deferred_.empty() || find_request(reverse(dir), pdu.header.pdu_ref) == requests_.end())) {
    deferred_.push_back(DeferredResponse{dir, meta.kept(),
                                         std::vector<std::uint8_t>(bytes.begin(), bytes.end()),
                                         pdu.header.pdu_ref, in_sync, 0});
  } else {
    process_s7comm(dir, pdu, meta, in_sync);
  }
  drain_deferred(false);
}

void S7Session::drain_deferred(bool force) {
  while (!deferred_.empty()) {
    const DeferredResponse& head = deferred_.front();
    const bool matched = find_request(reverse(head.dir), head.pdu_ref) != requests_.end();
    if (!matched && !force && head.age <= kMaxDeferAge && deferred_.size() <= kMaxDeferred) return;
    DeferredResponse r = std::move(deferred_.front());
    deferred_.pop_front();
    S7Pdu pdu;
    if (decode_s7comm(r.bytes, pdu) == S7Error::None) process_s7comm(r.dir, pdu, r.meta, r.in_sync);
  }
}

void S7Session::process_s7comm(Direction dir, const S7Pdu& pdu, const PacketMeta& meta,
                               bool in_sync) {
  if (pdu.header.rosctr == static_cast<std::uint8_t>(Rosctr::UserData)) {
    process_userdata(dir, pdu, meta);
    return;
  }
  S7Context ctx;
  ctx.dir = dir;
  ctx.unit = unit_;
  if (pdu.header.rosctr == static_cast<std::uint8_t>(Rosctr::Job)) {
    std::string detail = job_detail(pdu);
    if (detail.empty() && (pdu.function == fn::kUpload || pdu.function == fn::kEndUpload)) {
      for (const auto& [id, block] : uploads_)
        if (id == pdu.block.upload_id) detail = block;
    }
    ctx.request_detail = detail;
    side(dir).jobs_in_sync = true;
    // A repeated reference replaces the older request.
    if (auto old = find_request(dir, pdu.header.pdu_ref); old != requests_.end())
      requests_.erase(old);
    const OpClass op = s7_function(pdu, ctx).info.op;
    push_bounded(
        requests_,
        PendingRequest{dir, pdu.header.pdu_ref, true, pdu.function, 0, op, detail, meta.frame},
        kMaxPendingRequests);
  } else {
    auto it = find_request(reverse(dir), pdu.header.pdu_ref);
    if (it != requests_.end() && it->job) {
      ctx.job_function = it->function;
      ctx.job_op = it->op;
      ctx.request_detail = it->detail;
      requests_.erase(it);
    } else if (in_sync) {
      report_anomaly(kS7comm, dir, meta, "response_without_request",
                     std::string(rosctr_name(pdu.header.rosctr)) + " with PDU ref " +
                         std::to_string(pdu.header.pdu_ref) + " answers no job seen",
                     false, AnomalyClass::ResponseWithoutRequest);
    }
    if (pdu.header.rosctr == static_cast<std::uint8_t>(Rosctr::AckData) &&
        pdu.function == fn::kStartUpload && pdu.block.upload_id != 0)
      push_bounded(uploads_, {pdu.block.upload_id, ctx.request_detail}, kMaxUploads);
  }
  MessageEvent ev = describe_s7comm(pdu, ctx, false);
  if (ev.detail.empty()) ev.detail = ctx.request_detail;
  const S7commSummary summary(pdu, ctx);
  ev.summary_source = &summary;
  sink_.message(flow_, meta, ev);
}

void S7Session::process_userdata(Direction dir, const S7Pdu& pdu, const PacketMeta& meta) {
  const UserDataHeader& u = pdu.userdata;
  S7Context ctx;
  ctx.dir = dir;
  ctx.unit = unit_;
  UserDataFacts facts;
  Bytes payload;
  UserDataReassembler& parts = side(dir).userdata;
  switch (parts.add(u, payload)) {
    case UserDataReassembler::Result::Whole:
      facts = describe_userdata(u, payload);
      ctx.facts = &facts;
      break;
    case UserDataReassembler::Result::Part:
      ctx.part = parts.part();
      ctx.more_parts = true;
      break;
    case UserDataReassembler::Result::Complete:
      facts = describe_userdata(u, payload);
      ctx.facts = &facts;
      ctx.part = parts.part();
      break;
    case UserDataReassembler::Result::Overflow:
      report_anomaly(kS7comm, dir, meta, "userdata_reassembly_overflow",
                     "multi-part user data exceeds " +
                         std::to_string(UserDataReassembler::kMaxBytes) + " bytes",
                     true);
      break;
  }
  // The request names the sub-operation (SZL id, block); its response (same PDU reference) and
  // the follow-up requests of a multi-part reply name it through the request.
  const UserDataKind kind = userdata_kind(u.type);
  const bool request = kind == UserDataKind::Request;
  const Direction request_dir = request ? dir : reverse(dir);
  auto latest = std::find_if(
      userdata_requests_.begin(), userdata_requests_.end(), [&](const UserDataRequest& r) {
        return r.dir == request_dir && r.group == u.group && r.subfunction == u.subfunction;
      });
  if (latest != userdata_requests_.end()) ctx.request_detail = latest->detail;
  if (request) {
    if (ctx.facts && !facts.detail.empty()) {
      if (latest != userdata_requests_.end()) userdata_requests_.erase(latest);
      push_bounded(userdata_requests_, UserDataRequest{dir, u.group, u.subfunction, facts.detail},
                   kMaxUserDataRequests);
    }
    const std::string detail =
        ctx.facts && !facts.detail.empty() ? facts.detail : ctx.request_detail;
    if (auto old = find_request(dir, pdu.header.pdu_ref); old != requests_.end())
      requests_.erase(old);
    push_bounded(requests_,
                 PendingRequest{dir, pdu.header.pdu_ref, false, u.group, u.subfunction,
                                OpClass::Other, detail, meta.frame},
                 kMaxPendingRequests);
  } else if (kind == UserDataKind::Response) {
    auto it = find_request(reverse(dir), pdu.header.pdu_ref);
    if (it != requests_.end() && !it->job && it->function == u.group &&
        it->subfunction == u.subfunction) {
      // The operation is the one the request named (a PLC may answer SZL 0x0424 index 4 as
      // index 0): the response takes its detail.
      ctx.request_detail = it->detail;
      if (!it->detail.empty()) facts.detail.clear();
      requests_.erase(it);
    }
  }
  MessageEvent ev = describe_s7comm(pdu, ctx, false);
  const S7commSummary summary(pdu, ctx);
  ev.summary_source = &summary;
  sink_.message(flow_, meta, ev);

  if (!ctx.facts) return;
  if (facts.szl_reply) {
    if (facts.szl_error != SzlError::None)
      report_anomaly(kS7comm, dir, meta, std::string(szl_error_kind(facts.szl_error)),
                     szl_detail(facts.szl.id, facts.szl.index) + " reply holds " +
                         std::to_string(facts.szl.records.size()) + " of " +
                         std::to_string(facts.szl.record_count) + " records",
                     false);
    const std::string source = "s7comm " + szl_detail(facts.szl.id, facts.szl.index) + " (" +
                               std::string(szl_list_name(facts.szl.id)) + ")";
    for (IdentityFact& f : szl_identity(facts.szl))
      report_identity(kS7comm, dir, true, std::move(f.field), std::move(f.value), source, meta);
  }
  if (u.group == group::kModeTransition && !mode_transition_name(u.subfunction).empty())
    report_identity(kS7comm, dir, true, "operating_mode", facts.detail,
                    "s7comm mode transition push", meta);
}

void S7Session::on_s7plus(Direction dir, Bytes tsdu, const PacketMeta& meta) {
  Side& s = side(dir);
  S7PlusFrame frame;
  if (S7PlusError e = decode_s7plus_frame(tsdu, frame); e != S7PlusError::None) {
    s.plus.reset();
    report_anomaly(
        kS7commPlus, dir, meta, std::string(s7plus_error_kind(e)),
        "S7comm-plus frame of " + std::to_string(tsdu.size()) + " bytes: " + frame_hex(tsdu), true);
    return;
  }
  Bytes data;
  std::uint8_t version = 0;
  switch (s.plus.add(frame, data, version)) {
    case S7PlusReassembler::Result::Part:
      return;
    case S7PlusReassembler::Result::Overflow:
      report_anomaly(kS7commPlus, dir, meta, "reassembly_overflow",
                     "split PDU exceeds " + std::to_string(S7PlusReassembler::kMaxBytes) + " bytes",
                     true);
      return;
    case S7PlusReassembler::Result::Whole:
    case S7PlusReassembler::Result::Complete:
      break;
  }
  S7PlusPdu pdu;
  if (S7PlusError e = decode_s7plus_pdu(version, data, pdu); e != S7PlusError::None) {
    report_anomaly(
        kS7commPlus, dir, meta, std::string(s7plus_error_kind(e)),
        "S7comm-plus PDU data of " + std::to_string(data.size()) + " bytes: " + frame_hex(data),
        true);
    return;
  }
  S7PlusOperation op = s7plus_operation(pdu);
  MessageRole role = sender_is_plc(dir) ? MessageRole::Response : MessageRole::Request;
  switch (pdu.opcode) {
    case s7p::kRequest:
      role = MessageRole::Request;
      push_bounded(plus_requests_, PlusRequest{dir, pdu.sequence, pdu.function, op},
                   kMaxPlusRequests);
      break;
    case s7p::kResponse:
    case s7p::kResponse2: {
      role = MessageRole::Response;
      // The response names no target object: it is classified like its request.
      auto it =
          std::find_if(plus_requests_.begin(), plus_requests_.end(), [&](const PlusRequest& r) {
            return r.dir == reverse(dir) && r.sequence == pdu.sequence &&
                   r.function == pdu.function;
          });
      if (it != plus_requests_.end()) {
        op = it->op;
        plus_requests_.erase(it);
      }
      break;
    }
    case s7p::kNotification:
      role = MessageRole::Unsolicited;
      break;
    default:
      break;
  }
  sink_.message(flow_, meta, describe_s7plus(pdu, op, dir, role, unit_));
  if (role == MessageRole::Response && pdu.function == s7p::kCreateObject) {
    for (IdentityFact& f : s7plus_identity(pdu))
      report_identity(kS7commPlus, dir, true, std::move(f.field), std::move(f.value),
                      "s7comm-plus session setup (CreateObject reply)", meta);
  }
}

}  // namespace otscope::s7
