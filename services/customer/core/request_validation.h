#ifndef CRM_SERVICES_CUSTOMER_CORE_REQUEST_VALIDATION_H_
#define CRM_SERVICES_CUSTOMER_CORE_REQUEST_VALIDATION_H_

// Validation at the API edge: every bad field of a request is collected, so
// one INVALID_ARGUMENT names them all. Values are normalised in place first
// (trimmed, USCC upper-cased, phone digits only) so what is stored is canonical.

#include <string>
#include <vector>

#include "crm/customer/v1/customer_service.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "libs/status/status.h"

namespace crm::customer {

// Normalises then checks the fields of `customer` named in `paths` (all
// customer input fields for a create). `prefix` is the field path of the
// customer in the request, e.g. "customer.".
void ValidateCustomer(v1::Customer& customer, const std::vector<std::string>& paths,
                      const std::string& prefix, status::FieldViolations& violations);

// Every input field of a customer, for create.
const std::vector<std::string>& CustomerInputPaths();

// The update mask's paths, each allow-listed; violations name the bad ones.
std::vector<std::string> ValidateCustomerMask(const google::protobuf::FieldMask& mask,
                                              status::FieldViolations& violations);

// For upserts without a mask: the fields of `customer` that carry a value.
std::vector<std::string> NonEmptyCustomerPaths(const v1::Customer& customer);

// Parses a "customers/{uuid}" field, or records why not and returns "".
std::string CustomerIdOr(const std::string& name, const std::string& field,
                         status::FieldViolations& violations);

void ValidateExternalReference(v1::ExternalReference& reference, const std::string& field,
                               status::FieldViolations& violations);

void ValidateTeamMember(v1::AccountTeamMember& member, const std::string& prefix,
                        status::FieldViolations& violations);

// Contacts: same rules for the contact's fields named in `paths`.
void ValidateContact(v1::Contact& contact, const std::vector<std::string>& paths,
                     const std::string& prefix, status::FieldViolations& violations);
const std::vector<std::string>& ContactInputPaths();
std::vector<std::string> ValidateContactMask(const google::protobuf::FieldMask& mask,
                                             status::FieldViolations& violations);

// SearchDuplicates' values: the subject's fields are checked (and the USCC
// normalised, so a lowercase or full-width code finds its customer) as on a
// create, except that the legal name may be a short form of up to 100
// characters; min_score must be a number from 0 to 1.
void ValidateDuplicateSearch(const v1::SearchDuplicatesRequest& request, v1::Customer& subject,
                             status::FieldViolations& violations);

// The start_time of ListCustomerChanges and WatchCustomerChanges: a valid
// Timestamp, not before 1970 (no change is older; omit it to start at the
// oldest change kept).
void ValidateChangeFeedStart(const google::protobuf::Timestamp& start_time,
                             status::FieldViolations& violations);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_REQUEST_VALIDATION_H_
