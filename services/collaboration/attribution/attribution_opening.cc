#include "services/collaboration/attribution/attribution_opening.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "libs/clock/quarter.h"
#include "libs/crypto/crypto.h"
#include "libs/money/format.h"
#include "libs/names/resource_names.h"
#include "libs/strings/str_cat.h"
#include "libs/validation/calendar_date.h"
#include "services/collaboration/attribution/attribution_store.h"
#include "services/collaboration/core/collaboration_events.h"
#include "services/collaboration/core/collaboration_names.h"
#include "services/collaboration/core/request_row.h"

namespace crm::collaboration {
namespace {

constexpr char kLockDeal[] = "collaboration.opening_lock_deal";
constexpr char kLockDealSql[] =
    "SELECT a.id::text FROM collaboration.attributions a WHERE a.deal_key = $1 FOR UPDATE";
// Version 0: saving the contributors makes it 1. A concurrent opening of the
// same deal (the other feed) waits here for it and inserts nothing.
constexpr char kInsert[] = "collaboration.opening_insert";
constexpr char kInsertSql[] =
    "INSERT INTO collaboration.attributions (id, deal_key, opportunity_id, contract_id,"
    " customer_id, deal_title, currency_code, amount_minor, deal_date, deal_quarter,"
    " owner_org_unit, contributor_org_units, state, policy_version, version, create_time,"
    " update_time) VALUES ($1::uuid, $2, NULLIF($3, '')::uuid, NULLIF($4, '')::uuid, $5::uuid,"
    " $6, $7, $8, $9::date, $10, $11, '{}', 1, $12, 0, $13::timestamptz, $13::timestamptz)"
    " ON CONFLICT (deal_key) DO NOTHING RETURNING id::text";
// The other feed's facts joining an open attribution: its contract, and
// while DRAFT the contract's amount.
constexpr char kJoin[] = "collaboration.opening_join";
constexpr char kJoinSql[] =
    "UPDATE collaboration.attributions SET"
    " contract_id = coalesce(contract_id, NULLIF($2, '')::uuid),"
    " amount_minor = CASE WHEN $3::boolean THEN $4 ELSE amount_minor END,"
    " currency_code = CASE WHEN $3::boolean THEN $5 ELSE currency_code END,"
    " deal_title = CASE WHEN deal_title = '' THEN $6 ELSE deal_title END"
    " WHERE id = $1::uuid";
// The participants of the (not cancelled) requests linked to the deal.
constexpr char kParticipants[] = "collaboration.opening_participants";
constexpr char kParticipantsSql[] =
    "SELECT r.id::text, p.org_unit FROM collaboration.requests r"
    " JOIN collaboration.request_participants p ON p.request_id = r.id"
    " WHERE (r.opportunity_id = NULLIF($1, '')::uuid OR r.contract_id = NULLIF($2, '')::uuid)"
    " AND r.step <> 6 ORDER BY r.create_time, r.id, p.position";
constexpr char kAccountOwner[] = "collaboration.opening_account_owner";
constexpr char kAccountOwnerSql[] =
    "SELECT rc.owner_org_unit FROM collaboration.replica_customers rc"
    " WHERE rc.customer_id = $1::uuid";

// The contributors proposed for a deal: org unit → roles and evidence.
struct Proposal {
  std::map<std::string, std::set<int>> roles;
  std::map<std::string, std::vector<std::string>> evidence;

