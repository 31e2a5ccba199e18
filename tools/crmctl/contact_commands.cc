#include "tools/crmctl/contact_commands.h"

#include "tools/crmctl/command_support.h"
#include "tools/crmctl/common_flags.h"
#include "tools/crmctl/contact_printer.h"
#include "tools/crmctl/contact_requests.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::customer::v1;
using Stub = CustomerStub;

void PrintContacts(const v1::ListContactsResponse& response, std::ostream& out) {
  PrintContactTable(response.contacts(), out);
}

int CountContacts(const v1::ListContactsResponse& response) { return response.contacts_size(); }

constexpr char kContactArgs[] = "CUSTOMER_ID CONTACT_ID";

}  // namespace

absl::Status RunCreateContact(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildCreateContactRequest, &Stub::CreateContact,
                  PrintContact);
}

absl::Status RunGetContact(const Invocation& invocation, Stub& stub, const ContextFactory& contexts,
                           std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildGetContactRequest, &Stub::GetContact,
                  PrintContact);
}

absl::Status RunListContacts(const Invocation& invocation, Stub& stub,
                             const ContextFactory& contexts, std::ostream& out) {
  return RunList(invocation, stub, contexts, out, BuildListContactsRequest, &Stub::ListContacts,
                 CountContacts, PrintContacts, "contacts");
}

absl::Status RunUpdateContact(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildUpdateContactRequest, &Stub::UpdateContact,
                  PrintContact);
}

absl::Status RunDeleteContact(const Invocation& invocation, Stub& stub,
                              const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildDeleteContactRequest, &Stub::DeleteContact,
                  PrintContact);
}

absl::Status RunEraseContact(const Invocation& invocation, Stub& stub,
                             const ContextFactory& contexts, std::ostream& out) {
  return RunUnary(invocation, stub, contexts, out, BuildEraseContactRequest, &Stub::EraseContact,
                  PrintContact);
}

std::vector<CommandSpec> ContactCommands() {
  std::vector<FlagSpec> update_flags = ContactFieldFlags();
  update_flags.push_back(EtagFlag());
  const std::string contact_details =
      "Name the contact by CUSTOMER_ID CONTACT_ID or by its full name "
      "customers/{customer}/contacts/{contact}.";
  return {
      {.path = "contact create",
       .args = "CUSTOMER_ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "add a contact to a customer",
       .details = "--name is required.",
       .flags = ContactFieldFlags(),
       .run = Dispatch<RunCreateContact>},
      {.path = "contact get",
       .args = kContactArgs,
       .min_args = 1,
       .max_args = 2,
       .summary = "show one contact (personal fields masked unless allowed)",
       .details = contact_details,
       .run = Dispatch<RunGetContact>},
      {.path = "contact list",
       .args = "CUSTOMER_ID",
       .min_args = 1,
       .max_args = 1,
       .summary = "list a customer's contacts",
       .flags = ListFlags(/*show_deleted=*/true),
       .run = Dispatch<RunListContacts>},
      {.path = "contact update",
       .args = kContactArgs,
       .min_args = 1,
       .max_args = 2,
       .summary = "change the fields whose flags are given",
       .details = contact_details + " Only the fields given change; an empty value clears one.",
       .flags = update_flags,
       .run = Dispatch<RunUpdateContact>},
      {.path = "contact delete",
       .args = kContactArgs,
       .min_args = 1,
       .max_args = 2,
       .summary = "delete a contact",
       .details = contact_details,
       .flags = {EtagFlag()},
       .run = Dispatch<RunDeleteContact>},
      {.path = "contact erase",
       .args = kContactArgs,
       .min_args = 1,
       .max_args = 2,
       .summary = "erase a contact's personal information for good (PIPL)",
       .details = contact_details + " Phone, e-mail and WeChat are removed and cannot be "
                                    "restored; the erasure and its reason are audited.",
       .flags = {{.name = "reason",
                  .value_name = "TEXT",
                  .help = "why, e.g. the data subject's request number "
                          "(required)"}},
       .run = Dispatch<RunEraseContact>},
  };
}

}  // namespace crm::crmctl
