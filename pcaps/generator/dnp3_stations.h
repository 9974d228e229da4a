// A DNP3 outstation's data and state (points, events, IIN, device attributes) and a master
// session that polls it over one TCP connection, counting every fragment it writes.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "pcaps/generator/dnp3_wire.h"
#include "pcaps/generator/prng.h"
#include "pcaps/generator/protocol_stats.h"
#include "pcaps/generator/sim_time.h"
#include "pcaps/generator/tcp_conversation.h"

namespace otscope::pcapgen::dnp3 {

/// Group 0 device attributes an outstation reports (IEEE 1815-2012 table 11-x).
struct DeviceAttributes {
  std::string manufacturer;      // v252
  std::string product;           // v250
  std::string serial_number;     // v248
  std::string device_name;       // v247
  std::string device_id;         // v246
  std::string location;          // v245
  std::string hardware_version;  // v243
  std::string software_version;  // v242
};

class Outstation {
 public:
  Outstation(std::uint16_t address, DeviceAttributes attributes, Prng prng, std::size_t binaries,
             std::size_t analogs, std::size_t counters, Micros min_latency, Micros max_latency);

  std::uint16_t address() const { return address_; }
  /// Evolves the process up to `t`: analog drift beyond the deadband and binary changes become
  /// class 1 (binary) and class 2 (analog) events stamped with their time.
  void advance(Micros t);
  /// A binary input changes state at `t` (an operator action, a breaker trip).
  void flip_binary(Micros t, std::uint8_t index);

  std::uint16_t iin() const;
  bool has_events() const { return !events_.empty(); }
  /// Static data of class 0: g1v2, g30v1, g20v1 over all points.
  Bytes static_objects() const;
  /// Pending events (g2v2 binary with time, g32v3 analog with time), oldest first; they stay
  /// pending until confirmed.
  Bytes event_objects() const;
  void events_confirmed() { events_.clear(); }
  Bytes attribute_objects() const;

  void time_synchronised() { need_time_ = false; }
  /// Cold restart: events lost, restart and need-time indications set.
  void restart();
  void restart_acknowledged() { restarted_ = false; }
  bool unsolicited_enabled() const { return unsolicited_enabled_; }
  void set_unsolicited(bool enabled) { unsolicited_enabled_ = enabled; }
  std::uint8_t take_unsolicited_seq();
  Micros latency() { return prng_.between(min_latency_, max_latency_); }

 private:
  struct Event {
    bool binary = false;
    std::uint8_t index = 0;
    std::int32_t value = 0;
    Micros time = 0;
  };
  std::uint16_t address_;
  DeviceAttributes attributes_;
  Prng prng_;
  std::vector<bool> binaries_;
  std::vector<std::int32_t> analogs_;
  std::vector<std::int32_t> reported_analogs_;
  std::vector<std::uint32_t> counters_;
  std::deque<Event> events_;
  Micros last_advance_ = 0;
  Micros min_latency_;
  Micros max_latency_;
  bool need_time_ = true;
  bool restarted_ = false;
  bool unsolicited_enabled_ = false;
  std::uint8_t unsolicited_seq_ = 0;
};

/// A master (or anyone speaking as one) on one TCP connection to an outstation.
class MasterSession {
 public:
  MasterSession(TcpConversation& tcp, ProtocolStats& stats, Outstation& outstation,
                std::uint16_t master_address);

  /// Link-layer keep-alive: REQUEST LINK STATUS and the LINK STATUS answer (no application data).
  Micros link_status(Micros t);
  /// Read class 1, 2, 3 and 0 (g60v2, v3, v4, v1) in one request.
  Micros integrity_poll(Micros t);
  /// Read class 1, 2 and 3 events.
  Micros event_poll(Micros t);
  /// Write g50v1 with the master's clock.
  Micros time_sync(Micros t);
  /// Read g0v254 (all device attributes).
  Micros read_attributes(Micros t);
  Micros enable_unsolicited(Micros t);
  Micros disable_unsolicited(Micros t);
  /// Cold restart; the outstation answers with g52v2 (fine time delay, milliseconds).
  Micros cold_restart(Micros t, std::uint16_t delay_ms);
  /// Write g80v1 index 7 = 0: clears the DEVICE RESTART indication.
  Micros clear_restart(Micros t);
  /// The outstation reports its pending events unsolicited; the master confirms.
  Micros unsolicited(Micros t);

  TcpConversation& tcp() { return tcp_; }

 private:
  Micros request(Micros t, std::uint8_t fc, std::span<const std::uint8_t> objects);
  Micros respond(Micros t, std::uint8_t control, std::uint8_t fc,
                 std::span<const std::uint8_t> objects);
  Micros confirm(Micros t, std::uint8_t seq, bool unsolicited);
  Micros read_classes(Micros t, bool with_class0);

  TcpConversation& tcp_;
  ProtocolStats& stats_;
  Outstation& outstation_;
  std::uint16_t master_address_;
  std::uint8_t app_seq_ = 0;
  std::uint8_t transport_seq_master_ = 0;
  std::uint8_t transport_seq_outstation_ = 0;
};

}  // namespace otscope::pcapgen::dnp3
