#include "capture/source.h"

#include <pcap/pcap.h>
#include <poll.h>
#include <stdio_ext.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "capture/link.h"
#include "capture/pcap_writer.h"

namespace otscope::capture {

struct PcapSource::Handle {
  pcap_t* pcap = nullptr;
  std::unique_ptr<PcapWriter> writer;  // --write
  int fd = -1;                         // live: the selectable descriptor polled between reads
  int timeout_ms = 0;
  /// Files: the stdio buffer libpcap reads through; freed after pcap_close().
  std::unique_ptr<char[]> file_buffer;
};

namespace {

// The stdio buffer libpcap reads a capture file through: large enough that a big capture takes
// few read system calls (one per 32 KiB), small enough to stay in the level-2 cache between the
// kernel's copy into it and libpcap's copy out of it. A 256 KiB buffer, half of this machine's
// level-2 cache, evicted the flow and session state on every refill (22% more level-2 misses).
constexpr std::size_t kFileBufferBytes = 1 << 15;

std::string link_name(int dlt) {
  const char* n = pcap_datalink_val_to_name(dlt);
  return n ? n : "unknown";
}

// This program's file, for the setcap command a permission error suggests.
std::string this_executable() {
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  return n > 0 ? std::string(path, static_cast<std::size_t>(n)) : std::string("the otscope binary");
}

void check_link_type(pcap_t* p, const std::string& what) {
  const int dlt = pcap_datalink(p);
  if (!link_type_supported(dlt)) {
    pcap_close(p);
    throw CaptureError(what + ": unsupported link type " + std::to_string(dlt) + " (" +
                       link_name(dlt) + ")");
  }
}

}  // namespace

std::unique_ptr<PcapSource> PcapSource::open_file(const std::string& path) {
  const std::string what = "cannot read capture '" + path + "'";
  if (path != "-") {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) throw CaptureError(what + ": " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw CaptureError(what + ": is a directory");
  }
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = nullptr;
  std::unique_ptr<char[]> buffer;
  if (path == "-") {
    p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_MICRO, err);
  } else {
    // Through our own stdio buffer (kFileBufferBytes): libpcap reads each record with small
    // freads.
    FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) throw CaptureError(what + ": " + std::strerror(errno));
    buffer = std::make_unique<char[]>(kFileBufferBytes);
    std::setvbuf(f, buffer.get(), _IOFBF, kFileBufferBytes);
    // Only this thread reads the file: no stream lock around each of libpcap's freads.
    __fsetlocking(f, FSETLOCKING_BYCALLER);
    p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_MICRO, err);
    if (!p) std::fclose(f);  // on failure libpcap leaves the file to its opener
  }
  if (!p) {
    std::string reason = err;
    // libpcap prefixes some messages with the path; keep the line short.
    if (reason.rfind(path + ": ", 0) == 0) reason = reason.substr(path.size() + 2);
    if (reason.find("unknown file format") != std::string::npos)
      reason = "not a pcap or pcapng file";
    throw CaptureError(what + ": " + reason);
  }
  check_link_type(p, what);
  std::unique_ptr<PcapSource> s(new PcapSource());
  s->handle_ = new Handle{p, nullptr, -1, 0, std::move(buffer)};
  s->dlt_ = pcap_datalink(p);
  s->name_ = path;
  return s;
}

