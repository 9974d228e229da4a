// MAC address vendors from the IEEE registries that Debian's ieee-data package ships.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/common/flow.h"

namespace otscope {

class OuiRegistry {
 public:
  /// Loads MA-L (24-bit), MA-M (28-bit), MA-S and IAB (36-bit) assignments from `directory`
  /// (oui.csv, mam.csv, oui36.csv, iab.csv). Missing files leave the registry smaller, never
  /// fail.
  explicit OuiRegistry(const std::string& directory);

  /// The process-wide registry from OTSCOPE_IEEE_DATA or /usr/share/ieee-data, loaded once.
  static const OuiRegistry& system();

  /// Organisation name for the MAC, "" when unknown, "(locally administered)" for such MACs.
  std::string vendor(const MacAddress& mac) const;
  std::size_t size() const { return by24_.size() + by28_.size() + by36_.size(); }

 private:
  /// A prefix and its organisation name, stored in names_; tables are sorted by prefix.
  struct Entry {
    std::uint64_t prefix;
    std::uint32_t offset;
    std::uint32_t length;
  };
  void load(const std::string& path, int bits);
  std::string_view find(const std::vector<Entry>& table, std::uint64_t prefix) const;

  std::string names_;  // every organisation name, back to back
  std::vector<Entry> by24_, by28_, by36_;
};

}  // namespace otscope
