// A Siemens S7-300 CPU (identity lists, memory, PDU numbering) and a client session on one
// ISO-on-TCP connection: HMI polling, engineering reads, and the control functions attackers use.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "pcaps/generator/prng.h"
#include "pcaps/generator/protocol_stats.h"
#include "pcaps/generator/s7_wire.h"
#include "pcaps/generator/sim_time.h"
#include "pcaps/generator/tcp_conversation.h"

namespace otscope::pcapgen::s7 {

struct PlcIdentity {
  std::string order_number;  // SZL 0x0011 index 1 (MlfB)
  unsigned firmware[3] = {3, 2, 6};
  std::string station_name;       // SZL 0x001C index 1 (automation system name)
  std::string module_name;        // index 2
  std::string plant_designation;  // index 3
  std::string copyright;          // index 4
  std::string serial_number;      // index 5
  std::string module_type_name;   // index 7
};

class Plc {
 public:
  Plc(PlcIdentity identity, Prng prng);

  /// Current bytes at an address; DB and M contents drift with the process.
  Bytes read(const VarAddress& at);
  void write(const VarAddress& at, std::span<const std::uint8_t> value);
  /// The records of an SZL partial list and their fixed length.
  std::vector<Bytes> szl(std::uint16_t id, std::uint16_t index, std::uint16_t& record_length) const;

  void advance(Micros t);
  Micros latency() { return prng_.between(msec(2), msec(7)); }
  Micros slow_latency() { return prng_.between(msec(12), msec(30)); }
  std::uint16_t take_pdu_ref() { return pdu_ref_++; }
  std::uint8_t take_userdata_seq() { return ++userdata_seq_; }
  void set_running(bool r) { running_ = r; }

 private:
  Bytes& area(const VarAddress& at);
  PlcIdentity identity_;
  Prng prng_;
  std::map<std::uint16_t, Bytes> data_blocks_;
  Bytes flags_;
  Micros last_advance_ = 0;
  std::uint16_t pdu_ref_ = 0x0400;
  std::uint8_t userdata_seq_ = 0;
  bool running_ = true;
};

class ClientSession {
 public:
  /// Rack 0 slot 2 CPU: called TSAP 0x0102 (PG/OP connection, rack*32+slot).
  ClientSession(TcpConversation& tcp, ProtocolStats& stats, Plc& plc, std::uint16_t calling_tsap,
                std::uint16_t called_tsap, std::uint16_t first_pdu_ref);

  /// COTP CR/CC, then setup communication (PDU size negotiated down to 240).
  Micros connect(Micros t);
  Micros read_var(Micros t, std::span<const VarAddress> items);
  Micros write_var(Micros t, std::span<const VarAddress> items, const std::vector<Bytes>& values);
  Micros read_szl(Micros t, std::uint16_t id, std::uint16_t index);
  Micros plc_stop(Micros t);
  Micros plc_control(Micros t, std::span<const std::uint8_t> parameter_block,
                     std::string_view service);
  /// Request download by the client; then the PLC pulls the block with download-block jobs and
  /// closes with download-ended (the PLC is the requester of those two).
  Micros download(Micros t, std::string_view type_code, unsigned number,
                  std::span<const std::uint8_t> block, std::size_t mc7_length);

  TcpConversation& tcp() { return tcp_; }

 private:
  Micros job(Micros t, Side from, std::uint16_t ref, std::span<const std::uint8_t> param,
             std::span<const std::uint8_t> data, std::uint8_t function, std::string_view detail);
  Micros ack(Micros t, Side from, std::uint16_t ref, std::span<const std::uint8_t> param,
             std::span<const std::uint8_t> data, std::uint8_t function, std::string_view detail);
  std::uint16_t take_ref() { return next_ref_++; }

  TcpConversation& tcp_;
  ProtocolStats& stats_;
  Plc& plc_;
  std::uint16_t calling_tsap_;
  std::uint16_t called_tsap_;
  std::uint16_t next_ref_;
  std::uint8_t szl_seq_ = 0;
};

/// A plausible S7 block in load-memory format: 36-byte header ("pp" signature, language, type,
/// number, lengths, timestamps), MC7 body and a 36-byte trailer with author/family/name.
Bytes make_block(std::uint8_t block_type, std::uint16_t number, std::uint8_t language,
                 std::span<const std::uint8_t> body, std::string_view name, std::string_view family,
                 std::string_view author);

}  // namespace otscope::pcapgen::s7
