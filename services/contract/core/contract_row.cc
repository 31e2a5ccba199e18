#include "services/contract/core/contract_row.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/sql_scope.h"
#include "libs/etag/etag.h"
#include "libs/log/log.h"
#include "libs/names/resource_names.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/contract/core/contract_names.h"
#include "services/contract/core/contract_scope.h"

namespace crm::contract {
namespace {

using ::google::protobuf::util::TimeUtil;

// The columns of a contract aliased `c`: see StoredFromRow.
#define CONTRACT_COLUMNS                                                                     \
  "c.id::text, c.contract_number, c.kind, c.state, c.title, c.customer_id::text,"            \
  " coalesce((SELECT rc.display_name FROM contract.replica_customers rc"                     \
  "   WHERE rc.customer_id = c.customer_id), ''),"                                           \
  " c.signing_org_unit, c.owner_user, c.currency_code, c.amount_minor,"                      \
  " coalesce(to_char(c.signing_date, 'YYYYMMDD')::int, 0),"                                  \
  " to_char(c.start_date, 'YYYYMMDD')::int, to_char(c.end_date, 'YYYYMMDD')::int,"           \
  " c.payment_terms, coalesce(c.opportunity_id::text, ''), coalesce(c.renews_id::text, '')," \
  " coalesce(c.framework_id::text, ''), c.attachments::text, c.submitter,"                   \
  " c.termination_reason, c.version, (extract(epoch FROM c.create_time) * 1000000)::bigint," \
  " (extract(epoch FROM c.update_time) * 1000000)::bigint,"                                  \
  " array_to_string(c.signing_org_unit_path, E'\\n')"

constexpr char kRead[] = "contract.row_read";
constexpr char kReadSql[] =
    "SELECT " CONTRACT_COLUMNS " FROM contract.contracts c WHERE c.id = ANY($1::uuid[])";
constexpr char kLock[] = "contract.row_lock";
constexpr char kInScope[] = "contract.row_in_scope";

// What lives beside the rows of contracts $1 (uuid[]), each read once for
// a whole page: a framework's live executions (pending approval, approved,
// signed, active) in its currency; the receipts; the renewal in progress.
constexpr char kExtras[] = "contract.row_extras";
constexpr char kExtrasSql[] =
    "SELECT c.id::text, (SELECT coalesce(sum(e.amount_minor), 0) FROM contract.contracts e"
    "   WHERE e.framework_id = c.id AND e.state IN (2, 3, 5, 6)"
    "   AND e.currency_code = c.currency_code),"
    " (SELECT coalesce(sum(r.amount_minor), 0) FROM contract.receipts r"
    "   WHERE r.contract_id = c.id),"
    " coalesce((SELECT x.id::text FROM contract.contracts x WHERE x.renews_id = c.id"
    "   AND x.state NOT IN (4, 8) ORDER BY x.create_time DESC, x.id LIMIT 1), '')"
    " FROM contract.contracts c WHERE c.id = ANY($1::uuid[])";
// $2: today ("" : days overdue not computed).
constexpr char kMilestones[] = "contract.row_milestones";
constexpr char kMilestonesSql[] =
    "SELECT m.contract_id::text, m.sequence, to_char(m.due_date, 'YYYYMMDD')::int,"
    " m.amount_minor, m.paid_minor,"
    " m.outstanding_minor, m.description, m.currency_code,"
    " CASE WHEN $2 <> '' AND m.outstanding_minor > 0 AND m.due_date < NULLIF($2, '')::date"
    "   THEN NULLIF($2, '')::date - m.due_date ELSE 0 END"
    " FROM contract.payment_milestones m WHERE m.contract_id = ANY($1::uuid[])"
    " ORDER BY m.contract_id, m.sequence";
constexpr char kSteps[] = "contract.row_steps";
constexpr char kStepsSql[] =
    "SELECT s.contract_id::text, s.sequence, s.role, s.outcome, s.approver,"
    " coalesce((extract(epoch FROM s.decide_time) * 1000000)::bigint, -1), s.comment"
    " FROM contract.approval_steps s WHERE s.contract_id = ANY($1::uuid[])"
    " ORDER BY s.contract_id, s.sequence";

constexpr char kSaveState[] = "contract.row_save_state";
constexpr char kSaveStateSql[] =
    "UPDATE contract.contracts SET state = $2, version = version + 1,"
    " update_time = $3::timestamptz WHERE id = $1::uuid RETURNING version";
constexpr char kReceivable[] = "contract.row_receivable";
constexpr char kReceivableSql[] =
    "UPDATE contract.payment_milestones SET receivable = ($2::int IN (5, 6, 7))"
    " WHERE contract_id = $1::uuid AND receivable <> ($2::int IN (5, 6, 7))";
constexpr char kHistory[] = "contract.row_history";
constexpr char kHistorySql[] =
    "INSERT INTO contract.contract_history (contract_id, actor, method, change_time,"
    " previous_state, state, comment) VALUES ($1::uuid, $2, $3, $4::timestamptz, $5, $6, $7)";

const std::string& LockSql() {
  static const std::string sql = crm::StrCat(
      "SELECT " CONTRACT_COLUMNS " FROM contract.contracts c WHERE c.id = $1::uuid AND ",
      ContractInScope(2, 3), " FOR UPDATE OF c");
  return sql;
}
const std::string& InScopeSql() {
  static const std::string sql = crm::StrCat(
      "SELECT 1 FROM contract.contracts c WHERE c.id = $1::uuid AND ", ContractInScope(2, 3));
  return sql;
}

common::v1::Money MoneyOf(const std::string& currency, int64_t minor) {
  common::v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor);
  return money;
}

void ParseAttachments(const std::string& json, const std::string& id, v1::Contract& out) {
  v1::Contract holder;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (const auto parsed = google::protobuf::util::JsonStringToMessage(
          crm::StrCat("{\"attachments\":", json, "}"), &holder, options);
      !parsed.ok()) {
    // Written by this service only; should it not parse, the rest still shows.
    log::Error("stored contract attachments do not parse",
               {{"contract", id}, {"error", parsed.ToString()}});
    return;
  }
  *out.mutable_attachments() = std::move(*holder.mutable_attachments());
}

StoredContract StoredFromRow(const pqxx::row& row) {
  StoredContract s;
  v1::Contract& out = s.view;
  s.id = row[0].as<std::string>();
  out.set_name(ContractName(s.id));
  out.set_contract_number(row[1].as<std::string>());
  out.set_kind(static_cast<v1::ContractKind>(row[2].as<int>()));
  out.set_state(static_cast<v1::ContractState>(row[3].as<int>()));
  out.set_title(row[4].as<std::string>());
  s.customer_id = row[5].as<std::string>();
  out.set_customer(names::CustomerName(s.customer_id));
  out.set_customer_display_name(row[6].as<std::string>());
  out.set_signing_org_unit(row[7].as<std::string>());
  out.set_owner_user(row[8].as<std::string>());
  *out.mutable_amount() = MoneyOf(row[9].as<std::string>(), row[10].as<int64_t>());
  if (const int signing = row[11].as<int>(); signing != 0) {
    *out.mutable_signing_date() = DateOfNumber(signing);
  }
  *out.mutable_start_date() = DateOfNumber(row[12].as<int>());
  *out.mutable_end_date() = DateOfNumber(row[13].as<int>());
  out.set_payment_terms(row[14].as<std::string>());
  s.opportunity_id = row[15].as<std::string>();
  if (!s.opportunity_id.empty()) out.set_opportunity(names::OpportunityName(s.opportunity_id));
  s.renews_id = row[16].as<std::string>();
  if (!s.renews_id.empty()) out.set_renews(ContractName(s.renews_id));
  s.framework_id = row[17].as<std::string>();
  if (!s.framework_id.empty()) out.set_framework(ContractName(s.framework_id));
  ParseAttachments(row[18].as<std::string>(), s.id, out);
  out.set_submitter(row[19].as<std::string>());
  out.set_termination_reason(row[20].as<std::string>());
  s.version = row[21].as<int64_t>();
  out.set_etag(EtagOf(s.version));
  *out.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[22].as<int64_t>());
  *out.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[23].as<int64_t>());
  for (absl::string_view unit :
       absl::StrSplit(row[24].as<std::string>(), '\n', absl::SkipEmpty())) {
    s.signing_org_unit_path.emplace_back(unit);
  }
  return s;
}

