#ifndef CRM_LIBS_CRYPTO_CRYPTO_H_
#define CRM_LIBS_CRYPTO_CRYPTO_H_

// Small OpenSSL-backed primitives shared by auth, pagination and the
// personal-information code. Byte strings travel as std::string.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace crm::crypto {

inline constexpr size_t kHmacSha256Size = 32;

// HMAC-SHA256(key, data): the raw 32-byte tag.
std::string HmacSha256(std::string_view key, std::string_view data);

// Compares without an early exit, so the time taken does not reveal where a
// forged tag first differs. Different lengths compare unequal (the length is
// not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// RFC 4648 §5 alphabet (A-Z a-z 0-9 - _), without '=' padding.
std::string Base64UrlEncode(std::string_view bytes);

// The inverse of Base64UrlEncode. Rejects padding, characters outside the
// alphabet, impossible lengths and non-zero trailing bits, so every byte
// string has exactly one accepted encoding.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// SHA-256: the raw 32-byte digest, and as 64 lowercase hex digits.
std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);

// `n` bytes from the OpenSSL CSPRNG. Aborts if the generator fails: no caller
// can do anything sensible without randomness.
std::string RandomBytes(size_t n);

// A random (version 4) UUID in lowercase text form,
// e.g. "3f1c2a9e-5b7d-4e21-9c0a-6d8e4f2b1a37".
std::string NewUuid();

}  // namespace crm::crypto

#endif  // CRM_LIBS_CRYPTO_CRYPTO_H_
