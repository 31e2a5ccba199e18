// The retry schedule: which refusals are repeated, after how long, and when
// crmctl gives up.

#include "tools/crmctl/retry_policy.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/status/status.h"

namespace crm::crmctl {
namespace {

using Action = RetryDecision::Action;
using ::testing::HasSubstr;

absl::Status RateLimited(absl::Duration delay) {
  return status::WithRetryDelay(status::Error(absl::StatusCode::kResourceExhausted, "gateway.crm",
                                              "RATE_LIMITED", "too many calls; slow down"),
                                delay);
}

absl::Status Unavailable() { return absl::UnavailableError("failed to connect to all addresses"); }

TEST(RetryPolicyTest, ARefusalWithRetryInfoWaitsWhatTheServerAskedPlusJitter) {
  const RetryPolicy policy;
  const RetryDecision low =
      DecideRetry(policy, RateLimited(absl::Milliseconds(7)), true, 1, absl::ZeroDuration(), 0.0);
  EXPECT_EQ(low.action, Action::kRetry);
  EXPECT_EQ(low.delay, absl::Milliseconds(7));
  // Half of the 25% jitter: 7 ms + 0.875 ms.
  const RetryDecision mid =
      DecideRetry(policy, RateLimited(absl::Milliseconds(7)), true, 1, absl::ZeroDuration(), 0.5);
  EXPECT_EQ(mid.delay, absl::Microseconds(7875));
  // Never shorter than asked, never more than a quarter longer.
  const RetryDecision high =
      DecideRetry(policy, RateLimited(absl::Seconds(2)), true, 3, absl::Seconds(1), 0.999);
  EXPECT_EQ(high.action, Action::kRetry);
  EXPECT_GE(high.delay, absl::Seconds(2));
  EXPECT_LT(high.delay, absl::Milliseconds(2500));
}

TEST(RetryPolicyTest, UnavailableWithRetryInfoWaitsWhatTheServerAsked) {
  const absl::Status draining = status::WithRetryDelay(
      absl::UnavailableError("the server is shutting down"), absl::Milliseconds(300));
  const RetryDecision decision =
      DecideRetry(RetryPolicy(), draining, true, 1, absl::ZeroDuration(), 0.0);
  EXPECT_EQ(decision.action, Action::kRetry);
  EXPECT_EQ(decision.delay, absl::Milliseconds(300));
}

TEST(RetryPolicyTest, UnavailableWithoutRetryInfoBacksOffExponentiallyUpToTheCap) {
  RetryPolicy policy;
  policy.max_attempts = 10;
  policy.max_total = absl::Minutes(1);
  policy.first_backoff = absl::Milliseconds(50);
  policy.max_backoff = absl::Milliseconds(500);
  const absl::Duration expected[] = {absl::Milliseconds(50),  absl::Milliseconds(100),
                                     absl::Milliseconds(200), absl::Milliseconds(400),
                                     absl::Milliseconds(500), absl::Milliseconds(500)};
  for (int attempts = 1; attempts <= 6; ++attempts) {
    const RetryDecision decision =
        DecideRetry(policy, Unavailable(), true, attempts, absl::ZeroDuration(), 0.0);
    EXPECT_EQ(decision.action, Action::kRetry) << attempts;
    EXPECT_EQ(decision.delay, expected[attempts - 1]) << attempts;
  }
}

TEST(RetryPolicyTest, ResourceExhaustedWithoutRetryInfoIsNotRepeated) {
  const absl::Status too_large =
      absl::ResourceExhaustedError("received initial metadata size exceeds limit");
  EXPECT_EQ(DecideRetry(RetryPolicy(), too_large, true, 1, absl::ZeroDuration(), 0.0).action,
            Action::kStop);
}

TEST(RetryPolicyTest, OtherFailuresAndSuccessAreNeverRepeated) {
  for (const absl::Status& status :
       {absl::OkStatus(), absl::InvalidArgumentError("bad"), absl::DeadlineExceededError("late"),
        absl::AbortedError("etag"), absl::PermissionDeniedError("no"),
        status::WithRetryDelay(absl::FailedPreconditionError("later"), absl::Milliseconds(5))}) {
    EXPECT_EQ(DecideRetry(RetryPolicy(), status, true, 1, absl::ZeroDuration(), 0.0).action,
              Action::kStop)
        << status;
  }
}

TEST(RetryPolicyTest, ACallThatIsNotRepeatableIsNotRepeated) {
  EXPECT_EQ(DecideRetry(RetryPolicy(), RateLimited(absl::Milliseconds(7)), false, 1,
                        absl::ZeroDuration(), 0.0)
                .action,
            Action::kNotRepeatable);
  EXPECT_EQ(DecideRetry(RetryPolicy(), Unavailable(), false, 1, absl::ZeroDuration(), 0.0).action,
            Action::kNotRepeatable);
}

TEST(RetryPolicyTest, GivesUpAfterMaxAttempts) {
  RetryPolicy policy;
  policy.max_attempts = 5;
  EXPECT_EQ(
      DecideRetry(policy, RateLimited(absl::Milliseconds(7)), true, 4, absl::Milliseconds(40), 0.0)
          .action,
      Action::kRetry);
  EXPECT_EQ(
      DecideRetry(policy, RateLimited(absl::Milliseconds(7)), true, 5, absl::Milliseconds(50), 0.0)
          .action,
      Action::kGiveUp);
  policy.max_attempts = 1;  // --retries 0
  EXPECT_EQ(
      DecideRetry(policy, RateLimited(absl::Milliseconds(7)), true, 1, absl::ZeroDuration(), 0.0)
          .action,
      Action::kGiveUp);
}

TEST(RetryPolicyTest, GivesUpWhenTheWaitWouldPassTheTotalBound) {
  RetryPolicy policy;
  policy.max_total = absl::Seconds(10);
  // Asked to come back in 30 s: longer than crmctl waits at all.
  const RetryDecision far =
      DecideRetry(policy, RateLimited(absl::Seconds(30)), true, 1, absl::ZeroDuration(), 0.0);
  EXPECT_EQ(far.action, Action::kGiveUp);
  EXPECT_EQ(far.delay, absl::Seconds(30));
  // 9.5 s gone, 1 s asked.
  EXPECT_EQ(
      DecideRetry(policy, RateLimited(absl::Seconds(1)), true, 2, absl::Milliseconds(9500), 0.0)
          .action,
      Action::kGiveUp);
  EXPECT_EQ(
      DecideRetry(policy, RateLimited(absl::Seconds(1)), true, 2, absl::Milliseconds(8500), 0.0)
          .action,
      Action::kRetry);
  // The jitter is cut to what is left.
  const RetryDecision last =
      DecideRetry(policy, RateLimited(absl::Seconds(1)), true, 2, absl::Milliseconds(8900), 0.99);
  EXPECT_EQ(last.action, Action::kRetry);
  EXPECT_EQ(last.delay, absl::Milliseconds(1100));
}

TEST(RetryPolicyTest, AGivenUpStatusSaysWhatWasTriedAndKeepsItsDetails) {
  RetryPolicy policy;
  const absl::Status refused = RateLimited(absl::Milliseconds(7));
  const absl::Status explained =
      ExplainRetries(refused, {.action = Action::kGiveUp}, policy, 5, absl::Milliseconds(1234));
  EXPECT_EQ(explained.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(explained.message(),
            "too many calls; slow down (crmctl gave up after 5 attempts in "
            "1.234s; --retries sets how many)");
  ASSERT_TRUE(status::GetErrorInfo(explained).has_value());
  EXPECT_EQ(status::GetErrorInfo(explained)->reason(), "RATE_LIMITED");
  EXPECT_EQ(status::GetRetryDelay(explained), absl::Milliseconds(7));

  const absl::Status too_far = ExplainRetries(
      RateLimited(absl::Seconds(30)), {.action = Action::kGiveUp, .delay = absl::Seconds(30)},
      policy, 1, absl::Milliseconds(3));
  EXPECT_THAT(too_far.message(), HasSubstr("gave up after 1 attempt in 3ms: waiting 30s more would "
                                           "pass its limit of 10s"));

  const absl::Status not_repeated =
      ExplainRetries(refused, {.action = Action::kNotRepeatable}, policy, 1, absl::ZeroDuration());
  EXPECT_THAT(not_repeated.message(), HasSubstr("not retried"));
  EXPECT_THAT(not_repeated.message(), HasSubstr("--request-id"));

  // Anything else is returned as it came.
  EXPECT_EQ(ExplainRetries(refused, {.action = Action::kStop}, policy, 1, absl::ZeroDuration()),
            refused);
}

}  // namespace
}  // namespace crm::crmctl
