#include "tools/crmctl/contract_values.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/money_text.h"
#include "tools/crmctl/opportunity_values.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::contract::v1;

constexpr std::string_view kSha256 = "sha256";

std::string Quoted(std::string_view text) { return crm::StrCat("\"", std::string(text), "\""); }

}  // namespace

absl::StatusOr<v1::PaymentMilestone> ParseMilestone(std::string_view text,
                                                    std::string_view currency_code) {
  const std::vector<std::string> parts = absl::StrSplit(crm::ToAbsl(text), absl::MaxSplits(':', 2));
  if (parts.size() < 2 || parts[0].empty() || parts[1].empty()) {
    return FlagError("milestone", crm::StrCat(Quoted(text),
                                              " is not DUE_DATE:AMOUNT[:DESCRIPTION], e.g. "
                                              "2027-03-31:525000.00:签约款"));
  }
  absl::StatusOr<common::v1::Date> due = ParseDateFlag(parts[0], "milestone");
  if (!due.ok()) return due.status();
  absl::StatusOr<common::v1::Money> amount = ParseMoney(parts[1], currency_code);
  if (!amount.ok()) {
    return FlagError("milestone",
                     crm::StrCat(Quoted(text), ": amount ", amount.status().message()));
  }
  v1::PaymentMilestone milestone;
  *milestone.mutable_due_date() = *due;
  *milestone.mutable_amount() = *std::move(amount);
  if (parts.size() == 3) milestone.set_description(parts[2]);
  return milestone;
}

absl::StatusOr<v1::Attachment> ParseAttachment(std::string_view text) {
  // NAME : URI (which has colons of its own) : sha256 : HEX.
  const size_t first = text.find(':');
  const size_t last = text.rfind(':');
  const size_t algorithm = last == std::string_view::npos || last == 0 ? std::string_view::npos
                                                                       : text.rfind(':', last - 1);
  if (first == std::string_view::npos || first == 0 || algorithm == std::string_view::npos ||
      algorithm <= first + 1 || text.substr(algorithm + 1, last - algorithm - 1) != kSha256 ||
      last + 1 == text.size()) {
    return FlagError("attachment",
                     crm::StrCat(Quoted(text),
                                 " is not NAME:URI:sha256:HEX, e.g. "
                                 "signed.pdf:https://files.example.com/signed.pdf:sha256:9f86d0…"));
  }
  v1::Attachment attachment;
  attachment.set_display_name(std::string(text.substr(0, first)));
  attachment.set_uri(std::string(text.substr(first + 1, algorithm - first - 1)));
  attachment.set_checksum(std::string(text.substr(algorithm + 1)));
  return attachment;
}

absl::StatusOr<v1::ReceiptAllocation> ParseAllocation(std::string_view text,
                                                      std::string_view currency_code) {
  const std::vector<std::string> parts = absl::StrSplit(crm::ToAbsl(text), ':');
  int32_t sequence = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &sequence) || sequence < 1) {
    return FlagError("allocate", crm::StrCat(Quoted(text),
                                             " is not MILESTONE_SEQUENCE:AMOUNT, e.g. "
                                             "2:200000.00 (milestones count from 1)"));
  }
  absl::StatusOr<common::v1::Money> amount = ParseMoney(parts[1], currency_code);
  if (!amount.ok()) {
    return FlagError("allocate", crm::StrCat(Quoted(text), ": amount ", amount.status().message()));
  }
  v1::ReceiptAllocation allocation;
  allocation.set_milestone_sequence(sequence);
  *allocation.mutable_amount() = *std::move(amount);
  return allocation;
}

absl::StatusOr<v1::ApprovalRule> ParseApprovalRule(std::string_view text,
                                                   std::string_view currency_code) {
  const std::vector<std::string> parts = absl::StrSplit(crm::ToAbsl(text), ':');
  if (parts.size() > 2 || parts[0].empty()) {
    return FlagError("rule", crm::StrCat(Quoted(text),
                                         " is not ROLE[:ABOVE], e.g. finance:1000000 "
                                         "(roles legal, finance, hq_admin)"));
  }
  v1::ApprovalRule rule;
  rule.set_role(parts[0]);
  absl::StatusOr<common::v1::Money> above =
      ParseMoney(parts.size() == 2 ? parts[1] : "0", currency_code);
  if (!above.ok()) {
    return FlagError("rule", crm::StrCat(Quoted(text), ": threshold ", above.status().message()));
  }
  *rule.mutable_above() = *std::move(above);
  return rule;
}

}  // namespace crm::crmctl
