// The sensor as a systemd service: scripts/install-sensor.sh staged into a temporary DESTDIR
// puts the binary and the unit in place, and the installed binary captures with CAP_NET_RAW
// alone, as the unprivileged user the unit runs it as.
#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace otscope {
namespace {

namespace fs = std::filesystem;
using test::run_command;

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string first_existing(const std::vector<std::string>& candidates) {
  for (const std::string& c : candidates)
    if (access(c.c_str(), X_OK) == 0) return c;
  return {};
}

// The lines of `unit` that start with `key=`.
std::vector<std::string> unit_values(const std::string& unit, const std::string& key) {
  std::vector<std::string> values;
  std::istringstream in(unit);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + "=", 0) == 0) values.push_back(line.substr(key.size() + 1));
  return values;
}

// Runs scripts/install-sensor.sh with DESTDIR=dest and no user creation.
test::CommandResult stage_install(const fs::path& dest) {
  const std::string bash = first_existing({"/bin/bash", "/usr/bin/bash"});
  return run_command({"/usr/bin/env", "DESTDIR=" + dest.string(), "OTSCOPE_SENSOR_SKIP_USER=1",
                      std::string("OTSCOPE_BUILD_DIR=") + OTSCOPE_BINARY_DIR, bash,
                      std::string(OTSCOPE_SOURCE_DIR) + "/scripts/install-sensor.sh"});
}

TEST(SensorService, StagedInstallPutsBinaryUnitAndDefaultsInPlace) {
  test::TempDir dir;
  const fs::path dest = dir.path() / "root";
  test::CommandResult r = stage_install(dest);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("systemctl enable --now otscope-sensor@eth1"), std::string::npos) << r.out;

  const fs::path binary = dest / "usr/local/bin/otscope";
  ASSERT_TRUE(fs::exists(binary));
  EXPECT_EQ(access(binary.c_str(), X_OK), 0);

  const fs::path unit_path = dest / "etc/systemd/system/otscope-sensor@.service";
  ASSERT_TRUE(fs::exists(unit_path));
  const std::string unit = read_file(unit_path);
  EXPECT_EQ(unit_values(unit, "User"), std::vector<std::string>{"otscope"});
  EXPECT_EQ(unit_values(unit, "Group"), std::vector<std::string>{"otscope"});
  EXPECT_EQ(unit_values(unit, "AmbientCapabilities"), std::vector<std::string>{"CAP_NET_RAW"});
  EXPECT_EQ(unit_values(unit, "CapabilityBoundingSet"), std::vector<std::string>{"CAP_NET_RAW"});
  EXPECT_EQ(unit_values(unit, "NoNewPrivileges"), std::vector<std::string>{"yes"});
  EXPECT_EQ(unit_values(unit, "StateDirectory"), std::vector<std::string>{"otscope"});
  EXPECT_EQ(unit_values(unit, "Restart"), std::vector<std::string>{"on-failure"});
  EXPECT_EQ(unit_values(unit, "EnvironmentFile"),
            std::vector<std::string>{"-/etc/default/otscope-sensor"});

  // ExecStart runs the installed binary on the instance's interface into /var/lib/otscope.
  std::vector<std::string> exec = unit_values(unit, "ExecStart");
  ASSERT_EQ(exec.size(), 1u);
  EXPECT_EQ(
      exec[0].rfind("/usr/local/bin/otscope capture -i %i --db /var/lib/otscope/plant.db ", 0), 0u)
      << exec[0];
  // Every option the unit passes is one the installed binary knows.
  test::CommandResult help = run_command({binary.string(), "capture", "--help"});
  ASSERT_EQ(help.exit_code, 0) << help.err;
  for (const char* option : {"--interface", "--db", "--flush-interval", "--filter", "--retention"})
    EXPECT_NE(help.out.find(option), std::string::npos) << option;

  const fs::path defaults = dest / "etc/default/otscope-sensor";
  ASSERT_TRUE(fs::exists(defaults));
  EXPECT_NE(read_file(defaults).find("OTSCOPE_OPTS="), std::string::npos);
  EXPECT_NE(read_file(defaults).find("\nOTSCOPE_RETENTION=90d\n"), std::string::npos);
  EXPECT_EQ(unit_values(unit, "Environment")[1], "OTSCOPE_RETENTION=90d");
  EXPECT_NE(exec[0].find("--retention \"${OTSCOPE_RETENTION}\""), std::string::npos);

  // Idempotent, and the operator's defaults survive a re-install.
  { std::ofstream(defaults) << "OTSCOPE_OPTS=--policy /etc/otscope/policy.toml\n"; }
  r = stage_install(dest);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(read_file(defaults), "OTSCOPE_OPTS=--policy /etc/otscope/policy.toml\n");
  EXPECT_EQ(read_file(unit_path), unit);
}

TEST(SensorService, InstalledBinaryCapturesWithOnlyNetRaw) {
  const std::string setpriv = first_existing({"/usr/bin/setpriv", "/bin/setpriv"});
  if (setpriv.empty()) GTEST_SKIP() << "setpriv not available";
  if (geteuid() != 0) GTEST_SKIP() << "needs root to switch to an unprivileged user";
  const passwd* nobody = getpwnam("nobody");
  if (nobody == nullptr) GTEST_SKIP() << "no user nobody";
  const std::string nobody_gid = std::to_string(nobody->pw_gid);

  test::TempDir dir;
  test::CommandResult r = stage_install(dir.path() / "root");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string binary = (dir.path() / "root/usr/local/bin/otscope").string();
  // A state directory the unprivileged user may write, like StateDirectory= gives it.
  const fs::path state = dir.path() / "state";
  fs::create_directory(state);
  chmod(state.c_str(), 0777);

  auto capture_as_nobody = [&](const std::string& caps, const std::string& db) {
    return run_command({setpriv, "--reuid=nobody", "--regid=" + nobody_gid, "--clear-groups",
                        "--inh-caps=-all" + caps, "--ambient-caps=-all" + caps,
                        "--bounding-set=-all" + caps, "--no-new-privs", binary, "capture", "-i",
                        "lo", "--duration", "1", "--db", (state / db).string()});
  };
  test::CommandResult with_raw = capture_as_nobody(",+net_raw", "raw.db");
  if (with_raw.exit_code != 0 && with_raw.err.rfind("setpriv:", 0) == 0)
    GTEST_SKIP() << "setpriv cannot drop to nobody with CAP_NET_RAW here: " << with_raw.err;
  if (with_raw.exit_code != 0) {
    // Not the unit's fault when even root may not capture (a container without CAP_NET_RAW).
    test::CommandResult as_root = run_command(
        {binary, "capture", "-i", "lo", "--duration", "0.5", "--db", (state / "root.db").string()});
    if (as_root.exit_code != 0) GTEST_SKIP() << "live capture not permitted here: " << as_root.err;
  }
  ASSERT_EQ(with_raw.exit_code, 0) << with_raw.err;
  EXPECT_TRUE(fs::exists(state / "raw.db"));

  // And the capability is what makes it work: without it the capture is refused.
  test::CommandResult without = capture_as_nobody("", "none.db");
  EXPECT_NE(without.exit_code, 0);
  EXPECT_NE(without.err.find("CAP_NET_RAW"), std::string::npos) << without.err;
}

}  // namespace
}  // namespace otscope
