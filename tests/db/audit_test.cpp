// What auditors record per asset (schema step 4): the migration from a version 3 file, the round
// trip of every field byte for byte, validation, tag normalisation, and that merges of the same
// device leave the record alone.
#include <gtest/gtest.h>

#include <string>

#include "db/database.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_error_of;
using test::db_file;
using test::RawSqlite;
using test::TempDir;

std::int64_t asset_id_of(const Database& db, const std::string& mac) {
  for (const StoredAsset& a : db.assets())
    if (a.record.mac.to_string() == mac) return a.id;
  ADD_FAILURE() << "no asset " << mac;
  return 0;
}

constexpr const char* kPlcMac = "00:1b:1b:01:02:03";

AssetAudit full_audit() {
  AssetAudit a;
  a.name = "泵站 2 号";
  a.criticality = "high";
  a.zone = "Électric cell 2";
  a.purdue_level = "3.5";
  a.owner = "Zoë Müller <ops@example.com>";
  a.notes = "line one\nline two";
  a.tags = {"pump", "safety"};
  return a;
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.merge(test::sample_delta(), db_.begin_run({.source = "a.pcap"}));
    plc_ = asset_id_of(db_, kPlcMac);
  }
  TempDir dir_;
  std::string path_ = db_file(dir_);
  Database db_ = Database::open(path_);
  std::int64_t plc_ = 0;
};

TEST(AuditMigration, AVersion3FileKeepsItsDataAndGainsTheTable) {
  TempDir dir;
  const std::string path = db_file(dir);
  {
    DbOptions v3;
    v3.migrations = schema_migrations().first(3);
    Database db = Database::open(path, v3);
    db.merge(test::sample_delta(), db.begin_run({.source = "v3.pcap"}));
    ASSERT_EQ(db.schema_version(), 3);
  }
  {
    RawSqlite raw(path);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'asset_audit'"), 0);
  }
  Database db = Database::open(path);
  EXPECT_EQ(db.schema_version(), current_schema_version());
  EXPECT_EQ(db.totals().assets, 2u);
  EXPECT_EQ(db.links().at(0).record.packets, 190u);
  EXPECT_EQ(db.capture_runs().at(0).record.source, "v3.pcap");
  EXPECT_TRUE(db.asset_audits().empty());
  const std::int64_t plc = asset_id_of(db, kPlcMac);
  db.set_asset_audit(plc, full_audit());
  EXPECT_EQ(db.asset_audits().at(plc).name, "泵站 2 号");
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), current_schema_version());
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
}

TEST_F(AuditTest, EveryFieldComesBackExactlyAsGiven) {
  EXPECT_TRUE(db_.asset_audits().empty());
  const std::int64_t before = test::kT0;  // any time before now
  db_.set_asset_audit(plc_, full_audit());
  const auto audits = db_.asset_audits();
  ASSERT_EQ(audits.size(), 1u);
  AssetAudit stored = audits.at(plc_);
  EXPECT_GT(stored.updated_us, before);
  stored.updated_us = 0;
  EXPECT_EQ(stored, full_audit());

  // The inventory carries it on the right device only, read-only handles too.
  for (const Inventory& inv : {db_.inventory(), Database::open_readonly(path_).inventory()}) {
    for (const InventoryAsset& a : inv.assets) {
      if (a.id == plc_) {
        EXPECT_EQ(a.audit.name, "泵站 2 号");
        EXPECT_EQ(a.audit.tags, (std::vector<std::string>{"pump", "safety"}));
      } else {
        EXPECT_TRUE(a.audit.empty());
      }
    }
  }
}

TEST_F(AuditTest, HostileStringsAreStoredByteForByte) {
  AssetAudit a;
  a.name = "=cmd|' /C calc'!A0";
  a.zone = "<b>x</b>";
  a.owner = std::string("tab\there, bell\a, nul") + '\0' + "after, esc\x1b[31m";
  a.notes = "'; DROP TABLE assets; --\r\n\"quoted\"";
  a.tags = {"+SUM(1)", "@import", "-2", "<script>alert(1)</script>"};
  db_.set_asset_audit(plc_, a);
  AssetAudit stored = db_.asset_audits().at(plc_);
  stored.updated_us = 0;
  EXPECT_EQ(stored, a);
  EXPECT_EQ(stored.owner.size(), a.owner.size());
  EXPECT_EQ(db_.totals().assets, 2u);
  EXPECT_EQ(db_.integrity_check(), "ok");
}

