#ifndef CRM_SERVICES_CUSTOMER_RULES_COMPLETENESS_H_
#define CRM_SERVICES_CUSTOMER_RULES_COMPLETENESS_H_

// Data completeness (资料完整度) of a customer record: the share of the
// weighted fields that are filled in, shown per customer and rolled up per
// org unit (the domain's target is above 92%).
namespace crm::customer {

// What is filled in on one customer and its contacts.
struct CompletenessInput {
  bool has_legal_name = false;
  bool has_uscc = false;
  bool has_industry = false;
  bool has_region = false;
  bool has_ownership_type = false;
  bool has_size_band = false;
  bool has_owner_org_unit = false;
  bool has_short_name = false;
  int active_contacts = 0;
  bool has_decision_maker_contact = false;
};

// Points per item. Identity (legal name, USCC), classification (industry,
// region), ownership of the account and a reachable contact weigh most,
// because matching, reporting, scoping and selling depend on them.
struct CompletenessWeights {
  int legal_name = 15;
  int uscc = 15;
  int industry = 10;
  int region = 10;
  int owner_org_unit = 10;
  int ownership_type = 5;
  int size_band = 5;
  int short_name = 5;
  int active_contact = 15;  // at least one active contact
  int decision_maker_contact = 10;
};

// The defaults, which add up to 100.
inline constexpr CompletenessWeights kDefaultCompletenessWeights{};

// 0..100: earned points over all points, rounded half up, so every item
// present gives exactly 100 and none gives 0. Negative weights count as 0;
// with no positive weight at all the result is 0.
int DataCompleteness(const CompletenessInput& input,
                     const CompletenessWeights& weights = kDefaultCompletenessWeights);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_COMPLETENESS_H_
