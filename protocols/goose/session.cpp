#include "protocols/goose/session.h"

#include <utility>

#include "protocols/goose/goose.h"

namespace otscope::goose {
namespace {

// GOOSE has no function codes: a message either reports a new state (its first transmission,
// sqNum 0 or 1 by implementation) or repeats the current one.
constexpr std::uint32_t kStateChange = 1;
constexpr std::uint32_t kRetransmission = 2;
constexpr std::uint32_t kSvSamples = 1;
constexpr std::uint32_t kGseManagement = 3;

std::string hex16(std::uint16_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) s += kDigits[v >> shift & 0xF];
  return s;
}

}  // namespace

Protocol GooseSession::claimed_as() const {
  return sampled_values_ ? kSv : kGoose;
}

void GooseSession::on_data(Direction dir, Bytes data, const PacketMeta& meta) {
  if (data.size() < 2) return;
  const std::uint16_t type = static_cast<std::uint16_t>(data[0] << 8 | data[1]);
  const Bytes frame = data.subspan(2);
  if (type == kSvEthertype) {
    sampled_values_ = true;
    sv(dir, frame, meta);
  } else if (type == kGseManagementEthertype) {
    MessageEvent ev;
    ev.protocol = kGoose;
    ev.role = MessageRole::Unsolicited;
    ev.dir = dir;
    ev.function = kGseManagement;
    ev.function_key = kGseManagement;
    ev.function_name = "GSE management";
    ev.op = OpClass::Configuration;
    ev.summary = "GSE management message, " + std::to_string(frame.size()) + " bytes";
    sink_.message(flow_, meta, ev);
  } else {
    goose(dir, frame, meta);
  }
}

void GooseSession::goose(Direction dir, Bytes frame, const PacketMeta& meta) {
  GoosePdu pdu;
  if (const PduError e = decode_goose(frame, pdu); e != PduError::None) {
    report_anomaly(sink_, flow_, meta, kGoose, dir, "goose.malformed",
                   std::string(pdu_error_name(e)), true);
    return;
  }
  std::string why;
  const CommandRule* broken = sequence_check(dir, pdu, meta, why);
  MessageEvent ev;
  ev.protocol = kGoose;
  ev.role = MessageRole::Unsolicited;
  ev.dir = dir;
  const bool change = pdu.sq_num <= 1;
  ev.function = change ? kStateChange : kRetransmission;
  ev.function_key = ev.function;
  ev.function_name = change ? "State change" : "Retransmission";
  ev.op = OpClass::Unsolicited;
  ev.unit = pdu.appid;
  ev.detail = pdu.gocb_ref;
  ev.summary = "GOOSE " + pdu.gocb_ref + " appid " + hex16(pdu.appid) + " stNum " +
               std::to_string(pdu.st_num) + " sqNum " + std::to_string(pdu.sq_num) +
               (pdu.simulation ? " (simulation)" : "") + ", " + std::to_string(pdu.entries) +
               " entries";
  sink_.message(flow_, meta, ev);
  if (broken != nullptr) {
    AnomalyEvent a;
    a.protocol = kGoose;
    a.dir = dir;
    a.kind = std::string(broken->name);
    a.detail = pdu.gocb_ref + ": " + why;
    a.rule = broken;
    sink_.anomaly(flow_, meta, a);
  }
  identity(kGoose, dir, "goose_control_block", pdu.gocb_ref, meta);
  identity(kGoose, dir, "goose_dataset", pdu.dataset, meta);
  identity(kGoose, dir, "goose_id", pdu.go_id, meta);
}

