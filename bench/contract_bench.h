#ifndef CRM_BENCH_CONTRACT_BENCH_H_
#define CRM_BENCH_CONTRACT_BENCH_H_

// The contracts part of `make bench` (--filter=contract): 1,000,000 payment
// milestones over 300,000 contracts of 100,000 customers, most of them in
// one customer group of 100,000 nodes shaped like the hierarchy bench's,
// seeded directly with SQL in the contract schema (contracts, payment
// milestones, the customer and group replicas). Then:
//
// one call at a time, through the RPC beside the store's own prepared
// statement for the same answer (ReceivablesStore::Statements() on one
// libpqxx connection in this process), alternating call by call:
//
//   contract_aging_group     GetAgingReport of the group's root node, as HQ
//   contract_aging_org_unit  GetAgingReport of a subsidiary, as its finance
//
// and N SubmitContract calls in flight, each submitting its own draft
// execution contract against one framework agreement whose ceiling lets a
// known number of them through, in `rounds` batches (a fresh framework
// each), each after a slice of the raw-SELECT baseline at as many in flight:
//
//   contract_pg_select  the raw-SELECT baseline RPC (one primary-key SELECT)
//   contract_submit     SubmitContract of executions        vs contract_pg_select
//
// checking afterwards that exactly the expected number was accepted, the
// rest refused with FAILED_PRECONDITION, and that Σ live executions stayed
// within the ceiling (SQL, and the framework's used/remaining through
// GetContract).

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/bench_servers.h"

namespace crm::bench {

struct ContractBenchOptions {
  int contracts = 300000;
  int milestones = 1000000;  // at least the non-framework contracts
  // Customers; also the nodes of the customer group, whose customer nodes
  // (~90 % of them) are customers among these.
  int customers = 100000;
  // Measured seconds per read operation (RPC and SQL together); at least
  // min_pairs RPC/SQL pairs whatever it takes.
  double read_seconds = 3.0;
  int min_pairs = 5;
  int max_pairs = 2000;
  // Submissions: calls in flight, drafts submitted in all (split over
  // `rounds` batches, one framework each), and the share of each batch the
  // framework's ceiling lets through.
  int in_flight = 32;
  int submissions = 3000;
  double accepted_share = 0.75;
  int rounds = 3;
  // The raw-SELECT baseline: measured seconds in all (one slice before each
  // batch) and warm-up per slice.
  double baseline_seconds = 3.0;
  absl::Duration warmup = absl::Milliseconds(500);
  // Keep the bench's database this long after the part, to inspect it by
  // hand (its DSN is printed); it is dropped afterwards as always.
  int hold_seconds = 0;
  // Only operations whose name contains this; "" for all.
  std::string filter;
};

// Whether --filter selects the contracts part.
bool ContractSelected(const std::string& filter);

// Seeds the contracts, measures the selected operations and prints them as a
// Markdown section to `out`. Returns whether every target was met (and the
// ceiling held); an error when seeding or a call failed (the section is
// printed first, naming it).
absl::StatusOr<bool> RunContractBench(BenchServers& servers, const ContractBenchOptions& options,
                                      std::ostream& out);

}  // namespace crm::bench

#endif  // CRM_BENCH_CONTRACT_BENCH_H_
