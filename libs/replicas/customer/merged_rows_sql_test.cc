#include "libs/replicas/customer/merged_rows_sql.h"

#include "gtest/gtest.h"

namespace crm::replicas {
namespace {

TEST(MergedRowsSqlTest, AMergePushesTheMergedCustomer) {
  EXPECT_EQ(MergeRowsSql("svc.rows", ", version = version + 1", " RETURNING id::text"),
            "UPDATE svc.rows SET customer_id = $2::uuid, merged_from = merged_from || $1::uuid,"
            " version = version + 1 WHERE customer_id = $1::uuid RETURNING id::text");
}

TEST(MergedRowsSqlTest, AnUnmergePopsOnlyRowsThatEndWithTheRestoredCustomer) {
  EXPECT_EQ(UnmergeRowsSql("svc.rows"),
            "UPDATE svc.rows SET customer_id = $1::uuid,"
            " merged_from = merged_from[1:cardinality(merged_from) - 1]"
            " WHERE customer_id = $2::uuid AND merged_from[cardinality(merged_from)] = $1::uuid");
}

}  // namespace
}  // namespace crm::replicas
