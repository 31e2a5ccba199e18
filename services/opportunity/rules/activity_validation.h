#ifndef CRM_SERVICES_OPPORTUNITY_RULES_ACTIVITY_VALIDATION_H_
#define CRM_SERVICES_OPPORTUNITY_RULES_ACTIVITY_VALIDATION_H_

// What a valid activity (跟进记录) is when it is recorded. Every violation is
// collected under "activity.<field>".

#include "absl/time/time.h"
#include "crm/opportunity/v1/opportunity_service.pb.h"
#include "libs/status/status.h"

namespace crm::opportunity {

inline constexpr size_t kMaxSummaryChars = 4000;
inline constexpr size_t kMaxNextStepChars = 1000;
inline constexpr int kMaxActivityContacts = 20;
// How far ahead of the server's clock a client's may be.
inline constexpr absl::Duration kMaxClockSkew = absl::Minutes(5);

// The earliest occur_time accepted: 2000-01-01T00:00:00Z (older is a typo).
absl::Time EarliestActivityTime();

// CreateActivityRequest.activity, at `now` (the service's clock): a
// well-formed customer (required) and opportunity (when given); a type; an
// occur_time from 2000-01-01 to 5 minutes after `now`; a summary of 1-4000
// characters and a next step of up to 1000 (line breaks allowed); up to 20
// distinct well-formed contacts; a complaint with a severity for a
// COMPLAINT and for nothing else; a real next follow-up date when given.
// Whether the contacts and the opportunity belong to the customer is the
// caller's to check. Output-only fields are not read.
void ValidateActivityForCreate(const v1::Activity& activity, absl::Time now,
                               status::FieldViolations& violations);

}  // namespace crm::opportunity

#endif  // CRM_SERVICES_OPPORTUNITY_RULES_ACTIVITY_VALIDATION_H_
