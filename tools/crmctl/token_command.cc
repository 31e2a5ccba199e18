#include "tools/crmctl/token_command.h"

#include <ostream>

#include "libs/jwt/development_token.h"
#include "tools/crmctl/client_context.h"

namespace crm::crmctl {
namespace {

constexpr absl::Duration kTokenLifetime = absl::Hours(12);

}  // namespace

CommandSpec TokenCommand() {
  return {.path = "token",
          .summary = "print a local development token for the gateway",
          .details =
              "The token names the --as user and org unit and the --roles, lasts 12 "
              "hours, and is signed with the public development secret that the "
              "gateway of `make run` accepts. crmctl itself needs none of this: it "
              "mints such a token for --as on every call, and \"crmctl login\" saves "
              "one. This is for other clients, e.g.\n"
              "  export CRM_TOKEN=$(crmctl --as li.si@sub-east token)\n"
              "  grpcurl -H \"authorization: Bearer $CRM_TOKEN\" ...",
          .run =
              [](const Invocation& invocation, const Connection&, std::ostream& out) {
                const GlobalOptions& options = invocation.options;
                absl::StatusOr<std::string> token = jwt::DevelopmentToken(
                    options.user, options.org_unit, RolesFor(options), kTokenLifetime);
                if (!token.ok()) return token.status();
                out << *token << '\n';
                return absl::OkStatus();
              },
          .needs_credential = false};
}

}  // namespace crm::crmctl
