#include "pcaps/generator/bench.h"

#include <tins/tcp.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "pcaps/generator/capture.h"
#include "pcaps/generator/dnp3_wire.h"
#include "pcaps/generator/frames.h"
#include "pcaps/generator/modbus.h"
#include "pcaps/generator/prng.h"
#include "pcaps/generator/s7_wire.h"

namespace otscope::pcapgen {
namespace {

enum class FlowKind : std::uint8_t { Modbus, Dnp3, S7, Http, Tls, Dns, Syslog };

constexpr std::array<FlowKind, 10> kKindMix = {
    FlowKind::Modbus, FlowKind::Modbus, FlowKind::Dnp3, FlowKind::S7,     FlowKind::Http,
    FlowKind::Tls,    FlowKind::Tls,    FlowKind::Dns,  FlowKind::Modbus, FlowKind::Syslog};

/// Host-order integer to address, independent of the machine's byte order.
Tins::IPv4Address ipv4(std::uint32_t v) {
  return Tins::IPv4Address(std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 0xFF) + "." +
                           std::to_string((v >> 8) & 0xFF) + "." + std::to_string(v & 0xFF));
}

bool is_ics(FlowKind k) {
  return k == FlowKind::Modbus || k == FlowKind::Dnp3 || k == FlowKind::S7;
}
bool is_udp(FlowKind k) {
  return k == FlowKind::Dns || k == FlowKind::Syslog;
}

std::uint16_t server_port(FlowKind k) {
  switch (k) {
    case FlowKind::Modbus:
      return modbus::kPort;
    case FlowKind::Dnp3:
      return dnp3::kPort;
    case FlowKind::S7:
      return s7::kPort;
    case FlowKind::Http:
      return 80;
    case FlowKind::Tls:
      return 443;
    case FlowKind::Dns:
      return 53;
    case FlowKind::Syslog:
      return 514;
  }
  return 0;
}

std::uint32_t server_oui(FlowKind k) {
  switch (k) {
    case FlowKind::Modbus:
      return 0x0080F4;
    case FlowKind::Dnp3:
      return 0x0030A7;
    case FlowKind::S7:
      return 0x001B1B;
    default:
      return 0xD4BED9;
  }
}

/// The steps of one flow; TCP flows: handshake, request/response/ACK rounds, FIN exchange.
enum class Step : std::uint8_t {
  Syn,
  SynAck,
  Ack,
  Request,
  Response,
  RespAck,
  Fin,
  FinAck,
  LastAck,
  Done
};

struct Flow {
  FlowKind kind{};
  Step step = Step::Syn;
  std::uint32_t rounds_left = 0;
  std::uint32_t round = 0;  // rounds done; S7 flows connect (COTP, setup) in rounds 0 and 1
  std::uint16_t transaction = 1;
  std::uint8_t seq4 = 0;  // DNP3 application / transport sequence
  std::uint32_t client_seq = 0;
  std::uint32_t server_seq = 0;
  LinkHeader to_server;
  LinkHeader to_client;
  Ipv4Header ip_to_server;
  Ipv4Header ip_to_client;
  std::uint16_t client_port = 0;
  std::uint16_t port = 0;
};

class BenchGenerator {
 public:
  explicit BenchGenerator(const BenchOptions& o) : options_(o), prng_(o.seed) {
    // With the kind mix a flow of r rounds averages 4.8 + 2.7 r packets (TCP: 6 + 3 r, DNS: 2 r,
    // syslog: r); choose r so that about `flows` flows fill the capture.
    const double per_flow = static_cast<double>(o.packets) / std::max<std::uint32_t>(o.flows, 1);
    rounds_per_flow_ = static_cast<std::uint32_t>(std::max(1.0, (per_flow - 4.8) / 2.7 + 0.5));
    concurrency_ = std::clamp<std::uint32_t>(o.flows / 8, 1, 512);
  }

