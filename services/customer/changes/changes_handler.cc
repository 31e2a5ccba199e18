#include "services/customer/changes/changes_handler.h"

// ChangesHandler::ListCustomerChanges: the change feed for ERP/OA systems.
#include "google/protobuf/util/time_util.h"
#include "libs/pagination/page_size.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/changes/change_cursor.h"
#include "services/customer/core/request_validation.h"
#include "services/customer/core/store_support.h"

namespace crm::customer {

grpc::ServerUnaryReactor* ChangesHandler::ListCustomerChanges(
    Context* context, const v1::ListCustomerChangesRequest* request,
    v1::ListCustomerChangesResponse* response) {
  return Serve(
      *deps_.verifier, context, "ListCustomerChanges", "", *request,
      [&](const Caller&) -> absl::Status {
        absl::StatusOr<int> page_size =
            pagination::NormalizePageSize(request->page_size(), kDomain);
        if (!page_size.ok()) return page_size.status();
        if (request->has_start_time()) {
          status::FieldViolations violations;
          ValidateChangeFeedStart(request->start_time(), violations);
          if (!violations.empty()) return violations.ToStatus(kDomain);
        }
        // The cursor is the last sequence served; the same for every caller, so
        // a token may be handed from one consumer process to the next.
        int64_t after = 0;
        if (!request->page_token().empty()) {
          absl::StatusOr<int64_t> cursor =
              DecodeChangeCursor(*deps_.page_tokens, request->page_token());
          if (!cursor.ok()) return cursor.status();
          after = *cursor;
        } else if (request->has_start_time()) {
          const absl::Time start = absl::FromUnixMicros(
              google::protobuf::util::TimeUtil::TimestampToMicroseconds(request->start_time()));
          absl::StatusOr<int64_t> before = deps_.changes->SequenceBefore(start);
          if (!before.ok()) return before.status();
          after = *before;
        }
        (void)deps_.changes->MaybePrune();  // housekeeping; a failure only delays it
        absl::StatusOr<ChangeFeed::Page> page = deps_.changes->After(after, *page_size);
        if (!page.ok()) return page.status();
        for (v1::CustomerChange& change : page->changes)
          *response->add_changes() = std::move(change);
        response->set_next_page_token(EncodeChangeCursor(*deps_.page_tokens, page->last_sequence));
        return absl::OkStatus();
      });
}

}  // namespace crm::customer