  void Add(const std::string& org_unit, v1::ContributorRole role, std::string evidence_item = "") {
    if (org_unit.empty()) return;
    roles[org_unit].insert(role);
    if (!evidence_item.empty()) {
      std::vector<std::string>& items = evidence[org_unit];
      if (std::find(items.begin(), items.end(), evidence_item) == items.end()) {
        items.push_back(std::move(evidence_item));
      }
    }
  }
};

Proposal Propose(pqxx::work& tx, const DealFacts& deal) {
  Proposal proposal;
  proposal.Add(deal.owner_org_unit, v1::DEAL_OWNER);
  for (const std::string& unit : deal.collaborating_org_units) {
    proposal.Add(unit, v1::COLLABORATOR);
  }
  for (const pqxx::row& row :
       tx.exec_prepared(kParticipants, deal.opportunity_id, deal.contract_id)) {
    proposal.Add(row[1].as<std::string>(), v1::REQUEST_PARTICIPANT,
                 RequestName(row[0].as<std::string>()));
  }
  // The customer's owner keeps its service contribution, even when HQ
  // coordinates the deal (an A-tier customer).
  const pqxx::result owner = tx.exec_prepared(kAccountOwner, deal.customer_id);
  if (!owner.empty()) proposal.Add(owner[0][0].as<std::string>(), v1::ACCOUNT_OWNER);
  return proposal;
}

// Adds the proposal to `view`'s contributors: new org units with their
// roles, known ones with the roles and evidence they lacked. Returns whether
// anything was added.
bool Merge(const Proposal& proposal, v1::Attribution& view) {
  bool changed = false;
  for (const auto& [org_unit, roles] : proposal.roles) {
    v1::Contributor* target = nullptr;
    for (v1::Contributor& c : *view.mutable_contributors()) {
      if (c.org_unit() == org_unit) target = &c;
    }
    if (target == nullptr) {
      target = view.add_contributors();
      target->set_org_unit(org_unit);
      changed = true;
    }
    for (const int role : roles) {
      if (std::find(target->roles().begin(), target->roles().end(), role) ==
          target->roles().end()) {
        target->add_roles(static_cast<v1::ContributorRole>(role));
        changed = true;
      }
    }
    std::sort(target->mutable_roles()->begin(), target->mutable_roles()->end());
    if (auto it = proposal.evidence.find(org_unit); it != proposal.evidence.end()) {
      for (const std::string& item : it->second) {
        if (std::find(target->evidence().begin(), target->evidence().end(), item) ==
            target->evidence().end()) {
          target->add_evidence(item);
          changed = true;
        }
      }
    }
  }
  return changed;
}

std::string DealKey(const DealFacts& deal) {
  return deal.opportunity_id.empty() ? names::ContractName(deal.contract_id)
                                     : names::OpportunityName(deal.opportunity_id);
}

std::string DayParam(absl::CivilDay day) {
  return validation::FormatDate(validation::FromCivilDay(day));
}

std::string AmountText(const std::string& currency_code, int64_t amount_minor) {
  common::v1::Money money;
  money.set_currency_code(currency_code);
  money.set_minor_units(amount_minor);
  return money::FormatMoney(money);
}

absl::Status Record(const events::Outbox& outbox, pqxx::work& tx, v1::CollaborationEvent::Type type,
                    const StoredAttribution& a, int64_t version) {
  CollaborationEventFacts facts;
  facts.customer_id = a.customer_id;
  facts.version = version;
  facts.attribution_state = a.view.state();
  return RecordCollaborationEvent(outbox, tx, type, a.view.name(), facts);
}

absl::StatusOr<StoredAttribution> ReadOne(pqxx::work& tx, const std::string& id) {
  std::vector<StoredAttribution> found = ReadAttributions(tx, {id});
  if (found.empty()) return absl::InternalError(crm::StrCat("attribution ", id, " vanished"));
  return std::move(found.front());
}

// The other feed's event for a deal whose attribution is open.
absl::StatusOr<bool> Join(pqxx::work& tx, const events::Outbox& outbox, const DealFacts& deal,
                          const std::string& id, absl::Time now) {
  // Each feed's event applies once: a replay finds its history row.
  if (HasHistoryOf(tx, id, deal.method)) return false;
  absl::StatusOr<StoredAttribution> stored = ReadOne(tx, id);
  if (!stored.ok()) return stored.status();
  const bool draft = stored->view.state() == v1::DRAFT;
  // The credited amount is the contract's once signed; a split in force
  // keeps the amount it was approved with.
  const bool take_amount = draft && !deal.contract_id.empty();
  tx.exec_prepared0(kJoin, id, deal.contract_id, take_amount, deal.amount_minor, deal.currency_code,
                    deal.title);
  if (take_amount) {
    stored->view.mutable_amount()->set_currency_code(deal.currency_code);
    stored->view.mutable_amount()->set_minor_units(deal.amount_minor);
  }
  std::string comment =
      deal.contract_id.empty()
          ? crm::StrCat(names::OpportunityName(deal.opportunity_id), " won")
          : crm::StrCat(names::ContractName(deal.contract_id), " signed",
                        take_amount ? crm::StrCat("; amount ",
                                                  AmountText(deal.currency_code, deal.amount_minor))
                                    : std::string());
  if (draft) {
    if (Merge(Propose(tx, deal), stored->view)) comment += "; contributors proposed";
    if (absl::Status s = Rescore(stored->view, /*required=*/false); !s.ok()) return s;
  }
  const int64_t version = SaveContributors(tx, id, stored->view.contributors(), now);
  RecordHistory(tx, id, "system", deal.method, stored->view.state(), stored->view.state(), comment,
                now);
  if (absl::Status s =
          Record(outbox, tx, v1::CollaborationEvent::ATTRIBUTION_UPDATED, *stored, version);
      !s.ok()) {
    return s;
  }
  return true;
}

}  // namespace

std::vector<pg::PreparedStatement> OpeningStatements() {
  return {{kLockDeal, kLockDealSql},
          {kInsert, kInsertSql},
          {kJoin, kJoinSql},
          {kParticipants, kParticipantsSql},
          {kAccountOwner, kAccountOwnerSql}};
}

absl::StatusOr<bool> OpenAttribution(pqxx::work& tx, const events::Outbox& outbox,
                                     const DealFacts& deal, absl::Time now) {
  if ((deal.opportunity_id.empty() && deal.contract_id.empty()) ||
      (!deal.opportunity_id.empty() && !names::IsUuid(deal.opportunity_id)) ||
      (!deal.contract_id.empty() && !names::IsUuid(deal.contract_id)) ||
      !names::IsUuid(deal.customer_id) || deal.owner_org_unit.empty() ||
      deal.currency_code.empty() || deal.amount_minor < 0 || deal.method.empty()) {
    return absl::InvalidArgumentError(crm::StrCat(
        "the deal facts of opportunity '", deal.opportunity_id, "' contract '", deal.contract_id,
        "' are incomplete: an opportunity or contract id, the "
        "customer, the owner org unit, a currency, an amount of zero or more and "
        "the method are needed"));
  }
  const std::string key = DealKey(deal);
  if (const pqxx::result existing = tx.exec_prepared(kLockDeal, key); !existing.empty()) {
    return Join(tx, outbox, deal, existing[0][0].as<std::string>(), now);
  }

  const AttributionPolicyRow policy = CurrentAttributionPolicy(tx);
  const std::string id = crypto::NewUuid();
  const pqxx::result inserted =
      tx.exec_prepared(kInsert, id, key, deal.opportunity_id, deal.contract_id, deal.customer_id,
                       deal.title, deal.currency_code, deal.amount_minor, DayParam(deal.deal_date),
                       clock::FormatQuarter(clock::QuarterOf(deal.deal_date)), deal.owner_org_unit,
                       policy.version, TimeParam(now));
  if (inserted.empty()) {
    // Opened meanwhile by the other feed, committed while this one waited.
    const pqxx::result existing = tx.exec_prepared(kLockDeal, key);
    if (existing.empty()) return absl::InternalError(crm::StrCat(key, "'s attribution vanished"));
    return Join(tx, outbox, deal, existing[0][0].as<std::string>(), now);
  }
  absl::StatusOr<StoredAttribution> stored = ReadOne(tx, id);
  if (!stored.ok()) return stored.status();
  Merge(Propose(tx, deal), stored->view);
  if (absl::Status s = Rescore(stored->view, /*required=*/false); !s.ok()) return s;
  const int64_t version = SaveContributors(tx, id, stored->view.contributors(), now);
  RecordHistory(tx, id, "system", deal.method, v1::ATTRIBUTION_STATE_UNSPECIFIED, v1::DRAFT,
                crm::StrCat("opened for ", key,
                            deal.contract_id.empty() || deal.opportunity_id.empty()
                                ? std::string()
                                : crm::StrCat(" (", names::ContractName(deal.contract_id), ")"),
                            ": ", AmountText(deal.currency_code, deal.amount_minor), " on ",
                            DayParam(deal.deal_date)),
                now);
  if (absl::Status s =
          Record(outbox, tx, v1::CollaborationEvent::ATTRIBUTION_OPENED, *stored, version);
      !s.ok()) {
    return s;
  }
  return true;
}

}  // namespace crm::collaboration
