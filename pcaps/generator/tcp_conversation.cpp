#include "pcaps/generator/tcp_conversation.h"

#include <tins/tcp.h>

#include <algorithm>

namespace otscope::pcapgen {
namespace {

constexpr std::size_t kMss = 1460;

std::uint32_t window_for(StackProfile p) {
  switch (p) {
    case StackProfile::Windows:
      return 64240;
    case StackProfile::Linux:
      return 64256;
    case StackProfile::Embedded:
      return 8192;
  }
  return 8192;
}

std::uint8_t wscale_for(StackProfile p) {
  switch (p) {
    case StackProfile::Windows:
      return 8;
    case StackProfile::Linux:
      return 7;
    case StackProfile::Embedded:
      return 0;
  }
  return 0;
}

Micros delayed_ack_for(StackProfile p) {
  switch (p) {
    case StackProfile::Windows:
      return msec(200);
    case StackProfile::Linux:
      return msec(40);
    case StackProfile::Embedded:
      return msec(20);
  }
  return msec(20);
}

SynOptions syn_options_for(StackProfile p, bool syn_ack) {
  switch (p) {
    case StackProfile::Windows:
      return syn_ack ? SynOptions::WindowsSynAck : SynOptions::Windows;
    case StackProfile::Linux:
      return syn_ack ? SynOptions::LinuxSynAck : SynOptions::Linux;
    case StackProfile::Embedded:
      return SynOptions::Embedded;
  }
  return SynOptions::Embedded;
}

}  // namespace

TcpConversation::TcpConversation(FrameSink& sink, Prng& prng, Host& client, Host& server,
                                 std::uint16_t server_port)
    : sink_(sink), prng_(prng) {
  client_.host = &client;
  client_.port = client.take_port();
  client_.seq = prng_.next32();
  server_.host = &server;
  server_.port = server_port;
  server_.seq = prng_.next32();
  for (End* e : {&client_, &server_}) {
    e->window = window_for(e->host->stack);
    e->wscale = wscale_for(e->host->stack);
    e->delayed_ack = delayed_ack_for(e->host->stack);
  }
  // Window scaling is in force only when both SYNs carry the option.
  scaling_ = client.stack != StackProfile::Embedded && server.stack != StackProfile::Embedded;
}

std::uint16_t TcpConversation::window_field(const End& e) const {
  const std::uint32_t w =
      scaling_ ? e.window >> e.wscale : std::min<std::uint32_t>(e.window, 65535);
  return static_cast<std::uint16_t>(w);
}

void TcpConversation::emit(Side from, Micros t, std::uint16_t flags,
                           std::span<const std::uint8_t> payload, SynOptions options) {
  End& me = end(from);
  End& other = peer(from);
  TcpHeader h;
  h.sport = me.port;
  h.dport = other.port;
  h.seq = me.seq;
  h.ack = (flags & Tins::TCP::ACK) ? me.ack : 0;
  h.flags = flags;
  // SYN segments carry the unscaled window; scaling applies from the next segment on.
  h.window = (flags & Tins::TCP::SYN)
                 ? static_cast<std::uint16_t>(std::min<std::uint32_t>(me.window, 65535))
                 : window_field(me);
  last_time_ = std::max(last_time_, t);
  sink_.emit(t, tcp_frame(link_between(*me.host, *other.host), ip_between(*me.host, *other.host), h,
                          payload, options));
  me.seq += static_cast<std::uint32_t>(payload.size());
  if (flags & (Tins::TCP::SYN | Tins::TCP::FIN)) me.seq += 1;
}

Micros TcpConversation::open(Micros t) {
  const bool routed = !client_.host->routed_via.empty() || !server_.host->routed_via.empty();
  const Micros path = routed ? usec(450) : usec(60);
  emit(Side::Client, t, Tins::TCP::SYN, {}, syn_options_for(client_.host->stack, false));
  server_.ack = client_.seq;
  const Micros t_synack = t + path + prng_.between(80, 260);
  emit(Side::Server, t_synack, Tins::TCP::SYN | Tins::TCP::ACK, {},
       syn_options_for(server_.host->stack, true));
  client_.ack = server_.seq;
  const Micros t_ack = t_synack + path + prng_.between(40, 120);
  emit(Side::Client, t_ack, Tins::TCP::ACK, {});
  open_ = true;
  return t_ack;
}

void TcpConversation::flush_acks(Micros t) {
  for (Side s : {Side::Client, Side::Server}) {
    End& e = end(s);
    if (e.ack_pending && e.ack_due <= t) {
      emit(s, e.ack_due, Tins::TCP::ACK, {});
      e.ack_pending = false;
      e.unacked_segments = 0;
    }
  }
}

Micros TcpConversation::send(Side from, std::span<const std::uint8_t> payload, Micros t) {
  t = not_before(t);
  flush_acks(t);
  End& me = end(from);
  End& other = peer(from);
  Micros when = t;
  std::size_t offset = 0;
  while (offset < payload.size()) {
    const std::size_t n = std::min(kMss, payload.size() - offset);
    const bool last = offset + n == payload.size();
    const std::uint16_t flags = Tins::TCP::ACK | (last ? Tins::TCP::PSH : 0);
    emit(from, when, flags, payload.subspan(offset, n));
    offset += n;
    me.ack_pending = false;  // the data segment carried our ACK
    me.unacked_segments = 0;
    other.ack += static_cast<std::uint32_t>(n);
    other.unacked_segments += 1;
    if (other.unacked_segments >= 2) {
      // Receivers ACK at least every second full segment without waiting for the timer.
      emit(from == Side::Client ? Side::Server : Side::Client, when + usec(35), Tins::TCP::ACK, {});
      other.unacked_segments = 0;
      other.ack_pending = false;
    } else {
      other.ack_pending = true;
      other.ack_due = when + other.delayed_ack;
    }
    if (!last) when += usec(12) + prng_.between(0, 6);
  }
  return when;
}

void TcpConversation::close(Side initiator, Micros t) {
  t = not_before(t);
  flush_acks(t);
  const Side responder = initiator == Side::Client ? Side::Server : Side::Client;
  emit(initiator, t, Tins::TCP::FIN | Tins::TCP::ACK, {});
  end(responder).ack += 1;
  end(responder).ack_pending = false;
  const Micros t_fin2 = t + prng_.between(150, 600);
  emit(responder, t_fin2, Tins::TCP::FIN | Tins::TCP::ACK, {});
  end(initiator).ack += 1;
  end(initiator).ack_pending = false;
  emit(initiator, t_fin2 + prng_.between(40, 120), Tins::TCP::ACK, {});
  open_ = false;
}

void TcpConversation::reset(Side from, Micros t) {
  t = not_before(t);
  flush_acks(t);
  emit(from, t, Tins::TCP::RST | Tins::TCP::ACK, {});
  open_ = false;
  client_.ack_pending = false;
  server_.ack_pending = false;
}

void TcpConversation::finish(Micros t_end) {
  if (open_) flush_acks(t_end);
}

}  // namespace otscope::pcapgen
