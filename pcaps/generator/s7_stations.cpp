#include "pcaps/generator/s7_stations.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace otscope::pcapgen::s7 {
namespace {

constexpr std::uint16_t kPduLength = 240;  // what an S7-300 negotiates

Bytes name_record(std::uint16_t index, std::string_view text, std::size_t width) {
  ByteWriter w(34);
  w.be16(index).ascii_fixed(text, width, 0x00).fill(32 - width, 0x00);
  return w.take();
}

std::string szl_detail(std::uint16_t id, std::uint16_t index) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "SZL 0x%04x %s index 0x%04x", id,
                std::string(szl_list_name(id)).c_str(), index);
  return buf;
}

std::string_view job_function_name(std::uint8_t function) {
  return job_function(function).value_or(kUnknownJobFunction).name;
}

/// "CPU functions: Read SZL".
std::string userdata_name(std::uint8_t group, std::uint8_t subfunction) {
  return std::string(userdata_group_name(group)) + ": " +
         std::string(
             userdata_function(group, subfunction).value_or(unknown_userdata_function(group)).name);
}

}  // namespace

Plc::Plc(PlcIdentity identity, Prng prng) : identity_(std::move(identity)), prng_(prng) {
  // DB1 process image (pump station values), DB10 setpoints, M area flags.
  Bytes db1(64, 0);
  Bytes db10(32, 0);
  for (auto& b : db1) b = static_cast<std::uint8_t>(prng_.below(256));
  for (std::size_t i = 0; i < db10.size(); i += 2) db10[i + 1] = static_cast<std::uint8_t>(20 + i);
  data_blocks_.emplace(1, std::move(db1));
  data_blocks_.emplace(10, std::move(db10));
  flags_.assign(64, 0);
  flags_[0] = 0x05;
}

Bytes& Plc::area(const VarAddress& at) {
  if (at.area == area::kDataBlocks) return data_blocks_.at(at.db);
  return flags_;
}

void Plc::advance(Micros t) {
  if (last_advance_ == 0) last_advance_ = t;
  while (last_advance_ + msec(500) <= t) {
    last_advance_ += msec(500);
    if (!running_) continue;  // a stopped CPU no longer updates its process image
    Bytes& db1 = data_blocks_.at(1);
    for (std::size_t i = 0; i + 1 < 16; i += 2) {
      const int v = (db1[i] << 8 | db1[i + 1]) + static_cast<int>(prng_.jitter(9));
      db1[i] = static_cast<std::uint8_t>((v >> 8) & 0xFF);
      db1[i + 1] = static_cast<std::uint8_t>(v & 0xFF);
    }
    flags_[1] = static_cast<std::uint8_t>(flags_[1] + 1);  // cycle counter in MB1
  }
}

Bytes Plc::read(const VarAddress& at) {
  const Bytes& mem = area(at);
  const auto begin =
      mem.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(at.byte_address, mem.size()));
  const auto end = mem.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(
                                     at.byte_address + at.length, mem.size()));
  return Bytes(begin, end);
}

void Plc::write(const VarAddress& at, std::span<const std::uint8_t> value) {
  Bytes& mem = area(at);
  for (std::size_t i = 0; i < value.size() && at.byte_address + i < mem.size(); ++i) {
    mem[at.byte_address + i] = value[i];
  }
}

std::vector<Bytes> Plc::szl(std::uint16_t id, std::uint16_t index,
                            std::uint16_t& record_length) const {
  std::vector<Bytes> records;
  if (id == szl::kModuleIdentification) {
    // Module identification: index, MlfB (20 chars), BGTyp, Ausbg, Ausbe.
    record_length = 28;
    auto rec = [&](std::uint16_t idx, std::string_view mlfb, unsigned ausbg, unsigned ausbe) {
      ByteWriter w(28);
      w.be16(idx).ascii_fixed(mlfb, 20, ' ').be16(0x00C0).be16(ausbg).be16(ausbe);
      records.push_back(w.take());
    };
    const unsigned* fw = identity_.firmware;
    if (index == 0x0000 || index == 0x0001) rec(0x0001, identity_.order_number, 0x0004, 0x0001);
    if (index == 0x0000 || index == 0x0006) rec(0x0006, identity_.order_number, 0x0004, 0x0001);
    if (index == 0x0000 || index == 0x0007) rec(0x0007, "", 0x5600u | fw[0], fw[1] << 8 | fw[2]);
  } else if (id == szl::kComponentIdentification) {
    // Component identification: 34-byte records (index + 32 bytes; names 24 + 8 reserved).
    record_length = 34;
    auto want = [&](std::uint16_t idx) { return index == 0x0000 || index == idx; };
    if (want(1)) records.push_back(name_record(1, identity_.station_name, 24));
    if (want(2)) records.push_back(name_record(2, identity_.module_name, 24));
    if (want(3)) records.push_back(name_record(3, identity_.plant_designation, 32));
    if (want(4)) records.push_back(name_record(4, identity_.copyright, 26));
    if (want(5)) records.push_back(name_record(5, identity_.serial_number, 24));
    if (want(7)) records.push_back(name_record(7, identity_.module_type_name, 32));
  }
  return records;
}

