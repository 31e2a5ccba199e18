#include "libs/pagination/query_fingerprint.h"

#include "libs/crypto/crypto.h"

namespace crm::pagination {

std::string QueryFingerprint(std::initializer_list<std::string_view> parts) {
  std::string framed = "crm-query-v1";
  for (std::string_view part : parts) {
    framed.append(std::to_string(part.size()));
    framed.push_back(':');
    framed.append(part);
  }
  return crypto::Sha256Hex(framed);
}

}  // namespace crm::pagination
