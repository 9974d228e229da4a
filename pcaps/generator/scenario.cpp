#include "pcaps/generator/scenario.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace otscope::pcapgen {
namespace {

constexpr std::array kScenarios = {
    Scenario{"demo_plant",
             "10 minutes of a small plant: HMI polling a Modicon M340 and a Modbus gateway "
             "(units 1, 2), a historian behind the router, a SCADA master polling two DNP3 "
             "outstations on VLAN 20, an engineering session to an S7-315, and IT traffic",
             &build_demo_plant},
    Scenario{"attack_plc_stop", "S7 PLC STOP sent to the S7-315 by an unknown laptop",
             &build_attack_plc_stop},
    Scenario{"attack_program_download",
             "S7 program download (OB1, DB1) and PLC control P_PROGRAM from an unknown laptop",
             &build_attack_program_download},
    Scenario{"attack_modbus_write",
             "writes to holding registers and coils of the M340 from an unauthorised host",
             &build_attack_modbus_write},
    Scenario{"attack_modbus_fc_scan",
             "Modbus function code scan 1..127 against the M340 (exception 01 for unsupported)",
             &build_attack_modbus_fc_scan},
    Scenario{"attack_dnp3_cold_restart",
             "DNP3 cold restart of the SEL RTAC from an unknown host; the master reconnects",
             &build_attack_dnp3_cold_restart},
    Scenario{"attack_dnp3_disable_unsolicited",
             "DNP3 disable unsolicited (classes 1, 2, 3) sent to the GE D20MX by an unknown host",
             &build_attack_dnp3_disable_unsolicited},
    Scenario{"attack_umas_stop",
             "Schneider UMAS (Modbus 90) identification, reservation and PLC STOP of the M340 "
             "from an unknown laptop",
             &build_attack_umas_stop},
};

std::string clock_text(Micros t) {
  const Micros in_day = t % sec(86400);
  char buf[32];
  std::snprintf(
      buf, sizeof buf, "%02lld:%02lld:%02lld.%06lld", static_cast<long long>(in_day / sec(3600)),
      static_cast<long long>(in_day / sec(60) % 60), static_cast<long long>(in_day / sec(1) % 60),
      static_cast<long long>(in_day % sec(1)));
  return buf;
}

}  // namespace

std::span<const Scenario> all_scenarios() {
  return kScenarios;
}

const Scenario* find_scenario(std::string_view name) {
  for (const Scenario& s : kScenarios) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

void print_report(const Scenario& scenario, const ScenarioOutput& out, std::ostream& os) {
  const ScenarioCapture& cap = out.capture;
  char line[320];
  std::snprintf(line, sizeof line, "scenario %s: %zu packets, %llu bytes, %s .. %s UTC\n",
                std::string(scenario.name).c_str(), cap.packet_count(),
                static_cast<unsigned long long>(cap.file_size()),
                clock_text(cap.first_time()).c_str(), clock_text(cap.last_time()).c_str());
  os << line;
  os << " hosts:\n";
  for (const Host& h : out.network.hosts()) {
    const std::string vlan = h.vlan ? std::to_string(*h.vlan) : "-";
    const std::string routed = h.routed_via.empty() ? "" : " (behind " + h.routed_via + ")";
    std::snprintf(line, sizeof line, "  %-14s %-15s %s vlan %-3s ttl %-3u %s; %s%s\n",
                  h.name.c_str(), h.ip.to_string().c_str(), h.mac.to_string().c_str(), vlan.c_str(),
                  static_cast<unsigned>(h.ttl), h.vendor.c_str(), h.role.c_str(), routed.c_str());
    os << line;
  }
  os << " timeline:\n";
  auto timeline = out.timeline;
  std::stable_sort(timeline.begin(), timeline.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [t, what] : timeline) {
    os << "  " << clock_text(t) << "  " << what << "\n";
  }
  os << " messages:\n";
  out.stats.print(os);
}

void Scheduler::at(Micros t, Action action) {
  queue_.push(Item{t, next_order_++, std::move(action)});
}

void Scheduler::run_until(Micros end) {
  while (!queue_.empty() && queue_.top().t < end) {
    Item item = queue_.top();
    queue_.pop();
    item.action(item.t);
  }
}

}  // namespace otscope::pcapgen
