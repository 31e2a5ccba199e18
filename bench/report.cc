#include "bench/report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "libs/strings/str_cat.h"

namespace crm::bench {
namespace {

constexpr char kFloor[] = "echo";

std::string Ratio(const std::optional<double>& r) {
  return r.has_value() ? absl::StrFormat("%.2f", *r) : "—";
}

std::string TargetText(const Measurement& m) {
  if (m.target.has_value()) {
    std::string text = absl::StrFormat("QPS ≥ %.2f×", m.target->min_qps_ratio);
    if (m.target->max_p99_ratio > 0) {
      absl::StrAppend(&text, absl::StrFormat(", p99 ≤ %.2f×", m.target->max_p99_ratio));
    }
    if (m.target->max_p50_added_us > 0) {
      absl::StrAppend(&text, absl::StrFormat(", p50 ≤ +%.0f µs", m.target->max_p50_added_us));
    }
    return text;
  }
  if (m.baseline.empty()) return "floor";
  return "report only";
}

std::optional<double> Divide(double a, double b) {
  if (b <= 0) return std::nullopt;
  return a / b;
}

nlohmann::json OptionalJson(const std::optional<double>& v) {
  return v.has_value() ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

std::vector<int> Report::Levels() const {
  std::vector<int> levels;
  for (const Measurement& m : measurements_) {
    if (std::find(levels.begin(), levels.end(), m.in_flight) == levels.end()) {
      levels.push_back(m.in_flight);
    }
  }
  return levels;
}

const Measurement* Report::Find(const std::string& scenario, int in_flight) const {
  for (const Measurement& m : measurements_) {
    if (m.scenario == scenario && m.in_flight == in_flight) return &m;
  }
  return nullptr;
}

std::vector<Row> Report::Rows(int in_flight) const {
  std::vector<Row> rows;
  const Measurement* echo = Find(kFloor, in_flight);
  for (const Measurement& m : measurements_) {
    if (m.in_flight != in_flight) continue;
    Row row;
    row.m = &m;
    const LoadResult& load = m.load;
    if (echo != nullptr && echo != &m) row.echo_ratio = Divide(load.qps, echo->load.qps);
    const Measurement* base = m.baseline.empty() ? nullptr : Find(m.baseline, in_flight);
    if (base != nullptr && base->load.errors == 0) {
      row.qps_ratio = Divide(load.qps, base->load.qps);
      row.p99_ratio = Divide(load.p99_us, base->load.p99_us);
    }
    if (load.errors > 0 || load.calls == 0) {
      row.verdict = "ERROR";
    } else if (m.target.has_value() && in_flight == info_.target_in_flight) {
      if (!row.qps_ratio.has_value() || !row.p99_ratio.has_value()) {
        row.verdict = "NO BASELINE";
      } else {
        std::vector<std::string> missed;
        if (*row.qps_ratio < m.target->min_qps_ratio) missed.push_back("QPS");
        if (m.target->max_p99_ratio > 0 && *row.p99_ratio > m.target->max_p99_ratio) {
          missed.push_back("p99");
        }
        if (m.target->max_p50_added_us > 0 &&
            load.p50_us - base->load.p50_us > m.target->max_p50_added_us) {
          missed.push_back("p50");
        }
        row.verdict = missed.empty() ? "PASS"
                                     : crm::StrCat("MISS (", absl::StrJoin(missed, ", "), ")");
      }
    }
    rows.push_back(row);
  }
  return rows;
}

void Report::PrintTable(int in_flight, std::ostream& out) const {
  out << "#### " << in_flight << (in_flight == 1 ? " call" : " calls") << " in flight\n\n"
      << "| scenario | QPS | p50 µs | p99 µs | baseline | QPS ratio | p99 ratio | "
         "QPS ÷ echo | target | result | bench CPU | host busy |\n"
      << "|---|--:|--:|--:|---|--:|--:|--:|---|---|--:|--:|\n";
  std::vector<std::string> errors;
  for (const Row& row : Rows(in_flight)) {
    const Measurement& m = *row.m;
    std::string verdict = row.verdict.empty() ? "—" : row.verdict;
    if (m.target.has_value() && row.verdict.empty()) verdict = "(judged at " +
        std::to_string(info_.target_in_flight) + ")";
    out << absl::StrFormat("| %s | %.0f | %.0f | %.0f | %s | %s | %s | %s | %s | %s | %.2f | %.0f%% |\n",
                           m.scenario, m.load.qps, m.load.p50_us, m.load.p99_us,
                           m.baseline.empty() ? "—" : m.baseline, Ratio(row.qps_ratio),
                           Ratio(row.p99_ratio), Ratio(row.echo_ratio), TargetText(m),
                           verdict, m.cpu.process_cores, m.cpu.host_busy * 100);
    if (m.load.errors > 0) {
      errors.push_back(crm::StrCat(m.scenario, ": ", m.load.errors, " failed calls, first: ",
                                    m.load.first_error));
    }
  }
  for (const std::string& e : errors) out << "\n" << e << "\n";
  out << "\n";
}

void Report::PrintAll(std::ostream& out) const {
  out << "### " << info_.date << "\n\n"
      << "- command: `" << info_.command << "`\n"
      << "- machine: " << info_.machine << "\n"
      << "- gRPC " << info_.grpc_version << "; client, servers, PostgreSQL and Redis on the "
         "same host over loopback\n"
      << absl::StrFormat("- %.1f s measured per scenario, in %d round-robin slices each "
                         "after %.1f s warm-up; %d customers; PostgreSQL pool of %d\n\n",
                         info_.seconds, info_.rounds, info_.warmup_seconds, info_.customers,
                         info_.pg_pool_size);
  for (int level : Levels()) PrintTable(level, out);
  out << "Targets (judged at " << info_.target_in_flight << " in flight): "
      << (AllPassed() ? "all met" : "not all met") << "\n";
}

bool Report::AllPassed() const {
  for (int level : Levels()) {
    for (const Row& row : Rows(level)) {
      if (!row.verdict.empty() && row.verdict != "PASS") return false;
    }
  }
  return true;
}

nlohmann::json Report::ToJson() const {
  nlohmann::json results = nlohmann::json::array();
  for (int level : Levels()) {
    for (const Row& row : Rows(level)) {
      const Measurement& m = *row.m;
      nlohmann::json j = {
          {"scenario", m.scenario},
          {"in_flight", m.in_flight},
          {"baseline", m.baseline},
          {"calls", m.load.calls},
          {"errors", m.load.errors},
          {"qps", m.load.qps},
          {"p50_us", m.load.p50_us},
          {"p99_us", m.load.p99_us},
          {"qps_ratio", OptionalJson(row.qps_ratio)},
          {"p99_ratio", OptionalJson(row.p99_ratio)},
          {"qps_ratio_to_echo", OptionalJson(row.echo_ratio)},
          {"verdict", row.verdict},
          {"bench_process_cores", m.cpu.process_cores},
          {"host_busy", m.cpu.host_busy},
      };
      if (m.target.has_value()) {
        j["target"] = {{"min_qps_ratio", m.target->min_qps_ratio},
                       {"max_p99_ratio", m.target->max_p99_ratio}};
      }
      if (!m.load.first_error.empty()) j["first_error"] = m.load.first_error;
      results.push_back(std::move(j));
    }
  }
  return {
      {"command", info_.command},
      {"date", info_.date},
      {"machine", info_.machine},
      {"grpc_version", info_.grpc_version},
      {"seconds", info_.seconds},
      {"warmup_seconds", info_.warmup_seconds},
      {"rounds", info_.rounds},
      {"customers", info_.customers},
      {"pg_pool_size", info_.pg_pool_size},
      {"target_in_flight", info_.target_in_flight},
      {"all_targets_met", AllPassed()},
      {"results", std::move(results)},
  };
}

}  // namespace crm::bench
