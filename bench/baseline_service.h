#ifndef CRM_BENCH_BASELINE_SERVICE_H_
#define CRM_BENCH_BASELINE_SERVICE_H_

// The baselines the service layers are measured against: one gRPC hop, one
// Redis GET and one primary-key SELECT, each with nothing around it. They
// block their callback thread on Redis or PostgreSQL exactly as the customer
// handlers do, so a ratio shows only what those handlers add.

#include <vector>

#include "crm/bench/v1/bench_service.grpc.pb.h"
#include "libs/cache/versioned_cache.h"
#include "libs/pg/pool.h"
#include "libs/pg/prepared_statement.h"

namespace crm::bench {

class BaselineService final : public v1::BenchService::CallbackService {
 public:
  // The statements PgSelect needs; the pool must be created with them.
  static std::vector<pg::PreparedStatement> Statements();

  // `cache` serves RedisGet with RawGet (the cache library's own client);
  // `pool` serves PgSelect. Both must outlive the service.
  BaselineService(cache::VersionedCache& cache, pg::ConnectionPool& pool)
      : cache_(cache), pool_(pool) {}

  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::EchoResponse* response) override;
  grpc::ServerUnaryReactor* RedisGet(grpc::CallbackServerContext* context,
                                     const v1::RedisGetRequest* request,
                                     v1::RedisGetResponse* response) override;
  grpc::ServerUnaryReactor* PgSelect(grpc::CallbackServerContext* context,
                                     const v1::PgSelectRequest* request,
                                     v1::PgSelectResponse* response) override;

 private:
  cache::VersionedCache& cache_;
  pg::ConnectionPool& pool_;
};

}  // namespace crm::bench

#endif  // CRM_BENCH_BASELINE_SERVICE_H_
