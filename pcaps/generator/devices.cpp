#include "pcaps/generator/devices.h"

#include <utility>

namespace otscope::pcapgen::devices {

using FC = modbus::FunctionCode;

modbus::Device modicon_m340(Prng& prng) {
  modbus::Device plc(modbus::DeviceIdentity{"Schneider Electric", "BMX P34 2020", "v3.20",
                                            "http://www.schneider-electric.com", "Modicon M340",
                                            "BMX P34 2020", "PUMP_STATION_1"},
                     {FC::ReadCoils, FC::ReadDiscreteInputs, FC::ReadHoldingRegisters,
                      FC::ReadInputRegisters, FC::WriteSingleCoil, FC::WriteSingleRegister,
                      FC::WriteMultipleCoils, FC::WriteMultipleRegisters, FC::MaskWriteRegister,
                      FC::ReadWriteMultipleRegisters, FC::EncapsulatedInterfaceTransport},
                     1000, 512);
  // Tank level (0.1 %), inflow and outflow (l/s), pressure (mbar), pump speeds (rpm), state word.
  const std::uint16_t process[10] = {642, 118, 109, 3125, 1480, 1475, 0, 0x0013, 2210, 17};
  for (std::uint16_t i = 0; i < 10; ++i) plc.holding(i) = process[i];
  const std::uint16_t setpoints[10] = {800, 200, 3000, 1500, 1500, 50, 950, 100, 0, 1};
  for (std::uint16_t i = 0; i < 10; ++i)
    plc.holding(static_cast<std::uint16_t>(100 + i)) = setpoints[i];
  for (std::uint16_t i = 0; i < 16; ++i) {
    plc.input(i) = static_cast<std::uint16_t>(4000 + prng.below(12000));
  }
  plc.set_coil(0, true);
  plc.set_coil(1, true);
  plc.set_coil(4, true);
  plc.set_discrete(0, true);
  plc.set_discrete(2, true);
  return plc;
}

modbus::Device energy_meter(Prng& prng, std::uint16_t base_voltage) {
  modbus::Device meter(modbus::DeviceIdentity{},
                       {FC::ReadHoldingRegisters, FC::ReadInputRegisters, FC::WriteSingleRegister,
                        FC::WriteMultipleRegisters},
                       3100, 0);
  for (std::uint16_t i = 0; i < 12; ++i) {
    meter.holding(static_cast<std::uint16_t>(3000 + i)) =
        static_cast<std::uint16_t>(i < 3 ? base_voltage + prng.below(40) : prng.below(5000));
  }
  for (std::uint16_t i = 0; i < 8; ++i)
    meter.input(i) = static_cast<std::uint16_t>(prng.below(30000));
  return meter;
}

namespace {

void wander(std::uint16_t& v, Prng& prng, int step, int lo, int hi) {
  int next = v + static_cast<int>(prng.jitter(step));
  if (next < lo) next = lo;
  if (next > hi) next = hi;
  v = static_cast<std::uint16_t>(next);
}

}  // namespace

void drift_m340(modbus::Device& plc, Prng& prng) {
  wander(plc.holding(0), prng, 3, 100, 950);
  wander(plc.holding(1), prng, 4, 60, 180);
  wander(plc.holding(2), prng, 4, 60, 180);
  wander(plc.holding(3), prng, 15, 2500, 3600);
  for (std::uint16_t i = 0; i < 16; ++i) wander(plc.input(i), prng, 20, 4000, 20000);
}

void drift_meter(modbus::Device& meter, Prng& prng) {
  for (std::uint16_t i = 0; i < 12; ++i) {
    wander(meter.holding(static_cast<std::uint16_t>(3000 + i)), prng, 3, 0, 65535);
  }
  for (std::uint16_t i = 0; i < 8; ++i) wander(meter.input(i), prng, 25, 0, 65535);
}

dnp3::Outstation sel_rtac(Prng& prng) {
  return dnp3::Outstation(
      10,
      dnp3::DeviceAttributes{"Schweitzer Engineering Laboratories", "SEL-3530 RTAC",
                             "3530R0427X0193", "RTAC-SUB-NORTH", "SUB-NORTH-RTU1",
                             "North substation control house", "R3", "R151-V2"},
      prng.fork(10), 8, 6, 2, msec(4), msec(11));
}

dnp3::Outstation ge_d20(Prng& prng) {
  return dnp3::Outstation(
      11,
      dnp3::DeviceAttributes{"GE Grid Solutions", "D20MX", "D20MX-2231-0178", "D20-FEEDER-7",
                             "FEEDER7-RTU", "Feeder 7 switchgear room", "Rev C", "D20MX 2.10"},
      prng.fork(11), 12, 0, 4, msec(9), msec(24));
}

s7::Plc s7_315(Prng& prng) {
  s7::PlcIdentity id;
  id.order_number = "6ES7 315-2EH14-0AB0";
  id.firmware[0] = 3;
  id.firmware[1] = 2;
  id.firmware[2] = 6;
  id.station_name = "SV-PUMPSTATION";
  id.module_name = "CPU 315-2 PN/DP";
  id.plant_designation = "PUMP_STATION_1";
  id.copyright = "Original Siemens Equipment";
  id.serial_number = "S C-C2UR28922012";
  id.module_type_name = "CPU 315-2 PN/DP";
  return s7::Plc(std::move(id), prng.fork(315));
}

}  // namespace otscope::pcapgen::devices
