#ifndef CRM_SERVICES_HIERARCHY_IMPORT_RESOLUTION_H_
#define CRM_SERVICES_HIERARCHY_IMPORT_RESOLUTION_H_

#include <vector>

#include "absl/status/statusor.h"
#include "crm/hierarchy/v1/hierarchy_service.pb.h"
#include "grpcpp/server_context.h"
#include "services/hierarchy/customer_facts.h"
#include "services/hierarchy/hierarchy_store.h"

namespace crm::hierarchy {

// Looks up each distinct parent and child key of an import once, with the
// customer service, as the caller. A key that names no customer adds a
// problem at every line that uses it; any other failure (the customer
// service unavailable) fails the call. Rows with such a problem are left out;
// the store checks the rest (scope first, then state and placement).
absl::StatusOr<std::vector<ResolvedImportRow>> ResolveImportRows(
    const v1::ImportStructureRequest& request, const CustomerFactsClient& customers,
    const grpc::ServerContextBase& caller, std::vector<v1::ImportProblem>& problems);

}  // namespace crm::hierarchy

#endif  // CRM_SERVICES_HIERARCHY_IMPORT_RESOLUTION_H_
