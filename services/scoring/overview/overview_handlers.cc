#include "services/scoring/overview/overview_handlers.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/data_scope.h"
#include "libs/auth/org_unit_subtree.h"
#include "libs/auth/sql_scope.h"
#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/pagination/page_size.h"
#include "libs/pagination/query_fingerprint.h"
#include "libs/pg/text_array.h"
#include "libs/pg/transaction.h"
#include "libs/replicas/customer/customer_scope_sql.h"
#include "libs/replicas/group/group_subtree_sql.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "services/scoring/core/scoring_database.h"
#include "services/scoring/core/scoring_names.h"
#include "services/scoring/core/scoring_scope.h"
#include "services/scoring/rules/errors.h"
#include "services/scoring/rules/tier_rules.h"

namespace crm::scoring {
namespace {

using ::google::protobuf::util::TimeUtil;

constexpr char kCurrency[] = "CNY";
// How many of a member's reasons an at-risk line shows (the heaviest).
constexpr int kReasonsShown = 3;

// A timestamptz column as microseconds since the epoch, -1 for NULL.
#define MICROS(column) "coalesce((extract(epoch FROM " column ") * 1000000)::bigint, -1)"

// A customer's scores, facts, name and open warning; every part may be
// missing (a customer not scored or refreshed yet).
constexpr char kCustomerOverview[] = "scoring.overview_customer";
constexpr char kCustomerOverviewSql[] =
    "SELECT coalesce(rc.display_name, ''), coalesce(rc.owner_org_unit, ''),"
    " s.customer_id IS NOT NULL, coalesce(s.tier, 0), s.value, s.health,"
    " coalesce(f.pipeline_open_minor, 0), coalesce(f.pipeline_weighted_minor, 0),"
    " coalesce(f.active_contract_minor, 0), coalesce(f.receivable_minor, 0),"
    " coalesce(f.overdue_minor, 0), " MICROS("f.last_activity_time") ", " MICROS(
        "f.last_visit_time") ","
    " coalesce(f.open_requests, 0), coalesce(f.notes, '{}'), " MICROS("f.refresh_time") ","
    " coalesce((SELECT w.id::text FROM scoring.churn_warnings w"
    "   WHERE w.customer_id = k.customer_id AND w.state = 1 LIMIT 1), '')"
    " FROM (SELECT $1::uuid AS customer_id) k"
    " LEFT JOIN scoring.replica_customers rc ON rc.customer_id = k.customer_id"
    " LEFT JOIN scoring.customer_scores s ON s.customer_id = k.customer_id"
    " LEFT JOIN scoring.customer_facts f ON f.customer_id = k.customer_id";

constexpr char kNodePath[] = "scoring.overview_node_path";
constexpr char kNodePathSql[] =
    "SELECT path::text FROM scoring.replica_group_nodes WHERE node_id = $1::bigint";

// group_figures (migration 0002) row `g` is of a customer in scope: $2 the
// scope's `all`, $3 its org units. The same rule as CustomerInScope, on the
// owner and account team the table copies from the customer replica.
constexpr char kFigureVisible[] =
    "($2::boolean OR g.owner_org_unit = ANY($3::text[]) OR g.account_team && $3::text[])";

// The roll-up of subtree $1 (ltree): per visibility, tier and risk, the
// members, money sums (numeric, as text: checked into int64 here), the least
// health, the purchase-weighted health's two sums and the plain health sum.
// One GiST range scan over group_figures.
const std::string& RollupSql() {
  static const std::string sql = crm::StrCat(
      "SELECT g.v, g.tier, g.risk, count(*), sum(g.annual_purchases_minor)::text,"
      " sum(g.pipeline_open_minor)::text, sum(g.pipeline_weighted_minor)::text,"
      " sum(g.active_contract_minor)::text, sum(g.receivable_minor)::text,"
      " sum(g.overdue_minor)::text, min(g.health_score),"
      " coalesce(sum(g.health_score * g.annual_purchases_minor)"
      "   FILTER (WHERE g.annual_purchases_minor > 0), 0),"
      " coalesce(sum(g.annual_purchases_minor::float8)"
      "   FILTER (WHERE g.annual_purchases_minor > 0), 0),"
      " sum(g.health_score)"
      " FROM (SELECT ",
      kFigureVisible,
      " AS v, g.* FROM scoring.group_figures g"
      "   WHERE g.path <@ $1::ltree AND g.customer_id IS NOT NULL) g"
      " GROUP BY 1, 2, 3");
  return sql;
}

// The members of subtree $1 in scope at medium or high risk, least healthy
// first ($4 of them), with their names and stored health (the reasons).
const std::string& AtRiskSql() {
  static const std::string sql = crm::StrCat(
      "SELECT a.node_id, a.customer_id::text, coalesce(rc.display_name, ''), a.owner_org_unit,"
      " a.tier, a.risk, a.health_score, s.health"
      " FROM (SELECT g.node_id, g.customer_id, g.owner_org_unit, g.tier, g.risk, g.health_score"
      "   FROM scoring.group_figures g"
      "   WHERE g.path <@ $1::ltree AND g.customer_id IS NOT NULL AND g.risk >= 2 AND ",
      kFigureVisible,
      "   ORDER BY g.health_score, g.customer_id LIMIT $4::integer) a"
      " LEFT JOIN scoring.replica_customers rc ON rc.customer_id = a.customer_id"
      " LEFT JOIN scoring.customer_scores s ON s.customer_id = a.customer_id"
      " ORDER BY a.health_score, a.customer_id");
  return sql;
}

// The first $4 nodes of subtree $1 depth first: ltree order puts a node's
// descendants right after it, so the B-tree range from the top's path
// (group_figures_path_order) stops after them. Names of customers are
// identity fields every internal user sees; their figures only in scope.
const std::string& NodesSql() {
  static const std::string sql = crm::StrCat(
      "SELECT n.node_id, n.path::text, coalesce(n.customer_id::text, ''),"
      " coalesce(rc.display_name, ''), n.v, n.tier, n.risk, n.health_score"
      " FROM (SELECT g.node_id, g.path, g.customer_id, g.tier, g.risk, g.health_score, ",
      kFigureVisible,
      " AS v FROM scoring.group_figures g WHERE g.path >= $1::ltree AND g.path <@ $1::ltree"
      "   ORDER BY g.path LIMIT $4::integer) n"
      " LEFT JOIN scoring.replica_customers rc ON rc.customer_id = n.customer_id"
      " ORDER BY n.path");
  return sql;
}

common::v1::Money Cny(int64_t minor_units) {
  common::v1::Money money;
  money.set_currency_code(kCurrency);
  money.set_minor_units(minor_units);
  return money;
}

// Sets the timestamp `field` of `message` unless `micros` is -1 (NULL):
// an unset time stays absent.
template <typename Message, typename Setter>
void SetMicros(int64_t micros, Message& message, Setter mutable_field) {
  if (micros >= 0) *(message.*mutable_field)() = TimeUtil::MicrosecondsToTimestamp(micros);
}

// A stored assessment (bytea) parsed; INTERNAL when it does not parse.
template <typename Message>
absl::Status ParseStored(const pqxx::field& field, std::string_view what,
                         const std::string& customer_id, Message& out) {
  if (field.is_null()) return absl::OkStatus();
  const pqxx::binarystring bytes(field);
  if (!out.ParseFromString(bytes.str())) {
    return absl::InternalError(
        crm::StrCat("stored ", what, " of customer ", customer_id, " does not parse"));
  }
  return absl::OkStatus();
}

// A limit field: 0 → `default_value`, above `max` → `max`, negative: a
// violation.
int LimitOr(int32_t requested, std::string_view field, int default_value, int max,
            status::FieldViolations& violations) {
  if (requested < 0) {
    violations.Add(std::string(field),
                   crm::StrCat(field, ": must be 0 (the default, ", default_value, ") to ", max,
                               ", got ", requested));
    return 0;
  }
  if (requested == 0) return default_value;
  return std::min<int>(requested, max);
}

// The node in a nodes/{node} field, or 0 with a violation.
int64_t NodeIdOr(std::string_view name, std::string_view field, bool required,
                 status::FieldViolations& violations) {
  if (name.empty()) {
    if (required)
      violations.Add(std::string(field), crm::StrCat(field, ": is required, e.g. nodes/42"));
    return 0;
  }
  if (std::optional<int64_t> node = names::ParseNodeName(name)) return *node;
  violations.Add(
      std::string(field),
      crm::StrCat(field, ": ", Quote(name), " is not a customer-group node name like nodes/42"));
  return 0;
}

absl::Status NodeNotFound(int64_t node_id) {
  const std::string node = names::NodeName(node_id);
  return status::Error(absl::StatusCode::kNotFound, kErrorDomain, kReasonNodeNotFound,
                       crm::StrCat(node, " is no customer-group node known here"),
                       {{"node", node}});
}

// A sum of int64 column values computed by PostgreSQL as numeric (text);
// OUT_OF_RANGE when it does not fit a money amount.
absl::StatusOr<int64_t> SumOf(const pqxx::field& field, std::string_view what) {
  int64_t value = 0;
  if (field.is_null()) return value;
  if (!absl::SimpleAtoi(field.c_str(), &value)) {
    return status::Error(absl::StatusCode::kOutOfRange, kErrorDomain, kReasonSumOutOfRange,
                         crm::StrCat("the subtree's ", what, " (", field.c_str(),
                                     " fen) is beyond what a money amount holds"),
                         {{"figure", std::string(what)}});
  }
  return value;
}

absl::Status AddChecked(int64_t& total, int64_t value, std::string_view what) {
  if (__builtin_add_overflow(total, value, &total)) {
    return status::Error(
        absl::StatusCode::kOutOfRange, kErrorDomain, kReasonSumOutOfRange,
        crm::StrCat("the subtree's ", what, " is beyond what a money amount holds"),
        {{"figure", std::string(what)}});
  }
  return absl::OkStatus();
}

// The heaviest reasons of a stored health assessment.
absl::Status AddReasons(const pqxx::field& health, const std::string& customer_id,
                        v1::AtRiskMember& member) {
  v1::HealthAssessment assessment;
  if (absl::Status s = ParseStored(health, "health", customer_id, assessment); !s.ok()) return s;
  for (int i = 0; i < assessment.reasons_size() && i < kReasonsShown; ++i) {
    member.add_reasons(assessment.reasons(i));
  }
  return absl::OkStatus();
}

// Health scores in page tokens: exactly, so the keyset resumes where it
// stopped.
std::string ExactDouble(double value) { return absl::StrFormat("%.17g", value); }

}  // namespace

std::vector<pg::PreparedStatement> OverviewHandlers::Statements() {
  return {{kCustomerOverview, kCustomerOverviewSql}, {kNodePath, kNodePathSql}};
}

absl::Status OverviewHandlers::GetCustomerOverview(const Actor& actor,
                                                   const v1::GetCustomerOverviewRequest& request,
                                                   v1::CustomerOverview& response,
                                                   Violations& violations) {
  const std::string id = names::CustomerIdOr(request.customer(), "customer", violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  if (absl::Status stored = StoreCustomer(context_, id); !stored.ok()) return stored;
  return pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        if (absl::Status s = CheckCustomerVisible(tx, actor.principal, id); !s.ok()) return s;
        const pqxx::row row = tx.exec_prepared1(kCustomerOverview, id);
        response.Clear();
        response.set_customer(names::CustomerName(id));
        response.set_display_name(row[0].as<std::string>());
        response.set_owner_org_unit(row[1].as<std::string>());
        const auto tier = static_cast<v1::Tier>(row[3].as<int>());
        response.set_tier(tier);
        response.set_coordinated_by(CoordinatedBy(tier, response.owner_org_unit()));
        if (row[2].as<bool>()) {
          if (absl::Status s = ParseStored(row[4], "value", id, *response.mutable_value());
              !s.ok()) {
            return s;
          }
          if (absl::Status s = ParseStored(row[5], "health", id, *response.mutable_health());
              !s.ok()) {
            return s;
          }
        }
        *response.mutable_pipeline_open() = Cny(row[6].as<int64_t>());
        *response.mutable_pipeline_weighted() = Cny(row[7].as<int64_t>());
        *response.mutable_active_contract_value() = Cny(row[8].as<int64_t>());
        *response.mutable_receivable() = Cny(row[9].as<int64_t>());
        *response.mutable_overdue() = Cny(row[10].as<int64_t>());
        SetMicros(row[11].as<int64_t>(), response,
                  &v1::CustomerOverview::mutable_last_activity_time);
        SetMicros(row[12].as<int64_t>(), response, &v1::CustomerOverview::mutable_last_visit_time);
        response.set_open_collaboration_requests(row[13].as<int>());
        for (std::string& note : pg::ReadTextArray(row[14])) response.add_notes(std::move(note));
        SetMicros(row[15].as<int64_t>(), response, &v1::CustomerOverview::mutable_refresh_time);
        if (const std::string warning = row[16].as<std::string>(); !warning.empty()) {
          response.set_churn_warning(ChurnWarningName(warning));
        }
        return absl::OkStatus();
      },
      "scoring.customer_overview");
}

