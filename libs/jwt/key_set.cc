#include "libs/jwt/key_set.h"

#include <utility>

#include "libs/jwt/errors.h"
#include "libs/jwt/jwk.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace crm::jwt {
namespace {

absl::Status JwksError(std::string_view what) {
  return status::Error(absl::StatusCode::kInvalidArgument, kErrorDomain, kReasonKeyInvalid,
                       crm::StrCat("the JWKS document is not valid: ", what));
}

}  // namespace

absl::StatusOr<KeySet> KeySet::FromJwks(std::string_view json) {
  const nlohmann::json document = nlohmann::json::parse(json.begin(), json.end(), nullptr,
                                                        /*allow_exceptions=*/false);
  if (document.is_discarded()) return JwksError("it is not JSON");
  if (!document.is_object()) return JwksError("it is not a JSON object");
  const auto keys = document.find("keys");
  if (keys == document.end() || !keys->is_array()) {
    return JwksError("it has no \"keys\" array");
  }
  KeySet set;
  for (const nlohmann::json& jwk : *keys) {
    if (jwk.is_object()) {
      const auto use = jwk.find("use");
      if (use != jwk.end() && *use != "sig") continue;
    }
    absl::StatusOr<Key> key = KeyFromJwk(jwk);
    if (!key.ok()) return key.status();
    if (absl::Status status = set.Add(*std::move(key)); !status.ok()) {
      return status;
    }
  }
  return set;
}

absl::Status KeySet::AddHmacSecret(std::string_view kid, std::string_view secret) {
  absl::StatusOr<Key> key = Key::Hmac(std::string(kid), std::string(secret));
  if (!key.ok()) return key.status();
  return Add(*std::move(key));
}

absl::Status KeySet::Add(Key key) {
  if (keys_.find(key.kid()) != keys_.end()) {
    return KeyError(key.kid(), "another key already has this kid");
  }
  std::string kid = key.kid();
  keys_.emplace(std::move(kid), std::move(key));
  return absl::OkStatus();
}

const Key* KeySet::Find(std::string_view kid) const {
  const auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : &it->second;
}

std::vector<const Key*> KeySet::KeysFor(Algorithm algorithm) const {
  std::vector<const Key*> out;
  for (const auto& [kid, key] : keys_) {
    if (key.algorithm() == algorithm) out.push_back(&key);
  }
  return out;
}

}  // namespace crm::jwt
