#include "libs/grpc_server/request_id.h"

#include <cstdint>
#include <iterator>

#include "absl/random/random.h"

namespace crm::server {
namespace {

std::string_view View(grpc::string_ref ref) { return {ref.data(), ref.size()}; }

grpc::string_ref Ref(std::string_view view) { return {view.data(), view.size()}; }

bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (const char c : id) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

GeneratedRequestId NewRequestId() {
  constexpr char kHex[] = "0123456789abcdef";
  // Seeded once per thread from the OS; after that a draw costs nanoseconds.
  thread_local absl::BitGen generator;
  GeneratedRequestId id;
  for (size_t half = 0; half < 2; ++half) {
    uint64_t bits = absl::Uniform<uint64_t>(generator);
    for (size_t i = 0; i < 16; ++i, bits >>= 4) id[half * 16 + i] = kHex[bits & 0xf];
  }
  return id;
}

std::string_view RequestId(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(Ref(kRequestIdKey));
  return found == metadata.end() ? std::string_view() : View(found->second);
}

std::string_view ResolveRequestId(std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
                                  GeneratedRequestId& storage) {
  const auto [begin, end] = metadata.equal_range(Ref(kRequestIdKey));
  // The common cases first: exactly one valid id, or none at all.
  if (begin != end && std::next(begin) == end && IsValidRequestId(View(begin->second))) {
    return View(begin->second);
  }
  std::string_view chosen;
  for (auto it = begin; it != end; ++it) {
    if (IsValidRequestId(View(it->second))) {
      chosen = View(it->second);
      break;
    }
  }
  if (chosen.empty()) {
    storage = NewRequestId();
    chosen = std::string_view(storage.data(), storage.size());
  }
  metadata.erase(begin, end);
  metadata.emplace(Ref(kRequestIdKey), Ref(chosen));
  return chosen;
}

}  // namespace crm::server
