#include "services/hierarchy/subtree_cache.h"

#include "libs/crypto/crypto.h"
#include "libs/strings/str_cat.h"

namespace crm::hierarchy {
namespace {

// The request decides the page; the token is long, so it is hashed.
std::string KeyOf(const v1::ListSubtreeRequest& request) {
  return crm::StrCat("subtree:", request.name(), ":", request.max_depth(), ":", request.page_size(),
                     ":", crypto::Sha256Hex(request.page_token()).substr(0, 32));
}

std::string VersionTag(int64_t version) { return crm::StrCat(version, "\n"); }

}  // namespace

std::optional<v1::ListSubtreeResponse> SubtreeCache::Get(const v1::ListSubtreeRequest& request,
                                                         int64_t tree_version) {
  std::optional<std::string> cached = cache_.Get(KeyOf(request));
  if (!cached.has_value()) return std::nullopt;
  const std::string tag = VersionTag(tree_version);
  if (!cached->starts_with(tag)) return std::nullopt;  // another state of the tree
  v1::ListSubtreeResponse page;
  if (!page.ParseFromArray(cached->data() + tag.size(),
                           static_cast<int>(cached->size() - tag.size()))) {
    return std::nullopt;
  }
  return page;
}

void SubtreeCache::Put(const v1::ListSubtreeRequest& request, int64_t tree_version,
                       const v1::ListSubtreeResponse& page) {
  cache_.Put(KeyOf(request), tree_version,
             crm::StrCat(VersionTag(tree_version), page.SerializeAsString()));
}

}  // namespace crm::hierarchy
