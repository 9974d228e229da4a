// The advisories view: public advisories (CSAF, here built by hand as `otscope advisories import`
// would store them) judged against the devices of a database built by `otscope analyze`. The
// view lists what advisory::find_vulnerabilities says about Database::inventory(), follows the
// store while the console is open, sorts the highest risk first, filters, and shows the
// documents' strings literally.
#include <gtest/gtest.h>

#include <QCheckBox>
#include <QLabel>
#include <QTableView>
#include <QTreeWidget>
#include <algorithm>
#include <set>
#include <tuple>

#include "db/advisory_store.h"
#include "db/database.h"
#include "gui/views/advisory_detail.h"
#include "gui/views/table_page.h"
#include "model/advisory/findings.h"
#include "protocols/modbus/modbus.h"
#include "tests/gui/gui_fixtures.h"

namespace otscope {
namespace {

using advisory::Verdict;
using test::waitFor;

constexpr const char* kOrderNumber = "6ES7315-2EH14-0AB0";

// One Siemens advisory for the S7-300 CPU 315-2 PN/DP the Snap7 capture shows (order number
// 6ES7 315-2EH14-0AB0, firmware V3.2.7), as a CSAF document's product tree and vulnerabilities
// parse into.
advisory::Advisory s7Advisory(const std::string& id, const std::string& range, double cvss,
                              const std::string& cve,
                              advisory::Status status = advisory::Status::Affected) {
  advisory::Advisory a;
  a.tracking_id = id;
  a.version = "1.0.0";
  a.title = "Siemens SIMATIC S7-300 CPUs (" + id + ")";
  a.publisher = "Test CERT";
  a.url = "https://example.invalid/csaf/" + id + ".json";
  advisory::Product p;
  p.id = "CSAFPID-0001";
  p.vendor = "Siemens";
  p.name = "SIMATIC S7-300 CPU 315-2 PN/DP";
  p.version_category = "product_version_range";
  p.version = range;
  p.order_numbers = {kOrderNumber};
  a.products = {p};
  advisory::Vulnerability v;
  v.cve = cve;
  v.title = "Improper input validation";
  v.cvss = cvss;
  v.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";
  v.products = {{p.id, status}};
  v.remediations = {{"vendor_fix", "Update to V3.2.17 or later version", "", {p.id}},
                    {"mitigation", "Restrict network access to port 102/tcp", "", {p.id}}};
  a.vulnerabilities = {v};
  return a;
}

// Another vendor's: never loaded for a plant of Siemens devices.
advisory::Advisory otherVendorAdvisory() {
  advisory::Advisory a = s7Advisory("TEST-OTHER-0001", "vers:all/<9", 9.1, "CVE-2099-0001");
  a.products[0].vendor = "Schneider Electric";
  a.products[0].name = "Modicon M340";
  a.products[0].order_numbers = {"BMXP342020"};
  return a;
}

void store(const std::filesystem::path& db, const std::vector<advisory::Advisory>& advisories) {
  Database d = Database::open(db.string());
  db::store_advisories(d, advisories);
}

using Key = std::tuple<std::int64_t, std::string, Verdict, double>;

std::multiset<Key> keysOf(const std::vector<advisory::AssetFinding>& findings) {
  std::multiset<Key> out;
  for (const advisory::AssetFinding& f : findings)
    out.emplace(f.asset_id, f.advisory_id, f.finding.verdict, f.finding.cvss);
  return out;
}

std::multiset<Key> keysOf(const gui::AdvisoryModel& model) {
  std::multiset<Key> out;
  for (const gui::AdvisoryRow& r : model.rows())
    out.emplace(r.asset_id, r.advisory.toStdString(), r.verdict, r.cvss);
  return out;
}

std::vector<advisory::AssetFinding> expectedFindings(const std::filesystem::path& db) {
  const Database d = Database::open_readonly(db.string());
  const std::vector<advisory::Advisory> all = db::load_advisories(d);
  return advisory::find_vulnerabilities(d.inventory(), all);
}

std::vector<const gui::AdvisoryRow*> shownRows(const gui::TablePage& page,
                                               const gui::AdvisoryModel& model) {
  std::vector<const gui::AdvisoryRow*> out;
  for (int r = 0; r < page.proxy()->rowCount(); ++r)
    out.push_back(&model.rowAt(page.proxy()->sourceRow(r)));
  return out;
}

TEST(Advisories, ViewListsTheFindingsOfTheInventoryAndFollowsTheStore) {
  OTSCOPE_SHARED_PCAPS_OR_SKIP(shared);
  test::TempDir dir;
  const auto db = dir.path() / "s7.db";
  test::analyzeInto(db, {(shared / "s7/snap7_s300_everything.pcapng").string()});

  auto window = test::openWindow(db, /*read_only=*/true);
  gui::TablePage* page = window->page(QStringLiteral("advisories"));
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(window->advisoryModel()->rowCount(), 0);
  EXPECT_TRUE(page->findChild<QLabel*>(QStringLiteral("emptyText"))
                  ->text()
                  .contains(QStringLiteral("advisories import")));

  // Imported while the console is open: the reader sees the store change and judges again.
  store(db, {s7Advisory("TEST-0001", "vers:all/<V3.2.17", 7.5, "CVE-2019-10936"),
             s7Advisory("TEST-0002", "vers:all/<V3.2.0", 9.8, "CVE-2019-99999"),
             s7Advisory("TEST-0003", "vers:all/<V4.0", 5.3, "CVE-2020-00001",
                        advisory::Status::UnderInvestigation),
             otherVendorAdvisory()});
  const std::vector<advisory::AssetFinding> expected = expectedFindings(db);
  ASSERT_EQ(expected.size(), 3u);
  ASSERT_TRUE(waitFor([&] {
    return static_cast<std::size_t>(window->advisoryModel()->rowCount()) == expected.size();
  }));
  EXPECT_EQ(keysOf(*window->advisoryModel()), keysOf(expected));

  // The listed order number, firmware V3.2.7 below V3.2.17: affected, as the CLI says.
  std::int64_t plc = 0;
  for (const advisory::AssetFinding& f : expected) {
    if (f.advisory_id == "TEST-0001") {
      EXPECT_EQ(f.finding.verdict, Verdict::Affected);
      plc = f.asset_id;
    }
    if (f.advisory_id == "TEST-0002") {
      EXPECT_EQ(f.finding.verdict, Verdict::NotAffected);
    }
    if (f.advisory_id == "TEST-0003") {
      EXPECT_EQ(f.finding.verdict, Verdict::PossiblyAffected);
    }
  }
  ASSERT_NE(plc, 0);
  for (const gui::AdvisoryRow& r : window->advisoryModel()->rows()) {
    EXPECT_EQ(r.asset_id, plc);
    EXPECT_TRUE(r.order_number.contains(QStringLiteral("6ES7 315-2EH14-0AB0")));
    EXPECT_EQ(r.firmware, QStringLiteral("V3.2.7"));
    EXPECT_TRUE(r.device.startsWith(QStringLiteral("Siemens S7-300"))) << r.device.toStdString();
  }

  // Highest risk first: by score, the not-affected row last despite its 9.8.
  window->showView(QStringLiteral("advisories"));
  std::vector<const gui::AdvisoryRow*> shown = shownRows(*page, *window->advisoryModel());
  ASSERT_EQ(shown.size(), 3u);
  EXPECT_EQ(shown[0]->advisory, QStringLiteral("TEST-0001"));
  EXPECT_EQ(shown[1]->advisory, QStringLiteral("TEST-0003"));
  EXPECT_EQ(shown[2]->advisory, QStringLiteral("TEST-0002"));
  const int first = page->proxy()->sourceRow(0);
  EXPECT_EQ(window->advisoryModel()->cellText(first, gui::AdvisoryTraits::Cvss),
            QStringLiteral("7.5 High"));
  EXPECT_EQ(window->advisoryModel()->cellText(first, gui::AdvisoryTraits::Verdict),
            QStringLiteral("Affected"));
  EXPECT_EQ(window->advisoryModel()->cellText(first, gui::AdvisoryTraits::Cves),
            QStringLiteral("CVE-2019-10936"));
  EXPECT_TRUE(window->advisoryModel()
                  ->cellText(first, gui::AdvisoryTraits::Remediation)
                  .startsWith(QStringLiteral("Update to V3.2.17")));

  // The detail pane: why, the vector, the CVEs, the remediation, the URL as plain text.
  ASSERT_TRUE(page->selectId(shown[0]->id));
  gui::AdvisoryDetail* detail = window->advisoryDetail();
  EXPECT_EQ(detail->findingId(), shown[0]->id);
  const auto* reason = detail->findChild<QLabel*>(QStringLiteral("advisoryReason"));
  EXPECT_TRUE(reason->text().contains(QStringLiteral("V3.2.7"))) << reason->text().toStdString();
  EXPECT_TRUE(detail->remediationText().contains(QStringLiteral("Restrict network access")));
  const auto* tree = detail->findChild<QTreeWidget*>(QStringLiteral("advisoryTree"));
  QStringList values;
  for (int s = 0; s < tree->topLevelItemCount(); ++s)
    for (int c = 0; c < tree->topLevelItem(s)->childCount(); ++c)
      values << tree->topLevelItem(s)->child(c)->text(1);
  EXPECT_TRUE(values.contains(QStringLiteral("https://example.invalid/csaf/TEST-0001.json")));
  EXPECT_TRUE(values.contains(QStringLiteral("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H")));
  EXPECT_TRUE(values.contains(QStringLiteral("CVE-2019-10936")));

  // The assets view counts them on the PLC's row (the not-affected one aside).
  const gui::AssetRow* asset = window->assetModel()->findById(plc);
  ASSERT_NE(asset, nullptr);
  const int asset_row = window->assetModel()->rowOfId(plc);
  EXPECT_EQ(window->assetModel()->cellText(asset_row, gui::AssetTraits::Advisories),
            QStringLiteral("1 affected, 1 possibly (max CVSS 7.5)"));
  for (const gui::AssetRow& r : window->assetModel()->rows())
    if (r.id != plc) {
      EXPECT_EQ(r.advisories_affected + r.advisories_possible, 0u);
    }
  gui::TablePage* assets = window->page(QStringLiteral("assets"));
  assets->table()->sortByColumn(gui::AssetTraits::Advisories, Qt::DescendingOrder);
  EXPECT_EQ(assets->model()->idAt(assets->proxy()->sourceRow(0)), plc);

  // Filters: a field, a word, and the not-affected switch.
  page->setFilterText(QStringLiteral("cve:CVE-2019-10936"));
  shown = shownRows(*page, *window->advisoryModel());
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0]->advisory, QStringLiteral("TEST-0001"));
  page->setFilterText(QStringLiteral("verdict:possibly"));
  shown = shownRows(*page, *window->advisoryModel());
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0]->advisory, QStringLiteral("TEST-0003"));
  page->setFilterText(QStringLiteral("siemens -advisory:TEST-0001"));
  EXPECT_EQ(page->proxy()->rowCount(), 2);
  page->setFilterText(QString());
  auto* not_affected = page->findChild<QCheckBox*>(QStringLiteral("showNotAffected"));
  ASSERT_NE(not_affected, nullptr);
  not_affected->setChecked(false);
  EXPECT_EQ(page->proxy()->rowCount(), 2);
  not_affected->setChecked(true);
  EXPECT_EQ(page->proxy()->rowCount(), 3);

  // A newer version of an advisory changes its row in place (same id), not a new row.
  std::int64_t first_id = -1;
  for (const gui::AdvisoryRow& r : window->advisoryModel()->rows())
    if (r.advisory == QStringLiteral("TEST-0001")) first_id = r.id;
  advisory::Advisory v2 = s7Advisory("TEST-0001", "vers:all/<V3.2.17", 8.6, "CVE-2019-10936");
  v2.version = "2.0.0";
  store(db, {v2});
  ASSERT_TRUE(waitFor([&] {
    const gui::AdvisoryRow* r = window->advisoryModel()->findById(first_id);
    return r != nullptr && r->cvss > 8.5;
  }));
  EXPECT_EQ(window->advisoryModel()->rowCount(), 3);
  EXPECT_EQ(keysOf(*window->advisoryModel()), keysOf(expectedFindings(db)));
  EXPECT_TRUE(waitFor([&] {
    return window->assetModel()->cellText(window->assetModel()->rowOfId(plc),
                                          gui::AssetTraits::Advisories) ==
           QStringLiteral("1 affected, 1 possibly (max CVSS 8.6)");
  }));

  // Enter on a row opens its device.
  ASSERT_TRUE(page->selectId(first_id));
  emit page->table()->activated(page->table()->currentIndex());
  EXPECT_EQ(window->currentView(), QStringLiteral("assets"));
  EXPECT_EQ(window->page(QStringLiteral("assets"))->currentId(), plc);
}

