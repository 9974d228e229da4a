// The filter language of every view's filter box: words that must all appear somewhere in a row
// ("siemens 10.0.1"), `field:value` terms that must appear in one column ("role:plc",
// "vendor:siemens", "proto:dnp3"), a leading '-' to exclude ("-state:closed") and quotes to keep
// spaces ("name:\"pump 2\""). Matching is case-insensitive and by substring.
#pragma once

#include <QString>
#include <vector>

namespace otscope::gui {

struct RowFilter {
  struct Term {
    QString key;    // empty: any column
    QString value;  // lower-cased
    QString word;   // the whole term lower-cased, searched as text when `key` names no column
    bool negate = false;
    /// The value (or word) is a whole IPv4 or MAC address: it must not match inside a longer
    /// one ("10.0.1.3" does not find "10.0.1.30").
    bool whole = false;
  };
  std::vector<Term> terms;

  bool empty() const { return terms.empty(); }
  /// Parses the filter box's text. Never fails: a key that names no column of the view is
  /// searched as text (an IPv6 address such as "fe80::1" is a word, not a field).
  static RowFilter parse(const QString& text);
};

}  // namespace otscope::gui
