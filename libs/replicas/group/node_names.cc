#include "libs/replicas/group/node_names.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "libs/strings/str_cat.h"

namespace crm::replicas {
namespace {

constexpr std::string_view kNodes = "nodes/";
constexpr size_t kMaxIdDigits = 18;  // always fits int64_t

}  // namespace

std::optional<int64_t> ParseNodeName(std::string_view name) {
  if (!name.starts_with(kNodes)) return std::nullopt;
  const std::string_view digits = name.substr(kNodes.size());
  if (digits.empty() || digits.size() > kMaxIdDigits || digits[0] == '0' ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return absl::ascii_isdigit(c); })) {
    return std::nullopt;
  }
  int64_t id = 0;
  if (!absl::SimpleAtoi(crm::ToAbsl(digits), &id)) return std::nullopt;
  return id;
}

std::string NodeName(int64_t id) { return crm::StrCat(kNodes, id); }

}  // namespace crm::replicas
