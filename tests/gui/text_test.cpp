// The console's text rules: wire strings shown literally and safely, the filter language.
#include "gui/text.h"

#include <gtest/gtest.h>

#include "gui/models/row_filter.h"
#include "gui/models/view_models.h"

namespace otscope::gui {
namespace {

TEST(WireText, KeepsValidUtf8AndEscapesWhatCannotBeShown) {
  EXPECT_EQ(wireText("PLC-3"), QStringLiteral("PLC-3"));
  EXPECT_EQ(wireText("泵站 2 号"), QString::fromUtf8("泵站 2 号"));
  EXPECT_EQ(wireText("\xc3\x89lectric"), QString::fromUtf8("Électric"));
  // Latin-1 "É" is not UTF-8: the byte is shown, never replaced or dropped.
  EXPECT_EQ(wireText("\xc9"
                     "lectric"),
            QStringLiteral("\\xC9lectric"));
  EXPECT_EQ(wireText(std::string("a\nb\tc\x07\0d", 8)), QStringLiteral("a\\nb\\tc\\x07\\x00d"));
  // A right-to-left override would make a name read backwards.
  EXPECT_EQ(wireText("abc\xe2\x80\xae"
                     "def"),
            QStringLiteral("abc\\xE2\\x80\\xAEdef"));
  // Overlong and truncated sequences are bytes, not characters.
  EXPECT_EQ(wireText("\xc0\xaf"), QStringLiteral("\\xC0\\xAF"));
  EXPECT_EQ(wireText("x\xe6\xb3"), QStringLiteral("x\\xE6\\xB3"));
}

TEST(WireText, ToolTipsShowMarkupLiterally) {
  const QString tip = plainToolTip(QStringLiteral("<b>bold</b> & <img src=x>"));
  EXPECT_TRUE(tip.contains(QStringLiteral("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x&gt;")));
  EXPECT_FALSE(tip.contains(QStringLiteral("<b>")));
  EXPECT_LE(plainToolTip(QString(10000, u'x')).size(), 700);
}

TEST(RowFilter, ParsesWordsFieldsNegationAndQuotes) {
  const RowFilter f =
      RowFilter::parse(QStringLiteral("Siemens role:PLC -state:closed name:\"pump 2\""));
  ASSERT_EQ(f.terms.size(), 4u);
  EXPECT_EQ(f.terms[0].key, QString());
  EXPECT_EQ(f.terms[0].word, QStringLiteral("siemens"));
  EXPECT_EQ(f.terms[1].key, QStringLiteral("role"));
  EXPECT_EQ(f.terms[1].value, QStringLiteral("plc"));
  EXPECT_TRUE(f.terms[2].negate);
  EXPECT_EQ(f.terms[2].key, QStringLiteral("state"));
  EXPECT_EQ(f.terms[3].value, QStringLiteral("pump 2"));
  // Addresses and times are words, not fields.
  EXPECT_EQ(RowFilter::parse(QStringLiteral("00:1b:1b:01:02:03")).terms[0].key, QString());
  EXPECT_EQ(RowFilter::parse(QStringLiteral("08:00")).terms[0].key, QString());
  EXPECT_TRUE(RowFilter::parse(QStringLiteral("   ")).empty());
}

AssetRow asset(std::int64_t id, const char* name, const char* ip, const char* role) {
  AssetRow r;
  r.id = id;
  r.name = QString::fromUtf8(name);
  r.ips = QString::fromUtf8(ip);
  r.has_ip = IpAddress::parse(ip, r.first_ip);
  r.role = QString::fromUtf8(role);
  r.vendor = QStringLiteral("Siemens");
  finishRow<AssetTraits>(r);
  return r;
}

TEST(RowFilter, MatchesColumnsByKeyAndWholeAddresses) {
  AssetModel model;
  TableDiff<AssetRow> rows;
  rows.reset = true;
  rows.rows = {asset(1, "PLC-3", "10.0.1.3", "PLC"),
               asset(2, "HMI", "10.0.1.30", "HMI / SCADA client"),
               asset(3, "fe80 box", "fe80::1", "IT host")};
  model.apply(std::move(rows));
  auto matching = [&](const char* text) {
    std::vector<std::int64_t> out;
    const RowFilter f = RowFilter::parse(QString::fromUtf8(text));
    for (int r = 0; r < model.rowCount(); ++r)
      if (model.matches(r, f)) out.push_back(model.idAt(r));
    return out;
  };
  EXPECT_EQ(matching("role:plc"), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(matching("-role:plc"), (std::vector<std::int64_t>{2, 3}));
  // "10.0.1.3" is one address, not a prefix of 10.0.1.30; "10.0.1." is a prefix.
  EXPECT_EQ(matching("ip:10.0.1.3"), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(matching("10.0.1.3"), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(matching("10.0.1."), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(matching("siemens hmi"), (std::vector<std::int64_t>{2}));
  // An IPv6 address looks like "key:value" but names no column: it is searched as text.
  EXPECT_EQ(matching("fe80::1"), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(model.unknownKeys(RowFilter::parse(QStringLiteral("rol:plc"))),
            QStringList{QStringLiteral("rol")});
}

TEST(TableModel, RefreshUpdatesInPlaceAndAppendsWithoutReset) {
  AssetModel model;
  TableDiff<AssetRow> first;
  first.reset = true;
  first.rows = {asset(1, "A", "10.0.0.1", "PLC"), asset(2, "B", "10.0.0.2", "PLC")};
  model.apply(std::move(first));
  int resets = 0;
  int inserted = 0;
  int changed = 0;
  QObject::connect(&model, &QAbstractItemModel::modelReset, [&] { ++resets; });
  QObject::connect(&model, &QAbstractItemModel::rowsInserted,
                   [&](const QModelIndex&, int a, int b) { inserted += b - a + 1; });
  QObject::connect(&model, &QAbstractItemModel::dataChanged, [&] { ++changed; });
  TableDiff<AssetRow> next;
  next.rows = {asset(2, "B renamed", "10.0.0.2", "PLC"), asset(7, "C", "10.0.0.7", "HMI")};
  model.apply(std::move(next));
  EXPECT_EQ(resets, 0);
  EXPECT_EQ(inserted, 1);
  EXPECT_EQ(changed, 1);
  ASSERT_EQ(model.rowCount(), 3);
  EXPECT_EQ(model.findById(2)->name, QStringLiteral("B renamed"));
  TableDiff<AssetRow> gone;
  gone.removed = {1};
  model.apply(std::move(gone));
  EXPECT_EQ(resets, 0);
  EXPECT_EQ(model.rowCount(), 2);
  EXPECT_EQ(model.rowOfId(1), -1);
  EXPECT_EQ(model.findById(7)->name, QStringLiteral("C"));
}

}  // namespace
}  // namespace otscope::gui
