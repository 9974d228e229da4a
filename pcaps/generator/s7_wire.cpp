#include "pcaps/generator/s7_wire.h"

#include <cstdio>

namespace otscope::pcapgen::s7 {

Bytes tpkt(std::span<const std::uint8_t> cotp) {
  return ByteWriter(kTpktHeaderSize + cotp.size())
      .u8(kTpktVersion)
      .u8(0x00)
      .be16(static_cast<unsigned>(kTpktHeaderSize + cotp.size()))
      .bytes(cotp)
      .take();
}

namespace {

Bytes cotp_connection(CotpType type, std::uint16_t dst_ref, std::uint16_t src_ref,
                      std::uint16_t calling_tsap, std::uint16_t called_tsap) {
  ByteWriter w;
  w.u8(17).u8(wire(type)).be16(dst_ref).be16(src_ref).u8(0x00);  // class 0
  w.u8(kCotpParamTpduSize).u8(1).u8(0x0A);                       // TPDU size 1024
  w.u8(kCotpParamCallingTsap).u8(2).be16(calling_tsap);
  w.u8(kCotpParamCalledTsap).u8(2).be16(called_tsap);
  return w.take();
}

}  // namespace

Bytes cotp_connection_request(std::uint16_t src_ref, std::uint16_t calling_tsap,
                              std::uint16_t called_tsap) {
  return tpkt(
      cotp_connection(CotpType::ConnectionRequest, 0x0000, src_ref, calling_tsap, called_tsap));
}

Bytes cotp_connection_confirm(std::uint16_t dst_ref, std::uint16_t src_ref,
                              std::uint16_t calling_tsap, std::uint16_t called_tsap) {
  return tpkt(
      cotp_connection(CotpType::ConnectionConfirm, dst_ref, src_ref, calling_tsap, called_tsap));
}

Bytes cotp_data(std::span<const std::uint8_t> s7_pdu) {
  ByteWriter w(3 + s7_pdu.size());
  w.u8(0x02).u8(wire(CotpType::Data)).u8(0x80).bytes(s7_pdu);  // last data unit
  return tpkt(w.view());
}

Bytes pdu(Rosctr rosctr, std::uint16_t pdu_ref, std::span<const std::uint8_t> param,
          std::span<const std::uint8_t> data) {
  ByteWriter w(12 + param.size() + data.size());
  w.u8(kS7commId).u8(wire(rosctr)).be16(0x0000).be16(pdu_ref);
  w.be16(static_cast<unsigned>(param.size())).be16(static_cast<unsigned>(data.size()));
  if (rosctr == Rosctr::Ack || rosctr == Rosctr::AckData) w.u8(0x00).u8(0x00);
  w.bytes(param).bytes(data);
  return w.take();
}

Bytes setup_communication_param(std::uint16_t max_amq, std::uint16_t pdu_length) {
  return ByteWriter(8)
      .u8(fn::kSetupCommunication)
      .u8(0x00)
      .be16(max_amq)
      .be16(max_amq)
      .be16(pdu_length)
      .take();
}

Bytes var_param(std::uint8_t function, std::span<const VarAddress> items) {
  ByteWriter w(2 + 12 * items.size());
  w.u8(function).u8(static_cast<unsigned>(items.size()));
  for (const VarAddress& v : items) {
    // Variable specification 0x12, 10 address bytes, syntax id, transport size.
    w.u8(0x12).u8(0x0A).u8(kSyntaxS7Any).u8(item_size::kByte);
    w.be16(v.length).be16(v.db).u8(v.area);
    w.be24(v.byte_address * 8);  // bit address
  }
  return w.take();
}

Bytes var_ack_param(std::uint8_t function, std::size_t items) {
  return ByteWriter(2).u8(function).u8(static_cast<unsigned>(items)).take();
}

namespace {

Bytes data_items(std::uint8_t return_code, const std::vector<Bytes>& values) {
  ByteWriter w;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const Bytes& v = values[i];
    w.u8(return_code).u8(data_size::kByteWordDword);
    w.be16(static_cast<unsigned>(v.size() * 8)).bytes(v);
    // Items after the first start on an even offset.
    if (v.size() % 2 == 1 && i + 1 < values.size()) w.u8(0x00);
  }
  return w.take();
}

}  // namespace

Bytes read_var_ack_data(const std::vector<Bytes>& values) {
  return data_items(return_code::kSuccess, values);
}
Bytes write_var_data(const std::vector<Bytes>& values) {
  return data_items(return_code::kReserved, values);
}

Bytes write_var_ack_data(std::size_t items) {
  return ByteWriter(items).fill(items, return_code::kSuccess).take();
}