TEST_F(AuditTest, TagsAreTrimmedDeduplicatedAndKeepTheirOrder) {
  AssetAudit a;
  a.tags = {"  pump ", "", "\tsafety\n", "pump", "   ", "Pump", "safety", "b c"};
  db_.set_asset_audit(plc_, a);
  EXPECT_EQ(db_.asset_audits().at(plc_).tags,
            (std::vector<std::string>{"pump", "safety", "Pump", "b c"}));
}

TEST_F(AuditTest, ReplacingAndClearing) {
  db_.set_asset_audit(plc_, full_audit());
  AssetAudit only_owner;
  only_owner.owner = "maintenance";
  db_.set_asset_audit(plc_, only_owner);
  AssetAudit stored = db_.asset_audits().at(plc_);
  EXPECT_EQ(stored.owner, "maintenance");
  EXPECT_EQ(stored.name, "");
  EXPECT_TRUE(stored.tags.empty());

  // Nothing left (blank tags count as nothing): the record goes.
  AssetAudit blank;
  blank.tags = {" ", ""};
  db_.set_asset_audit(plc_, blank);
  EXPECT_TRUE(db_.asset_audits().empty());
  RawSqlite raw(path_);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM asset_audit"), 0);
}

TEST_F(AuditTest, InvalidValuesAreRefusedAndNothingIsStored) {
  const std::string prefix = "cannot set the audit fields of asset " + std::to_string(plc_) +
                             " in database '" + path_ + "': ";
  AssetAudit a = full_audit();
  a.criticality = "urgent";
  EXPECT_EQ(
      db_error_of([&] { db_.set_asset_audit(plc_, a); }),
      prefix + "criticality 'urgent' is not one of 'low', 'medium', 'high', 'critical' or empty");
  a = full_audit();
  a.criticality = "High";  // exact spelling only
  EXPECT_NE(db_error_of([&] { db_.set_asset_audit(plc_, a); }), "");
  a = full_audit();
  a.purdue_level = "2.5";
  EXPECT_EQ(
      db_error_of([&] { db_.set_asset_audit(plc_, a); }),
      prefix + "Purdue level '2.5' is not one of '0', '1', '2', '3', '3.5', '4', '5' or empty");
  a = full_audit();
  a.notes = "bad \xff\xfe bytes";
  EXPECT_EQ(db_error_of([&] { db_.set_asset_audit(plc_, a); }),
            prefix + "notes is not valid UTF-8 text");
  a = full_audit();
  a.tags = {"ok", "\xc0\xaf"};  // an overlong '/'
  EXPECT_EQ(db_error_of([&] { db_.set_asset_audit(plc_, a); }),
            prefix + "a tag is not valid UTF-8 text");
  EXPECT_EQ(db_error_of([&] { db_.set_asset_audit(plc_ + 1000, full_audit()); }),
            "cannot set the audit fields of asset " + std::to_string(plc_ + 1000) +
                " in database '" + path_ + "': there is no such asset");
  EXPECT_TRUE(db_.asset_audits().empty());

  Database ro = Database::open_readonly(path_);
  EXPECT_EQ(db_error_of([&] { ro.set_asset_audit(plc_, full_audit()); }),
            prefix + "it is open read-only");
}

TEST_F(AuditTest, LaterMergesOfTheSameDeviceKeepTheFields) {
  db_.set_asset_audit(plc_, full_audit());
  const std::int64_t updated = db_.asset_audits().at(plc_).updated_us;
  db_.merge(test::sample_delta(), db_.begin_run({.source = "b.pcap"}));
  {
    Database other = Database::open(path_);  // another writer, too
    other.merge(test::sample_delta(), other.begin_run({.source = "c.pcap"}));
  }
  EXPECT_EQ(asset_id_of(db_, kPlcMac), plc_);
  const AssetAudit stored = db_.asset_audits().at(plc_);
  EXPECT_EQ(stored.name, "泵站 2 号");
  EXPECT_EQ(stored.updated_us, updated);
  EXPECT_EQ(db_.links().at(0).record.packets, 3 * 190u);
}

TEST_F(AuditTest, TheRecordGoesWithItsAsset) {
  db_.set_asset_audit(plc_, full_audit());
  {
    RawSqlite raw(path_);
    raw.exec(
        "PRAGMA foreign_keys = ON; DELETE FROM asset_ips WHERE asset_id = " + std::to_string(plc_) +
        "; DELETE FROM asset_vlans WHERE asset_id = " + std::to_string(plc_) +
        "; DELETE FROM assets WHERE id = " + std::to_string(plc_));
  }
  EXPECT_TRUE(db_.asset_audits().empty());
}

}  // namespace
}  // namespace otscope
