#include "bench/report.h"

#include <algorithm>
#include <cmath>

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

// MET / MISS on the RPC's p50; "" when report only; ERROR when a call failed.
std::string OperationVerdict(const OperationLatency& op) {
  if (op.rpc.errors > 0 || op.sql.errors > 0 || op.rpc.count == 0 || op.sql.count == 0) {
    return "ERROR";
  }
  if (op.target_us <= 0) return "";
  return op.rpc.p50_us <= op.target_us ? "MET" : "MISS";
}

std::string Millis(double us) {
  return us >= 10000 ? absl::StrFormat("%.0f", us / 1000) : absl::StrFormat("%.2f", us / 1000);
}

nlohmann::json StatsJson(const LatencyStats& s) {
  nlohmann::json j = {{"count", s.count},
                      {"errors", s.errors},
                      {"p50_us", s.p50_us},
                      {"p99_us", s.p99_us},
                      {"ops_per_second", s.ops_per_second}};
  if (!s.first_error.empty()) j["first_error"] = s.first_error;
  return j;
}

std::string Percent(int64_t part, int64_t whole) {
  return whole > 0 ? absl::StrFormat("%.1f %%", 100.0 * part / whole) : "—";
}

std::string Verdict(bool met) { return met ? "MET" : "MISS"; }

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
        row.verdict =
            missed.empty() ? "PASS" : crm::StrCat("MISS (", absl::StrJoin(missed, ", "), ")");
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
    if (m.target.has_value() && row.verdict.empty())
      verdict = "(judged at " + std::to_string(info_.target_in_flight) + ")";
    out << absl::StrFormat(
        "| %s | %.0f | %.0f | %.0f | %s | %s | %s | %s | %s | %s | %.2f | %.0f%% |\n", m.scenario,
        m.load.qps, m.load.p50_us, m.load.p99_us, m.baseline.empty() ? "—" : m.baseline,
        Ratio(row.qps_ratio), Ratio(row.p99_ratio), Ratio(row.echo_ratio), TargetText(m), verdict,
        m.cpu.process_cores, m.cpu.host_busy * 100);
    if (m.load.errors > 0) {
      errors.push_back(crm::StrCat(m.scenario, ": ", m.load.errors,
                                   " failed calls, first: ", m.load.first_error));
    }
  }
  for (const std::string& e : errors) out << "\n" << e << "\n";
  out << "\n";
}

void Report::PrintOperations(std::ostream& out) const {
  if (operations_.empty()) return;
  out << "#### Operation latency (1 in flight)\n\n";
  for (const std::string& note : operation_notes_) out << "- " << note << "\n";
  if (!operation_notes_.empty()) out << "\n";
  out << "| operation | cache | nodes | RPC p50 ms | RPC p99 ms | RPC ops/s | SQL p50 ms | "
         "SQL p99 ms | RPC ÷ SQL (p50) | n | target (RPC p50) | result | host busy |\n"
      << "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|--:|\n";
  std::vector<std::string> errors;
  for (const OperationLatency& op : operations_) {
    const std::string verdict = OperationVerdict(op);
    out << absl::StrFormat(
        "| %s | %s | %d | %s | %s | %.1f | %s | %s | %s | %d | %s | %s | %.0f%% |\n", op.name,
        op.cache, op.nodes, Millis(op.rpc.p50_us), Millis(op.rpc.p99_us), op.rpc.ops_per_second,
        Millis(op.sql.p50_us), Millis(op.sql.p99_us), Ratio(Divide(op.rpc.p50_us, op.sql.p50_us)),
        op.rpc.count,
        op.target_us > 0 ? absl::StrFormat("≤ %s ms", Millis(op.target_us)) : "report only",
        verdict.empty() ? "—" : verdict, op.host_busy * 100);
    for (const auto* s : {&op.rpc, &op.sql}) {
      if (s->errors > 0) {
        errors.push_back(crm::StrCat(op.name, s == &op.rpc ? " (RPC): " : " (SQL): ", s->errors,
                                     " failed, first: ", s->first_error));
      }
    }
  }
  for (const std::string& e : errors) out << "\n" << e << "\n";
  out << "\n";
}

bool Report::HasDuplicateErrors() const {
  return duplicates_.has_value() &&
         (duplicates_->latency.errors > 0 || duplicates_->latency.count == 0);
}

