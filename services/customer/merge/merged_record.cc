#include "services/customer/merge/merged_record.h"

#include <algorithm>

#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/customer_diff.h"
#include "services/customer/core/customer_fields.h"
#include "services/customer/rules/survivorship.h"

namespace crm::customer {
namespace {

constexpr int kMaxTags = 20;

bool SameMember(const v1::AccountTeamMember& a, const v1::AccountTeamMember& b) {
  return a.org_unit() == b.org_unit() && a.user() == b.user();
}

bool SameReference(const v1::ExternalReference& a, const v1::ExternalReference& b) {
  return a.source_system() == b.source_system() && a.source_id() == b.source_id();
}

template <typename List, typename Item, typename Same>
bool Holds(const List& list, const Item& item, Same same) {
  return std::any_of(list.begin(), list.end(), [&](const Item& x) { return same(x, item); });
}

template <typename List, typename Keep>
void RemoveIf(List* list, Keep remove) {
  for (int i = list->size() - 1; i >= 0; --i) {
    if (remove(list->Get(i))) list->DeleteSubrange(i, 1);
  }
}

std::vector<std::string> SourceSystems(const v1::Customer& customer) {
  std::vector<std::string> systems;
  for (const auto& reference : customer.external_references()) {
    systems.push_back(reference.source_system());
  }
  return systems;
}

// The former owner's membership a merge adds, or nullopt when there is none.
std::optional<v1::AccountTeamMember> FormerOwnerMember(const v1::Customer& survivor,
                                                       const v1::Customer& merged) {
  if (merged.owner_org_unit() == survivor.owner_org_unit()) return std::nullopt;
  v1::AccountTeamMember member;
  member.set_org_unit(merged.owner_org_unit());
  member.set_role(kFormerOwnerRole);
  return member;
}

}  // namespace

const std::vector<std::string>& MergeableFields() {
  static const std::vector<std::string> kFields = CustomerFieldNames(CustomerField::kMergeable);
  return kFields;
}

std::string FieldValue(const std::string& field, const v1::Customer& customer) {
  const CustomerField* known = FindCustomerField(field);
  return known != nullptr && known->is_set(customer) ? known->text(customer) : "";
}

absl::StatusOr<MergedRecord> BuildMergedRecord(
    const std::vector<v1::Customer>& records, const std::vector<std::string>& trusted_sources,
    const absl::flat_hash_map<std::string, int>& overrides) {
  MergedRecord result;
  result.customer = records[0];
  result.fields_won.resize(records.size() - 1);
  std::vector<FieldCandidate> candidates;
  for (const v1::Customer& record : records) {
    FieldCandidate& candidate = candidates.emplace_back();
    if (auto trusted = MostTrustedSource(SourceSystems(record), trusted_sources)) {
      candidate.trust_rank = trusted->first;
      candidate.trusted_source = trusted->second;
    }
    candidate.update_micros =
        record.update_time().seconds() * 1'000'000 + record.update_time().nanos() / 1000;
  }
  for (const std::string& field : MergeableFields()) {
    for (size_t i = 0; i < records.size(); ++i) candidates[i].value = FieldValue(field, records[i]);
    std::optional<int> override_candidate;
    if (auto it = overrides.find(field); it != overrides.end()) override_candidate = it->second;
    const FieldWinner winner = ChooseFieldWinner(candidates, override_candidate);
    ApplyCustomerPaths(records[winner.candidate], {field}, result.customer);
    v1::FieldSource& source = result.sources.emplace_back();
    source.set_field(field);
    source.set_source(records[winner.candidate].name());
    source.set_reason(winner.reason);
    if (winner.candidate > 0) result.fields_won[winner.candidate - 1].push_back(field);
  }
  v1::Customer& merged = result.customer;
  for (size_t i = 1; i < records.size(); ++i) {
    for (const std::string& tag : records[i].tags()) {
      if (std::find(merged.tags().begin(), merged.tags().end(), tag) == merged.tags().end()) {
        merged.add_tags(tag);
      }
    }
    for (const auto& member : records[i].account_team()) {
      if (!Holds(merged.account_team(), member, SameMember)) *merged.add_account_team() = member;
    }
    if (auto former = FormerOwnerMember(records[0], records[i]);
        former.has_value() && !Holds(merged.account_team(), *former, SameMember)) {
      *merged.add_account_team() = *former;
    }
    for (const auto& reference : records[i].external_references()) {
      if (!Holds(merged.external_references(), reference, SameReference)) {
        *merged.add_external_references() = reference;
      }
    }
  }
  if (merged.tags_size() > kMaxTags) {
    return status::Error(
        absl::StatusCode::kFailedPrecondition, "customer.crm", "TOO_MANY_TAGS",
        crm::StrCat("tags: the merged record would have ", merged.tags_size(), " tags, at most ",
                    kMaxTags, " are allowed; remove some before merging"),
        {{"tags", crm::StrCat(merged.tags_size())}});
  }
  return result;
}

v1::Customer SurvivorAfterUnmerge(const v1::Customer& current,
                                  const MergeContribution& contribution) {
  v1::Customer survivor = current;
  for (const std::string& field : contribution.fields_won) {
    if (FieldValue(field, current) == FieldValue(field, contribution.survivor_after)) {
      ApplyCustomerPaths(contribution.survivor_before, {field}, survivor);
    }
  }
  const v1::Customer& before = contribution.survivor_before;
  const v1::Customer& merged = contribution.merged_before;
  RemoveIf(survivor.mutable_tags(), [&](const std::string& tag) {
    return std::find(merged.tags().begin(), merged.tags().end(), tag) != merged.tags().end() &&
           std::find(before.tags().begin(), before.tags().end(), tag) == before.tags().end();
  });
  std::optional<v1::AccountTeamMember> former = FormerOwnerMember(before, merged);
  RemoveIf(survivor.mutable_account_team(), [&](const v1::AccountTeamMember& member) {
    const bool brought = Holds(merged.account_team(), member, SameMember) ||
                         (former.has_value() && SameMember(*former, member));
    return brought && !Holds(before.account_team(), member, SameMember);
  });
  RemoveIf(survivor.mutable_external_references(), [&](const v1::ExternalReference& reference) {
    return Holds(merged.external_references(), reference, SameReference);
  });
  return survivor;
}

}  // namespace crm::customer
