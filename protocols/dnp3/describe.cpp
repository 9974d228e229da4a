#include "protocols/dnp3/describe.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <variant>

namespace otscope::dnp3 {
namespace {

// Bounds that keep a summary one readable line even for a 2 KiB response.
constexpr std::size_t kMaxListedObjects = 8;
constexpr std::size_t kMaxValuesPerBlock = 3;
constexpr std::size_t kMaxSummary = 400;
constexpr std::size_t kMaxRanges = 512;

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", v);
  return text;
}

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

std::string render(const ObjectHeader& h, const PointValue& p) {
  std::string out;
  if (h.group == 50 || h.group == 51) {
    out = p.time_ms ? format_dnp3_time(*p.time_ms) : "?";
    if (p.interval) out += " interval=" + std::to_string(*p.interval);
    return out;
  }
  if (h.group == 52 && p.value) {
    return "delay=" + number(*p.value) + (h.variation == 1 ? "s" : "ms");
  }
  out = std::to_string(p.index) + "=" + (p.value ? number(*p.value) : std::string("?"));
  if (p.status && *p.status != 0) {
    std::string_view name = control_status_name(*p.status);
    out += " status=" + (name.empty() ? std::to_string(*p.status) : std::string(name));
  }
  return out;
}

std::string render(const ObjectHeader&, const ControlBlock& c) {
  std::string out =
      "idx " + std::to_string(c.index) + " " + std::string(crob_operation_name(c.operation()));
  if (c.trip_close() != 0) out += " " + std::string(crob_trip_close_name(c.trip_close()));
  if (c.clear()) out += " CLEAR";
  out += " count=" + std::to_string(c.count) + " on=" + std::to_string(c.on_ms) +
         "ms off=" + std::to_string(c.off_ms) + "ms";
  if (c.status != 0) {
    std::string_view name = control_status_name(c.status);
    out += " status=" + (name.empty() ? std::to_string(c.status) : std::string(name));
  }
  return out;
}

std::string render(const ObjectHeader&, const DeviceAttribute& a) {
  std::string_view name = attribute_name(a.variation);
  std::string out = name.empty() ? "attribute " + std::to_string(a.variation) : std::string(name);
  if (a.set != 0) out += " (set " + std::to_string(a.set) + ")";
  return out + "=" + quoted(a.value);
}

std::string render(const ObjectHeader&, const FileObject& f) {
  std::string out(file_variation_name(f.variation));
  if (!f.name.empty()) out += " " + quoted(f.name);
  if (f.mode) out += " mode=" + std::string(file_mode_name(*f.mode));
  if (f.handle) out += " handle=" + std::to_string(*f.handle);
  if (f.block) out += " block=" + std::to_string(*f.block) + (f.last_block ? " last" : "");
  if (f.file_size) out += " size=" + std::to_string(*f.file_size);
  if (f.data_size != 0) out += " data=" + std::to_string(f.data_size) + "B";
  if (f.status) {
    std::string_view name = file_status_name(*f.status);
    out += " status=" + (name.empty() ? std::to_string(*f.status) : std::string(name));
  }
  return out;
}

std::string render(const ObjectHeader&, const AuthObject& a) {
  std::string out(auth_variation_name(a.variation));
  if (out.empty()) out = "variation " + std::to_string(a.variation);
  if (a.sequence) out += " seq=" + std::to_string(*a.sequence);
  if (a.user) out += " user=" + std::to_string(*a.user);
  if (!a.user_name.empty()) out += " name=" + quoted(a.user_name);
  if (a.code) {
    std::string_view name = a.variation == 7   ? auth_error_name(*a.code)
                            : a.variation == 5 ? key_status_name(*a.code)
                            : a.variation == 1 ? challenge_reason_name(*a.code)
                                               : std::string_view{};
    out += " code=" + (name.empty() ? std::to_string(*a.code) : std::string(name));
  }
  return out;
}

std::string render(const ObjectHeader&, const OctetString& s) {
  return std::to_string(s.index) + "=" + quoted(s.text) + " (" + std::to_string(s.size) + "B)";
}

std::string render(const ObjectHeader&, const SizedObject& s) {
  return std::to_string(s.size) + "B";
}

std::string render_header(const ObjectBlock& block) {
  const ObjectHeader& h = block.header;
  std::string out = "g" + std::to_string(h.group) + "v" + std::to_string(h.variation);
  if (!block.known) out += "(unknown)";
  switch (h.range) {
    case RangeKind::All:
      out += " all";
      break;
    case RangeKind::StartStop:
      out += " " + std::to_string(h.start) + "-" + std::to_string(h.stop);
      break;
    case RangeKind::Count:
      out += " n=" + std::to_string(h.count);
      break;
  }
  if (h.prefix_code() >= 1 && h.prefix_code() <= 3 && !block.indexes.empty() &&
      block.values.empty()) {
    out += " idx";
    std::size_t shown = 0;
    for (const IndexRun& run : block.indexes) {
      if (shown++ == kMaxValuesPerBlock) {
        out += ",...";
        break;
      }
      out += (shown == 1 ? " " : ",") + std::to_string(run.start);
      if (run.count > 1) out += "-" + std::to_string(std::uint64_t{run.start} + run.count - 1);
    }
  }
  if (!block.values.empty()) {
    out += ":";
    std::size_t shown = 0;
    // The header's count includes objects beyond the storage bound.
    const std::uint64_t total = std::max<std::uint64_t>(h.count, block.values.size());
    for (const ObjectValue& value : block.values) {
      if (shown == kMaxValuesPerBlock) {
        out += " (+" + std::to_string(total - shown) + ")";
        break;
      }
      out += shown++ == 0 ? " " : ", ";
      out += std::visit([&](const auto& v) { return render(h, v); }, value);
    }
  }
  return out;
}

}  // namespace