ClientSession::ClientSession(TcpConversation& tcp, ProtocolStats& stats, Plc& plc,
                             std::uint16_t calling_tsap, std::uint16_t called_tsap,
                             std::uint16_t first_pdu_ref)
    : tcp_(tcp),
      stats_(stats),
      plc_(plc),
      calling_tsap_(calling_tsap),
      called_tsap_(called_tsap),
      next_ref_(first_pdu_ref) {}

Micros ClientSession::job(Micros t, Side from, std::uint16_t ref,
                          std::span<const std::uint8_t> param, std::span<const std::uint8_t> data,
                          std::uint8_t function, std::string_view detail) {
  const Micros sent = tcp_.send(from, cotp_data(pdu(Rosctr::Job, ref, param, data)), t);
  stats_.count("s7", "job", function, job_function_name(function), detail);
  return sent;
}

Micros ClientSession::ack(Micros t, Side from, std::uint16_t ref,
                          std::span<const std::uint8_t> param, std::span<const std::uint8_t> data,
                          std::uint8_t function, std::string_view detail) {
  const Micros sent = tcp_.send(from, cotp_data(pdu(Rosctr::AckData, ref, param, data)), t);
  stats_.count("s7", "ack_data", function, job_function_name(function), detail);
  return sent;
}

Micros ClientSession::connect(Micros t) {
  const std::uint16_t src_ref = 0x0001;
  const std::uint16_t plc_ref = 0x4431;
  Micros at =
      tcp_.send(Side::Client, cotp_connection_request(src_ref, calling_tsap_, called_tsap_), t);
  stats_.count("cotp", "connect_request", wire(CotpType::ConnectionRequest),
               cotp_type_name(CotpType::ConnectionRequest));
  at = tcp_.send(Side::Server,
                 cotp_connection_confirm(src_ref, plc_ref, calling_tsap_, called_tsap_),
                 at + plc_.latency());
  stats_.count("cotp", "connect_confirm", wire(CotpType::ConnectionConfirm),
               cotp_type_name(CotpType::ConnectionConfirm));
  const std::uint16_t ref = take_ref();
  at = job(at + msec(1), Side::Client, ref, setup_communication_param(1, 480), {},
           fn::kSetupCommunication, {});
  return ack(at + plc_.latency(), Side::Server, ref, setup_communication_param(1, kPduLength), {},
             fn::kSetupCommunication, {});
}

Micros ClientSession::read_var(Micros t, std::span<const VarAddress> items) {
  const std::uint16_t ref = take_ref();
  const Micros sent =
      job(t, Side::Client, ref, var_param(fn::kReadVar, items), {}, fn::kReadVar, {});
  const Micros answer_at = sent + plc_.latency();
  plc_.advance(answer_at);
  std::vector<Bytes> values;
  for (const VarAddress& v : items) values.push_back(plc_.read(v));
  return ack(answer_at, Side::Server, ref, var_ack_param(fn::kReadVar, items.size()),
             read_var_ack_data(values), fn::kReadVar, {});
}

Micros ClientSession::write_var(Micros t, std::span<const VarAddress> items,
                                const std::vector<Bytes>& values) {
  const std::uint16_t ref = take_ref();
  const Micros sent = job(t, Side::Client, ref, var_param(fn::kWriteVar, items),
                          write_var_data(values), fn::kWriteVar, {});
  for (std::size_t i = 0; i < items.size() && i < values.size(); ++i)
    plc_.write(items[i], values[i]);
  return ack(sent + plc_.latency(), Side::Server, ref, var_ack_param(fn::kWriteVar, items.size()),
             write_var_ack_data(items.size()), fn::kWriteVar, {});
}

