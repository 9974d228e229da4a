// libFuzzer target over DNP3 link + transport + application: the input is a script of
// deliveries to one session, and also fed straight to the fragment and frame decoders.
//
// Input: byte 0 = flags (bit 0: UDP flow); then records of one control byte and its data:
// control bit 7 = direction (B to A when set), bits 0-6 = data length (0x7F: a capture gap of
// the next byte's value instead of data). The seed corpus (built outside the repo from the
// shared captures) writes each TCP payload or datagram as such records.
#include <cstddef>
#include <cstdint>

#include "protocols/dnp3/application.h"
#include "protocols/dnp3/describe.h"
#include "protocols/dnp3/dnp3.h"
#include "protocols/dnp3/link.h"

namespace {

using namespace otscope;

class NullSink final : public EventSink {
 public:
  // Summaries are built on demand; build every one so that their code is fuzzed too.
  void message(const FlowInfo&, const PacketMeta&, const MessageEvent& ev) override {
    rendered += ev.summary_text().size();
  }
  std::size_t rendered = 0;
  void identity(const FlowInfo&, const PacketMeta&, const IdentityEvent&) override {}
  void anomaly(const FlowInfo&, const PacketMeta&, const AnomalyEvent&) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Bytes input(data, size);
  const Bytes body = input.subspan(1);

  // The pure decoders on their own.
  dnp3::Fragment fragment;
  dnp3::AppError error = dnp3::parse_fragment(body, fragment);
  if (error == dnp3::AppError::None || dnp3::is_object_error(error)) {
    (void)dnp3::describe_fragment(fragment, "READ");
    (void)dnp3::object_ranges(fragment);
    (void)dnp3::object_list(fragment);
  }
  dnp3::LinkFrame frame;
  std::size_t consumed = 0;
  (void)dnp3::parse_link_frame(body, frame, consumed);

  // The session, driven by the delivery script.
  const ProtocolDescriptor& descriptor = dnp3::descriptor();
  FlowInfo flow;
  flow.transport = (input[0] & 1) != 0 ? Transport::Udp : Transport::Tcp;
  (void)descriptor.probe(body, flow.transport);
  NullSink sink;
  auto session = descriptor.create(flow, sink);
  PacketMeta meta;
  std::size_t pos = 1;
  while (pos < size) {
    const std::uint8_t control = input[pos++];
    const Direction dir = (control & 0x80) != 0 ? Direction::BtoA : Direction::AtoB;
    const std::size_t length = control & 0x7F;
    ++meta.frame;
    if (length == 0x7F) {
      std::size_t missing = pos < size ? input[pos++] : 1;
      session->on_gap(dir, missing, meta);
      continue;
    }
    const std::size_t n = length < size - pos ? length : size - pos;
    session->on_data(dir, input.subspan(pos, n), meta);
    pos += n;
  }
  session->on_close(meta);
  return 0;
}
