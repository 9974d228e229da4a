// Keeping a sensor's database and files bounded: `otscope prune` (retention, db/retention.h) and
// the parsers of the ages and sizes that `prune --older-than`, `capture --retention` and
// `capture --write-max-size` take.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace otscope::cli {

/// "90d", "12h", "2w", "30m", "45s"; a bare number is days. nullopt when malformed or not > 0.
std::optional<std::chrono::seconds> parse_age(const std::string& text);
/// "100M", "1G", "512K", "4096" (bytes); K/M/G are powers of 1024, an optional trailing "B" or
/// "iB" is accepted. nullopt when malformed or 0.
std::optional<std::uint64_t> parse_size(const std::string& text);

/// Adds `otscope prune`.
void add_maintenance_commands(CLI::App& app, int& exit_code);

}  // namespace otscope::cli
