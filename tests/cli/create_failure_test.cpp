// A new database that cannot be created (a full disk while its schema is written) leaves no file.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/test_support.h"

namespace otscope {
namespace {

// A full disk while a new database's schema is written: the half-made file is removed.
TEST(CreateFailure, AnalyzeIntoANewDatabaseOnAFullDiskLeavesNoFile) {
  const std::uint64_t unit = test::ulimit_f_unit();
  if (unit != 512 && unit != 1024) GTEST_SKIP() << "cannot tell the unit of `ulimit -f`";
  test::TempDir dir;
  const std::string db = (dir.path() / "new.db").string();
  const std::string pcap = (test::project_pcaps() / "attack_modbus_write.pcap").string();
  const std::string script = "trap '' XFSZ; ulimit -f \"$1\" || exit 99; shift; exec \"$@\"";
  auto r = test::run_command({"/bin/sh", "-c", script, "sh", std::to_string(8 * 1024 / unit),
                              test::otscope_binary().string(), "analyze", "--db", db, pcap});
  ASSERT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("cannot upgrade database"), std::string::npos) << r.err;
  for (const char* suffix : {"", "-wal", "-shm", "-journal", "-lock"})
    EXPECT_FALSE(std::filesystem::exists(db + suffix)) << db + suffix << " left behind";
  // Without the limit the same command creates it.
  EXPECT_EQ(
      test::run_command({test::otscope_binary().string(), "analyze", "--db", db, pcap}).exit_code,
      0);
}

}  // namespace
}  // namespace otscope
