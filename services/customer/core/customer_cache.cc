#include "services/customer/core/customer_cache.h"

#include "libs/etag/etag.h"
#include "services/customer/core/resource_names.h"

namespace crm::customer {

absl::Status CustomerCache::Fetch(const std::string& id, v1::Customer& customer) {
  if (cache_ != nullptr) {
    if (std::optional<std::string> cached = cache_->Get(id);
        cached.has_value() && customer.ParseFromString(*cached)) {
      return absl::OkStatus();
    }
  }
  absl::StatusOr<v1::Customer> stored = customers_.Get(id);
  if (!stored.ok()) return stored.status();
  customer = *std::move(stored);
  if (cache_ != nullptr) {
    cache_->Put(id, ParseEtag(customer.etag()).value_or(0), customer.SerializeAsString());
  }
  return absl::OkStatus();
}

void CustomerCache::AfterChange(const v1::Customer& customer) {
  if (cache_ == nullptr) return;
  if (std::optional<std::string> id = ParseCustomerName(customer.name())) {
    cache_->Invalidate(*id, ParseEtag(customer.etag()).value_or(0));
  }
}

void CustomerCache::AfterChange(const std::string& id, std::optional<int64_t> version) {
  if (cache_ != nullptr && version.has_value()) cache_->Invalidate(id, *version);
}

void CustomerCache::AfterMerge(const std::string& merged_id) {
  if (cache_ == nullptr) return;
  if (absl::StatusOr<v1::Customer> current = customers_.Get(merged_id); current.ok()) {
    cache_->Invalidate(merged_id, ParseEtag(current->etag()).value_or(0));
  }
}

}  // namespace crm::customer
