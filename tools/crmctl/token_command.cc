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
          .details = "The token names the --as user and org unit and the --roles, lasts 12 "
                     "hours, and is signed with the public development secret that the "
                     "gateway of `make run` accepts. Use it with\n"
                     "  export CRM_TOKEN=$(crmctl --as li@east token)\n"
                     "  crmctl --server 127.0.0.1:50050 customer list",
          .run = [](const Invocation& invocation, const Connection&, std::ostream& out) {
            const GlobalOptions& options = invocation.options;
            absl::StatusOr<std::string> token = jwt::DevelopmentToken(
                options.user, options.org_unit,
                options.roles.empty() ? DefaultRoles(options.org_unit) : options.roles,
                kTokenLifetime);
            if (!token.ok()) return token.status();
            out << *token << '\n';
            return absl::OkStatus();
          }};
}

}  // namespace crm::crmctl
