// libFuzzer target over the pcap/pcapng file reader (capture/source, libpcap underneath): the
// input is a whole capture file, read through PcapSource::open_file from an in-memory file, and
// every frame it yields goes through the packet processor.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "capture/source.h"

namespace {

using namespace otscope;
using namespace otscope::capture;

class NullConsumer final : public StreamConsumer {
 public:
  void flow_opened(const FlowInfo&, const PacketMeta&) override {}
  void stream_data(const FlowInfo&, Direction, Bytes, const PacketMeta&) override {}
  void stream_gap(const FlowInfo&, Direction, std::size_t, const PacketMeta&) override {}
  void datagram(const FlowInfo&, Direction, Bytes, const PacketMeta&) override {}
  void flow_stats(const FlowInfo&, const FlowCounters&) override {}
  void flow_closed(const FlowInfo&, const FlowCounters&, CloseReason, const PacketMeta&) override {}
  void host_seen(const HostSighting&, const PacketMeta&) override {}
};

/// An anonymous in-memory file, reopened by path for each input.
int memory_file() {
  static const int fd = memfd_create("otscope-fuzz-reader", 0);
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int fd = memory_file();
  if (fd < 0) __builtin_trap();
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))
    __builtin_trap();
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  try {
    auto source = PcapSource::open_file(path);
    NullConsumer consumer;
    PacketProcessor processor(consumer);
    processor.begin_source(0, source->link_type());
    RawFrame frame;
    for (int i = 0; i < 100'000 && source->next(frame) == PcapSource::Status::Frame; ++i) {
      processor.process(frame);
    }
    processor.finish();
    (void)source->truncated();
    (void)source->position();
  } catch (const CaptureError&) {
  }
  return 0;
}
