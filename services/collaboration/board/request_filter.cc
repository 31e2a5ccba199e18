#include "services/collaboration/board/request_filter.h"

#include <utility>

#include "libs/names/name_field.h"
#include "libs/names/resource_names.h"
#include "libs/replicas/group/group_subtree_sql.h"
#include "libs/strings/quote.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/enum_value.h"
#include "services/collaboration/core/collaboration_database.h"
#include "services/collaboration/core/collaboration_names.h"

namespace crm::collaboration {

RequestFilter ParseRequestFilter(const RequestFilterFields& fields,
                                 const auth::v1::Principal& caller,
                                 status::FieldViolations& violations) {
  RequestFilter filter;
  if (!fields.customer.empty()) {
    filter.customer_id = names::CustomerIdOr(fields.customer, "customer", violations);
  }
  if (!fields.customer_group.empty()) {
    if (std::optional<int64_t> node = names::ParseNodeName(fields.customer_group)) {
      filter.group_node = *node;
    } else {
      violations.Add("customer_group",
                     crm::StrCat("customer_group: ", Quote(fields.customer_group),
                                 " is not a customer-group node name like nodes/42"));
    }
  }
  if (!fields.org_unit.empty()) {
    const std::string id = names::OrgUnitIdOr(fields.org_unit, "org_unit", violations);
    if (!id.empty()) filter.org_unit = names::OrgUnitName(id);
  }
  validation::CheckEnum<v1::Urgency>(fields.urgency, "urgency", validation::Presence::kOptional,
                                     violations);
  filter.urgency = static_cast<v1::Urgency>(fields.urgency);
  validation::CheckEnum<v1::CollaborationStep>(fields.step, "step", validation::Presence::kOptional,
                                               violations);
  filter.step = static_cast<v1::CollaborationStep>(fields.step);
  if (fields.mine) {
    if (caller.user().empty()) {
      violations.Add("mine", "mine: only a user has requests of their own");
    }
    filter.user = caller.user();
  }
  return filter;
}

std::string SqlParams::Bind(std::string value) {
  values_.push_back(std::move(value));
  return crm::StrCat("$", values_.size());
}

std::string RequestFilterSql(const RequestFilter& filter, SqlParams& params) {
  std::string sql;
  if (!filter.customer_id.empty()) {
    crm::StrAppend(&sql, " AND r.customer_id = ", params.Bind(filter.customer_id), "::uuid");
  }
  if (filter.group_node != 0) {
    params.Bind(crm::StrCat(filter.group_node));
    const int node_param = static_cast<int>(params.values().size());
    crm::StrAppend(
        &sql, " AND ",
        replicas::GroupSubtreePredicate(kCollaborationSchema, "r.customer_id", node_param));
  }
  if (!filter.org_unit.empty()) {
    const std::string unit = params.Bind(filter.org_unit);
    crm::StrAppend(&sql, " AND (r.requesting_org_unit = ", unit,
                   " OR r.participant_org_units @> ARRAY[", unit, "::text])");
  }
  if (filter.urgency != v1::URGENCY_UNSPECIFIED) {
    crm::StrAppend(&sql, " AND r.urgency = ", params.Bind(crm::StrCat(filter.urgency)),
                   "::smallint");
  }
  if (filter.step != v1::COLLABORATION_STEP_UNSPECIFIED) {
    crm::StrAppend(&sql, " AND r.step = ", params.Bind(crm::StrCat(filter.step)), "::smallint");
  }
  if (!filter.user.empty()) {
    const std::string user = params.Bind(filter.user);
    crm::StrAppend(&sql, " AND (r.requester = ", user, " OR r.step_owner = ", user,
                   " OR EXISTS (SELECT 1 FROM collaboration.request_participants p"
                   " WHERE p.request_id = r.id AND p.owner = ",
                   user, "))");
  }
  return sql;
}

absl::Status CheckGroupKnown(pqxx::transaction_base& tx, const RequestFilter& filter) {
  if (filter.group_node == 0) return absl::OkStatus();
  const bool known =
      tx.exec_params1(
            "SELECT EXISTS (SELECT 1 FROM collaboration.replica_group_nodes WHERE node_id = "
            "$1::bigint)",
            filter.group_node)[0]
          .as<bool>();
  if (known) return absl::OkStatus();
  const std::string node = names::NodeName(filter.group_node);
  return status::Error(absl::StatusCode::kNotFound, kDomain, "NODE_NOT_FOUND",
                       crm::StrCat(node, " is no customer-group node known here"),
                       {{"group", node}});
}

}  // namespace crm::collaboration
