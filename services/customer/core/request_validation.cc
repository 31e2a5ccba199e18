#include "services/customer/core/request_validation.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/idempotency/request_log.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "libs/validation/number_range.h"
#include "libs/validation/repeated_count.h"
#include "libs/validation/timestamp.h"
#include "services/customer/core/customer_diff.h"
#include "services/customer/core/customer_fields.h"
#include "services/customer/core/resource_names.h"
#include "services/customer/rules/codes.h"
#include "services/customer/rules/contact_rules.h"
#include "services/customer/rules/text_rules.h"
#include "services/customer/rules/uscc.h"

namespace crm::customer {
namespace {

// As long as a legal name may be.
constexpr size_t kMaxSearchNameChars = 100;

constexpr size_t kMaxTags = 20;
constexpr size_t kMaxExternalReferences = 50;

bool Contains(const std::vector<std::string>& paths, std::string_view path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

bool IsSystemName(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

std::vector<std::string> ValidateMask(const google::protobuf::FieldMask& mask,
                                      const std::vector<std::string>& allowed,
                                      status::FieldViolations& violations) {
  std::vector<std::string> paths;
  if (mask.paths().empty()) {
    violations.Add("update_mask",
                   "update_mask: name the fields to change, e.g. \"" + allowed.front() + "\"");
  }
  for (const std::string& path : mask.paths()) {
    if (!Contains(allowed, path)) {
      std::string list;
      for (const std::string& a : allowed) crm::StrAppend(&list, list.empty() ? "" : ", ", a);
      violations.Add("update_mask", crm::StrCat("update_mask: ", Quote(path),
                                                " cannot be updated; allowed: ", list));
    } else if (!Contains(paths, path)) {
      paths.push_back(path);
    }
  }
  return paths;
}

}  // namespace

const std::vector<std::string>& CustomerInputPaths() {
  static const std::vector<std::string> kPaths = [] {
    std::vector<std::string> paths = UpdatableCustomerPaths();
    paths.push_back("owner_org_unit");
    return paths;
  }();
  return kPaths;
}

void ValidateCustomer(v1::Customer& customer, const std::vector<std::string>& paths,
                      const std::string& prefix, status::FieldViolations& violations) {
  auto field = [&](std::string_view name) { return crm::StrCat(prefix, name); };
  if (Contains(paths, "legal_name")) {
    customer.set_legal_name(TrimSpace(customer.legal_name()));
    if (customer.legal_name().empty()) {
      violations.Add(field("legal_name"), "legal_name: required (法定全称)");
    } else {
      violations.AddIf(field("legal_name"), LegalNameError(customer.legal_name()));
    }
  }
  if (Contains(paths, "display_name")) {
    customer.set_display_name(TrimSpace(customer.display_name()));
    violations.AddIf(field("display_name"),
                     TextError("display_name", customer.display_name(), 0, 100));
  }
  if (Contains(paths, "short_name")) {
    customer.set_short_name(TrimSpace(customer.short_name()));
    violations.AddIf(field("short_name"), TextError("short_name", customer.short_name(), 0, 50));
  }
  if (Contains(paths, "uscc") && !customer.uscc().empty()) {
    customer.set_uscc(NormalizeUscc(customer.uscc()));
    violations.AddIf(field("uscc"), UsccError(customer.uscc()));
  }
  if (Contains(paths, "industry") && !customer.industry().empty() &&
      !IsIndustrySection(customer.industry())) {
    violations.Add(field("industry"),
                   crm::StrCat("industry: ", Quote(customer.industry()),
                               " is not a GB/T 4754-2017 section; use one letter A–T"));
  }
  if (Contains(paths, "region") && !customer.region().empty()) {
    violations.AddIf(field("region"), RegionError(customer.region()));
  }
  if (Contains(paths, "ownership_type")) {
    validation::CheckEnum<v1::OwnershipType>(customer.ownership_type(), field("ownership_type"),
                                             validation::Presence::kOptional, violations);
  }
  if (Contains(paths, "size_band")) {
    validation::CheckEnum<v1::SizeBand>(customer.size_band(), field("size_band"),
                                        validation::Presence::kOptional, violations);
  }
  if (Contains(paths, "owner_org_unit") && !customer.owner_org_unit().empty() &&
      !IsOrgUnitName(customer.owner_org_unit())) {
    violations.Add(field("owner_org_unit"),
                   crm::StrCat("owner_org_unit: ", Quote(customer.owner_org_unit()),
                               " is not an org unit name like orgUnits/sub-east"));
  }
  if (Contains(paths, "tags")) {
    validation::CheckCount(customer.tags_size(), 0, kMaxTags, field("tags"), violations);
    std::set<std::string> seen;
    for (int i = 0; i < customer.tags_size(); ++i) {
      customer.set_tags(i, TrimSpace(customer.tags(i)));
      const std::string tag_field = crm::StrCat(prefix, "tags[", i, "]");
      violations.AddIf(tag_field, TextError("tag", customer.tags(i), 1, 32));
      if (!seen.insert(customer.tags(i)).second) {
        violations.Add(tag_field, crm::StrCat("tags: ", Quote(customer.tags(i)), " is repeated"));
      }
    }
  }
  if (Contains(paths, "external_references")) {
    validation::CheckCount(customer.external_references_size(), 0, kMaxExternalReferences,
                           field("external_references"), violations);
    std::set<std::pair<std::string, std::string>> seen;
    for (int i = 0; i < customer.external_references_size(); ++i) {
      v1::ExternalReference& reference = *customer.mutable_external_references(i);
      ValidateExternalReference(reference, crm::StrCat(prefix, "external_references[", i, "]"),
                                violations);
      if (!seen.insert({reference.source_system(), reference.source_id()}).second) {
        violations.Add(crm::StrCat(prefix, "external_references[", i, "]"),
                       "external_references: repeated reference");
      }
    }
  }
}

std::vector<std::string> ValidateCustomerMask(const google::protobuf::FieldMask& mask,
                                              status::FieldViolations& violations) {
  return ValidateMask(mask, UpdatableCustomerPaths(), violations);
}

std::vector<std::string> NonEmptyCustomerPaths(const v1::Customer& customer) {
  std::vector<std::string> paths;
  for (const CustomerField& field : CustomerFields()) {
    if (field.Has(CustomerField::kImported) && field.is_set(customer)) {
      paths.emplace_back(field.name);
    }
  }
  return paths;
}

void ValidateExternalReference(v1::ExternalReference& reference, const std::string& field,
                               status::FieldViolations& violations) {
  reference.set_source_system(TrimSpace(reference.source_system()));
  reference.set_source_id(TrimSpace(reference.source_id()));
  if (!IsSystemName(reference.source_system())) {
    violations.Add(crm::StrCat(field, ".source_system"),
                   crm::StrCat("source_system: ", Quote(reference.source_system()),
                               " must be 1–64 characters of a-z 0-9 - _ ."));
  }
  violations.AddIf(crm::StrCat(field, ".source_id"),
                   TextError("source_id", reference.source_id(), 1, 128));
}

void ValidateTeamMember(v1::AccountTeamMember& member, const std::string& prefix,
                        status::FieldViolations& violations) {
  if (!IsOrgUnitName(member.org_unit())) {
    violations.Add(crm::StrCat(prefix, "org_unit"),
                   crm::StrCat("org_unit: ", Quote(member.org_unit()),
                               " is not an org unit name like orgUnits/sub-east"));
  }
  if (!member.user().empty() && !IsUserName(member.user())) {
    violations.Add(
        crm::StrCat(prefix, "user"),
        crm::StrCat("user: ", Quote(member.user()), " is not a user name like users/zhang.san"));
  }
  member.set_role(TrimSpace(member.role()));
  violations.AddIf(crm::StrCat(prefix, "role"), TextError("role", member.role(), 1, 32));
}

const std::vector<std::string>& ContactInputPaths() {
  static const std::vector<std::string> kPaths = {
      "display_name", "title", "department", "decision_role", "phone", "email", "wechat"};
  return kPaths;
}

void ValidateContact(v1::Contact& contact, const std::vector<std::string>& paths,
                     const std::string& prefix, status::FieldViolations& violations) {
  auto field = [&](std::string_view name) { return crm::StrCat(prefix, name); };
  if (Contains(paths, "display_name")) {
    contact.set_display_name(TrimSpace(contact.display_name()));
    violations.AddIf(field("display_name"),
                     TextError("display_name", contact.display_name(), 1, 50));
  }
  if (Contains(paths, "title")) {
    contact.set_title(TrimSpace(contact.title()));
    violations.AddIf(field("title"), TextError("title", contact.title(), 0, 100));
  }
  if (Contains(paths, "department")) {
    contact.set_department(TrimSpace(contact.department()));
    violations.AddIf(field("department"), TextError("department", contact.department(), 0, 100));
  }
  if (Contains(paths, "decision_role")) {
    validation::CheckEnum<v1::DecisionRole>(contact.decision_role(), field("decision_role"),
                                            validation::Presence::kOptional, violations);
  }
  if (Contains(paths, "phone") && !contact.phone().empty()) {
    contact.set_phone(NormalizeMobilePhone(contact.phone()));
    violations.AddIf(field("phone"), MobilePhoneError(contact.phone()));
  }
  if (Contains(paths, "email") && !contact.email().empty()) {
    contact.set_email(TrimSpace(contact.email()));
    violations.AddIf(field("email"), EmailError(contact.email()));
  }
  if (Contains(paths, "wechat") && !contact.wechat().empty()) {
    contact.set_wechat(TrimSpace(contact.wechat()));
    violations.AddIf(field("wechat"), WechatIdError(contact.wechat()));
  }
}

std::vector<std::string> ValidateContactMask(const google::protobuf::FieldMask& mask,
                                             status::FieldViolations& violations) {
  return ValidateMask(mask, ContactInputPaths(), violations);
}

void ValidateDuplicateSearch(const v1::SearchDuplicatesRequest& request, v1::Customer& subject,
                             status::FieldViolations& violations) {
  // The subject's fields are checked as on a create, except the legal name:
  // people search by a short form (华信能源) before they create, so any
  // text up to a legal name's length will do.
  std::vector<std::string> paths = NonEmptyCustomerPaths(subject);
  paths.erase(std::remove(paths.begin(), paths.end(), "legal_name"), paths.end());
  ValidateCustomer(subject, paths, "customer.", violations);
  subject.set_legal_name(TrimSpace(subject.legal_name()));
  violations.AddIf("customer.legal_name",
                   TextError("customer.legal_name", subject.legal_name(), 0, kMaxSearchNameChars));
  validation::CheckFiniteInRange(request.min_score(), 0, 1, "min_score", violations);
}

void ValidateChangeFeedStart(const google::protobuf::Timestamp& start_time,
                             status::FieldViolations& violations) {
  const size_t before = violations.size();
  validation::CheckTimestamp(start_time, "start_time", violations);
  if (violations.size() == before && start_time.seconds() < 0) {
    violations.Add("start_time",
                   "start_time: before 1970-01-01, older than any change; omit it to read from "
                   "the oldest change kept");
  }
}

std::string CustomerIdOr(const std::string& name, const std::string& field,
                         status::FieldViolations& violations) {
  std::optional<std::string> id = ParseCustomerName(name);
  if (!id.has_value()) {
    violations.Add(field, crm::StrCat(field, ": ", Quote(name),
                                      " is not a customer name like customers/{uuid}"));
    return "";
  }
  return *id;
}

}  // namespace crm::customer
