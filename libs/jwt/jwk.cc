#include "libs/jwt/jwk.h"

#include <openssl/core_names.h>
#include <openssl/err.h>

#include <optional>
#include <string>
#include <utility>

#include "libs/crypto/crypto.h"
#include "libs/jwt/errors.h"
#include "libs/strings/str_cat.h"

namespace crm::jwt {
namespace {

using nlohmann::json;

// P-256 coordinates are exactly 32 bytes (RFC 7518 §6.2.1.2).
constexpr size_t kP256CoordinateSize = 32;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// A required base64url member, decoded.
absl::StatusOr<std::string> DecodedMember(const json& jwk, std::string_view kid, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) {
    return KeyError(kid, crm::StrCat("member \"", name, "\" is missing or not a string"));
  }
  std::optional<std::string> bytes = crypto::Base64UrlDecode(it->get_ref<const std::string&>());
  if (!bytes.has_value() || bytes->empty()) {
    return KeyError(kid, crm::StrCat("member \"", name, "\" is not non-empty unpadded base64url"));
  }
  return *std::move(bytes);
}

// Builds a public EVP_PKEY of `type` ("RSA", "EC") from `params`.
absl::StatusOr<EvpPkeyPtr> FromData(std::string_view kid, const char* type,
                                    OSSL_PARAM_BLD* builder) {
  OsslParamPtr params(OSSL_PARAM_BLD_to_param(builder));
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (params == nullptr || ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return KeyError(kid, crm::StrCat("OpenSSL refused the ", type, " public key parameters"));
  }
  return EvpPkeyPtr(raw);
}

absl::StatusOr<Key> RsaKey(const json& jwk, const std::string& kid) {
  absl::StatusOr<std::string> n = DecodedMember(jwk, kid, "n");
  if (!n.ok()) return n.status();
  absl::StatusOr<std::string> e = DecodedMember(jwk, kid, "e");
  if (!e.ok()) return e.status();
  BignumPtr modulus(BN_bin2bn(Bytes(*n), static_cast<int>(n->size()), nullptr));
  BignumPtr exponent(BN_bin2bn(Bytes(*e), static_cast<int>(e->size()), nullptr));
  if (modulus == nullptr || exponent == nullptr) {
    return KeyError(kid, "out of memory decoding n and e");
  }
  // e = 1 would make every value its own signature.
  if (!BN_is_odd(exponent.get()) || BN_num_bits(exponent.get()) < 2) {
    return KeyError(kid, "the RSA exponent e must be odd and at least 3");
  }
  OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (builder == nullptr ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
    return KeyError(kid, "out of memory building the RSA key");
  }
  absl::StatusOr<EvpPkeyPtr> key = FromData(kid, "RSA", builder.get());
  if (!key.ok()) return key.status();
  return Key::Public(kid, Algorithm::kRs256, *std::move(key));
}

absl::StatusOr<Key> EcKey(const json& jwk, const std::string& kid) {
  const auto crv = jwk.find("crv");
  if (crv == jwk.end() || !crv->is_string()) {
    return KeyError(kid, "member \"crv\" is missing or not a string");
  }
  if (*crv != "P-256") {
    return KeyError(kid, crm::StrCat("curve \"", Printable(crv->get_ref<const std::string&>()),
                                     "\" is not supported; use P-256 (ES256)"));
  }
  absl::StatusOr<std::string> x = DecodedMember(jwk, kid, "x");
  if (!x.ok()) return x.status();
  absl::StatusOr<std::string> y = DecodedMember(jwk, kid, "y");
  if (!y.ok()) return y.status();
  if (x->size() != kP256CoordinateSize || y->size() != kP256CoordinateSize) {
    return KeyError(kid, crm::StrCat("P-256 coordinates x and y must be ", kP256CoordinateSize,
                                     " bytes each, not ", x->size(), " and ", y->size()));
  }
  // SEC 1 uncompressed point: 0x04 || x || y.
  const std::string point = crm::StrCat("\x04", *x, *y);
  OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (builder == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return KeyError(kid, "out of memory building the EC key");
  }
  // With the group and sizes fixed, the import fails only for a point off
  // the curve. Such points invite invalid-curve attacks, so the public check
  // repeats the test rather than rely on the import alone.
  absl::StatusOr<EvpPkeyPtr> key = FromData(kid, "EC", builder.get());
  EvpPkeyCtxPtr check(key.ok() ? EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr)
                               : nullptr);
  if (check == nullptr || EVP_PKEY_public_check(check.get()) != 1) {
    ERR_clear_error();
    return KeyError(kid, "the EC point (x, y) is not on the P-256 curve");
  }
  return Key::Public(kid, Algorithm::kEs256, *std::move(key));
}

