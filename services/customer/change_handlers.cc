// CustomerService::ListCustomerChanges: the change feed for ERP/OA systems.
#include "absl/strings/numbers.h"
#include "google/protobuf/util/time_util.h"
#include "libs/pagination/page_size.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/customer/customer_service.h"
#include "services/customer/store_support.h"

namespace crm::customer {
namespace {

constexpr char kFingerprint[] = "ListCustomerChanges";

}  // namespace

grpc::ServerUnaryReactor* CustomerService::ListCustomerChanges(
    Context* context, const v1::ListCustomerChangesRequest* request,
    v1::ListCustomerChangesResponse* response) {
  return Serve(context, "ListCustomerChanges", "", *request,
               [&](const Caller&) -> absl::Status {
    absl::StatusOr<int> page_size = pagination::NormalizePageSize(request->page_size(), kDomain);
    if (!page_size.ok()) return page_size.status();
    // The cursor is the last sequence served; the same for every caller, so
    // a token may be handed from one consumer process to the next.
    int64_t after = 0;
    if (!request->page_token().empty()) {
      absl::StatusOr<pagination::PageCursor> cursor =
          deps_.page_tokens->Decode(request->page_token(), kFingerprint, kDomain);
      if (!cursor.ok()) return cursor.status();
      if (cursor->last_key.size() != 1 || !absl::SimpleAtoi(cursor->last_key[0], &after)) {
        return absl::InternalError("change cursor does not parse");
      }
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
    for (v1::CustomerChange& change : page->changes) *response->add_changes() = std::move(change);
    response->set_next_page_token(deps_.page_tokens->Encode(
        kFingerprint, {.last_key = {crm::StrCat(page->last_sequence)}}));
    return absl::OkStatus();
  });
}

}  // namespace crm::customer