std::unique_ptr<PcapSource> PcapSource::open_live(const LiveOptions& o) {
  const std::string what = "cannot capture on '" + o.interface + "'";
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_create(o.interface.c_str(), err);
  if (!p) throw CaptureError(what + ": " + err);
  pcap_set_snaplen(p, o.snaplen);
  pcap_set_promisc(p, o.promiscuous ? 1 : 0);
  pcap_set_timeout(p, o.timeout_ms);
  pcap_set_buffer_size(p, o.buffer_mib * 1024 * 1024);
  pcap_set_immediate_mode(p, o.immediate ? 1 : 0);
  pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_MICRO);
  const int rc = pcap_activate(p);
  if (rc < 0) {
    std::string reason;
    switch (rc) {
      case PCAP_ERROR_NO_SUCH_DEVICE:
        reason = "no such interface";
        break;
      case PCAP_ERROR_PERM_DENIED:
      case PCAP_ERROR_PROMISC_PERM_DENIED:
        reason =
            "permission denied: live capture needs CAP_NET_RAW (run as root, or grant it with ";
        reason += "`sudo setcap cap_net_raw+ep " + this_executable() + "`)";
        break;
      case PCAP_ERROR_IFACE_NOT_UP:
        reason = "interface is down";
        break;
      default:
        reason = pcap_geterr(p);
    }
    pcap_close(p);
    throw CaptureError(what + ": " + reason);
  }
  check_link_type(p, what);
  if (!o.filter.empty()) {
    bpf_program prog{};
    if (pcap_compile(p, &prog, o.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      std::string reason = pcap_geterr(p);
      pcap_close(p);
      throw CaptureError("invalid capture filter '" + o.filter + "': " + reason);
    }
    const int set = pcap_setfilter(p, &prog);
    pcap_freecode(&prog);
    if (set != 0) {
      std::string reason = pcap_geterr(p);
      pcap_close(p);
      throw CaptureError(what + ": cannot apply filter: " + reason);
    }
  }
  // libpcap does not honour the read timeout in immediate mode on every platform: read without
  // blocking and wait in poll() with our own timeout, so --duration and Ctrl-C always work.
  if (pcap_setnonblock(p, 1, err) != 0) {
    pcap_close(p);
    throw CaptureError(what + ": " + err);
  }
  std::unique_ptr<PcapSource> s(new PcapSource());
  s->handle_ = new Handle{p, nullptr, pcap_get_selectable_fd(p), o.timeout_ms, nullptr};
  s->dlt_ = pcap_datalink(p);
  s->name_ = "live:" + o.interface;
  s->live_ = true;
  return s;
}

PcapSource::~PcapSource() {
  if (handle_) {
    handle_->writer.reset();
    pcap_close(handle_->pcap);
    delete handle_;
  }
}

PcapSource::Status PcapSource::next(RawFrame& frame) {
  pcap_pkthdr* hdr = nullptr;
  const u_char* data = nullptr;
  const int rc = pcap_next_ex(handle_->pcap, &hdr, &data);
  if (rc == 1) {
    if (handle_->writer)
      handle_->writer->write(hdr->ts.tv_sec, hdr->ts.tv_usec, hdr->caplen, hdr->len, data);
    // A pcapng timestamp is 64 bits in any resolution: an absurd one must not overflow, nor
    // become the earliest time of every device it touches.
    constexpr std::int64_t kLastSecond = 253'402'300'799;  // 9999-12-31T23:59:59Z
    const auto sec = static_cast<std::int64_t>(hdr->ts.tv_sec);
    const auto usec = static_cast<std::int64_t>(hdr->ts.tv_usec);
    if (sec >= 0 && sec <= kLastSecond && usec >= 0 && usec < 1'000'000) {
      last_ts_us_ = sec * 1'000'000 + usec;
    } else {
      ++bad_timestamps_;
    }
    frame.ts_us = last_ts_us_;
    frame.wire_length = hdr->len;
    frame.data = Bytes(data, hdr->caplen);
    return Status::Frame;
  }
  if (rc == 0) {
    if (handle_->fd >= 0) {
      pollfd pfd{handle_->fd, POLLIN, 0};
      poll(&pfd, 1, handle_->timeout_ms);
    }
    return Status::Timeout;
  }
  if (rc == PCAP_ERROR_BREAK) return live_ ? Status::Timeout : Status::End;
  std::string reason = pcap_geterr(handle_->pcap);
  if (!live_ && reason.find("truncated") != std::string::npos) {
    truncated_ = true;  // cut short in the middle of a packet: keep what was read
    return Status::End;
  }
  throw CaptureError("cannot read capture '" + name_ + "': " + reason);
}

std::uint64_t PcapSource::drops() const {
  if (!live_) return 0;
  pcap_stat st{};
  if (pcap_stats(handle_->pcap, &st) != 0) return 0;
  return std::uint64_t{st.ps_drop} + st.ps_ifdrop;
}

std::uint64_t PcapSource::position() const {
  if (live_ || name_ == "-") return 0;
  FILE* f = pcap_file(handle_->pcap);
  if (!f) return 0;
  const long pos = std::ftell(f);
  return pos > 0 ? static_cast<std::uint64_t>(pos) : 0;
}

void PcapSource::write_to(const std::string& path) {
  write_to(PcapWriteOptions{path});
}

void PcapSource::write_to(const PcapWriteOptions& options) {
  handle_->writer = std::make_unique<PcapWriter>(options, pcap_datalink(handle_->pcap),
                                                 pcap_snapshot(handle_->pcap));
}

void PcapSource::interrupt() {
  pcap_breakloop(handle_->pcap);
}

}  // namespace otscope::capture
