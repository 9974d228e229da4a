// How the console turns stored values into text. Every string that came off the wire goes
// through wireText(): valid UTF-8 is shown as it is, invalid bytes and control characters as
// visible escapes (\xNN, \n), so no device can put a line break, a bell or a bidi override into
// a table, and nothing is ever interpreted as markup (views render plain text; tooltips, which
// Qt would read as rich text, are escaped by plainToolTip()).
#pragma once

#include <QString>
#include <cstdint>
#include <string_view>

#include "common/flow.h"

namespace otscope::gui {

/// Bytes from the wire (or stored from it) as safe, single-line plain text.
QString wireText(std::string_view bytes);
/// "00:1b:1b:01:02:03"; "" for an unknown (zero) MAC.
QString macText(const MacAddress& mac);
/// A tooltip that shows `text` literally, whatever it contains, cut at `max_chars`.
QString plainToolTip(const QString& text, int max_chars = 600);
/// "2026-03-02 08:00:00" in local time; "" for 0 (unknown).
QString timeText(std::int64_t us);
/// "2026-03-02T08:00:00.123456Z" (UTC, exact) for tooltips and exports; "" for 0.
QString isoTimeText(std::int64_t us);
/// "1,234,567" in the user's locale.
QString countText(std::uint64_t n);
/// "12.3 MB".
QString bytesText(std::uint64_t n);
/// "3 h 12 min", "45 s", "2.5 s".
QString durationText(double seconds);
/// "1 row", "12 rows": `one` or `many` (each with %1 for the number), translated in `context`.
QString plural(std::uint64_t n, const char* context, const char* one, const char* many);

}  // namespace otscope::gui
