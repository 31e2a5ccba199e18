#include "bench/paired_reads.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/cpu_usage.h"
#include "libs/auth/principal_metadata.h"
#include "libs/strings/str_cat.h"

namespace crm::bench {
namespace {

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

}  // namespace

LatencyStats LatencyOf(std::vector<double> us, int64_t errors, std::string first_error) {
  std::sort(us.begin(), us.end());
  return LatencyStats{.count = static_cast<int64_t>(us.size()),
                      .errors = errors,
                      .first_error = std::move(first_error),
                      .p50_us = Percentile(us, 0.50),
                      .p99_us = Percentile(us, 0.99)};
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Paired AlternateCalls(const Call& rpc, const Call& sql, const PairOptions& options) {
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
    if (pair >= options.min_pairs && SecondsSince(begin) >= options.seconds) break;
    for (int i = 0; i < 2; ++i) {
      const bool do_sql = (i == 0) == (pair % 2 == 1);
      const auto start = std::chrono::steady_clock::now();
      const absl::Status s = do_sql ? sql() : rpc();
      Record(do_sql ? sql_samples : rpc_samples, start, s);
    }
  }
  Paired paired;
  paired.host_busy = cpu.Read().host_busy;
  paired.rpc = LatencyOf(std::move(rpc_samples.us), rpc_samples.errors, rpc_samples.first_error);
  paired.sql = LatencyOf(std::move(sql_samples.us), sql_samples.errors, sql_samples.first_error);
  return paired;
}

void Decorate(grpc::ClientContext& context, const std::string& principal) {
  context.AddMetadata(auth::kPrincipalMetadataKey, principal);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
}

absl::Status FromGrpc(const grpc::Status& s, std::string_view what) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      crm::StrCat(what, " failed: ", s.error_message()));
}

absl::StatusOr<std::string> ExplainPrepared(pqxx::connection& conn, std::string_view statement,
                                            const std::vector<std::string>& args,
                                            const std::vector<std::string>& settings) {
  try {
    pqxx::work tx(conn);
    for (const std::string& setting : settings) tx.exec0(crm::StrCat("SET LOCAL ", setting));
    std::vector<std::string> quoted;
    for (const std::string& arg : args) quoted.push_back(tx.quote(arg));
    std::string plan;
    for (const pqxx::row& row : tx.exec(crm::StrCat("EXPLAIN (ANALYZE, BUFFERS) EXECUTE ",
                                                    tx.quote_name(std::string(statement)), "(",
                                                    absl::StrJoin(quoted, ", "), ")"))) {
      crm::StrAppend(&plan, "    ", row[0].c_str(), "\n");
    }
    return plan;
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("EXPLAIN ", statement, ": ", e.what()));
  }
}

std::string Ms(double us) { return absl::StrFormat("%.2f", us / 1000); }

std::string Ratio(double a, double b) { return b > 0 ? absl::StrFormat("%.2f×", a / b) : "—"; }

std::string PairedVerdict(const LatencyStats& rpc, const LatencyStats& sql,
                          const std::string& mismatch, double target_us) {
  if (rpc.errors > 0 || sql.errors > 0 || rpc.count == 0) return "ERROR";
  if (!mismatch.empty()) return "WRONG FIGURES";
  if (target_us > 0) return rpc.p50_us <= target_us ? "MET" : "MISSED";
  return "—";
}

bool Fails(const std::string& verdict) {
  return verdict == "ERROR" || verdict == "WRONG FIGURES" || verdict == "MISSED";
}

}  // namespace crm::bench
