#include "tools/crmctl/retry_policy.h"

#include <algorithm>
#include <optional>

#include "absl/strings/cord.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::crmctl {
namespace {

using Action = RetryDecision::Action;

// The wait the failure asks for before the jitter, or nullopt when it is
// not a refusal for now.
std::optional<absl::Duration> BaseDelay(const RetryPolicy& policy, const absl::Status& failure,
                                        int attempts) {
  const std::optional<absl::Duration> asked = status::GetRetryDelay(failure);
  switch (failure.code()) {
    case absl::StatusCode::kResourceExhausted:
      // Without RetryInfo a quota is spent for longer than a command waits
      // (or the request itself is too large): repeating cannot help.
      if (!asked.has_value()) return std::nullopt;
      return std::max(*asked, absl::ZeroDuration());
    case absl::StatusCode::kUnavailable: {
      if (asked.has_value()) return std::max(*asked, absl::ZeroDuration());
      absl::Duration backoff = policy.first_backoff;
      for (int i = 1; i < attempts && backoff < policy.max_backoff; ++i) {
        backoff *= 2;
      }
      return std::min(backoff, policy.max_backoff);
    }
    default:
      return std::nullopt;
  }
}

absl::Status WithMessage(const absl::Status& failure, std::string message) {
  absl::Status explained(failure.code(), message);
  failure.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    explained.SetPayload(type_url, payload);
  });
  return explained;
}

}  // namespace

RetryDecision DecideRetry(const RetryPolicy& policy, const absl::Status& failure, bool repeatable,
                          int attempts, absl::Duration elapsed, double random) {
  if (failure.ok()) return {};
  const std::optional<absl::Duration> base = BaseDelay(policy, failure, attempts);
  if (!base.has_value()) return {};
  if (!repeatable) return {.action = Action::kNotRepeatable};
  if (attempts >= policy.max_attempts) return {.action = Action::kGiveUp};
  // The wait asked for must fit in what is left; the jitter only as far as
  // it does.
  const absl::Duration left = policy.max_total - elapsed;
  if (*base > left) return {.action = Action::kGiveUp, .delay = *base};
  const double spread = std::clamp(random, 0.0, 1.0) * std::max(policy.jitter, 0.0);
  return {.action = Action::kRetry, .delay = std::min(*base + *base * spread, left)};
}

absl::Status ExplainRetries(const absl::Status& failure, const RetryDecision& decision,
                            const RetryPolicy& policy, int attempts, absl::Duration elapsed) {
  const std::string said(failure.message());
  const std::string separator = said.empty() ? "" : " ";
  switch (decision.action) {
    case Action::kNotRepeatable:
      return WithMessage(failure,
                         crm::StrCat(said, separator,
                                     "(not retried: crmctl repeats a change only when it "
                                     "carries --request-id, so that a repeat cannot apply it "
                                     "twice)"));
    case Action::kGiveUp: {
      const std::string tried =
          crm::StrCat("crmctl gave up after ", attempts, attempts == 1 ? " attempt" : " attempts",
                      " in ", absl::FormatDuration(absl::Ceil(elapsed, absl::Milliseconds(1))));
      if (attempts >= policy.max_attempts) {
        return WithMessage(failure,
                           crm::StrCat(said, separator, "(", tried, "; --retries sets how many)"));
      }
      return WithMessage(
          failure,
          crm::StrCat(said, separator, "(", tried, ": waiting ",
                      absl::FormatDuration(absl::Ceil(decision.delay, absl::Milliseconds(1))),
                      " more would pass its limit of ", absl::FormatDuration(policy.max_total),
                      ")"));
    }
    case Action::kStop:
    case Action::kRetry:
      break;
  }
  return failure;
}

}  // namespace crm::crmctl
