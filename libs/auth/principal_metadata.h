#ifndef CRM_LIBS_AUTH_PRINCIPAL_METADATA_H_
#define CRM_LIBS_AUTH_PRINCIPAL_METADATA_H_

#include "crm/auth/v1/principal.pb.h"
#include "grpcpp/client_context.h"
#include "libs/auth/principal_signer.h"

namespace crm::auth {

// The metadata key that carries the signed principal. The "-bin" suffix makes
// gRPC base64-encode the raw value on the wire; both ends see raw bytes.
inline constexpr char kPrincipalMetadataKey[] = "x-crm-principal-bin";

// Signs `principal` and adds it to an outgoing call. Call once per context.
void AttachPrincipal(grpc::ClientContext& ctx, const PrincipalSigner& signer,
                     const v1::Principal& principal);

}  // namespace crm::auth

#endif  // CRM_LIBS_AUTH_PRINCIPAL_METADATA_H_
