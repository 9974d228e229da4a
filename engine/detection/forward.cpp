#include "engine/detection/forward.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

#include "model/detection/baseline.h"

namespace otscope::detection {
namespace {

constexpr int kFacilityLocal4 = 20;

int syslog_severity(Severity s) {
  switch (s) {
    case Severity::Critical:
      return 2;
    case Severity::High:
      return 3;
    case Severity::Medium:
      return 4;
    case Severity::Low:
      return 5;
  }
  return 5;
}

// RFC 5424 HOSTNAME: printable US-ASCII without spaces, at most 255 characters.
std::string syslog_token(const std::string& s, const char* fallback) {
  std::string out;
  for (char c : s)
    if (c > 32 && c < 127) out.push_back(c);
  if (out.size() > 255) out.resize(255);
  return out.empty() ? fallback : out;
}

}  // namespace

JsonLinesForwarder::JsonLinesForwarder(const std::string& path)
    : path_(path), out_(path, std::ios::app | std::ios::binary) {
  if (!out_) throw ForwardError("cannot open alert file '" + path + "': " + std::strerror(errno));
}

void JsonLinesForwarder::forward(const Alert& alert, std::optional<std::int64_t> id) {
  // dump() escapes control characters, so a wire string can never break the line framing.
  out_ << alert_json(alert, id, AlertState::Open)
              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
       << '\n';
  out_.flush();
  if (!out_) {
    ++failed_;
    out_.clear();
  }
}

std::string JsonLinesForwarder::problems() const {
  if (failed_ == 0) return {};
  return std::to_string(failed_) + " alert(s) could not be written to '" + path_ + "'";
}

SyslogTarget parse_syslog_target(const std::string& text) {
  SyslogTarget t;
  std::string rest;
  if (text.rfind("udp://", 0) == 0) {
    rest = text.substr(6);
  } else if (text.rfind("tcp://", 0) == 0) {
    t.tcp = true;
    rest = text.substr(6);
  } else {
    throw ForwardError("invalid syslog target '" + text +
                       "' (expected udp://HOST:PORT or tcp://HOST:PORT)");
  }
  std::string port;
  if (!rest.empty() && rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string::npos) throw ForwardError("invalid syslog target '" + text + "'");
    t.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') throw ForwardError("invalid syslog target '" + text + "'");
      port = rest.substr(close + 2);
    }
  } else {
    const std::size_t colon = rest.rfind(':');
    t.host = rest.substr(0, colon);
    if (colon != std::string::npos) port = rest.substr(colon + 1);
  }
  if (t.host.empty() || t.host.find('/') != std::string::npos)
    throw ForwardError("invalid syslog target '" + text + "': no host");
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
      throw ForwardError("invalid syslog target '" + text + "': bad port '" + port + "'");
    t.port = static_cast<std::uint16_t>(value);
  }
  return t;
}

std::string syslog_message(const Alert& alert, std::optional<std::int64_t> id,
                           const std::string& hostname, long pid) {
  const int pri = kFacilityLocal4 * 8 + syslog_severity(alert.severity);
  std::string ts = iso8601_us(alert.first_seen_us);
  if (ts.empty()) ts = "-";
  return "<" + std::to_string(pri) + ">1 " + ts + " " + syslog_token(hostname, "-") + " otscope " +
         std::to_string(pid) + " alert - " + alert_cef(alert, id);
}

SyslogForwarder::SyslogForwarder(const std::string& target)
    : text_(target), target_(parse_syslog_target(target)), pid_(static_cast<long>(getpid())) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = target_.tcp ? SOCK_STREAM : SOCK_DGRAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(target_.port);
  const int rc = getaddrinfo(target_.host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr)
    throw ForwardError("cannot resolve syslog collector '" + target_.host +
                       "': " + gai_strerror(rc));
  family_ = found->ai_family;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(found->ai_addr);
  address_.assign(bytes, bytes + found->ai_addrlen);
  freeaddrinfo(found);
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) == 0) hostname_ = name;
  if (!target_.tcp) {
    fd_ = socket(family_, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0)
      throw ForwardError("cannot create a UDP socket for '" + text_ + "': " + std::strerror(errno));
  }
}

SyslogForwarder::~SyslogForwarder() {
  close_socket();
}

void SyslogForwarder::close_socket() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool SyslogForwarder::send_udp(const std::string& message) {
  const ssize_t n = sendto(fd_, message.data(), message.size(), 0,
                           reinterpret_cast<const sockaddr*>(address_.data()),
                           static_cast<socklen_t>(address_.size()));
  if (n == static_cast<ssize_t>(message.size())) return true;
  last_error_ = std::strerror(errno);
  return false;
}

bool SyslogForwarder::send_tcp(const std::string& frame) {
  if (fd_ < 0) {
    fd_ = socket(family_, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
      last_error_ = std::strerror(errno);
      return false;
    }
    if (connect(fd_, reinterpret_cast<const sockaddr*>(address_.data()),
                static_cast<socklen_t>(address_.size())) != 0) {
      last_error_ = std::strerror(errno);
      close_socket();
      return false;
    }
  }
  std::size_t sent = 0;
  while (sent < frame.size()) {
    const ssize_t n = send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      last_error_ = n == 0 ? "connection closed" : std::strerror(errno);
      close_socket();
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

void SyslogForwarder::forward(const Alert& alert, std::optional<std::int64_t> id) {
  const std::string message = syslog_message(alert, id, hostname_, pid_);
  bool ok = false;
  if (target_.tcp) {
    // RFC 6587 octet counting: "LEN SP MSG", so messages may contain any byte.
    const std::string frame = std::to_string(message.size()) + " " + message;
    ok = send_tcp(frame) || send_tcp(frame);  // one reconnect after a dropped connection
  } else {
    ok = send_udp(message);
  }
  if (!ok) ++failed_;
}

std::string SyslogForwarder::problems() const {
  if (failed_ == 0) return {};
  return std::to_string(failed_) + " alert(s) could not be sent to " + text_ + ": " + last_error_;
}

}  // namespace otscope::detection
