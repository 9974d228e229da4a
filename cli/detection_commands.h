// The detection side of the otscope command (issue 7): --policy / --alerts-jsonl / --syslog on
// analyze and capture, and the `alerts`, `baseline` and `rules` commands.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "engine/detection/detector.h"
#include "engine/detection/forward.h"
#include "engine/engine.h"

// Only the command registration needs CLI11; the run lifecycle (cli/run.h) and the console
// include this header without it.
namespace CLI {
class App;
}  // namespace CLI

namespace otscope::cli {

struct DetectionArgs {
  std::string policy;
  std::string alerts_jsonl;
  std::vector<std::string> syslog;
};

/// Adds --policy, --alerts-jsonl and --syslog to `cmd`.
void add_detection_options(CLI::App* cmd, DetectionArgs& args);

/// What a run needs for detection: the detector configuration and the alert forwarders.
struct DetectionSetup {
  detection::DetectorConfig config;
  std::vector<std::unique_ptr<detection::AlertForwarder>> forwarders;
};

/// Loads the policy and the stored baseline (when `db` is given) and opens the forwarders.
/// Throws PolicyError, ForwardError or DbError with a one-line message.
DetectionSetup prepare_detection(const DetectionArgs& args, const Database* db);

/// After a run (or a live flush) has been merged into `db`: raises alerts for the identity and
/// address changes that merge added to the history (`merge_report`, what Database::merge returned;
/// other writers' changes are theirs to alert on), stores the alert changes, forwards the newly
/// raised ones and stores what the run learned for the baseline. Without a database it only
/// forwards. `captures` maps capture names to capture_runs ids. Returns the number of alerts
/// raised here (beyond AnalysisResult::alerts). `attach`, when given, adds the captured packets
/// of the changes' evidence before they are stored (a live capture's, Engine::attach_evidence_
/// packets). Throws DbError.
std::uint64_t finish_detection(
    detection::Detector& detector, Database* db, const MergeReport& merge_report,
    const std::vector<std::pair<std::string, std::int64_t>>& captures, DetectionSetup& setup,
    const std::function<void(std::vector<detection::AlertChange>&)>& attach = {});

/// Forwarding problems and baseline warnings, one line each (the commands print them as
/// warnings; OfflineRun::warnings() and LiveRun::warnings() return them).
std::vector<std::string> detection_problems(const detection::Detector& detector,
                                            const DetectionSetup& setup);

/// What `alerts export-pcap` did: `error` (one line) and the exit code it means, or `message`
/// ("FILE: 1 evidence frame and 3 handshake frames from 1 capture") and `warnings`.
struct EvidencePcapOutcome {
  int exit_code = 0;
  std::string error;
  std::string message;
  std::vector<std::string> warnings;
};

/// Writes alert `id`'s evidence frames and their TCP handshakes, read again from the captures
/// they came from (looked for in `captures_dir` by name when they moved), to a pcap at `output`.
/// The CLI's `alerts export-pcap` and the console's alert action.
EvidencePcapOutcome export_alert_pcap(const std::string& db, std::int64_t id,
                                      const std::string& output,
                                      const std::string& captures_dir = {});

/// Registers `alerts` (ack/close/accept), `baseline` (learn/export/import/show) and `rules`.
void add_detection_commands(CLI::App& app, int& exit_code);

}  // namespace otscope::cli
