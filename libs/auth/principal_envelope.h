#ifndef CRM_LIBS_AUTH_PRINCIPAL_ENVELOPE_H_
#define CRM_LIBS_AUTH_PRINCIPAL_ENVELOPE_H_

// The bytes of the x-crm-principal-bin metadata value:
//
//   version (1 byte, 0x01) || Principal (protobuf) || tag (32 bytes)
//   tag = HMAC-SHA256(key, "crm-principal-v1" || version || Principal)
//
// The tag covers the version byte and every payload byte, and the tag itself
// is compared in full, so changing, adding or removing any byte is detected.
// The context string keeps a tag made for another purpose with the same key
// from ever passing as a principal signature.

#include <optional>
#include <string>
#include <string_view>

namespace crm::auth::internal {

inline constexpr char kEnvelopeVersion = '\x01';

// version || payload || tag.
std::string SealEnvelope(std::string_view key, std::string_view payload);

// The payload when the version is known and the tag matches; nullopt
// otherwise. The view points into `envelope`.
std::optional<std::string_view> OpenEnvelope(std::string_view key, std::string_view envelope);

}  // namespace crm::auth::internal

#endif  // CRM_LIBS_AUTH_PRINCIPAL_ENVELOPE_H_
