#include "services/scoring/surveys/survey_handlers.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/clock/quarter.h"
#include "libs/crypto/crypto.h"
#include "libs/idempotency/run_idempotent.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/text_field.h"
#include "services/scoring/core/scoring_events.h"
#include "services/scoring/core/scoring_names.h"
#include "services/scoring/core/scoring_scope.h"
#include "services/scoring/facts/dirty_customers.h"
#include "services/scoring/rules/errors.h"

namespace crm::scoring {
namespace {

using ::google::protobuf::util::TimeUtil;

constexpr int kMinScore = 0;
constexpr int kMaxScore = 10;

#define SURVEY_COLUMNS                                                                    \
  "s.id::text, s.customer_id::text, s.contact, s.period, s.score, s.comment, s.org_unit," \
  " s.recorded_by, (extract(epoch FROM s.create_time) * 1000000)::bigint"

// The answer, unless the contact answered for the period already (then
// nothing is returned and kExisting names the first).
constexpr char kInsert[] = "scoring.survey_insert";
constexpr char kInsertSql[] =
    "INSERT INTO scoring.surveys AS s (id, customer_id, contact, period, score, comment, org_unit,"
    " recorded_by, create_time)"
    " VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8,"
    " 'epoch'::timestamptz + $9::bigint * interval '1 microsecond')"
    " ON CONFLICT (contact, period) DO NOTHING RETURNING " SURVEY_COLUMNS;

constexpr char kExisting[] = "scoring.survey_existing";
constexpr char kExistingSql[] =
    "SELECT id::text FROM scoring.surveys WHERE contact = $1 AND period = $2";

v1::Survey SurveyOf(const pqxx::row& row) {
  v1::Survey survey;
  survey.set_name(SurveyName(row[0].as<std::string>()));
  survey.set_customer(names::CustomerName(row[1].as<std::string>()));
  survey.set_contact(row[2].as<std::string>());
  survey.set_period(row[3].as<std::string>());
  survey.set_score(row[4].as<int>());
  survey.set_comment(row[5].as<std::string>());
  survey.set_org_unit(row[6].as<std::string>());
  survey.set_recorded_by(row[7].as<std::string>());
  *survey.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  return survey;
}

// The contact as the customer service knows it: NOT_FOUND
// (CONTACT_NOT_FOUND) when it is no contact of the customer; UNAVAILABLE
// when the customer service does not answer. Not checked without its
// address.
absl::Status CheckContactKnown(const ScoringContext& context, const std::string& contact,
                               const std::string& customer) {
  if (context.peers == nullptr || context.peers->customers() == nullptr) return absl::OkStatus();
  customer::v1::GetContactRequest request;
  request.set_name(contact);
  customer::v1::Contact found;
  std::unique_ptr<grpc::ClientContext> call = context.peers->NewContext();
  const grpc::Status answer = context.peers->customers()->GetContact(call.get(), request, &found);
  if (answer.ok()) return absl::OkStatus();
  if (answer.error_code() == grpc::StatusCode::NOT_FOUND) {
    return status::Error(absl::StatusCode::kNotFound, kErrorDomain, kReasonContactNotFound,
                         crm::StrCat(contact, " is no contact of ", customer,
                                     "; name a contact the customer service holds"),
                         {{"contact", contact}, {"customer", customer}});
  }
  return status::Error(
      absl::StatusCode::kUnavailable, kErrorDomain, "CUSTOMER_SERVICE_UNAVAILABLE",
      crm::StrCat("the customer service did not confirm ", contact, "; retry shortly"),
      {{"contact", contact}});
}

}  // namespace

std::vector<pg::PreparedStatement> SurveyHandlers::Statements() {
  std::vector<pg::PreparedStatement> statements = {{kInsert, kInsertSql},
                                                   {kExisting, kExistingSql}};
  for (pg::PreparedStatement& statement : DirtyCustomerStatements()) {
    statements.push_back(std::move(statement));
  }
  return statements;
}

absl::Status SurveyHandlers::RecordSurvey(const Actor& actor,
                                          const v1::RecordSurveyRequest& request,
                                          v1::Survey& response, Violations& violations) {
  const auth::v1::Principal& caller = actor.principal;
  const v1::Survey& values = request.survey();
  std::string customer_id;
  if (values.contact().empty()) {
    violations.Add("survey.contact",
                   "survey.contact: is required, e.g. "
                   "customers/{uuid}/contacts/{uuid}");
  } else if (std::optional<names::ContactIds> ids = names::ParseContactName(values.contact())) {
    customer_id = ids->customer_id;
  } else {
    violations.Add("survey.contact",
                   crm::StrCat("survey.contact: ", Quote(values.contact()),
                               " is not a contact name like customers/{uuid}/contacts/{uuid}"));
  }
  if (!values.customer().empty()) {
    const std::string named = names::CustomerIdOr(values.customer(), "survey.customer", violations);
    if (!named.empty() && !customer_id.empty() && named != customer_id) {
      violations.Add("survey.customer",
                     crm::StrCat("survey.customer: ", values.customer(), " is not the customer of ",
                                 values.contact(), "; leave it empty or name ",
                                 names::CustomerName(customer_id)));
    }
  }
  std::optional<clock::Quarter> period;
  if (values.period().empty()) {
    violations.Add("survey.period", "survey.period: is required, a quarter like 2026Q4");
  } else if (absl::StatusOr<clock::Quarter> parsed = ParseQuarterField(values.period());
             parsed.ok()) {
    period = *parsed;
  } else {
    violations.Add("survey.period", crm::StrCat("survey.period: ", parsed.status().message()));
  }
  if (values.score() < kMinScore || values.score() > kMaxScore) {
    violations.Add("survey.score", crm::StrCat("survey.score: must be ", kMinScore, "-", kMaxScore,
                                               ", got ", values.score()));
  }
  validation::CheckText(values.comment(), "survey.comment", 0, kMaxCommentLength,
                        validation::Lines::kMulti, violations);
  if (caller.org_unit().empty()) {
    violations.Add("survey.org_unit",
                   "survey.org_unit: a survey is recorded for the caller's org unit, and "
                   "the caller has none");
  }
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);

