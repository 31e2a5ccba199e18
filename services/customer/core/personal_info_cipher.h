#ifndef CRM_SERVICES_CUSTOMER_CORE_PERSONAL_INFO_CIPHER_H_
#define CRM_SERVICES_CUSTOMER_CORE_PERSONAL_INFO_CIPHER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "libs/crypto/aead.h"

namespace crm::customer {

// A contact's personal field as stored: sealed (AES-256-GCM, bound to the
// contact and field so a value cannot be moved to another row), a keyed hash
// for exact lookup, and the masked form shown to callers who may not see it.
struct SealedField {
  std::string sealed;  // empty when the field is empty
  std::string hash;
  std::string masked;
};

enum class PersonalField { kPhone, kEmail, kWechat };

std::string_view FieldName(PersonalField field);

// Seals and opens contacts' phone, e-mail and WeChat. Both keys are derived
// from one secret (CRM_PII_KEY), so rotating it is one setting.
class PersonalInfoCipher final {
 public:
  static absl::StatusOr<PersonalInfoCipher> Create(std::string_view secret);

  // `value` is already validated and normalised.
  SealedField Seal(std::string_view contact_id, PersonalField field, std::string_view value) const;
  absl::StatusOr<std::string> Open(std::string_view contact_id, PersonalField field,
                                   std::string_view sealed) const;
  // Keyed hash of a normalised value, for exact lookup without decryption.
  std::string Hash(PersonalField field, std::string_view value) const;

 private:
  PersonalInfoCipher(crypto::Aead aead, std::string hash_key)
      : aead_(std::move(aead)), hash_key_(std::move(hash_key)) {}

  crypto::Aead aead_;
  std::string hash_key_;
};

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_CORE_PERSONAL_INFO_CIPHER_H_