// Fills what lives beside the rows of `contracts`: milestones, steps, the
// framework's ceiling use, receipts and the renewal; three statements
// however many contracts there are.
void FillDetails(pqxx::transaction_base& tx, std::vector<StoredContract>& contracts,
                 const std::string& today) {
  if (contracts.empty()) return;
  std::vector<std::string> ids;
  absl::flat_hash_map<std::string, StoredContract*> by_id;
  for (StoredContract& s : contracts) {
    ids.push_back(s.id);
    by_id[s.id] = &s;
  }
  const std::string id_array = auth::TextArrayLiteral(ids);
  for (const pqxx::row& row : tx.exec_prepared(kMilestones, id_array, today)) {
    v1::PaymentMilestone& m = *by_id.at(row[0].as<std::string>())->view.add_payment_milestones();
    m.set_sequence(row[1].as<int>());
    *m.mutable_due_date() = DateOfNumber(row[2].as<int>());
    const std::string milestone_currency = row[7].as<std::string>();
    *m.mutable_amount() = MoneyOf(milestone_currency, row[3].as<int64_t>());
    *m.mutable_paid() = MoneyOf(milestone_currency, row[4].as<int64_t>());
    *m.mutable_outstanding() = MoneyOf(milestone_currency, row[5].as<int64_t>());
    m.set_description(row[6].as<std::string>());
    m.set_days_overdue(row[8].as<int>());
  }
  for (const pqxx::row& row : tx.exec_prepared(kSteps, id_array)) {
    v1::ApprovalStep& step = *by_id.at(row[0].as<std::string>())->view.add_approval_steps();
    step.set_sequence(row[1].as<int>());
    step.set_role(row[2].as<std::string>());
    step.set_outcome(static_cast<v1::ApprovalStep::Outcome>(row[3].as<int>()));
    step.set_approver(row[4].as<std::string>());
    if (const int64_t micros = row[5].as<int64_t>(); micros >= 0) {
      *step.mutable_decide_time() = TimeUtil::MicrosecondsToTimestamp(micros);
    }
    step.set_comment(row[6].as<std::string>());
  }
  for (const pqxx::row& extras : tx.exec_prepared(kExtras, id_array)) {
    v1::Contract& out = by_id.at(extras[0].as<std::string>())->view;
    const std::string& currency = out.amount().currency_code();
    const int64_t amount = out.amount().minor_units();
    if (out.kind() == v1::FRAMEWORK) {
      const int64_t used = extras[1].as<int64_t>();
      *out.mutable_framework_used() = MoneyOf(currency, used);
      *out.mutable_framework_remaining() = MoneyOf(currency, amount - used);
    } else {
      const int64_t received = extras[2].as<int64_t>();
      *out.mutable_received() = MoneyOf(currency, received);
      *out.mutable_outstanding() = MoneyOf(currency, amount - received);
    }
    if (const std::string renewal = extras[3].as<std::string>(); !renewal.empty()) {
      out.set_renewed_by(ContractName(renewal));
    }
  }
}

