#ifndef CRM_SERVICES_CUSTOMER_CHANGES_CUSTOMER_CHANGE_H_
#define CRM_SERVICES_CUSTOMER_CHANGES_CUSTOMER_CHANGE_H_

// The read side of the change feed: an event of the customer's outbox
// (libs/events, written by core/change_record.cc) as the API shows it.

#include "crm/customer/v1/customer_service.pb.h"
#include "libs/events/event.h"

namespace crm::customer {

v1::CustomerChange ToChange(const events::Event& event);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CHANGES_CUSTOMER_CHANGE_H_