  BenchSummary run() {
    StreamingPcapWriter writer(options_.out);
    BenchSummary summary;
    Micros t = kCaptureStart;
    std::vector<Flow> active;
    Bytes payload;
    while (summary.packets < options_.packets) {
      while (active.size() < concurrency_) active.push_back(start_flow(summary.flows_started++));
      const std::size_t i = prng_.below(static_cast<std::uint32_t>(active.size()));
      t += 20 + prng_.below(60);
      const Bytes frame = next_frame(active[i], payload);
      writer.write(t, frame);
      summary.packets += 1;
      summary.bytes += frame.size();
      if (is_ics(active[i].kind)) summary.ics_packets += 1;
      if (active[i].step == Step::Done) {
        active[i] = std::move(active.back());
        active.pop_back();
      }
    }
    writer.close();
    return summary;
  }

 private:
  Flow start_flow(std::uint64_t n) {
    Flow f;
    f.kind = kKindMix[prng_.below(kKindMix.size())];
    f.rounds_left = rounds_per_flow_;
    f.port = server_port(f.kind);
    f.client_port = static_cast<std::uint16_t>(49152 + (n * 7) % 16000);
    f.client_seq = prng_.next32();
    f.server_seq = prng_.next32();
    // Clients 10.20.0.0/16, servers 10.30.0.0/20: about 4000 distinct servers.
    const auto client_id = static_cast<std::uint32_t>(n % 60000);
    const auto server_id = static_cast<std::uint32_t>(prng_.below(4000));
    const Tins::IPv4Address client_ip = ipv4(0x0A140000u + client_id + 1);
    const Tins::IPv4Address server_ip = ipv4(0x0A1E0000u + server_id + 1);
    const MacAddress client_mac = mac_from(0xF8B156, client_id);
    const MacAddress server_mac = mac_from(server_oui(f.kind), server_id);
    f.to_server = LinkHeader{client_mac, server_mac, std::nullopt};
    f.to_client = LinkHeader{server_mac, client_mac, std::nullopt};
    f.ip_to_server =
        Ipv4Header{client_ip, server_ip, 128, static_cast<std::uint16_t>(prng_.next32()), true};
    f.ip_to_client =
        Ipv4Header{server_ip, client_ip, 64, static_cast<std::uint16_t>(prng_.next32()), true};
    f.step = is_udp(f.kind) ? Step::Request : Step::Syn;
    return f;
  }

  void request_payload(Flow& f, Bytes& out) {
    switch (f.kind) {
      case FlowKind::Modbus:
        out = modbus::adu(
            f.transaction, 1,
            modbus::read_bits_or_registers(modbus::FunctionCode::ReadHoldingRegisters, 0, 10));
        break;
      case FlowKind::Dnp3: {
        dnp3::ObjectWriter objects;
        objects.all_objects(dnp3::kGroupClassData, 2).all_objects(dnp3::kGroupClassData, 3);
        objects.all_objects(dnp3::kGroupClassData, 4);
        std::uint8_t tseq = f.seq4;
        out = dnp3::frames_for_fragment(
            dnp3::request_fragment(
                static_cast<std::uint8_t>(dnp3::kFir | dnp3::kFin | (f.seq4 & 0x0F)),
                dnp3::kFuncRead, objects.take()),
            true, 10, 1, tseq)[0];
        break;
      }
      case FlowKind::S7: {
        if (f.round == 0) {
          out = s7::cotp_connection_request(0x0001, 0x0100, 0x0102);
        } else if (f.round == 1) {
          out = s7::cotp_data(
              s7::pdu(s7::Rosctr::Job, f.transaction, s7::setup_communication_param(1, 480), {}));
        } else {
          const s7::VarAddress item{s7::area::kDataBlocks, 1, 0, 16};
          out = s7::cotp_data(s7::pdu(s7::Rosctr::Job, f.transaction,
                                      s7::var_param(s7::fn::kReadVar, {&item, 1}), {}));
        }
        break;
      }
      case FlowKind::Http: {
        static constexpr std::string_view kGet =
            "GET /api/v1/status HTTP/1.1\r\nHost: app.example.internal\r\nAccept: */*\r\n\r\n";
        out.assign(kGet.begin(), kGet.end());
        break;
      }
      case FlowKind::Tls:
        random_record(out, 0x17, 80 + prng_.below(400));
        break;
      case FlowKind::Dns: {
        ByteWriter w(40);
        w.be16(f.transaction).be16(0x0100).be16(1).be16(0).be16(0).be16(0);
        w.u8(3).ascii("app").u8(7).ascii("example").u8(8).ascii("internal").u8(0).be16(1).be16(1);
        out = w.take();
        break;
      }
      case FlowKind::Syslog:
        out = Bytes{'<', '1', '3', '4', '>'};
        out.insert(out.end(), 60 + prng_.below(120), 'x');
        break;
    }
  }

