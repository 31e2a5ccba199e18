#ifndef CRM_LIBS_JWT_ALGORITHM_H_
#define CRM_LIBS_JWT_ALGORITHM_H_

#include <optional>
#include <string_view>

namespace crm::jwt {

// The JWS algorithms we accept. Deliberately closed: "none" and every other
// name (HS384, PS256, ...) have no value here, so they cannot be selected.
enum class Algorithm {
  kHs256,  // HMAC-SHA256 with a shared secret
  kRs256,  // RSASSA-PKCS1-v1_5 with SHA-256
  kEs256,  // ECDSA on P-256 with SHA-256
};

// "HS256", "RS256", "ES256".
std::string_view AlgorithmName(Algorithm algorithm);

// The algorithm with exactly this "alg" name (case-sensitive, as in RFC 7515).
std::optional<Algorithm> ParseAlgorithm(std::string_view name);

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_ALGORITHM_H_
