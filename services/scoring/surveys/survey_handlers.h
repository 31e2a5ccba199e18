#ifndef CRM_SERVICES_SCORING_SURVEYS_SURVEY_HANDLERS_H_
#define CRM_SERVICES_SCORING_SURVEYS_SURVEY_HANDLERS_H_

// Satisfaction surveys: a score 0-10 and a comment per customer contact and
// period (a quarter), feeding the health signals, the scorecard and
// collaboration's customer evaluation. Called by the service facade inside
// request::Serve.

#include <vector>

#include "absl/status/status.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/pg/prepared_statement.h"
#include "libs/request/actor.h"
#include "libs/status/status.h"
#include "services/scoring/core/scoring_context.h"

namespace crm::scoring {

class SurveyHandlers final {
 public:
  using Actor = request::Actor;
  using Violations = status::FieldViolations;

  static constexpr int kMaxCommentLength = 2000;

  explicit SurveyHandlers(const ScoringContext& context) : context_(context) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Records an answer for a contact of a customer in the caller's scope
  // (org_unit: the caller's). One per contact and period: a second is
  // ALREADY_EXISTS (SURVEY_EXISTS) naming the first; request_id makes a
  // retry return the same survey. Marks the customer's facts dirty and
  // records SURVEY_RECORDED in the same transaction.
  absl::Status RecordSurvey(const Actor& actor, const v1::RecordSurveyRequest& request,
                            v1::Survey& response, Violations& violations);

  // Answers of customers in the caller's scope, newest first, narrowed to a
  // customer and a period; keyset pages.
  absl::Status ListSurveys(const Actor& actor, const v1::ListSurveysRequest& request,
                           v1::ListSurveysResponse& response, Violations& violations);

 private:
  const ScoringContext& context_;
};

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_SURVEYS_SURVEY_HANDLERS_H_
