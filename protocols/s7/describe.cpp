#include "protocols/s7/describe.h"

#include <cstdio>

#include "protocols/s7/codes.h"
#include "protocols/s7/s7.h"

namespace otscope::s7 {

namespace {

std::string hex_code(std::uint32_t v, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%0*X", digits, v);
  return buf;
}

bool is_job(const S7Pdu& pdu) {
  return pdu.header.rosctr == static_cast<std::uint8_t>(Rosctr::Job);
}

/// The PLC sends the Download block / Download ended jobs to pull the block from the PG: the
/// download is still the PG's operation on the PLC, so those jobs count as the PLC's responses
/// and the PG's Ack_Data (which carries the block) as the requests.
bool plc_pulls(std::uint32_t function) {
  return function == fn::kDownloadBlock || function == fn::kDownloadEnded;
}

std::string item_text(const VarSpec& v) {
  if (!v.db_reads.empty()) {
    std::string s = "DBREAD";
    for (std::size_t i = 0; i < v.db_reads.size(); ++i) {
      const DbReadArea& a = v.db_reads[i];
      s += (i ? ", DB" : " DB") + std::to_string(a.db) + " byte " + std::to_string(a.start) + " x" +
           std::to_string(a.length);
    }
    return s;
  }
  if (!v.s7any) {
    std::string_view syntax = syntax_id_name(v.syntax_id);
    return syntax.empty() ? "syntax " + hex_code(v.syntax_id, 2) : std::string(syntax) + " item";
  }
  std::string_view area = area_short_name(v.area);
  std::string where = area.empty() ? "area " + hex_code(v.area, 2) : std::string(area);
  if (v.area == area::kDataBlocks || v.area == area::kInstanceDataBlocks)
    where += std::to_string(v.db);
  std::string_view size = item_transport_size_name(v.transport_size);
  std::string type = size.empty() ? "size " + hex_code(v.transport_size, 2) : std::string(size);
  if (v.area == area::kCounters || v.area == area::kTimers)
    return where + " " + std::to_string(v.address) + " " + type + " x" + std::to_string(v.count);
  std::string at = std::to_string(v.address >> 3);
  if (v.transport_size == 1) at += "." + std::to_string(v.address & 7);
  return where + " byte " + at + " " + type + " x" + std::to_string(v.count);
}

std::string return_codes_text(const std::vector<std::uint8_t>& codes) {
  std::string s;
  for (std::size_t i = 0; i < codes.size(); ++i)
    s += (i ? ", " : "") + std::string(item_return_code_name(codes[i]));
  return s;
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

/// Summary facts of a Job or Ack_Data by function.
std::string job_text(const S7Pdu& pdu) {
  const bool job = is_job(pdu);
  const BlockControl& b = pdu.block;
  switch (pdu.function) {
    case fn::kSetupCommunication:
      return "PDU length " + std::to_string(pdu.setup.pdu_length) + ", parallel jobs " +
             std::to_string(pdu.setup.max_amq_calling) + "/" +
             std::to_string(pdu.setup.max_amq_called);
    case fn::kReadVar:
    case fn::kWriteVar: {
      if (job) {
        std::string s = plural(pdu.items.size(), "item");
        for (std::size_t i = 0; i < pdu.items.size(); ++i)
          s += (i ? ", " : ": ") + item_text(pdu.items[i]);
        return s;
      }
      std::vector<std::uint8_t> codes = pdu.return_codes;
      for (const DataItem& d : pdu.data_items) codes.push_back(d.return_code);
      return plural(codes.size(), "item") + (codes.empty() ? "" : ": " + return_codes_text(codes));
    }
    case fn::kRequestDownload:
      if (job && b.has_lengths)
        return "load memory " + std::to_string(b.load_memory_length) + " bytes, MC7 " +
               std::to_string(b.mc7_length) + " bytes";
      return {};
    case fn::kDownloadBlock:
    case fn::kUpload:
      if (!job && b.block_bytes > 0) return std::to_string(b.block_bytes) + " block bytes";
      return {};
    case fn::kStartUpload:
      if (!job && !b.upload_length.empty())
        return "upload id " + std::to_string(b.upload_id) + ", length " + b.upload_length;
      return {};
    case fn::kPiService: {
      if (!job) return {};
      const PiServiceInfo* info = pi_service(pdu.pi.service);
      std::string s = info ? std::string(info->description) : "unknown PI service";
      if (pdu.pi.service == "P_PROGRAM" && pdu.pi.argument == "C ") s += " (cold restart)";
      return s;
    }
    default:
      return {};
  }
}

}  // namespace

S7Function s7_function(const S7Pdu& pdu, const S7Context& ctx) {
  switch (static_cast<Rosctr>(pdu.header.rosctr)) {
    case Rosctr::Job:
    case Rosctr::AckData: {
      std::uint8_t code = pdu.function;
      // An Ack_Data with only an error and no parameter names its job through the context.
      if (pdu.parameter.empty()) {
        if (!ctx.job_function) return {kAckWithoutJob, kAckWithoutJobInfo, true};
        code = *ctx.job_function;
      }
      std::optional<CodeInfo> info = job_function(code);
      S7Function f{code, info.value_or(kUnknownJobFunction), info.has_value()};
      if (code == fn::kPiService && is_job(pdu)) {
        if (const PiServiceInfo* pi = pi_service(pdu.pi.service)) f.info.op = pi->op;
      }
      if (!is_job(pdu) && ctx.job_op) f.info.op = *ctx.job_op;
      return f;
    }
    case Rosctr::Ack: {
      if (!ctx.job_function) return {kAckWithoutJob, kAckWithoutJobInfo, true};
      std::optional<CodeInfo> info = job_function(*ctx.job_function);
      S7Function f{*ctx.job_function, info.value_or(kUnknownJobFunction), info.has_value()};
      if (ctx.job_op) f.info.op = *ctx.job_op;
      return f;
    }
    case Rosctr::UserData: {
      const UserDataHeader& u = pdu.userdata;
      std::optional<CodeInfo> info = userdata_function(u.group, u.subfunction);
      return {userdata_function_code(u.group, u.subfunction),
              info.value_or(unknown_userdata_function(u.group)), info.has_value()};
    }
  }
  return {};
}

std::string job_detail(const S7Pdu& pdu) {
  switch (pdu.function) {
    case fn::kRequestDownload:
    case fn::kDownloadBlock:
    case fn::kDownloadEnded:
    case fn::kStartUpload:
      if (pdu.block.has_block) return pdu.block.block.text();
      return pdu.block.file_name;
    case fn::kPiService:
      return pdu.pi.text();
    case fn::kPlcStop:
      return pdu.pi.service;
    default:
      return {};
  }
}

RangeList var_ranges(const std::vector<VarSpec>& items) {
  RangeList ranges;
  for (const VarSpec& v : items) {
    for (const DbReadArea& a : v.db_reads)
      ranges.push_back(AddressRange{"DB" + std::to_string(a.db), a.start, a.length});
    if (!v.s7any) continue;
    AddressRange r;
    std::string_view area = area_short_name(v.area);
    std::string space = area.empty() ? "area " + hex_code(v.area, 2) : std::string(area);
    if (v.area == area::kDataBlocks || v.area == area::kInstanceDataBlocks)
      space += std::to_string(v.db);
    r.space = space;
    if (v.area == area::kCounters || v.area == area::kTimers) {
      // Counters and timers are addressed by number, one element each.
      r.start = v.address;
      r.count = v.count;
    } else if (v.transport_size == 1) {
      r.start = v.address >> 3;
      r.count = ((v.address & 7u) + v.count + 7u) / 8u;
    } else {
      const std::uint32_t element = item_element_bytes(v.transport_size);
      r.start = v.address >> 3;
      r.count = v.count * (element ? element : 1u);
    }
    ranges.push_back(std::move(r));
  }
  return ranges;
}

// What an error code says: "service unknown to the remote module" and "service not implemented
// on the module" refuse the function; the item return codes "invalid address" and "object does
// not exist" refuse the address.
namespace {
ExceptionKind exception_kind(std::uint32_t code) {
  switch (code) {
    case 0x8100:
    case 0x8104:
      return ExceptionKind::UnsupportedFunction;
    case 0x05:
    case 0x0A:
      return ExceptionKind::BadAddress;
    default:
      return ExceptionKind::Other;
  }
}
}  // namespace

MessageEvent describe_s7comm(const S7Pdu& pdu, const S7Context& ctx, bool with_summary) {
  MessageEvent ev;
  ev.protocol = kS7comm;
  ev.dir = ctx.dir;
  ev.unit = ctx.unit;
  const S7Function f = s7_function(pdu, ctx);
  ev.function = f.code;
  ev.function_name = f.info.name;
  ev.op = f.info.op;
  std::string text;
  switch (static_cast<Rosctr>(pdu.header.rosctr)) {
    case Rosctr::Job:
      ev.role = plc_pulls(f.code) ? MessageRole::Response : MessageRole::Request;
      ev.function_key = f.code;
      ev.ranges = var_ranges(pdu.items);
      ev.detail = job_detail(pdu);
      if (with_summary) text = job_text(pdu);
      break;
    case Rosctr::AckData:
    case Rosctr::Ack:
      ev.role = plc_pulls(f.code) ? MessageRole::Request : MessageRole::Response;
      if (pdu.header.rosctr == static_cast<std::uint8_t>(Rosctr::AckData)) {
        // Counted like tshark counts the function field: only when the parameter carries it.
        if (!pdu.parameter.empty()) ev.function_key = f.code;
        if (with_summary) text = job_text(pdu);
      }
      ev.detail = ctx.request_detail;
      break;
    case Rosctr::UserData: {
      const UserDataHeader& u = pdu.userdata;
      switch (userdata_kind(u.type)) {
        case UserDataKind::Request:
          ev.role = MessageRole::Request;
          break;
        case UserDataKind::Response:
          ev.role = MessageRole::Response;
          break;
        case UserDataKind::Push:
          ev.role = MessageRole::Unsolicited;
          break;
      }
      ev.detail = ctx.facts && !ctx.facts->detail.empty() ? ctx.facts->detail : ctx.request_detail;
      if (ctx.facts && with_summary) text = ctx.facts->text;
      if (ctx.part > 0 && with_summary) {
        const std::string part =
            "part " + std::to_string(ctx.part) + (ctx.more_parts ? ", more follows" : ", last");
        text = text.empty() ? part : part + ": " + text;
      }
      if (u.error_code != 0) {
        ev.exception = true;
        ev.exception_code = u.error_code;
        ev.exception_name = error_code_name(u.error_code);
        if (ev.exception_name.empty()) ev.exception_name = "Unknown error code";
      }
      break;
    }
  }
  // Header errors of Ack / Ack_Data, then failed items of read/write responses.
  if (pdu.header.has_error_fields && pdu.header.error() != 0) {
    ev.exception = true;
    ev.exception_code = pdu.header.error();
    ev.exception_name = error_code_name(pdu.header.error());
    if (ev.exception_name.empty()) ev.exception_name = error_class_name(pdu.header.error_class);
  } else if (!ev.exception) {
    // The first failed item: return codes first, then (not in a job) the data items'.
    auto fail = [&ev](std::uint8_t rc) {
      if (rc == 0xFF) return false;
      ev.exception = true;
      ev.exception_code = rc;
      ev.exception_name = item_return_code_name(rc);
      return true;
    };
    bool failed = false;
    for (std::uint8_t rc : pdu.return_codes)
      if (!failed) failed = fail(rc);
    if (!is_job(pdu))
      for (const DataItem& d : pdu.data_items)
        if (!failed) failed = fail(d.return_code);
  }
  if (ev.role == MessageRole::Request) {
    ev.command = s7comm_command(pdu, ev.function, ev.op);
    if (ev.function <= 0xFF)
      ev.undefined_function = !job_function(static_cast<std::uint8_t>(ev.function));
    else if ((ev.function & 0xFFFF0000u) == 0x10000u)
      ev.undefined_function =
          !userdata_function(static_cast<std::uint8_t>((ev.function >> 8) & 0x0F),
                             static_cast<std::uint8_t>(ev.function & 0xFF));
  }
  if (ev.exception) ev.exception_kind = exception_kind(ev.exception_code);
  if (!with_summary) return ev;

  const std::string rosctr(rosctr_name(pdu.header.rosctr));
  std::string s = rosctr + " " + std::string(ev.function_name);
  if (pdu.header.rosctr == static_cast<std::uint8_t>(Rosctr::UserData)) {
    const UserDataHeader& u = pdu.userdata;
    const char* kind = userdata_kind(u.type) == UserDataKind::Request    ? "request"
                       : userdata_kind(u.type) == UserDataKind::Response ? "response"
                                                                         : "push";
    s = rosctr + " " + kind + " " + std::string(userdata_group_name(u.group)) + " / " +
        std::string(ev.function_name);
  }
  if (!ev.detail.empty() && ev.function_name.find(ev.detail) == std::string_view::npos)
    s += " " + ev.detail;
  if (!text.empty()) s += ": " + text;
  if (ev.exception)
    s += " -> error " + hex_code(ev.exception_code, ev.exception_code > 0xFF ? 4 : 2) + " " +
         std::string(ev.exception_name);
  s += " (PDU ref " + std::to_string(pdu.header.pdu_ref) + ")";
  ev.summary = std::move(s);
  return ev;
}

MessageEvent describe_s7plus(const S7PlusPdu& pdu, const S7PlusOperation& op, Direction dir,
                             MessageRole role, std::int64_t unit) {
  MessageEvent ev;
  ev.protocol = kS7commPlus;
  ev.dir = dir;
  ev.role = role;
  ev.unit = unit;
  ev.function_name = op.info.name;
  ev.op = op.info.op;
  ev.detail = op.detail;
  if (pdu.has_function) {
    ev.function = pdu.function;
    ev.function_key = pdu.function;
  } else {
    ev.function = s7plus_opcode_only_function(pdu.opcode);
  }
  if (role == MessageRole::Request) {
    ev.command = s7plus_command(ev.op);
    ev.undefined_function =
        ev.function <= 0xFFFF && !s7plus_function(static_cast<std::uint16_t>(ev.function));
  }
  std::string s = "S7comm-plus V" + std::to_string(pdu.version);
  if (pdu.integrity) s += " (integrity protected)";
  std::string_view opcode = s7plus_opcode_name(pdu.opcode);
  s += " " + (opcode.empty() ? "opcode " + hex_code(pdu.opcode, 2) : std::string(opcode));
  if (pdu.readable) {
    if (ev.function_name != opcode) s += " " + std::string(ev.function_name);
    if (pdu.has_function)
      s += " " + hex_code(pdu.function, 4) + " seq " + std::to_string(pdu.sequence);
    if (pdu.has_session) s += " session " + hex_code(pdu.session_id, 8);
    if (pdu.opcode == s7p::kNotification) s += " subscription " + hex_code(pdu.object_id, 8);
    if (!op.detail.empty()) s += " (" + op.detail + ")";
  } else {
    s += ": content not readable";
  }
  ev.summary = std::move(s);
  return ev;
}

}  // namespace otscope::s7
