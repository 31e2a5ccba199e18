// The contact field checks on any input: what they accept has the shape the
// rules promise (a stored phone is 11 digits and normalises to itself, an
// e-mail address is plain ASCII within the RFC 5321 limits, a WeChat id is
// 6-20 allowed characters or a mobile number), and every refusal is a
// message that starts with its field and is valid UTF-8.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "services/customer/rules/contact_rules.h"
#include "tests/fuzz/targets/fuzz_check.h"

namespace {

using crm::fuzz::IsValidUtf8;
namespace rules = crm::customer;

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

void CheckRefusal(const std::optional<std::string>& error, std::string_view prefix) {
  if (!error.has_value()) return;
  FUZZ_CHECK(error->starts_with(prefix), "%s", error->c_str());
  FUZZ_CHECK(IsValidUtf8(*error), "%s", error->c_str());
}

void CheckPhone(std::string_view raw) {
  const std::optional<std::string> error = rules::MobilePhoneError(raw);
  CheckRefusal(error, "phone: ");
  if (error.has_value()) return;
  const std::string phone = rules::NormalizeMobilePhone(raw);
  FUZZ_CHECK(phone.size() == 11, "%s", phone.c_str());
  FUZZ_CHECK(std::all_of(phone.begin(), phone.end(), IsAsciiDigit));
  FUZZ_CHECK(phone[0] == '1' && phone[1] >= '3');
  // The stored form is accepted as it is and stays as it is.
  FUZZ_CHECK(rules::NormalizeMobilePhone(phone) == phone);
  FUZZ_CHECK(!rules::MobilePhoneError(phone).has_value());
}

void CheckEmail(std::string_view email) {
  const std::optional<std::string> error = rules::EmailError(email);
  CheckRefusal(error, "email: ");
  if (error.has_value()) return;
  FUZZ_CHECK(email.size() <= 254);
  FUZZ_CHECK(std::count(email.begin(), email.end(), '@') == 1);
  for (const char c : email) FUZZ_CHECK(c > 0x20 && c < 0x7F, "byte %d", c);
  const size_t at = email.find('@');
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  FUZZ_CHECK(!local.empty() && local.size() <= 64);
  FUZZ_CHECK(local.front() != '.' && local.back() != '.');
  FUZZ_CHECK(local.find("..") == std::string_view::npos);
  FUZZ_CHECK(domain.size() <= 253 && domain.find('.') != std::string_view::npos);
  FUZZ_CHECK(domain.front() != '.' && domain.back() != '.' &&
             domain.find("..") == std::string_view::npos);
}

void CheckWechat(std::string_view wechat) {
  const std::optional<std::string> error = rules::WechatIdError(wechat);
  CheckRefusal(error, "wechat: ");
  if (error.has_value()) return;
  if (!wechat.empty() && IsAsciiLetter(wechat.front())) {
    FUZZ_CHECK(wechat.size() >= 6 && wechat.size() <= 20);
    for (const char c : wechat) {
      FUZZ_CHECK(IsAsciiLetter(c) || IsAsciiDigit(c) || c == '_' || c == '-');
    }
  } else {
    FUZZ_CHECK(!rules::MobilePhoneError(wechat).has_value());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = crm::fuzz::AsText(data, size);
  CheckPhone(input);
  CheckEmail(input);
  CheckWechat(input);
  return 0;
}