void Report::PrintDuplicates(std::ostream& out) const {
  if (!duplicates_.has_value()) return;
  const DuplicateQuality& d = *duplicates_;
  out << "#### Duplicate matching quality\n\n";
  for (const std::string& note : d.notes) out << "- " << note << "\n";
  out << "\n";
  const std::string t = absl::StrFormat("%.2f", d.threshold);
  out << "| measure | value | target | result |\n|---|--:|---|---|\n"
      << absl::StrFormat(
             "| recall@5: planted variants whose base record is in the top 5 (any "
             "score) | %s (%d of %d) | ≥ %.0f %% | %s |\n",
             Percent(d.in_top5, d.planted), d.in_top5, d.planted, d.recall_target * 100,
             Verdict(d.Recall() >= d.recall_target))
      << absl::StrFormat(
             "| precision at %s: true matches among all matches scoring ≥ %s | %s "
             "(%d of %d) | ≥ %.0f %% | %s |\n",
             t, t, Percent(d.true_matches, d.true_matches + d.false_matches), d.true_matches,
             d.true_matches + d.false_matches, d.precision_target * 100,
             Verdict(d.Precision() >= d.precision_target))
      << absl::StrFormat(
             "| SearchDuplicates latency, 1 in flight (p50 / p99) | %s / %s ms "
             "(%d calls) | report only | — |\n\n",
             Millis(d.latency.p50_us), Millis(d.latency.p99_us), d.latency.count);
  out << "| kind | queries | recall@5 | true match ≥ " << t << " | ranked first | true match's "
      << "score: 1.0 / ≥0.9 / ≥" << t << " / ≥0.5 / <0.5 / none | its reasons | others ≥ " << t
      << " (queries) |\n|---|--:|--:|--:|--:|---|---|--:|\n";
  for (const DuplicateKindRow& k : d.kinds) {
    if (!k.planted) continue;
    out << absl::StrFormat("| %s | %d | %s | %s | %s | %s | %s | %d (%d) |\n", k.kind, k.queries,
                           Percent(k.in_top5, k.queries), Percent(k.at_threshold, k.queries),
                           Percent(k.first, k.queries), absl::StrJoin(k.score_buckets, " / "),
                           k.reasons.empty() ? "—" : k.reasons, k.false_matches,
                           k.queries_with_false);
  }
  out << absl::StrFormat("| all planted | %d | %s | %s | | | | %d |\n", d.planted,
                         Percent(d.in_top5, d.planted), Percent(d.true_matches, d.planted), [&] {
                           int64_t n = 0;
                           for (const DuplicateKindRow& k : d.kinds) {
                             if (k.planted) n += k.false_matches;
                           }
                           return n;
                         }());
  for (const DuplicateKindRow& k : d.kinds) {
    if (k.planted) continue;
    out << absl::StrFormat("| %s (distractor) | %d | — | — | — | — | — | %d (%d) |\n", k.kind,
                           k.queries, k.false_matches, k.queries_with_false);
  }
  out << "\nKinds: ";
  std::vector<std::string> whats;
  for (const DuplicateKindRow& k : d.kinds) whats.push_back(crm::StrCat("`", k.kind, "` ", k.what));
  out << absl::StrJoin(whats, "; ") << ".\n\n";
  out << "| threshold | recall (true match ≥ threshold) | precision | true / false matches |\n"
      << "|--:|--:|--:|--:|\n";
  for (const ThresholdPoint& p : d.sweep) {
    out << absl::StrFormat("| %.2f%s | %s | %s | %d / %d |\n", p.threshold,
                           std::abs(p.threshold - d.threshold) < 1e-9 ? " (default)" : "",
                           Percent(p.true_matches, p.planted),
                           Percent(p.true_matches, p.true_matches + p.false_matches),
                           p.true_matches, p.false_matches);
  }
  out << "\n";
  bool any = false;
  for (const DuplicateKindRow& k : d.kinds) {
    for (const std::string& e : k.examples) {
      if (!any) out << "Examples (misses, false matches):\n\n";
      any = true;
      out << "- " << k.kind << ": " << e << "\n";
    }
  }
  if (any) out << "\n";
  if (d.latency.errors > 0) {
    out << "SearchDuplicates: " << d.latency.errors
        << " failed calls, first: " << d.latency.first_error << "\n\n";
  }
}

