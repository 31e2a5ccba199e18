#include "bench/hierarchy_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <iostream>
#include <optional>
#include <random>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/cpu_usage.h"
#include "libs/auth/principal_metadata.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/hierarchy/hierarchy_store.h"

namespace crm::bench {
namespace {

using hierarchy::v1::HierarchyService;

constexpr char kSubtreeWhole[] = "hierarchy_subtree_whole";
constexpr char kSubtreeFirstPage[] = "hierarchy_subtree_first_page";
constexpr char kSubtree1k[] = "hierarchy_subtree_1k";
constexpr char kAncestors[] = "hierarchy_ancestors";
constexpr char kMove10k[] = "hierarchy_move_10k";
constexpr const char* kOperations[] = {kSubtreeWhole, kSubtreeFirstPage, kSubtree1k, kAncestors,
                                       kMove10k};

// The targets, judged on the RPC's p50.
constexpr double kWholeTargetUs = 100'000;
constexpr double k1kTargetUs = 2'000;
constexpr double kAncestorsTargetUs = 1'000;
constexpr double kMoveTargetUs = 250'000;

// The largest page ListSubtree serves.
constexpr int kPageSize = 10000;
// What the store asks for when no max_depth is given.
constexpr int32_t kAnyDepth = 1 << 30;
// Leaves whose ancestors are read, round robin.
constexpr int kLeaves = 64;

// The store's statements (HierarchyStore::Statements()), by name.
constexpr char kGetSql[] = "hierarchy.get";
constexpr char kAncestorsSql[] = "hierarchy.ancestors";
constexpr char kRootOfSql[] = "hierarchy.root_of";
constexpr char kLockTreeSql[] = "hierarchy.lock_tree";
constexpr char kMoveSubtreeSql[] = "hierarchy.move_subtree";
constexpr char kSetEdgeSql[] = "hierarchy.set_edge";
constexpr char kBumpTreesSql[] = "hierarchy.bump_trees";
// Columns of NODE_COLUMNS in hierarchy_store.cc.
constexpr int kColId = 0;
constexpr int kColRoot = 5;
constexpr int kColPath = 6;
constexpr int kColDepth = 13;

// Nodes per depth for 100,000 nodes: fan-out falling from 10 at the top to
// under 2 at the bottom; depth 8 takes the rest.
constexpr int kLevelShape[] = {1, 10, 60, 300, 1200, 4000, 12000, 30000};
// Of the deepest nodes, this share are departments of their parent customer.
constexpr double kDepartmentShare = 0.2;

constexpr char kInsertRoot[] =
    "WITH new AS (SELECT nextval('hierarchy.node_id') AS id)"
    " INSERT INTO hierarchy.nodes (id, kind, customer_id, display_name, root_id, path, region,"
    "   owner_org_unit)"
    " SELECT id, 1, gen_random_uuid(), '华信能源集团（基准）', id, id::text::ltree, '310000',"
    "   'orgUnits/hq' FROM new RETURNING id";
// $1 nodes to add at depth $2 + 1 of tree $3, each under a parent customer
// at depth $2 chosen with a skew (random()^2: low-ranked parents get many
// children, many get none), so subtree sizes spread over orders of
// magnitude; a share $4 of them are departments.
constexpr char kInsertLevel[] =
    "WITH parents AS ("
    "  SELECT id, path, customer_id, row_number() OVER (ORDER BY id) AS rn"
    "  FROM hierarchy.nodes WHERE root_id = $3 AND depth = $2 AND kind = 1),"
    " np AS (SELECT count(*) AS n FROM parents),"
    " children AS ("
    "  SELECT nextval('hierarchy.node_id') AS id,"
    "         1 + floor(power(random(), 2) * np.n)::bigint AS rn, random() AS r1, random() AS r2"
    "  FROM generate_series(1, $1::integer), np)"
    " INSERT INTO hierarchy.nodes (id, kind, customer_id, display_name, parent_id, root_id, path,"
    "   edge_type, ownership_bp, effective_from, region, owner_org_unit)"
    " SELECT c.id,"
    "  CASE WHEN c.r1 < $4 THEN 2 ELSE 1 END,"
    "  CASE WHEN c.r1 < $4 THEN p.customer_id ELSE gen_random_uuid() END,"
    "  CASE WHEN c.r1 < $4 THEN '部门 ' || c.id ELSE '成员企业 ' || c.id END,"
    "  p.id, $3, p.path || c.id::text::ltree,"
    "  CASE WHEN c.r1 < $4 THEN 5 WHEN c.r2 < 0.4 THEN 1 WHEN c.r2 < 0.6 THEN 2"
    "       WHEN c.r2 < 0.85 THEN 3 ELSE 4 END,"
    "  CASE WHEN c.r1 < $4 THEN NULL WHEN c.r2 < 0.4 THEN 10000"
    "       WHEN c.r2 < 0.6 THEN 5100 + floor(c.r2 * 1000000)::integer % 4900"
    "       WHEN c.r2 < 0.85 THEN 2000 + floor(c.r2 * 1000000)::integer % 3000 ELSE NULL END,"
    "  DATE '2015-01-01' + floor(c.r2 * 1000000)::integer % 3650,"
    "  (ARRAY['310000','110000','440300','320500','330100'])[1 + floor(c.r2 * 1000)::integer % 5],"
    "  (ARRAY['orgUnits/sub-east','orgUnits/east-ka','orgUnits/sub-north','orgUnits/sub-south'])"
    "    [1 + floor(c.r2 * 10000)::integer % 4]"
    " FROM children c JOIN parents p ON p.rn = c.rn";
// Subtree sizes of every node at depths 1-4: each node counts once for each
// ancestor, read off its path.
constexpr char kSubtreeSizes[] =
    "SELECT ltree2text(subltree(n.path, d, d + 1))::bigint, d, count(*)"
    " FROM hierarchy.nodes n, generate_series(1, 4) d"
    " WHERE n.root_id = $1 AND nlevel(n.path) > d GROUP BY 1, 2";

struct Picked {
  int64_t id = 0;
  int depth = 0;
  int64_t size = 0;
};

// What was seeded and chosen.
struct Group {
  int64_t root = 0;
  int64_t nodes = 0;
  int max_depth = 0;
  std::vector<int64_t> per_depth;
  double seed_seconds = 0;
  Picked subtree_1k;
  Picked subtree_10k;
  int64_t move_parent_a = 0;  // where the 10k subtree hangs at first
  int64_t move_parent_b = 0;
  std::vector<int64_t> leaves;  // at max_depth
};

std::string NodeName(int64_t id) { return crm::StrCat("nodes/", id); }

std::string Error(const std::exception& e) { return e.what(); }

// Level sizes for `nodes` in total, shaped like kLevelShape.
std::vector<int64_t> LevelSizes(int nodes) {
  std::vector<int64_t> sizes;
  int64_t sum = 0;
  for (const int shape : kLevelShape) {
    const int64_t n = std::max<int64_t>(1, std::llround(shape * (nodes / 100000.0)));
    sizes.push_back(n);
    sum += n;
  }
  sizes.push_back(std::max<int64_t>(1, nodes - sum));
  sizes.front() = 1;
  return sizes;
}

Picked Closest(const std::vector<Picked>& all, int64_t size, const Picked* not_inside) {
  Picked best;
  double best_distance = 1e18;
  for (const Picked& p : all) {
    if (not_inside != nullptr && p.id == not_inside->id) continue;
    const double distance = std::abs(std::log(static_cast<double>(p.size) / size));
    if (distance < best_distance) {
      best_distance = distance;
      best = p;
    }
  }
  return best;
}

absl::StatusOr<Group> SeedGroup(pqxx::connection& conn, int nodes) {
  Group group;
  const auto start = std::chrono::steady_clock::now();
  try {
    pqxx::work tx(conn);
    // Ids and tree versions far from those of other test databases: the
    // subtree cache in the shared Redis is keyed by node name and version.
    std::random_device random;
    const int64_t offset = 1'000'000'000 + static_cast<int64_t>(random() % 1'000'000'000);
    tx.exec_params("SELECT setval('hierarchy.node_id', $1), setval('hierarchy.tree_version', $1)",
                   offset);
    tx.exec("SELECT setseed(0.42)");
    group.root = tx.exec1(kInsertRoot)[0].as<int64_t>();
    tx.exec_params0("INSERT INTO hierarchy.trees (root_id) VALUES ($1)", group.root);
    const std::vector<int64_t> sizes = LevelSizes(nodes);
    for (size_t depth = 1; depth < sizes.size(); ++depth) {
      const double departments = depth + 1 == sizes.size() ? kDepartmentShare : 0.0;
      tx.exec_params0(kInsertLevel, sizes[depth], static_cast<int>(depth - 1), group.root,
                      departments);
    }
    tx.commit();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("seeding the hierarchy: ", Error(e)));
  }
  try {
    pqxx::nontransaction tx(conn);
    tx.exec0("VACUUM ANALYZE hierarchy.nodes");
    tx.exec0("VACUUM ANALYZE hierarchy.trees");
    group.seed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const pqxx::row& row : tx.exec_params(
             "SELECT depth, count(*) FROM hierarchy.nodes WHERE root_id = $1 GROUP BY 1 ORDER BY 1",
             group.root)) {
      group.per_depth.push_back(row[1].as<int64_t>());
      group.nodes += row[1].as<int64_t>();
      group.max_depth = row[0].as<int>();
    }
    std::vector<Picked> subtrees;
    for (const pqxx::row& row : tx.exec_params(kSubtreeSizes, group.root)) {
      subtrees.push_back({row[0].as<int64_t>(), row[1].as<int>(), row[2].as<int64_t>()});
    }
    if (subtrees.empty()) return absl::InternalError("the seeded group has no subtrees");
    group.subtree_1k = Closest(subtrees, 1000, nullptr);
    group.subtree_10k = Closest(subtrees, 10000, nullptr);
    // Every node above the deepest level is a customer, so the 10k subtree
    // moves by a customer edge. Its other parent: a customer at its parent's
    // depth, else one of its siblings.
    const Picked& top = group.subtree_10k;
    const pqxx::row node =
        tx.exec_params1("SELECT parent_id, path::text FROM hierarchy.nodes WHERE id = $1", top.id);
    group.move_parent_a = node[0].as<int64_t>();
    for (const int depth : {top.depth - 1, top.depth}) {
      const pqxx::result other = tx.exec_params(
          "SELECT id FROM hierarchy.nodes WHERE root_id = $1 AND kind = 1 AND depth = $2"
          " AND id <> $3 AND id <> $4 AND NOT path <@ $5::ltree ORDER BY id LIMIT 1",
          group.root, depth, group.move_parent_a, top.id, node[1].c_str());
      if (!other.empty()) {
        group.move_parent_b = other[0][0].as<int64_t>();
        break;
      }
    }
    if (group.move_parent_b == 0) return absl::InternalError("no second parent for the move");
    for (const pqxx::row& row : tx.exec_params(
             "SELECT id FROM hierarchy.nodes WHERE root_id = $1 AND depth = $2 ORDER BY id"
             " LIMIT $3",
             group.root, group.max_depth, kLeaves)) {
      group.leaves.push_back(row[0].as<int64_t>());
    }
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("reading the seeded hierarchy: ", Error(e)));
  }
  return group;
}

