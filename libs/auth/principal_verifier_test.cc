#include "libs/auth/principal_verifier.h"

#include <string>

#include "grpcpp/server_context.h"
#include "grpcpp/test/server_context_test_spouse.h"
#include "gtest/gtest.h"
#include "libs/auth/development_principal.h"
#include "libs/auth/principal_metadata.h"
#include "libs/auth/principal_signer.h"
#include "libs/status/status.h"

namespace crm::auth {
namespace {

constexpr char kKey[] = "test-principal-key";
const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

v1::Principal MakePrincipal(absl::Time expire = kNow + absl::Minutes(5)) {
  v1::Principal p;
  p.set_user("users/alice");
  p.set_org_unit("orgUnits/sub-east");
  p.add_org_unit_path("orgUnits/hq");
  p.add_org_unit_path("orgUnits/sub-east");
  p.add_roles("sales");
  p.add_scope_org_units("orgUnits/sub-east");
  p.set_request_id("req-1");
  p.mutable_expire_time()->set_seconds(absl::ToUnixSeconds(expire));
  return p;
}

// The ErrorInfo reason of a failed verification, "" when it succeeded.
std::string Reason(const absl::StatusOr<v1::Principal>& result) {
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated);
  const auto info = status::GetErrorInfo(result.status());
  EXPECT_TRUE(info.has_value());
  if (!info.has_value()) return "no ErrorInfo";
  EXPECT_EQ(info->domain(), kAuthErrorDomain);
  return info->reason();
}

TEST(PrincipalVerifierTest, RoundTrips) {
  const v1::Principal principal = MakePrincipal();
  const std::string signed_value = PrincipalSigner(kKey).Sign(principal);
  absl::StatusOr<v1::Principal> verified = PrincipalVerifier(kKey).Verify(signed_value, kNow);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->SerializeAsString(), principal.SerializeAsString());
  EXPECT_EQ(verified->user(), "users/alice");
}

TEST(PrincipalVerifierTest, RejectsEveryTamperedByte) {
  const std::string signed_value = PrincipalSigner(kKey).Sign(MakePrincipal());
  const PrincipalVerifier verifier(kKey);
  for (size_t i = 0; i < signed_value.size(); ++i) {
    for (char flip : {'\x01', '\x80'}) {
      std::string tampered = signed_value;
      tampered[i] = static_cast<char>(tampered[i] ^ flip);
      EXPECT_EQ(Reason(verifier.Verify(tampered, kNow)), kReasonPrincipalInvalid) << "byte " << i;
    }
  }
}

TEST(PrincipalVerifierTest, RejectsTruncatedExtendedAndEmptyValues) {
  const std::string signed_value = PrincipalSigner(kKey).Sign(MakePrincipal());
  const PrincipalVerifier verifier(kKey);
  EXPECT_EQ(Reason(verifier.Verify("", kNow)), kReasonPrincipalInvalid);
  EXPECT_EQ(Reason(verifier.Verify(signed_value.substr(1), kNow)), kReasonPrincipalInvalid);
  EXPECT_EQ(Reason(verifier.Verify(signed_value.substr(0, signed_value.size() - 1), kNow)),
            kReasonPrincipalInvalid);
  EXPECT_EQ(Reason(verifier.Verify(signed_value + '\0', kNow)), kReasonPrincipalInvalid);
  // Only the tag.
  EXPECT_EQ(Reason(verifier.Verify(signed_value.substr(signed_value.size() - 32), kNow)),
            kReasonPrincipalInvalid);
}

TEST(PrincipalVerifierTest, RejectsAnotherKey) {
  const std::string signed_value = PrincipalSigner("another-key").Sign(MakePrincipal());
  const absl::StatusOr<v1::Principal> result = PrincipalVerifier(kKey).Verify(signed_value, kNow);
  EXPECT_EQ(Reason(result), kReasonPrincipalInvalid);
  EXPECT_NE(std::string(result.status().message()).find("gateway"), std::string::npos);
}

TEST(PrincipalVerifierTest, RejectsAnUnsignedPrincipal) {
  // A caller that puts a bare serialized principal in the metadata.
  const std::string bare = "\x01" + MakePrincipal().SerializeAsString();
  EXPECT_EQ(Reason(PrincipalVerifier(kKey).Verify(bare, kNow)), kReasonPrincipalInvalid);
}