absl::StatusOr<Key> OctKey(const json& jwk, const std::string& kid) {
  absl::StatusOr<std::string> k = DecodedMember(jwk, kid, "k");
  if (!k.ok()) return k.status();
  return Key::Hmac(kid, *std::move(k));
}

// "alg" is optional in a JWK; when present it must agree with the key type.
absl::Status CheckAlg(const json& jwk, const std::string& kid, Algorithm expected) {
  const auto alg = jwk.find("alg");
  if (alg == jwk.end()) return absl::OkStatus();
  if (!alg->is_string()) return KeyError(kid, "member \"alg\" is not a string");
  if (*alg != AlgorithmName(expected)) {
    return KeyError(kid, crm::StrCat("algorithm \"", Printable(alg->get_ref<const std::string&>()),
                                     "\" is not supported for this key type; "
                                     "use ",
                                     AlgorithmName(expected)));
  }
  return absl::OkStatus();
}

// A BIGNUM parameter of `key` as big-endian bytes, left-padded to `size`
// when `size` is non-zero.
std::optional<std::string> BnParam(const EVP_PKEY* key, const char* name, int size = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  BignumPtr bn(raw);
  const int length = size > 0 ? size : BN_num_bytes(bn.get());
  std::string out(static_cast<size_t>(length), '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()), length) != length) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

absl::StatusOr<Key> KeyFromJwk(const json& jwk) {
  if (!jwk.is_object()) return KeyError("", "a JWK must be a JSON object");
  const auto kid_it = jwk.find("kid");
  if (kid_it == jwk.end() || !kid_it->is_string() ||
      kid_it->get_ref<const std::string&>().empty()) {
    return KeyError("", "every key needs a non-empty string \"kid\"");
  }
  const std::string& kid = kid_it->get_ref<const std::string&>();
  const auto kty = jwk.find("kty");
  if (kty == jwk.end() || !kty->is_string()) {
    return KeyError(kid, "member \"kty\" is missing or not a string");
  }
  if (*kty == "RSA") {
    if (absl::Status s = CheckAlg(jwk, kid, Algorithm::kRs256); !s.ok()) return s;
    return RsaKey(jwk, kid);
  }
  if (*kty == "EC") {
    if (absl::Status s = CheckAlg(jwk, kid, Algorithm::kEs256); !s.ok()) return s;
    return EcKey(jwk, kid);
  }
  if (*kty == "oct") {
    if (absl::Status s = CheckAlg(jwk, kid, Algorithm::kHs256); !s.ok()) return s;
    return OctKey(jwk, kid);
  }
  return KeyError(kid,
                  crm::StrCat("key type (kty) \"", Printable(kty->get_ref<const std::string&>()),
                              "\" is not supported; use RSA, EC or oct"));
}

absl::StatusOr<json> PublicJwk(std::string_view kid, const EVP_PKEY* key) {
  if (key == nullptr) return KeyError(kid, "no key given");
  if (EVP_PKEY_is_a(key, "RSA")) {
    if (absl::Status s = CheckAsymmetricKey(kid, Algorithm::kRs256, key); !s.ok()) {
      return s;
    }
    std::optional<std::string> n = BnParam(key, OSSL_PKEY_PARAM_RSA_N);
    std::optional<std::string> e = BnParam(key, OSSL_PKEY_PARAM_RSA_E);
    if (!n.has_value() || !e.has_value()) {
      return KeyError(kid, "OpenSSL could not export n and e");
    }
    return json{
        {"kty", "RSA"}, {"kid", std::string(kid)},          {"alg", "RS256"},
        {"use", "sig"}, {"n", crypto::Base64UrlEncode(*n)}, {"e", crypto::Base64UrlEncode(*e)}};
  }
  if (absl::Status s = CheckAsymmetricKey(kid, Algorithm::kEs256, key); !s.ok()) {
    return KeyError(kid, "only RSA and P-256 EC keys can be exported");
  }
  constexpr int kSize = static_cast<int>(kP256CoordinateSize);
  std::optional<std::string> x = BnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, kSize);
  std::optional<std::string> y = BnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, kSize);
  if (!x.has_value() || !y.has_value()) {
    return KeyError(kid, "OpenSSL could not export the EC point");
  }
  return json{{"kty", "EC"},
              {"kid", std::string(kid)},
              {"alg", "ES256"},
              {"use", "sig"},
              {"crv", "P-256"},
              {"x", crypto::Base64UrlEncode(*x)},
              {"y", crypto::Base64UrlEncode(*y)}};
}

}  // namespace crm::jwt