// ---- the RPC side: blocking calls, one at a time ----

void Decorate(grpc::ClientContext& context, const std::string& principal) {
  context.AddMetadata(auth::kPrincipalMetadataKey, principal);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
}

absl::Status FromGrpc(const grpc::Status& s, std::string_view what) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      crm::StrCat(what, ": ", s.error_message()));
}

// Every page of ListSubtree (or the first `max_pages`); checks the count.
absl::Status RpcSubtree(HierarchyService::Stub& stub, const std::string& principal, int64_t id,
                        int max_pages, int64_t expected) {
  hierarchy::v1::ListSubtreeRequest request;
  request.set_name(NodeName(id));
  request.set_page_size(kPageSize);
  int64_t nodes = 0;
  for (int page = 0; page < max_pages; ++page) {
    grpc::ClientContext context;
    Decorate(context, principal);
    hierarchy::v1::ListSubtreeResponse response;
    if (grpc::Status s = stub.ListSubtree(&context, request, &response); !s.ok()) {
      return FromGrpc(s, "ListSubtree");
    }
    nodes += response.nodes_size();
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  if (nodes != expected) {
    return absl::InternalError(
        crm::StrCat("ListSubtree of ", NodeName(id), " gave ", nodes, " nodes, not ", expected));
  }
  return absl::OkStatus();
}

absl::Status RpcAncestors(HierarchyService::Stub& stub, const std::string& principal, int64_t id,
                          int depth) {
  grpc::ClientContext context;
  Decorate(context, principal);
  hierarchy::v1::GetNodeRequest request;
  request.set_name(NodeName(id));
  hierarchy::v1::Node node;
  if (grpc::Status s = stub.GetNode(&context, request, &node); !s.ok()) {
    return FromGrpc(s, "GetNode");
  }
  if (node.ancestors_size() != depth) {
    return absl::InternalError(crm::StrCat("GetNode of ", NodeName(id), " gave ",
                                           node.ancestors_size(), " ancestors, not ", depth));
  }
  return absl::OkStatus();
}

absl::Status RpcMove(HierarchyService::Stub& stub, const std::string& principal, int64_t id,
                     int64_t new_parent) {
  grpc::ClientContext context;
  Decorate(context, principal);
  hierarchy::v1::MoveNodeRequest request;
  request.set_name(NodeName(id));
  request.set_new_parent(NodeName(new_parent));
  request.set_edge_type(hierarchy::v1::AFFILIATE);
  hierarchy::v1::Node node;
  if (grpc::Status s = stub.MoveNode(&context, request, &node); !s.ok()) {
    return FromGrpc(s, "MoveNode");
  }
  if (node.parent() != NodeName(new_parent)) {
    return absl::InternalError(
        crm::StrCat("MoveNode left ", NodeName(id), " under ", node.parent()));
  }
  return absl::OkStatus();
}

// ---- the SQL side: the store's statements on one connection ----

// Reads every field, as a client would before decoding.
size_t Touch(const pqxx::result& rows, size_t limit) {
  size_t bytes = 0;
  for (size_t i = 0; i < std::min<size_t>(rows.size(), limit); ++i) {
    for (const pqxx::field& field : rows[i]) bytes += field.size();
  }
  return bytes;
}

// What ListSubtree runs with the cache off, page after page: the top node,
// the count (first page), then the page itself (page size + 1 rows, to see
// whether there is more).
absl::Status SqlSubtree(pqxx::connection& conn, int64_t id, int max_pages, int64_t expected) {
  try {
    int64_t nodes = 0;
    int32_t after_depth = -1;
    int64_t after_id = 0;
    pqxx::nontransaction tx(conn);
    for (int page = 0; page < max_pages; ++page) {
      const pqxx::row top = tx.exec_prepared1(kGetSql, id);
      const int64_t root = top[kColRoot].as<int64_t>();
      const std::string path = top[kColPath].c_str();
      // Like the store: the subtree reads are planned per call.
      if (page == 0) {
        if (top[kColId].as<int64_t>() == root) {
          tx.exec_params(hierarchy::HierarchyStore::CountTreeSql(), root, kAnyDepth);
        } else {
          tx.exec_params(hierarchy::HierarchyStore::CountSubtreeSql(), root, path, kAnyDepth);
        }
      }
      const pqxx::result rows = tx.exec_params(hierarchy::HierarchyStore::SubtreeSql(), root, path,
                                               kAnyDepth, after_depth, after_id, kPageSize + 1);
      const size_t n = std::min<size_t>(rows.size(), kPageSize);
      Touch(rows, n);
      nodes += static_cast<int64_t>(n);
      if (rows.size() <= static_cast<size_t>(kPageSize)) break;
      after_depth = rows[n - 1][kColDepth].as<int32_t>();
      after_id = rows[n - 1][kColId].as<int64_t>();
    }
    if (nodes != expected) {
      return absl::InternalError(
          crm::StrCat("subtree SQL of ", NodeName(id), " gave ", nodes, " nodes, not ", expected));
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("subtree SQL: ", Error(e)));
  }
}

// What GetNode runs: the node, then its ancestors.
absl::Status SqlAncestors(pqxx::connection& conn, int64_t id, int depth) {
  try {
    pqxx::nontransaction tx(conn);
    const pqxx::row node = tx.exec_prepared1(kGetSql, id);
    const pqxx::result rows = tx.exec_prepared(kAncestorsSql, node[kColRoot].as<int64_t>(),
                                               std::string(node[kColPath].c_str()), id);
    Touch(rows, rows.size());
    if (static_cast<int>(rows.size()) != depth) {
      return absl::InternalError(crm::StrCat("ancestors SQL gave ", rows.size(), " rows"));
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("ancestors SQL: ", Error(e)));
  }
}

// What MoveNode's transaction runs (HierarchyStore::Move): the roots of both
// nodes, the tree lock(s) in root order, both nodes under the lock, the path
// rewrite, the new edge, the version bump, commit.
absl::Status SqlMove(pqxx::connection& conn, int64_t id, int64_t new_parent) {
  try {
    pqxx::work tx(conn);
    std::vector<int64_t> roots;
    for (const int64_t node : {id, new_parent}) {
      roots.push_back(tx.exec_prepared1(kRootOfSql, node)[0].as<int64_t>());
    }
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    for (const int64_t root : roots) tx.exec_prepared(kLockTreeSql, root);
    const pqxx::row top = tx.exec_prepared1(kGetSql, id);
    const pqxx::row parent = tx.exec_prepared1(kGetSql, new_parent);
    const std::string top_path = top[kColPath].c_str();
    const std::string parent_path = parent[kColPath].c_str();
    const int64_t parent_root = parent[kColRoot].as<int64_t>();
    const pqxx::result moved = tx.exec_prepared(kMoveSubtreeSql, top_path, parent_root, parent_path,
                                                top[kColRoot].as<int64_t>());
    tx.exec_prepared1(kSetEdgeSql, id, new_parent, static_cast<int>(hierarchy::v1::AFFILIATE), -1,
                      "");
    tx.exec_prepared0(kBumpTreesSql, crm::StrCat("{", absl::StrJoin(roots, ","), "}"));
    tx.commit();
    if (moved.affected_rows() == 0) return absl::InternalError("move SQL moved nothing");
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("move SQL: ", Error(e)));
  }
}

