#include "tools/crmctl/contact_printer.h"

#include "tools/crmctl/enum_names.h"
#include "tools/crmctl/field_format.h"
#include "tools/crmctl/record_printer.h"
#include "tools/crmctl/resource_names.h"
#include "tools/crmctl/table_printer.h"

namespace crm::crmctl {

namespace v1 = ::crm::customer::v1;

void PrintContact(const v1::Contact& contact, std::ostream& out) {
  RecordPrinter record;
  record.Add("name", contact.name());
  record.Add("display_name", contact.display_name());
  record.Add("title", contact.title());
  record.Add("department", contact.department());
  record.Add("decision_role", DecisionRoleName(contact.decision_role()));
  record.Add("phone", contact.phone());
  record.Add("email", contact.email());
  record.Add("wechat", contact.wechat());
  record.Add("personal_info_masked", contact.personal_info_masked() ? "true" : "false");
  record.Add("state", ContactStateName(contact.state()));
  record.Add("create_time", FormatTimestamp(contact.create_time()));
  record.Add("update_time", FormatTimestamp(contact.update_time()));
  record.Add("etag", contact.etag());
  record.Print(out);
}

void PrintContactTable(const google::protobuf::RepeatedPtrField<v1::Contact>& contacts,
                       std::ostream& out) {
  TablePrinter table(
      {"ID", "DISPLAY_NAME", "TITLE", "DEPARTMENT", "ROLE", "PHONE", "EMAIL", "WECHAT", "STATE"});
  for (const auto& contact : contacts) {
    table.AddRow({LastSegment(contact.name()), contact.display_name(), contact.title(),
                  contact.department(), DecisionRoleName(contact.decision_role()), contact.phone(),
                  contact.email(), contact.wechat(), ContactStateName(contact.state())});
  }
  table.Print(out);
}

}  // namespace crm::crmctl
