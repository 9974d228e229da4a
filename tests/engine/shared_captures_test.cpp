// Every shared real-world capture goes through the whole pipeline without error, and the packet
// count is what capinfos reports (the figures in ../shared/pcaps/MANIFEST.tsv; when Wireshark's
// capinfos is installed the test asks it too).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "capture/source.h"
#include "engine/engine.h"
#include "tests/support/test_support.h"

namespace otscope {
namespace {

struct ManifestEntry {
  std::string file;
  std::uint64_t packets;
};

std::vector<ManifestEntry> manifest(const std::filesystem::path& dir) {
  std::vector<ManifestEntry> out;
  std::ifstream in(dir / "MANIFEST.tsv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string file, source, packets;
    if (std::getline(row, file, '\t') && std::getline(row, source, '\t') &&
        std::getline(row, packets, '\t'))
      out.push_back({file, std::stoull(packets)});
  }
  return out;
}

std::optional<std::uint64_t> capinfos_count(const std::filesystem::path& file) {
  auto r = test::run_command({"/usr/bin/capinfos", "-T", "-r", "-c", file.string()});
  if (r.exit_code != 0) return std::nullopt;
  const auto tab = r.out.rfind('\t');
  if (tab == std::string::npos) return std::nullopt;
  return std::stoull(r.out.substr(tab + 1));
}

TEST(SharedCaptures, EveryFileAnalysedWithCapinfosPacketCount) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  const auto entries = manifest(dir);
  ASSERT_GT(entries.size(), 80u) << "MANIFEST.tsv not readable";
  const bool have_capinfos = std::filesystem::exists("/usr/bin/capinfos");
  for (const auto& e : entries) {
    SCOPED_TRACE(e.file);
    AnalysisResult r;
    ASSERT_NO_THROW(r = analyze_captures({(dir / e.file).string()}));
    EXPECT_EQ(r.packets, e.packets);
    if (have_capinfos) {
      auto n = capinfos_count(dir / e.file);
      ASSERT_TRUE(n);
      EXPECT_EQ(r.packets, *n);
    }
    ASSERT_EQ(r.captures.size(), 1u);
    EXPECT_FALSE(r.captures[0].truncated);
  }
}

TEST(SharedCaptures, AllFilesInOneRunAddUp) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(dir);
  std::vector<std::string> paths;
  std::uint64_t expected = 0;
  for (const auto& e : manifest(dir)) {
    paths.push_back((dir / e.file).string());
    expected += e.packets;
  }
  AnalysisResult r = analyze_captures(paths);
  EXPECT_EQ(r.packets, expected);
  EXPECT_EQ(r.captures.size(), paths.size());
  EXPECT_GT(r.assets.size(), 20u);
  EXPECT_GT(r.links.size(), 20u);
}

}  // namespace
}  // namespace otscope
