#include "libs/jwt/algorithm.h"

namespace crm::jwt {

std::string_view AlgorithmName(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kHs256:
      return "HS256";
    case Algorithm::kRs256:
      return "RS256";
    case Algorithm::kEs256:
      return "ES256";
  }
  return "unknown";
}

std::optional<Algorithm> ParseAlgorithm(std::string_view name) {
  for (Algorithm algorithm : {Algorithm::kHs256, Algorithm::kRs256, Algorithm::kEs256}) {
    if (name == AlgorithmName(algorithm)) return algorithm;
  }
  return std::nullopt;
}

}  // namespace crm::jwt
