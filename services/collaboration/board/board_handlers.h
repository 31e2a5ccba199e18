#ifndef CRM_SERVICES_COLLABORATION_BOARD_BOARD_HANDLERS_H_
#define CRM_SERVICES_COLLABORATION_BOARD_BOARD_HANDLERS_H_

#include <vector>

#include "absl/status/status.h"
#include "crm/collaboration/v1/collaboration_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/collaboration/core/collaboration_context.h"

namespace crm::collaboration {

// The board (协同看板) below the gRPC edge: the requests in the caller's
// scope (collaboration_scope.h, in the SQL) that match the narrowing
// (request_filter.h), in five columns — TO_SURVEY, DESIGNING,
// PENDING_APPROVAL, EXECUTING, DONE — each with its count, its overdue count
// (the step past its due time, or the response past its due time with no
// acknowledgement) and its first cards: the overdue first, then the soonest
// due (DONE: the most recently finished first). Seconds left come from the
// service's clock.
//
// Three statements in one read-only REPEATABLE READ transaction (counts and
// cards agree) whatever the number of requests: the counts (index-only over
// requests_board_open and requests_board_done), the open columns' cards (a
// LATERAL per step, each range walking a partial index in due order and
// stopping after the first cards), and DONE's cards (requests_board_done).
class BoardHandlers final {
 public:
  using Actor = request::Actor;
  using Violations = status::FieldViolations;

  static constexpr int kDefaultCardsPerColumn = 20;
  static constexpr int kMaxCardsPerColumn = 200;

  explicit BoardHandlers(const CollaborationContext& context) : context_(context) {}

  // The board's statements are built per call (the filters given decide
  // them, and are planned for their values): none to prepare.
  static std::vector<pg::PreparedStatement> Statements() { return {}; }

  absl::Status GetCollaborationBoard(const Actor& actor,
                                     const v1::GetCollaborationBoardRequest& request,
                                     v1::CollaborationBoard& response, Violations& violations);

 private:
  const CollaborationContext& context_;
};

}  // namespace crm::collaboration

#endif  // CRM_SERVICES_COLLABORATION_BOARD_BOARD_HANDLERS_H_
