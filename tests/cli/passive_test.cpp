// Provably passive: `otscope capture` on the monitor end of a veth pair, whose other end is in a
// network namespace sending traffic, transmits nothing. The monitor end has no address, ARP off
// and IPv6 disabled before it comes up, so the kernel itself sends nothing on it either; its
// transmit counters must not move while otscope captures. Skipped (with the reason) where
// network namespaces cannot be created (not root, a container without CAP_SYS_ADMIN).
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/test_support.h"

namespace otscope {
namespace {

using nlohmann::json;

test::CommandResult sh(const std::string& command) {
  return test::run_command({"/bin/sh", "-c", command + " 2>&1"});
}

std::uint64_t counter(const std::string& interface, const std::string& name) {
  std::ifstream in("/sys/class/net/" + interface + "/statistics/" + name);
  std::uint64_t value = 0;
  in >> value;
  EXPECT_TRUE(in) << "cannot read " << name << " of " << interface;
  return value;
}

// The namespace and the veth pair, removed in every path (the peer goes with the pair).
struct Testbed {
  std::string ns, monitor, peer;
  bool ns_made = false, link_made = false;
  ~Testbed() {
    if (link_made) sh("ip link del " + monitor);
    if (ns_made) sh("ip netns del " + ns);
  }
};

// In a child process inside the namespace: `count` UDP datagrams to the static neighbour's DNP3
// port and as many broadcasts, 10 ms apart. Returns the child's exit status.
int send_from_namespace(const std::string& ns, int count) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(("/var/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) _exit(10);
    const int s = socket(AF_INET, SOCK_DGRAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(20000);
    const char payload[] = "otscope passive test";
    for (int i = 0; i < count; ++i) {
      for (const char* dst : {"192.0.2.20", "192.0.2.255"}) {
        inet_pton(AF_INET, dst, &to.sin_addr);
        if (sendto(s, payload, sizeof payload, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0)
          _exit(11);
      }
      usleep(10'000);
    }
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(Passive, CaptureOnAVethTransmitsNothing) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to create a network namespace and a veth pair";
  if (sh("command -v ip").exit_code != 0) GTEST_SKIP() << "iproute2 (ip) is not installed";
  const std::string id = std::to_string(getpid() % 100000);
  Testbed bed{"otscope-passive-" + id, "otsmon" + id, "otspeer" + id};
  auto made = sh("ip netns add " + bed.ns);
  if (made.exit_code != 0) GTEST_SKIP() << "cannot create a network namespace: " << made.out;
  bed.ns_made = true;
  made = sh("ip link add " + bed.monitor + " type veth peer name " + bed.peer);
  if (made.exit_code != 0) GTEST_SKIP() << "cannot create a veth pair: " << made.out;
  bed.link_made = true;

  // The monitor end: before it is up, nothing that would make the kernel speak on it.
  const std::string v6 = "/proc/sys/net/ipv6/conf/" + bed.monitor + "/disable_ipv6";
  if (std::filesystem::exists(v6)) {
    ASSERT_EQ(sh("echo 1 > " + v6).exit_code, 0);
  }
  ASSERT_EQ(sh("ip link set " + bed.monitor + " arp off multicast off").exit_code, 0);
  // The traffic end, in the namespace, with a static neighbour so that it sends unicast at once.
  const std::string in_ns = "ip netns exec " + bed.ns + " ";
  ASSERT_EQ(sh("ip link set " + bed.peer + " netns " + bed.ns).exit_code, 0);
  ASSERT_EQ(sh(in_ns + "ip addr add 192.0.2.1/24 brd 192.0.2.255 dev " + bed.peer).exit_code, 0);
  ASSERT_EQ(sh(in_ns + "ip link set " + bed.peer + " up").exit_code, 0);
  ASSERT_EQ(sh(in_ns + "ip neigh replace 192.0.2.20 lladdr 02:00:00:00:00:20 nud permanent dev " +
               bed.peer)
                .exit_code,
            0);
  ASSERT_EQ(sh("ip link set " + bed.monitor + " up").exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(sh("ip -4 addr show dev " + bed.monitor + " | grep -c inet").out.substr(0, 1), "0");

  const std::uint64_t tx_packets = counter(bed.monitor, "tx_packets");
  const std::uint64_t tx_bytes = counter(bed.monitor, "tx_bytes");
  const std::uint64_t rx_packets = counter(bed.monitor, "rx_packets");

  test::TempDir dir;
  const std::string db = (dir.path() / "passive.db").string();
  test::Spawned cap =
      test::spawn_command({test::otscope_binary().string(), "capture", "-i", bed.monitor, "--db",
                           db, "--duration", "4", "--flush-interval", "1", "--json"});
  ASSERT_GT(cap.pid, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  const int sent = send_from_namespace(bed.ns, 100);
  const std::string out = test::read_all(cap.out_fd);
  const std::string err = test::read_all(cap.err_fd);
  const int exit_code = test::wait_exit(cap.pid);
  ASSERT_EQ(sent, 0) << "the namespace side could not send";
  ASSERT_EQ(exit_code, 0) << err;

  // Traffic flowed and otscope saw and stored it ...
  EXPECT_GE(counter(bed.monitor, "rx_packets") - rx_packets, 200u);
  const json summary = json::parse(out);
  EXPECT_GE(summary["packets"].get<std::uint64_t>(), 200u) << out;
  auto runs = test::run_command({test::otscope_binary().string(), "runs", "--db", db, "--json"});
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  const json r = json::parse(runs.out);
  ASSERT_EQ(r.size(), 1u) << runs.out;
  EXPECT_GE(r[0]["packets"].get<std::uint64_t>(), 200u) << runs.out;
  auto assets =
      test::run_command({test::otscope_binary().string(), "assets", "--db", db, "--json"});
  EXPECT_NE(assets.out.find("192.0.2.1"), std::string::npos) << assets.out;

  // ... and the monitor's interface transmitted nothing.
  EXPECT_EQ(counter(bed.monitor, "tx_packets"), tx_packets);
  EXPECT_EQ(counter(bed.monitor, "tx_bytes"), tx_bytes);
}

}  // namespace
}  // namespace otscope
