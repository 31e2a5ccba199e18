#include "libs/auth/principal_envelope.h"

#include "libs/crypto/crypto.h"

namespace crm::auth::internal {
namespace {

constexpr std::string_view kContext = "crm-principal-v1";

std::string Tag(std::string_view key, std::string_view payload) {
  std::string data;
  data.reserve(kContext.size() + 1 + payload.size());
  data.append(kContext);
  data.push_back(kEnvelopeVersion);
  data.append(payload);
  return crypto::HmacSha256(key, data);
}

}  // namespace

std::string SealEnvelope(std::string_view key, std::string_view payload) {
  std::string envelope;
  envelope.reserve(1 + payload.size() + crypto::kHmacSha256Size);
  envelope.push_back(kEnvelopeVersion);
  envelope.append(payload);
  envelope.append(Tag(key, payload));
  return envelope;
}

std::optional<std::string_view> OpenEnvelope(std::string_view key, std::string_view envelope) {
  if (envelope.size() < 1 + crypto::kHmacSha256Size) return std::nullopt;
  if (envelope.front() != kEnvelopeVersion) return std::nullopt;
  const std::string_view payload =
      envelope.substr(1, envelope.size() - 1 - crypto::kHmacSha256Size);
  const std::string_view tag = envelope.substr(envelope.size() - crypto::kHmacSha256Size);
  if (!crypto::ConstantTimeEquals(Tag(key, payload), tag)) return std::nullopt;
  return payload;
}

}  // namespace crm::auth::internal
