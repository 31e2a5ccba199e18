#ifndef CRM_LIBS_JWT_KEY_SET_H_
#define CRM_LIBS_JWT_KEY_SET_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/jwt/algorithm.h"
#include "libs/jwt/key.h"

namespace crm::jwt {

// The keys a Verifier trusts, by key id (kid). Each key is bound to one
// algorithm. Move-only; immutable once handed to a Verifier, and then safe
// to read from many threads.
class KeySet final {
 public:
  KeySet() = default;
  KeySet(KeySet&&) = default;
  KeySet& operator=(KeySet&&) = default;

  // A JWKS document (RFC 7517 §5): {"keys":[<JWK>, ...]}; see KeyFromJwk for
  // the accepted keys. Keys marked "use" other than "sig" (encryption keys,
  // which identity providers publish alongside) are skipped. INVALID_ARGUMENT
  // when the document is not such an object, a key is unusable (the message
  // names its kid), or two keys share a kid.
  static absl::StatusOr<KeySet> FromJwks(std::string_view json);

  // Adds an HS256 shared secret, for local development and tests.
  // INVALID_ARGUMENT when `kid` is empty or taken, or `secret` is shorter
  // than kMinHmacSecretSize bytes.
  absl::Status AddHmacSecret(std::string_view kid, std::string_view secret);

  // Adds a key built elsewhere. INVALID_ARGUMENT when its kid is taken.
  absl::Status Add(Key key);

  // The key with this kid, or null.
  const Key* Find(std::string_view kid) const;

  // Every key bound to `algorithm`, in kid order.
  std::vector<const Key*> KeysFor(Algorithm algorithm) const;

  size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }

 private:
  std::map<std::string, Key, std::less<>> keys_;
};

}  // namespace crm::jwt

#endif  // CRM_LIBS_JWT_KEY_SET_H_
