// attack_umas_stop.pcap: hmi01 polls the M340 every second while an unknown laptop identifies
// the PLC over Schneider UMAS (Modbus function 90), takes its reservation and stops it (see
// pcaps/README.md). The UMAS codes are the decoder's own (protocols/modbus/umas.h).
#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "pcaps/generator/devices.h"
#include "pcaps/generator/it_traffic.h"
#include "pcaps/generator/plant.h"
#include "pcaps/generator/scenario.h"
#include "protocols/modbus/umas.h"

namespace otscope::pcapgen {
namespace {

using ::otscope::modbus::kUmasFunction;
using ::otscope::modbus::kUmasStatusOk;
using ::otscope::modbus::UmasCode;

/// A UMAS request PDU: function 90, session key, code, data.
Bytes umas_request(std::uint8_t session_key, UmasCode code, std::span<const std::uint8_t> data) {
  return ByteWriter(3 + data.size())
      .u8(kUmasFunction)
      .u8(session_key)
      .u8(wire(code))
      .bytes(data)
      .take();
}
/// A UMAS OK answer: function 90, session key, 0xFE, data.
Bytes umas_ok(std::uint8_t session_key, std::span<const std::uint8_t> data) {
  return ByteWriter(3 + data.size())
      .u8(kUmasFunction)
      .u8(session_key)
      .u8(kUmasStatusOk)
      .bytes(data)
      .take();
}
/// A length-prefixed text inside an answer, between binary fields.
Bytes with_text(std::span<const std::uint8_t> before, std::string_view text,
                std::span<const std::uint8_t> after) {
  return ByteWriter()
      .bytes(before)
      .u8(static_cast<unsigned>(text.size()))
      .ascii(text)
      .u8(0)
      .bytes(after)
      .take();
}

}  // namespace

void build_attack_umas_stop(ScenarioOutput& out) {
  Prng prng(0xA77A'C500'005Aull);
  modbus::Device plc = devices::modicon_m340(prng);
  Scheduler sched;
  Network& net = out.network;
  Host& hmi = net.add(plant::hmi());
  Host& plc_host = net.add(plant::modicon_plc());
  Host& intruder = net.add(plant::intruder_laptop());
  std::deque<TcpConversation> tcp;
  const Micros t0 = kCaptureStart;

  // hmi01 reads HR0..9 every second, as in the other M340 scenarios.
  it::arp_resolve(out.capture, prng, t0 + msec(3), hmi, plc_host);
  TcpConversation& hmi_conv = tcp.emplace_back(out.capture, prng, hmi, plc_host, modbus::kPort);
  auto hmi_session = std::make_shared<modbus::ClientSession>(hmi_conv, out.stats, 0x0001);
  hmi_conv.open(t0 + msec(6));
  out.note(t0 + msec(6), "hmi01 connects to plc-m340:502 and polls HR0..9 every second");
  int cycle = 0;
  std::function<void(Micros)> poll = [&](Micros t) {
    ++cycle;
    devices::drift_m340(plc, prng);
    hmi_session->transact(
        t, devices::kM340Unit,
        modbus::read_bits_or_registers(modbus::FunctionCode::ReadHoldingRegisters, 0, 10), plc,
        prng.between(msec(2), msec(6)));
    sched.at(t0 + sec(cycle) + msec(300) + prng.jitter(msec(3)), poll);
  };
  sched.at(t0 + msec(300), poll);

  sched.at(t0 + sec(11) + msec(507), [&](Micros t) {
    it::arp_resolve(out.capture, prng, t, intruder, plc_host);
    TcpConversation& conv = tcp.emplace_back(out.capture, prng, intruder, plc_host, modbus::kPort);
    modbus::ClientSession session(conv, out.stats, 0x0000);
    Micros at = conv.open(t + msec(1));
    out.note(t, "unknown-66 (10.10.1.66) connects to plc-m340:502 and speaks UMAS (function 90)");
    const std::uint8_t none[] = {0x00};
    at = session.transact_with(
        at + msec(35), devices::kM340Unit, umas_request(0, UmasCode::InitComm, none),
        umas_ok(0, std::array<std::uint8_t, 4>{0xfe, 0x03, 0x00, 0x00}), msec(3));
    const std::uint8_t id_head[] = {0x01, 0x02, 0x00, 0x00, 0x06, 0x01, 0x1f, 0x20, 0x32, 0x04};
    const std::uint8_t id_tail[] = {0x00, 0x01, 0x09, 0x00};
    at = session.transact_with(at + msec(60), devices::kM340Unit,
                               umas_request(0, UmasCode::ReadId, {}),
                               umas_ok(0, with_text(id_head, "BMX P34 2020", id_tail)), msec(4));
    out.note(at, "unknown-66 reads the PLC's id (READ_ID): BMX P34 2020");
    const std::uint8_t project_head[] = {0x10, 0x00, 0x01, 0x00};
    const std::uint8_t project_tail[] = {0x02, 0x07, 0xe9, 0x03, 0x02};
    at = session.transact_with(
        at + msec(70), devices::kM340Unit, umas_request(0, UmasCode::ReadProjectInfo, none),
        umas_ok(0, with_text(project_head, "PUMP_STATION_1", project_tail)), msec(5));
    out.note(at, "unknown-66 reads the project information (READ_PROJECT_INFO): PUMP_STATION_1");
    // The reservation names the client; the PLC answers with the session key to use from then on.
    const std::uint8_t kKey = 0x1c;
    const Bytes owner = with_text({}, "UNKNOWN-66", {});
    const std::uint8_t key[] = {kKey};
    at = session.transact_with(at + msec(900), devices::kM340Unit,
                               umas_request(0, UmasCode::TakePlcReservation, owner),
                               umas_ok(0, key), msec(6));
    out.note(at, "unknown-66 takes the PLC reservation (TAKE_PLC_RESERVATION), session key 0x1c");
    const std::uint8_t stop[] = {0xff, 0x00};
    at = session.transact_with(at + msec(1200), devices::kM340Unit,
                               umas_request(kKey, UmasCode::StopPlc, stop), umas_ok(kKey, {}),
                               msec(12));
    out.note(at, "unknown-66 stops the PLC (STOP_PLC); the M340 acknowledges");
    at = session.transact_with(at + msec(400), devices::kM340Unit,
                               umas_request(kKey, UmasCode::ReleasePlcReservation, {}),
                               umas_ok(kKey, {}), msec(4));
    out.note(at, "unknown-66 releases the reservation (RELEASE_PLC_RESERVATION)");
    conv.close(Side::Client, at + msec(300));
  });
  const Micros end = t0 + sec(30);
  sched.run_until(end);
  for (TcpConversation& c : tcp) c.finish(end);
}

}  // namespace otscope::pcapgen
