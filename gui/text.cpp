#include "gui/text.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QTimeZone>
#include <climits>

namespace otscope::gui {

namespace {

void appendEscape(QString& out, unsigned byte) {
  static const char* kHex = "0123456789ABCDEF";
  out += QStringLiteral("\\x");
  out += QChar(kHex[(byte >> 4) & 0xf]);
  out += QChar(kHex[byte & 0xf]);
}

// Code points shown escaped even when validly encoded: controls, and the format characters that
// reorder or hide text (bidi overrides and isolates, zero-width joiners) so a name cannot look
// like another.
bool isHidden(char32_t cp) {
  if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) return true;
  if (cp >= 0x200b && cp <= 0x200f) return true;
  if (cp >= 0x202a && cp <= 0x202e) return true;
  if (cp >= 0x2066 && cp <= 0x2069) return true;
  return cp == 0xfeff;
}

}  // namespace

QString wireText(std::string_view bytes) {
  QString out;
  out.reserve(static_cast<qsizetype>(bytes.size()));
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    if (b0 < 0x80) {
      if (isHidden(b0)) {
        switch (b0) {
          case '\n':
            out += QStringLiteral("\\n");
            break;
          case '\r':
            out += QStringLiteral("\\r");
            break;
          case '\t':
            out += QStringLiteral("\\t");
            break;
          default:
            appendEscape(out, b0);
        }
      } else {
        out += QChar(b0);
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence: length from the lead byte, then continuation bytes, no overlongs, no
    // surrogates, nothing above U+10FFFF.
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xe0) == 0xc0) {
      len = 2, cp = b0 & 0x1f, min = 0x80;
    } else if ((b0 & 0xf0) == 0xe0) {
      len = 3, cp = b0 & 0x0f, min = 0x800;
    } else if ((b0 & 0xf8) == 0xf0) {
      len = 4, cp = b0 & 0x07, min = 0x10000;
    }
    bool valid = len != 0 && i + len <= bytes.size();
    for (std::size_t k = 1; valid && k < len; ++k) {
      const auto b = static_cast<unsigned char>(bytes[i + k]);
      valid = (b & 0xc0) == 0x80;
      cp = (cp << 6) | (b & 0x3f);
    }
    valid = valid && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
    if (!valid) {
      appendEscape(out, b0);
      ++i;
      continue;
    }
    if (isHidden(cp)) {
      for (std::size_t k = 0; k < len; ++k)
        appendEscape(out, static_cast<unsigned char>(bytes[i + k]));
    } else {
      const char32_t one[1] = {cp};
      out += QString::fromUcs4(one, 1);
    }
    i += len;
  }
  return out;
}

QString macText(const MacAddress& mac) {
  return mac.is_zero() ? QString() : QString::fromStdString(mac.to_string());
}

QString plainToolTip(const QString& text, int max_chars) {
  if (text.isEmpty()) return {};
  QString shown = text.size() > max_chars ? text.left(max_chars) + QChar(0x2026) : text;
  // Forced rich text whose every character is escaped: Qt cannot mistake it for markup.
  return QStringLiteral("<qt>") + shown.toHtmlEscaped() + QStringLiteral("</qt>");
}

namespace {

// Local time without a time-zone lookup per call: the offset from UTC is looked up once per hour
// of UTC time and kept (per thread), so formatting 100,000 rows of times costs a few
// milliseconds, not seconds.
struct LocalOffset {
  std::int64_t hour = INT64_MIN;
  std::int64_t offset_s = 0;
};

std::int64_t localOffset(std::int64_t utc_s) {
  thread_local LocalOffset cached;
  const std::int64_t hour = utc_s >= 0 ? utc_s / 3600 : (utc_s - 3599) / 3600;
  if (hour != cached.hour) {
    cached.hour = hour;
    cached.offset_s = QDateTime::fromSecsSinceEpoch(hour * 3600).offsetFromUtc();
  }
  return cached.offset_s;
}

// Days since 1970-01-01 to a civil date (proleptic Gregorian; Howard Hinnant's algorithm).
void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

void put2(QChar*& out, unsigned v) {
  *out++ = QChar(u'0' + static_cast<char16_t>(v / 10 % 10));
  *out++ = QChar(u'0' + static_cast<char16_t>(v % 10));
}

}  // namespace

QString timeText(std::int64_t us) {
  if (us == 0) return {};
  std::int64_t s = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
  s += localOffset(s);
  const std::int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
  const auto secs = static_cast<unsigned>(s - days * 86400);
  std::int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civilFromDays(days, y, m, d);
  if (y < 0 || y > 9999) return QDateTime::fromMSecsSinceEpoch(us / 1000).toString(Qt::ISODate);
  QString out(19, Qt::Uninitialized);
  QChar* p = out.data();
  const auto year = static_cast<unsigned>(y);
  put2(p, year / 100);
  put2(p, year % 100);
  *p++ = u'-';
  put2(p, m);
  *p++ = u'-';
  put2(p, d);
  *p++ = u' ';
  put2(p, secs / 3600);
  *p++ = u':';
  put2(p, secs / 60 % 60);
  *p++ = u':';
  put2(p, secs % 60);
  return out;
}

QString isoTimeText(std::int64_t us) {
  if (us == 0) return {};
  const QDateTime t = QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::utc());
  return t.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.")) +
         QStringLiteral("%1Z").arg(static_cast<qlonglong>(((us % 1000000) + 1000000) % 1000000), 6,
                                   10, QChar(u'0'));
}

QString countText(std::uint64_t n) {
  // The locale's group separator, looked up once per thread (QLocale per call is slow).
  thread_local const QString separator = QLocale().groupSeparator();
  if (n < 1000) return QString::number(n);
  QString digits = QString::number(n);
  QString out;
  out.reserve(digits.size() + digits.size() / 3 * separator.size());
  const qsizetype lead = digits.size() % 3;
  for (qsizetype i = 0; i < digits.size(); ++i) {
    if (i > 0 && (i - lead) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

QString bytesText(std::uint64_t n) {
  return QLocale().formattedDataSize(static_cast<qint64>(n), 1, QLocale::DataSizeSIFormat);
}

QString plural(std::uint64_t n, const char* context, const char* one, const char* many) {
  return QCoreApplication::translate(context, n == 1 ? one : many).arg(countText(n));
}

QString durationText(double seconds) {
  if (seconds < 0) seconds = 0;
  if (seconds < 10) return QCoreApplication::translate("time", "%1 s").arg(seconds, 0, 'f', 1);
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s < 120) return QCoreApplication::translate("time", "%1 s").arg(s);
  if (s < 7200) return QCoreApplication::translate("time", "%1 min %2 s").arg(s / 60).arg(s % 60);
  return QCoreApplication::translate("time", "%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

}  // namespace otscope::gui
