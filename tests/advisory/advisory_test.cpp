// Matching public advisories against device identities, one rule at a time, on hand-made CSAF 2.0
// documents: order numbers (spacing, wildcards), product families and module types, version
// ranges (vers and free text, edges included), unknown versions, vendor aliases, fixed products.
#include "model/advisory/advisory.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "model/advisory/findings.h"

namespace otscope::advisory {
namespace {

using nlohmann::json;

struct Leaf {
  std::string vendor;
  std::string name;
  std::string version;  // product_version_range name, "" for none
  std::vector<std::string> model_numbers;
  std::string status = "known_affected";
};

// A CSAF 2.0 document with one vulnerability (CVSS 7.5) concerning every leaf.
std::string csaf(const std::vector<Leaf>& leaves, const std::string& id = "TEST-1",
                 const std::string& version = "1", double score = 7.5) {
  json branches = json::array();
  json status = json::object();
  json remediations = json::array();
  int n = 0;
  for (const Leaf& l : leaves) {
    const std::string pid = "P" + std::to_string(++n);
    json product{{"name", l.name + " " + l.version}, {"product_id", pid}};
    if (!l.model_numbers.empty())
      product["product_identification_helper"] = {{"model_numbers", l.model_numbers}};
    json leaf = l.version.empty()
                    ? json{{"category", "product_name"}, {"name", l.name}, {"product", product}}
                    : json{{"category", "product_name"},
                           {"name", l.name},
                           {"branches",
                            {{{"category", "product_version_range"},
                              {"name", l.version},
                              {"product", product}}}}};
    branches.push_back({{"category", "vendor"}, {"name", l.vendor}, {"branches", {leaf}}});
    status[l.status].push_back(pid);
    remediations.push_back(
        {{"category", "vendor_fix"}, {"details", "Update " + l.name}, {"product_ids", {pid}}});
  }
  json doc{{"document",
            {{"category", "csaf_security_advisory"},
             {"csaf_version", "2.0"},
             {"title", "Test advisory " + id},
             {"publisher", {{"name", "Test CERT"}, {"category", "coordinator"}}},
             {"references",
              {{{"category", "self"}, {"url", "https://example.org/" + id + ".json"}},
               {{"category", "self"}, {"url", "https://example.org/" + id}}}},
             {"tracking",
              {{"id", id},
               {"version", version},
               {"initial_release_date", "2024-01-02T00:00:00.000000Z"},
               {"current_release_date", "2024-02-03T00:00:00Z"}}}}},
           {"product_tree", {{"branches", branches}}},
           {"vulnerabilities",
            {{{"cve", "CVE-2024-0001"},
              {"product_status", status},
              {"remediations", remediations},
              {"scores",
               {{{"products", json::array()},
                 {"cvss_v3",
                  {{"baseScore", score},
                   {"vectorString", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}}}}}}}}}};
  return doc.dump();
}

DeviceIdentity s7_315(const std::string& firmware = "V3.2.7") {
  return {.vendor = "Siemens",
          .model = "S7-300",
          .module_type = "CPU 315-2 PN/DP",
          .order_number = "6ES7 315-2EH14-0AB0",
          .firmware = firmware};
}

Verdict verdict_of(const std::string& doc, const DeviceIdentity& d) {
  auto f = judge(parse_csaf(doc), d);
  EXPECT_TRUE(f.has_value());
  return f ? f->verdict : Verdict::NotAffected;
}

TEST(Csaf, ParsesTheFieldsMatchingAndReportingUse) {
  const Advisory a = parse_csaf(csaf({{"Siemens",
                                       "SIMATIC S7-300 CPU 315-2 PN/DP (6ES7315-2EH14-0AB0)",
                                       "vers:all/<V3.2.17",
                                       {}}}));
  EXPECT_EQ(a.tracking_id, "TEST-1");
  EXPECT_EQ(a.version, "1");
  EXPECT_EQ(a.publisher, "Test CERT");
  EXPECT_EQ(a.url, "https://example.org/TEST-1");  // the web page, not the JSON
  EXPECT_GT(a.initial_release_us, 0);
  ASSERT_EQ(a.products.size(), 1u);
  EXPECT_EQ(a.products[0].vendor, "Siemens");
  EXPECT_EQ(a.products[0].version, "vers:all/<V3.2.17");
  ASSERT_EQ(a.products[0].order_numbers.size(), 1u);  // read from the name
  EXPECT_EQ(a.products[0].order_numbers[0], "6ES7315-2EH14-0AB0");
  ASSERT_EQ(a.vulnerabilities.size(), 1u);
  EXPECT_EQ(a.vulnerabilities[0].cve, "CVE-2024-0001");
  EXPECT_DOUBLE_EQ(a.max_cvss(), 7.5);
  // Our stored form reads back equal.
  const Advisory b = from_json(to_json(a));
  EXPECT_EQ(to_json(b), to_json(a));
}

TEST(Csaf, RefusesWhatIsNotCsaf20WithTheReason) {
  auto reason = [](const std::string& text) {
    try {
      parse_csaf(text);
    } catch (const CsafError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(reason("{not json"), "not JSON");
  EXPECT_NE(reason(R"({"document":{"csaf_version":"1.2"}})").find("not CSAF 2.0"),
            std::string::npos);
  EXPECT_NE(reason(R"({"document":{"csaf_version":"2.0","tracking":{"version":"1"}}})")
                .find("tracking.id"),
            std::string::npos);
  json doc = json::parse(csaf({{"Siemens", "X", "", {}}}));
  doc["vulnerabilities"][0]["product_status"]["known_affected"].push_back("NOPE");
  EXPECT_NE(reason(doc.dump()).find("'NOPE'"), std::string::npos);
  doc = json::parse(csaf({{"Siemens", "X", "", {}}}));
  doc.erase("product_tree");
  EXPECT_EQ(reason(doc.dump()), "no product_tree");
}

TEST(OrderNumbers, SpacesDashesAndWildcards) {
  EXPECT_EQ(normalise_order_number("6ES7 315-2EH14-0AB0"), "6ES73152EH140AB0");
  EXPECT_TRUE(order_number_matches("6ES73152EH140AB0", "6ES73152EH140AB0"));
  EXPECT_TRUE(
      order_number_matches(normalise_order_number("6ES7315-2EH14-0XX0"), "6ES73152EH140AB0"));
  EXPECT_FALSE(
      order_number_matches(normalise_order_number("6ES7315-2EH13-0AB0"), "6ES73152EH140AB0"));
  EXPECT_FALSE(order_number_matches("6ES73152EH140AB", "6ES73152EH140AB0"));  // shorter
  EXPECT_TRUE(order_number_matches("BMXP34*", "BMXP342020"));

  // A listed order number decides, whatever the spacing; a wildcard position matches any.
  EXPECT_EQ(verdict_of(csaf({{"Siemens", "SIMATIC CPU (6ES7315-2EH14-0XX0)", "vers:all/*", {}}}),
                       s7_315()),
            Verdict::Affected);
  // Another order number of the same family is not this device.
  EXPECT_FALSE(judge(
      parse_csaf(csaf(
          {{"Siemens", "SIMATIC S7-300 CPU 315-2 PN/DP", "vers:all/*", {"6ES7315-2EH13-0AB0"}}})),
      s7_315()));
}

TEST(Versions, RangeEdges) {
  using VM = VersionMatch;
  const char* r = "product_version_range";
  EXPECT_EQ(match_version(r, "vers:all/<V3.2.17", "V3.2.16"), VM::Inside);
  EXPECT_EQ(match_version(r, "vers:all/<V3.2.17", "V3.2.17"), VM::Outside);
  EXPECT_EQ(match_version(r, "vers:all/<=V3.2.17", "V3.2.17"), VM::Inside);
  EXPECT_EQ(match_version(r, "vers:all/<V3.2.17", "V3.2.7"), VM::Inside);  // numeric, not text
  EXPECT_EQ(match_version(r, "vers:generic/>=1.0|<2.0", "1.0"), VM::Inside);
  EXPECT_EQ(match_version(r, "vers:generic/>=1.0|<2.0", "2.0"), VM::Outside);
  EXPECT_EQ(match_version(r, "vers:generic/>=1.0|<2.0", "0.9"), VM::Outside);
  EXPECT_EQ(match_version(r, "vers:generic/>=1.0|<2.0|>=3.0|<3.5", "3.1"), VM::Inside);
  EXPECT_EQ(match_version(r, "vers:generic/>=1.0|<2.0|>=3.0|<3.5", "2.5"), VM::Outside);
  EXPECT_EQ(match_version(r, "vers:all/*", ""), VM::Inside);
  EXPECT_EQ(match_version(r, "All versions < V4.6 Patch 01", "V4.6"), VM::Inside);
  EXPECT_EQ(match_version(r, "All versions < V4.6 Patch 01", "V4.6 Patch 01"), VM::Outside);
  EXPECT_EQ(match_version(r, "< V4.7 SP10 HF5", "V4.7 SP10 HF4"), VM::Inside);
  EXPECT_EQ(match_version(r, ">= V2.0 < V2.5", "V2.4.9"), VM::Inside);
  EXPECT_EQ(match_version(r, ">= V2.0 < V2.5", "V2.5"), VM::Outside);
  EXPECT_EQ(match_version(r, "V2.0 and prior", "V2.0"), VM::Inside);
  EXPECT_EQ(match_version(r, "V2.0 and prior", "V2.1"), VM::Outside);
  EXPECT_EQ(match_version(r, "prior to V5", "V4.9"), VM::Inside);
  EXPECT_EQ(match_version(r, "All versions", "V1"), VM::Inside);
  // Siemens's "x" stands for the device's own minor line.
  EXPECT_EQ(match_version(r, "< V3.X.16", "V3.2.7"), VM::Inside);
  EXPECT_EQ(match_version(r, "< V3.X.16", "V3.3.16"), VM::Outside);
  EXPECT_EQ(match_version(r, "< V3.X.16", "V4.0"), VM::Outside);
  // Exact versions.
  EXPECT_EQ(match_version("product_version", "V3.2.7", "V3.2.7"), VM::Inside);
  EXPECT_EQ(match_version("product_version", "V3.2.7", "V3.2.8"), VM::Outside);
  // Unknown: no version, or a range nobody can evaluate.
  EXPECT_EQ(match_version(r, "vers:all/<V3.2.17", ""), VM::Unknown);
  EXPECT_EQ(match_version(r, "see vendor advisory", "V1.0"), VM::Unknown);
}

TEST(Judge, VersionDecidesAffectedOrNot) {
  const std::string doc = csaf({{"Siemens",
                                 "SIMATIC S7-300 CPU 315-2 PN/DP (6ES7315-2EH14-0AB0)",
                                 "vers:all/<V3.2.17",
                                 {}}});
  auto f = judge(parse_csaf(doc), s7_315("V3.2.7"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->verdict, Verdict::Affected);
  EXPECT_NE(f->reason.find("order number"), std::string::npos) << f->reason;
  EXPECT_NE(f->reason.find("V3.2.7 is in"), std::string::npos) << f->reason;
  EXPECT_EQ(f->cves, std::vector<std::string>{"CVE-2024-0001"});
  EXPECT_DOUBLE_EQ(f->cvss, 7.5);
  EXPECT_NE(f->cvss_vector.find("CVSS:3.1"), std::string::npos);
  EXPECT_EQ(f->fix, "Update SIMATIC S7-300 CPU 315-2 PN/DP (6ES7315-2EH14-0AB0)");

  f = judge(parse_csaf(doc), s7_315("V3.2.17"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->verdict, Verdict::NotAffected);
  EXPECT_NE(f->reason.find("outside"), std::string::npos) << f->reason;

  // Product listed, firmware not seen: possibly affected.
  f = judge(parse_csaf(doc), s7_315(""));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->verdict, Verdict::PossiblyAffected);
  EXPECT_NE(f->reason.find("firmware unknown"), std::string::npos) << f->reason;
}

TEST(Judge, FamiliesAndModuleTypesByName) {
  DeviceIdentity no_order = s7_315();
  no_order.order_number.clear();
  // A family statement covers every CPU of it.
  EXPECT_EQ(verdict_of(csaf({{"Siemens",
                              "SIMATIC S7-300 CPU family (incl. related ET200 CPUs "
                              "and SIPLUS variants)",
                              "vers:all/*",
                              {}}}),
                       s7_315()),
            Verdict::Affected);
  // The module type named.
  EXPECT_EQ(
      verdict_of(csaf({{"Siemens", "SIMATIC S7-300 CPU 315-2 PN/DP", "vers:all/<V3.2.17", {}}}),
                 no_order),
      Verdict::Affected);
  // Another CPU of the family, or another family, is not this device.
  EXPECT_FALSE(
      judge(parse_csaf(csaf({{"Siemens", "SIMATIC S7-300 CPU 314C-2 PN/DP", "vers:all/*", {}}})),
            no_order));
  EXPECT_FALSE(judge(
      parse_csaf(csaf({{"Siemens", "SIMATIC S7-1500 CPU family", "vers:all/*", {}}})), s7_315()));
  EXPECT_FALSE(judge(
      parse_csaf(csaf({{"Siemens", "SIMATIC S7-300F CPU family", "vers:all/*", {}}})), s7_315()));
  // SIPLUS products are other order numbers.
  EXPECT_FALSE(judge(parse_csaf(csaf({{"Siemens", "SIPLUS S7-300 CPU family", "vers:all/*", {}}})),
                     s7_315()));
  // An advisory that lists this device's order number is judged by that listing, not by a
  // family line of the same document.
  auto f = judge(parse_csaf(csaf({{"Siemens", "SIMATIC S7-300 CPU family", "vers:all/*", {}},
                                  {"Siemens",
                                   "SIMATIC S7-300 CPU 315-2 PN/DP (6ES7315-2EH14-0AB0)",
                                   "vers:all/<V3.2.17",
                                   {}}})),
                 s7_315("V3.2.17"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->verdict, Verdict::NotAffected);
}

TEST(Judge, VendorAliasesAndOtherVendors) {
  EXPECT_EQ(vendor_key("Siemens AG"), "siemens");
  EXPECT_EQ(vendor_key("Original Siemens Equipment"), "siemens");
  EXPECT_EQ(vendor_key("TELEMECANIQUE ELECTRIQUE"), "schneider electric");
  EXPECT_EQ(vendor_key("Schneider Electric Software, LLC"), "schneider electric");
  EXPECT_EQ(vendor_key("Allen-Bradley"), "rockwell automation");
  EXPECT_EQ(vendor_key("Schweitzer Engineering Laboratories, Inc."),
            "schweitzer engineering laboratories");
  EXPECT_EQ(vendor_key("Acme Controls GmbH"), "acme controls");

  DeviceIdentity m340{.vendor = "TELEMECANIQUE ELECTRIQUE",  // MAC vendor only
                      .product = "Modicon M340",
                      .firmware = "v3.20"};
  EXPECT_EQ(verdict_of(csaf({{"Schneider Electric", "Modicon M340", "< 3.01", {}}}), m340),
            Verdict::NotAffected);
  EXPECT_EQ(verdict_of(csaf({{"Schneider Electric", "Modicon M340", "< SV3.51", {}}}), m340),
            Verdict::Affected);
  // Same product name from another vendor is not this device.
  EXPECT_FALSE(judge(parse_csaf(csaf({{"Acme", "Modicon M340", "vers:all/*", {}}})), m340));
  // A device without vendor cannot be judged.
  m340.vendor.clear();
  EXPECT_FALSE(
      judge(parse_csaf(csaf({{"Schneider Electric", "Modicon M340", "vers:all/*", {}}})), m340));
}

TEST(Judge, FixedAndUnderInvestigation) {
  Leaf fixed{
      "Siemens", "SIMATIC S7-300 CPU 315-2 PN/DP (6ES7315-2EH14-0AB0)", "V3.2.17", {}, "fixed"};
  auto f = judge(parse_csaf(csaf({fixed})), s7_315("V3.2.17"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->verdict, Verdict::NotAffected);
  EXPECT_NE(f->reason.find("fixed"), std::string::npos);
  // A fixed listing of another version says nothing about this one.
  EXPECT_FALSE(judge(parse_csaf(csaf({fixed})), s7_315("V3.2.7")));
  Leaf investigating{
      "Siemens", "SIMATIC S7-300 CPU family", "vers:all/*", {}, "under_investigation"};
  f = judge(parse_csaf(csaf({investigating})), s7_315());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->verdict, Verdict::PossiblyAffected);
}

TEST(Findings, SortedByScoreThenVerdictAndOnlyTheVendorsOwn) {
  Inventory inv;
  InventoryAsset plc;
  plc.id = 7;
  IpAddress ip;
  ASSERT_TRUE(IpAddress::parse("10.0.0.5", ip));
  plc.record.ips = {ip};
  for (const auto& [field, value] :
       std::vector<std::pair<std::string, std::string>>{{"vendor", "Siemens"},
                                                        {"model", "S7-300"},
                                                        {"module_type", "CPU 315-2 PN/DP"},
                                                        {"order_number", "6ES7 315-2EH14-0AB0"},
                                                        {"firmware", "V3.2.7"}}) {
    IdentityRecord r;
    r.ip = ip;
    r.field = field;
    r.value = value;
    plc.identity.push_back(r);
  }
  inv.assets.push_back(plc);
  std::vector<Advisory> advisories{
      parse_csaf(
          csaf({{"Siemens", "SIMATIC S7-300 CPU family", "vers:all/*", {}}}, "A-LOW", "1", 5.3)),
      parse_csaf(csaf({{"Siemens", "SIMATIC S7-300 CPU family", "vers:all/<V3.0", {}}}, "A-OUT",
                      "1", 9.8)),
      parse_csaf(csaf({{"Siemens", "SIMATIC S7-300 CPU family", "vers:all/<V3.2.17", {}}}, "A-HIGH",
                      "1", 9.8)),
      parse_csaf(csaf({{"Rockwell", "SIMATIC S7-300 CPU family", "vers:all/*", {}}}, "B-OTHER"))};
  const auto rows = find_vulnerabilities(inv, advisories);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].advisory_id, "A-HIGH");
  EXPECT_EQ(rows[1].advisory_id, "A-OUT");
  EXPECT_EQ(rows[1].finding.verdict, Verdict::NotAffected);
  EXPECT_EQ(rows[2].advisory_id, "A-LOW");
  EXPECT_EQ(rows[0].asset_id, 7);
  EXPECT_EQ(rows[0].asset_name, "10.0.0.5");
  EXPECT_EQ(severity_for_score(9.8), "critical");
  EXPECT_EQ(severity_for_score(7.0), "high");
  EXPECT_EQ(severity_for_score(6.9), "medium");
}

}  // namespace
}  // namespace otscope::advisory
