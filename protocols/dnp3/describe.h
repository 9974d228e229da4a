// Renders decoded DNP3 fragments for people and for the operations summary: the one-line
// summary (alert evidence), the object list detail ("g12v1") and the point ranges ("g30").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocols/common/events.h"
#include "protocols/dnp3/application.h"

namespace otscope::dnp3 {

/// The distinct "g<group>v<variation>" of the fragment's object headers, in order, joined by
/// ','; "" when it has none.
std::string object_list(const Fragment& fragment);

/// Point ranges the fragment touches, space "g<group>", from start-stop ranges and index
/// prefixes (headers that address "all objects" or a bare count give none).
RangeList object_ranges(const Fragment& fragment);

/// One line: function, sequence, IIN names, object headers and the first values of each.
/// `answers` names the request a response answers ("" when unknown).
std::string describe_fragment(const Fragment& fragment, std::string_view answers = {});

/// "2004-10-11T10:16:34.018Z" for a DNP3 absolute time in milliseconds.
std::string format_dnp3_time(std::uint64_t ms);

}  // namespace otscope::dnp3
