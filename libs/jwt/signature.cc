#include "libs/jwt/signature.h"

#include <openssl/err.h>
#include <openssl/rsa.h>

#include <utility>

#include "libs/crypto/crypto.h"
#include "libs/jwt/errors.h"
#include "libs/jwt/openssl_ptr.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::jwt {
namespace {

constexpr int kEs256ScalarSize = static_cast<int>(kEs256SignatureSize / 2);

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// A digest context for SHA-256 with `key`, signing or verifying. RS256 pins
// PKCS #1 v1.5 padding rather than relying on the default.
EvpMdCtxPtr NewDigestContext(EVP_PKEY* key, Algorithm algorithm, bool sign) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr) return nullptr;
  EVP_PKEY_CTX* pkey_ctx = nullptr;  // owned by ctx
  const int ok =
      sign
          ? EVP_DigestSignInit_ex(ctx.get(), &pkey_ctx, "SHA256", nullptr, nullptr, key, nullptr)
          : EVP_DigestVerifyInit_ex(ctx.get(), &pkey_ctx, "SHA256", nullptr, nullptr, key, nullptr);
  if (ok != 1) return nullptr;
  if (algorithm == Algorithm::kRs256 &&
      EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PADDING) != 1) {
    return nullptr;
  }
  return ctx;
}

bool VerifyWithPublicKey(const Key& key, std::string_view signing_input,
                         std::string_view signature) {
  std::string der;
  if (key.algorithm() == Algorithm::kEs256) {
    std::optional<std::string> converted = EcdsaJoseToDer(signature);
    if (!converted.has_value()) return false;
    der = *std::move(converted);
    signature = der;
  }
  EvpMdCtxPtr ctx = NewDigestContext(key.public_key(), key.algorithm(),
                                     /*sign=*/false);
  const bool valid =
      ctx != nullptr && EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(),
                                         Bytes(signing_input), signing_input.size()) == 1;
  // A bad signature leaves errors queued; they are not ours to report.
  ERR_clear_error();
  return valid;
}

absl::Status SignError(std::string_view what) {
  return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, kReasonKeyInvalid, what);
}

}  // namespace

bool VerifySignature(const Key& key, std::string_view signing_input, std::string_view signature) {
  switch (key.algorithm()) {
    case Algorithm::kHs256:
      return crypto::ConstantTimeEquals(crypto::HmacSha256(key.secret(), signing_input), signature);
    case Algorithm::kRs256:
    case Algorithm::kEs256:
      return key.public_key() != nullptr && VerifyWithPublicKey(key, signing_input, signature);
  }
  return false;
}

absl::StatusOr<std::string> SignWithPrivateKey(EVP_PKEY* key, Algorithm algorithm,
                                               std::string_view signing_input) {
  if (absl::Status status = CheckAsymmetricKey("signing key", algorithm, key); !status.ok()) {
    return status;
  }
  EvpMdCtxPtr ctx = NewDigestContext(key, algorithm, /*sign=*/true);
  if (ctx == nullptr) {
    ERR_clear_error();
    return SignError("OpenSSL cannot sign with this key; is it a private key?");
  }
  size_t size = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &size, Bytes(signing_input), signing_input.size()) != 1) {
    ERR_clear_error();
    return SignError("OpenSSL cannot sign with this key; is it a private key?");
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     Bytes(signing_input), signing_input.size()) != 1) {
    ERR_clear_error();
    return absl::InternalError("OpenSSL failed to sign the token");
  }
  signature.resize(size);
  if (algorithm == Algorithm::kEs256) {
    std::optional<std::string> jose = EcdsaDerToJose(signature);
    if (!jose.has_value()) {
      return absl::InternalError("OpenSSL produced an unreadable ECDSA signature");
    }
    return *std::move(jose);
  }
  return signature;
}

std::optional<std::string> EcdsaJoseToDer(std::string_view jose) {
  if (jose.size() != kEs256SignatureSize) return std::nullopt;
  BignumPtr r(BN_bin2bn(Bytes(jose), kEs256ScalarSize, nullptr));
  BignumPtr s(BN_bin2bn(Bytes(jose.substr(kEs256ScalarSize)), kEs256ScalarSize, nullptr));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (r == nullptr || s == nullptr || sig == nullptr ||
      ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
    return std::nullopt;
  }
  // ECDSA_SIG_set0 took ownership of r and s.
  (void)r.release();
  (void)s.release();
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(sig.get(), &der);
  if (length <= 0) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  return out;
}

std::optional<std::string> EcdsaDerToJose(std::string_view der) {
  const unsigned char* p = Bytes(der);
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (sig == nullptr || p != Bytes(der) + der.size()) {
    ERR_clear_error();
    return std::nullopt;
  }
  std::string out(kEs256SignatureSize, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), bytes, kEs256ScalarSize) != kEs256ScalarSize ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), bytes + kEs256ScalarSize, kEs256ScalarSize) !=
          kEs256ScalarSize) {
    return std::nullopt;
  }
  return out;
}

}  // namespace crm::jwt
