#include "libs/auth/principal_signer.h"

#include "libs/auth/principal_envelope.h"

namespace crm::auth {

std::string PrincipalSigner::Sign(const v1::Principal& principal) const {
  return internal::SealEnvelope(key_, principal.SerializeAsString());
}

}  // namespace crm::auth