  const std::string customer = names::CustomerName(customer_id);
  if (absl::Status visible = CheckCustomerVisible(context_, caller, customer_id); !visible.ok()) {
    return visible;
  }
  if (absl::Status known = CheckContactKnown(context_, values.contact(), customer); !known.ok()) {
    return known;
  }
  const std::string period_text = clock::FormatQuarter(*period);

  absl::StatusOr<v1::Survey> recorded = idempotency::RunIdempotent<v1::Survey>(
      *context_.pool, *context_.request_log, actor.idempotency,
      [&](pqxx::work& tx) -> absl::StatusOr<v1::Survey> {
        if (absl::Status s = CheckCustomerVisible(tx, caller, customer_id); !s.ok()) return s;
        const absl::Time now = context_.clock->Now();
        const pqxx::result inserted = tx.exec_prepared(
            kInsert, crypto::NewUuid(), customer_id, values.contact(), period_text, values.score(),
            values.comment(), caller.org_unit(), caller.user(), absl::ToUnixMicros(now));
        if (inserted.empty()) {
          const pqxx::result existing = tx.exec_prepared(kExisting, values.contact(), period_text);
          const std::string first =
              existing.empty() ? std::string() : SurveyName(existing[0][0].as<std::string>());
          return status::Error(
              absl::StatusCode::kAlreadyExists, kErrorDomain, kReasonSurveyExists,
              crm::StrCat(values.contact(), " answered for ", period_text, " already (", first,
                          "); one answer per contact and period"),
              {{"contact", values.contact()}, {"period", period_text}, {"survey", first}});
        }
        v1::Survey survey = SurveyOf(inserted[0]);
        // The satisfaction means are facts: the refresher reads them again.
        if (absl::Status s = MarkDirty(tx, customer_id, now); !s.ok()) return s;
        if (absl::Status s = RecordScoringEvent(
                *context_.outbox, tx, v1::ScoringEvent::SURVEY_RECORDED, survey.name(),
                {.customer_id = customer_id, .org_unit = caller.org_unit()});
            !s.ok()) {
          return s;
        }
        return survey;
      });
  if (!recorded.ok()) return recorded.status();
  response = *std::move(recorded);
  return absl::OkStatus();
}

