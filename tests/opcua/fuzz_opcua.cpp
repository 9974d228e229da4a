// libFuzzer target: the OPC UA decoders on the raw input, and the session over records of
// [control][length][bytes] (bit 0 the direction, bit 1 a gap before the record).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "protocols/opcua/codes.h"
#include "protocols/opcua/decoder.h"
#include "protocols/opcua/opcua.h"
#include "tests/fuzz/fuzz_session.h"

namespace {

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
  otscope::fuzz::feed_session(otscope::opcua::descriptor(), in,
                              {otscope::Transport::Tcp, 50000, 4840});
  return 0;
}
