#ifndef CRM_SERVICES_COLLABORATION_CORE_REQUEST_ROW_H_
#define CRM_SERVICES_COLLABORATION_CORE_REQUEST_ROW_H_

// One collaboration request as every capability of the service reads, locks
// and changes it: the full view (participants, the customer's display name,
// the etag) read the same way everywhere, the scoped row lock, the version
// bump and the timeline.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "crm/auth/v1/principal.pb.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "pqxx/pqxx"

namespace crm::collaboration {

// A request as a change sees it: the API's view plus the ids.
struct StoredRequest {
  v1::CollaborationRequest view;  // as the API shows it (name, etag, times set)
  std::string id;                 // lower-case UUIDs; "" when not set
  std::string customer_id;
  std::string opportunity_id;
  std::string contract_id;
  int64_t version = 0;
};

// Locks request `id` (SELECT … FOR UPDATE) when `principal` may see it
// (collaboration_scope.h), with its full view. Out of scope:
// PERMISSION_DENIED (REQUEST_NOT_IN_SCOPE) whether or not it exists;
// NOT_FOUND (REQUEST_NOT_FOUND) only for callers who see everything.
absl::StatusOr<StoredRequest> LockRequest(pqxx::work& tx, const auth::v1::Principal& principal,
                                          const std::string& id);

// The same error for a request that is missing or out of scope.
absl::Status RequestUnreachable(const auth::v1::Principal& principal, const std::string& id);

// OK when `principal` may see request `id` (no lock); else
// RequestUnreachable.
absl::Status CheckRequestInScope(pqxx::transaction_base& tx, const auth::v1::Principal& principal,
                                 const std::string& id);

// The full view of request `id` (no scope check: callers checked it):
// participants in the order given, the customer's display name
// (replica_customers), the etag. NOT_FOUND (REQUEST_NOT_FOUND) when there is
// no such request.
absl::StatusOr<v1::CollaborationRequest> ReadRequestView(pqxx::transaction_base& tx,
                                                         const std::string& id);

// The full views of requests `ids` in that order, read with two statements
// however many there are (a page of a list or a board column); ids that do
// not exist are left out.
std::vector<v1::CollaborationRequest> ReadRequestViews(pqxx::transaction_base& tx,
                                                       const std::vector<std::string>& ids);

// The stored part of request `id` (as LockRequest, without lock or scope).
absl::StatusOr<StoredRequest> ReadStoredRequest(pqxx::transaction_base& tx, const std::string& id);

// Bumps request `id`'s version and sets its update time; returns the new
// version. Every change calls it once, after its own UPDATE of the row.
int64_t TouchRequest(pqxx::work& tx, const std::string& id, absl::Time now);

// Appends an entry to request `id`'s timeline; returns its entry id (the
// last part of TimelineEntryName). `actor` is users/{user} or "system";
// steps unspecified (0) when the entry is no step change.
int64_t AddTimelineEntry(pqxx::work& tx, const std::string& id, v1::TimelineEntry::Kind kind,
                         std::string_view actor, v1::CollaborationStep previous_step,
                         v1::CollaborationStep step, std::string_view comment, absl::Time now);

// Timeline entry `entry_id` of request `id` as the API shows it; NOT_FOUND
// when there is none.
absl::StatusOr<v1::TimelineEntry> ReadTimelineEntry(pqxx::transaction_base& tx,
                                                    const std::string& id, int64_t entry_id);

// The actor a timeline or audit row names: the caller's user, or "system"
// for a job (no user).
std::string ActorName(const request::Actor& actor);

// Who may change a request (DOMAIN.md "Collaboration and attribution"): the
// requesting side — HQ, an org unit whose scope holds the requesting org
// unit —, or the current step's owner.
bool IsRequestingSide(const auth::v1::Principal& principal,
                      const v1::CollaborationRequest& request);
// The caller's scope holds one of the request's participants (it may
// acknowledge and comment).
bool IsParticipantSide(const auth::v1::Principal& principal,
                       const v1::CollaborationRequest& request);

// The statements above, prepared on every connection
// (OpenCollaborationDatabase adds them).
std::vector<pg::PreparedStatement> RequestRowStatements();

// Values as the statements take and give them: a time as an RFC 3339
// timestamptz literal ("" for none, which NULLIF($n, '')::timestamptz makes
// NULL); a timestamptz column selected as microseconds since the epoch (-1
// for NULL, see kMicrosSql) back to a Timestamp (unset for -1).
std::string TimeParam(absl::Time time);
std::string OptionalTimeParam(const google::protobuf::Timestamp& time);  // "" when unset
bool SetTimestamp(int64_t micros, google::protobuf::Timestamp* out);     // false for -1
absl::Time TimeOf(const google::protobuf::Timestamp& time);

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_CORE_REQUEST_ROW_H_
