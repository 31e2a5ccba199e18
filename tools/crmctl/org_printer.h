#ifndef CRM_TOOLS_CRMCTL_ORG_PRINTER_H_
#define CRM_TOOLS_CRMCTL_ORG_PRINTER_H_

#include <ostream>

#include "crm/gateway/v1/org_service.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace crm::crmctl {

// The caller as the gateway resolved them: user, org unit, its path, roles
// and data scope.
void PrintCurrentUser(const gateway::v1::CurrentUser& user, std::ostream& out);

// One org unit or user as a key-value block.
void PrintOrgUnit(const gateway::v1::OrgUnit& org_unit, std::ostream& out);
void PrintUser(const gateway::v1::User& user, std::ostream& out);

// Org units as the server lists them, root first and each parent before its
// children, as a tree: each indented two spaces per level below the
// shallowest one listed.
void PrintOrgUnitTree(const google::protobuf::RepeatedPtrField<gateway::v1::OrgUnit>& org_units,
                      std::ostream& out);

// Users as a table, one row each.
void PrintUserTable(const google::protobuf::RepeatedPtrField<gateway::v1::User>& users,
                    std::ostream& out);

// The organisation's audit log as a table, newest first as the server sends
// it.
void PrintAuditTable(const google::protobuf::RepeatedPtrField<gateway::v1::AuditEntry>& entries,
                     std::ostream& out);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_ORG_PRINTER_H_
