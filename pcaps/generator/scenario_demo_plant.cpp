// demo_plant.pcap: ten minutes of normal operation of a small plant (see pcaps/README.md).
#include <deque>
#include <functional>
#include <memory>

#include "pcaps/generator/devices.h"
#include "pcaps/generator/it_traffic.h"
#include "pcaps/generator/plant.h"
#include "pcaps/generator/scenario.h"

namespace otscope::pcapgen {
namespace {

constexpr Micros kDuration = sec(600);
using FC = modbus::FunctionCode;

const char kTrendJson[] =
    "{\"tag\":\"PUMP_STATION_1.LEVEL\",\"unit\":\"%\",\"interval\":\"60s\",\"points\":["
    "{\"t\":\"2026-03-02T07:50:00Z\",\"v\":63.8},{\"t\":\"2026-03-02T07:51:00Z\",\"v\":64.0},"
    "{\"t\":\"2026-03-02T07:52:00Z\",\"v\":64.1},{\"t\":\"2026-03-02T07:53:00Z\",\"v\":64.1},"
    "{\"t\":\"2026-03-02T07:54:00Z\",\"v\":64.3},{\"t\":\"2026-03-02T07:55:00Z\",\"v\":64.2},"
    "{\"t\":\"2026-03-02T07:56:00Z\",\"v\":64.0},{\"t\":\"2026-03-02T07:57:00Z\",\"v\":63.9},"
    "{\"t\":\"2026-03-02T07:58:00Z\",\"v\":64.1},{\"t\":\"2026-03-02T07:59:00Z\",\"v\":64.2}],"
    "\"quality\":\"good\",\"source\":\"plc-m340:HR0\",\"retention_days\":730,\"description\":"
    "\"Wet well level, pump station 1. Alarm high 90.0 %, alarm low 15.0 %. Values are "
    "averaged over the interval from 1 s samples collected by the historian Modbus "
    "collector (input registers 0..15 every 10 s) and the HMI (holding registers every "
    "second).\",\"related\":[\"PUMP_STATION_1.INFLOW\",\"PUMP_STATION_1.OUTFLOW\","
    "\"PUMP_STATION_1.PRESSURE\",\"PUMP_STATION_1.P1_SPEED\",\"PUMP_STATION_1.P2_SPEED\","
    "\"FEEDER7.BREAKER_52A\",\"SUB_NORTH.BUS_VOLTAGE\"],\"generated\":\"2026-03-02T08:01:00Z\","
    "\"server\":\"historian.plant.local\",\"api\":\"v2\",\"license\":\"site\",\"notes\":"
    "\"Trend export for the operator display. Use the /trends endpoint with a tag query and "
    "an interval to obtain other series; intervals below 10 s are served from the HMI "
    "buffer and may be interpolated. This export is informational and not for billing.\"}";

}  // namespace

void build_demo_plant(ScenarioOutput& out) {
  Prng prng(0xD3E0'2026'0302'0800ull);
  FrameSink& sink = out.capture;
  ProtocolStats& stats = out.stats;
  Network& net = out.network;
  Host& rtr = net.add(plant::core_router());
  Host& rtr20 = net.add(plant::core_router_vlan20());
  Host& dc = net.add(plant::domain_controller());
  Host& hmi = net.add(plant::hmi());
  Host& ews = net.add(plant::engineering_ws());
  Host& m340_host = net.add(plant::modicon_plc());
  Host& gw_host = net.add(plant::modbus_gateway());
  Host& s7_host = net.add(plant::s7_plc());
  Host& laptop = net.add(plant::it_laptop());
  Host& scada = net.add(plant::scada_master());
  Host& sel_host = net.add(plant::sel_rtac());
  Host& ge_host = net.add(plant::ge_d20());
  Host& historian = net.add(plant::historian());

  modbus::Device m340 = devices::modicon_m340(prng);
  modbus::Device meter1 = devices::energy_meter(prng, 2300);
  modbus::Device meter2 = devices::energy_meter(prng, 4000);
  dnp3::Outstation sel = devices::sel_rtac(prng);
  dnp3::Outstation ge = devices::ge_d20(prng);
  s7::Plc s7plc = devices::s7_315(prng);

  const Micros t0 = kCaptureStart;
  const Micros end = t0 + kDuration;
  Scheduler sched;
  std::deque<TcpConversation> tcp;  // stable addresses for the sessions below

  // --- start of capture: address resolution and name lookups -----------------------------
  it::arp_resolve(sink, prng, t0 + msec(4), hmi, m340_host);
  it::arp_resolve(sink, prng, t0 + msec(9), hmi, gw_host);
  it::arp_resolve(sink, prng, t0 + msec(15), scada, sel_host);
  it::arp_resolve(sink, prng, t0 + msec(21), scada, ge_host);
  it::arp_resolve(sink, prng, t0 + msec(28), scada, rtr20);
  it::arp_resolve(sink, prng, t0 + msec(33), m340_host, rtr);
  it::dns_lookup(sink, prng, t0 + msec(60), hmi, dc, "historian.plant.local", "10.10.5.20");
  out.note(t0 + msec(4), "capture starts; ARP for the PLC, gateway, RTUs and router");

  // --- HMI <-> Modicon M340: read holding registers every second -------------------------
  TcpConversation& hmi_plc = tcp.emplace_back(sink, prng, hmi, m340_host, modbus::kPort);
  auto hmi_mb = std::make_shared<modbus::ClientSession>(hmi_plc, stats, 0x0001);
  {
    Micros t = hmi_plc.open(t0 + msec(120));
    hmi_mb->transact(t + msec(3), devices::kM340Unit,
                     modbus::read_device_identification(modbus::ReadDeviceIdCode::Regular,
                                                        modbus::DeviceIdObjectId::VendorName),
                     m340, msec(4));
    out.note(t, "hmi01 connects to plc-m340:502 and reads its device identification (43/14)");
  }
  std::function<void(Micros)> poll_m340;
  int m340_cycle = 0;
  poll_m340 = [&](Micros t) {
    ++m340_cycle;
    devices::drift_m340(m340, prng);
    Micros done = hmi_mb->transact(t, devices::kM340Unit,
                                   modbus::read_bits_or_registers(FC::ReadHoldingRegisters, 0, 10),
                                   m340, prng.between(msec(2), msec(6)));
    if (m340_cycle % 30 == 0) {
      done = hmi_mb->transact(done + msec(2), devices::kM340Unit,
                              modbus::read_bits_or_registers(FC::ReadCoils, 0, 16), m340,
                              prng.between(msec(2), msec(5)));
    }
    if (m340_cycle == 240) {
      out.note(done, "operator changes the level setpoint: hmi01 writes HR100 (FC 6)");
      done = hmi_mb->transact(done + msec(40), devices::kM340Unit,
                              modbus::write_single_register(100, 780), m340, msec(5));
    }
    if (m340_cycle == 305) {
      out.note(done, "hmi01 reads a tag mapped to HR9000: exception 02 (illegal data address)");
      done = hmi_mb->transact(done + msec(3), devices::kM340Unit,
                              modbus::read_bits_or_registers(FC::ReadHoldingRegisters, 9000, 2),
                              m340, msec(3));
    }
    if (m340_cycle == 420) {
      out.note(done, "operator loads a pump recipe: hmi01 writes HR103..104 (FC 16)");
      const std::uint16_t recipe[2] = {1420, 1420};
      done = hmi_mb->transact(done + msec(35), devices::kM340Unit,
                              modbus::write_multiple_registers(103, recipe), m340, msec(6));
    }
    sched.at(t0 + sec(m340_cycle + 1) + msec(150) + prng.jitter(msec(3)), poll_m340);
  };
  sched.at(t0 + sec(1) + msec(150), poll_m340);

  // --- HMI <-> Moxa gateway: energy meters on units 1 and 2 every 10 s -------------------
  TcpConversation& hmi_gw = tcp.emplace_back(sink, prng, hmi, gw_host, modbus::kPort);
  auto gw_mb = std::make_shared<modbus::ClientSession>(hmi_gw, stats, 0x0001);
  hmi_gw.open(t0 + msec(240));
  std::function<void(Micros)> poll_gateway;
  int gw_cycle = 0;
  poll_gateway = [&](Micros t) {
    ++gw_cycle;
    devices::drift_meter(meter1, prng);
    devices::drift_meter(meter2, prng);
    // Serial round trips behind the gateway take tens of milliseconds.
    Micros done =
        gw_mb->transact(t, 1, modbus::read_bits_or_registers(FC::ReadHoldingRegisters, 3000, 12),
                        meter1, prng.between(msec(24), msec(45)));
    const Bytes unit2_request = modbus::read_bits_or_registers(FC::ReadInputRegisters, 0, 8);
    if (gw_cycle == 19) {
      out.note(done, "meter on unit 2 does not answer: gateway returns exception 0B after 1 s");
      done = gw_mb->transact_with(
          done + msec(5), 2, unit2_request,
          modbus::exception_pdu(wire(FC::ReadInputRegisters),
                                modbus::ExceptionCode::GatewayTargetDeviceFailedToRespond),
          msec(1000) + prng.between(msec(1), msec(3)));
    } else {
      done = gw_mb->transact(done + msec(5), 2, unit2_request, meter2,
                             prng.between(msec(30), msec(60)));
    }
    sched.at(t0 + sec(10 * gw_cycle + 5) + msec(400) + prng.jitter(msec(3)), poll_gateway);
  };
  sched.at(t0 + sec(5) + msec(400), poll_gateway);

  // --- historian (routed, 10.10.5.20) <-> M340: input registers every 10 s ---------------
  TcpConversation& hist_plc = tcp.emplace_back(sink, prng, historian, m340_host, modbus::kPort);
  auto hist_mb = std::make_shared<modbus::ClientSession>(hist_plc, stats, 0x2F00);
  hist_plc.open(t0 + msec(2600));
  out.note(t0 + msec(2600), "historian (10.10.5.20, via core-rtr) connects to plc-m340:502");
  std::function<void(Micros)> poll_historian;
  int hist_cycle = 0;
  poll_historian = [&](Micros t) {
    ++hist_cycle;
    hist_mb->transact(t, devices::kM340Unit,
                      modbus::read_bits_or_registers(FC::ReadInputRegisters, 0, 16), m340,
                      prng.between(msec(2), msec(6)));
    sched.at(t0 + sec(10 * hist_cycle + 3) + prng.jitter(msec(4)), poll_historian);
  };
  sched.at(t0 + sec(3), poll_historian);

  // --- SCADA master <-> DNP3 outstations on VLAN 20 ---------------------------------------
  TcpConversation& scada_sel = tcp.emplace_back(sink, prng, scada, sel_host, dnp3::kPort);
  TcpConversation& scada_ge = tcp.emplace_back(sink, prng, scada, ge_host, dnp3::kPort);
  auto sel_master = std::make_shared<dnp3::MasterSession>(scada_sel, stats, sel, 1);
  auto ge_master = std::make_shared<dnp3::MasterSession>(scada_ge, stats, ge, 1);
  {
    Micros t = scada_sel.open(t0 + msec(310));
    t = sel_master->link_status(t + msec(2));
    t = sel_master->integrity_poll(t + msec(5));
    t = sel_master->time_sync(t + msec(20));
    sel_master->read_attributes(t + msec(15));
    out.note(t0 + msec(310),
             "scada01 connects to rtu-sel:20000: link status, integrity poll, time sync, "
             "device attributes (g0v254)");
    t = scada_ge.open(t0 + msec(520));
    t = ge_master->link_status(t + msec(2));
    t = ge_master->integrity_poll(t + msec(5));
    t = ge_master->time_sync(t + msec(20));
    ge_master->enable_unsolicited(t + msec(15));
    out.note(t0 + msec(520),
             "scada01 connects to rtu-ge:20000: link status, integrity poll, time sync, "
             "enable unsolicited");
  }
  std::function<void(Micros)> poll_sel;
  int sel_cycle = 0;
  poll_sel = [&](Micros t) {
    ++sel_cycle;
    if (sel_cycle % 30 == 0) {
      out.note(t, "scada01 periodic integrity poll of rtu-sel");
      sel_master->integrity_poll(t);
    } else {
      sel_master->event_poll(t);
    }
    sched.at(t0 + sec(10 * sel_cycle + 10) + msec(700) + prng.jitter(msec(5)), poll_sel);
  };
  sched.at(t0 + sec(10) + msec(700), poll_sel);
  std::function<void(Micros)> poll_ge;
  int ge_cycle = 0;
  poll_ge = [&](Micros t) {
    ++ge_cycle;
    if (ge_cycle % 30 == 0) {
      ge_master->integrity_poll(t);
    } else {
      ge_master->event_poll(t);
    }
    sched.at(t0 + sec(10 * ge_cycle + 15) + msec(900) + prng.jitter(msec(5)), poll_ge);
  };
  sched.at(t0 + sec(15) + msec(900), poll_ge);
  sched.at(t0 + sec(412) + msec(237), [&](Micros t) {
    ge.flip_binary(t - msec(40), 3);
    out.note(t, "breaker 52A (rtu-ge binary input 3) opens: unsolicited response, master confirms");
    ge_master->unsolicited(t);
  });

  // --- engineering workstation <-> S7-315: identity reads and a monitoring session --------
  sched.at(t0 + sec(120), [&](Micros t) {
    it::arp_resolve(sink, prng, t, ews, s7_host);
    TcpConversation& conv = tcp.emplace_back(sink, prng, ews, s7_host, s7::kPort);
    auto session = std::make_shared<s7::ClientSession>(conv, stats, s7plc, devices::kPgTsap,
                                                       devices::kCpuTsap, 0x0100);
    Micros at = conv.open(t + msec(2));
    at = session->connect(at + msec(1));
    at = session->read_szl(at + msec(3), s7::szl::kModuleIdentification, 0x0000);
    at = session->read_szl(at + msec(3), s7::szl::kComponentIdentification, 0x0000);
    out.note(t,
             "ews01 goes online with plc-s7 (COTP TSAP 0x0100 -> 0x0102), setup "
             "communication, reads SZL 0x0011 and 0x001C, then monitors DB1 and MB0 for 20 s");
    const std::vector<s7::VarAddress> watch = {{s7::area::kDataBlocks, 1, 0, 16},
                                               {s7::area::kFlags, 0, 0, 4}};
    for (int i = 0; i < 40; ++i) {
      at = session->read_var(std::max(at + msec(1), t + sec(2) + msec(500) * i), watch);
      if (i == 24) {
        // The engineer adjusts a tuning value while monitoring.
        const std::vector<s7::VarAddress> gain = {{s7::area::kDataBlocks, 10, 4, 2}};
        at = session->write_var(at + msec(180), gain, {Bytes{0x00, 0x2D}});
        out.note(at, "ews01 writes DB10.DBW4 = 45 (write var)");
      }
    }
    conv.close(Side::Client, at + sec(2));
    out.note(at + sec(2), "ews01 goes offline (FIN)");
  });

  // --- IT traffic -------------------------------------------------------------------------
  sched.at(t0 + sec(31), [&](Micros t) { it::ntp_sync(sink, prng, t, hmi, dc); });
  sched.at(t0 + sec(60), [&](Micros t) {
    out.note(t, "hmi01 fetches a trend page from the historian web server over HTTP");
    it::http_get(sink, prng, t, hmi, historian, "historian.plant.local",
                 "/trends/PUMP_STATION_1.LEVEL?interval=60s", kTrendJson, "application/json");
  });
  sched.at(t0 + sec(126), [&](Micros t) { it::ntp_sync(sink, prng, t, ews, dc); });
  sched.at(t0 + sec(200), [&](Micros t) {
    out.note(t, "laptop-it07 joins: DHCP, ARP probe/announce, NetBIOS registration, DNS");
    Micros at = it::dhcp_lease(sink, prng, t, laptop, dc, rtr, "LAPTOP-IT07");
    at = it::netbios_register(sink, at + msec(90), laptop, "LAPTOP-IT07",
                              Tins::IPv4Address("10.10.1.255"));
    at = it::arp_resolve(sink, prng, at + msec(20), laptop, dc);
    it::dns_lookup(sink, prng, at + msec(1), laptop, dc, "fileserver.plant.local", "10.10.5.30");
  });
  sched.at(t0 + sec(481), [&](Micros t) {
    it::dns_lookup(sink, prng, t, ews, dc, "historian.plant.local", "10.10.5.20");
  });

  sched.run_until(end);
  for (TcpConversation& c : tcp) c.finish(end);
  out.note(end, "capture ends; the polling connections stay open");
}

}  // namespace otscope::pcapgen
