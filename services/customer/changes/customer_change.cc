#include "services/customer/changes/customer_change.h"

#include "google/protobuf/util/time_util.h"

namespace crm::customer {

v1::CustomerChange ToChange(const events::Event& event) {
  v1::CustomerChange change;
  change.set_event_id(event.event_id);
  change.set_customer(event.resource);
  v1::CustomerChange::Type type = v1::CustomerChange::TYPE_UNSPECIFIED;
  (void)v1::CustomerChange::Type_Parse(event.type, &type);  // recorded from the enum
  change.set_type(type);
  change.set_version(event.version);
  *change.mutable_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(event.time));
  change.set_merged_into(event.payload);  // the survivor, for MERGED and UNMERGED
  return change;
}

}  // namespace crm::customer
