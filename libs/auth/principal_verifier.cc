#include "libs/auth/principal_verifier.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/auth/principal_envelope.h"
#include "libs/auth/principal_metadata.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::auth {
namespace {

// google.protobuf.Timestamp's valid range: 0001-01-01 to 9999-12-31.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

absl::Status Missing() {
  return status::Error(
      absl::StatusCode::kUnauthenticated, kAuthErrorDomain, kReasonPrincipalMissing,
      crm::StrCat("the request carries no signed principal in ", kPrincipalMetadataKey,
                  " metadata; call this service through the gateway (or, "
                  "locally, with crmctl, which signs a development "
                  "principal)"));
}

absl::Status Invalid(const char* why) {
  return status::Error(absl::StatusCode::kUnauthenticated, kAuthErrorDomain,
                       kReasonPrincipalInvalid,
                       crm::StrCat("the signed principal is not valid (", why,
                                   "); call this service through the gateway, and make sure "
                                   "the gateway and the services share the same "
                                   "CRM_PRINCIPAL_KEY"));
}

absl::Status Expired(absl::Time expire_time) {
  const std::string when =
      absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*SZ", expire_time, absl::UTCTimeZone());
  return status::Error(absl::StatusCode::kUnauthenticated, kAuthErrorDomain,
                       kReasonPrincipalExpired,
                       crm::StrCat("the signed principal expired at ", when,
                                   "; send the request through the gateway again, which signs "
                                   "a fresh principal for every call, and check that the "
                                   "clocks of gateway and service hosts are synchronised"),
                       {{"expireTime", when}});
}

std::optional<absl::Time> ExpireTime(const v1::Principal& principal) {
  if (!principal.has_expire_time()) return std::nullopt;
  const auto& ts = principal.expire_time();
  if (ts.seconds() < kMinTimestampSeconds || ts.seconds() > kMaxTimestampSeconds ||
      ts.nanos() < 0 || ts.nanos() > 999'999'999) {
    return std::nullopt;
  }
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

}  // namespace

PrincipalVerifier::PrincipalVerifier(std::string key, absl::Duration clock_skew)
    : key_(std::move(key)), clock_skew_(clock_skew) {}

absl::StatusOr<v1::Principal> PrincipalVerifier::Verify(std::string_view signed_value,
                                                        absl::Time now) const {
  const std::optional<std::string_view> payload = internal::OpenEnvelope(key_, signed_value);
  if (!payload.has_value()) {
    return Invalid("unknown format or signature mismatch");
  }
  v1::Principal principal;
  if (!principal.ParseFromArray(payload->data(), static_cast<int>(payload->size()))) {
    return Invalid("unparsable payload");
  }
  if (principal.user().empty()) return Invalid("no user");
  const std::optional<absl::Time> expire_time = ExpireTime(principal);
  if (!expire_time.has_value()) return Invalid("no valid expire_time");
  if (*expire_time + clock_skew_ < now) return Expired(*expire_time);
  return principal;
}

absl::StatusOr<v1::Principal> PrincipalVerifier::FromContext(
    const grpc::ServerContextBase& ctx) const {
  const auto& metadata = ctx.client_metadata();
  const auto [begin, end] = metadata.equal_range(grpc::string_ref(kPrincipalMetadataKey));
  if (begin == end) return Missing();
  if (std::next(begin) != end) return Invalid("more than one principal");
  return Verify(std::string_view(begin->second.data(), begin->second.size()), absl::Now());
}

}  // namespace crm::auth
