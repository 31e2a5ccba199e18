#include "services/customer/core/personal_info_cipher.h"

#include "absl/strings/str_cat.h"
#include "libs/crypto/crypto.h"
#include "libs/strings/str_cat.h"
#include "services/customer/rules/masking.h"

namespace crm::customer {
namespace {

std::string AssociatedData(std::string_view contact_id, PersonalField field) {
  return crm::StrCat("contacts/", contact_id, "#", FieldName(field));
}

std::string Mask(PersonalField field, std::string_view value) {
  switch (field) {
    case PersonalField::kPhone:
      return MaskPhone(value);
    case PersonalField::kEmail:
      return MaskEmail(value);
    case PersonalField::kWechat:
      return MaskWechat(value);
  }
  return "";
}

}  // namespace

std::string_view FieldName(PersonalField field) {
  switch (field) {
    case PersonalField::kPhone:
      return "phone";
    case PersonalField::kEmail:
      return "email";
    case PersonalField::kWechat:
      return "wechat";
  }
  return "";
}

absl::StatusOr<PersonalInfoCipher> PersonalInfoCipher::Create(std::string_view secret) {
  if (secret.size() < 16) {
    return absl::InvalidArgumentError(
        "the personal-information key must be at least 16 characters");
  }
  absl::StatusOr<crypto::Aead> aead =
      crypto::Aead::Create(crypto::HmacSha256(secret, "crm-pii-seal-v1"));
  if (!aead.ok()) return aead.status();
  return PersonalInfoCipher(*std::move(aead), crypto::HmacSha256(secret, "crm-pii-hash-v1"));
}

SealedField PersonalInfoCipher::Seal(std::string_view contact_id, PersonalField field,
                                     std::string_view value) const {
  if (value.empty()) return {};
  return {aead_.Seal(value, AssociatedData(contact_id, field)), Hash(field, value),
          Mask(field, value)};
}

absl::StatusOr<std::string> PersonalInfoCipher::Open(std::string_view contact_id,
                                                     PersonalField field,
                                                     std::string_view sealed) const {
  if (sealed.empty()) return std::string();
  return aead_.Open(sealed, AssociatedData(contact_id, field));
}

std::string PersonalInfoCipher::Hash(PersonalField field, std::string_view value) const {
  return crypto::HmacSha256(hash_key_, crm::StrCat(FieldName(field), ":", value));
}

}  // namespace crm::customer
