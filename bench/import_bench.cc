#include "bench/import_bench.h"

#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "grpcpp/grpcpp.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/sql_scope.h"
#include "libs/strings/str_cat.h"
#include "pqxx/pqxx"
#include "services/customer/rules/name_normalizer.h"
#include "services/customer/rules/uscc.h"

namespace crm::bench {
namespace {

namespace cv1 = ::crm::customer::v1;
using Clock = std::chrono::steady_clock;

constexpr int kRowsPerMessage = 1000;

// The baseline: customer.customers' twin, outside the service's schema.
constexpr char kCreateBaselineSql[] =
    "CREATE TABLE public.import_baseline (LIKE customer.customers INCLUDING ALL)";
constexpr char kDropBaselineSql[] = "DROP TABLE IF EXISTS public.import_baseline";

constexpr const char* kRegions[] = {"310115", "330106", "440305", "110108", "320505", "510107"};
constexpr const char* kIndustries[] = {"C", "F", "G", "I", "K", "M"};
constexpr const char* kTrades[] = {"华信", "申联", "恒通", "远景", "宏达", "瑞丰", "金桥", "海纳"};
constexpr const char* kKinds[] = {"能源科技", "物流", "建设工程", "贸易", "电子", "制造"};

// Row i: a unique legal name and USCC, the rest cycling through plausible values.
cv1::ImportRow SyntheticRow(int i) {
  cv1::ImportRow row;
  row.set_row_number(i + 2);  // as if line 1 were a header
  row.mutable_external_reference()->set_source_system("erp-bench");
  row.mutable_external_reference()->set_source_id(absl::StrFormat("C-%08d", i));
  cv1::Customer& c = *row.mutable_customer();
  const char* region = kRegions[i % std::size(kRegions)];
  c.set_legal_name(crm::StrCat(kTrades[i % std::size(kTrades)], i,
                               kKinds[(i / 7) % std::size(kKinds)], "有限公司"));
  c.set_short_name(crm::StrCat(kTrades[i % std::size(kTrades)], i));
  const std::string first17 = absl::StrFormat("91%s%09d", region, i);
  c.set_uscc(first17 + customer::ExpectedCheckCharacter(first17));
  c.set_industry(kIndustries[(i / 3) % std::size(kIndustries)]);
  c.set_region(region);
  c.set_ownership_type(static_cast<cv1::OwnershipType>(1 + i % 5));
  c.set_size_band(static_cast<cv1::SizeBand>(1 + i % 5));
  c.add_tags("ERP");
  c.add_tags(i % 2 == 0 ? "重点" : "普通");
  return row;
}

struct ImportRun {
  double seconds = 0;
  int64_t results = 0;
  int64_t expected_outcome = 0;  // results with the outcome asked for
};

// Streams every message and reads the results beside it, as a client must.
absl::StatusOr<ImportRun> Import(BenchServers& servers,
                                 const std::vector<cv1::ImportCustomersRequest>& messages,
                                 cv1::ImportRowResult::Outcome expected) {
  grpc::ClientContext context;
  context.AddMetadata(auth::kPrincipalMetadataKey, servers.principal());
  ImportRun run;
  const Clock::time_point start = Clock::now();
  auto stream = servers.cached().ImportCustomers(&context);
  std::thread reader([&] {
    cv1::ImportCustomersResponse response;
    while (stream->Read(&response)) {
      for (const cv1::ImportRowResult& result : response.results()) {
        ++run.results;
        if (result.outcome() == expected) ++run.expected_outcome;
      }
    }
  });
  for (const cv1::ImportCustomersRequest& message : messages) {
    if (!stream->Write(message)) break;
  }
  stream->WritesDone();
  reader.join();
  const grpc::Status status = stream->Finish();
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!status.ok()) {
    return absl::InternalError(crm::StrCat("ImportCustomers failed: ", status.error_message()));
  }
  return run;
}

// COPY of the rows as the service stores them (match keys included) into
// the baseline table, in one transaction.
absl::StatusOr<double> CopyBaseline(const std::string& dsn,
                                    const std::vector<cv1::ImportCustomersRequest>& messages) {
  try {
    pqxx::connection connection(dsn);
    {
      pqxx::nontransaction setup(connection);
      setup.exec0(kDropBaselineSql);
      setup.exec0(kCreateBaselineSql);
    }
    const Clock::time_point start = Clock::now();
    pqxx::work tx(connection);
    {
      pqxx::stream_to copy(tx, "public.import_baseline",
                           std::vector<std::string>{
                               "id", "display_name", "legal_name", "short_name", "uscc", "industry",
                               "region", "ownership_type", "size_band", "owner_org_unit", "tags",
                               "data_completeness", "name_key", "trade_key", "head_key"});
      for (const cv1::ImportCustomersRequest& message : messages) {
        for (const cv1::ImportRow& row : message.rows()) {
          const cv1::Customer& c = row.customer();
          const customer::MatchKeys keys = customer::MatchKeysOf(c.legal_name());
          copy << std::make_tuple(
              row.external_reference().source_id().substr(2) + "-0000-0000-0000-000000000000",
              c.legal_name(), c.legal_name(), c.short_name(), c.uscc(), c.industry(), c.region(),
              static_cast<int>(c.ownership_type()), static_cast<int>(c.size_band()),
              std::string("orgUnits/hq"),
              auth::TextArrayLiteral(std::vector<std::string>(c.tags().begin(), c.tags().end())),
              85, keys.name, keys.trade, keys.head);
        }
      }
      copy.complete();
    }
    tx.commit();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    pqxx::nontransaction cleanup(connection);
    cleanup.exec0(kDropBaselineSql);
    return seconds;
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("COPY baseline: ", e.what()));
  }
}

}  // namespace

