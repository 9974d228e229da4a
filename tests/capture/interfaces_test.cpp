// What the console's live-capture dialog asks before it starts: interfaces, filter check,
// permission and the hint for the user.
#include "capture/interfaces.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "capture/source.h"

namespace otscope::capture {
namespace {

TEST(Interfaces, LoopbackIsListedWithItsAddress) {
  const std::vector<InterfaceInfo> all = list_interfaces();
  auto lo =
      std::find_if(all.begin(), all.end(), [](const InterfaceInfo& i) { return i.name == "lo"; });
  ASSERT_NE(lo, all.end()) << "no 'lo' among " << all.size() << " interfaces";
  EXPECT_TRUE(lo->loopback);
  EXPECT_TRUE(lo->up);
  EXPECT_FALSE(lo->wireless);
  EXPECT_NE(std::find(lo->addresses.begin(), lo->addresses.end(), "127.0.0.1"),
            lo->addresses.end());
  for (const InterfaceInfo& i : all) {
    EXPECT_FALSE(i.name.empty());
    for (const std::string& a : i.addresses) EXPECT_FALSE(a.empty()) << i.name;
  }
}

TEST(Interfaces, FilterThatCompilesIsAccepted) {
  EXPECT_EQ(check_filter("tcp port 502"), "");
  EXPECT_EQ(check_filter("tcp port 502 or (udp and port 20000)", 65535), "");
  EXPECT_EQ(check_filter(""), "") << "an empty filter captures everything";
}

TEST(Interfaces, FilterWithATypoIsRefusedWithOneLine) {
  const std::string reason = check_filter("tcp prot 502");
  EXPECT_FALSE(reason.empty());
  EXPECT_EQ(reason.find('\n'), std::string::npos) << reason;
  EXPECT_FALSE(check_filter("port 99999").empty());
}

TEST(Interfaces, PermissionAgreesWithOpeningTheLoopback) {
  LiveOptions o;
  o.interface = "lo";
  o.timeout_ms = 10;
  if (live_capture_permitted()) {
    EXPECT_NO_THROW(PcapSource::open_live(o));
  } else {
    try {
      PcapSource::open_live(o);
      FAIL() << "opened a live capture without CAP_NET_RAW";
    } catch (const CaptureError& e) {
      EXPECT_NE(std::string(e.what()).find("CAP_NET_RAW"), std::string::npos) << e.what();
    }
  }
}

TEST(Interfaces, AnUnprivilegedUserMayNotCapture) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to become another user";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  // Giving up root without keeping capabilities clears the effective set.
  EXPECT_EXIT(
      {
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(2);
        _exit(live_capture_permitted() ? 1 : 0);
      },
      testing::ExitedWithCode(0), "");
}

TEST(Interfaces, HintNamesTheProgramAndTheAlternative) {
  const std::string hint = live_capture_permission_hint("/opt/otscope/bin/otscope-console");
  EXPECT_NE(hint.find("setcap cap_net_raw+ep /opt/otscope/bin/otscope-console"), std::string::npos)
      << hint;
  EXPECT_NE(hint.find("otscope capture"), std::string::npos) << hint;
  EXPECT_EQ(hint.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace otscope::capture
