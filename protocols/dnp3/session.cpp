#include "protocols/dnp3/session.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "protocols/dnp3/codes.h"
#include "protocols/dnp3/describe.h"
#include "protocols/dnp3/dnp3.h"
#include "protocols/dnp3/values.h"

namespace otscope::dnp3 {
namespace {

// A READ of device attributes only (group 0: vendor, model, firmware, serial, ...) asks who the
// device is, as Modbus 43/14 and S7 SZL reads do: identification, not a process read. `objects`
// is the object list ("g0v252,g0v242").
bool asks_identity(std::string_view objects) {
  if (objects.empty()) return false;
  std::size_t at = 0;
  while (at < objects.size()) {
    if (objects.compare(at, 3, "g0v") != 0) return false;
    at = objects.find(',', at);
    if (at == std::string_view::npos) break;
    ++at;
  }
  return true;
}

constexpr std::size_t kMaxReportedAddresses = 16;

std::size_t slot(Direction dir) {
  return dir == Direction::AtoB ? 0 : 1;
}

std::string address_pair(std::uint16_t source, std::uint16_t destination) {
  return "from " + std::to_string(source) + " to " + std::to_string(destination);
}

std::string function_label(std::uint8_t code) {
  const FunctionInfo* info = find_function(code);
  return info != nullptr ? std::string(info->name) : "function " + std::to_string(code);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

MessageRole role_of(std::uint8_t function) {
  if (function == kFuncUnsolicitedResponse) return MessageRole::Unsolicited;
  if (is_outstation_function(function)) return MessageRole::Response;
  return MessageRole::Request;
}

/// A control echoed with a non-zero status: the outstation refused or failed the command.
std::uint32_t control_status_exception(const Fragment& fragment) {
  for (const ObjectBlock& block : fragment.objects) {
    for (const ObjectValue& value : block.values) {
      if (const auto* control = std::get_if<ControlBlock>(&value)) {
        if (control->status != 0) return kControlStatusExceptionBase + control->status;
      }
      if (const auto* point = std::get_if<PointValue>(&value)) {
        if (block.header.group == 41 && point->status && *point->status != 0) {
          return kControlStatusExceptionBase + *point->status;
        }
      }
    }
  }
  return 0;
}

AnomalyClass link_error_class(LinkError error) {
  return error == LinkError::HeaderCrc || error == LinkError::BlockCrc ? AnomalyClass::ChecksumError
                                                                       : AnomalyClass::Other;
}

}  // namespace

Dnp3Session::Dnp3Session(const FlowInfo& flow, EventSink& sink) : flow_(flow), sink_(sink) {}

void Dnp3Session::anomaly(Direction dir, const PacketMeta& meta, std::string_view kind,
                          std::string detail, bool malformed, AnomalyClass cls) {
  report_anomaly(sink_, flow_, meta, kProtocol, dir, std::string(kind), std::move(detail),
                 malformed, cls);
}

void Dnp3Session::address_identity(Direction dir, const PacketMeta& meta, bool about_sender,
                                   std::uint16_t address) {
  if (!is_device_address(address)) return;
  // Flow side described: the sender of `dir` is A for AtoB.
  const bool side_a = (dir == Direction::AtoB) == about_sender;
  std::vector<std::uint16_t>& seen = reported_addresses_[side_a ? 0 : 1];
  // Bounded: a side that uses more addresses than this is reported by its first ones.
  if (seen.size() >= kMaxReportedAddresses ||
      std::find(seen.begin(), seen.end(), address) != seen.end()) {
    return;
  }
  seen.push_back(address);
  IdentityEvent ev;
  ev.protocol = kProtocol;
  ev.dir = dir;
  ev.about_sender = about_sender;
  ev.field = std::string(kInfo.address_field);
  ev.value = std::to_string(address);
  ev.source = "dnp3 link address";
  sink_.identity(flow_, meta, ev);
}

void Dnp3Session::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  drain(dir, data, meta);
  // A UDP datagram carries whole frames: whatever is left is cut short, not continued later.
  if (flow_.transport == Transport::Udp) end_of_stream(dir, meta, "at the end of the datagram");
}

void Dnp3Session::drain(Direction dir, Bytes data, const PacketMeta& meta) {
  LinkFramer& framer = framers_[slot(dir)];
  auto out = frame_callbacks(
      [&](Bytes frame) {
        after_gap_[slot(dir)] = false;
        on_frame(dir, frame, meta);
      },
      [&](const LinkFramer::Run& item) { on_skipped(dir, item, meta); });
  framer.push(data, out);
  if (framer.pending_skip() > 0 && !skip_start_[slot(dir)]) skip_start_[slot(dir)] = meta.kept();
}

void Dnp3Session::end_of_stream(Direction dir, const PacketMeta& meta, std::string_view where) {
  LinkFramer::Remainder rest = framers_[slot(dir)].finish();
  if (rest.skipped) on_skipped(dir, *rest.skipped, meta);
  if (rest.partial > 0) {
    anomaly(
        dir, meta, link_error_kind(LinkError::NotEnoughData),
        std::to_string(rest.partial) + " bytes of an unfinished link frame " + std::string(where),
        true);
  }
}

void Dnp3Session::on_skipped(Direction dir, const LinkFramer::Run& item, const PacketMeta& now) {
  const PacketMeta meta = skip_start_[slot(dir)].value_or(now);
  skip_start_[slot(dir)].reset();
  if (after_gap_[slot(dir)]) {
    // Expected after lost bytes: the stream resumes in the middle of a frame.
    after_gap_[slot(dir)] = false;
    anomaly(dir, meta, "dnp3.resync_after_gap",
            std::to_string(item.skipped) + " bytes skipped to the next link header after a gap",
            false);
    return;
  }
  if (item.bad_headers > 0) {
    anomaly(dir, meta, link_error_kind(LinkError::HeaderCrc),
            std::to_string(item.skipped) + " bytes skipped: " + std::to_string(item.bad_headers) +
                " link header(s) with a bad CRC",
            true, AnomalyClass::ChecksumError);
    return;
  }
  anomaly(dir, meta, "dnp3.unframed_bytes",
          std::to_string(item.skipped) + " bytes without the link start bytes 0x05 0x64", true);
}

void Dnp3Session::on_gap(Direction dir, std::size_t missing, const PacketMeta& meta) {
  LinkFramer::Remainder rest = framers_[slot(dir)].gap();
  if (rest.skipped) on_skipped(dir, *rest.skipped, meta);
  std::size_t dropped = rest.partial;
  for (AssemblerSlot& s : assemblers_) {
    if (s.dir == dir) dropped += s.assembler.reset();
  }
  if (dropped > 0) {
    anomaly(dir, meta, "dnp3.gap_discarded",
            "capture gap of " + std::to_string(missing) + " bytes: discarded " +
                std::to_string(dropped) + " buffered bytes of an unfinished frame or fragment",
            false);
  }
  after_gap_[slot(dir)] = true;
}

void Dnp3Session::on_close(const PacketMeta& meta) {
  for (Direction dir : {Direction::AtoB, Direction::BtoA}) {
    end_of_stream(dir, meta, "when the flow closed");
  }
  for (AssemblerSlot& s : assemblers_) {
    std::size_t dropped = s.assembler.reset();
    if (dropped > 0) {
      anomaly(s.dir, meta, segment_issue_kind(SegmentIssue::Unfinished),
              std::to_string(dropped) + " bytes of a fragment " +
                  address_pair(s.source, s.destination) + " never got their final segment",
              true);
    }
  }
  for (Association& a : associations_) finish(a, meta);
  associations_.clear();
  assemblers_.clear();
}

void Dnp3Session::finish(Association& a, const PacketMeta& meta) {
  if (a.request) {
    anomaly(a.request->dir, meta, "dnp3.unanswered_request",
            function_label(a.request->function) + " seq=" + std::to_string(a.request->sequence) +
                " (frame " + std::to_string(a.request->frame) + ") from master " +
                std::to_string(a.master) + " got no response from outstation " +
                std::to_string(a.outstation),
            false);
    a.request.reset();
  }
  if (a.select) {
    anomaly(a.select->dir, meta, "dnp3.select_without_operate",
            "SELECT seq=" + std::to_string(a.select->sequence) + " (frame " +
                std::to_string(a.select->frame) + ", " + a.select->detail +
                ") was not followed by its OPERATE",
            false);
    a.select.reset();
  }
}

Dnp3Session::Association& Dnp3Session::association(std::uint16_t master, std::uint16_t outstation,
                                                   const PacketMeta& meta) {
  for (Association& a : associations_) {
    if (a.master == master && a.outstation == outstation) return a;
  }
  if (associations_.size() >= kMaxAssociations) {
    finish(associations_.front(), meta);
    associations_.erase(associations_.begin());
  }
  Association a;
  a.master = master;
  a.outstation = outstation;
  associations_.push_back(std::move(a));
  return associations_.back();
}

FragmentAssembler& Dnp3Session::assembler(Direction dir, std::uint16_t source,
                                          std::uint16_t destination, const PacketMeta& meta) {
  for (AssemblerSlot& s : assemblers_) {
    if (s.dir == dir && s.source == source && s.destination == destination) return s.assembler;
  }
  if (assemblers_.size() >= kMaxAssemblers) {
    AssemblerSlot& oldest = assemblers_.front();
    std::size_t dropped = oldest.assembler.reset();
    if (dropped > 0) {
      anomaly(oldest.dir, meta, segment_issue_kind(SegmentIssue::Unfinished),
              std::to_string(dropped) + " bytes of a fragment " +
                  address_pair(oldest.source, oldest.destination) +
                  " dropped: too many link address pairs in one flow",
              true);
    }
    assemblers_.erase(assemblers_.begin());
  }
  AssemblerSlot s;
  s.dir = dir;
  s.source = source;
  s.destination = destination;
  assemblers_.push_back(std::move(s));
  return assemblers_.back().assembler;
}

void Dnp3Session::on_frame(Direction dir, Bytes bytes, const PacketMeta& meta) {
  LinkFrame frame;
  std::size_t consumed = 0;
  LinkError error = parse_link_frame(bytes, frame, consumed);
  const LinkHeader& h = frame.header;
  switch (error) {
    case LinkError::None:
      break;
    case LinkError::BadLength:
      anomaly(dir, meta, link_error_kind(error),
              "link LEN " + std::to_string(h.length) + " below the minimum of 5 in a frame " +
                  address_pair(h.source, h.destination),
              true);
      return;
    case LinkError::BlockCrc: {
      // The header is sound, so the addresses are: the fragment this segment belonged to is
      // lost with it, and its remaining segments must not count as further errors.
      std::size_t dropped = 0;
      if (link_function_carries_user_data(h.primary(), h.function())) {
        dropped = assembler(dir, h.source, h.destination, meta).abandon();
      }
      anomaly(dir, meta, link_error_kind(error),
              "user data block " + std::to_string(frame.bad_block) + " of a " +
                  std::string(link_function_name(h.primary(), h.function())) + " frame " +
                  address_pair(h.source, h.destination) + " has a bad CRC" +
                  (dropped > 0 ? "; " + std::to_string(dropped) + " bytes of its fragment lost"
                               : std::string()),
              true, AnomalyClass::ChecksumError);
      return;
    }
    default:
      anomaly(dir, meta, link_error_kind(error), "undecodable link frame: " + to_hex(bytes, 16),
              true, link_error_class(error));
      return;
  }

  if (link_function_reserved(h.primary(), h.function())) {
    anomaly(dir, meta, "dnp3.reserved_link_function",
            std::string(h.primary() ? "primary" : "secondary") + " link function " +
                std::to_string(h.function()) + " (" +
                std::string(link_function_name(h.primary(), h.function())) + ") in a frame " +
                address_pair(h.source, h.destination),
            true);
    return;
  }
  if (is_broadcast_address(h.destination)) {
    anomaly(dir, meta, "dnp3.broadcast",
            std::string(link_function_name(h.primary(), h.function())) + " from " +
                std::to_string(h.source) + " to broadcast address " + std::to_string(h.destination),
            false, AnomalyClass::Broadcast);
  }
  if (!link_function_carries_user_data(h.primary(), h.function())) {
    if (frame.data_size > 0) {
      anomaly(dir, meta, "dnp3.unexpected_link_data",
              std::string(link_function_name(h.primary(), h.function())) + " frame " +
                  address_pair(h.source, h.destination) + " carries " +
                  std::to_string(frame.data_size) + " bytes of user data",
              false);
    }
    return;  // link-layer service frame: not an application message
  }
  SegmentResult result = assembler(dir, h.source, h.destination, meta).push(frame.user_data());
  if (result.issue != SegmentIssue::None) {
    std::string detail = "transport segment " + address_pair(h.source, h.destination);
    if (result.dropped > 0) detail += ": " + std::to_string(result.dropped) + " bytes dropped";
    anomaly(dir, meta, segment_issue_kind(result.issue), std::move(detail),
            segment_issue_loses_data(result.issue));
  }
  if (result.complete) on_fragment(dir, h, result.fragment, meta);
}

void Dnp3Session::on_fragment(Direction dir, const LinkHeader& link, Bytes bytes,
                              const PacketMeta& meta) {
  Fragment fragment;
  AppError error = parse_fragment(bytes, fragment);
  if (error != AppError::None && !is_object_error(error)) {
    std::string detail = "fragment of " + std::to_string(bytes.size()) + " bytes " +
                         address_pair(link.source, link.destination);
    if (error == AppError::UnknownFunction) {
      detail += ": function code " + std::to_string(fragment.header.function);
    }
    anomaly(dir, meta, app_error_kind(error), std::move(detail), true);
    return;
  }

  const std::uint8_t function = fragment.header.function;
  const MessageRole role = role_of(function);
  const bool from_outstation = role != MessageRole::Request;
  const std::uint16_t master = from_outstation ? link.destination : link.source;
  const std::uint16_t outstation = from_outstation ? link.source : link.destination;
  Association& a = association(master, outstation, meta);

  MessageEvent ev;
  ev.protocol = kProtocol;
  ev.role = role;
  ev.dir = dir;
  ev.function = function;
  ev.function_name = fragment.function->name;
  ev.op = fragment.function->op;
  ev.function_key = function;
  ev.unit = outstation;
  ev.ranges = object_ranges(fragment);
  ev.detail = object_list(fragment);
  if (function == kFuncRead && asks_identity(ev.detail)) ev.op = OpClass::Identification;
  if (role == MessageRole::Request) {
    ev.command = request_command(fragment);
    ev.undefined_function = find_function(function) == nullptr;
    ev.housekeeping = is_housekeeping_write(fragment);
    ev.mechanics = function == kFuncConfirm;
    written_values(fragment, ev.values);
  }

  std::string_view answers;  // static code-table text
  if (role == MessageRole::Request) {
    on_request(a, fragment, ev.detail, is_broadcast_address(link.destination), dir, meta);
  } else if (function == kFuncResponse) {
    if (auto request = on_response(a, fragment, dir, meta)) {
      // The operations summary pairs a response with what it answers: it carries the request's
      // function, class and object list; function_key stays 0x81 for the function counts.
      const FunctionInfo* info = find_function(request->function);
      ev.function = request->function;
      ev.function_name = info->name;
      ev.op = request->function == kFuncRead && asks_identity(request->detail)
                  ? OpClass::Identification
                  : info->op;
      ev.detail = request->detail;
      answers = info->name;
    }
  } else if (function == kFuncAuthenticateResponse && a.request &&
             a.request->sequence == fragment.header.control.sequence) {
    // Secure authentication: the outstation challenges the request. The master answers with
    // AUTHENTICATE_REQ, and the RESPONSE to that is the challenged request's response.
    a.challenged = std::move(a.request);
    a.request.reset();
  }

  if (fragment.header.has_iin) {
    std::uint32_t code = iin_exception_code(fragment.header.iin);
    if (code == 0 && function == kFuncResponse) code = control_status_exception(fragment);
    if (code != 0) {
      ev.exception = true;
      ev.exception_code = code;
      ev.exception_name = exception_name(code);
      ev.exception_kind = code == kIinNoFuncCodeSupport ? ExceptionKind::UnsupportedFunction
                          : code == kIinObjectUnknown || code == kIinParameterError
                              ? ExceptionKind::BadAddress
                              : ExceptionKind::Other;
    }
  }
  struct FragmentSummary final : SummarySource {
    const Fragment& fragment;
    std::string_view answers;
    FragmentSummary(const Fragment& f, std::string_view a) : fragment(f), answers(a) {}
    std::string summary() const override { return describe_fragment(fragment, answers); }
  } summary(fragment, answers);
  ev.summary_source = &summary;
  sink_.message(flow_, meta, ev);

  report_identities(fragment, dir, link, from_outstation, meta);
  if (from_outstation) report_iin_conditions(a, fragment, dir, meta);
  if (is_object_error(error)) {
    anomaly(dir, meta, app_error_kind(error),
            std::string(fragment.function->name) + " " +
                address_pair(link.source, link.destination) + ", object header at offset " +
                std::to_string(fragment.error_offset) + ": " + fragment.error_detail,
            true);
  }
}

void Dnp3Session::on_request(Association& a, const Fragment& fragment,
                             const std::string& object_text, bool broadcast, Direction dir,
                             const PacketMeta& meta) {
  const std::uint8_t function = fragment.header.function;
  const std::uint8_t sequence = fragment.header.control.sequence;
  if (function == kFuncConfirm) return;  // confirms answer the outstation; nothing to match
  if (function != kFuncAuthenticateRequest) a.challenged.reset();

  if (a.request) {
    // The same request again is the master's retry; anything else leaves the first unanswered.
    if (a.request->function != function || a.request->sequence != sequence) {
      anomaly(a.request->dir, meta, "dnp3.unanswered_request",
              function_label(a.request->function) + " seq=" + std::to_string(a.request->sequence) +
                  " (frame " + std::to_string(a.request->frame) + ") was followed by " +
                  function_label(function) + " before any response",
              false);
    }
    a.request.reset();
  }
  a.multi_fragment.reset();
  // Outstations never answer a broadcast.
  if (fragment.function->expects_response && !broadcast) {
    a.request = PendingRequest{function, sequence, object_text, meta.frame, dir};
  }

  // Select-before-operate (IEEE 1815 clause 4.4.3): the OPERATE must be the next request and
  // repeat the SELECT's objects exactly.
  if (function == kFuncOperate) {
    const std::vector<std::uint8_t> objects(fragment.object_bytes.begin(),
                                            fragment.object_bytes.end());
    if (!a.select) {
      anomaly(dir, meta, "dnp3.operate_without_select",
              "OPERATE seq=" + std::to_string(sequence) + " (" + object_text +
                  ") with no preceding SELECT",
              false);
    } else if (a.select->objects != objects) {
      anomaly(
          dir, meta, "dnp3.operate_without_select",
          "OPERATE seq=" + std::to_string(sequence) + " (" + object_text +
              ") does not repeat the objects of SELECT seq=" + std::to_string(a.select->sequence) +
              " (frame " + std::to_string(a.select->frame) + ")",
          false);
    }
    a.select.reset();
    return;
  }
  if (a.select) {
    anomaly(a.select->dir, meta, "dnp3.select_without_operate",
            "SELECT seq=" + std::to_string(a.select->sequence) + " (frame " +
                std::to_string(a.select->frame) + ", " + a.select->detail + ") was followed by " +
                function_label(function) + " instead of its OPERATE",
            false);
    a.select.reset();
  }
  if (function == kFuncSelect) {
    a.select = PendingSelect{
        std::vector<std::uint8_t>(fragment.object_bytes.begin(), fragment.object_bytes.end()),
        sequence, object_text, meta.frame, dir};
  }
}

std::optional<Dnp3Session::PendingRequest> Dnp3Session::on_response(Association& a,
                                                                    const Fragment& fragment,
                                                                    Direction dir,
                                                                    const PacketMeta& meta) {
  const AppControl& control = fragment.header.control;
  std::optional<PendingRequest> matched;
  if (control.fir) {
    if (a.request && a.request->sequence == control.sequence) {
      matched = std::move(a.request);
      a.request.reset();
      if (matched->function == kFuncAuthenticateRequest && a.challenged) {
        matched = std::move(a.challenged);
      }
      a.challenged.reset();
    }
    a.multi_fragment.reset();
    if (matched && !control.fin) a.multi_fragment = matched;
  } else if (a.multi_fragment) {
    // A later fragment of a multi-fragment response (its sequence has moved on).
    matched = a.multi_fragment;
    if (control.fin) a.multi_fragment.reset();
  }
  if (!matched) {
    std::string detail = "RESPONSE seq=" + std::to_string(control.sequence) + " from outstation " +
                         std::to_string(a.outstation);
    detail += a.request ? " while " + function_label(a.request->function) +
                              " seq=" + std::to_string(a.request->sequence) + " was pending"
                        : (control.fir ? " with no pending request"
                                       : " continues a response that was never started");
    anomaly(dir, meta, "dnp3.response_without_request", std::move(detail), false,
            AnomalyClass::ResponseWithoutRequest);
  }
  return matched;
}

void Dnp3Session::report_identities(const Fragment& fragment, Direction dir, const LinkHeader& link,
                                    bool from_outstation, const PacketMeta& meta) {
  // The sender's link address, then the receiver's (the master's source address for requests,
  // the outstation's for responses).
  address_identity(dir, meta, true, link.source);
  address_identity(dir, meta, false, link.destination);

  for (const ObjectBlock& block : fragment.objects) {
    if (block.header.group != 0) continue;
    for (const ObjectValue& value : block.values) {
      const auto* attr = std::get_if<DeviceAttribute>(&value);
      if (attr == nullptr || attr->set != 0 || attr->value.empty()) continue;
      std::string_view field = attribute_identity_field(attr->variation);
      if (field.empty()) continue;
      IdentityEvent ev;
      ev.protocol = kProtocol;
      ev.dir = dir;
      // Attributes describe the outstation: the sender of a response, the receiver of a WRITE.
      ev.about_sender = from_outstation;
      ev.field = std::string(field);
      ev.value = attr->value;
      ev.source = "dnp3 g0v" + std::to_string(attr->variation) + " " +
                  lower(attribute_name(attr->variation));
      sink_.identity(flow_, meta, ev);
    }
  }
}

void Dnp3Session::report_iin_conditions(Association& a, const Fragment& fragment, Direction dir,
                                        const PacketMeta& meta) {
  const std::uint16_t iin = fragment.header.iin;
  const std::uint16_t raised = static_cast<std::uint16_t>(iin & kIinConditions & ~a.last_iin);
  a.last_iin = iin;
  for (const IinBitInfo& bit : iin_bits()) {
    if ((raised & bit.mask) == 0) continue;
    anomaly(dir, meta, "dnp3.iin_" + lower(bit.name),
            "outstation " + std::to_string(a.outstation) + " set " + std::string(bit.label) + " " +
                std::string(bit.name) + " in " + std::string(fragment.function->name) +
                " seq=" + std::to_string(fragment.header.control.sequence),
            false,
            bit.mask == kIinDeviceRestart ? AnomalyClass::DeviceRestarted : AnomalyClass::Other);
  }
}

}  // namespace otscope::dnp3
