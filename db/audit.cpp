// What auditors record about an asset (schema step 4, table asset_audit): name, criticality,
// zone, Purdue level, owner, notes and tags. Written one asset at a time, in one short
// transaction, from the command line or a desktop console while a sensor keeps merging.
#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/clock.h"
#include "db/database.h"
#include "db/database_impl.h"

namespace otscope {
namespace {

constexpr std::array<std::string_view, 5> kCriticalities = {"", "low", "medium", "high",
                                                            "critical"};
constexpr std::array<std::string_view, 8> kPurdueLevels = {"", "0", "1", "2", "3", "3.5", "4", "5"};

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. (Control characters,
// NUL included, are valid text and kept.)
bool is_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      extra = 1;
      cp = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
      extra = 2;
      cp = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
      extra = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (s.size() - i <= extra) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0u) != 0x80u) return false;
      cp = (cp << 6) | (cc & 0x3fu);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += extra + 1;
  }
  return true;
}

std::string allowed_list(std::span<const std::string_view> values) {
  std::string out;
  for (std::string_view v : values) {
    if (v.empty()) continue;
    if (!out.empty()) out += ", ";
    out += "'";
    out += v;
    out += "'";
  }
  return out + " or empty";
}

std::string_view trimmed(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kSpace);
  return s.substr(first, last - first + 1);
}

std::vector<std::string> normal_tags(const std::vector<std::string>& tags) {
  std::vector<std::string> out;
  for (const std::string& t : tags) {
    std::string tag(trimmed(t));
    if (tag.empty() || std::find(out.begin(), out.end(), tag) != out.end()) continue;
    out.push_back(std::move(tag));
  }
  return out;
}

std::vector<std::string> tags_from_json(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) throw DbError("invalid asset audit tags in the database");
  std::vector<std::string> out;
  for (const nlohmann::json& t : j) {
    if (!t.is_string()) throw DbError("invalid asset audit tags in the database");
    out.push_back(t.get<std::string>());
  }
  return out;
}

}  // namespace

std::map<std::int64_t, AssetAudit> db::read_audits(sqlite3* connection) {
  std::map<std::int64_t, AssetAudit> out;
  db::Statement rows(connection,
                     "SELECT asset_id, name, criticality, zone, purdue_level, owner, notes, tags, "
                     "updated FROM asset_audit");
  while (rows.next()) {
    AssetAudit a;
    a.name = rows.column_text(1);
    a.criticality = rows.column_text(2);
    a.zone = rows.column_text(3);
    a.purdue_level = rows.column_text(4);
    a.owner = rows.column_text(5);
    a.notes = rows.column_text(6);
    a.tags = tags_from_json(rows.column_text(7));
    a.updated_us = rows.column_time(8);
    out.emplace(rows.column_int(0), std::move(a));
  }
  return out;
}

std::map<std::int64_t, AssetAudit> Database::asset_audits() const {
  Impl& d = impl();
  try {
    return db::read_audits(d.connection.get());
  } catch (const DbError& e) {
    throw DbError(d.context("read") + ": " + e.what());
  }
}

void Database::set_asset_audit(std::int64_t asset_id, const AssetAudit& audit) {
  Impl& d = impl();
  const std::string action = "set the audit fields of asset " + std::to_string(asset_id) + " in";
  d.require_writable(action);
  auto invalid = [&](const std::string& why) { return DbError(d.context(action) + ": " + why); };
  if (std::find(kCriticalities.begin(), kCriticalities.end(), audit.criticality) ==
      kCriticalities.end())
    throw invalid("criticality '" + audit.criticality + "' is not one of " +
                  allowed_list(kCriticalities));
  if (std::find(kPurdueLevels.begin(), kPurdueLevels.end(), audit.purdue_level) ==
      kPurdueLevels.end())
    throw invalid("Purdue level '" + audit.purdue_level + "' is not one of " +
                  allowed_list(kPurdueLevels));
  const std::pair<const char*, const std::string*> texts[] = {{"name", &audit.name},
                                                              {"zone", &audit.zone},
                                                              {"owner", &audit.owner},
                                                              {"notes", &audit.notes}};
  for (const auto& [field, text] : texts)
    if (!is_utf8(*text)) throw invalid(std::string(field) + " is not valid UTF-8 text");
  for (const std::string& tag : audit.tags)
    if (!is_utf8(tag)) throw invalid("a tag is not valid UTF-8 text");

  AssetAudit stored = audit;
  stored.tags = normal_tags(audit.tags);
  try {
    db::Transaction transaction(d.connection);
    db::Statement exists(d.connection.get(), "SELECT 1 FROM assets WHERE id = ?1");
    if (!exists.start().bind_int(1, asset_id).next()) throw DbError("there is no such asset");
    exists.reset();
    if (stored.empty()) {
      db::Statement remove(d.connection.get(), "DELETE FROM asset_audit WHERE asset_id = ?1");
      remove.start().bind_int(1, asset_id).run();
    } else {
      db::Statement upsert(
          d.connection.get(),
          "INSERT INTO asset_audit (asset_id, name, criticality, zone, purdue_level, owner, "
          "notes, tags, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
          "ON CONFLICT (asset_id) DO UPDATE SET name = excluded.name, "
          "criticality = excluded.criticality, zone = excluded.zone, "
          "purdue_level = excluded.purdue_level, owner = excluded.owner, notes = excluded.notes, "
          "tags = excluded.tags, updated = excluded.updated");
      upsert.start()
          .bind_int(1, asset_id)
          .bind_text(2, stored.name)
          .bind_text(3, stored.criticality)
          .bind_text(4, stored.zone)
          .bind_text(5, stored.purdue_level)
          .bind_text(6, stored.owner)
          .bind_text(7, stored.notes)
          .bind_text(8, nlohmann::json(stored.tags).dump())
          .bind_int(9, wall_clock_us())
          .run();
    }
    transaction.commit();
  } catch (const DbError& e) {
    throw invalid(e.what());
  }
}

}  // namespace otscope
