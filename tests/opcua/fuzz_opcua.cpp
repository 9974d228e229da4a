// libFuzzer target: the OPC UA decoders on the raw input, and the session over records of
// [control][length][bytes] (bit 0 the direction, bit 1 a gap before the record).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocols/opcua/codes.h"
#include "protocols/opcua/decoder.h"
#include "protocols/opcua/opcua.h"

namespace {

struct NullSink final : otscope::EventSink {
  void message(const otscope::FlowInfo&, const otscope::PacketMeta&,
               const otscope::MessageEvent& ev) override {
    rendered += ev.summary_text().size();
  }
  std::size_t rendered = 0;
  void identity(const otscope::FlowInfo&, const otscope::PacketMeta&,
                const otscope::IdentityEvent&) override {}
  void anomaly(const otscope::FlowInfo&, const otscope::PacketMeta&,
               const otscope::AnomalyEvent&) override {}
};

void decoders(otscope::Bytes in) {
  using namespace otscope::opcua;
  Header h;
  decode_header(in, h);
  Hello hello;
  decode_hello(in, hello);
  ErrorMessage err;
  decode_error_message(in, err);
  SecureHeader sec;
  decode_secure(in, kOpn, sec);
  decode_secure(in, kMsg, sec);
  std::uint32_t id = 0, status = 0;
  otscope::Bytes rest;
  decode_type_id(in, id, rest);
  std::vector<ApplicationDescription> list;
  decode_get_endpoints_response(in, list, status);
  decode_find_servers_response(in, list, status);
  decode_create_session_response(in, list, status);
  ApplicationDescription d;
  decode_create_session_request(in, d);
  std::int32_t count = 0;
  decode_request_count(in, kReadRequest, count);
  decode_request_count(in, kWriteRequest, count);
  decode_service_result(in, status);
  std::vector<NodeValue> nodes;
  decode_read_nodes(in, nodes, 64);
  decode_write_nodes(in, nodes, 64);
  probe(in, otscope::Transport::Tcp);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const otscope::Bytes in(data, size);
  decoders(in);
  otscope::FlowInfo flow;
  flow.id = 1;
  flow.a.port = 50000;
  flow.b.port = 4840;
  NullSink sink;
  auto session = otscope::opcua::descriptor().create(flow, sink);
  otscope::PacketMeta meta;
  std::size_t pos = 0;
  while (pos + 2 <= size) {
    const std::uint8_t control = data[pos];
    const std::size_t length = data[pos + 1];
    if (pos + 2 + length > size) break;
    const auto dir = (control & 1) ? otscope::Direction::BtoA : otscope::Direction::AtoB;
    ++meta.frame;
    if (control & 2) session->on_gap(dir, length, meta);
    session->on_data(dir, in.subspan(pos + 2, length), meta);
    pos += 2 + length;
  }
  if (pos < size) session->on_data(otscope::Direction::AtoB, in.subspan(pos), meta);
  session->on_close(meta);
  return 0;
}