void Report::PrintAll(std::ostream& out) const {
  out << "### " << info_.date << "\n\n"
      << "- command: `" << info_.command << "`\n"
      << "- machine: " << info_.machine << "\n"
      << "- gRPC " << info_.grpc_version
      << "; client, servers, PostgreSQL and Redis on the "
         "same host over loopback\n"
      << (measurements_.empty()
              ? absl::StrFormat("- PostgreSQL pool of %d\n\n", info_.pg_pool_size)
              : absl::StrFormat("- %.1f s measured per scenario, in %d round-robin slices each "
                                "after %.1f s warm-up; %d customers; PostgreSQL pool of %d\n\n",
                                info_.seconds, info_.rounds, info_.warmup_seconds, info_.customers,
                                info_.pg_pool_size));
  for (int level : Levels()) PrintTable(level, out);
  PrintOperations(out);
  PrintDuplicates(out);
  out << "Targets (customer scenarios judged at " << info_.target_in_flight
      << " in flight, hierarchy operations on the RPC's p50, duplicate matching on recall@5 "
         "and precision): "
      << (AllPassed() ? "all met" : "not all met") << "\n";
}

bool Report::HasOperationErrors() const {
  for (const OperationLatency& op : operations_) {
    if (OperationVerdict(op) == "ERROR") return true;
  }
  return false;
}

bool Report::AllPassed() const {
  for (int level : Levels()) {
    for (const Row& row : Rows(level)) {
      if (!row.verdict.empty() && row.verdict != "PASS") return false;
    }
  }
  for (const OperationLatency& op : operations_) {
    const std::string verdict = OperationVerdict(op);
    if (!verdict.empty() && verdict != "MET") return false;
  }
  if (duplicates_.has_value() &&
      (HasDuplicateErrors() || duplicates_->Recall() < duplicates_->recall_target ||
       duplicates_->Precision() < duplicates_->precision_target)) {
    return false;
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
  nlohmann::json operations = nlohmann::json::array();
  for (const OperationLatency& op : operations_) {
    operations.push_back({{"operation", op.name},
                          {"cache", op.cache},
                          {"nodes", op.nodes},
                          {"rpc", StatsJson(op.rpc)},
                          {"sql", StatsJson(op.sql)},
                          {"rpc_to_sql_p50", OptionalJson(Divide(op.rpc.p50_us, op.sql.p50_us))},
                          {"target_rpc_p50_us", op.target_us},
                          {"verdict", OperationVerdict(op)},
                          {"host_busy", op.host_busy}});
  }
  nlohmann::json duplicates = nullptr;
  if (duplicates_.has_value()) {
    const DuplicateQuality& d = *duplicates_;
    nlohmann::json kinds = nlohmann::json::array();
    for (const DuplicateKindRow& k : d.kinds) {
      kinds.push_back({{"kind", k.kind},
                       {"what", k.what},
                       {"planted", k.planted},
                       {"queries", k.queries},
                       {"in_top5", k.in_top5},
                       {"at_threshold", k.at_threshold},
                       {"ranked_first", k.first},
                       {"score_buckets", k.score_buckets},
                       {"reasons", k.reasons},
                       {"false_matches", k.false_matches},
                       {"queries_with_false_matches", k.queries_with_false},
                       {"examples", k.examples}});
    }
    nlohmann::json sweep = nlohmann::json::array();
    for (const ThresholdPoint& p : d.sweep) {
      sweep.push_back({{"threshold", p.threshold},
                       {"true_matches", p.true_matches},
                       {"false_matches", p.false_matches},
                       {"planted", p.planted}});
    }
    duplicates = {{"notes", d.notes},
                  {"threshold", d.threshold},
                  {"planted", d.planted},
                  {"recall_at_5", d.Recall()},
                  {"recall_target", d.recall_target},
                  {"precision", d.Precision()},
                  {"precision_target", d.precision_target},
                  {"true_matches", d.true_matches},
                  {"false_matches", d.false_matches},
                  {"latency", StatsJson(d.latency)},
                  {"host_busy", d.host_busy},
                  {"kinds", std::move(kinds)},
                  {"sweep", std::move(sweep)}};
  }
  return {
      {"duplicates", std::move(duplicates)},
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
      {"operation_notes", operation_notes_},
      {"operations", std::move(operations)},
  };
}

}  // namespace crm::bench