TEST(Advisories, DocumentStringsAreShownLiterally) {
  test::TempDir dir;
  const auto db = dir.path() / "hostile-advisory.db";
  {
    // A Siemens CPU that identified itself, stored as an analysis would.
    Database d = Database::open(db.string());
    AnalysisResult delta;
    AssetRecord a;
    a.mac.bytes = {0x00, 0x1b, 0x1b, 0x01, 0x02, 0x03};
    IpAddress ip;
    IpAddress::parse("10.9.9.9", ip);
    a.ips = {ip};
    a.mac_vendor = "Siemens AG";
    a.first_seen_us = 1'700'000'000'000'000;
    a.last_seen_us = a.first_seen_us + 1'000'000;
    a.packets_sent = 1;
    delta.assets.push_back(a);
    auto fact = [&](const char* field, const char* value) {
      IdentityRecord v;
      v.protocol = modbus::kProtocol;
      v.ip = ip;
      v.mac = a.mac;
      v.field = field;
      v.value = value;
      v.source = "test";
      v.first_seen_us = v.last_seen_us = a.first_seen_us;
      delta.identities.push_back(v);
    };
    fact("vendor", "Siemens");
    fact("model", "S7-300");
    fact("module_type", "CPU 315-2 PN/DP");
    fact("order_number", "6ES7 315-2EH14-0AB0");
    fact("firmware", "V3.2.7");
    CaptureRunRecord run;
    run.source = "crafted.pcap";
    d.merge(delta, d.begin_run(run));
  }
  const std::string markup = "<b>S7</b><img src=x onerror=alert(1)><a href=\"http://x\">y</a>";
  advisory::Advisory a = s7Advisory("TEST-HOSTILE", "vers:all/<V3.2.17", 10.0, "CVE-2099-1");
  a.title = markup + "\x07\x1b[31m\nsecond line\xe2\x80\xae";
  a.url = "javascript:alert(1)<a href=x>\n";
  a.vulnerabilities[0].remediations = {
      {"vendor_fix", "<script>alert(1)</script>\x07", "", {"CSAFPID-0001"}}};
  store(db, {a});

  auto window = test::openWindow(db, /*read_only=*/true);
  ASSERT_TRUE(waitFor([&] { return window->advisoryModel()->rowCount() == 1; }));
  const gui::AdvisoryModel* model = window->advisoryModel();
  const QString title = model->index(0, gui::AdvisoryTraits::Title).data().toString();
  const QString escaped_title = QString::fromStdString(markup) +
                                QStringLiteral("\\x07\\x1B[31m\\nsecond line\\xE2\\x80\\xAE");
  EXPECT_EQ(title, escaped_title);
  EXPECT_EQ(model->index(0, gui::AdvisoryTraits::Remediation).data().toString(),
            QStringLiteral("<script>alert(1)</script>\\x07"));
  // Tooltips, which Qt reads as rich text, carry the markup escaped.
  const QString tip = model->index(0, gui::AdvisoryTraits::Title).data(Qt::ToolTipRole).toString();
  EXPECT_FALSE(tip.contains(QStringLiteral("<b>S7")));
  EXPECT_TRUE(tip.contains(QStringLiteral("&lt;b&gt;S7")));

  // The detail pane: plain-text labels, the URL a string, never a link.
  window->showView(QStringLiteral("advisories"));
  gui::TablePage* page = window->page(QStringLiteral("advisories"));
  ASSERT_TRUE(page->selectId(model->rows()[0].id));
  gui::AdvisoryDetail* detail = window->advisoryDetail();
  const auto* label = detail->findChild<QLabel*>(QStringLiteral("advisoryTitle"));
  EXPECT_EQ(label->textFormat(), Qt::PlainText);
  EXPECT_EQ(label->text(), escaped_title);
  for (const QLabel* l : detail->findChildren<QLabel*>()) {
    EXPECT_EQ(l->textFormat(), Qt::PlainText) << l->objectName().toStdString();
    EXPECT_FALSE(l->openExternalLinks());
  }
  const auto* tree = detail->findChild<QTreeWidget*>(QStringLiteral("advisoryTree"));
  QStringList values;
  for (int s = 0; s < tree->topLevelItemCount(); ++s)
    for (int c = 0; c < tree->topLevelItem(s)->childCount(); ++c)
      values << tree->topLevelItem(s)->child(c)->text(1);
  EXPECT_TRUE(values.contains(QStringLiteral("javascript:alert(1)<a href=x>\\n")));
  EXPECT_EQ(detail->remediationText(), QStringLiteral("<script>alert(1)</script>\\x07"));
}

}  // namespace
}  // namespace otscope