bool ImportSelected(const std::string& filter) {
  return filter.empty() || std::string_view("import").find(filter) != std::string_view::npos;
}

absl::Status RunImportBench(BenchServers& servers, const ImportBenchOptions& options,
                            std::ostream& out) {
  const int rows = std::max(options.rows, 1);
  std::cerr << "generating " << rows << " import rows...\n";
  std::vector<cv1::ImportCustomersRequest> messages((rows + kRowsPerMessage - 1) / kRowsPerMessage);
  for (int i = 0; i < rows; ++i) *messages[i / kRowsPerMessage].add_rows() = SyntheticRow(i);

  std::cerr << "  import_create: " << rows << " new rows through ImportCustomers\n";
  absl::StatusOr<ImportRun> created = Import(servers, messages, cv1::ImportRowResult::CREATED);
  if (!created.ok()) return created.status();
  if (created->expected_outcome != rows) {
    return absl::InternalError(crm::StrCat("import_create: ", created->expected_outcome, " of ",
                                           rows, " rows CREATED (", created->results, " results)"));
  }
  std::cerr << "  import_unchanged: the same rows again\n";
  absl::StatusOr<ImportRun> unchanged = Import(servers, messages, cv1::ImportRowResult::UNCHANGED);
  if (!unchanged.ok()) return unchanged.status();
  if (unchanged->expected_outcome != rows) {
    return absl::InternalError(crm::StrCat("import_unchanged: ", unchanged->expected_outcome,
                                           " of ", rows, " rows UNCHANGED"));
  }
  std::cerr << "  copy_baseline: COPY of the same rows\n";
  absl::StatusOr<double> copy_seconds = CopyBaseline(servers.dsn(), messages);
  if (!copy_seconds.ok()) return copy_seconds.status();

  const double create_rate = rows / created->seconds;
  const double unchanged_rate = rows / unchanged->seconds;
  const double copy_rate = rows / *copy_seconds;
  out << "\n## Bulk import (ImportCustomers), " << rows << " rows\n\n"
      << "| run | seconds | rows/s | vs COPY | target |\n|---|---|---|---|---|\n"
      << absl::StrFormat("| import_create | %.2f | %.0f | %.3f | %s (>= %.0f rows/s) |\n",
                         created->seconds, create_rate, create_rate / copy_rate,
                         create_rate >= options.target_rows_per_second ? "PASS" : "MISS",
                         options.target_rows_per_second)
      << absl::StrFormat("| import_unchanged | %.2f | %.0f | %.3f | |\n", unchanged->seconds,
                         unchanged_rate, unchanged_rate / copy_rate)
      << absl::StrFormat("| copy_baseline | %.2f | %.0f | 1.000 | |\n", *copy_seconds, copy_rate);
  return absl::OkStatus();
}

}  // namespace crm::bench
