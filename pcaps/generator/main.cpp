// otscope-pcapgen: writes the deterministic sample captures of pcaps/ and large bench captures.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

#include "pcaps/generator/bench.h"
#include "pcaps/generator/scenario.h"

namespace {

using otscope::pcapgen::Scenario;
using otscope::pcapgen::ScenarioOutput;

void write_scenario(const Scenario& scenario, const std::filesystem::path& file, bool stats) {
  ScenarioOutput out;
  scenario.build(out);
  out.capture.write_pcap(file);
  if (stats) {
    print_report(scenario, out, std::cout);
    std::cout << "\n";
  } else {
    std::printf("%s: %zu packets -> %s\n", std::string(scenario.name).c_str(),
                out.capture.packet_count(), file.string().c_str());
  }
}

struct ScenarioArgs {
  const Scenario* scenario = nullptr;
  CLI::App* command = nullptr;
  std::string out;
  bool stats = false;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "otscope-pcapgen: writes deterministic sample captures of an industrial network "
      "(Modbus/TCP, DNP3, S7comm and IT traffic).\nScenarios are subcommands; `all` writes "
      "every scenario, `bench` a large mixed capture."};
  app.require_subcommand(1);

  std::string out_dir;
  bool all_stats = false;
  CLI::App* all = app.add_subcommand("all", "write every scenario as <out-dir>/<scenario>.pcap");
  all->add_option("--out-dir", out_dir, "directory to write into")->required();
  all->add_flag("--stats", all_stats, "print hosts, timeline and message counts per scenario");

  std::deque<ScenarioArgs> scenario_args;
  for (const Scenario& s : otscope::pcapgen::all_scenarios()) {
    ScenarioArgs& a = scenario_args.emplace_back();
    a.scenario = &s;
    a.command = app.add_subcommand(std::string(s.name), std::string(s.description));
    a.command->add_option("--out", a.out, "pcap file to write")->required();
    a.command->add_flag("--stats", a.stats, "print hosts, timeline and message counts");
  }

  otscope::pcapgen::BenchOptions bench_options;
  std::string bench_out;
  CLI::App* bench = app.add_subcommand(
      "bench", "write a large mixed ICS/IT capture over many flows (not part of `all`)");
  bench->add_option("--packets", bench_options.packets, "number of packets to write")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bench
      ->add_option("--flows", bench_options.flows,
                   "approximate number of flows (the capture is cut at --packets)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bench->add_option("--seed", bench_options.seed, "PRNG seed")->capture_default_str();
  bench->add_option("--out", bench_out, "pcap file to write")->required();

  CLI11_PARSE(app, argc, argv);

  try {
    if (all->parsed()) {
      std::filesystem::create_directories(out_dir);
      for (const Scenario& s : otscope::pcapgen::all_scenarios()) {
        write_scenario(s, std::filesystem::path(out_dir) / (std::string(s.name) + ".pcap"),
                       all_stats);
      }
      return 0;
    }
    for (const ScenarioArgs& a : scenario_args) {
      if (a.command->parsed()) {
        write_scenario(*a.scenario, a.out, a.stats);
        return 0;
      }
    }
    if (bench->parsed()) {
      bench_options.out = bench_out;
      // Run time is reported to the user only; it never reaches the capture.
      const auto started = std::chrono::steady_clock::now();
      const auto summary = otscope::pcapgen::write_bench(bench_options);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::printf("bench: %llu packets (%llu ICS), %llu flows, %llu frame bytes -> %s in %.2f s\n",
                  static_cast<unsigned long long>(summary.packets),
                  static_cast<unsigned long long>(summary.ics_packets),
                  static_cast<unsigned long long>(summary.flows_started),
                  static_cast<unsigned long long>(summary.bytes), bench_out.c_str(), seconds);
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "otscope-pcapgen: %s\n", e.what());
    return 1;
  }
  return 0;
}
