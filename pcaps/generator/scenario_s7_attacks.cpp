// attack_plc_stop.pcap and attack_program_download.pcap: an HMI polls the S7-315 twice a second
// while an unknown laptop connects and stops it / downloads blocks (see pcaps/README.md).
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pcaps/generator/devices.h"
#include "pcaps/generator/it_traffic.h"
#include "pcaps/generator/plant.h"
#include "pcaps/generator/scenario.h"

namespace otscope::pcapgen {
namespace {

struct S7Stage {
  Host* hmi = nullptr;
  Host* plc_host = nullptr;
  Host* intruder = nullptr;
  std::deque<TcpConversation> tcp;
  std::shared_ptr<s7::ClientSession> hmi_session;
  std::function<void(Micros)> poll;
  int cycle = 0;
};

/// hmi01 connects to plc-s7 (OP TSAP) at the start and reads DB1.DBB0..15 and MB0..3 every 500 ms.
void start_hmi_polling(ScenarioOutput& out, Prng& prng, Scheduler& sched, S7Stage& stage,
                       s7::Plc& plc) {
  Network& net = out.network;
  stage.hmi = &net.add(plant::hmi());
  stage.plc_host = &net.add(plant::s7_plc());
  stage.intruder = &net.add(plant::intruder_laptop());
  const Micros t0 = kCaptureStart;
  it::arp_resolve(out.capture, prng, t0 + msec(5), *stage.hmi, *stage.plc_host);
  TcpConversation& conv =
      stage.tcp.emplace_back(out.capture, prng, *stage.hmi, *stage.plc_host, s7::kPort);
  stage.hmi_session = std::make_shared<s7::ClientSession>(conv, out.stats, plc, devices::kPgTsap,
                                                          devices::kCpuOpTsap, 0x0001);
  const Micros ready = stage.hmi_session->connect(conv.open(t0 + msec(8)) + msec(1));
  out.note(t0 + msec(8),
           "hmi01 connects to plc-s7:102 (TSAP 0x0100 -> 0x0202) and polls DB1/MB0 every 500 ms");
  stage.poll = [&prng, &sched, &stage](Micros t) {
    ++stage.cycle;
    static const std::vector<s7::VarAddress> kWatch = {{s7::area::kDataBlocks, 1, 0, 16},
                                                       {s7::area::kFlags, 0, 0, 4}};
    stage.hmi_session->read_var(t, kWatch);
    sched.at(kCaptureStart + sec(1) + msec(500) * stage.cycle + prng.jitter(msec(2)), stage.poll);
  };
  sched.at(std::max(ready + msec(5), t0 + sec(1)), stage.poll);
}

/// The intruder resolves the PLC, connects as a programming device and reads its identity.
std::shared_ptr<s7::ClientSession> intruder_connects(ScenarioOutput& out, Prng& prng,
                                                     S7Stage& stage, s7::Plc& plc, Micros t,
                                                     Micros& at) {
  it::arp_resolve(out.capture, prng, t, *stage.intruder, *stage.plc_host);
  TcpConversation& conv =
      stage.tcp.emplace_back(out.capture, prng, *stage.intruder, *stage.plc_host, s7::kPort);
  auto session = std::make_shared<s7::ClientSession>(conv, out.stats, plc, devices::kPgTsap,
                                                     devices::kCpuTsap, 0x0C00);
  at = session->connect(conv.open(t + msec(1)) + usec(600));
  at = session->read_szl(at + msec(180), s7::szl::kModuleIdentification, 0x0000);
  out.note(t,
           "unknown-66 (10.10.1.66) connects to plc-s7:102 (TSAP 0x0100 -> 0x0102) and reads "
           "SZL 0x0011 (module identification)");
  return session;
}

/// OB1 in STL: a few MC7 instructions and BE. DB1: 20 bytes of setpoints.
Bytes ob1_block() {
  const Bytes mc7 = {0x70, 0x0B, 0x00, 0x02, 0xC1, 0x00, 0x00, 0x00, 0xC1, 0x08, 0x00, 0x01,
                     0xD9, 0x00, 0x00, 0x00, 0x10, 0x00, 0xFF, 0xFF, 0x41, 0x00, 0x00, 0x14,
                     0xFB, 0x7C, 0xFE, 0x6F, 0x00, 0x00, 0x1F, 0x00, 0x65, 0x00};
  return s7::make_block(0x08, 1, 0x01, mc7, "OB1", "PUMP", "ADMIN");
}

Bytes db1_block() {
  const Bytes data = {0x00, 0x14, 0x03, 0xE8, 0x00, 0xC8, 0x0B, 0xB8, 0x05, 0xDC,
                      0x05, 0xDC, 0x00, 0x32, 0x03, 0xB6, 0x00, 0x64, 0x00, 0x00};
  return s7::make_block(0x0A, 1, 0x05, data, "SETPTS", "PUMP", "ADMIN");
}

}  // namespace

void build_attack_plc_stop(ScenarioOutput& out) {
  Prng prng(0xA77A'C500'0029ull);
  s7::Plc plc = devices::s7_315(prng);
  Scheduler sched;
  S7Stage stage;
  start_hmi_polling(out, prng, sched, stage, plc);
  const Micros t0 = kCaptureStart;
  sched.at(t0 + sec(12) + msec(318), [&](Micros t) {
    Micros at = 0;
    auto session = intruder_connects(out, prng, stage, plc, t, at);
    at = session->plc_stop(at + msec(1450));
    out.note(at,
             "unknown-66 sends PLC STOP (function 0x29, P_PROGRAM); the CPU acknowledges "
             "and its process values freeze");
    session->tcp().close(Side::Client, at + msec(900));
  });
  const Micros end = t0 + sec(40);
  sched.run_until(end);
  for (TcpConversation& c : stage.tcp) c.finish(end);
}

void build_attack_program_download(ScenarioOutput& out) {
  Prng prng(0xA77A'C500'001Aull);
  s7::Plc plc = devices::s7_315(prng);
  Scheduler sched;
  S7Stage stage;
  start_hmi_polling(out, prng, sched, stage, plc);
  const Micros t0 = kCaptureStart;
  sched.at(t0 + sec(10) + msec(44), [&](Micros t) {
    Micros at = 0;
    auto session = intruder_connects(out, prng, stage, plc, t, at);
    at = session->plc_stop(at + msec(2200));
    out.note(at, "unknown-66 stops the CPU (PLC STOP)");
    const Bytes ob1 = ob1_block();
    at = session->download(at + msec(800), "08", 1, ob1, 34);
    out.note(at,
             "unknown-66 downloads OB1: request download, the PLC pulls it with download "
             "block, download ended");
    const Bytes db1 = db1_block();
    at = session->download(at + msec(350), "0A", 1, db1, 20);
    out.note(at, "unknown-66 downloads DB1");
    const std::vector<std::string> blocks = {"0800001P", "0A00001P"};
    at = session->plc_control(at + msec(120), s7::block_list_parameter(blocks), s7::pi::kInsert);
    out.note(at, "unknown-66 activates the blocks: PLC control _INSE (OB1, DB1)");
    at = session->plc_control(at + msec(1600), {}, s7::pi::kProgram);
    out.note(at, "unknown-66 restarts the CPU: PLC control P_PROGRAM");
    session->tcp().close(Side::Client, at + msec(700));
  });
  const Micros end = t0 + sec(45);
  sched.run_until(end);
  for (TcpConversation& c : stage.tcp) c.finish(end);
}

}  // namespace otscope::pcapgen
