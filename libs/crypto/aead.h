#ifndef CRM_LIBS_CRYPTO_AEAD_H_
#define CRM_LIBS_CRYPTO_AEAD_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"

namespace crm::crypto {

// AES-256-GCM with a fresh random 96-bit nonce per message, for small values
// encrypted at rest (contact phone numbers, e-mail addresses). Random nonces
// are safe for far more messages than one key will ever seal here (the bound
// is around 2^32). Thread-safe: every call uses its own cipher context.
class Aead final {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr size_t kNonceSize = 12;
  static constexpr size_t kTagSize = 16;

  // INVALID_ARGUMENT unless `key` is exactly 32 bytes.
  static absl::StatusOr<Aead> Create(std::string_view key);

  // nonce(12) || ciphertext || tag(16). `associated_data` is authenticated but
  // not stored: bind a value to its row (e.g. "contacts/42/phone") so a
  // ciphertext copied to another row fails to open.
  std::string Seal(std::string_view plaintext, std::string_view associated_data) const;

  // The plaintext, or DATA_LOSS when `sealed` is truncated, was altered, was
  // sealed under another key or with other associated data.
  absl::StatusOr<std::string> Open(std::string_view sealed, std::string_view associated_data) const;

 private:
  explicit Aead(std::string key) : key_(std::move(key)) {}

  std::string key_;
};

}  // namespace crm::crypto

#endif  // CRM_LIBS_CRYPTO_AEAD_H_
