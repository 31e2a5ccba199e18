#include "libs/validation/enum_value.h"

#include "google/protobuf/type.pb.h"
#include "gtest/gtest.h"

namespace crm::validation {
namespace {

using google::protobuf::Field;

// google.protobuf.Field.Cardinality: CARDINALITY_UNKNOWN = 0, OPTIONAL = 1,
// REQUIRED = 2, REPEATED = 3. A well-known enum, so the test needs no proto
// of ours.
std::string OnlyViolation(const status::FieldViolations& violations) {
  EXPECT_EQ(violations.size(), 1u);
  if (violations.bad_request().field_violations_size() != 1) return "";
  EXPECT_EQ(violations.bad_request().field_violations(0).field(), "cardinality");
  return violations.bad_request().field_violations(0).description();
}

TEST(CheckEnumTest, AcceptsDefinedValues) {
  status::FieldViolations violations;
  CheckEnum<Field::Cardinality>(Field::CARDINALITY_REPEATED, "cardinality", Presence::kRequired,
                                violations);
  CheckEnum<Field::Cardinality>(0, "cardinality", Presence::kOptional, violations);
  EXPECT_TRUE(violations.empty());
}

TEST(CheckEnumTest, RefusesUnknownNumbersNamingTheAllowedValues) {
  status::FieldViolations violations;
  CheckEnum<Field::Cardinality>(77, "cardinality", Presence::kOptional, violations);
  EXPECT_EQ(OnlyViolation(violations),
            "cardinality: 77 is not a known Cardinality; use one of CARDINALITY_OPTIONAL, "
            "CARDINALITY_REQUIRED or CARDINALITY_REPEATED");
}

TEST(CheckEnumTest, RefusesNegativeNumbers) {
  status::FieldViolations violations;
  CheckEnum<Field::Cardinality>(-1, "cardinality", Presence::kOptional, violations);
  EXPECT_EQ(violations.size(), 1u);
}

TEST(CheckEnumTest, RefusesTheZeroValueWhenRequired) {
  status::FieldViolations violations;
  CheckEnum<Field::Cardinality>(0, "cardinality", Presence::kRequired, violations);
  EXPECT_EQ(OnlyViolation(violations),
            "cardinality: required; use one of CARDINALITY_OPTIONAL, CARDINALITY_REQUIRED or "
            "CARDINALITY_REPEATED");
}

TEST(CheckEnumInTest, RefusesKnownValuesOutsideTheAllowedOnes) {
  status::FieldViolations violations;
  CheckEnumIn<Field::Cardinality>(Field::CARDINALITY_REQUIRED,
                                  {Field::CARDINALITY_OPTIONAL, Field::CARDINALITY_REPEATED},
                                  "cardinality", Presence::kRequired, violations);
  EXPECT_EQ(OnlyViolation(violations),
            "cardinality: CARDINALITY_REQUIRED is not accepted here; use one of "
            "CARDINALITY_OPTIONAL or CARDINALITY_REPEATED");
}

TEST(CheckEnumInTest, AcceptsListedValuesAndSaysUseForOne) {
  status::FieldViolations violations;
  CheckEnumIn<Field::Cardinality>(Field::CARDINALITY_OPTIONAL, {Field::CARDINALITY_OPTIONAL},
                                  "cardinality", Presence::kRequired, violations);
  EXPECT_TRUE(violations.empty());
  CheckEnumIn<Field::Cardinality>(9, {Field::CARDINALITY_OPTIONAL}, "cardinality",
                                  Presence::kRequired, violations);
  EXPECT_EQ(OnlyViolation(violations),
            "cardinality: 9 is not a known Cardinality; use CARDINALITY_OPTIONAL");
}

TEST(EnumNamesTest, ListsNonZeroNames) {
  EXPECT_EQ(EnumNames(*google::protobuf::GetEnumDescriptor<Field::Cardinality>()),
            "CARDINALITY_OPTIONAL, CARDINALITY_REQUIRED or CARDINALITY_REPEATED");
}

}  // namespace
}  // namespace crm::validation
