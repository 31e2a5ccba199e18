#ifndef CRM_TOOLS_CRMCTL_ERROR_PRINTER_H_
#define CRM_TOOLS_CRMCTL_ERROR_PRINTER_H_

#include <ostream>

#include "absl/status/status.h"

namespace crm::crmctl {

// Prints a failed call for a person at a terminal, every detail the server
// sent and nothing else:
//   error: INVALID_ARGUMENT: request has 2 invalid fields: ...
//     customer.uscc: check character does not match
//     customer.legal_name: is required
//     reason: INVALID_ARGUMENT (customer.crm) fields=customer.uscc,...
//     retry after: 2s
// Field violations come in the server's order; ErrorInfo metadata sorted by
// key so the line is stable.
void PrintError(const absl::Status& status, std::ostream& err);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_ERROR_PRINTER_H_