  void response_payload(Flow& f, Bytes& out) {
    switch (f.kind) {
      case FlowKind::Modbus: {
        ByteWriter pdu(22);
        pdu.u8(wire(modbus::FunctionCode::ReadHoldingRegisters)).u8(20);
        for (int i = 0; i < 10; ++i) pdu.be16(prng_.below(4096));
        out = modbus::adu(f.transaction, 1, pdu.view());
        break;
      }
      case FlowKind::Dnp3: {
        std::uint8_t tseq = f.seq4;
        out = dnp3::frames_for_fragment(
            dnp3::response_fragment(
                static_cast<std::uint8_t>(dnp3::kFir | dnp3::kFin | (f.seq4 & 0x0F)),
                dnp3::kFuncResponse, 0, {}),
            false, 1, 10, tseq)[0];
        break;
      }
      case FlowKind::S7: {
        if (f.round == 0) {
          out = s7::cotp_connection_confirm(0x0001, 0x4431, 0x0100, 0x0102);
          break;
        }
        if (f.round == 1) {
          out = s7::cotp_data(s7::pdu(s7::Rosctr::AckData, f.transaction,
                                      s7::setup_communication_param(1, 240), {}));
          break;
        }
        const Bytes value(16, static_cast<std::uint8_t>(prng_.below(256)));
        out = s7::cotp_data(s7::pdu(s7::Rosctr::AckData, f.transaction,
                                    s7::var_ack_param(s7::fn::kReadVar, 1),
                                    s7::read_var_ack_data({value})));
        break;
      }
      case FlowKind::Http: {
        static constexpr std::string_view kOk =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n"
            "{\"status\":\"ok\",\"load\":0.42}";
        out.assign(kOk.begin(), kOk.end());
        break;
      }
      case FlowKind::Tls:
        random_record(out, 0x17, 200 + prng_.below(1100));
        break;
      case FlowKind::Dns: {
        ByteWriter w(56);
        w.be16(f.transaction).be16(0x8180).be16(1).be16(1).be16(0).be16(0);
        w.u8(3).ascii("app").u8(7).ascii("example").u8(8).ascii("internal").u8(0).be16(1).be16(1);
        w.be16(0xC00C).be16(1).be16(1).be32(300).be16(4).be32(0x0A1E0001u + prng_.below(4000));
        out = w.take();
        break;
      }
      case FlowKind::Syslog:
        out.clear();
        break;
    }
  }

  void random_record(Bytes& out, std::uint8_t type, std::uint32_t length) {
    out.resize(5 + length);
    out[0] = type;
    out[1] = 0x03;
    out[2] = 0x03;
    out[3] = static_cast<std::uint8_t>(length >> 8);
    out[4] = static_cast<std::uint8_t>(length);
    for (std::uint32_t i = 0; i < length; i += 8) {
      const std::uint64_t r = prng_.next();
      for (std::uint32_t b = 0; b < 8 && i + b < length; ++b)
        out[5 + i + b] = static_cast<std::uint8_t>(r >> (8 * b));
    }
  }

