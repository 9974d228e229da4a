// The industrial devices of the plant as protocol models: identities (what an asset inventory
// should learn from the wire), register maps and process behaviour.
#pragma once

#include "pcaps/generator/dnp3_stations.h"
#include "pcaps/generator/modbus.h"
#include "pcaps/generator/prng.h"
#include "pcaps/generator/s7_stations.h"

namespace otscope::pcapgen::devices {

/// Unit id the HMI uses for the M340 (0xFF: a TCP-native server, per Modbus TCP guidance).
inline constexpr std::uint8_t kM340Unit = 0xFF;

/// Schneider Modicon M340 (BMX P34 2020) running the pump station application. Holding
/// registers 0..9 are process values, 100..109 setpoints; input registers 0..15 analog inputs;
/// coils 0..15 pump and valve commands. Supports FC 1-6, 15, 16, 22, 23 and 43/14.
modbus::Device modicon_m340(Prng& prng);
/// One serial energy meter behind the Moxa gateway (FC 3, 4, 6, 16).
modbus::Device energy_meter(Prng& prng, std::uint16_t base_voltage);
/// Process drift between polls: level, flow and pressure wander, inputs follow.
void drift_m340(modbus::Device& plc, Prng& prng);
void drift_meter(modbus::Device& meter, Prng& prng);

dnp3::Outstation sel_rtac(Prng& prng);  // outstation 10: 8 binaries, 6 analogs, 2 counters
dnp3::Outstation ge_d20(Prng& prng);    // outstation 11: 12 binaries, 4 counters, no analogs

/// S7-315-2 PN/DP, order number 6ES7 315-2EH14-0AB0, firmware V3.2.6.
s7::Plc s7_315(Prng& prng);

/// Rack 0 / slot 2 TSAPs: calling 0x0100 (PG), called 0x0102.
inline constexpr std::uint16_t kPgTsap = 0x0100;
inline constexpr std::uint16_t kCpuTsap = 0x0102;
/// HMI (WinCC) connections use the OP connection resource: called TSAP 0x0202 (rack 0, slot 2).
inline constexpr std::uint16_t kCpuOpTsap = 0x0202;

}  // namespace otscope::pcapgen::devices
