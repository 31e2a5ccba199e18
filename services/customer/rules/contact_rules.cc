#include "services/customer/rules/contact_rules.h"

#include <algorithm>
#include <vector>

#include "libs/strings/quote.h"
#include "libs/strings/utf8.h"
#include "services/customer/rules/concat.h"
#include "services/customer/rules/text_rules.h"

namespace crm::customer {
namespace {

constexpr size_t kMobileDigits = 11;
constexpr std::string_view kMobileExample = "e.g. 13812345678";
constexpr size_t kMaxEmailLength = 254;
constexpr size_t kMaxLocalPartLength = 64;
constexpr size_t kMaxDomainLength = 253;
constexpr size_t kMaxLabelLength = 63;
constexpr size_t kMinWechatLength = 6;
constexpr size_t kMaxWechatLength = 20;
// RFC 5322 atext besides letters and digits.
constexpr std::string_view kLocalPartSymbols = "!#$%&'*+/=?^_`{|}~-";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// What is wrong with a normalised mobile number, without the field prefix,
// so that the phone and WeChat checks can share it.
std::optional<std::string> MobileProblem(std::string_view phone) {
  if (phone.empty()) return Concat("required, ", kMobileExample);
  if (phone.front() == '+') {
    return Concat("only mainland China mobile numbers (+86) are accepted, got ", Quote(phone));
  }
  size_t pos = 0;
  while (pos < phone.size()) {
    const std::optional<char32_t> c = DecodeUtf8(phone, &pos);
    if (!c.has_value()) return std::string("not valid UTF-8");
    if (*c > 0x7F || !IsDigit(static_cast<char>(*c))) {
      return Concat(QuoteCodePoint(*c), " is not a digit; a mobile number has 11 digits, ",
                    kMobileExample);
    }
  }
  if (phone.size() != kMobileDigits) {
    return Concat("must be 11 digits, got ", phone.size());
  }
  if (phone[0] != '1') {
    return Concat("a mobile number starts with 1, got '", phone.substr(0, 1), "'");
  }
  if (phone[1] < '3') {
    return Concat("the second digit of a mobile number is 3–9, got '", phone.substr(1, 1), "'");
  }
  return std::nullopt;
}

std::optional<std::string> LocalPartError(std::string_view local) {
  if (local.empty()) return "email: nothing before '@'";
  if (local.size() > kMaxLocalPartLength) {
    return Concat("email: the part before '@' has ", local.size(), " characters; at most ",
                  kMaxLocalPartLength);
  }
  for (char c : local) {
    if (!IsLetter(c) && !IsDigit(c) && c != '.' &&
        kLocalPartSymbols.find(c) == std::string_view::npos) {
      return Concat("email: ", Quote(std::string_view(&c, 1)),
                    " is not allowed before '@'; use letters, digits and . _ - +");
    }
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return "email: the part before '@' cannot start or end with '.' or contain '..'";
  }
  return std::nullopt;
}

std::vector<std::string_view> SplitLabels(std::string_view domain) {
  std::vector<std::string_view> labels;
  size_t start = 0;
  while (true) {
    const size_t dot = domain.find('.', start);
    labels.push_back(domain.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return labels;
    start = dot + 1;
  }
}

std::optional<std::string> DomainError(std::string_view domain) {
  if (domain.empty()) return "email: nothing after '@'";
  if (domain.size() > kMaxDomainLength) {
    return Concat("email: domain has ", domain.size(), " characters; at most ", kMaxDomainLength);
  }
  if (domain.find('.') == std::string_view::npos) {
    return Concat("email: domain ", Quote(domain), " needs a dot, e.g. example.com");
  }
  const std::vector<std::string_view> labels = SplitLabels(domain);
  for (std::string_view label : labels) {
    if (label.empty()) {
      return Concat("email: domain ", Quote(domain), " has an empty label (check the dots)");
    }
    if (label.size() > kMaxLabelLength) {
      return Concat("email: domain label ", Quote(label), " is too long; at most ", kMaxLabelLength,
                    " characters");
    }
    for (char c : label) {
      if (!IsLetter(c) && !IsDigit(c) && c != '-') {
        return Concat("email: ", Quote(std::string_view(&c, 1)), " is not allowed in domain ",
                      Quote(domain), "; use letters, digits and hyphens");
      }
    }
    if (label.front() == '-' || label.back() == '-') {
      return Concat("email: domain label ", Quote(label), " cannot start or end with a hyphen");
    }
  }
  const std::string_view top = labels.back();
  if (std::all_of(top.begin(), top.end(), IsDigit)) {
    return Concat("email: top-level domain ", Quote(top),
                  " cannot be all digits; IP addresses are not accepted");
  }
  return std::nullopt;
}

}  // namespace

std::string NormalizeMobilePhone(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  size_t pos = 0;
  while (pos < raw.size()) {
    const std::optional<char32_t> c = DecodeUtf8(raw, &pos);
    if (!c.has_value()) {
      out.push_back(raw[pos++]);  // MobilePhoneError reports it
      continue;
    }
    const char32_t folded = FoldFullWidth(*c);
    if (folded == U' ' || folded == U'\t' || folded == U'-') continue;
    AppendUtf8(folded, &out);
  }
  for (std::string_view country_code : {"+86", "0086"}) {
    if (out.starts_with(country_code)) return out.substr(country_code.size());
  }
  return out;
}

std::optional<std::string> MobilePhoneError(std::string_view phone) {
  std::optional<std::string> problem = MobileProblem(NormalizeMobilePhone(phone));
  if (!problem.has_value()) return std::nullopt;
  return Concat("phone: ", *problem);
}

std::optional<std::string> EmailError(std::string_view email) {
  if (email.empty()) return "email: required, e.g. zhang.san@example.com";
  size_t pos = 0;
  for (size_t position = 1; pos < email.size(); ++position) {
    const std::optional<char32_t> c = DecodeUtf8(email, &pos);
    if (!c.has_value()) return "email: not valid UTF-8";
    if (*c == U' ' || IsControl(*c) || *c == 0x3000) {
      return Concat("email: white space or control character at position ", position,
                    " is not allowed");
    }
    if (*c > 0x7F) {
      return Concat("email: non-ASCII character ", QuoteCodePoint(*c), " at position ", position,
                    "; write an internationalised domain in punycode (xn--...)");
    }
  }
  if (email.size() > kMaxEmailLength) {
    return Concat("email: at most ", kMaxEmailLength, " characters, got ", email.size());
  }
  const size_t ats = std::count(email.begin(), email.end(), '@');
  if (ats != 1) {
    return Concat("email: must contain exactly one '@', found ", ats);
  }
  const size_t at = email.find('@');
  if (std::optional<std::string> error = LocalPartError(email.substr(0, at))) return error;
  return DomainError(email.substr(at + 1));
}

std::optional<std::string> WechatIdError(std::string_view wechat) {
  if (wechat.empty()) return "wechat: required";
  const char first = wechat.front();
  if (IsDigit(first) || first == '+') {
    std::optional<std::string> problem = MobileProblem(NormalizeMobilePhone(wechat));
    if (!problem.has_value()) return std::nullopt;
    return Concat("wechat: an id that starts with a digit must be a mobile number: ", *problem);
  }
  if (!IsLetter(first)) {
    size_t pos = 0;
    const std::optional<char32_t> c = DecodeUtf8(wechat, &pos);
    if (!c.has_value()) return "wechat: not valid UTF-8";
    return Concat("wechat: must start with a letter, got ", QuoteCodePoint(*c));
  }
  const std::optional<size_t> length = Utf8Length(wechat);
  if (!length.has_value()) return "wechat: not valid UTF-8";
  if (*length < kMinWechatLength || *length > kMaxWechatLength) {
    return Concat("wechat: must be ", kMinWechatLength, "–", kMaxWechatLength, " characters, got ",
                  *length);
  }
  // Every character before a non-ASCII one is a single byte, so the byte
  // index of the first offender is also its character position.
  for (size_t i = 0; i < wechat.size(); ++i) {
    const char c = wechat[i];
    if (IsLetter(c) || IsDigit(c) || c == '_' || c == '-') continue;
    size_t pos = i;
    return Concat("wechat: ", QuoteCodePoint(DecodeUtf8(wechat, &pos).value_or(U'?')),
                  " at position ", i + 1, " is not allowed; use letters, digits, '_' and '-'");
  }
  return std::nullopt;
}

}  // namespace crm::customer
