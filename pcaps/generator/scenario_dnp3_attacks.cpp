// attack_dnp3_cold_restart.pcap and attack_dnp3_disable_unsolicited.pcap: scada01 polls an
// outstation on VLAN 20 every second while an unknown host sends it a disruptive request
// (see pcaps/README.md).
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "pcaps/generator/devices.h"
#include "pcaps/generator/frames.h"
#include "pcaps/generator/it_traffic.h"
#include "pcaps/generator/plant.h"
#include "pcaps/generator/scenario.h"

namespace otscope::pcapgen {
namespace {

constexpr std::uint16_t kMasterAddress = 1;

struct Dnp3Stage {
  Host* master = nullptr;
  Host* rtu = nullptr;
  Host* intruder = nullptr;
  std::deque<TcpConversation> tcp;
  std::shared_ptr<dnp3::MasterSession> master_session;
  std::function<void(Micros)> poll;
  bool connected = false;
};

/// Connects scada01 to the outstation: link status, integrity poll, time sync. Returns the time
/// the startup sequence ends.
Micros master_connects(ScenarioOutput& out, Prng& prng, Dnp3Stage& stage, dnp3::Outstation& rtu,
                       Micros t) {
  TcpConversation& conv =
      stage.tcp.emplace_back(out.capture, prng, *stage.master, *stage.rtu, dnp3::kPort);
  stage.master_session =
      std::make_shared<dnp3::MasterSession>(conv, out.stats, rtu, kMasterAddress);
  Micros at = conv.open(t);
  at = stage.master_session->link_status(at + msec(2));
  at = stage.master_session->integrity_poll(at + msec(5));
  stage.connected = true;
  return at;
}

void schedule_event_polls(Scheduler& sched, Prng& prng, Dnp3Stage& stage, Micros first) {
  stage.poll = [&sched, &prng, &stage](Micros t) {
    if (stage.connected) stage.master_session->event_poll(t);
    sched.at(t + sec(1) + prng.jitter(msec(2)), stage.poll);
  };
  sched.at(first, stage.poll);
}

}  // namespace

void build_attack_dnp3_cold_restart(ScenarioOutput& out) {
  Prng prng(0xA77A'C500'000Dull);
  dnp3::Outstation rtu = devices::sel_rtac(prng);
  Scheduler sched;
  Dnp3Stage stage;
  stage.master = &out.network.add(plant::scada_master());
  stage.rtu = &out.network.add(plant::sel_rtac());
  stage.intruder = &out.network.add(plant::intruder_vlan20());
  const Micros t0 = kCaptureStart;
  it::arp_resolve(out.capture, prng, t0 + msec(4), *stage.master, *stage.rtu);
  Micros at = master_connects(out, prng, stage, rtu, t0 + msec(7));
  at = stage.master_session->time_sync(at + msec(20));
  out.note(t0 + msec(7),
           "scada01 connects to rtu-sel:20000 (link status, integrity poll, time "
           "sync) and polls class 1/2/3 events every second");
  schedule_event_polls(sched, prng, stage, at + sec(1));

  constexpr std::uint16_t kRestartDelay = 6;
  std::shared_ptr<dnp3::MasterSession> intruder;
  TcpConversation* intruder_tcp = nullptr;
  sched.at(t0 + sec(15) + msec(431), [&](Micros t) {
    it::arp_resolve(out.capture, prng, t, *stage.intruder, *stage.rtu);
    intruder_tcp =
        &stage.tcp.emplace_back(out.capture, prng, *stage.intruder, *stage.rtu, dnp3::kPort);
    intruder = std::make_shared<dnp3::MasterSession>(*intruder_tcp, out.stats, rtu, kMasterAddress);
    const Micros open = intruder_tcp->open(t + msec(1));
    out.note(t, "unknown-20-66 (10.10.20.66) connects to rtu-sel:20000 using master address 1");
    sched.at(open + msec(350), [&](Micros t_restart) {
      const Micros when = intruder->cold_restart(t_restart, kRestartDelay * 1000);
      out.note(when,
               "unknown-20-66 sends COLD RESTART (0x0D); rtu-sel answers with g52v2 time "
               "delay 6000 ms and restarts");
      sched.at(when + msec(280), [&](Micros t_down) {
        // The outstation's application shuts down: it closes both connections.
        stage.connected = false;
        intruder_tcp->close(Side::Server, t_down);
        stage.tcp.front().close(Side::Server, t_down + msec(1));
        out.note(t_down, "rtu-sel closes both TCP connections while it restarts");
        out.capture.emit(t_down + sec(5) + msec(120), arp_announce(*stage.rtu));
        out.note(t_down + sec(5) + msec(120), "rtu-sel is back: gratuitous ARP");
      });
      sched.at(when + sec(kRestartDelay + 2), [&](Micros t_reconnect) {
        Micros back = master_connects(out, prng, stage, rtu, t_reconnect);
        back = stage.master_session->clear_restart(back + msec(15));
        stage.master_session->time_sync(back + msec(20));
        out.note(t_reconnect,
                 "scada01 reconnects: integrity poll shows DEVICE RESTART and NEED "
                 "TIME; the master clears IIN1.7 (write g80v1) and syncs time");
      });
    });
  });
  const Micros end = t0 + sec(45);
  sched.run_until(end);
  for (TcpConversation& c : stage.tcp) c.finish(end);
}

void build_attack_dnp3_disable_unsolicited(ScenarioOutput& out) {
  Prng prng(0xA77A'C500'0015ull);
  dnp3::Outstation rtu = devices::ge_d20(prng);
  Scheduler sched;
  Dnp3Stage stage;
  stage.master = &out.network.add(plant::scada_master());
  stage.rtu = &out.network.add(plant::ge_d20());
  stage.intruder = &out.network.add(plant::intruder_vlan20());
  const Micros t0 = kCaptureStart;
  it::arp_resolve(out.capture, prng, t0 + msec(4), *stage.master, *stage.rtu);
  Micros at = master_connects(out, prng, stage, rtu, t0 + msec(7));
  at = stage.master_session->time_sync(at + msec(20));
  at = stage.master_session->enable_unsolicited(at + msec(15));
  out.note(t0 + msec(7),
           "scada01 connects to rtu-ge:20000, integrity poll, time sync, enables "
           "unsolicited responses, then polls events every second");
  schedule_event_polls(sched, prng, stage, at + sec(1));

  // Breaker and alarm changes: reported unsolicited while that is enabled, else by the next poll.
  const Micros changes[] = {sec(6) + msec(212),  sec(11) + msec(845), sec(17) + msec(330),
                            sec(26) + msec(127), sec(31) + msec(702), sec(38) + msec(914)};
  const std::uint8_t points[] = {2, 5, 8, 2, 5, 8};  // breaker 52A, 52B alarms, door contact
  for (std::size_t i = 0; i < std::size(changes); ++i) {
    const Micros offset = changes[i];
    const std::uint8_t point = points[i];
    sched.at(t0 + offset, [&, point](Micros t) {
      rtu.flip_binary(t, point);
      if (rtu.unsolicited_enabled()) {
        out.note(t, "rtu-ge binary input " + std::to_string(point) +
                        " changes: unsolicited response, master confirms");
        stage.master_session->unsolicited(t + msec(25));
      } else {
        out.note(t, "rtu-ge binary input " + std::to_string(point) +
                        " changes: no unsolicited response, the next event poll reports it");
      }
    });
  }
  sched.at(t0 + sec(20) + msec(508), [&](Micros t) {
    it::arp_resolve(out.capture, prng, t, *stage.intruder, *stage.rtu);
    TcpConversation& conv =
        stage.tcp.emplace_back(out.capture, prng, *stage.intruder, *stage.rtu, dnp3::kPort);
    auto intruder = std::make_shared<dnp3::MasterSession>(conv, out.stats, rtu, kMasterAddress);
    Micros when = conv.open(t + msec(1));
    when = intruder->disable_unsolicited(when + msec(420));
    out.note(t,
             "unknown-20-66 (10.10.20.66) connects to rtu-ge:20000 and sends DISABLE "
             "UNSOLICITED (0x15) for classes 1, 2, 3; later changes are only seen in polls");
    conv.close(Side::Client, when + msec(600));
  });
  const Micros end = t0 + sec(45);
  sched.run_until(end);
  for (TcpConversation& c : stage.tcp) c.finish(end);
}

}  // namespace otscope::pcapgen