// ---- measuring ----

struct Samples {
  std::vector<double> us;
  int64_t errors = 0;
  std::string first_error;
};

void Record(Samples& samples, std::chrono::steady_clock::time_point start,
            const absl::Status& status) {
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  if (status.ok()) {
    samples.us.push_back(us);
  } else {
    if (samples.first_error.empty()) samples.first_error = status.ToString();
    ++samples.errors;
  }
}

double Percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(q * sorted.size()));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

LatencyStats Summarize(Samples samples) {
  LatencyStats stats;
  std::sort(samples.us.begin(), samples.us.end());
  stats.count = static_cast<int64_t>(samples.us.size());
  stats.errors = samples.errors;
  stats.first_error = samples.first_error;
  stats.p50_us = Percentile(samples.us, 0.50);
  stats.p99_us = Percentile(samples.us, 0.99);
  double total = 0;
  for (const double us : samples.us) total += us;
  stats.ops_per_second = total > 0 ? stats.count / (total / 1e6) : 0;
  return stats;
}

using Call = std::function<absl::Status()>;

// One unmeasured pair, then RPC and SQL alternately until the time is spent
// (and at least min_pairs), stopping at the first failure. Reads swap the
// order each pair; a move keeps it, since each call moves the subtree back.
void Alternate(const Call& rpc, const Call& sql, bool swap, const HierarchyBenchOptions& options,
               OperationLatency& op) {
  Samples rpc_samples, sql_samples;
  const CpuMeter cpu;
  {
    const auto start = std::chrono::steady_clock::now();
    if (absl::Status s = rpc(); !s.ok()) Record(rpc_samples, start, s);
    const auto sql_start = std::chrono::steady_clock::now();
    if (absl::Status s = sql(); !s.ok()) Record(sql_samples, sql_start, s);
  }
  const auto begin = std::chrono::steady_clock::now();
  for (int pair = 0; pair < options.max_pairs; ++pair) {
    if (rpc_samples.errors > 0 || sql_samples.errors > 0) break;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    if (pair >= options.min_pairs && elapsed >= options.seconds) break;
    const bool sql_first = swap && pair % 2 == 1;
    for (int i = 0; i < 2; ++i) {
      const bool do_sql = (i == 0) == sql_first;
      const auto start = std::chrono::steady_clock::now();
      const absl::Status s = do_sql ? sql() : rpc();
      Record(do_sql ? sql_samples : rpc_samples, start, s);
    }
  }
  op.host_busy = cpu.Read().host_busy;
  op.rpc = Summarize(std::move(rpc_samples));
  op.sql = Summarize(std::move(sql_samples));
}