// Contracts `ids` as stored, in that order (ids that do not exist are left
// out).
std::vector<StoredContract> ReadMany(pqxx::transaction_base& tx,
                                     const std::vector<std::string>& ids,
                                     const std::string& today) {
  absl::flat_hash_map<std::string, StoredContract> found;
  for (const pqxx::row& row : tx.exec_prepared(kRead, auth::TextArrayLiteral(ids))) {
    StoredContract stored = StoredFromRow(row);
    std::string id = stored.id;
    found.emplace(std::move(id), std::move(stored));
  }
  std::vector<StoredContract> contracts;
  contracts.reserve(found.size());
  for (const std::string& id : ids) {
    if (auto it = found.find(id); it != found.end()) contracts.push_back(std::move(it->second));
  }
  FillDetails(tx, contracts, today);
  return contracts;
}

absl::StatusOr<StoredContract> ReadStored(pqxx::transaction_base& tx, const std::string& id,
                                          const std::string& today) {
  std::vector<StoredContract> contracts = ReadMany(tx, {id}, today);
  if (contracts.empty()) {
    return status::Error(absl::StatusCode::kNotFound, kDomain, "CONTRACT_NOT_FOUND",
                         crm::StrCat(ContractName(id), " does not exist"),
                         {{"contract", ContractName(id)}});
  }
  return std::move(contracts.front());
}

}  // namespace

