// A first merge stores the roles the engine inferred (AnalysisResult::roles_inferred) instead of
// reading the inventory back to infer them again: the two must give the same roles, on every
// shared capture (one run) and on the project's demo plant.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "db/codec.h"
#include "db/database.h"
#include "engine/engine.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

namespace fs = std::filesystem;

// Each stored asset with its roles, in stored order.
std::vector<std::string> roles_of(const fs::path& db_path, AnalysisResult result,
                                  bool roles_inferred) {
  result.roles_inferred = roles_inferred;
  Database db = Database::open(db_path.string());
  CaptureRunRecord run;
  run.source = "test";
  const std::int64_t run_id = db.begin_run(run);
  std::vector<std::int64_t> runs(result.captures.size(), run_id);
  db.merge(result, runs);
  std::vector<std::string> out;
  for (const StoredAsset& a : db.assets())
    out.push_back(std::to_string(a.id) + " " + db::roles_to_json(a.record.roles));
  return out;
}

void expect_same_roles(const std::vector<fs::path>& captures) {
  Engine engine;
  for (std::size_t i = 0; i < captures.size(); ++i)
    engine.run_file(captures[i].string(), static_cast<std::uint32_t>(i));
  engine.finish();
  const AnalysisResult result = engine.take_result();
  ASSERT_TRUE(result.roles_inferred);
  test::TempDir dir;
  const auto stored = roles_of(dir.path() / "engine.db", result, true);
  const auto inferred = roles_of(dir.path() / "refresh.db", result, false);
  EXPECT_EQ(stored, inferred);
  // Something to compare: assets with a role.
  EXPECT_GT(std::count_if(stored.begin(), stored.end(),
                          [](const std::string& s) { return s.find("\"role\"") != s.npos; }),
            5);
}

TEST(FirstMergeRoles, TheEnginesRolesAreThoseInferredFromTheStoredInventory) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(shared);
  expect_same_roles(test::capture_files(shared));
}

TEST(FirstMergeRoles, DemoPlant) {
  expect_same_roles({test::project_pcaps() / "demo_plant.pcap"});
}

}  // namespace
}  // namespace otscope