const CommandRule* GooseSession::sequence_check(Direction dir, const GoosePdu& pdu,
                                                const PacketMeta& meta, std::string& why) {
  auto it = blocks_.find(pdu.gocb_ref);
  if (it == blocks_.end()) {
    if (blocks_.size() >= kMaxControlBlocks) blocks_.clear();
    blocks_.emplace(pdu.gocb_ref, BlockState{pdu.st_num, pdu.sq_num, pdu.t, pdu.conf_rev});
    return nullptr;
  }
  BlockState& last = it->second;
  const BlockState before = last;
  last = BlockState{pdu.st_num, pdu.sq_num, pdu.t, pdu.conf_rev};
  const std::string was =
      "stNum " + std::to_string(before.st_num) + " sqNum " + std::to_string(before.sq_num);
  const std::string now =
      "stNum " + std::to_string(pdu.st_num) + " sqNum " + std::to_string(pdu.sq_num);
  if (pdu.conf_rev != before.conf_rev)
    report_anomaly(sink_, flow_, meta, kGoose, dir, "goose.configuration_changed",
                   pdu.gocb_ref + ": confRev " + std::to_string(before.conf_rev) + " -> " +
                       std::to_string(pdu.conf_rev),
                   false);
  // A publisher that restarts begins again at stNum 1 with a new event time: not an attack.
  const bool restarted = pdu.st_num == 1 && pdu.t != before.t && before.st_num >= 1;
  if (pdu.st_num < before.st_num || (pdu.st_num == before.st_num && pdu.t != before.t)) {
    if (restarted) {
      report_anomaly(sink_, flow_, meta, kGoose, dir, "goose.publisher_restarted",
                     pdu.gocb_ref + ": " + was + " -> " + now + " with a new event time", false);
      return nullptr;
    }
    if (pdu.st_num < before.st_num) {
      why = "state went back from " + was + " to " + now;
      return &kReplay;
    }
    report_anomaly(sink_, flow_, meta, kGoose, dir, "goose.event_time_changed",
                   pdu.gocb_ref + ": the event time changed without a new state (" + now + ")",
                   false);
    return nullptr;
  }
  if (pdu.st_num == before.st_num) {
    // Retransmissions count up; a wrap of the 32-bit counter is not a replay.
    if (pdu.sq_num <= before.sq_num && before.sq_num - pdu.sq_num < 0x80000000ull) {
      why = "sequence went back from " + was + " to " + now;
      return &kReplay;
    }
    return nullptr;
  }
  if (pdu.st_num > before.st_num + 1) {
    why = "state jumped from " + was + " to " + now + " (" +
          std::to_string(pdu.st_num - before.st_num - 1) + " state changes never seen)";
    return &kStateJump;
  }
  return nullptr;
}

void GooseSession::sv(Direction dir, Bytes frame, const PacketMeta& meta) {
  SvPdu pdu;
  if (const PduError e = decode_sv(frame, pdu); e != PduError::None) {
    report_anomaly(sink_, flow_, meta, kSv, dir, "sv.malformed", std::string(pdu_error_name(e)),
                   true);
    return;
  }
  MessageEvent ev;
  ev.protocol = kSv;
  ev.role = MessageRole::Unsolicited;
  ev.dir = dir;
  ev.function = kSvSamples;
  ev.function_key = kSvSamples;
  ev.function_name = "Samples";
  ev.op = OpClass::Unsolicited;
  ev.unit = pdu.appid;
  ev.detail = pdu.asdus.empty() ? std::string() : pdu.asdus.front().sv_id;
  ev.summary = "Sampled values appid " + hex16(pdu.appid) + ", " + std::to_string(pdu.asdu_count) +
               " ASDUs" +
               (pdu.asdus.empty() ? ""
                                  : ", svID " + pdu.asdus.front().sv_id + " smpCnt " +
                                        std::to_string(pdu.asdus.front().smp_cnt));
  sink_.message(flow_, meta, ev);
  for (const SvAsdu& a : pdu.asdus) {
    identity(kSv, dir, "sv_id", a.sv_id, meta);
    identity(kSv, dir, "sv_dataset", a.dataset, meta);
  }
}

void GooseSession::identity(Protocol p, Direction dir, std::string field, std::string value,
                            const PacketMeta& meta) {
  if (value.empty()) return;
  IdentityEvent id;
  id.protocol = p;
  id.dir = dir;
  id.about_sender = true;
  id.field = std::move(field);
  id.value = std::move(value);
  id.source = p == kSv ? "iec 61850 sampled values" : "iec 61850 goose";
  sink_.identity(flow_, meta, id);
}

}  // namespace otscope::goose
