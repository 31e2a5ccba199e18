#include "services/customer/duplicates/duplicates_handler.h"

// DuplicatesHandler::SearchDuplicates: candidates for "is this customer
// already here?", before a create or for an existing record.
#include "absl/time/clock.h"
#include "libs/auth/data_scope.h"
#include "libs/idempotency/request_log.h"
#include "libs/status/status.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/number_range.h"
#include "services/customer/core/permissions.h"
#include "services/customer/core/request_validation.h"
#include "services/customer/core/resource_names.h"
#include "services/customer/core/store_support.h"
#include "services/customer/duplicates/duplicate_finder.h"
#include "services/customer/rules/contact_rules.h"
#include "services/customer/rules/text_rules.h"

namespace crm::customer {
namespace {

void BoundContactValues(const char* field, int count, status::FieldViolations& violations) {
  if (count > kMaxDuplicateContactValues) {
    violations.Add(field, crm::StrCat(field, ": at most ", kMaxDuplicateContactValues,
                                      " per search, got ", count));
  }
}

// The contacts a caller's search may compare: exactly those GetContact would
// show it in plain text (MaySeePersonalInfo), i.e. of customers in its data
// scope when its role sees contacts; none otherwise.
ContactScope ContactScopeOf(const auth::v1::Principal& principal, const MutationContext& context) {
  if (!MaySeePersonalInfo(principal, /*customer_in_scope=*/true)) return {};
  return {.all = context.scope_all, .org_units = context.scope_org_units};
}

}  // namespace

absl::Status DuplicatesHandler::AdmitPersonalInfoLookup(const Caller& caller) {
  if (deps_.personal_info_lookups == nullptr) return absl::OkStatus();
  const absl::Status admitted =
      deps_.personal_info_lookups->Admit(caller.principal.user(), absl::Now());
  if (admitted.ok()) return admitted;
  const absl::Duration retry = status::GetRetryDelay(admitted).value_or(absl::Seconds(1));
  return status::WithRetryDelay(
      status::Error(absl::StatusCode::kResourceExhausted, kDomain, "PERSONAL_INFO_LOOKUP_LIMITED",
                    crm::StrCat(caller.principal.user(),
                                " searched by contact phone or e-mail too often; retry in ",
                                absl::FormatDuration(retry), " or search by name and USCC only"),
                    {{"principal", caller.principal.user()},
                     {"retryAfterMs", crm::StrCat(absl::ToInt64Milliseconds(retry))}}),
      retry);
}

grpc::ServerUnaryReactor* DuplicatesHandler::SearchDuplicates(
    Context* context, const v1::SearchDuplicatesRequest* request,
    v1::SearchDuplicatesResponse* response) {
  return Serve(
      *deps_.verifier, context, "SearchDuplicates", *request,
      [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
        v1::Customer subject = request->customer();
        std::string exclude;
        if (!request->name().empty()) {
          std::optional<std::string> id = ParseCustomerName(request->name());
          if (!id.has_value()) {
            violations.Add("name", crm::StrCat("name: ", Quote(request->name()),
                                               " is not a customer name like customers/{uuid}"));
          } else {
            exclude = *id;
          }
        } else if (subject.legal_name().empty() && subject.uscc().empty()) {
          violations.Add("customer.legal_name",
                         "customer.legal_name: give a legal name or a USCC to match, or a name");
        }
        if (request->max_results() < 0 || request->max_results() > kMaxDuplicateMatches) {
          violations.Add("max_results", crm::StrCat("max_results: 0-", kMaxDuplicateMatches));
        }
        ValidateDuplicateSearch(*request, subject, violations);
        BoundContactValues("contact_phones", request->contact_phones_size(), violations);
        BoundContactValues("contact_emails", request->contact_emails_size(), violations);
        std::vector<std::string> hashes;
        for (int i = 0; i < std::min(request->contact_phones_size(), kMaxDuplicateContactValues);
             ++i) {
          const std::string phone = NormalizeMobilePhone(request->contact_phones(i));
          const std::string field = crm::StrCat("contact_phones[", i, "]");
          if (std::optional<std::string> error = MobilePhoneError(phone)) {
            violations.Add(field, crm::StrCat(field, ": ", *error));
          } else {
            hashes.push_back(deps_.cipher->Hash(PersonalField::kPhone, phone));
          }
        }
        for (int i = 0; i < std::min(request->contact_emails_size(), kMaxDuplicateContactValues);
             ++i) {
          const std::string& email = request->contact_emails(i);
          const std::string field = crm::StrCat("contact_emails[", i, "]");
          if (std::optional<std::string> error = EmailError(email)) {
            violations.Add(field, crm::StrCat(field, ": ", *error));
          } else {
            hashes.push_back(deps_.cipher->Hash(PersonalField::kEmail, email));
          }
        }
        if (!violations.empty()) return violations.ToStatus(kDomain);
        // A search by phone or e-mail is a lookup by personal data: limited per
        // caller and audited, whatever it finds.
        const bool personal_lookup = !hashes.empty();
        if (personal_lookup) {
          if (absl::Status s = AdmitPersonalInfoLookup(caller); !s.ok()) return s;
        }
        if (!exclude.empty()) {
          // An existing customer is matched by its own stored fields.
          absl::StatusOr<v1::Customer> stored = deps_.customers->Get(exclude);
          if (!stored.ok()) return stored.status();
          subject = *std::move(stored);
        }
        MatchFacts query = MatchFactsOf(subject);
        query.contact_hashes = std::move(hashes);
        const double min_score =
            request->min_score() > 0 ? request->min_score() : kDefaultDuplicateThreshold;
        const int limit =
            request->max_results() > 0 ? request->max_results() : kDefaultDuplicateMatches;
        absl::StatusOr<std::vector<DuplicateCandidate>> found = deps_.duplicates->Search(
            query, exclude, min_score, limit, ContactScopeOf(caller.principal, caller.context));
        if (!found.ok()) return found.status();
        std::vector<std::string> matched_contacts;
        for (const DuplicateCandidate& candidate : *found) {
          matched_contacts.insert(matched_contacts.end(), candidate.matched_contacts.begin(),
                                  candidate.matched_contacts.end());
          v1::DuplicateMatch* match = response->add_matches();
          match->set_customer(crm::StrCat("customers/", candidate.id));
          match->set_display_name(candidate.display_name);
          match->set_legal_name(candidate.legal_name);
          match->set_uscc(candidate.uscc);
          match->set_owner_org_unit(candidate.owner_org_unit);
          match->set_score(candidate.match.score);
          match->set_relation(ToRelationProto(candidate.match.relation));
          for (const MatchReason reason : candidate.match.reasons)
            match->add_reasons(ToReasonProto(reason));
        }
        // The audit is part of the answer: no audit record, no answer.
        if (!personal_lookup) return absl::OkStatus();
        return deps_.audit->RecordLookup(caller.context, query.contact_hashes, matched_contacts);
      });
}

grpc::ServerUnaryReactor* DuplicatesHandler::ScanDuplicates(
    Context* context, const v1::ScanDuplicatesRequest* request,
    google::longrunning::Operation* response) {
  return Serve(
      *deps_.verifier, context, "ScanDuplicates", *request,
      [&](const Caller& caller, status::FieldViolations& violations) -> absl::Status {
        validation::CheckFiniteInRange(request->min_score(), 0, 1, "min_score", violations);
        if (!violations.empty()) return violations.ToStatus(kDomain);
        // A scan reads every customer of every org unit: HQ's work.
        if (!auth::ScopeOf(caller.principal).all) {
          return status::Error(absl::StatusCode::kPermissionDenied, kDomain, "HQ_ONLY",
                               "a duplicate scan covers every customer; only HQ may start one");
        }
        absl::StatusOr<CreatedOperation> created =
            deps_.operations->Create("duplicate-scan", caller.principal.user(),
                                     v1::ScanDuplicatesMetadata(), caller.context.idempotency);
        if (!created.ok()) return created.status();
        if (created->is_new) {
          deps_.scans->Start(created->id, request->min_score() > 0 ? request->min_score()
                                                                   : kDefaultDuplicateThreshold);
        }
        *response = std::move(created->operation);
        return absl::OkStatus();
      });
}

}  // namespace crm::customer
