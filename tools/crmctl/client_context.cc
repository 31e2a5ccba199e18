#include "tools/crmctl/client_context.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "libs/auth/development_principal.h"
#include "libs/auth/principal_key.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/roles.h"

namespace crm::crmctl {
namespace {

constexpr char kRequestIdHeader[] = "x-request-id";

// The principal must outlive every call of a long `--all` listing.
constexpr absl::Duration kMinPrincipalLifetime = absl::Hours(1);

}  // namespace

ContextFactory::ContextFactory(absl::Duration timeout, auth::v1::Principal principal,
                               std::string principal_key, std::string request_id,
                               std::string bearer_token)
    : timeout_(timeout),
      principal_(std::move(principal)),
      signer_(std::move(principal_key)),
      request_id_(std::move(request_id)),
      authorization_(bearer_token.empty() ? "" : "Bearer " + bearer_token) {}

std::unique_ptr<grpc::ClientContext> ContextFactory::New() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout_));
  auth::AttachPrincipal(*context, signer_, principal_);
  if (!request_id_.empty() && IsLegalMetadataValue(request_id_)) {
    context->AddMetadata(kRequestIdHeader, request_id_);
  }
  if (!authorization_.empty() && IsLegalMetadataValue(authorization_)) {
    context->AddMetadata("authorization", authorization_);
  }
  return context;
}

bool IsLegalMetadataValue(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

std::vector<std::string> DefaultRoles(std::string_view org_unit) {
  if (org_unit == "hq") return {std::string(auth::kRoleHqAdmin)};
  return {std::string(auth::kRoleSales)};
}

std::vector<std::string> RolesFor(const GlobalOptions& options) {
  return options.roles.empty() ? DefaultRoles(options.org_unit) : options.roles;
}

auth::v1::Principal PrincipalFor(const GlobalOptions& options) {
  return auth::DevelopmentPrincipal(options.user, options.org_unit, RolesFor(options),
                                    std::max(kMinPrincipalLifetime, options.timeout * 2));
}

std::unique_ptr<ContextFactory> ContextFactoryFor(const GlobalOptions& options,
                                                  std::string bearer_token) {
  auto factory = std::make_unique<ContextFactory>(options.timeout, PrincipalFor(options),
                                                  auth::PrincipalKeyFromEnvironmentQuietly(),
                                                  options.request_id, std::move(bearer_token));
  RetryPolicy retries;
  retries.max_attempts = options.retries + 1;
  factory->set_retry_policy(retries);
  return factory;
}

std::unique_ptr<ContextFactory> ContextFactoryFor(const GlobalOptions& options) {
  return ContextFactoryFor(options, options.token);
}

}  // namespace crm::crmctl
