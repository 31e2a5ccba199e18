#include "services/opportunity/pipeline/opportunity_fields.h"

#include "services/opportunity/rules/product_lines.h"

namespace crm::opportunity {

absl::Status PriceOpportunity(v1::Opportunity& opportunity) {
  if (opportunity.product_lines_size() == 0) return absl::OkStatus();
  absl::StatusOr<common::v1::Money> amount =
      PriceProductLines(*opportunity.mutable_product_lines(), opportunity.amount().currency_code());
  if (!amount.ok()) return amount.status();
  *opportunity.mutable_amount() = *std::move(amount);
  return absl::OkStatus();
}

}  // namespace crm::opportunity
