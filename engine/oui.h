// MAC address vendors from the IEEE registries that Debian's ieee-data package ships.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/flow.h"

namespace otscope {

/// The registry files are mapped, not copied, and indexed by assignment at load; an
/// organisation's name is read from its record only when a MAC of it is looked up. Start-up
/// (every `otscope analyze`) reads the 46,000 records' assignments and nothing more.
class OuiRegistry {
 public:
  /// Loads MA-L (24-bit), MA-M (28-bit), MA-S and IAB (36-bit) assignments from `directory`
  /// (oui.csv, mam.csv, oui36.csv, iab.csv). Missing files leave the registry smaller, never
  /// fail.
  explicit OuiRegistry(const std::string& directory);
  ~OuiRegistry();
  OuiRegistry(const OuiRegistry&) = delete;
  OuiRegistry& operator=(const OuiRegistry&) = delete;

  /// The process-wide registry from OTSCOPE_IEEE_DATA or /usr/share/ieee-data, loaded once.
  static const OuiRegistry& system();

  /// Organisation name for the MAC, "" when unknown, "(locally administered)" for such MACs.
  std::string vendor(const MacAddress& mac) const;
  std::size_t size() const { return by24_.size() + by28_.size() + by36_.size(); }

 private:
  /// A prefix and where its record's organisation-name field starts; tables are sorted by
  /// prefix, then by load order (file, offset).
  struct Entry {
    std::uint64_t prefix;
    std::uint32_t file;    // index into files_
    std::uint32_t offset;  // of the name field in that file
  };
  struct MappedFile {
    const char* data;
    std::size_t size;
  };
  void load(const std::string& path, int bits);
  std::string name_of(const std::vector<Entry>& table, std::uint64_t prefix) const;

  std::vector<MappedFile> files_;  // read-only mappings, kept for the registry's lifetime
  std::vector<Entry> by24_, by28_, by36_;
};

}  // namespace otscope
