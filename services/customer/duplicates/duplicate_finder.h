#ifndef CRM_SERVICES_CUSTOMER_DUPLICATES_DUPLICATE_FINDER_H_
#define CRM_SERVICES_CUSTOMER_DUPLICATES_DUPLICATE_FINDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crm/customer/v1/customer_service.pb.h"
#include "libs/pg/pool.h"
#include "pqxx/pqxx"
#include "services/customer/rules/duplicate_score.h"

namespace crm::customer {

inline constexpr int kDefaultDuplicateMatches = 5;
inline constexpr int kMaxDuplicateMatches = 50;
// Contact phones, and contact e-mails, one search may compare.
inline constexpr int kMaxDuplicateContactValues = 5;

// Whose contacts a search may compare: those of customers in this data scope
// (the caller's, when its role may see contacts in plain text). The default
// compares none.
struct ContactScope {
  bool all = false;
  std::string org_units = "{}";  // PostgreSQL text[] literal
};

// The facts of a stored or candidate customer that matching compares
// (contact hashes are added by the caller).
MatchFacts MatchFactsOf(const v1::Customer& customer);

v1::DuplicateMatch::Reason ToReasonProto(MatchReason reason);
v1::DuplicateMatch::Relation ToRelationProto(MatchRelation relation);

// A live customer that may be the same legal entity as the one asked about.
// Only identity fields: a caller learns that it exists and who owns it.
struct DuplicateCandidate {
  std::string id;
  std::string display_name;
  std::string legal_name;
  std::string uscc;
  std::string owner_org_unit;
  Match match;
  // Contacts of this customer whose phone or e-mail was asked for (only
  // within the search's ContactScope).
  std::vector<std::string> matched_contacts;
};

// Finds duplicate candidates by index (USCC, name keys, one-edit trade-name
// keys, contact hashes, the trade name's sound, longer trade names beginning
// with it), the likeliest few hundred first; scores each with ScoreMatch,
// weighs short forms against each other (ResolveShortForms) and ranks them
// (RanksBefore) before cutting to the limit.
class DuplicateFinder final {
 public:
  explicit DuplicateFinder(pg::ConnectionPool& pool) : pool_(pool) {}

  static std::vector<pg::PreparedStatement> Statements();

  // Fills in the match keys (core/match_keys.h) of customers written before
  // they existed or keyed by older rules (name_key NULL), in batches.
  absl::Status Backfill();

  // Candidates scoring at least `min_score`, best first (RanksBefore), at
  // most `limit`, never `exclude_id`. `query.contact_hashes` are raw keyed
  // hashes, compared only with contacts of customers in `contacts`: any
  // other contact neither finds a candidate nor adds to its score, so the
  // answer is the same whether or not such a contact holds the value.
  absl::StatusOr<std::vector<DuplicateCandidate>> Search(const MatchFacts& query,
                                                         const std::string& exclude_id,
                                                         double min_score, int limit,
                                                         const ContactScope& contacts = {});

 private:
  pg::ConnectionPool& pool_;
};

// The names of live customers that may be the same legal entity as one just
// created (CreateCustomer's warning): the default threshold and count; empty
// when the search fails, since a warning must not fail the create.
std::vector<std::string> PossibleDuplicatesOf(DuplicateFinder& finder, const v1::Customer& created);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_DUPLICATES_DUPLICATE_FINDER_H_
