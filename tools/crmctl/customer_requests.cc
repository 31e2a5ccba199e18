#include "tools/crmctl/customer_requests.h"

#include <cmath>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/usage_error.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;

using Values = std::vector<std::string>;

// One customer field a flag sets. `apply` sees every value given (one for a
// single flag), never none.
struct CustomerField {
  FlagSpec flag;
  std::string mask_path;  // empty: never in an update mask
  absl::Status (*apply)(const Values& values, v1::Customer* customer);
};

const std::vector<CustomerField>& CustomerFields() {
  static const std::vector<CustomerField> kFields = {
      {{"legal-name", "NAME", "registered full legal name (法定全称)"},
       "legal_name",
       [](const Values& v, v1::Customer* c) {
         c->set_legal_name(v.back());
         return absl::OkStatus();
       }},
      {{"display-name", "NAME", "name shown in lists (default: legal name)"},
       "display_name",
       [](const Values& v, v1::Customer* c) {
         c->set_display_name(v.back());
         return absl::OkStatus();
       }},
      {{"short-name", "NAME", "common short name (简称)"},
       "short_name",
       [](const Values& v, v1::Customer* c) {
         c->set_short_name(v.back());
         return absl::OkStatus();
       }},
      {{"uscc", "CODE", "unified social credit code, 18 characters"},
       "uscc",
       [](const Values& v, v1::Customer* c) {
         c->set_uscc(v.back());
         return absl::OkStatus();
       }},
      {{"industry", "SECTION", "GB/T 4754 section letter A-T, e.g. C"},
       "industry",
       [](const Values& v, v1::Customer* c) {
         c->set_industry(v.back());
         return absl::OkStatus();
       }},
      {{"region", "CODE", "GB/T 2260 division code, e.g. 310115"},
       "region",
       [](const Values& v, v1::Customer* c) {
         c->set_region(v.back());
         return absl::OkStatus();
       }},
      {{"ownership", "TYPE", OwnershipTypeChoices()},
       "ownership_type",
       [](const Values& v, v1::Customer* c) {
         absl::StatusOr<v1::OwnershipType> type = ParseOwnershipType(v.back());
         if (!type.ok()) return type.status();
         c->set_ownership_type(*type);
         return absl::OkStatus();
       }},
      {{"size", "BAND", SizeBandChoices()},
       "size_band",
       [](const Values& v, v1::Customer* c) {
         absl::StatusOr<v1::SizeBand> band = ParseSizeBand(v.back());
         if (!band.ok()) return band.status();
         c->set_size_band(*band);
         return absl::OkStatus();
       }},
      {{"tag", "TAG", "a tag; repeat for more; on update replaces all tags",
        /*repeated=*/true},
       "tags",
       [](const Values& v, v1::Customer* c) {
         for (const std::string& tag : v) {
           if (!tag.empty()) c->add_tags(tag);
         }
         return absl::OkStatus();
       }},
      {{"ref", "SYSTEM:ID",
        "id in a source system, e.g. erp-sap:C-100234; repeat for more; on "
        "update replaces all references",
        /*repeated=*/true},
       "external_references",
       [](const Values& v, v1::Customer* c) {
         for (const std::string& text : v) {
           if (text.empty()) continue;
           absl::StatusOr<v1::ExternalReference> reference = ParseExternalReference(text);
           if (!reference.ok()) return reference.status();
           *c->add_external_references() = *std::move(reference);
         }
         return absl::OkStatus();
       }},
      {{"owner", "ORGUNIT", "owner org unit (default: your own)"},
       "",
       [](const Values& v, v1::Customer* c) {
         if (!v.back().empty()) c->set_owner_org_unit(OrgUnitName(v.back()));
         return absl::OkStatus();
       }},
  };
  return kFields;
}

bool InSet(const CustomerField& field, CustomerFieldSet set) {
  if (field.flag.name == "ref") return set.references;
  if (field.flag.name == "owner") return set.owner;
  return true;
}

absl::StatusOr<std::string> NameArgument(const Invocation& invocation) {
  return CustomerName(invocation.args.at(0));
}

std::string FieldFlagList(CustomerFieldSet set) {
  std::vector<std::string> names;
  for (const CustomerField& field : CustomerFields()) {
    if (InSet(field, set) && !field.mask_path.empty()) {
      names.push_back(crm::StrCat("--", field.flag.name));
    }
  }
  return absl::StrJoin(names, ", ");
}

