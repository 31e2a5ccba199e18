#include "libs/proxy/call_limits.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "libs/strings/str_cat.h"

namespace crm::proxy {
namespace {

absl::StatusOr<absl::Duration> ParseLimit(std::string_view word, bool dash_is_zero) {
  if (word == "none") return absl::InfiniteDuration();
  if (dash_is_zero && word == "-") return absl::ZeroDuration();
  absl::Duration duration;
  if (!absl::ParseDuration(ToAbsl(word), &duration) || duration <= absl::ZeroDuration() ||
      duration == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        StrCat("'", word, "' is not a positive duration such as 30s or 2m, nor none"));
  }
  return duration;
}

bool IsMethodPattern(std::string_view name) {
  const size_t slash = name.find('/');
  return slash != std::string_view::npos && slash > 0 && slash + 1 < name.size() &&
         name.find('/', slash + 1) == std::string_view::npos;
}

}  // namespace

absl::StatusOr<MethodLimits> MethodLimits::Parse(std::string_view text, CallLimits fallback) {
  MethodLimits limits(fallback);
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(ToAbsl(text), '\n')) {
    ++line_number;
    if (const size_t hash = line.find('#'); hash != absl::string_view::npos) {
      line = line.substr(0, hash);
    }
    std::vector<std::string_view> words;
    for (absl::string_view word :
         absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty())) {
      words.emplace_back(word.data(), word.size());
    }
    if (words.empty()) continue;
    const auto problem = [&](absl::string_view what) {
      return absl::InvalidArgumentError(StrCat("call limits line ", line_number, ": ", what));
    };
    if (words.size() != 4) {
      return problem("expected four columns: method deadline max_deadline idle_timeout");
    }
    if (!IsMethodPattern(words[0])) {
      return problem(StrCat("'", words[0], "' is not package.Service/Method or package.Service/*"));
    }
    CallLimits rule;
    absl::StatusOr<absl::Duration> deadline = ParseLimit(words[1], false);
    absl::StatusOr<absl::Duration> max_deadline = ParseLimit(words[2], false);
    absl::StatusOr<absl::Duration> idle = ParseLimit(words[3], true);
    for (const auto* parsed : {&deadline, &max_deadline, &idle}) {
      if (!parsed->ok()) return problem(parsed->status().message());
    }
    rule.default_deadline = *deadline;
    rule.max_deadline = *max_deadline;
    rule.idle_timeout = *idle == absl::InfiniteDuration() ? absl::ZeroDuration() : *idle;
    if (rule.default_deadline > rule.max_deadline) {
      return problem("the deadline is longer than the max_deadline");
    }
    if (!limits.rules_.emplace(std::string(words[0]), rule).second) {
      return problem(StrCat(words[0], " has a line already"));
    }
  }
  return limits;
}

const CallLimits& MethodLimits::For(std::string_view method) const {
  if (rules_.empty()) return fallback_;
  if (!method.empty() && method.front() == '/') method.remove_prefix(1);
  if (const auto found = rules_.find(ToAbsl(method)); found != rules_.end()) return found->second;
  if (const size_t slash = method.find('/'); slash != std::string_view::npos) {
    const std::string service_rule = StrCat(method.substr(0, slash), "/*");
    if (const auto found = rules_.find(service_rule); found != rules_.end()) return found->second;
  }
  return fallback_;
}

}  // namespace crm::proxy