std::string format_dnp3_time(std::uint64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  if (gmtime_r(&seconds, &tm) == nullptr) return std::to_string(ms) + "ms";
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<unsigned>(ms % 1000));
  return text;
}

std::string object_list(const Fragment& fragment) {
  // Distinct group/variation pairs in order of appearance, as "g60v2,g60v3".
  std::array<std::pair<std::uint8_t, std::uint8_t>, kMaxListedObjects> seen{};
  std::size_t listed = 0;
  std::string out;
  for (const ObjectBlock& block : fragment.objects) {
    const std::pair<std::uint8_t, std::uint8_t> gv{block.header.group, block.header.variation};
    if (std::find(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(listed), gv) !=
        seen.begin() + static_cast<std::ptrdiff_t>(listed))
      continue;
    if (listed == kMaxListedObjects) {
      out += ",...";
      break;
    }
    seen[listed++] = gv;
    if (!out.empty()) out += ',';
    out += 'g';
    out += std::to_string(gv.first);
    out += 'v';
    out += std::to_string(gv.second);
  }
  return out;
}

RangeList object_ranges(const Fragment& fragment) {
  RangeList ranges;
  for (const ObjectBlock& block : fragment.objects) {
    for (const IndexRun& run : block.indexes) {
      if (ranges.size() == kMaxRanges) return ranges;
      ranges.push_back(
          AddressRange{"g" + std::to_string(block.header.group), run.start, run.count});
    }
  }
  return ranges;
}

std::string describe_fragment(const Fragment& fragment, std::string_view answers) {
  const AppHeader& header = fragment.header;
  std::string out =
      fragment.function != nullptr ? std::string(fragment.function->name) : "FUNCTION";
  out += " seq=" + std::to_string(header.control.sequence);
  if (!(header.control.fir && header.control.fin)) {
    out += header.control.fir   ? " (first fragment)"
           : header.control.fin ? " (final fragment)"
                                : " (middle fragment)";
  }
  if (header.control.con) out += " CON";
  if (!answers.empty()) out += " to " + std::string(answers);
  if (header.has_iin && header.iin != 0) out += " IIN=" + iin_names(header.iin);
  if (!fragment.objects.empty()) {
    out += " [";
    bool first = true;
    for (const ObjectBlock& block : fragment.objects) {
      if (!first) out += "; ";
      first = false;
      out += render_header(block);
      if (out.size() > kMaxSummary) break;
    }
    out += "]";
  }
  if (fragment.error != AppError::None)
    out += " <" + std::string(app_error_kind(fragment.error)) + ">";
  if (out.size() > kMaxSummary) out = out.substr(0, kMaxSummary - 3) + "...";
  return out;
}

}  // namespace otscope::dnp3
