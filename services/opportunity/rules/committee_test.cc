#include "services/opportunity/rules/committee.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/violations_for_test.h"
#include "libs/strings/str_cat.h"

namespace crm::opportunity {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Role = v1::CommitteeMember;

constexpr char kField[] = "opportunity.buying_committee";

std::string Contact(int n) {
  return crm::StrCat("customers/0b7f3c2e-8d4a-4e1b-9c6f-2a5d8e1f4b70/contacts/",
                     "5e0c1d2a-3b4c-4d5e-8f60-7182930000", n < 10 ? "0" : "", n);
}

v1::CommitteeMember Member(std::string contact, v1::CommitteeMember::DecisionRole role,
                           int influence = 3) {
  v1::CommitteeMember member;
  member.set_contact(std::move(contact));
  member.set_role(role);
  member.set_stance(v1::CommitteeMember::SUPPORTER);
  member.set_influence(influence);
  return member;
}

std::vector<std::string> Problems(const CommitteeMembers& members) {
  status::FieldViolations violations;
  ValidateCommittee(members, kField, violations);
  return status::testing::Descriptions(violations);
}

TEST(ValidateCommitteeTest, AcceptsAnOrdinaryCommittee) {
  CommitteeMembers members;
  *members.Add() = Member(Contact(1), Role::DECISION_MAKER, 5);
  *members.Add() = Member(Contact(2), Role::CHAMPION, 0);  // 0: not assessed
  *members.Add() = Member(Contact(3), Role::VETO_HOLDER, 1);
  members.Mutable(2)->set_stance(v1::CommitteeMember::STANCE_UNSPECIFIED);
  EXPECT_THAT(Problems(members), IsEmpty());
  EXPECT_THAT(Problems(CommitteeMembers()), IsEmpty());
}

TEST(ValidateCommitteeTest, EveryMemberProblemAtOnce) {
  CommitteeMembers members;
  *members.Add() = Member("customers/x/contacts/y", Role::DECISION_ROLE_UNSPECIFIED, 6);
  *members.Add() = Member(Contact(1), static_cast<Role::DecisionRole>(9), -1);
  members.Mutable(1)->set_stance(static_cast<Role::Stance>(7));
  status::FieldViolations violations;
  ValidateCommittee(members, kField, violations);
  EXPECT_THAT(
      status::testing::Fields(violations),
      ElementsAre("opportunity.buying_committee[0].contact", "opportunity.buying_committee[0].role",
                  "opportunity.buying_committee[0].influence",
                  "opportunity.buying_committee[1].role", "opportunity.buying_committee[1].stance",
                  "opportunity.buying_committee[1].influence"));
  const std::vector<std::string> descriptions = status::testing::Descriptions(violations);
  EXPECT_EQ(descriptions[0],
            "opportunity.buying_committee[0].contact: 'customers/x/contacts/y' is not a contact "
            "name like customers/{uuid}/contacts/{uuid}");
  EXPECT_EQ(descriptions[1],
            "opportunity.buying_committee[0].role: required; use one of DECISION_MAKER, "
            "CHAMPION, USER, VETO_HOLDER or INFLUENCER");
  EXPECT_EQ(descriptions[2], "opportunity.buying_committee[0].influence: 6 is above 5");
  EXPECT_EQ(descriptions[5], "opportunity.buying_committee[1].influence: -1 is below 0");
}

TEST(ValidateCommitteeTest, AContactOnlyOnceWhateverItsCase) {
  CommitteeMembers members;
  *members.Add() = Member(Contact(1), Role::DECISION_MAKER);
  *members.Add() = Member(Contact(2), Role::USER);
  std::string shouting = Contact(1);
  for (char& c : shouting) c = (c >= 'a' && c <= 'f') ? static_cast<char>(c - 32) : c;
  shouting.replace(0, 10, "customers/");  // keep the collection name lower case
  shouting.replace(46, 10, "/contacts/");
  *members.Add() = Member(shouting, Role::INFLUENCER);
  EXPECT_THAT(Problems(members),
              ElementsAre("opportunity.buying_committee[2].contact: " + Contact(1) +
                          " is already in the committee at opportunity.buying_committee[0]; "
                          "give each contact once"));
}

TEST(ValidateCommitteeTest, AtMostFiftyMembers) {
  CommitteeMembers members;
  for (int i = 0; i < 50; ++i) *members.Add() = Member(Contact(i), Role::USER);
  EXPECT_THAT(Problems(members), IsEmpty());
  *members.Add() = Member(Contact(50), Role::USER);
  EXPECT_THAT(Problems(members),
              ElementsAre("opportunity.buying_committee: 51 values given; at most 50"));
}

TEST(HasDecisionMakerTest, LooksForTheRole) {
  CommitteeMembers members;
  EXPECT_FALSE(HasDecisionMaker(members));
  *members.Add() = Member(Contact(1), Role::CHAMPION);
  *members.Add() = Member(Contact(2), Role::VETO_HOLDER);
  EXPECT_FALSE(HasDecisionMaker(members));
  *members.Add() = Member(Contact(3), Role::DECISION_MAKER);
  EXPECT_TRUE(HasDecisionMaker(members));
}

}  // namespace
}  // namespace crm::opportunity
