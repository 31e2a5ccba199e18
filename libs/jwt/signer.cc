#include "libs/jwt/signer.h"

#include <optional>
#include <utility>

#include "libs/crypto/crypto.h"
#include "libs/jwt/algorithm.h"
#include "libs/jwt/errors.h"
#include "libs/jwt/key.h"
#include "libs/jwt/signature.h"
#include "libs/strings/str_cat.h"

namespace crm::jwt {
namespace {

// "<header>.<payload>" for `algorithm` and `kid`.
absl::StatusOr<std::string> SigningInput(std::string_view kid, Algorithm algorithm,
                                         const nlohmann::json& payload) {
  if (!payload.is_object()) {
    return KeyError(kid, "the JWT payload must be a JSON object");
  }
  nlohmann::json header = {{"alg", std::string(AlgorithmName(algorithm))}, {"typ", "JWT"}};
  if (!kid.empty()) header["kid"] = std::string(kid);
  // dump() throws on strings that are not UTF-8; JSON cannot carry them.
  try {
    return crm::StrCat(crypto::Base64UrlEncode(header.dump()), ".",
                       crypto::Base64UrlEncode(payload.dump()));
  } catch (const nlohmann::json::type_error&) {
    return KeyError(kid, "the kid and every JWT payload string must be UTF-8");
  }
}

}  // namespace

absl::StatusOr<std::string> Signer::SignHs256(std::string_view kid, std::string_view secret,
                                              const nlohmann::json& payload) {
  if (secret.size() < kMinHmacSecretSize) {
    return KeyError(kid, crm::StrCat("the HS256 secret is ", secret.size(), " bytes; use at least ",
                                     kMinHmacSecretSize, " random bytes"));
  }
  absl::StatusOr<std::string> input = SigningInput(kid, Algorithm::kHs256, payload);
  if (!input.ok()) return input.status();
  return crm::StrCat(*input, ".", crypto::Base64UrlEncode(crypto::HmacSha256(secret, *input)));
}

absl::StatusOr<std::string> Signer::SignWithKey(std::string_view kid, EVP_PKEY* private_key,
                                                std::string_view alg,
                                                const nlohmann::json& payload) {
  const std::optional<Algorithm> algorithm = ParseAlgorithm(alg);
  if (!algorithm.has_value() || *algorithm == Algorithm::kHs256) {
    return KeyError(kid, crm::StrCat("cannot sign \"", Printable(alg),
                                     "\" with a private key; use RS256 or "
                                     "ES256 (or SignHs256)"));
  }
  if (absl::Status status = CheckAsymmetricKey(kid, *algorithm, private_key); !status.ok()) {
    return status;
  }
  absl::StatusOr<std::string> input = SigningInput(kid, *algorithm, payload);
  if (!input.ok()) return input.status();
  absl::StatusOr<std::string> signature = SignWithPrivateKey(private_key, *algorithm, *input);
  if (!signature.ok()) return signature.status();
  return crm::StrCat(*input, ".", crypto::Base64UrlEncode(*signature));
}

}  // namespace crm::jwt
