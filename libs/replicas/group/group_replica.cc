#include "libs/replicas/group/group_replica.h"

#include <chrono>
#include <utility>

#include "google/protobuf/util/time_util.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/service_principal.h"
#include "libs/log/log.h"
#include "libs/pg/schema_statement.h"
#include "libs/pg/transaction.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::replicas {
namespace {

namespace v1 = ::crm::hierarchy::v1;

constexpr char kFeed[] = "hierarchy";
constexpr int kPageSize = 500;
constexpr auto kCallTimeout = std::chrono::seconds(10);

// "{schema}" is the consuming service's schema.
//
// $1 node, $2 root, $3 customer ("" for none), $4 path, $5 version; a stored
// node as new as the event stays.
constexpr char kUpsertSql[] =
    "INSERT INTO {schema}.replica_group_nodes AS g (node_id, root_id, customer_id, path, version)"
    " VALUES ($1, $2, NULLIF($3, '')::uuid, $4::ltree, $5)"
    " ON CONFLICT (node_id) DO UPDATE SET root_id = excluded.root_id,"
    " customer_id = excluded.customer_id, path = excluded.path, version = excluded.version"
    " WHERE g.version < excluded.version";
// The subtree at $2 (the node $1's previous path) moves under $3 (the new
// parent's path, "": the node heads its group) in group $4, when the node's
// stored version is older than the event's $5: the statement the hierarchy
// moves its own nodes with, so both keep the same paths and versions.
constexpr char kMoveSubtreeSql[] =
    "UPDATE {schema}.replica_group_nodes AS g SET"
    " path = CASE WHEN $3 = '' THEN subpath(g.path, nlevel($2::ltree) - 1)"
    "        ELSE $3::ltree || subpath(g.path, nlevel($2::ltree) - 1) END,"
    " root_id = $4,"
    " version = CASE WHEN g.node_id = $1 THEN $5 ELSE g.version + 1 END"
    " WHERE g.path <@ $2::ltree"
    " AND (SELECT t.version FROM {schema}.replica_group_nodes t WHERE t.node_id = $1) < $5";
// $2: the node's last version.
constexpr char kDeleteSql[] =
    "DELETE FROM {schema}.replica_group_nodes WHERE node_id = $1 AND version <= $2";
constexpr char kKnownSql[] =
    "SELECT EXISTS (SELECT 1 FROM {schema}.replica_group_nodes WHERE node_id = $1)";
constexpr char kSubtreeCustomersSql[] =
    "SELECT g.customer_id::text FROM {schema}.replica_group_nodes g"
    " WHERE g.customer_id IS NOT NULL AND g.path <@"
    "   (SELECT t.path FROM {schema}.replica_group_nodes t WHERE t.node_id = $1)"
    " ORDER BY g.customer_id";
constexpr char kMergeCustomerSql[] =
    "UPDATE {schema}.replica_group_nodes SET customer_id = $2::uuid WHERE customer_id = $1::uuid";

struct Sql {
  std::string_view what;
  std::string_view sql;
};
constexpr Sql kStatements[] = {{"upsert", kUpsertSql},
                               {"move_subtree", kMoveSubtreeSql},
                               {"delete", kDeleteSql},
                               {"known", kKnownSql},
                               {"subtree_customers", kSubtreeCustomersSql},
                               {"merge_customer", kMergeCustomerSql}};

// "<schema>.group_replica_<what>", as Statements() names it.
std::string Name(std::string_view schema, std::string_view what) {
  return crm::StrCat(schema, ".group_replica_", what);
}

}  // namespace

GroupReplica::GroupReplica(pg::ConnectionPool& pool, std::shared_ptr<grpc::Channel> hierarchy,
                           auth::PrincipalSigner signer, GroupReplicaOptions options)
    : pool_(pool),
      hierarchy_(v1::HierarchyService::NewStub(std::move(hierarchy))),
      signer_(std::move(signer)),
      options_(std::move(options)),
      follower_(pool,
                {.schema = options_.schema, .feed = kFeed, .interval = options_.follow_interval},
                [this](const std::string& token) { return ReadPage(token); }) {}

std::vector<pg::PreparedStatement> GroupReplica::Statements(std::string_view schema) {
  std::vector<pg::PreparedStatement> statements = events::Follower::Statements(schema);
  for (const Sql& statement : kStatements) {
    statements.push_back(
        pg::SchemaStatement(schema, crm::StrCat("group_replica_", statement.what), statement.sql));
  }
  return statements;
}