absl::Status SurveyHandlers::ListSurveys(const Actor& actor, const v1::ListSurveysRequest& request,
                                         v1::ListSurveysResponse& response,
                                         Violations& violations) {
  int page_size = pagination::kDefaultPageSize;
  if (request.page_size() != 0) {
    absl::StatusOr<int> size = pagination::NormalizePageSize(request.page_size(), kErrorDomain);
    if (size.ok()) {
      page_size = *size;
    } else {
      violations.Add("page_size", std::string(size.status().message()));
    }
  }
  std::string customer_id;
  if (!request.customer().empty()) {
    customer_id = names::CustomerIdOr(request.customer(), "customer", violations);
  }
  std::string period;
  if (!request.period().empty()) {
    if (absl::StatusOr<clock::Quarter> parsed = ParseQuarterField(request.period()); parsed.ok()) {
      period = clock::FormatQuarter(*parsed);
    } else {
      violations.Add("period", crm::StrCat("period: ", parsed.status().message()));
    }
  }
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListSurveys", actor.principal.user(), request.customer(), request.period()});
  const std::vector<std::string> after = context_.page_tokens->ResumeAfter(
      request.page_token(), fingerprint, 2, "ListSurveys call with these fields", violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);

  // A customer named: out of scope is PERMISSION_DENIED, not an empty list.
  if (!customer_id.empty()) {
    if (absl::Status visible = CheckCustomerVisible(context_, actor.principal, customer_id);
        !visible.ok()) {
      return visible;
    }
  }

  // Newest first, in the caller's scope, narrowed; keyset (create_time, id).
  const replicas::CustomerScopeParams scope =
      replicas::ScopeParamsOf(auth::ScopeOf(actor.principal));
  std::vector<std::string> params = {scope.all ? "true" : "false", scope.org_units};
  auto bind = [&params](std::string value) {
    params.push_back(std::move(value));
    return crm::StrCat("$", params.size());
  };
  std::string sql = crm::StrCat("SELECT " SURVEY_COLUMNS " FROM scoring.surveys s WHERE ",
                                CustomerInScope("s.customer_id", 1, 2));
  if (!customer_id.empty()) {
    crm::StrAppend(&sql, " AND s.customer_id = ", bind(customer_id), "::uuid");
  }
  if (!period.empty()) crm::StrAppend(&sql, " AND s.period = ", bind(period));
  int64_t after_micros = 0;
  if (after.size() == 2 && absl::SimpleAtoi(after[0], &after_micros)) {
    crm::StrAppend(&sql, " AND (s.create_time, s.id) < ('epoch'::timestamptz + ",
                   bind(crm::StrCat(after_micros)), "::bigint * interval '1 microsecond', ",
                   bind(after[1]), "::uuid)");
  }
  crm::StrAppend(&sql, " ORDER BY s.create_time DESC, s.id DESC LIMIT ",
                 bind(crm::StrCat(page_size)), "::integer");

  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        response.Clear();
        for (const pqxx::row& row :
             tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params))) {
          *response.add_surveys() = SurveyOf(row);
        }
        return absl::OkStatus();
      },
      "scoring.list_surveys");
  if (!status.ok()) return status;
  if (response.surveys_size() == page_size) {
    const v1::Survey& last = response.surveys(page_size - 1);
    response.set_next_page_token(context_.page_tokens->Encode(
        fingerprint,
        {.last_key = {crm::StrCat(TimeUtil::TimestampToMicroseconds(last.create_time())),
                      *ParseSurveyName(last.name())}}));
  }
  return absl::OkStatus();
}

}  // namespace crm::scoring
