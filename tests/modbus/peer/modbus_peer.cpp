// A real Modbus/TCP conversation over loopback for capture tests: a libmodbus server on
// 127.0.0.1:<port> in one thread and a libmodbus client in another, which performs every function
// libmodbus offers a fixed number of times (plus one read past the server's table, which the
// server answers with exception 2) and prints what it sent as JSON on stdout:
//   {"port":15020,"unit":1,"iterations":5,"requests":{"1":5,...},"exceptions":{"3":1}}
// Capture the loopback traffic while it runs and compare `otscope analyze --json` with it.
//
// Usage: modbus_peer [--port N] [--count N] [--unit N]
// Build: g++ -std=c++20 modbus_peer.cpp $(pkg-config --cflags --libs libmodbus) -pthread
#include <modbus.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

// The server's data tables: large enough for every request below, small enough that the
// deliberately out-of-range read fails.
constexpr int kTableSize = 256;
constexpr int kOutOfRangeAddress = 1000;

struct Options {
  int port = 15020;
  int count = 5;
  int unit = 1;
};

bool parse_int(const char* text, int lo, int hi, int& out) {
  char* end = nullptr;
  long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < lo || v > hi) return false;
  out = static_cast<int>(v);
  return true;
}

bool parse_options(int argc, char** argv, Options& opt) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) return false;
    const char* value = argv[++i];
    if (arg == "--port" && parse_int(value, 1, 65535, opt.port)) continue;
    if (arg == "--count" && parse_int(value, 1, 10000, opt.count)) continue;
    if (arg == "--unit" && parse_int(value, 0, 255, opt.unit)) continue;
    return false;
  }
  return true;
}

/// Serves one client connection until it closes; state becomes 1 when listening, -1 on failure.
void serve(const Options& opt, std::atomic<int>& state) {
  modbus_t* ctx = modbus_new_tcp("127.0.0.1", opt.port);
  modbus_mapping_t* map = modbus_mapping_new(kTableSize, kTableSize, kTableSize, kTableSize);
  int listener = ctx && map ? modbus_tcp_listen(ctx, 1) : -1;
  if (listener < 0) {
    state = -1;
    if (map) modbus_mapping_free(map);
    if (ctx) modbus_free(ctx);
    return;
  }
  for (int i = 0; i < kTableSize; ++i) {
    map->tab_registers[i] = static_cast<std::uint16_t>(i * 3);
    map->tab_input_registers[i] = static_cast<std::uint16_t>(i * 7);
    map->tab_input_bits[i] = static_cast<std::uint8_t>(i % 3 == 0);
  }
  state = 1;  // listening: the client may connect
  if (modbus_tcp_accept(ctx, &listener) >= 0) {
    std::vector<std::uint8_t> query(MODBUS_TCP_MAX_ADU_LENGTH);
    for (;;) {
      int n = modbus_receive(ctx, query.data());
      if (n < 0) break;  // the client closed the connection
      if (n > 0) modbus_reply(ctx, query.data(), n, map);
    }
  }
  close(listener);
  modbus_mapping_free(map);
  modbus_close(ctx);
  modbus_free(ctx);
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse_options(argc, argv, opt)) {
    std::fprintf(stderr, "usage: modbus_peer [--port N] [--count N] [--unit N]\n");
    return 2;
  }
  std::atomic<int> server_state{0};
  std::thread server([&] { serve(opt, server_state); });
  for (int i = 0; i < 500 && server_state == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (server_state != 1) {
    std::fprintf(stderr, "modbus_peer: cannot listen on 127.0.0.1:%d\n", opt.port);
    server.join();
    return 1;
  }

  modbus_t* ctx = modbus_new_tcp("127.0.0.1", opt.port);
  if (!ctx || modbus_set_slave(ctx, opt.unit) != 0 || modbus_connect(ctx) != 0) {
    std::fprintf(stderr, "modbus_peer: connect failed: %s\n", modbus_strerror(errno));
    if (ctx) modbus_free(ctx);
    server.join();
    return 1;
  }
  modbus_set_response_timeout(ctx, 2, 0);

  std::map<int, int> requests;
  std::map<int, int> exceptions;
  std::map<int, int> failures;
  auto record = [&](int function, int rc) {
    ++requests[function];
    if (rc < 0) ++failures[function];
  };
  std::uint8_t bits[64] = {};
  std::uint16_t regs[64] = {};
  std::uint8_t server_id[MODBUS_MAX_PDU_LENGTH] = {};
  for (int i = 0; i < opt.count; ++i) {
    const int addr = (i * 8) % 128;
    record(1, modbus_read_bits(ctx, addr, 16, bits));
    record(2, modbus_read_input_bits(ctx, addr, 16, bits));
    record(3, modbus_read_registers(ctx, addr, 10, regs));
    record(4, modbus_read_input_registers(ctx, addr, 10, regs));
    record(5, modbus_write_bit(ctx, addr, i % 2));
    record(6, modbus_write_register(ctx, addr, static_cast<std::uint16_t>(i)));
    std::uint8_t out_bits[10] = {1, 0, 1, 1, 0, 0, 1, 0, 1, 1};
    record(15, modbus_write_bits(ctx, addr, 10, out_bits));
    std::uint16_t out_regs[4] = {1, 2, 3, static_cast<std::uint16_t>(i)};
    record(16, modbus_write_registers(ctx, addr, 4, out_regs));
    record(22, modbus_mask_write_register(ctx, addr, 0x00f2, 0x0025));
    record(23, modbus_write_and_read_registers(ctx, addr, 2, out_regs, addr + 4, 6, regs));
    record(17, modbus_report_slave_id(ctx, sizeof server_id, server_id));
  }
  // One request the server must refuse: exception 2 (illegal data address).
  int rc = modbus_read_registers(ctx, kOutOfRangeAddress, 1, regs);
  ++requests[3];
  if (rc < 0 && errno == EMBXILADD) ++exceptions[3];
  modbus_close(ctx);
  modbus_free(ctx);
  server.join();

  auto json = [](const std::map<int, int>& m) {
    std::string out = "{";
    for (const auto& [k, v] : m) {
      if (out.size() > 1) out += ",";
      out += "\"" + std::to_string(k) + "\":" + std::to_string(v);
    }
    return out + "}";
  };
  std::printf(
      "{\"port\":%d,\"unit\":%d,\"iterations\":%d,\"requests\":%s,\"exceptions\":%s,"
      "\"failures\":%s}\n",
      opt.port, opt.unit, opt.count, json(requests).c_str(), json(exceptions).c_str(),
      json(failures).c_str());
  return failures.empty() ? 0 : 1;
}
