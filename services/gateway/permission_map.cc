#include "services/gateway/permission_map.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "libs/auth/roles.h"
#include "libs/strings/str_cat.h"

namespace crm::gateway {
namespace {

absl::Status BadLine(int line, std::string_view why) {
  return absl::InvalidArgumentError(crm::StrCat("permissions line ", line, ": ", why));
}

// "package.Service/Method" with both parts present.
bool IsRuleKey(absl::string_view key) {
  const size_t slash = key.find('/');
  return slash != absl::string_view::npos && slash > 0 && slash + 1 < key.size() &&
         key.find('/', slash + 1) == absl::string_view::npos &&
         key.substr(0, slash).find('.') != absl::string_view::npos;
}

}  // namespace

absl::StatusOr<PermissionMap> PermissionMap::Parse(std::string_view text) {
  PermissionMap map;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(crm::ToAbsl(text), '\n')) {
    ++number;
    if (const size_t hash = line.find('#'); hash != absl::string_view::npos) {
      line = line.substr(0, hash);
    }
    std::vector<absl::string_view> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (words.empty()) continue;
    if (!IsRuleKey(words[0])) {
      return BadLine(number, crm::StrCat("'", words[0],
                                         "' is not package.Service/Method or package.Service/*"));
    }
    if (words.size() < 2) {
      return BadLine(number, crm::StrCat(words[0],
                                         " names no role; leave the method out to "
                                         "deny it to everyone"));
    }
    std::vector<std::string> roles;
    for (size_t i = 1; i < words.size(); ++i) {
      if (!auth::IsKnownRole(std::string_view(words[i].data(), words[i].size()))) {
        return BadLine(
            number, crm::StrCat("unknown role '", words[i], "'; known: ", auth::KnownRolesText()));
      }
      roles.emplace_back(words[i]);
    }
    auto [it, inserted] = map.rules_.emplace(std::string(words[0]), std::move(roles));
    if (!inserted) return BadLine(number, crm::StrCat(words[0], " has a rule already"));
  }
  return map;
}

const std::vector<std::string>* PermissionMap::RolesFor(std::string_view method) const {
  if (method.empty() || method[0] != '/') return nullptr;
  const std::string key(method.substr(1));
  if (auto exact = rules_.find(key); exact != rules_.end()) return &exact->second;
  const size_t slash = key.find('/');
  if (slash == std::string::npos) return nullptr;
  if (auto any = rules_.find(key.substr(0, slash + 1) + "*"); any != rules_.end()) {
    return &any->second;
  }
  return nullptr;
}

bool PermissionMap::Allows(std::string_view method, const std::vector<std::string>& roles) const {
  const std::vector<std::string>* allowed = RolesFor(method);
  if (allowed == nullptr) return false;
  return std::any_of(roles.begin(), roles.end(), [&](const std::string& role) {
    return std::find(allowed->begin(), allowed->end(), role) != allowed->end();
  });
}

std::vector<std::string> PermissionMap::Problems(const google::protobuf::DescriptorPool& pool,
                                                 const std::vector<std::string>& services) const {
  std::vector<std::string> problems;
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service = pool.FindServiceByName(name);
    if (service == nullptr) {
      problems.push_back(crm::StrCat("service ", name, " is not in the compiled protos"));
      continue;
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string method = crm::StrCat("/", name, "/", service->method(i)->name());
      if (RolesFor(method) == nullptr) {
        problems.push_back(crm::StrCat(method.substr(1), " has no rule: nobody may call it"));
      }
    }
  }
  for (const auto& [key, roles] : rules_) {
    const size_t slash = key.find('/');
    const std::string service_name = key.substr(0, slash);
    const std::string method_name = key.substr(slash + 1);
    const google::protobuf::ServiceDescriptor* service = pool.FindServiceByName(service_name);
    if (service == nullptr) {
      problems.push_back(crm::StrCat("rule for ", key, ": no such service"));
    } else if (method_name != "*" && service->FindMethodByName(method_name) == nullptr) {
      problems.push_back(crm::StrCat("rule for ", key, ": no such method"));
    }
  }
  std::sort(problems.begin(), problems.end());
  return problems;
}

}  // namespace crm::gateway
