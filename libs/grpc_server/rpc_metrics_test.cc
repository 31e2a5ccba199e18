#include "libs/grpc_server/rpc_metrics.h"

#include "gtest/gtest.h"
#include "libs/grpc_server/metric_samples_for_test.h"

namespace crm::server {
namespace {

constexpr char kMethod[] = "/crm.testing.v1.EchoService/Echo";

TEST(RpcMetricsTest, CountsByCodeAndObservesLatency) {
  prometheus::Registry registry;
  RpcMetrics metrics(registry);
  MethodMetrics& echo = metrics.ForMethod(kMethod);
  echo.Record(grpc::StatusCode::OK, 0.001);
  echo.Record(grpc::StatusCode::OK, 0.002);
  echo.Record(grpc::StatusCode::NOT_FOUND, 0.003);

  EXPECT_EQ(SampleValue(registry, "crm_rpc_requests_total", {{"method", kMethod}, {"code", "OK"}}),
            2.0);
  EXPECT_EQ(
      SampleValue(registry, "crm_rpc_requests_total", {{"method", kMethod}, {"code", "NOT_FOUND"}}),
      1.0);
  EXPECT_EQ(
      SampleValue(registry, "crm_rpc_requests_total", {{"method", kMethod}, {"code", "INTERNAL"}}),
      std::nullopt);
  EXPECT_EQ(SampleValue(registry, "crm_rpc_latency_seconds", {{"method", kMethod}}), 3.0);
}

TEST(RpcMetricsTest, SameMethodSameSeries) {
  prometheus::Registry registry;
  RpcMetrics metrics(registry);
  EXPECT_EQ(&metrics.ForMethod(kMethod), &metrics.ForMethod(std::string(kMethod)));
  EXPECT_NE(&metrics.ForMethod(kMethod), &metrics.ForMethod("/other/Method"));
}

TEST(RpcMetricsTest, CodesOutsideTheEnumCountAsUnknown) {
  prometheus::Registry registry;
  RpcMetrics metrics(registry);
  metrics.ForMethod(kMethod).Record(static_cast<grpc::StatusCode>(99), 0.001);
  EXPECT_EQ(
      SampleValue(registry, "crm_rpc_requests_total", {{"method", kMethod}, {"code", "UNKNOWN"}}),
      1.0);
}

}  // namespace
}  // namespace crm::server
