#include "bench/baseline_service.h"

#include <optional>
#include <string>

#include "libs/pg/transaction.h"
#include "libs/status/status.h"

namespace crm::bench {
namespace {

constexpr char kSelectCustomer[] = "bench_select_customer";
constexpr char kSelectCustomerSql[] =
    "SELECT id::text, display_name FROM customer.customers WHERE id = $1::uuid";

grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context, const grpc::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

}  // namespace

std::vector<pg::PreparedStatement> BaselineService::Statements() {
  return {{kSelectCustomer, kSelectCustomerSql}};
}

grpc::ServerUnaryReactor* BaselineService::Echo(grpc::CallbackServerContext* context,
                                                const v1::EchoRequest* request,
                                                v1::EchoResponse* response) {
  response->set_payload(request->payload());
  return Finish(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* BaselineService::RedisGet(grpc::CallbackServerContext* context,
                                                    const v1::RedisGetRequest* request,
                                                    v1::RedisGetResponse* response) {
  std::optional<std::string> value = cache_.RawGet(request->key());
  response->set_found(value.has_value());
  if (value.has_value()) response->set_value(*std::move(value));
  return Finish(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* BaselineService::PgSelect(grpc::CallbackServerContext* context,
                                                    const v1::PgSelectRequest* request,
                                                    v1::PgSelectResponse* response) {
  const absl::Status status = pg::RunReadOnly(
      pool_,
      [&](pqxx::nontransaction& tx) -> absl::Status {
        const pqxx::result rows = tx.exec_prepared(kSelectCustomer, request->id());
        response->set_found(!rows.empty());
        if (!rows.empty()) {
          response->set_id(rows[0][0].c_str());
          response->set_display_name(rows[0][1].c_str());
        }
        return absl::OkStatus();
      },
      "bench.select_customer");
  return Finish(context, status::ToGrpc(status));
}

}  // namespace crm::bench
