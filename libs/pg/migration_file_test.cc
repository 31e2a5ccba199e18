#include "libs/pg/migration_file.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crm::pg {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

TEST(ParseMigrationVersionTest, AcceptsTheConvention) {
  EXPECT_EQ(ParseMigrationVersion("0001_customers.sql").value_or(-1), 1);
  EXPECT_EQ(ParseMigrationVersion("0042_add-contact_roles.sql").value_or(-1), 42);
  EXPECT_EQ(ParseMigrationVersion("20240101_big.sql").value_or(-1), 20240101);
  EXPECT_EQ(ParseMigrationVersion("0000_init.sql").value_or(-1), 0);
}

TEST(ParseMigrationVersionTest, RejectsOtherNames) {
  for (const char* name : {"1_short.sql", "0001.sql", "0001_.sql", "0001_x.SQL", "0001_x.sql.bak",
                           "abcd_x.sql", "00a1_x.sql", "0001 x.sql", "0001_x y.sql", "",
                           "1234567890_too_long.sql", "customers.sql", "-001_x.sql"}) {
    absl::StatusOr<int> version = ParseMigrationVersion(name);
    EXPECT_EQ(version.status().code(), absl::StatusCode::kInvalidArgument) << name;
  }
}

TEST(ParseMigrationVersionTest, ErrorNamesTheFile) {
  absl::StatusOr<int> version = ParseMigrationVersion("create_tables.sql");
  ASSERT_FALSE(version.ok());
  EXPECT_THAT(version.status().message(), HasSubstr("create_tables.sql"));
}

TEST(OrderMigrationsTest, SortsByVersionAndAllowsGaps) {
  const EmbeddedFile files[] = {{"0010_c.sql", "C"}, {"0002_b.sql", "B"}, {"0001_a.sql", "A"}};
  absl::StatusOr<std::vector<MigrationFile>> ordered = OrderMigrations(files);
  ASSERT_TRUE(ordered.ok()) << ordered.status();
  EXPECT_THAT(*ordered,
              ElementsAre(Field(&MigrationFile::version, 1), Field(&MigrationFile::version, 2),
                          Field(&MigrationFile::version, 10)));
  EXPECT_EQ((*ordered)[2].contents, "C");
}

TEST(OrderMigrationsTest, RejectsARepeatedVersion) {
  const EmbeddedFile files[] = {{"0001_a.sql", "A"}, {"0001_b.sql", "B"}};
  absl::StatusOr<std::vector<MigrationFile>> ordered = OrderMigrations(files);
  ASSERT_EQ(ordered.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ordered.status().message(), HasSubstr("0001_b.sql"));
}

TEST(OrderMigrationsTest, RejectsABadName) {
  const EmbeddedFile files[] = {{"0001_a.sql", "A"}, {"notes.txt", ""}};
  absl::StatusOr<std::vector<MigrationFile>> ordered = OrderMigrations(files);
  ASSERT_EQ(ordered.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ordered.status().message(), HasSubstr("notes.txt"));
}

TEST(OrderMigrationsTest, AcceptsNoFiles) {
  absl::StatusOr<std::vector<MigrationFile>> ordered = OrderMigrations({});
  ASSERT_TRUE(ordered.ok());
  EXPECT_TRUE(ordered->empty());
}

TEST(ReplacedChecksumsTest, ReadsOnlyWellFormedLines) {
  const std::string a(64, 'a');
  const std::string b = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  const std::string contents = "-- replaces checksum " + a + "\n" + "CREATE TABLE x (id int);\n" +
                               "-- replaces checksum " + b + "  \n" + "-- replaces checksum " +
                               std::string(63, 'a') + "\n" + "-- replaces checksum " +
                               std::string(64, 'A') + "\n" + "--replaces checksum " + a + "\n";
  EXPECT_THAT(ReplacedChecksums(contents), ElementsAre(a, b));
  EXPECT_THAT(ReplacedChecksums("CREATE TABLE x (id int);"), ::testing::IsEmpty());
}

}  // namespace
}  // namespace crm::pg
