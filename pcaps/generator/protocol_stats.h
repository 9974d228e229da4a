// Counts of the ICS messages a scenario wrote, printed by `--stats` so the README's ground truth
// comes from the generator rather than from memory.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>

namespace otscope::pcapgen {

class ProtocolStats {
 public:
  /// One message of `protocol` (modbus, dnp3, s7, cotp) of `kind` (request, response, exception,
  /// job, ack_data, userdata_request, ...) with function `code`. `detail` splits a function
  /// further (an exception code, a PI service, an SZL id) and is printed after the name.
  void count(std::string_view protocol, std::string_view kind, unsigned code, std::string_view name,
             std::string_view detail = {});

  /// One line per (protocol, kind, code, detail):
  ///   "  <protocol> <kind> <code> <count> <name>[ [<detail>]]"
  /// codes are decimal for Modbus and 0x-hex for DNP3/S7/COTP.
  void print(std::ostream& out) const;

 private:
  using Key = std::tuple<int, std::string, std::string, unsigned, std::string>;
  struct Entry {
    std::string name;
    std::uint64_t count = 0;
  };
  std::map<Key, Entry> entries_;
};

}  // namespace otscope::pcapgen
