#ifndef CRM_BENCH_SELLER_ORG_H_
#define CRM_BENCH_SELLER_ORG_H_

// The seller organisation and the customers that the pipeline part
// (opportunity_bench.h) and the contracts part (contract_bench.h) seed
// directly with SQL into their service's replicas:
//
// - 7 org units: orgUnits/hq 5 % of the customers, sub-east 20 % with
//   east-ka 10 % under it, sub-north 20 % with north-bj 10 %, sub-south 20 %,
//   sub-west 15 %; 200 sellers (users/seller-000 … -199), 10–40 per unit;
// - one customer group of N nodes in <schema>.replica_group_nodes, shaped
//   like the hierarchy bench's (1/10/60/300/1,200/4,000/12,000/30,000/rest
//   nodes per depth, parents drawn with a random()² skew, a fifth of the
//   deepest nodes departments without a customer of their own);
// - N customers in <schema>.replica_customers: the group's customer nodes
//   and, to make up N, customers outside any group; each owned by a unit
//   drawn by share, a fifth with another unit on the account team.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crm/auth/v1/principal.pb.h"
#include "pqxx/pqxx"

namespace crm::bench {

struct Unit {
  const char* id;
  const char* parent;  // "" for the root
  double share;        // of the customers
  int users;           // sellers
};

// The units, the root first.
const std::vector<Unit>& SellerUnits();

std::string OrgUnitName(std::string_view id);  // "orgUnits/<id>"
std::string SellerName(int n);                 // "users/seller-007"

// The org unit names from the root down to `id`.
std::vector<std::string> PathOf(std::string_view id);
// `id` and every unit below it, sorted.
std::vector<std::string> SubtreeOf(std::string_view id);
// The number of the first seller of unit `id`.
int FirstUserOf(std::string_view id);
// The unit seller `user` belongs to.
const char* UnitOfUser(int user);

// What the gateway would sign for seller `user` of `unit` with `roles`: its
// path, and its subtree as the scope.
auth::v1::Principal Seller(int user, std::string_view unit,
                           const std::vector<std::string>& roles = {"sales"});
// Signed with the development key, for the x-crm-principal-bin metadata.
std::string Sign(const auth::v1::Principal& principal);

// The units' cumulative shares as width_bucket thresholds, a float8[]
// literal: width_bucket(random(), <this>) is the pg_temp.bench_units idx of
// a unit drawn by share.
std::string UnitThresholds();

// In `tx`: the temporary tables pg_temp.bench_units (idx, name, path text[],
// first_user, users) and pg_temp.bench_customers (n 1..customers in random
// order, customer_id, unit: a bench_units idx, r: uniform in [0, 1)), then the
// group of `customers` nodes in <schema>.replica_group_nodes and the
// customers in <schema>.replica_customers (see above). Returns the group's
// root node id. `schema` is pasted into SQL: a constant only.
int64_t SeedSellersAndCustomers(pqxx::work& tx, std::string_view schema, int customers);

}  // namespace crm::bench

#endif  // CRM_BENCH_SELLER_ORG_H_
