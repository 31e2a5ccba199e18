#ifndef CRM_LIBS_JWT_TEST_UTIL_H_
#define CRM_LIBS_JWT_TEST_UTIL_H_

// Shared fixtures of the jwt tests: fixed times and names, generated keys,
// raw token assembly and status inspection.

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "libs/crypto/crypto.h"
#include "libs/jwt/errors.h"
#include "libs/jwt/openssl_ptr.h"
#include "libs/status/status.h"
#include "nlohmann/json.hpp"

namespace crm::jwt::testing {

inline const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);
inline constexpr char kIssuer[] = "https://id.example.test";
inline constexpr char kAudience[] = "crm-api";
inline constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-dev";

// A payload the default verifier accepts at kNow.
inline nlohmann::json ValidPayload() {
  return {{"sub", "users/alice"},
          {"iss", kIssuer},
          {"aud", kAudience},
          {"iat", absl::ToUnixSeconds(kNow) - 60},
          {"exp", absl::ToUnixSeconds(kNow + absl::Minutes(5))}};
}

// Generated once per test binary: RSA key generation takes a while.
inline EVP_PKEY* RsaKey() {
  static const EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
  return key.get();
}
inline EVP_PKEY* OtherRsaKey() {
  static const EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
  return key.get();
}
inline EVP_PKEY* EcKey() {
  static const EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  return key.get();
}

// {"keys": [...]} as text.
inline std::string Jwks(const std::vector<nlohmann::json>& keys) {
  return nlohmann::json{{"keys", keys}}.dump();
}

// The DER SubjectPublicKeyInfo of `key`: what an attacker can download.
inline std::string PublicKeyDer(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key, &der);
  if (length <= 0) return "";
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  return out;
}

// A token from raw parts, for the shapes a Signer refuses to produce.
inline std::string Assemble(const nlohmann::json& header, const nlohmann::json& payload,
                            const std::string& signature) {
  return crypto::Base64UrlEncode(header.dump()) + "." + crypto::Base64UrlEncode(payload.dump()) +
         "." + crypto::Base64UrlEncode(signature);
}

// The ErrorInfo reason of a failed result, "OK" when it succeeded.
inline std::string Reason(const absl::Status& status) {
  if (status.ok()) return "OK";
  const auto info = status::GetErrorInfo(status);
  if (!info.has_value()) return "no ErrorInfo";
  EXPECT_EQ(info->domain(), kErrorDomain);
  return info->reason();
}
template <typename T>
std::string Reason(const absl::StatusOr<T>& result) {
  return Reason(result.status());
}

inline std::string Message(const absl::Status& status) { return std::string(status.message()); }

}  // namespace crm::jwt::testing

#endif  // CRM_LIBS_JWT_TEST_UTIL_H_
