#include "libs/auth/principal_metadata.h"

#include "grpcpp/client_context.h"
#include "grpcpp/test/client_context_test_peer.h"
#include "gtest/gtest.h"
#include "libs/auth/development_principal.h"
#include "libs/auth/principal_verifier.h"

namespace crm::auth {
namespace {

TEST(AttachPrincipalTest, AddsTheSignedPrincipalUnderTheBinaryKey) {
  const PrincipalSigner signer("key");
  const v1::Principal principal = DevelopmentPrincipal("alice", "sub-east", {"sales"});
  grpc::ClientContext ctx;
  AttachPrincipal(ctx, signer, principal);

  const auto metadata = grpc::testing::ClientContextTestPeer(&ctx).GetSendInitialMetadata();
  ASSERT_EQ(metadata.count(kPrincipalMetadataKey), 1u);
  const std::string& value = metadata.find(kPrincipalMetadataKey)->second;
  const absl::StatusOr<v1::Principal> verified =
      PrincipalVerifier("key").Verify(value, absl::Now());
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->user(), "users/alice");
}

TEST(AttachPrincipalTest, KeyIsBinaryMetadata) {
  // gRPC only carries arbitrary bytes in keys ending in "-bin".
  EXPECT_TRUE(std::string_view(kPrincipalMetadataKey).ends_with("-bin"));
}

}  // namespace
}  // namespace crm::auth