std::unique_ptr<grpc::ClientContext> GroupReplica::AsService() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  auth::AttachPrincipal(*context, signer_, auth::ServicePrincipal(options_.principal));
  return context;
}

absl::StatusOr<events::FollowedPage> GroupReplica::ReadPage(const std::string& token) {
  v1::ListHierarchyEventsRequest request;
  request.set_page_size(kPageSize);
  if (token.empty()) {
    // A new replica takes every group the feed still has.
    *request.mutable_start_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(0);
  } else {
    request.set_page_token(token);
  }
  v1::ListHierarchyEventsResponse page;
  const grpc::Status listed = hierarchy_->ListHierarchyEvents(AsService().get(), request, &page);
  if (!listed.ok()) return status::FromGrpc(listed);

  events::FollowedPage followed{.next_token = page.next_page_token(),
                                .at_end = page.events_size() < kPageSize};
  for (const v1::HierarchyEvent& event : page.events()) {
    std::function<absl::Status(pqxx::work&)> apply;
    if (absl::StatusOr<GroupChange> change = GroupChangeOf(event); change.ok()) {
      apply = [this, change = *std::move(change)](pqxx::work& tx) { return Apply(tx, change); };
    } else {
      apply = [this, event, why = change.status()](pqxx::work&) {
        Skip(event, why);
        return absl::OkStatus();
      };
    }
    followed.events.push_back({.event_id = event.event_id(), .apply = std::move(apply)});
  }
  return followed;
}

absl::Status GroupReplica::Apply(pqxx::work& tx, const GroupChange& change) const {
  const std::string_view schema = options_.schema;
  switch (change.action) {
    case GroupChange::Action::kIgnore:
      break;
    case GroupChange::Action::kUpsert:
      tx.exec_prepared0(Name(schema, "upsert"), change.node_id, change.root_id, change.customer_id,
                        change.path, change.version);
      break;
    case GroupChange::Action::kMoveSubtree:
      tx.exec_prepared0(Name(schema, "move_subtree"), change.node_id, change.previous_path,
                        change.parent_path, change.root_id, change.version);
      // A node the replica never saw attached (attached before the oldest
      // event kept) is in place from now on.
      tx.exec_prepared0(Name(schema, "upsert"), change.node_id, change.root_id, change.customer_id,
                        change.path, change.version);
      break;
    case GroupChange::Action::kDelete:
      tx.exec_prepared0(Name(schema, "delete"), change.node_id, change.version);
      break;
  }
  return absl::OkStatus();
}

void GroupReplica::Skip(const v1::HierarchyEvent& event, const absl::Status& why) const {
  const std::string error(why.message());
  log::Error("group replica skips a hierarchy event it cannot apply",
             {{"schema", options_.schema}, {"event_id", event.event_id()}, {"error", error}});
  if (prometheus::Counter* skipped = skipped_.load()) skipped->Increment();
}

absl::StatusOr<bool> GroupReplica::NodeKnown(int64_t node_id) {
  bool known = false;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        known = tx.exec_prepared1(Name(options_.schema, "known"), node_id)[0].as<bool>();
        return absl::OkStatus();
      },
      Name(options_.schema, "known"));
  if (!status.ok()) return status;
  return known;
}

absl::StatusOr<std::vector<std::string>> GroupReplica::SubtreeCustomers(int64_t node_id) {
  std::vector<std::string> customers;
  absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) {
        customers.clear();
        for (const pqxx::row& row :
             tx.exec_prepared(Name(options_.schema, "subtree_customers"), node_id)) {
          customers.push_back(row[0].c_str());
        }
        return absl::OkStatus();
      },
      Name(options_.schema, "subtree_customers"));
  if (!status.ok()) return status;
  return customers;
}

void GroupReplica::FollowCustomerMerge(pqxx::work& tx, const std::string& merged_id,
                                       const std::string& survivor_id) const {
  tx.exec_prepared0(Name(options_.schema, "merge_customer"), merged_id, survivor_id);
}

void GroupReplica::ExportMetrics(prometheus::Registry& registry) {
  follower_.ExportMetrics(registry);
  prometheus::Family<prometheus::Counter>& family =
      prometheus::BuildCounter()
          .Name("crm_group_replica_skipped_events_total")
          .Help("Hierarchy events the group replica could not apply and skipped")
          .Register(registry);
  skipped_.store(&family.Add({{"schema", options_.schema}}));
}

}  // namespace crm::replicas
