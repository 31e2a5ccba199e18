#include "bench/seller_org.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "libs/auth/development_principal.h"
#include "libs/auth/principal_key.h"
#include "libs/auth/principal_signer.h"
#include "libs/strings/str_cat.h"

namespace crm::bench {
namespace {

// The hierarchy bench's group shape (hierarchy_bench.cc): nodes per depth
// for 100,000 nodes, the rest at depth 8; a fifth of the deepest are
// departments (no customer of their own).
constexpr int kLevelShape[] = {1, 10, 60, 300, 1200, 4000, 12000, 30000};
constexpr double kDepartmentShare = 0.2;

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

// $1 nodes at depth $2 + 1 under customer nodes at depth $2 picked with the
// hierarchy bench's skew (random()²); a share $3 are departments (no
// customer); ids from the session's sequence, tree root $4.
constexpr char kInsertLevel[] =
    "WITH parents AS ("
    "  SELECT node_id, path, row_number() OVER (ORDER BY node_id) AS rn"
    "  FROM {schema}.replica_group_nodes"
    "  WHERE nlevel(path) = $2::integer + 1 AND customer_id IS NOT NULL),"
    " np AS (SELECT count(*) AS n FROM parents),"
    " children AS ("
    "  SELECT nextval('pg_temp.bench_node_id') AS id,"
    "         1 + floor(power(random(), 2) * np.n)::bigint AS rn, random() AS r1"
    "  FROM generate_series(1, $1::integer), np)"
    " INSERT INTO {schema}.replica_group_nodes (node_id, root_id, customer_id, path, version)"
    " SELECT c.id, $4::bigint, CASE WHEN c.r1 < $3::float8 THEN NULL ELSE gen_random_uuid() END,"
    "  p.path || c.id::text::ltree, 1"
    " FROM children c JOIN parents p ON p.rn = c.rn";

// The customers: the group's customer nodes and, to make up $1, customers
// outside any group; numbered in random order, each owned by an org unit
// drawn by share ($2: the cumulative shares as width_bucket thresholds).
constexpr char kCustomers[] =
    "CREATE TEMP TABLE bench_customers AS"
    " WITH grouped AS (SELECT DISTINCT customer_id FROM {schema}.replica_group_nodes"
    "   WHERE customer_id IS NOT NULL),"
    " ids AS (SELECT customer_id FROM grouped UNION ALL SELECT gen_random_uuid()"
    "   FROM generate_series(1,"
    "     greatest(0, $1::integer - (SELECT count(*) FROM grouped))::integer))"
    " SELECT row_number() OVER (ORDER BY random()) AS n, customer_id,"
    "   width_bucket(random(), $2::float8[]) AS unit, random() AS r FROM ids";
constexpr char kReplicaCustomers[] =
    "INSERT INTO {schema}.replica_customers"
    " (customer_id, display_name, owner_org_unit, account_team, state, version)"
    " SELECT c.customer_id, '基准客户 ' || c.n, u.name,"
    "  CASE WHEN c.r < 0.2 THEN ARRAY[t.name] ELSE '{}' END, 1, 1"
    " FROM pg_temp.bench_customers c JOIN pg_temp.bench_units u ON u.idx = c.unit"
    " JOIN pg_temp.bench_units t ON t.idx = (c.unit + 1 + c.n % ($1::integer - 1)) % $1::integer";

std::string InSchema(std::string_view sql, std::string_view schema) {
  const std::string text(sql), name(schema);
  return absl::StrReplaceAll(text, {{"{schema}", name}});
}

}  // namespace

const std::vector<Unit>& SellerUnits() {
  static const std::vector<Unit>* const units = new std::vector<Unit>{
      {"hq", "", 0.05, 10},
      {"sub-east", "hq", 0.20, 40},
      {"east-ka", "sub-east", 0.10, 20},
      {"sub-north", "hq", 0.20, 40},
      {"north-bj", "sub-north", 0.10, 20},
      {"sub-south", "hq", 0.20, 40},
      {"sub-west", "hq", 0.15, 30},
  };
  return *units;
}

std::string OrgUnitName(std::string_view id) { return crm::StrCat("orgUnits/", id); }
std::string SellerName(int n) { return absl::StrFormat("users/seller-%03d", n); }

std::vector<std::string> PathOf(std::string_view id) {
  std::vector<std::string> path;
  for (std::string_view at = id; !at.empty();) {
    path.push_back(OrgUnitName(at));
    std::string_view parent;
    for (const Unit& u : SellerUnits()) {
      if (u.id == at) parent = u.parent;
    }
    at = parent;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<std::string> SubtreeOf(std::string_view id) {
  std::vector<std::string> units;
  const std::string name = OrgUnitName(id);
  for (const Unit& u : SellerUnits()) {
    const std::vector<std::string> path = PathOf(u.id);
    if (std::find(path.begin(), path.end(), name) != path.end()) units.push_back(OrgUnitName(u.id));
  }
  std::sort(units.begin(), units.end());
  return units;
}

int FirstUserOf(std::string_view id) {
  int first = 0;
  for (const Unit& u : SellerUnits()) {
    if (u.id == id) return first;
    first += u.users;
  }
  return first;
}

const char* UnitOfUser(int user) {
  int first = 0;
  const char* unit = SellerUnits().front().id;
  for (const Unit& u : SellerUnits()) {
    if (user >= first) unit = u.id;
    first += u.users;
  }
  return unit;
}

auth::v1::Principal Seller(int user, std::string_view unit, const std::vector<std::string>& roles) {
  auth::v1::Principal p = auth::DevelopmentPrincipal(std::string_view(SellerName(user)).substr(6),
                                                     unit, roles, absl::Hours(3));
  p.clear_org_unit_path();
  for (const std::string& u : PathOf(unit)) p.add_org_unit_path(u);
  p.clear_scope_org_units();
  for (const std::string& u : SubtreeOf(unit)) p.add_scope_org_units(u);
  return p;
}

std::string Sign(const auth::v1::Principal& principal) {
  return auth::PrincipalSigner(auth::DevelopmentKey()).Sign(principal);
}

std::string UnitThresholds() {
  std::vector<std::string> thresholds;
  double cumulative = 0;
  const std::vector<Unit>& units = SellerUnits();
  for (size_t i = 0; i + 1 < units.size(); ++i) {
    cumulative += units[i].share;
    thresholds.push_back(absl::StrFormat("%.4f", cumulative));
  }
  return crm::StrCat("{", absl::StrJoin(thresholds, ","), "}");
}

int64_t SeedSellersAndCustomers(pqxx::work& tx, std::string_view schema, int customers) {
  tx.exec0(
      "CREATE TEMP TABLE bench_units (idx integer PRIMARY KEY, name text, path text[],"
      " first_user integer, users integer)");
  int idx = 0;
  for (const Unit& u : SellerUnits()) {
    std::vector<std::string> path = PathOf(u.id);
    tx.exec_params0("INSERT INTO pg_temp.bench_units VALUES ($1, $2, $3::text[], $4, $5)", idx++,
                    OrgUnitName(u.id), crm::StrCat("{", absl::StrJoin(path, ","), "}"),
                    FirstUserOf(u.id), u.users);
  }

  // The group, level by level, like the hierarchy bench's.
  tx.exec0("CREATE TEMP SEQUENCE bench_node_id");
  const int64_t root =
      tx.exec1(InSchema("INSERT INTO {schema}.replica_group_nodes (node_id, root_id, customer_id,"
                        " path, version) SELECT id, id, gen_random_uuid(), id::text::ltree, 1"
                        " FROM (SELECT nextval('pg_temp.bench_node_id') AS id) n RETURNING node_id",
                        schema))[0]
          .as<int64_t>();
  const std::vector<int64_t> sizes = LevelSizes(customers);
  const std::string insert_level = InSchema(kInsertLevel, schema);
  for (size_t depth = 1; depth < sizes.size(); ++depth) {
    const double departments = depth + 1 == sizes.size() ? kDepartmentShare : 0.0;
    tx.exec_params0(insert_level, sizes[depth], static_cast<int>(depth - 1), departments, root);
  }

  tx.exec_params0(InSchema(kCustomers, schema), customers, UnitThresholds());
  tx.exec0("CREATE UNIQUE INDEX ON pg_temp.bench_customers (n)");
  tx.exec0("ANALYZE pg_temp.bench_customers");
  tx.exec_params0(InSchema(kReplicaCustomers, schema), static_cast<int>(SellerUnits().size()));
  return root;
}

}  // namespace crm::bench
