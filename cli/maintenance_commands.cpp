#include "cli/maintenance_commands.h"

#include <cctype>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "cli/format.h"
#include "db/database.h"
#include "db/retention.h"

namespace otscope::cli {

namespace {

// Digits then an optional suffix; nullopt when malformed or the number overflows.
std::optional<std::pair<std::uint64_t, std::string>> number_and_suffix(const std::string& text) {
  std::size_t i = 0;
  std::uint64_t n = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    const std::uint64_t digit = static_cast<std::uint64_t>(text[i] - '0');
    if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
    n = n * 10 + digit;
    ++i;
  }
  if (i == 0) return std::nullopt;
  std::string suffix = text.substr(i);
  for (char& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::make_pair(n, suffix);
}

std::optional<std::uint64_t> checked_product(std::uint64_t n, std::uint64_t unit) {
  if (n == 0 || n > std::numeric_limits<std::int64_t>::max() / unit / 1'000'000)
    return std::nullopt;
  return n * unit;
}

struct PruneArgs {
  std::string db = default_db();
  std::string older_than;
  bool dry_run = false;
  bool json = false;
};

int cmd_prune(const PruneArgs& a) {
  const auto age = parse_age(a.older_than);
  if (!age)
    return fail("invalid --older-than '" + a.older_than + "': expected e.g. 90d, 12h or 2w", 2);
  const std::int64_t cutoff = retention_cutoff_us(*age);
  RetentionCounts counts;
  try {
    if (a.dry_run) {
      counts = count_prunable(Database::open_readonly(a.db), cutoff);
    } else {
      Database db = Database::open(a.db);
      counts = prune(db, cutoff);
    }
  } catch (const DbError& e) {
    return fail(e.what(), a.dry_run ? 2 : 3);
  }
  if (a.json) {
    nlohmann::json j = {{"database", a.db},
                        {"cutoff", iso8601(cutoff)},
                        {"dry_run", a.dry_run},
                        {"alerts", counts.alerts},
                        {"evidence", counts.evidence},
                        {"anomalies", counts.anomalies},
                        {"health_samples", counts.health_samples}};
    if (!a.dry_run) j["transactions"] = counts.transactions;
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::cout << (a.dry_run ? "would prune " : "pruned ") << counts.alerts << " closed alert"
            << (counts.alerts == 1 ? "" : "s") << " (with " << counts.evidence << " evidence row"
            << (counts.evidence == 1 ? "" : "s") << ") and " << counts.anomalies << " anomal"
            << (counts.anomalies == 1 ? "y" : "ies") << " last seen before " << iso8601(cutoff)
            << ", and " << counts.health_samples << " capture health sample"
            << (counts.health_samples == 1 ? "" : "s") << " taken before it, from " << a.db << '\n'
            << "open and acknowledged alerts, assets, links, operations, the baseline and the "
               "capture runs are kept\n";
  return 0;
}

}  // namespace

std::optional<std::chrono::seconds> parse_age(const std::string& text) {
  const auto parsed = number_and_suffix(text);
  if (!parsed) return std::nullopt;
  const auto& [n, suffix] = *parsed;
  std::uint64_t unit = 0;
  if (suffix.empty() || suffix == "d")
    unit = 86400;
  else if (suffix == "w")
    unit = 7 * 86400;
  else if (suffix == "h")
    unit = 3600;
  else if (suffix == "m")
    unit = 60;
  else if (suffix == "s")
    unit = 1;
  else
    return std::nullopt;
  const auto seconds = checked_product(n, unit);
  if (!seconds) return std::nullopt;
  return std::chrono::seconds(static_cast<std::int64_t>(*seconds));
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
  const auto parsed = number_and_suffix(text);
  if (!parsed) return std::nullopt;
  auto [n, suffix] = *parsed;
  if (suffix.size() >= 2 && suffix.compare(suffix.size() - 2, 2, "ib") == 0)
    suffix.resize(suffix.size() - 2);
  else if (!suffix.empty() && suffix.back() == 'b')
    suffix.pop_back();
  std::uint64_t unit = 0;
  if (suffix.empty())
    unit = 1;
  else if (suffix == "k")
    unit = 1ull << 10;
  else if (suffix == "m")
    unit = 1ull << 20;
  else if (suffix == "g")
    unit = 1ull << 30;
  else
    return std::nullopt;
  if (n == 0 || n > std::numeric_limits<std::uint64_t>::max() / unit) return std::nullopt;
  return n * unit;
}

void add_maintenance_commands(CLI::App& app, int& exit_code) {
  static PruneArgs args;
  auto* cmd = app.add_subcommand(
      "prune",
      "Delete closed alerts (with their evidence) and anomalies last seen before a cutoff; open "
      "and acknowledged alerts and the inventory are kept");
  cmd->add_option("--db", args.db, "SQLite database to prune")->capture_default_str();
  cmd->add_option("--older-than", args.older_than,
                  "Age of the rows to delete: 90d, 12h, 2w (a bare number is days)")
      ->required();
  cmd->add_flag("-n,--dry-run", args.dry_run, "Only count what would be deleted");
  cmd->add_flag("--json", args.json, "Print the counts as a JSON object");
  cmd->callback([&exit_code] { exit_code = cmd_prune(args); });
}

}  // namespace otscope::cli
