#include "services/customer/rules/text_rules.h"

#include "libs/strings/quote.h"
#include "libs/strings/utf8.h"
#include "services/customer/rules/concat.h"

namespace crm::customer {
namespace {

constexpr std::string_view kIdeographicSpace = "\u3000";
constexpr size_t kMinLegalNameChars = 2;
constexpr size_t kMaxLegalNameChars = 100;

// Endings of registered names of enterprises, public institutions, social
// organisations and agencies. Matching is by suffix, so 公司 also covers
// 有限公司, 股份有限公司 and 分公司; 行 covers 银行, 分行, 支行; 会 covers 委员会,
// 协会, 基金会, 商会; 院 covers 医院, 学院, 研究院, 法院; 所 covers 事务所,
// 研究所, 派出所; 社 covers 合作社, 出版社; 校 covers 学校 and 党校.
constexpr std::string_view kOrganisationForms[] = {
    "公司", "集团", "企业", "社",   "厂", "场", "矿", "店", "行",   "铺",   "馆",   "楼",
    "室",   "坊",   "超市", "中心", "院", "所", "局", "处", "厅",   "部",   "署",   "府",
    "委",   "办",   "站",   "台",   "队", "团", "会", "校", "大学", "中学", "小学", "园"};

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool IsAsciiLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }

bool IsCjkIdeograph(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

// Anything that can spell a name: ASCII letters and, beyond ASCII, everything
// except full-width digits/punctuation and CJK punctuation (U+3000–U+303F).
bool IsLetterLike(char32_t c) {
  if (c < 0x80) return IsAsciiLetter(c);
  if (c >= 0x3000 && c <= 0x303F) return false;
  const char32_t folded = FoldFullWidth(c);
  if (folded != c) return IsAsciiLetter(folded);
  return true;
}

bool EndsWithOrganisationForm(std::string_view name) {
  for (std::string_view form : kOrganisationForms) {
    if (name.ends_with(form)) return true;
  }
  return false;
}

// Registered names may carry a trailing note in brackets, e.g.
// 某某律师事务所（特殊普通合伙） or 某某投资合伙企业(有限合伙); the form precedes it.
std::string_view WithoutTrailingBrackets(std::string_view name) {
  size_t open = std::string_view::npos;
  if (name.ends_with("）")) {
    open = name.rfind("（");
  } else if (name.ends_with(")")) {
    open = name.rfind('(');
  }
  return open == std::string_view::npos ? name : name.substr(0, open);
}

}  // namespace

std::optional<size_t> Utf8Length(std::string_view text) {
  size_t pos = 0;
  size_t count = 0;
  while (pos < text.size()) {
    if (!DecodeUtf8(text, &pos).has_value()) return std::nullopt;
    ++count;
  }
  return count;
}

std::string TrimSpace(std::string_view text) {
  while (!text.empty()) {
    if (IsAsciiSpace(text.front())) {
      text.remove_prefix(1);
    } else if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  while (!text.empty()) {
    if (IsAsciiSpace(text.back())) {
      text.remove_suffix(1);
    } else if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return std::string(text);
}

std::optional<std::string> TextError(std::string_view field, std::string_view value,
                                     size_t min_chars, size_t max_chars) {
  size_t pos = 0;
  size_t count = 0;
  while (pos < value.size()) {
    const size_t start = pos;
    const std::optional<char32_t> c = DecodeUtf8(value, &pos);
    if (!c.has_value()) {
      return Concat(field, ": not valid UTF-8 (byte ", start + 1, ")");
    }
    ++count;
    if (IsControl(*c)) {
      return Concat(field, ": control character ", QuoteCodePoint(*c), " at position ", count,
                    " is not allowed");
    }
  }
  if (count == 0 && min_chars > 0) {
    return Concat(field, ": required (", min_chars, "–", max_chars, " characters)");
  }
  if (count < min_chars) {
    return Concat(field, ": at least ", min_chars, " characters, got ", count);
  }
  if (count > max_chars) {
    return Concat(field, ": at most ", max_chars, " characters, got ", count);
  }
  return std::nullopt;
}

std::optional<std::string> LegalNameError(std::string_view legal_name) {
  if (std::optional<std::string> error =
          TextError("legal_name", legal_name, kMinLegalNameChars, kMaxLegalNameChars)) {
    return error;
  }
  bool has_letter = false;
  bool has_ideograph = false;
  size_t pos = 0;
  while (pos < legal_name.size()) {
    const char32_t c = *DecodeUtf8(legal_name, &pos);  // TextError checked it
    has_letter = has_letter || IsLetterLike(c);
    has_ideograph = has_ideograph || IsCjkIdeograph(c);
  }
  if (!has_letter) {
    return Concat("legal_name: ", Quote(legal_name),
                  " contains no letters; use the registered full name (法定全称)");
  }
  if (has_ideograph && !EndsWithOrganisationForm(legal_name) &&
      !EndsWithOrganisationForm(WithoutTrailingBrackets(legal_name))) {
    return Concat("legal_name: ", Quote(legal_name),
                  " looks like a short name; use the registered full name ending "
                  "in an organisation form such as 有限公司");
  }
  return std::nullopt;
}

}  // namespace crm::customer
