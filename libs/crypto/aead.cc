#include "libs/crypto/aead.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "libs/crypto/crypto.h"
#include "libs/strings/str_cat.h"

namespace crm::crypto {
namespace {

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

CipherContext NewContext() {
  CipherContext ctx(EVP_CIPHER_CTX_new());
  if (ctx == nullptr) {
    std::fputs("crm::crypto: EVP_CIPHER_CTX_new failed\n", stderr);
    std::abort();
  }
  return ctx;
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* MutableBytes(std::string& s, size_t offset) {
  return reinterpret_cast<unsigned char*>(s.data()) + offset;
}

// Sealing only fails on allocation or library faults: nothing to recover.
void CheckSeal(bool ok) {
  if (!ok) {
    std::fputs("crm::crypto: AES-256-GCM seal failed\n", stderr);
    std::abort();
  }
}

absl::Status OpenFailed() {
  return absl::DataLossError(
      "sealed value failed authentication: it is truncated, altered, or was "
      "sealed under another key or for another record");
}

}  // namespace

absl::StatusOr<Aead> Aead::Create(std::string_view key) {
  if (key.size() != kKeySize) {
    return absl::InvalidArgumentError(
        crm::StrCat("AES-256-GCM needs a ", kKeySize, "-byte key, got ", key.size(), " bytes"));
  }
  return Aead(std::string(key));
}

std::string Aead::Seal(std::string_view plaintext, std::string_view associated_data) const {
  std::string out = RandomBytes(kNonceSize);
  out.resize(kNonceSize + plaintext.size() + kTagSize);
  CipherContext ctx = NewContext();
  int len = 0;
  CheckSeal(EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key_), Bytes(out)) ==
            1);
  CheckSeal(EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(associated_data),
                              static_cast<int>(associated_data.size())) == 1);
  CheckSeal(EVP_EncryptUpdate(ctx.get(), MutableBytes(out, kNonceSize), &len, Bytes(plaintext),
                              static_cast<int>(plaintext.size())) == 1);
  CheckSeal(EVP_EncryptFinal_ex(ctx.get(), MutableBytes(out, kNonceSize + len), &len) == 1);
  CheckSeal(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize),
                                MutableBytes(out, kNonceSize + plaintext.size())) == 1);
  return out;
}

absl::StatusOr<std::string> Aead::Open(std::string_view sealed,
                                       std::string_view associated_data) const {
  if (sealed.size() < kNonceSize + kTagSize) return OpenFailed();
  const std::string_view nonce = sealed.substr(0, kNonceSize);
  const std::string_view ciphertext =
      sealed.substr(kNonceSize, sealed.size() - kNonceSize - kTagSize);
  std::string tag(sealed.substr(sealed.size() - kTagSize));
  std::string plaintext(ciphertext.size(), '\0');

  CipherContext ctx = NewContext();
  int len = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key_), Bytes(nonce)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(associated_data),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), MutableBytes(plaintext, 0), &len, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize),
                          tag.data()) != 1) {
    return OpenFailed();
  }
  // Final checks the tag; the plaintext is only released when it matches.
  if (EVP_DecryptFinal_ex(ctx.get(), MutableBytes(plaintext, len), &len) != 1) {
    return OpenFailed();
  }
  return plaintext;
}

}  // namespace crm::crypto
