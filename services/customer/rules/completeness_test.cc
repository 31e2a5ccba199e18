#include "services/customer/rules/completeness.h"

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

CompletenessInput Everything() {
  CompletenessInput input;
  input.has_legal_name = true;
  input.has_uscc = true;
  input.has_industry = true;
  input.has_region = true;
  input.has_ownership_type = true;
  input.has_size_band = true;
  input.has_owner_org_unit = true;
  input.has_short_name = true;
  input.active_contacts = 3;
  input.has_decision_maker_contact = true;
  return input;
}

TEST(CompletenessTest, DefaultWeightsAddUpToOneHundred) {
  const CompletenessWeights& w = kDefaultCompletenessWeights;
  EXPECT_EQ(w.legal_name + w.uscc + w.industry + w.region + w.owner_org_unit + w.ownership_type +
                w.size_band + w.short_name + w.active_contact + w.decision_maker_contact,
            100);
}

TEST(CompletenessTest, AllAndNothing) {
  EXPECT_EQ(DataCompleteness(Everything()), 100);
  EXPECT_EQ(DataCompleteness(CompletenessInput{}), 0);
}

TEST(CompletenessTest, RecordWithoutContacts) {
  CompletenessInput input = Everything();
  input.active_contacts = 0;
  input.has_decision_maker_contact = false;
  EXPECT_EQ(DataCompleteness(input), 75);
}

TEST(CompletenessTest, IdentityWeighsMoreThanDescriptiveFields) {
  CompletenessInput with_uscc;
  with_uscc.has_uscc = true;
  CompletenessInput with_size;
  with_size.has_size_band = true;
  EXPECT_EQ(DataCompleteness(with_uscc), 15);
  EXPECT_EQ(DataCompleteness(with_size), 5);
}

TEST(CompletenessTest, ContactsCountOnceTheyExist) {
  CompletenessInput one;
  one.active_contacts = 1;
  CompletenessInput many;
  many.active_contacts = 40;
  CompletenessInput negative;
  negative.active_contacts = -1;
  EXPECT_EQ(DataCompleteness(one), 15);
  EXPECT_EQ(DataCompleteness(many), 15);
  EXPECT_EQ(DataCompleteness(negative), 0);
}

TEST(CompletenessTest, CustomWeightsRoundHalfUp) {
  CompletenessWeights weights;
  weights = CompletenessWeights{1, 1, 1, 0, 0, 0, 0, 0, 0, 0};  // three items
  CompletenessInput input;
  input.has_legal_name = true;
  EXPECT_EQ(DataCompleteness(input, weights), 33);  // 33.3
  input.has_uscc = true;
  EXPECT_EQ(DataCompleteness(input, weights), 67);  // 66.7
  input.has_industry = true;
  EXPECT_EQ(DataCompleteness(input, weights), 100);

  weights = CompletenessWeights{1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
  CompletenessInput half;
  half.has_legal_name = true;
  EXPECT_EQ(DataCompleteness(half, weights), 50);
}

TEST(CompletenessTest, DegenerateWeights) {
  const CompletenessWeights zero{0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(DataCompleteness(Everything(), zero), 0);
  CompletenessWeights negative;
  negative.uscc = -50;  // ignored, not subtracted
  CompletenessInput input = Everything();
  EXPECT_EQ(DataCompleteness(input, negative), 100);
  input.has_uscc = false;
  EXPECT_EQ(DataCompleteness(input, negative), 100);
}

}  // namespace
}  // namespace crm::customer
