#include "gui/models/row_filter.h"

#include <QRegularExpression>

namespace otscope::gui {

namespace {

bool isWholeAddress(const QString& value) {
  static const QRegularExpression kAddress(
      QStringLiteral(R"(^(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-f]{2}(:[0-9a-f]{2}){5})$)"));
  return kAddress.match(value).hasMatch();
}

}  // namespace

RowFilter RowFilter::parse(const QString& text) {
  RowFilter filter;
  // Split on white space outside double quotes.
  std::vector<QString> words;
  QString current;
  bool quoted = false;
  bool any = false;
  for (const QChar c : text) {
    if (c == u'"') {
      quoted = !quoted;
      any = true;
      continue;
    }
    if (c.isSpace() && !quoted) {
      if (any) words.push_back(current);
      current.clear();
      any = false;
      continue;
    }
    current += c;
    any = true;
  }
  if (any) words.push_back(current);

  for (QString word : words) {
    Term term;
    if (word.size() > 1 && word.startsWith(u'-')) {
      term.negate = true;
      word.remove(0, 1);
    }
    // "key:value" when the key is a plain identifier; "10:00" or "00:1b:..." stay words (a MAC
    // or a time contains colons but its first part is no field name the views know).
    const qsizetype colon = word.indexOf(u':');
    bool identifier = colon > 0;
    for (qsizetype i = 0; identifier && i < colon; ++i) {
      const QChar c = word[i];
      identifier = c.isLetter() || c == u'_' || (i > 0 && c.isDigit());
    }
    term.word = word.toLower();
    if (identifier) {
      term.key = word.left(colon).toLower();
      term.value = word.mid(colon + 1).toLower();
    } else {
      term.value = word.toLower();
    }
    if (term.key.isEmpty() && term.value.isEmpty()) continue;
    term.whole = isWholeAddress(term.value) || isWholeAddress(term.word);
    filter.terms.push_back(std::move(term));
  }
  return filter;
}

}  // namespace otscope::gui
