#include "libs/auth/principal_metadata.h"

namespace crm::auth {

void AttachPrincipal(grpc::ClientContext& ctx, const PrincipalSigner& signer,
                     const v1::Principal& principal) {
  ctx.AddMetadata(kPrincipalMetadataKey, signer.Sign(principal));
}

}  // namespace crm::auth
