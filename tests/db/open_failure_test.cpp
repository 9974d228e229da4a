// Database::open that creates a new file and then fails (a full disk or a size limit while the
// schema is written) leaves nothing behind; a file that existed is kept.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "db/database.h"
#include "tests/db/db_fixtures.h"

namespace otscope {
namespace {

using test::db_file;
using test::RawSqlite;
using test::TempDir;

// Database::open that creates a file and fails while writing the schema (here: a size limit
// smaller than the schema, as a full disk would be) leaves no file behind.
TEST(DatabaseOpenFailure, NewFileThatCannotBeCreatedIsRemovedWithItsSideFiles) {
  TempDir dir;
  const std::string path = db_file(dir, "new.db");
  DbOptions tiny;
  tiny.max_size_bytes = 4096;  // one page: the schema does not fit
  const std::string error = test::db_error_of([&] { Database::open(path, tiny); });
  EXPECT_NE(error.find("cannot upgrade database"), std::string::npos) << error;
  for (const char* suffix : {"", "-wal", "-shm", "-journal", "-lock"})
    EXPECT_FALSE(std::filesystem::exists(path + suffix)) << path + suffix << " left behind";
  // The same name then opens normally.
  EXPECT_EQ(Database::open(path).schema_version(), current_schema_version());
}

TEST(DatabaseOpenFailure, ExistingFileIsKeptWhenOpenFails) {
  TempDir dir;
  const std::string path = db_file(dir, "foreign.db");
  {
    RawSqlite raw(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
  }
  EXPECT_FALSE(test::db_error_of([&] { Database::open(path); }).empty());
  ASSERT_TRUE(std::filesystem::exists(path));
  RawSqlite raw(path);
  EXPECT_EQ(raw.integer("SELECT x FROM t"), 1);
}

}  // namespace
}  // namespace otscope
