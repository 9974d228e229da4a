#include "gui/models/table_model.h"

#include <QCoreApplication>

namespace otscope::gui {

namespace {

QString titleKey(const char* title) {
  return QString::fromUtf8(title).toLower().replace(u' ', u'_');
}

}  // namespace

int TableModelBase::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(columnSpecs().size());
}

QString TableModelBase::columnTitle(int column) const {
  const auto specs = columnSpecs();
  if (column < 0 || static_cast<std::size_t>(column) >= specs.size()) return {};
  return QCoreApplication::translate("columns", specs[static_cast<std::size_t>(column)].title);
}

QVariant TableModelBase::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  const auto specs = columnSpecs();
  if (section < 0 || static_cast<std::size_t>(section) >= specs.size()) return {};
  const ColumnSpec& spec = specs[static_cast<std::size_t>(section)];
  switch (role) {
    case Qt::DisplayRole:
      return columnTitle(section);
    case Qt::ToolTipRole: {
      QString help = QCoreApplication::translate("columns", spec.help);
      const QString keys = QString::fromUtf8(spec.keys).section(u',', 0, 0);
      if (!keys.isEmpty())
        help += (help.isEmpty() ? QString() : QStringLiteral("\n")) +
                QCoreApplication::translate("columns", "Filter: %1:text").arg(keys);
      return help.isEmpty() ? QVariant() : QVariant(help);
    }
    case Qt::TextAlignmentRole:
      return static_cast<int>(spec.numeric ? Qt::AlignRight | Qt::AlignVCenter
                                           : Qt::AlignLeft | Qt::AlignVCenter);
    default:
      return {};
  }
}

QList<int> TableModelBase::columnsOfKey(const QString& key) const {
  if (const auto it = key_columns_.constFind(key); it != key_columns_.constEnd()) return *it;
  QList<int> out;
  const auto specs = columnSpecs();
  for (std::size_t c = 0; c < specs.size(); ++c) {
    const QString keys = QString::fromUtf8(specs[c].keys);
    if (keys.split(u',', Qt::SkipEmptyParts).contains(key) || titleKey(specs[c].title) == key)
      out << static_cast<int>(c);
  }
  key_columns_.insert(key, out);
  return out;
}

namespace {

bool isAddressChar(QChar c) {
  return c.isDigit() || c == u'.' || c == u':' || (c >= u'a' && c <= u'f') ||
         (c >= u'A' && c <= u'F');
}

bool containsTerm(const QString& text, const QString& value, bool whole,
                  Qt::CaseSensitivity cs = Qt::CaseInsensitive) {
  if (!whole) return text.contains(value, cs);
  for (qsizetype at = text.indexOf(value, 0, Qt::CaseInsensitive); at >= 0;
       at = text.indexOf(value, at + 1, Qt::CaseInsensitive)) {
    const qsizetype end = at + value.size();
    if ((at == 0 || !isAddressChar(text[at - 1])) &&
        (end == text.size() || !isAddressChar(text[end])))
      return true;
  }
  return false;
}

}  // namespace

bool TableModelBase::matches(int row, const RowFilter& filter) const {
  for (const RowFilter::Term& term : filter.terms) {
    bool hit = false;
    const QList<int> columns = term.key.isEmpty() ? QList<int>() : columnsOfKey(term.key);
    if (!columns.isEmpty()) {
      for (int column : columns) {
        const QString cell = cellText(row, column);
        hit = term.value.isEmpty() ? !cell.isEmpty() : containsTerm(cell, term.value, term.whole);
        if (hit) break;
      }
    } else {
      // The search text and the word are both lower-cased already.
      hit = containsTerm(searchTextAt(row), term.word, term.whole, Qt::CaseSensitive);
    }
    if (hit == term.negate) return false;
  }
  return true;
}

QStringList TableModelBase::unknownKeys(const RowFilter& filter) const {
  QStringList out;
  for (const RowFilter::Term& term : filter.terms)
    if (!term.key.isEmpty() && columnsOfKey(term.key).isEmpty()) out << term.key;
  return out;
}

QStringList TableModelBase::knownKeys() const {
  QStringList out;
  for (const ColumnSpec& spec : columnSpecs())
    out << QString::fromUtf8(spec.keys).section(u',', 0, 0);
  out.removeAll(QString());
  return out;
}

QString endpointText(const QString& ip, const QString& name) {
  if (name.isEmpty() || name == ip) return ip;
  if (ip.isEmpty()) return name;
  return name + QStringLiteral(" (") + ip + u')';
}

int compareText(const QString& a, const QString& b) {
  // Empty cells sort last in ascending order, as spreadsheets do.
  if (a.isEmpty() != b.isEmpty()) return a.isEmpty() ? 1 : -1;
  // ASCII without case folding tables (most of what a plant network says); the first
  // non-ASCII character hands the rest to Qt's full comparison.
  const qsizetype n = std::min(a.size(), b.size());
  const QChar* pa = a.constData();
  const QChar* pb = b.constData();
  for (qsizetype i = 0; i < n; ++i) {
    char16_t x = pa[i].unicode();
    char16_t y = pb[i].unicode();
    if (x >= 0x80 || y >= 0x80)
      return QStringView(a).mid(i).compare(QStringView(b).mid(i), Qt::CaseInsensitive);
    if (x >= u'A' && x <= u'Z') x = static_cast<char16_t>(x + 32);
    if (y >= u'A' && y <= u'Z') y = static_cast<char16_t>(y + 32);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

}  // namespace otscope::gui