absl::Status OverviewHandlers::GetGroupOverview(const Actor& actor,
                                                const v1::GetGroupOverviewRequest& request,
                                                v1::GroupOverview& response,
                                                Violations& violations) {
  const int64_t node_id = NodeIdOr(request.node(), "node", /*required=*/true, violations);
  const int node_limit =
      LimitOr(request.node_limit(), "node_limit", kDefaultNodeLimit, kMaxNodeLimit, violations);
  const int at_risk_limit = LimitOr(request.at_risk_limit(), "at_risk_limit", kDefaultAtRiskLimit,
                                    kMaxAtRiskLimit, violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);
  const replicas::CustomerScopeParams scope =
      replicas::ScopeParamsOf(auth::ScopeOf(actor.principal));

  struct Totals {
    int64_t customers = 0;
    bool partial = false;
    int64_t annual = 0, pipeline_open = 0, pipeline_weighted = 0, active = 0, receivable = 0,
            overdue = 0;
    int worst_risk = 0;
    std::optional<double> worst_health;
    double weighted_sum = 0, weight = 0, health_sum = 0;
    int64_t scored = 0;
    int64_t tiers[4] = {0, 0, 0, 0};
    int64_t risks[4] = {0, 0, 0, 0};
  } totals;

  absl::Status status = pg::RunInTransaction(
      *context_.pool,
      [&](pqxx::work& tx) -> absl::Status {
        // One snapshot for the roll-up, the members at risk and the nodes.
        tx.exec0("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
        // Index ranges and an aggregate over narrow rows: compiling them or
        // starting parallel workers costs more than it saves.
        tx.exec0("SET LOCAL jit = off");
        tx.exec0("SET LOCAL max_parallel_workers_per_gather = 0");
        totals = Totals{};
        response.Clear();
        const pqxx::result top = tx.exec_prepared(kNodePath, node_id);
        if (top.empty()) return NodeNotFound(node_id);
        const std::string path = top[0][0].as<std::string>();
        const auto top_depth = static_cast<int>(std::count(path.begin(), path.end(), '.')) + 1;

        for (const pqxx::row& row : tx.exec_params(RollupSql(), path, scope.all, scope.org_units)) {
          if (!row[0].as<bool>()) {
            totals.partial = true;  // figures of the unseen stay here
            continue;
          }
          const int tier = row[1].as<int>();
          const int risk = row[2].as<int>();
          const int64_t members = row[3].as<int64_t>();
          totals.customers += members;
          struct Sum {
            int column;
            int64_t* total;
            const char* what;
          };
          for (const Sum& sum :
               {Sum{4, &totals.annual, "annual purchases"},
                Sum{5, &totals.pipeline_open, "open pipeline"},
                Sum{6, &totals.pipeline_weighted, "weighted pipeline"},
                Sum{7, &totals.active, "active contract value"},
                Sum{8, &totals.receivable, "receivable"}, Sum{9, &totals.overdue, "overdue"}}) {
            absl::StatusOr<int64_t> value = SumOf(row[sum.column], sum.what);
            if (!value.ok()) return value.status();
            if (absl::Status s = AddChecked(*sum.total, *value, sum.what); !s.ok()) return s;
          }
          if (tier < 1 || tier > 3 || risk < 1 || risk > 3) continue;  // not scored yet
          totals.tiers[tier] += members;
          totals.risks[risk] += members;
          totals.scored += members;
          totals.worst_risk = std::max(totals.worst_risk, risk);
          const double least = row[10].as<double>();
          if (!totals.worst_health.has_value() || least < *totals.worst_health) {
            totals.worst_health = least;
          }
          totals.weighted_sum += row[11].as<double>();
          totals.weight += row[12].as<double>();
          totals.health_sum += row[13].as<double>();
        }

        for (const pqxx::row& row :
             tx.exec_params(AtRiskSql(), path, scope.all, scope.org_units, at_risk_limit)) {
          v1::AtRiskMember& member = *response.add_at_risk();
          const std::string customer_id = row[1].as<std::string>();
          member.set_node(names::NodeName(row[0].as<int64_t>()));
          member.set_customer(names::CustomerName(customer_id));
          member.set_display_name(row[2].as<std::string>());
          member.set_owner_org_unit(row[3].as<std::string>());
          member.set_tier(static_cast<v1::Tier>(row[4].as<int>()));
          member.set_risk(static_cast<v1::RiskLevel>(row[5].as<int>()));
          member.set_health_score(row[6].as<double>());
          if (absl::Status s = AddReasons(row[7], customer_id, member); !s.ok()) return s;
        }

        for (const pqxx::row& row :
             tx.exec_params(NodesSql(), path, scope.all, scope.org_units, node_limit + 1)) {
          if (response.nodes_size() == node_limit) {
            response.set_nodes_truncated(true);
            break;
          }
          v1::GroupOverviewNode& node = *response.add_nodes();
          node.set_node(names::NodeName(row[0].as<int64_t>()));
          const std::string path_text = row[1].as<std::string>();
          const std::vector<std::string> labels = absl::StrSplit(path_text, '.');
          node.set_depth(static_cast<int>(labels.size()) - top_depth);
          if (node.depth() > 0) {
            node.set_parent(crm::StrCat("nodes/", labels[labels.size() - 2]));
          }
          const std::string customer_id = row[2].as<std::string>();
          node.set_display_name(row[3].as<std::string>());
          if (node.depth() == 0) response.set_display_name(node.display_name());
          if (customer_id.empty() || !row[4].as<bool>()) continue;
          node.set_customer(names::CustomerName(customer_id));
          const int tier = row[5].as<int>();
          if (tier == 0) continue;  // not scored yet
          node.set_tier(static_cast<v1::Tier>(tier));
          node.set_risk(static_cast<v1::RiskLevel>(row[6].as<int>()));
          node.set_health_score(row[7].as<double>());
        }
        return absl::OkStatus();
      },
      {.operation = "scoring.group_overview"});
  if (!status.ok()) return status;

  response.set_node(names::NodeName(node_id));
  response.set_customers(totals.customers);
  response.set_partial(totals.partial);
  *response.mutable_annual_purchases() = Cny(totals.annual);
  *response.mutable_pipeline_open() = Cny(totals.pipeline_open);
  *response.mutable_pipeline_weighted() = Cny(totals.pipeline_weighted);
  *response.mutable_active_contract_value() = Cny(totals.active);
  *response.mutable_receivable() = Cny(totals.receivable);
  *response.mutable_overdue() = Cny(totals.overdue);
  response.set_worst_risk(static_cast<v1::RiskLevel>(totals.worst_risk));
  response.set_worst_health_score(totals.worst_health.value_or(0));
  if (totals.weight > 0) {
    response.set_weighted_health_score(totals.weighted_sum / totals.weight);
  } else if (totals.scored > 0) {
    response.set_weighted_health_score(totals.health_sum / static_cast<double>(totals.scored));
  }
  for (int tier = v1::TIER_A; tier <= v1::TIER_C; ++tier) {
    v1::TierCount& count = *response.add_tier_counts();
    count.set_tier(static_cast<v1::Tier>(tier));
    count.set_customers(totals.tiers[tier]);
  }
  for (int risk = v1::RISK_LOW; risk <= v1::RISK_HIGH; ++risk) {
    v1::RiskCount& count = *response.add_risk_counts();
    count.set_risk(static_cast<v1::RiskLevel>(risk));
    count.set_customers(totals.risks[risk]);
  }
  return absl::OkStatus();
}

absl::Status OverviewHandlers::ListAtRiskCustomers(const Actor& actor,
                                                   const v1::ListAtRiskCustomersRequest& request,
                                                   v1::ListAtRiskCustomersResponse& response,
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
  validation::CheckEnum<v1::RiskLevel>(request.min_risk(), "min_risk",
                                       validation::Presence::kOptional, violations);
  std::string owner;
  if (!request.owner_org_unit().empty()) {
    const std::string unit =
        names::OrgUnitIdOr(request.owner_org_unit(), "owner_org_unit", violations);
    if (!unit.empty()) owner = names::OrgUnitName(unit);
  }
  const int64_t group = NodeIdOr(request.group(), "group", /*required=*/false, violations);
  const std::string fingerprint = pagination::QueryFingerprint(
      {"ListAtRiskCustomers", actor.principal.user(), crm::StrCat(request.min_risk()),
       request.owner_org_unit(), request.group()});
  const std::vector<std::string> after =
      context_.page_tokens->ResumeAfter(request.page_token(), fingerprint, 2,
                                        "ListAtRiskCustomers call with these fields", violations);
  if (!violations.empty()) return violations.ToStatus(kErrorDomain);

  const int min_risk =
      request.min_risk() == v1::RISK_LEVEL_UNSPECIFIED ? v1::RISK_HIGH : request.min_risk();
  // Owned by the org unit or below, as far as the principal tells.
  bool any_owner = true;
  std::vector<std::string> owners;
  if (!owner.empty()) {
    absl::StatusOr<auth::OrgUnitSubtree> subtree =
        auth::OrgUnitAndBelow(actor.principal, owner, kErrorDomain);
    if (!subtree.ok()) return subtree.status();
    any_owner = subtree->everything;
    owners = std::move(subtree->org_units);
  }

  // In the caller's scope, at or above the risk, narrowed; least healthy
  // first, keyset (health_score, customer_id) along customer_scores_at_risk.
  // The risk is written into the statement (a validated enum number) so the
  // planner sees that the partial index (risk >= 2) covers it.
  const replicas::CustomerScopeParams scope =
      replicas::ScopeParamsOf(auth::ScopeOf(actor.principal));
  std::vector<std::string> params = {scope.all ? "true" : "false", scope.org_units};
  auto bind = [&params](std::string value) {
    params.push_back(std::move(value));
    return crm::StrCat("$", params.size());
  };
  std::string sql = crm::StrCat(
      "SELECT s.customer_id::text, s.tier, s.risk, s.health_score, s.health,"
      " coalesce(rc.display_name, ''), coalesce(rc.owner_org_unit, ''),"
      " coalesce((SELECT n.node_id FROM scoring.replica_group_nodes n"
      "   WHERE n.customer_id = s.customer_id LIMIT 1), 0)"
      " FROM scoring.customer_scores s"
      " LEFT JOIN scoring.replica_customers rc ON rc.customer_id = s.customer_id"
      " WHERE s.risk >= 2 AND s.risk >= ",
      min_risk, " AND ", CustomerInScope("s.customer_id", 1, 2));
  if (!any_owner) {
    crm::StrAppend(&sql, " AND rc.owner_org_unit = ANY(", bind(auth::TextArrayLiteral(owners)),
                   "::text[])");
  }
  if (group != 0) {
    bind(crm::StrCat(group));
    crm::StrAppend(&sql, " AND ",
                   replicas::GroupSubtreePredicate(kScoringSchema, "s.customer_id",
                                                   static_cast<int>(params.size())));
  }
  if (after.size() == 2) {
    crm::StrAppend(&sql, " AND (s.health_score, s.customer_id) > (", bind(after[0]),
                   "::double precision, ", bind(after[1]), "::uuid)");
  }
  crm::StrAppend(&sql, " ORDER BY s.health_score, s.customer_id LIMIT ",
                 bind(crm::StrCat(page_size)), "::integer");

  absl::Status status = pg::RunReadOnly(
      *context_.pool,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        response.Clear();
        if (group != 0 && tx.exec_prepared(kNodePath, group).empty()) return NodeNotFound(group);
        for (const pqxx::row& row :
             tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params))) {
          v1::AtRiskMember& member = *response.add_customers();
          const std::string customer_id = row[0].as<std::string>();
          member.set_customer(names::CustomerName(customer_id));
          member.set_tier(static_cast<v1::Tier>(row[1].as<int>()));
          member.set_risk(static_cast<v1::RiskLevel>(row[2].as<int>()));
          member.set_health_score(row[3].as<double>());
          if (absl::Status s = AddReasons(row[4], customer_id, member); !s.ok()) return s;
          member.set_display_name(row[5].as<std::string>());
          member.set_owner_org_unit(row[6].as<std::string>());
          if (const int64_t node = row[7].as<int64_t>(); node != 0) {
            member.set_node(names::NodeName(node));
          }
        }
        return absl::OkStatus();
      },
      "scoring.list_at_risk");
  if (!status.ok()) return status;
  if (response.customers_size() == page_size) {
    const v1::AtRiskMember& last = response.customers(page_size - 1);
    response.set_next_page_token(context_.page_tokens->Encode(
        fingerprint, {.last_key = {ExactDouble(last.health_score()),
                                   *names::ParseCustomerName(last.customer())}}));
  }
  return absl::OkStatus();
}

}  // namespace crm::scoring
