#include "engine/oui.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace otscope {

namespace {

/// One RFC 4180 record reader over the whole file in memory. Plain fields (the usual case) are
/// returned as views of the text; a quoted one, or one with a stray CR, is unquoted into a scratch
/// string. CRs outside quotes are dropped, as in CRLF files.
class CsvCursor {
 public:
  CsvCursor(const char* begin, const char* end) : p_(begin), end_(end) {}

  bool done() const { return p_ >= end_; }
  /// True when the current record has another field (the cursor is not at its end).
  bool at_field() const { return p_ < end_ && *p_ != '\n'; }
  const char* position() const { return p_; }

  /// The next field of the current record, or nullopt at the record's end (the cursor stays on
  /// the newline, which skip_record() consumes).
  std::optional<std::string_view> field(std::string& scratch) {
    if (p_ >= end_ || *p_ == '\n') return std::nullopt;
    const char* stop = p_;
    while (stop < end_ && *stop != ',' && *stop != '\n' && *stop != '\r' && *stop != '"') ++stop;
    if (stop == end_ || *stop == ',' || *stop == '\n') {
      const std::string_view out(p_, static_cast<std::size_t>(stop - p_));
      p_ = stop;
      if (p_ < end_ && *p_ == ',') ++p_;
      return out;
    }
    scratch.assign(p_, stop);
    p_ = stop;
    bool quoted = false;
    for (; p_ < end_; ++p_) {
      const char c = *p_;
      if (quoted) {
        if (c == '"' && p_ + 1 < end_ && p_[1] == '"') {
          scratch.push_back('"');
          ++p_;
        } else if (c == '"') {
          quoted = false;
        } else {
          scratch.push_back(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        ++p_;
        return std::string_view(scratch);
      } else if (c == '\n') {
        return std::string_view(scratch);  // the record ends; skip_record() takes the newline
      } else if (c != '\r') {
        scratch.push_back(c);
      }
    }
    return std::string_view(scratch);
  }

  /// Moves past the end of the record; quoted fields may hold newlines.
  void skip_record() {
    while (p_ < end_) {
      const auto* line = static_cast<const char*>(std::memchr(p_, '\n', end_ - p_));
      const char* stop = line ? line : end_;
      const auto* quote = static_cast<const char*>(std::memchr(p_, '"', stop - p_));
      if (quote == nullptr) {
        p_ = line ? line + 1 : end_;
        return;
      }
      // A quoted field: go past its closing quote (a doubled quote closes and opens it again).
      const auto* close = static_cast<const char*>(std::memchr(quote + 1, '"', end_ - quote - 1));
      p_ = close ? close + 1 : end_;
    }
  }

 private:
  const char* p_;
  const char* end_;
};

/// `text` as a hexadecimal number of exactly `digits` digits (no sign, no prefix), or nullopt.
std::optional<std::uint64_t> parse_hex(std::string_view text, std::size_t digits) {
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, v, 16);
  if (text.size() != digits || ec != std::errc() || stop != end) return std::nullopt;
  return v;
}

}  // namespace

OuiRegistry::OuiRegistry(const std::string& directory) {
  load(directory + "/oui.csv", 24);
  load(directory + "/mam.csv", 28);
  load(directory + "/oui36.csv", 36);
  load(directory + "/iab.csv", 36);
  for (auto* table : {&by24_, &by28_, &by36_}) {
    // Sorted for lookups; of two assignments of one prefix the first loaded stays.
    std::sort(table->begin(), table->end(), [](const Entry& a, const Entry& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      return a.file != b.file ? a.file < b.file : a.offset < b.offset;
    });
    table->erase(std::unique(table->begin(), table->end(),
                             [](const Entry& a, const Entry& b) { return a.prefix == b.prefix; }),
                 table->end());
  }
}

OuiRegistry::~OuiRegistry() {
  for (const MappedFile& f : files_) ::munmap(const_cast<char*>(f.data), f.size);
}

void OuiRegistry::load(const std::string& path, int bits) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st {};
  void* map = MAP_FAILED;
  // The index keeps 32-bit offsets; the registry files are a few megabytes.
  if (::fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size < (std::int64_t{1} << 32))
    map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ,
                 MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return;
  const MappedFile file{static_cast<const char*>(map), static_cast<std::size_t>(st.st_size)};
  const auto index = static_cast<std::uint32_t>(files_.size());
  files_.push_back(file);
  auto& table = bits == 24 ? by24_ : bits == 28 ? by28_ : by36_;
  CsvCursor csv(file.data, file.data + file.size);
  csv.skip_record();  // the header line
  std::string scratch;
  while (!csv.done()) {
    std::optional<std::uint64_t> prefix;
    if (csv.field(scratch)) {  // the registry
      if (const auto assignment = csv.field(scratch))
        prefix = parse_hex(*assignment, static_cast<std::size_t>(bits / 4));
    }
    // A record counts when it has a name field (what follows may be missing); the name itself
    // is read on lookup.
    if (prefix && csv.at_field())
      table.push_back({*prefix, index, static_cast<std::uint32_t>(csv.position() - file.data)});
    csv.skip_record();  // the name and the address
  }
}

std::string OuiRegistry::name_of(const std::vector<Entry>& table, std::uint64_t prefix) const {
  auto it = std::lower_bound(table.begin(), table.end(), prefix,
                             [](const Entry& e, std::uint64_t p) { return e.prefix < p; });
  if (it == table.end() || it->prefix != prefix) return {};
  const MappedFile& f = files_[it->file];
  CsvCursor csv(f.data + it->offset, f.data + f.size);
  std::string scratch;
  std::string_view name = csv.field(scratch).value_or(std::string_view{});
  while (!name.empty() && (name.back() == ' ' || name.back() == ',')) name.remove_suffix(1);
  return std::string(name);
}

const OuiRegistry& OuiRegistry::system() {
  static const OuiRegistry registry([] {
    const char* env = std::getenv("OTSCOPE_IEEE_DATA");
    return std::string(env && *env ? env : "/usr/share/ieee-data");
  }());
  return registry;
}

std::string OuiRegistry::vendor(const MacAddress& mac) const {
  if (mac.is_zero()) return {};
  const std::uint64_t v = mac.value();
  for (auto [table, shift] : {std::pair{&by36_, 12}, std::pair{&by28_, 20}, std::pair{&by24_, 24}})
    if (std::string name = name_of(*table, v >> shift); !name.empty()) return name;
  if (mac.bytes[0] & 0x02) return "(locally administered)";
  return {};
}

}  // namespace otscope