Micros ClientSession::read_szl(Micros t, std::uint16_t id, std::uint16_t index) {
  const std::uint16_t ref = take_ref();
  const std::string detail = szl_detail(id, index);
  const std::string name = userdata_name(group::kCpu, sub::kReadSzl);
  const Micros sent = tcp_.send(Side::Client,
                                cotp_data(pdu(Rosctr::UserData, ref, szl_request_param(szl_seq_),
                                              szl_request_data(id, index))),
                                t);
  stats_.count("s7", "userdata_request", sub::kReadSzl, name, detail);
  std::uint16_t record_length = 0;
  const std::vector<Bytes> records = plc_.szl(id, index, record_length);
  const Bytes data = szl_response_data(id, index, record_length, records);
  const Micros answered = tcp_.send(
      Side::Server,
      cotp_data(pdu(Rosctr::UserData, ref, szl_response_param(plc_.take_userdata_seq()), data)),
      sent + plc_.slow_latency());
  stats_.count("s7", "userdata_response", sub::kReadSzl, name, detail);
  return answered;
}

Micros ClientSession::plc_stop(Micros t) {
  const std::uint16_t ref = take_ref();
  const Micros sent = job(t, Side::Client, ref, plc_stop_param(), {}, fn::kPlcStop, pi::kProgram);
  plc_.set_running(false);
  return ack(sent + plc_.slow_latency(), Side::Server, ref, function_ack_param(fn::kPlcStop), {},
             fn::kPlcStop, pi::kProgram);
}

Micros ClientSession::plc_control(Micros t, std::span<const std::uint8_t> parameter_block,
                                  std::string_view service) {
  const std::uint16_t ref = take_ref();
  const Micros sent = job(t, Side::Client, ref, pi_service_param(parameter_block, service), {},
                          fn::kPiService, service);
  if (service == pi::kProgram) plc_.set_running(true);
  return ack(sent + plc_.slow_latency(), Side::Server, ref, function_ack_param(fn::kPiService), {},
             fn::kPiService, service);
}

Micros ClientSession::download(Micros t, std::string_view type_code, unsigned number,
                               std::span<const std::uint8_t> block, std::size_t mc7_length) {
  const std::string file = block_file_name(type_code, number);
  const std::string detail = file.substr(1, 8);
  const std::uint16_t ref = take_ref();
  Micros at = job(t, Side::Client, ref, request_download_param(file, block.size(), mc7_length), {},
                  fn::kRequestDownload, detail);
  at = ack(at + plc_.latency(), Side::Server, ref, function_ack_param(fn::kRequestDownload), {},
           fn::kRequestDownload, detail);
  // The CPU now requests the block in chunks that fit its PDU (header 12 + param 2 + data 4).
  constexpr std::size_t kChunk = kPduLength - 18 - 2;
  const std::string plc_detail = detail + " sent by PLC";
  for (std::size_t offset = 0; offset < block.size(); offset += kChunk) {
    const std::size_t n = std::min(kChunk, block.size() - offset);
    const bool more = offset + n < block.size();
    const std::uint16_t plc_ref = plc_.take_pdu_ref();
    at = job(at + plc_.latency(), Side::Server, plc_ref, download_block_param(file), {},
             fn::kDownloadBlock, plc_detail);
    at = ack(at + msec(1), Side::Client, plc_ref, download_block_ack_param(more),
             download_block_ack_data(block.subspan(offset, n)), fn::kDownloadBlock, plc_detail);
  }
  const std::uint16_t end_ref = plc_.take_pdu_ref();
  at = job(at + plc_.slow_latency(), Side::Server, end_ref, download_ended_param(file), {},
           fn::kDownloadEnded, plc_detail);
  return ack(at + msec(1), Side::Client, end_ref, function_ack_param(fn::kDownloadEnded), {},
             fn::kDownloadEnded, plc_detail);
}

Bytes make_block(std::uint8_t block_type, std::uint16_t number, std::uint8_t language,
                 std::span<const std::uint8_t> body, std::string_view name, std::string_view family,
                 std::string_view author) {
  constexpr std::size_t kHeader = 36;
  constexpr std::size_t kTrailer = 36;
  const std::size_t total = kHeader + body.size() + kTrailer;
  // S7 timestamps: milliseconds since midnight, days since 1984-01-01 (2026-02-17 09:30).
  const std::uint32_t ms_of_day = 34'200'000;
  const std::uint16_t days = 15388;
  ByteWriter w(total);
  w.u8(0x70).u8(0x70).u8(0x01).u8(0x01).u8(language).u8(block_type).be16(number);
  w.be32(static_cast<std::uint32_t>(total)).be32(0x00000000);
  w.be32(ms_of_day).be16(days).be32(ms_of_day).be16(days);
  w.be16(0x0000).be16(0x0000).be16(0x0014).be16(static_cast<unsigned>(body.size()));
  w.bytes(body);
  w.ascii_fixed(author, 8, 0x00).ascii_fixed(family, 8, 0x00).ascii_fixed(name, 8, 0x00);
  w.u8(0x10).u8(0x00).be16(0x5A3C).fill(8, 0x00);
  return w.take();
}

}  // namespace otscope::pcapgen::s7
