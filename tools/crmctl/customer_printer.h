#ifndef CRM_TOOLS_CRMCTL_CUSTOMER_PRINTER_H_
#define CRM_TOOLS_CRMCTL_CUSTOMER_PRINTER_H_

#include <ostream>

#include "crm/customer/v1/customer_service.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "tools/crmctl/record_printer.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {

// A customer as a key-value block, keys named like the proto fields.
void PrintCustomer(const customer::v1::Customer& customer, std::ostream& out);

// The fields of that block, after whatever `record` already holds.
void AddCustomerFields(const customer::v1::Customer& customer, RecordPrinter* record);

// Customers as a table, one row each.
void PrintCustomerTable(const google::protobuf::RepeatedPtrField<customer::v1::Customer>& customers,
                        std::ostream& out);

// Audit history as a table, newest first as the server sends it.
void PrintHistoryTable(
    const google::protobuf::RepeatedPtrField<customer::v1::HistoryEntry>& entries,
    std::ostream& out);

// Possible duplicates as a table, best first as the server sends them:
// score, relation (a branch or head office is no duplicate), customer id,
// legal name, USCC, owner and the reasons in words.
void PrintDuplicateTable(
    const google::protobuf::RepeatedPtrField<customer::v1::DuplicateMatch>& matches,
    std::ostream& out);

// A change feed's table, printed a page at a time: time, type, customer id,
// version and event id, oldest first as the server sends them.
TableStream ChangeTable();
void PrintChangeRows(
    const google::protobuf::RepeatedPtrField<customer::v1::CustomerChange>& changes,
    TableStream* table, std::ostream& out);

// After a create: one line naming the possible duplicates the server found
// for the new customer and how to see why, or nothing when there are none.
void PrintPossibleDuplicatesWarning(const customer::v1::Customer& created, std::ostream& err);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CUSTOMER_PRINTER_H_