absl::Status ContractUnreachable(const auth::v1::Principal& principal, const std::string& id) {
  const std::string name = ContractName(id);
  if (auth::ScopeOf(principal).all) {
    return status::Error(absl::StatusCode::kNotFound, kDomain, "CONTRACT_NOT_FOUND",
                         crm::StrCat(name, " does not exist"), {{"contract", name}});
  }
  return status::Error(
      absl::StatusCode::kPermissionDenied, kDomain, "CONTRACT_NOT_IN_SCOPE",
      crm::StrCat(name, " is not among the contracts ", principal.user(),
                  " may see (those signed by, or of customers owned or served by, org units in "
                  "the scope of ",
                  principal.org_unit(), "), or does not exist"),
      {{"contract", name}, {"user", principal.user()}});
}

absl::StatusOr<StoredContract> LockContract(pqxx::work& tx, const auth::v1::Principal& principal,
                                            const std::string& id) {
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  const pqxx::result rows = tx.exec_prepared(kLock, id, scope.all, scope.org_units);
  if (rows.empty()) return ContractUnreachable(principal, id);
  std::vector<StoredContract> locked = {StoredFromRow(rows[0])};
  FillDetails(tx, locked, "");
  return std::move(locked.front());
}

absl::Status CheckContractInScope(pqxx::transaction_base& tx, const auth::v1::Principal& principal,
                                  const std::string& id) {
  const replicas::CustomerScopeParams scope = replicas::ScopeParamsOf(auth::ScopeOf(principal));
  if (tx.exec_prepared(kInScope, id, scope.all, scope.org_units).empty()) {
    return ContractUnreachable(principal, id);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Contract> ReadContractView(pqxx::transaction_base& tx, const std::string& id,
                                              absl::CivilDay today) {
  absl::StatusOr<StoredContract> stored = ReadStored(tx, id, DayParam(today));
  if (!stored.ok()) return stored.status();
  return std::move(stored->view);
}

std::vector<v1::Contract> ReadContractViews(pqxx::transaction_base& tx,
                                            const std::vector<std::string>& ids,
                                            absl::CivilDay today) {
  std::vector<v1::Contract> views;
  for (StoredContract& stored : ReadMany(tx, ids, DayParam(today))) {
    views.push_back(std::move(stored.view));
  }
  return views;
}

absl::StatusOr<StoredContract> ReadStoredContract(pqxx::transaction_base& tx,
                                                  const std::string& id) {
  return ReadStored(tx, id, "");
}

int64_t SaveState(pqxx::work& tx, const std::string& id, v1::ContractState state, absl::Time now) {
  const int64_t version =
      tx.exec_prepared1(kSaveState, id, static_cast<int>(state), TimeParam(now))[0].as<int64_t>();
  tx.exec_prepared0(kReceivable, id, static_cast<int>(state));
  return version;
}

void RecordHistory(pqxx::work& tx, const request::Actor& actor, const std::string& id,
                   std::string_view method, v1::ContractState previous, v1::ContractState next,
                   std::string_view comment, absl::Time now) {
  const std::string& who = actor.principal.user().empty() ? actor.method : actor.principal.user();
  tx.exec_prepared0(kHistory, id, who, std::string(method), TimeParam(now),
                    static_cast<int>(previous), static_cast<int>(next), std::string(comment));
}

std::vector<pg::PreparedStatement> ContractRowStatements() {
  return {{kRead, kReadSql},
          {kLock, LockSql()},
          {kInScope, InScopeSql()},
          {kExtras, kExtrasSql},
          {kMilestones, kMilestonesSql},
          {kSteps, kStepsSql},
          {kSaveState, kSaveStateSql},
          {kReceivable, kReceivableSql},
          {kHistory, kHistorySql}};
}

std::string TimeParam(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", time, absl::UTCTimeZone());
}

std::string DateParam(const common::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return "";
  return validation::FormatDate(date);
}

common::v1::Date DateOfNumber(int yyyymmdd) {
  common::v1::Date date;
  if (yyyymmdd <= 0) return date;
  date.set_year(yyyymmdd / 10000);
  date.set_month(yyyymmdd / 100 % 100);
  date.set_day(yyyymmdd % 100);
  return date;
}

std::string DayParam(absl::CivilDay day) {
  return validation::FormatDate(validation::FromCivilDay(day));
}

}  // namespace crm::contract
