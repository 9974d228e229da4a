// `otscope-pcapgen bench`: a large mixed capture (Modbus, DNP3, S7, HTTP, TLS, DNS, syslog over
// thousands of flows) streamed straight to disk for throughput benchmarks. Deterministic.
#pragma once

#include <cstdint>
#include <filesystem>

namespace otscope::pcapgen {

struct BenchOptions {
  std::uint64_t packets = 1'000'000;
  std::uint32_t flows = 5'000;
  std::uint64_t seed = 0x0715C0BE;
  std::filesystem::path out;
};

struct BenchSummary {
  std::uint64_t packets = 0;
  std::uint64_t flows_started = 0;
  std::uint64_t bytes = 0;
  std::uint64_t ics_packets = 0;
};

/// Writes exactly `options.packets` frames; throws std::runtime_error on I/O errors.
BenchSummary write_bench(const BenchOptions& options);

}  // namespace otscope::pcapgen
