// attack_modbus_write.pcap and attack_modbus_fc_scan.pcap: hmi01 polls the M340 every second
// while an unauthorised host writes to it / scans its function codes (see pcaps/README.md).
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "pcaps/generator/devices.h"
#include "pcaps/generator/it_traffic.h"
#include "pcaps/generator/plant.h"
#include "pcaps/generator/scenario.h"

namespace otscope::pcapgen {
namespace {

using FC = modbus::FunctionCode;

struct ModbusStage {
  Host* hmi = nullptr;
  Host* plc_host = nullptr;
  Host* intruder = nullptr;
  std::deque<TcpConversation> tcp;
  std::shared_ptr<modbus::ClientSession> hmi_session;
  std::function<void(Micros)> poll;
  int cycle = 0;
};

/// hmi01 reads HR0..9 every second, and HR100..109 (setpoints) and coils 0..15 every 5 s.
void start_hmi_polling(ScenarioOutput& out, Prng& prng, Scheduler& sched, ModbusStage& stage,
                       modbus::Device& plc) {
  Network& net = out.network;
  stage.hmi = &net.add(plant::hmi());
  stage.plc_host = &net.add(plant::modicon_plc());
  stage.intruder = &net.add(plant::intruder_laptop());
  const Micros t0 = kCaptureStart;
  it::arp_resolve(out.capture, prng, t0 + msec(3), *stage.hmi, *stage.plc_host);
  TcpConversation& conv =
      stage.tcp.emplace_back(out.capture, prng, *stage.hmi, *stage.plc_host, modbus::kPort);
  stage.hmi_session = std::make_shared<modbus::ClientSession>(conv, out.stats, 0x0001);
  conv.open(t0 + msec(6));
  out.note(t0 + msec(6), "hmi01 connects to plc-m340:502 and polls HR0..9 every second");
  stage.poll = [&prng, &sched, &stage, &plc](Micros t) {
    ++stage.cycle;
    devices::drift_m340(plc, prng);
    Micros done = stage.hmi_session->transact(
        t, devices::kM340Unit, modbus::read_bits_or_registers(FC::ReadHoldingRegisters, 0, 10), plc,
        prng.between(msec(2), msec(6)));
    if (stage.cycle % 5 == 1) {
      done = stage.hmi_session->transact(
          done + msec(2), devices::kM340Unit,
          modbus::read_bits_or_registers(FC::ReadHoldingRegisters, 100, 10), plc,
          prng.between(msec(2), msec(5)));
      stage.hmi_session->transact(done + msec(2), devices::kM340Unit,
                                  modbus::read_bits_or_registers(FC::ReadCoils, 0, 16), plc,
                                  prng.between(msec(2), msec(5)));
    }
    sched.at(kCaptureStart + sec(stage.cycle) + msec(300) + prng.jitter(msec(3)), stage.poll);
  };
  sched.at(t0 + msec(300), stage.poll);
}

std::shared_ptr<modbus::ClientSession> intruder_connects(ScenarioOutput& out, Prng& prng,
                                                         ModbusStage& stage, Micros t, Micros& at) {
  it::arp_resolve(out.capture, prng, t, *stage.intruder, *stage.plc_host);
  TcpConversation& conv =
      stage.tcp.emplace_back(out.capture, prng, *stage.intruder, *stage.plc_host, modbus::kPort);
  auto session = std::make_shared<modbus::ClientSession>(conv, out.stats, 0x0000);
  at = conv.open(t + msec(1));
  return session;
}

/// The request a function-code scanner sends for `fc`: a well-formed request for the public
/// codes (writes aimed at address 0xFFFF so they cannot change anything), four bytes otherwise.
Bytes scan_probe(std::uint8_t fc) {
  const std::uint16_t kNowhere = 0xFFFF;
  const auto function = static_cast<FC>(fc);
  switch (function) {
    case FC::ReadCoils:
    case FC::ReadDiscreteInputs:
    case FC::ReadHoldingRegisters:
    case FC::ReadInputRegisters:
      return modbus::read_bits_or_registers(function, 0, 1);
    case FC::WriteSingleCoil:
      return modbus::write_single_coil(kNowhere, false);
    case FC::WriteSingleRegister:
      return modbus::write_single_register(kNowhere, 0);
    case FC::ReadExceptionStatus:
    case FC::GetCommEventCounter:
    case FC::GetCommEventLog:
    case FC::ReportServerId:
      return modbus::raw_pdu(fc, {});
    case FC::Diagnostics:
      return modbus::diagnostics(modbus::DiagnosticSubFunction::ReturnQueryData, 0xA537);
    case FC::WriteMultipleCoils:
      return modbus::write_multiple_coils(kNowhere, {false});
    case FC::WriteMultipleRegisters: {
      const std::uint16_t zero[1] = {0};
      return modbus::write_multiple_registers(kNowhere, zero);
    }
    case FC::ReadFileRecord: {
      const std::uint8_t sub[] = {0x07, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01};
      return modbus::raw_pdu(fc, sub);
    }
    case FC::WriteFileRecord: {
      const std::uint8_t sub[] = {0x09, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00};
      return modbus::raw_pdu(fc, sub);
    }
    case FC::MaskWriteRegister:
      return modbus::mask_write_register(kNowhere, 0xFFFF, 0x0000);
    case FC::ReadWriteMultipleRegisters: {
      const std::uint16_t zero[1] = {0};
      return modbus::read_write_multiple_registers(0, 1, kNowhere, zero);
    }
    case FC::ReadFifoQueue: {
      const std::uint8_t pointer[] = {0x00, 0x00};
      return modbus::raw_pdu(fc, pointer);
    }
    case FC::EncapsulatedInterfaceTransport:
      return modbus::read_device_identification(modbus::ReadDeviceIdCode::Basic,
                                                modbus::DeviceIdObjectId::VendorName);
    default: {
      const std::uint8_t generic[] = {0x00, 0x00, 0x00, 0x01};
      return modbus::raw_pdu(fc, generic);
    }
  }
}

}  // namespace

void build_attack_modbus_write(ScenarioOutput& out) {
  Prng prng(0xA77A'C500'0506ull);
  modbus::Device plc = devices::modicon_m340(prng);
  Scheduler sched;
  ModbusStage stage;
  start_hmi_polling(out, prng, sched, stage, plc);
  const Micros t0 = kCaptureStart;
  sched.at(t0 + sec(15) + msec(612), [&](Micros t) {
    Micros at = 0;
    auto session = intruder_connects(out, prng, stage, t, at);
    out.note(t,
             "unknown-66 (10.10.1.66) connects to plc-m340:502 and reads the device "
             "identification (43/14 basic)");
    at = session->transact(at + msec(40), devices::kM340Unit,
                           modbus::read_device_identification(modbus::ReadDeviceIdCode::Basic,
                                                              modbus::DeviceIdObjectId::VendorName),
                           plc, msec(4));
    at = session->transact(at + msec(900), devices::kM340Unit,
                           modbus::write_single_register(100, 0), plc, msec(5));
    out.note(at, "unknown-66 writes HR100 = 0 (level setpoint, FC 6)");
    const std::uint16_t speeds[4] = {0, 0, 9999, 9999};
    at = session->transact(at + msec(700), devices::kM340Unit,
                           modbus::write_multiple_registers(101, speeds), plc, msec(6));
    out.note(at, "unknown-66 writes HR101..104 = 0, 0, 9999, 9999 (FC 16)");
    at = session->transact(at + msec(650), devices::kM340Unit, modbus::write_single_coil(0, false),
                           plc, msec(4));
    out.note(at, "unknown-66 switches coil 0 (pump 1 run) off (FC 5)");
    const std::vector<bool> coils = {false, false, false, false, true, true, true, true};
    at = session->transact(at + msec(500), devices::kM340Unit,
                           modbus::write_multiple_coils(0, coils), plc, msec(5));
    out.note(at, "unknown-66 writes coils 0..7 (FC 15): pumps off, valves 4..7 open");
    session->tcp().close(Side::Client, at + msec(300));
  });
  const Micros end = t0 + sec(40);
  sched.run_until(end);
  for (TcpConversation& c : stage.tcp) c.finish(end);
}

void build_attack_modbus_fc_scan(ScenarioOutput& out) {
  Prng prng(0xA77A'C500'0127ull);
  modbus::Device plc = devices::modicon_m340(prng);
  Scheduler sched;
  ModbusStage stage;
  start_hmi_polling(out, prng, sched, stage, plc);
  const Micros t0 = kCaptureStart;
  // One probe every ~50 ms, interleaved in time with the HMI's polling.
  std::shared_ptr<modbus::ClientSession> scanner;
  std::function<void(Micros)> probe;
  unsigned fc = 1;
  probe = [&](Micros t) {
    const Micros done =
        scanner->transact(t, devices::kM340Unit, scan_probe(static_cast<std::uint8_t>(fc)), plc,
                          prng.between(msec(1), msec(4)));
    if (++fc <= 127) {
      sched.at(done + msec(40) + prng.between(0, msec(15)), probe);
    } else {
      out.note(done,
               "scan complete: normal responses to FC 1-4 and 43, exception 02 to the writes "
               "FC 5, 6, 15, 16, 22, 23 (aimed at 0xFFFF), exception 01 to the other 116 codes");
      scanner->tcp().close(Side::Client, done + msec(250));
    }
  };
  sched.at(t0 + sec(10) + msec(205), [&](Micros t) {
    Micros at = 0;
    scanner = intruder_connects(out, prng, stage, t, at);
    out.note(t,
             "unknown-66 (10.10.1.66) connects to plc-m340:502 and probes function codes 1..127");
    sched.at(at + msec(30), probe);
  });
  const Micros end = t0 + sec(35);
  sched.run_until(end);
  for (TcpConversation& c : stage.tcp) c.finish(end);
}

}  // namespace otscope::pcapgen
