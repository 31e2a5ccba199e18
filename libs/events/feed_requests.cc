#include "libs/events/feed_requests.h"

#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/roles.h"
#include "libs/pagination/page_size.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/timestamp.h"

namespace crm::events {

absl::Status RequireFeedReader(const auth::v1::Principal& principal, std::string_view domain,
                               std::string_view feed) {
  const bool service = auth::HasRole(principal, auth::kRoleService) && principal.global_scope() &&
                       principal.user().starts_with("services/");
  if (auth::HasRole(principal, auth::kRoleHqAdmin) ||
      auth::HasRole(principal, auth::kRoleIntegration) || service) {
    return absl::OkStatus();
  }
  const std::string roles = absl::StrJoin(principal.roles(), ",");
  return status::Error(
      absl::StatusCode::kPermissionDenied, domain, "ROLE_NOT_ALLOWED",
      crm::StrCat(principal.user(), " has roles [", absl::StrJoin(principal.roles(), ", "), "]; ",
                  feed, " needs hq_admin or integration"),
      {{"user", principal.user()}, {"roles", roles}});
}
namespace {

using google::protobuf::util::TimeUtil;

// INVALID_ARGUMENT unless `request.start_time` is unset or a valid time
// from 1970 on (no event is older).
absl::Status CheckStartTime(const FeedRequest& request, std::string_view domain) {
  if (!request.start_time.has_value()) return absl::OkStatus();
  status::FieldViolations violations;
  validation::CheckTimestamp(*request.start_time, "start_time", violations);
  if (violations.empty() && request.start_time->seconds() < 0) {
    violations.Add("start_time",
                   "start_time: before 1970-01-01, older than any event; omit it to read from "
                   "the oldest event kept");
  }
  if (!violations.empty()) return violations.ToStatus(domain);
  return absl::OkStatus();
}

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(timestamp));
}

}  // namespace

absl::StatusOr<ListedEvents> ListEvents(Outbox& outbox, const EventCursorCodec& cursors,
                                        const FeedRequest& request) {
  absl::StatusOr<int> page_size =
      pagination::NormalizePageSize(request.page_size, cursors.domain());
  if (!page_size.ok()) return page_size.status();
  if (absl::Status s = CheckStartTime(request, cursors.domain()); !s.ok()) return s;
  int64_t after = 0;
  if (!request.page_token.empty()) {
    absl::StatusOr<int64_t> cursor = cursors.Decode(request.page_token);
    if (!cursor.ok()) return cursor.status();
    after = *cursor;
  } else if (request.start_time.has_value()) {
    absl::StatusOr<int64_t> before = outbox.SequenceBefore(TimeOf(*request.start_time));
    if (!before.ok()) return before.status();
    after = *before;
  }
  (void)outbox.MaybePrune();  // housekeeping; a failure only delays it
  absl::StatusOr<EventPage> page = outbox.After(after, *page_size);
  if (!page.ok()) return page.status();
  return ListedEvents{.events = std::move(page->events),
                      .next_page_token = cursors.Encode(page->last_sequence)};
}

absl::StatusOr<WatchStart> ParseWatchStart(const EventCursorCodec& cursors,
                                           const FeedRequest& request) {
  WatchStart start{.at = absl::Now()};  // neither given: from now on
  if (!request.page_token.empty()) {
    absl::StatusOr<int64_t> after = cursors.Decode(request.page_token);
    if (!after.ok()) return after.status();
    start.after = *after;
  } else if (request.start_time.has_value()) {
    if (absl::Status s = CheckStartTime(request, cursors.domain()); !s.ok()) return s;
    start.at = TimeOf(*request.start_time);
  }
  return start;
}

}  // namespace crm::events
