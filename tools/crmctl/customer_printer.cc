#include "tools/crmctl/customer_printer.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/display_width.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;

std::string TeamMember(const v1::AccountTeamMember& member) {
  std::string text = member.org_unit();
  if (!member.user().empty()) crm::StrAppend(&text, " ", member.user());
  crm::StrAppend(&text, " (", member.role(), ")");
  return text;
}

// "customers/C" -> "customer", "customers/C/contacts/K" -> "contact K".
std::string HistoryResource(const std::string& resource) {
  if (resource.find("/contacts/") == std::string::npos) return "customer";
  return crm::StrCat("contact ", LastSegment(resource));
}

}  // namespace

void PrintCustomer(const v1::Customer& customer, std::ostream& out) {
  RecordPrinter record;
  AddCustomerFields(customer, &record);
  record.Print(out);
}

void AddCustomerFields(const v1::Customer& customer, RecordPrinter* record) {
  record->Add("name", customer.name());
  record->Add("display_name", customer.display_name());
  record->Add("legal_name", customer.legal_name());
  record->Add("short_name", customer.short_name());
  record->Add("uscc", customer.uscc());
  record->Add("industry", customer.industry());
  record->Add("region", customer.region());
  record->Add("ownership_type", OwnershipTypeName(customer.ownership_type()));
  record->Add("size_band", SizeBandName(customer.size_band()));
  record->Add("state", CustomerStateName(customer.state()));
  record->Add("owner_org_unit", customer.owner_org_unit());
  std::vector<std::string> team;
  for (const auto& member : customer.account_team()) {
    team.push_back(TeamMember(member));
  }
  record->AddList("account_team", std::move(team));
  record->Add("tags", absl::StrJoin(customer.tags(), ", "));
  std::vector<std::string> references;
  for (const auto& reference : customer.external_references()) {
    references.push_back(crm::StrCat(reference.source_system(), ":", reference.source_id()));
  }
  record->AddList("external_references", std::move(references));
  record->Add("data_completeness", crm::StrCat(customer.data_completeness(), "%"));
  record->Add("create_time", FormatTimestamp(customer.create_time()));
  record->Add("update_time", FormatTimestamp(customer.update_time()));
  if (customer.has_delete_time()) {
    record->Add("delete_time", FormatTimestamp(customer.delete_time()));
  }
  record->Add("etag", customer.etag());
}

void PrintCustomerTable(const google::protobuf::RepeatedPtrField<v1::Customer>& customers,
                        std::ostream& out) {
  TablePrinter table(
      {"ID", "DISPLAY_NAME", "USCC", "INDUSTRY", "REGION", "OWNER", "STATE", "COMPLETENESS"});
  for (const auto& customer : customers) {
    table.AddRow({LastSegment(customer.name()), customer.display_name(), customer.uscc(),
                  customer.industry(), customer.region(),
                  WithoutPrefix(customer.owner_org_unit(), "orgUnits/"),
                  CustomerStateName(customer.state()),
                  crm::StrCat(customer.data_completeness(), "%")});
  }
  table.Print(out);
}

void PrintHistoryTable(const google::protobuf::RepeatedPtrField<v1::HistoryEntry>& entries,
                       std::ostream& out) {
  TablePrinter table({"TIME", "ACTOR", "METHOD", "RESOURCE", "FIELD", "OLD", "NEW"});
  for (const auto& entry : entries) {
    // The same USER@ORGUNIT form --as takes.
    std::string actor = WithoutPrefix(entry.actor(), "users/");
    if (!entry.actor_org_unit().empty()) {
      crm::StrAppend(&actor, "@", WithoutPrefix(entry.actor_org_unit(), "orgUnits/"));
    }
    table.AddRow({FormatTimestamp(entry.time()), actor, entry.method(),
                  HistoryResource(entry.resource()), entry.field(), entry.old_value(),
                  entry.new_value()});
  }
  table.Print(out);
}

void PrintDuplicateTable(const google::protobuf::RepeatedPtrField<v1::DuplicateMatch>& matches,
                         std::ostream& out) {
  TablePrinter table({"SCORE", "RELATION", "CUSTOMER", "LEGAL_NAME", "USCC", "OWNER", "REASONS"});
  for (const auto& match : matches) {
    std::vector<std::string> reasons;
    for (const int reason : match.reasons()) {
      reasons.push_back(DuplicateReasonName(static_cast<v1::DuplicateMatch::Reason>(reason)));
    }
    table.AddRow({FormatDecimal(match.score(), 2), DuplicateRelationName(match.relation()),
                  LastSegment(match.customer()), match.legal_name(), match.uscc(),
                  WithoutPrefix(match.owner_org_unit(), "orgUnits/"),
                  absl::StrJoin(reasons, ", ")});
  }
  table.Print(out);
}

TableStream ChangeTable() {
  return TableStream({"TIME", "TYPE", "CUSTOMER", "VERSION", "EVENT_ID"});
}

void PrintChangeRows(const google::protobuf::RepeatedPtrField<v1::CustomerChange>& changes,
                     TableStream* table, std::ostream& out) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& change : changes) {
    std::string type = CustomerChangeTypeName(change.type());
    if (!change.merged_into().empty()) {  // merged, unmerged: with the survivor
      type += crm::StrCat(change.type() == v1::CustomerChange::MERGED ? " into " : " from ",
                          LastSegment(change.merged_into()));
    }
    rows.push_back({FormatTimestamp(change.time()), std::move(type), LastSegment(change.customer()),
                    crm::StrCat(change.version()), change.event_id()});
  }
  table->Print(std::move(rows), out);
}

void PrintPossibleDuplicatesWarning(const v1::Customer& created, std::ostream& err) {
  const int count = created.possible_duplicates_size();
  if (count == 0) return;
  const std::string id = created.name().empty() ? "ID" : SingleLine(LastSegment(created.name()));
  err << "warning: " << count << (count == 1 ? " possible duplicate: " : " possible duplicates: ")
      << SingleLine(absl::StrJoin(created.possible_duplicates(), ", "))
      << "; see `crmctl customer duplicates " << id << "`\n";
}

}  // namespace crm::crmctl
