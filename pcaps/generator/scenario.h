// What a scenario is (a name, a description and a builder that fills a capture), the output it
// builds into, and a small discrete-event scheduler so that concurrent conversations (polling
// loops, an attacker) act on shared device state in time order.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <queue>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pcaps/generator/capture.h"
#include "pcaps/generator/hosts.h"
#include "pcaps/generator/protocol_stats.h"
#include "pcaps/generator/sim_time.h"

namespace otscope::pcapgen {

struct ScenarioOutput {
  Network network;
  ScenarioCapture capture;
  ProtocolStats stats;
  /// Notable moments ("PLC STOP sent by unknown-66"), printed with --stats for the README.
  std::vector<std::pair<Micros, std::string>> timeline;

  void note(Micros t, std::string what) { timeline.emplace_back(t, std::move(what)); }
};

struct Scenario {
  std::string_view name;  // also the file stem: pcaps/<name>.pcap
  std::string_view description;
  void (*build)(ScenarioOutput&);
};

std::span<const Scenario> all_scenarios();
const Scenario* find_scenario(std::string_view name);

/// Hosts, timeline and per-protocol message counts of a built scenario.
void print_report(const Scenario& scenario, const ScenarioOutput& out, std::ostream& os);

/// Runs actions in time order (ties in scheduling order). Actions may schedule more actions.
class Scheduler {
 public:
  using Action = std::function<void(Micros)>;
  void at(Micros t, Action action);
  /// Runs every action scheduled before `end`; later ones are dropped.
  void run_until(Micros end);

 private:
  struct Item {
    Micros t;
    std::uint64_t order;
    Action action;
  };
  struct Later {
    bool operator()(const Item& a, const Item& b) const {
      return a.t != b.t ? a.t > b.t : a.order > b.order;
    }
  };
  std::priority_queue<Item, std::vector<Item>, Later> queue_;
  std::uint64_t next_order_ = 0;
};

// Scenario builders (one file per family).
void build_demo_plant(ScenarioOutput& out);
void build_attack_plc_stop(ScenarioOutput& out);
void build_attack_program_download(ScenarioOutput& out);
void build_attack_modbus_write(ScenarioOutput& out);
void build_attack_modbus_fc_scan(ScenarioOutput& out);
void build_attack_dnp3_cold_restart(ScenarioOutput& out);
void build_attack_dnp3_disable_unsolicited(ScenarioOutput& out);
void build_attack_umas_stop(ScenarioOutput& out);

}  // namespace otscope::pcapgen
