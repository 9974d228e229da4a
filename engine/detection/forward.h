// Alert forwarding the way SIEMs ingest OT monitors: JSON lines appended to a file, and CEF over
// syslog (RFC 5424) to a collector by UDP (one message per datagram) or TCP (RFC 6587 octet
// counting). A collector that goes away never stops the analysis: failures are counted and
// reported once.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/detection/alert.h"

namespace otscope::detection {

/// "cannot open alert file 'x': ...", "invalid syslog target 'ftp://x'".
class ForwardError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class AlertForwarder {
 public:
  virtual ~AlertForwarder() = default;
  /// Sends one alert (newly raised; `id` is its database id when stored).
  virtual void forward(const Alert& alert, std::optional<std::int64_t> id) = 0;
  /// Problems so far ("3 alerts could not be sent to udp://...: Connection refused"), or "".
  virtual std::string problems() const { return {}; }
};

/// Appends one JSON object per line (alert_json()), flushed after each alert.
class JsonLinesForwarder final : public AlertForwarder {
 public:
  /// Throws ForwardError when the file cannot be opened for appending.
  explicit JsonLinesForwarder(const std::string& path);
  void forward(const Alert& alert, std::optional<std::int64_t> id) override;
  std::string problems() const override;

 private:
  std::string path_;
  std::ofstream out_;
  std::uint64_t failed_ = 0;
};

/// A parsed `udp://HOST:PORT` or `tcp://HOST:PORT` (IPv6 hosts in brackets).
struct SyslogTarget {
  bool tcp = false;
  std::string host;
  std::uint16_t port = 514;
};
/// Throws ForwardError naming the text when it is not a syslog target.
SyslogTarget parse_syslog_target(const std::string& text);

/// One RFC 5424 message carrying the alert as CEF: `<PRI>1 TIMESTAMP HOST otscope PID alert -
/// CEF:0|...`. Facility local4 (20); severity critical->2, high->3, medium->4, low->5.
std::string syslog_message(const Alert& alert, std::optional<std::int64_t> id,
                           const std::string& hostname, long pid);

/// Sends syslog_message() to a collector. TCP connects lazily and reconnects once per alert.
class SyslogForwarder final : public AlertForwarder {
 public:
  /// Resolves the host; throws ForwardError when it cannot be resolved or no socket is possible.
  explicit SyslogForwarder(const std::string& target);
  ~SyslogForwarder() override;
  SyslogForwarder(const SyslogForwarder&) = delete;
  SyslogForwarder& operator=(const SyslogForwarder&) = delete;

  void forward(const Alert& alert, std::optional<std::int64_t> id) override;
  std::string problems() const override;

 private:
  bool send_tcp(const std::string& frame);
  bool send_udp(const std::string& message);
  void close_socket();

  std::string text_;
  SyslogTarget target_;
  std::vector<std::uint8_t> address_;  // sockaddr storage of the resolved collector
  int family_ = 0;
  int fd_ = -1;
  std::string hostname_;
  long pid_ = 0;
  std::uint64_t failed_ = 0;
  std::string last_error_;
};

}  // namespace otscope::detection