// The server's limits of SearchDuplicatesRequest.max_results and min_score.
constexpr int32_t kMaxDuplicateResults = 50;
constexpr double kMinDuplicateScore = 0.01;

absl::Status ParseMaxResults(const FlagValues& flags, int32_t* max_results) {
  *max_results = 0;
  const std::optional<std::string> text = flags.Get("max");
  if (!text.has_value()) return absl::OkStatus();
  if (!absl::SimpleAtoi(*text, max_results) || *max_results < 1 ||
      *max_results > kMaxDuplicateResults) {
    return UsageError(
        crm::StrCat("--max: \"", *text, "\" is not a number from 1 to ", kMaxDuplicateResults));
  }
  return absl::OkStatus();
}

absl::Status ParseMinScore(const FlagValues& flags, double* min_score) {
  *min_score = 0;
  const std::optional<std::string> text = flags.Get("min-score");
  if (!text.has_value()) return absl::OkStatus();
  if (!absl::SimpleAtod(*text, min_score) || !std::isfinite(*min_score) ||
      *min_score < kMinDuplicateScore || *min_score > 1) {
    return UsageError(crm::StrCat("--min-score: \"", *text,
                                  "\" is not a score from 0.01 to 1, e.g. "
                                  "0.8"));
  }
  return absl::OkStatus();
}

// --since TIME as a timestamp.
absl::Status ParseSince(const std::string& text, google::protobuf::Timestamp* start_time) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error) || time < absl::UnixEpoch()) {
    return UsageError(crm::StrCat("--since: \"", text,
                                  "\" is not an RFC 3339 time, e.g. 2024-05-06T09:30:00+08:00"));
  }
  const int64_t seconds = absl::ToUnixSeconds(time);
  start_time->set_seconds(seconds);
  start_time->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return absl::OkStatus();
}

absl::Status ParseLimit(const FlagValues& flags, int64_t* limit) {
  *limit = 0;
  const std::optional<std::string> text = flags.Get("limit");
  if (!text.has_value()) return absl::OkStatus();
  if (!absl::SimpleAtoi(*text, limit) || *limit < 1) {
    return UsageError(crm::StrCat("--limit: \"", *text, "\" is not a number from 1 up"));
  }
  return absl::OkStatus();
}

