// What a live-capture dialog needs before it starts a capture: the interfaces to choose from,
// whether a capture filter is valid, and whether this process may capture at all (and, when it
// may not, the one-line fix to show the user).
#pragma once

#include <string>
#include <vector>

namespace otscope::capture {

/// A network interface libpcap can capture on.
struct InterfaceInfo {
  std::string name;                    // what LiveOptions::interface takes: "eth0", "lo", "any"
  std::string description;             // libpcap's description, often empty on Linux
  std::vector<std::string> addresses;  // IPv4 and IPv6 addresses as text, in libpcap's order
  bool up = false;
  bool running = false;
  bool loopback = false;
  bool wireless = false;
};

/// Every interface libpcap can capture on (pcap_findalldevs), in its order. Lists interfaces even
/// when this process may not capture on them. Throws CaptureError (one line) when libpcap fails.
std::vector<InterfaceInfo> list_interfaces();

/// "" when the BPF expression compiles for an Ethernet capture of `snaplen` bytes per packet,
/// else libpcap's reason on one line (e.g. "syntax error"). An empty expression is valid (it
/// captures everything).
std::string check_filter(const std::string& bpf, int snaplen = 262144);

/// Whether this process may open a live capture: CAP_NET_RAW in its effective capability set
/// (which root has unless a container took it away). Reads /proc/self/status; where that is
/// unavailable, whether the effective user is root.
bool live_capture_permitted();

/// The one-line fix for a process that may not capture, naming `executable_path` (the program to
/// grant the capability to), e.g. "run `sudo setcap cap_net_raw+ep /usr/bin/otscope-console`, or
/// run the sensor `otscope capture` as a service and open its database".
std::string live_capture_permission_hint(const std::string& executable_path);

}  // namespace otscope::capture