Bytes szl_request_param(std::uint8_t sequence) {
  // Head 00 01 12, length 4, method 0x11 (request), type 4 (request) / group, subfunction,
  // sequence number.
  return ByteWriter(8)
      .u8(0x00)
      .u8(0x01)
      .u8(0x12)
      .u8(0x04)
      .u8(0x11)
      .u8(0x40u | group::kCpu)
      .u8(sub::kReadSzl)
      .u8(sequence)
      .take();
}

Bytes szl_request_data(std::uint16_t szl_id, std::uint16_t index) {
  return ByteWriter(8)
      .u8(return_code::kSuccess)
      .u8(data_size::kOctetString)
      .be16(4)
      .be16(szl_id)
      .be16(index)
      .take();
}

Bytes szl_response_param(std::uint8_t sequence) {
  // Length 8, method 0x12 (response), type 8 (response) / group, subfunction, sequence, data
  // unit reference 0, last data unit, error code 0.
  return ByteWriter(12)
      .u8(0x00)
      .u8(0x01)
      .u8(0x12)
      .u8(0x08)
      .u8(0x12)
      .u8(0x80u | group::kCpu)
      .u8(sub::kReadSzl)
      .u8(sequence)
      .u8(0x00)
      .u8(0x00)
      .be16(0x0000)
      .take();
}

Bytes szl_response_data(std::uint16_t szl_id, std::uint16_t index, std::uint16_t record_length,
                        const std::vector<Bytes>& records) {
  ByteWriter list;
  list.be16(szl_id).be16(index).be16(record_length).be16(static_cast<unsigned>(records.size()));
  for (const Bytes& r : records) list.bytes(r);
  ByteWriter w;
  w.u8(return_code::kSuccess).u8(data_size::kOctetString);
  w.be16(static_cast<unsigned>(list.size())).bytes(list.view());
  return w.take();
}

Bytes plc_stop_param() {
  ByteWriter w;
  w.u8(fn::kPlcStop)
      .fill(5, 0x00)
      .u8(static_cast<unsigned>(pi::kProgram.size()))
      .ascii(pi::kProgram);
  return w.take();
}

Bytes pi_service_param(std::span<const std::uint8_t> parameter_block, std::string_view service) {
  ByteWriter w;
  w.u8(fn::kPiService).fill(6, 0x00).u8(0xFD);
  w.be16(static_cast<unsigned>(parameter_block.size())).bytes(parameter_block);
  w.u8(static_cast<unsigned>(service.size())).ascii(service);
  return w.take();
}

Bytes block_list_parameter(std::span<const std::string> block_names) {
  ByteWriter w;
  w.u8(static_cast<unsigned>(block_names.size())).u8(0x00);
  for (const std::string& name : block_names) w.ascii_fixed(name, 8, ' ');
  return w.take();
}

std::string block_file_name(std::string_view type_code, unsigned number) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "_%.2s%05uP", type_code.data(), number % 100000u);
  return buf;
}

namespace {

void block_control_head(ByteWriter& w, std::uint8_t function, std::string_view file_name) {
  w.u8(function).u8(0x00).be16(0x0100).be32(0x00000000);
  w.u8(static_cast<unsigned>(file_name.size())).ascii(file_name);
}

}  // namespace

Bytes request_download_param(std::string_view file_name, std::size_t load_memory_length,
                             std::size_t mc7_length) {
  ByteWriter w;
  block_control_head(w, fn::kRequestDownload, file_name);
  char part2[16];
  std::snprintf(part2, sizeof part2, "1%06zu%06zu", load_memory_length, mc7_length);
  w.u8(13).ascii(std::string_view(part2, 13));
  return w.take();
}

Bytes download_block_param(std::string_view file_name) {
  ByteWriter w;
  block_control_head(w, fn::kDownloadBlock, file_name);
  return w.take();
}

Bytes download_block_ack_param(bool more_follows) {
  return ByteWriter(2).u8(fn::kDownloadBlock).u8(more_follows ? 0x01 : 0x00).take();
}

Bytes download_block_ack_data(std::span<const std::uint8_t> chunk) {
  return ByteWriter(4 + chunk.size())
      .be16(static_cast<unsigned>(chunk.size()))
      .be16(0x00FB)
      .bytes(chunk)
      .take();
}

Bytes download_ended_param(std::string_view file_name) {
  ByteWriter w;
  // Function, status, error code 0x0000, 4 unknown bytes, file name.
  w.u8(fn::kDownloadEnded).u8(0x00).be16(0x0000).be32(0x00000000);
  w.u8(static_cast<unsigned>(file_name.size())).ascii(file_name);
  return w.take();
}

Bytes function_ack_param(std::uint8_t function) {
  return ByteWriter(1).u8(function).take();
}

}  // namespace otscope::pcapgen::s7
