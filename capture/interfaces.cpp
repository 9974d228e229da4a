#include "capture/interfaces.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <memory>

#include "capture/source.h"

namespace otscope::capture {

namespace {

// CAP_NET_RAW from <linux/capability.h>: opening a packet socket needs it.
constexpr unsigned kCapNetRaw = 13;

std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string address_text(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa == nullptr) return {};
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    if (inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf) != nullptr) return buf;
  } else if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    if (inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf) != nullptr) return buf;
  }
  return {};
}

}  // namespace

std::vector<InterfaceInfo> list_interfaces() {
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_if_t* all = nullptr;
  if (pcap_findalldevs(&all, err) != 0)
    throw CaptureError("cannot list network interfaces: " + one_line(err));
  std::unique_ptr<pcap_if_t, void (*)(pcap_if_t*)> owned(all, pcap_freealldevs);
  std::vector<InterfaceInfo> out;
  for (const pcap_if_t* d = all; d != nullptr; d = d->next) {
    InterfaceInfo info;
    info.name = d->name;
    if (d->description != nullptr) info.description = d->description;
    for (const pcap_addr_t* a = d->addresses; a != nullptr; a = a->next)
      if (std::string text = address_text(a->addr); !text.empty())
        info.addresses.push_back(std::move(text));
    info.up = (d->flags & PCAP_IF_UP) != 0;
    info.running = (d->flags & PCAP_IF_RUNNING) != 0;
    info.loopback = (d->flags & PCAP_IF_LOOPBACK) != 0;
    info.wireless = (d->flags & PCAP_IF_WIRELESS) != 0;
    out.push_back(std::move(info));
  }
  return out;
}

std::string check_filter(const std::string& bpf, int snaplen) {
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> dead(pcap_open_dead(DLT_EN10MB, snaplen), pcap_close);
  if (!dead) return "cannot check the filter: libpcap could not make a capture handle";
  bpf_program prog{};
  if (pcap_compile(dead.get(), &prog, bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    std::string reason = one_line(pcap_geterr(dead.get()));
    return reason.empty() ? "invalid capture filter" : reason;
  }
  pcap_freecode(&prog);
  return {};
}

bool live_capture_permitted() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (status && std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) != 0) continue;
    try {
      const unsigned long long caps = std::stoull(line.substr(7), nullptr, 16);
      return ((caps >> kCapNetRaw) & 1U) != 0;
    } catch (const std::exception&) {
      break;  // unreadable: decide by the user below
    }
  }
  return geteuid() == 0;
}

std::string live_capture_permission_hint(const std::string& executable_path) {
  const std::string program = executable_path.empty() ? "the program" : executable_path;
  return "run `sudo setcap cap_net_raw+ep " + program +
         "`, or run the sensor `otscope capture` as a service and open its database";
}

}  // namespace otscope::capture