  Bytes tcp(Flow& f, bool from_client, std::uint16_t flags, std::span<const std::uint8_t> payload) {
    TcpHeader h;
    h.sport = from_client ? f.client_port : f.port;
    h.dport = from_client ? f.port : f.client_port;
    h.seq = from_client ? f.client_seq : f.server_seq;
    h.ack = (flags & Tins::TCP::ACK) ? (from_client ? f.server_seq : f.client_seq) : 0;
    h.flags = flags;
    h.window = from_client ? 64240 : 8192;
    Ipv4Header& ip = from_client ? f.ip_to_server : f.ip_to_client;
    ip.id = static_cast<std::uint16_t>(ip.id + 1);
    const SynOptions options = (flags & Tins::TCP::SYN) ? SynOptions::Embedded : SynOptions::None;
    Bytes frame = tcp_frame(from_client ? f.to_server : f.to_client, ip, h, payload, options);
    std::uint32_t& seq = from_client ? f.client_seq : f.server_seq;
    seq += static_cast<std::uint32_t>(payload.size());
    if (flags & (Tins::TCP::SYN | Tins::TCP::FIN)) seq += 1;
    return frame;
  }

  Bytes udp(Flow& f, bool from_client, std::span<const std::uint8_t> payload) {
    Ipv4Header& ip = from_client ? f.ip_to_server : f.ip_to_client;
    ip.id = static_cast<std::uint16_t>(ip.id + 1);
    return udp_frame(from_client ? f.to_server : f.to_client, ip,
                     from_client ? f.client_port : f.port, from_client ? f.port : f.client_port,
                     payload);
  }

  Bytes next_frame(Flow& f, Bytes& payload) {
    using Tins::TCP;
    if (is_udp(f.kind)) {
      if (f.step == Step::Request) {
        request_payload(f, payload);
        f.step = f.kind == FlowKind::Dns ? Step::Response : next_round(f);
        return udp(f, true, payload);
      }
      response_payload(f, payload);
      f.step = next_round(f);
      return udp(f, false, payload);
    }
    switch (f.step) {
      case Step::Syn:
        f.step = Step::SynAck;
        return tcp(f, true, TCP::SYN, {});
      case Step::SynAck:
        f.step = Step::Ack;
        return tcp(f, false, TCP::SYN | TCP::ACK, {});
      case Step::Ack:
        f.step = Step::Request;
        return tcp(f, true, TCP::ACK, {});
      case Step::Request:
        request_payload(f, payload);
        f.step = Step::Response;
        return tcp(f, true, TCP::PSH | TCP::ACK, payload);
      case Step::Response:
        response_payload(f, payload);
        f.step = Step::RespAck;
        return tcp(f, false, TCP::PSH | TCP::ACK, payload);
      case Step::RespAck:
        f.step = next_round(f) == Step::Done ? Step::Fin : Step::Request;
        return tcp(f, true, TCP::ACK, {});
      case Step::Fin:
        f.step = Step::FinAck;
        return tcp(f, true, TCP::FIN | TCP::ACK, {});
      case Step::FinAck:
        f.step = Step::LastAck;
        return tcp(f, false, TCP::FIN | TCP::ACK, {});
      case Step::LastAck:
      case Step::Done:
        f.step = Step::Done;
        return tcp(f, true, TCP::ACK, {});
    }
    return {};
  }

  Step next_round(Flow& f) {
    f.round += 1;
    f.transaction = static_cast<std::uint16_t>(f.transaction + 1);
    f.seq4 = static_cast<std::uint8_t>((f.seq4 + 1) & 0x0F);
    if (f.rounds_left <= 1) return Step::Done;
    --f.rounds_left;
    return Step::Request;
  }

  BenchOptions options_;
  Prng prng_;
  std::uint32_t rounds_per_flow_ = 1;
  std::uint32_t concurrency_ = 1;
};

}  // namespace

BenchSummary write_bench(const BenchOptions& options) {
  return BenchGenerator(options).run();
}

}  // namespace otscope::pcapgen
