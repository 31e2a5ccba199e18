#include "tools/crmctl/merge_requests.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;

// "Legal-Name" -> "legal_name", as the flags spell field names.
std::string FieldName(std::string_view text) {
  std::string field(text);
  std::replace(field.begin(), field.end(), '-', '_');
  absl::AsciiStrToLower(&field);
  return field;
}

// --keep FIELD=ID as an override whose source is one of `customers`.
absl::StatusOr<v1::FieldOverride> ParseKeep(const std::string& text,
                                            const std::vector<std::string>& customers) {
  const std::string flag = crm::StrCat("--keep \"", text, "\": ");
  const size_t equals = text.find('=');
  if (equals == std::string::npos) {
    return UsageError(
        crm::StrCat(flag, "give FIELD=ID, e.g. --keep uscc=", LastSegment(customers.back())));
  }
  const std::string field = FieldName(std::string_view(text).substr(0, equals));
  const std::vector<std::string>& fields = MergeableFields();
  if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
    return UsageError(crm::StrCat(flag, "FIELD is one of ", absl::StrJoin(fields, ", ")));
  }
  absl::StatusOr<std::string> source = CustomerName(std::string_view(text).substr(equals + 1));
  if (!source.ok()) {
    return UsageError(crm::StrCat(flag, source.status().message()));
  }
  if (std::find(customers.begin(), customers.end(), *source) == customers.end()) {
    return UsageError(crm::StrCat(flag, "ID must be the survivor or one of the customers merged: ",
                                  absl::StrJoin(customers, ", ")));
  }
  v1::FieldOverride keep;
  keep.set_field(field);
  keep.set_source(*std::move(source));
  return keep;
}

}  // namespace

const std::vector<std::string>& MergeableFields() {
  static const std::vector<std::string> kFields = {"display_name",   "legal_name", "short_name",
                                                   "uscc",           "industry",   "region",
                                                   "ownership_type", "size_band"};
  return kFields;
}

absl::StatusOr<v1::MergeCustomersRequest> BuildMergeCustomersRequest(const Invocation& invocation) {
  // The survivor first, as on the command line.
  std::vector<std::string> customers;
  for (const std::string& arg : invocation.args) {
    absl::StatusOr<std::string> name = CustomerName(arg);
    if (!name.ok()) return name.status();
    customers.push_back(*std::move(name));
  }
  if (customers.size() < 2) {
    return UsageError("give the survivor and at least one customer to merge");
  }
  v1::MergeCustomersRequest request;
  request.set_survivor(customers.front());
  for (size_t i = 1; i < customers.size(); ++i) {
    request.add_merged(customers[i]);
  }
  for (const std::string& text : invocation.flags.GetAll("keep")) {
    absl::StatusOr<v1::FieldOverride> keep = ParseKeep(text, customers);
    if (!keep.ok()) return keep.status();
    for (const v1::FieldOverride& earlier : request.field_overrides()) {
      if (earlier.field() == keep->field()) {
        return UsageError(
            crm::StrCat("--keep: ", keep->field(), " is given twice; keep one value"));
      }
    }
    *request.add_field_overrides() = *std::move(keep);
  }
  request.set_etag(invocation.flags.Get("etag").value_or(""));
  request.set_validate_only(invocation.flags.IsOn("dry-run"));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::UnmergeCustomerRequest> BuildUnmergeCustomerRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = CustomerName(invocation.args.at(0));
  if (!name.ok()) return name.status();
  v1::UnmergeCustomerRequest request;
  request.set_name(*std::move(name));
  request.set_request_id(invocation.options.request_id);
  return request;
}

}  // namespace crm::crmctl
