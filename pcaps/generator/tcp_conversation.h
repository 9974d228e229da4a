// One TCP connection between two hosts: 3-way handshake, data in MSS-sized segments with correct
// sequence and acknowledgement numbers, delayed ACKs (piggybacked on data when the peer answers
// first), FIN close or RST. Times passed to one conversation must not go backwards.
#pragma once

#include <cstdint>
#include <span>

#include "pcaps/generator/capture.h"
#include "pcaps/generator/frames.h"
#include "pcaps/generator/hosts.h"
#include "pcaps/generator/prng.h"
#include "pcaps/generator/sim_time.h"

namespace otscope::pcapgen {

enum class Side { Client, Server };

class TcpConversation {
 public:
  /// The client port comes from the client's ephemeral range; the ISNs from `prng`.
  TcpConversation(FrameSink& sink, Prng& prng, Host& client, Host& server,
                  std::uint16_t server_port);

  /// SYN at `t`, SYN/ACK and ACK a LAN round trip later. Returns when the client may send.
  Micros open(Micros t);
  /// Sends `payload` from one side at `t` (split at the MSS). Returns the time of the last segment.
  Micros send(Side from, std::span<const std::uint8_t> payload, Micros t);
  /// Orderly close started by `initiator` at `t`: FIN/ACK, FIN/ACK, ACK.
  void close(Side initiator, Micros t);
  /// Abortive close: RST/ACK from `from` at `t`.
  void reset(Side from, Micros t);
  /// Emits the delayed ACKs that fall due before the capture ends at `t_end`.
  void finish(Micros t_end);

  /// Time of the last frame emitted on this connection.
  Micros last_time() const { return last_time_; }

 private:
  struct End {
    Host* host = nullptr;
    std::uint16_t port = 0;
    std::uint32_t seq = 0;  // next sequence number this end sends
    std::uint32_t ack = 0;  // next sequence number expected from the peer
    std::uint32_t window = 0;
    std::uint8_t wscale = 0;
    bool ack_pending = false;
    Micros ack_due = 0;
    int unacked_segments = 0;
    Micros delayed_ack = 0;
  };

  End& end(Side s) { return s == Side::Client ? client_ : server_; }
  End& peer(Side s) { return s == Side::Client ? server_ : client_; }
  void emit(Side from, Micros t, std::uint16_t flags, std::span<const std::uint8_t> payload,
            SynOptions options = SynOptions::None);
  void flush_acks(Micros t);
  std::uint16_t window_field(const End& e) const;

  FrameSink& sink_;
  Prng& prng_;
  End client_;
  End server_;
  Micros not_before(Micros t) const { return t <= last_time_ ? last_time_ + usec(40) : t; }

  bool scaling_ = false;
  bool open_ = false;
  Micros last_time_ = 0;
};

}  // namespace otscope::pcapgen