bool Wanted(const HierarchyBenchOptions& options, std::string_view name) {
  return options.filter.empty() || name.find(options.filter) != std::string_view::npos ||
         std::string_view("hierarchy").find(options.filter) != std::string_view::npos;
}

}  // namespace

bool HierarchySelected(const std::string& filter) {
  if (filter.empty() || std::string_view("hierarchy").find(filter) != std::string_view::npos) {
    return true;
  }
  for (const char* name : kOperations) {
    if (std::string_view(name).find(filter) != std::string_view::npos) return true;
  }
  return false;
}

absl::Status RunHierarchyBench(BenchServers& servers, const HierarchyBenchOptions& options,
                               Report& report) {
  // `conn` runs the store's statements prepared, as its pool does: after five
  // executions PostgreSQL may keep one generic plan for every parameter.
  // `custom` runs the same statements planned for each call's parameters
  // (plan_cache_mode = force_custom_plan), to show what the plan costs.
  std::unique_ptr<pqxx::connection> conn, custom;
  try {
    conn = std::make_unique<pqxx::connection>(servers.dsn());
    custom = std::make_unique<pqxx::connection>(servers.dsn());
    pqxx::nontransaction(*custom).exec0("SET plan_cache_mode = force_custom_plan");
    for (const pg::PreparedStatement& statement : hierarchy::HierarchyStore::Statements()) {
      conn->prepare(std::string(statement.name), std::string(statement.sql));
      custom->prepare(std::string(statement.name), std::string(statement.sql));
    }
  } catch (const std::exception& e) {
    return absl::UnavailableError(crm::StrCat("hierarchy SQL connection: ", Error(e)));
  }
  std::cerr << "seeding a group of " << options.nodes << " nodes...\n";
  absl::StatusOr<Group> seeded = SeedGroup(*conn, options.nodes);
  if (!seeded.ok()) return seeded.status();
  const Group& g = *seeded;

  report.AddOperationNote(absl::StrFormat(
      "group: %d nodes in one tree (nodes/%d), depth 0–%d, per depth %s; fan-out falls with "
      "depth and is skewed (random()²); %.0f %% of the deepest nodes are departments, the rest "
      "customers; seeded with SQL and VACUUM ANALYZE in %.1f s",
      g.nodes, g.root, g.max_depth, absl::StrJoin(g.per_depth, "/"), kDepartmentShare * 100,
      g.seed_seconds));
  report.AddOperationNote(absl::StrFormat(
      "~1k subtree: nodes/%d at depth %d, %d nodes; ~10k subtree: nodes/%d at depth %d, %d nodes, "
      "moved between nodes/%d and nodes/%d by an AFFILIATE edge, each move one operation; "
      "ancestors: %d leaves at depth %d in turn",
      g.subtree_1k.id, g.subtree_1k.depth, g.subtree_1k.size, g.subtree_10k.id, g.subtree_10k.depth,
      g.subtree_10k.size, g.move_parent_a, g.move_parent_b, g.leaves.size(), g.max_depth));
  report.AddOperationNote(
      "cache off: the service without Redis, every page from PostgreSQL; warm: the service with "
      "its subtree cache, each page read once before measuring (per page one tree-version read "
      "and one Redis GET). SQL: the store's own prepared statements (HierarchyStore::Statements()) "
      "via libpqxx on one connection in this process, rows received but not decoded; for a move, "
      "its whole transaction with commit. RPC and SQL alternate call by call; targets are on the "
      "RPC's p50; with under 100 calls p99 is the slowest");

  const std::string& principal = servers.principal();
  HierarchyService::Stub& cold = servers.hierarchy_uncached();
  HierarchyService::Stub& warm = servers.hierarchy_cached();
  pqxx::connection& c = *conn;
  struct Read {
    const char* name;
    int64_t top;
    int64_t size;
    int pages;
    int64_t nodes;  // returned by the pages read
    double target_us;
  };
  const int64_t whole_pages = (g.nodes + kPageSize - 1) / kPageSize;
  const Read reads[] = {
      {kSubtreeWhole, g.root, g.nodes, static_cast<int>(whole_pages), g.nodes, kWholeTargetUs},
      {kSubtreeFirstPage, g.root, g.nodes, 1, std::min<int64_t>(g.nodes, kPageSize), 0},
      {kSubtree1k, g.subtree_1k.id, g.subtree_1k.size, 1 << 20, g.subtree_1k.size, k1kTargetUs},
  };
  for (const Read& read : reads) {
    if (!Wanted(options, read.name)) continue;
    for (const bool cached : {false, true}) {
      std::cerr << "  " << read.name << (cached ? ", cache warm" : ", cache off") << "\n";
      HierarchyService::Stub& stub = cached ? warm : cold;
      OperationLatency op{.name = read.name,
                          .cache = cached ? "warm" : "off",
                          .nodes = read.nodes,
                          .target_us = read.target_us};
      Alternate([&] { return RpcSubtree(stub, principal, read.top, read.pages, read.nodes); },
                [&] { return SqlSubtree(c, read.top, read.pages, read.nodes); }, true, options, op);
      report.AddOperation(std::move(op));
    }
  }
  // The same reads' SQL with a plan per call, beside the prepared statements.
  std::vector<std::string> plans;
  for (const Read& read : reads) {
    if (!Wanted(options, read.name) || read.name == std::string_view(kSubtreeFirstPage)) continue;
    std::cerr << "  " << read.name << ", SQL with custom plans\n";
    OperationLatency op;
    Alternate([&] { return SqlSubtree(*custom, read.top, read.pages, read.nodes); },
              [&] { return SqlSubtree(c, read.top, read.pages, read.nodes); }, true, options, op);
    if (op.rpc.errors > 0 || op.sql.errors > 0) {
      return absl::InternalError(crm::StrCat(op.rpc.first_error, op.sql.first_error));
    }
    plans.push_back(
        absl::StrFormat("%s: p50 %s ms planned per call against %s ms prepared "
                        "(%d each, alternating)",
                        read.name, absl::StrFormat("%.2f", op.rpc.p50_us / 1000),
                        absl::StrFormat("%.2f", op.sql.p50_us / 1000), op.rpc.count));
  }
  if (!plans.empty()) {
    report.AddOperationNote(crm::StrCat(
        "the subtree SQL with plan_cache_mode = force_custom_plan on a second connection: ",
        absl::StrJoin(plans, "; ")));
  }
  if (Wanted(options, kAncestors) && !g.leaves.empty()) {
    std::cerr << "  " << kAncestors << "\n";
    size_t next_rpc = 0, next_sql = 0;
    OperationLatency op{
        .name = kAncestors, .cache = "—", .nodes = g.max_depth, .target_us = kAncestorsTargetUs};
    Alternate(
        [&] {
          return RpcAncestors(cold, principal, g.leaves[next_rpc++ % g.leaves.size()], g.max_depth);
        },
        [&] { return SqlAncestors(c, g.leaves[next_sql++ % g.leaves.size()], g.max_depth); }, true,
        options, op);
    report.AddOperation(std::move(op));
  }
  // Last: every move changes the tree's version, so the cache goes cold.
  if (Wanted(options, kMove10k)) {
    std::cerr << "  " << kMove10k << "\n";
    int64_t parent = g.move_parent_a;
    const auto other = [&] {
      return parent = parent == g.move_parent_a ? g.move_parent_b : g.move_parent_a;
    };
    OperationLatency op{
        .name = kMove10k, .cache = "—", .nodes = g.subtree_10k.size, .target_us = kMoveTargetUs};
    Alternate([&] { return RpcMove(warm, principal, g.subtree_10k.id, other()); },
              [&] { return SqlMove(c, g.subtree_10k.id, other()); }, false, options, op);
    report.AddOperation(std::move(op));
  }
  return absl::OkStatus();
}

}  // namespace crm::bench
