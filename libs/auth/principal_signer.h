#ifndef CRM_LIBS_AUTH_PRINCIPAL_SIGNER_H_
#define CRM_LIBS_AUTH_PRINCIPAL_SIGNER_H_

#include <string>
#include <utility>

#include "crm/auth/v1/principal.pb.h"

namespace crm::auth {

// Signs principals for the x-crm-principal-bin metadata. Held by the gateway
// (and, for local development, crmctl and tests). Thread-safe.
class PrincipalSigner final {
 public:
  explicit PrincipalSigner(std::string key) : key_(std::move(key)) {}

  // The raw metadata value (gRPC base64-encodes -bin values on the wire).
  // The principal should carry an expire_time: verifiers refuse one without.
  std::string Sign(const v1::Principal& principal) const;

 private:
  std::string key_;
};

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_PRINCIPAL_SIGNER_H_
