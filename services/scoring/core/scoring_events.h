#ifndef CRM_SERVICES_SCORING_CORE_SCORING_EVENTS_H_
#define CRM_SERVICES_SCORING_CORE_SCORING_EVENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "crm/scoring/v1/scoring_service.pb.h"
#include "libs/events/event.h"
#include "libs/events/outbox.h"
#include "pqxx/pqxx"

namespace crm::scoring {

// The scoring feed (libs/events): service "scoring", outbox scoring.events,
// stream crm:scoring:v1:events; its types are ScoringEvent.Type's names.
events::FeedOptions ScoringFeed(absl::Duration settle, absl::Duration retention);

// What an event tells beside its type and resource (the payload:
// ScoringEvent's customer, tiers, risk and org unit).
struct ScoringEventFacts {
  std::string customer_id;  // UUID; "" when the event concerns no customer
  // For TIER_CHANGED.
  v1::Tier from_tier = v1::TIER_UNSPECIFIED;
  v1::Tier to_tier = v1::TIER_UNSPECIFIED;
  // For SCORES_CHANGED and the warnings.
  v1::RiskLevel risk = v1::RISK_LEVEL_UNSPECIFIED;
  // The org unit concerned (the owner, notified), orgUnits/{org_unit}.
  std::string org_unit;
};

// Records an event in `tx`, the transaction that made the change.
// `resource` is customers/{c}, churnWarnings/{w}, tierReviews/{q},
// surveys/{s} or orgUnits/{o}/salesTargets/{q}. INTERNAL
// EVENT_NOT_RECORDED should the outbox refuse it (an undeclared type).
absl::Status RecordScoringEvent(const events::Outbox& outbox, pqxx::work& tx,
                                v1::ScoringEvent::Type type, const std::string& resource,
                                const ScoringEventFacts& facts);

// The same event for events::RecordEvents (one statement for many, as a
// bulk rescore records them with ScoringFeed's options).
events::NewEvent NewScoringEvent(v1::ScoringEvent::Type type, const std::string& resource,
                                 const ScoringEventFacts& facts);

// An event of the feed as the API shows it.
v1::ScoringEvent ToProto(const events::Event& event);

}  // namespace crm::scoring

#endif  // CRM_SERVICES_SCORING_CORE_SCORING_EVENTS_H_
