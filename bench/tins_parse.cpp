// What libtins alone costs on a capture: libpcap reads every packet and libtins parses it as an
// Ethernet frame with every inner layer (the parser otscope builds on), nothing else. A row of
// bench/bench-all.sh, timed as a whole process like the floor and otscope.
//   otscope-tins-parse CAPTURE   -> "N packets, M parsed"
#include <pcap/pcap.h>
#include <tins/ethernetII.h>
#include <tins/exceptions.h>

#include <cstdint>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: otscope-tins-parse CAPTURE\n");
    return 2;
  }
  char error[PCAP_ERRBUF_SIZE];
  pcap_t* capture = pcap_open_offline(argv[1], error);
  if (capture == nullptr) {
    std::fprintf(stderr, "%s\n", error);
    return 1;
  }
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  std::uint64_t packets = 0, parsed = 0;
  while (pcap_next_ex(capture, &header, &data) == 1) {
    ++packets;
    try {
      const Tins::EthernetII frame(data, header->caplen);
      parsed += frame.size() > 0;
    } catch (const Tins::exception_base&) {
      // A frame libtins cannot parse counts as read, not parsed.
    }
  }
  pcap_close(capture);
  std::printf("%llu packets, %llu parsed\n", static_cast<unsigned long long>(packets),
              static_cast<unsigned long long>(parsed));
  return 0;
}