TEST(PrincipalVerifierTest, ExpiryHonoursClockSkew) {
  const PrincipalSigner signer(kKey);
  const PrincipalVerifier verifier(kKey, absl::Seconds(30));
  const absl::Time expire = kNow - absl::Seconds(20);  // within the skew
  EXPECT_TRUE(verifier.Verify(signer.Sign(MakePrincipal(expire)), kNow).ok());
  EXPECT_TRUE(verifier.Verify(signer.Sign(MakePrincipal(kNow - absl::Seconds(30))), kNow).ok());

  const absl::Time long_ago = kNow - absl::Seconds(31);
  const absl::StatusOr<v1::Principal> result =
      verifier.Verify(signer.Sign(MakePrincipal(long_ago)), kNow);
  EXPECT_EQ(Reason(result), kReasonPrincipalExpired);
  const auto info = status::GetErrorInfo(result.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("expireTime"), "2027-01-15T07:59:29Z");

  EXPECT_EQ(Reason(PrincipalVerifier(kKey, absl::ZeroDuration())
                       .Verify(signer.Sign(MakePrincipal(expire)), kNow)),
            kReasonPrincipalExpired);
}

TEST(PrincipalVerifierTest, RequiresExpireTimeAndUser) {
  const PrincipalSigner signer(kKey);
  const PrincipalVerifier verifier(kKey);

  v1::Principal no_expiry = MakePrincipal();
  no_expiry.clear_expire_time();
  EXPECT_EQ(Reason(verifier.Verify(signer.Sign(no_expiry), kNow)), kReasonPrincipalInvalid);

  v1::Principal bad_nanos = MakePrincipal();
  bad_nanos.mutable_expire_time()->set_nanos(-1);
  EXPECT_EQ(Reason(verifier.Verify(signer.Sign(bad_nanos), kNow)), kReasonPrincipalInvalid);

  v1::Principal out_of_range = MakePrincipal();
  out_of_range.mutable_expire_time()->set_seconds(253402300800);
  EXPECT_EQ(Reason(verifier.Verify(signer.Sign(out_of_range), kNow)), kReasonPrincipalInvalid);

  v1::Principal no_user = MakePrincipal();
  no_user.clear_user();
  EXPECT_EQ(Reason(verifier.Verify(signer.Sign(no_user), kNow)), kReasonPrincipalInvalid);
}

TEST(PrincipalVerifierTest, FromContextReportsMissingMetadata) {
  grpc::ServerContext ctx;
  const absl::StatusOr<v1::Principal> result = PrincipalVerifier(kKey).FromContext(ctx);
  EXPECT_EQ(Reason(result), kReasonPrincipalMissing);
  EXPECT_NE(std::string(result.status().message()).find("through the gateway"), std::string::npos);
}

TEST(PrincipalVerifierTest, FromContextVerifiesTheMetadata) {
  const v1::Principal principal = DevelopmentPrincipal("bob", "sub-west", {"viewer"});
  grpc::ServerContext ctx;
  grpc::testing::ServerContextTestSpouse spouse(&ctx);
  spouse.AddClientMetadata("x-other-bin", "ignored");
  spouse.AddClientMetadata(kPrincipalMetadataKey, PrincipalSigner(kKey).Sign(principal));
  const absl::StatusOr<v1::Principal> result = PrincipalVerifier(kKey).FromContext(ctx);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->user(), "users/bob");

  EXPECT_EQ(Reason(PrincipalVerifier("wrong").FromContext(ctx)), kReasonPrincipalInvalid);
}

TEST(PrincipalVerifierTest, FromContextRejectsTwoPrincipals) {
  const PrincipalSigner signer(kKey);
  grpc::ServerContext ctx;
  grpc::testing::ServerContextTestSpouse spouse(&ctx);
  spouse.AddClientMetadata(kPrincipalMetadataKey,
                           signer.Sign(DevelopmentPrincipal("bob", "sub-west", {"viewer"})));
  spouse.AddClientMetadata(kPrincipalMetadataKey,
                           signer.Sign(DevelopmentPrincipal("root", "hq", {"hq_admin"})));
  EXPECT_EQ(Reason(PrincipalVerifier(kKey).FromContext(ctx)), kReasonPrincipalInvalid);
}

TEST(PrincipalVerifierTest, FromContextChecksExpiryAgainstTheClock) {
  grpc::ServerContext ctx;
  grpc::testing::ServerContextTestSpouse spouse(&ctx);
  spouse.AddClientMetadata(kPrincipalMetadataKey,
                           PrincipalSigner(kKey).Sign(DevelopmentPrincipal(
                               "bob", "sub-west", {"viewer"}, -absl::Hours(1))));
  EXPECT_EQ(Reason(PrincipalVerifier(kKey).FromContext(ctx)), kReasonPrincipalExpired);
}

}  // namespace
}  // namespace crm::auth