absl::Status ParsePollInterval(const FlagValues& flags, absl::Duration* interval) {
  const std::optional<std::string> text = flags.Get("poll-interval");
  if (!text.has_value()) return absl::OkStatus();
  int64_t seconds = 0;
  // A bare number means seconds, as for --timeout.
  if (absl::SimpleAtoi(*text, &seconds)) {
    *interval = absl::Seconds(seconds);
  } else if (!absl::ParseDuration(*text, interval)) {
    return UsageError(
        crm::StrCat("--poll-interval: \"", *text, "\" is not a duration, e.g. 2s, 1m, 500ms"));
  }
  if (*interval <= absl::ZeroDuration()) {
    return UsageError("--poll-interval must be positive");
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<FlagSpec> CustomerFieldFlags(CustomerFieldSet set) {
  std::vector<FlagSpec> flags;
  for (const CustomerField& field : CustomerFields()) {
    if (InSet(field, set)) flags.push_back(field.flag);
  }
  return flags;
}

absl::Status ApplyCustomerFields(const FlagValues& flags, CustomerFieldSet set,
                                 v1::Customer* customer, google::protobuf::FieldMask* mask) {
  for (const CustomerField& field : CustomerFields()) {
    if (!InSet(field, set) || !flags.Has(field.flag.name)) continue;
    absl::Status status = field.apply(flags.GetAll(field.flag.name), customer);
    if (!status.ok()) return status;
    if (mask != nullptr && !field.mask_path.empty()) {
      mask->add_paths(field.mask_path);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CreateCustomerRequest> BuildCreateCustomerRequest(const Invocation& invocation) {
  if (invocation.flags.Get("legal-name").value_or("").empty()) {
    return UsageError("--legal-name is required");
  }
  v1::CreateCustomerRequest request;
  absl::Status status = ApplyCustomerFields(invocation.flags, {.references = true, .owner = true},
                                            request.mutable_customer(), nullptr);
  if (!status.ok()) return status;
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::GetCustomerRequest> BuildGetCustomerRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::GetCustomerRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<v1::ListCustomersRequest> BuildListCustomersRequest(const Invocation& invocation) {
  v1::ListCustomersRequest request;
  int32_t page_size = 0;
  absl::Status status = ParsePageSize(invocation.flags, &page_size);
  if (!status.ok()) return status;
  request.set_page_size(page_size);
  request.set_page_token(invocation.flags.Get("page-token").value_or(""));
  request.set_filter(invocation.flags.Get("filter").value_or(""));
  request.set_order_by(invocation.flags.Get("order-by").value_or(""));
  request.set_show_deleted(invocation.flags.IsOn("show-deleted"));
  return request;
}

absl::StatusOr<v1::UpdateCustomerRequest> BuildUpdateCustomerRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::UpdateCustomerRequest request;
  const CustomerFieldSet set = {.references = true};
  absl::Status status = ApplyCustomerFields(invocation.flags, set, request.mutable_customer(),
                                            request.mutable_update_mask());
  if (!status.ok()) return status;
  if (request.update_mask().paths().empty()) {
    return UsageError(crm::StrCat("nothing to update; give one or more of ", FieldFlagList(set)));
  }
  request.mutable_customer()->set_name(*name);
  request.mutable_customer()->set_etag(invocation.flags.Get("etag").value_or(""));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::DeleteCustomerRequest> BuildDeleteCustomerRequest(const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::DeleteCustomerRequest request;
  request.set_name(*name);
  request.set_etag(invocation.flags.Get("etag").value_or(""));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::UndeleteCustomerRequest> BuildUndeleteCustomerRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::UndeleteCustomerRequest request;
  request.set_name(*name);
  request.set_etag(invocation.flags.Get("etag").value_or(""));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::LookupCustomerRequest> BuildLookupCustomerRequest(const Invocation& invocation) {
  const std::optional<std::string> uscc = invocation.flags.Get("uscc");
  const std::optional<std::string> ref = invocation.flags.Get("ref");
  if (uscc.has_value() == ref.has_value()) {
    return UsageError("give exactly one of --uscc and --ref");
  }
  v1::LookupCustomerRequest request;
  if (uscc.has_value()) {
    request.set_uscc(*uscc);
    return request;
  }
  absl::StatusOr<v1::ExternalReference> reference = ParseExternalReference(*ref);
  if (!reference.ok()) return reference.status();
  *request.mutable_external_reference() = *std::move(reference);
  return request;
}

absl::StatusOr<v1::UpsertCustomerByExternalReferenceRequest> BuildUpsertCustomerRequest(
    const Invocation& invocation) {
  const std::optional<std::string> ref = invocation.flags.Get("ref");
  if (!ref.has_value()) return UsageError("--ref is required");
  v1::UpsertCustomerByExternalReferenceRequest request;
  absl::StatusOr<v1::ExternalReference> reference = ParseExternalReference(*ref);
  if (!reference.ok()) return reference.status();
  *request.mutable_external_reference() = *std::move(reference);
  // The mask makes an update touch only the flags given, and lets an empty
  // value clear a field.
  absl::Status status = ApplyCustomerFields(
      invocation.flags, {.owner = true}, request.mutable_customer(), request.mutable_update_mask());
  if (!status.ok()) return status;
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::SetCustomerOwnerRequest> BuildSetCustomerOwnerRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::SetCustomerOwnerRequest request;
  request.set_name(*name);
  request.set_owner_org_unit(OrgUnitName(invocation.args.at(1)));
  request.set_etag(invocation.flags.Get("etag").value_or(""));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::AddAccountTeamMemberRequest> BuildAddTeamMemberRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  const std::optional<std::string> org_unit = invocation.flags.Get("org-unit");
  const std::optional<std::string> role = invocation.flags.Get("role");
  if (org_unit.value_or("").empty() || role.value_or("").empty()) {
    return UsageError("--org-unit and --role are required");
  }
  v1::AddAccountTeamMemberRequest request;
  request.set_name(*name);
  v1::AccountTeamMember* member = request.mutable_member();
  member->set_org_unit(OrgUnitName(*org_unit));
  if (const auto user = invocation.flags.Get("user"); user.has_value()) {
    member->set_user(UserName(*user));
  }
  member->set_role(*role);
  request.set_etag(invocation.flags.Get("etag").value_or(""));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::RemoveAccountTeamMemberRequest> BuildRemoveTeamMemberRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  const std::optional<std::string> org_unit = invocation.flags.Get("org-unit");
  if (org_unit.value_or("").empty()) return UsageError("--org-unit is required");
  v1::RemoveAccountTeamMemberRequest request;
  request.set_name(*name);
  request.set_org_unit(OrgUnitName(*org_unit));
  if (const auto user = invocation.flags.Get("user"); user.has_value()) {
    request.set_user(UserName(*user));
  }
  request.set_etag(invocation.flags.Get("etag").value_or(""));
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::SearchDuplicatesRequest> BuildSearchDuplicatesRequest(
    const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  v1::SearchDuplicatesRequest request;
  const bool record_given = flags.Has("legal-name") || flags.Has("uscc") || flags.Has("region");
  if (!invocation.args.empty()) {
    if (record_given) {
      return UsageError(
          "give ID or --legal-name, --uscc and --region, not both; an "
          "existing customer is matched by its own fields");
    }
    absl::StatusOr<std::string> name = NameArgument(invocation);
    if (!name.ok()) return name.status();
    request.set_name(*name);
  } else {
    const std::string legal_name = flags.Get("legal-name").value_or("");
    const std::string uscc = flags.Get("uscc").value_or("");
    if (legal_name.empty() && uscc.empty()) {
      return UsageError(
          "give the ID of an existing customer, or the --legal-name (or "
          "--uscc) of a new one");
    }
    v1::Customer* customer = request.mutable_customer();
    customer->set_legal_name(legal_name);
    customer->set_uscc(uscc);
    customer->set_region(flags.Get("region").value_or(""));
  }
  for (const std::string& phone : flags.GetAll("phone")) {
    if (!phone.empty()) request.add_contact_phones(phone);
  }
  for (const std::string& email : flags.GetAll("email")) {
    if (!email.empty()) request.add_contact_emails(email);
  }
  int32_t max_results = 0;
  absl::Status status = ParseMaxResults(flags, &max_results);
  if (!status.ok()) return status;
  request.set_max_results(max_results);
  double min_score = 0;
  status = ParseMinScore(flags, &min_score);
  if (!status.ok()) return status;
  request.set_min_score(min_score);
  return request;
}

absl::StatusOr<v1::ScanDuplicatesRequest> BuildScanDuplicatesRequest(const Invocation& invocation) {
  v1::ScanDuplicatesRequest request;
  double min_score = 0;
  absl::Status status = ParseMinScore(invocation.flags, &min_score);
  if (!status.ok()) return status;
  request.set_min_score(min_score);
  request.set_request_id(invocation.options.request_id);
  return request;
}

absl::StatusOr<v1::ListCustomerHistoryRequest> BuildListHistoryRequest(
    const Invocation& invocation) {
  absl::StatusOr<std::string> name = NameArgument(invocation);
  if (!name.ok()) return name.status();
  v1::ListCustomerHistoryRequest request;
  request.set_parent(*name);
  int32_t page_size = 0;
  absl::Status status = ParsePageSize(invocation.flags, &page_size);
  if (!status.ok()) return status;
  request.set_page_size(page_size);
  request.set_page_token(invocation.flags.Get("page-token").value_or(""));
  return request;
}

absl::StatusOr<ChangeFeedPlan> BuildChangeFeedPlan(const Invocation& invocation) {
  const FlagValues& flags = invocation.flags;
  const std::optional<std::string> since = flags.Get("since");
  const std::optional<std::string> cursor = flags.Get("cursor");
  if (since.has_value() && cursor.has_value()) {
    return UsageError(
        "give --since or --cursor, not both; a cursor already says where to "
        "start");
  }
  ChangeFeedPlan plan;
  plan.cursor_file = flags.Get("cursor-file").value_or("");
  if (flags.Has("cursor-file") && plan.cursor_file.empty()) {
    return UsageError("--cursor-file is empty");
  }
  if (cursor.has_value() && !plan.cursor_file.empty()) {
    return UsageError(
        "give --cursor or --cursor-file, not both; remove the file to start "
        "again with --since");
  }
  if (cursor.has_value()) {
    if (cursor->empty()) return UsageError("--cursor is empty");
    plan.request.set_page_token(*cursor);
  }
  if (since.has_value()) {
    absl::Status status = ParseSince(*since, plan.request.mutable_start_time());
    if (!status.ok()) return status;
  }
  absl::Status status = ParseLimit(flags, &plan.limit);
  if (!status.ok()) return status;
  plan.follow = flags.IsOn("follow");
  if (flags.Has("poll-interval") && !plan.follow) {
    return UsageError("--poll-interval only applies with --follow");
  }
  status = ParsePollInterval(flags, &plan.poll_interval);
  if (!status.ok()) return status;
  return plan;
}

}  // namespace crm::crmctl
