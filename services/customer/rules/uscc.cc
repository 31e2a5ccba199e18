#include "services/customer/rules/uscc.h"

#include "libs/strings/utf8.h"
#include "services/customer/rules/concat.h"
#include "services/customer/rules/text_rules.h"

namespace crm::customer {
namespace {

constexpr int kModulus = 31;
constexpr int kWeights[kUsccLength - 1] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                           29, 25, 13, 8,  24, 10, 30, 28};  // 3^i mod 31
constexpr size_t kRegionStart = 2;
constexpr size_t kRegionLength = 6;

// Registration authorities and the categories each may assign (GB 32100-2015
// Appendix A, with A = 中央军委改革和编制办公室 and N = 农业 added later).
struct Authority {
  char code;
  std::string_view name;
  std::string_view categories;
};
constexpr Authority kAuthorities[] = {
    {'1', "机构编制", "1239"},   {'2', "外交", "19"},
    {'3', "司法行政", "123459"}, {'4', "文化", "19"},
    {'5', "民政", "1239"},       {'6', "旅游", "129"},
    {'7', "宗教", "129"},        {'8', "工会", "19"},
    {'9', "工商", "123"},        {'A', "中央军委改革和编制办公室", "19"},
    {'N', "农业", "1239"},       {'Y', "其他", "1"}};

const Authority* FindAuthority(char code) {
  for (const Authority& authority : kAuthorities) {
    if (authority.code == code) return &authority;
  }
  return nullptr;
}

int CharacterValue(char c) {
  const size_t index = kUsccCharacters.find(c);
  return index == std::string_view::npos ? -1 : static_cast<int>(index);
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

std::string ListCategories(std::string_view categories) {
  std::string list;
  for (char c : categories) {
    if (!list.empty()) list += ", ";
    list.push_back(c);
  }
  return list;
}

}  // namespace

std::string NormalizeUscc(std::string_view raw) {
  const std::string trimmed = TrimSpace(raw);
  std::string out;
  out.reserve(trimmed.size());
  size_t pos = 0;
  while (pos < trimmed.size()) {
    const std::optional<char32_t> c = DecodeUtf8(trimmed, &pos);
    if (!c.has_value()) {
      // Keep undecodable bytes as they are; UsccError reports them.
      out.push_back(trimmed[pos++]);
      continue;
    }
    const char32_t folded = FoldFullWidth(*c);
    if (folded < 0x80) {
      const char ascii = static_cast<char>(folded);
      out.push_back(ascii >= 'a' && ascii <= 'z' ? static_cast<char>(ascii - 'a' + 'A') : ascii);
    } else {
      AppendUtf8(folded, &out);
    }
  }
  return out;
}

char ExpectedCheckCharacter(std::string_view first17) {
  if (first17.size() != kUsccLength - 1) return '\0';
  int sum = 0;
  for (size_t i = 0; i < first17.size(); ++i) {
    const int value = CharacterValue(first17[i]);
    if (value < 0) return '\0';
    sum += value * kWeights[i];
  }
  const int check = (kModulus - sum % kModulus) % kModulus;
  return kUsccCharacters[check];
}

std::optional<std::string> UsccError(std::string_view uscc) {
  const std::optional<size_t> length = Utf8Length(uscc);
  if (!length.has_value()) return "uscc: not valid UTF-8";
  if (*length != kUsccLength) {
    return Concat("uscc: must be ", kUsccLength, " characters, got ", *length);
  }
  size_t pos = 0;
  for (size_t position = 1; pos < uscc.size(); ++position) {
    const char32_t c = *DecodeUtf8(uscc, &pos);
    if (c >= 0x80 || CharacterValue(static_cast<char>(c)) < 0) {
      return Concat("uscc: character ", QuoteCodePoint(c), " at position ", position,
                    " is not allowed (allowed: 0-9 and ABCDEFGHJKLMNPQRTUWXY)");
    }
  }
  // Every character is ASCII from here on, so bytes are characters.
  const Authority* authority = FindAuthority(uscc[0]);
  if (authority == nullptr) {
    return Concat("uscc: registration authority '", uscc.substr(0, 1),
                  "' at position 1 is unknown; expected one of 1-9, A, N, Y");
  }
  if (authority->categories.find(uscc[1]) == std::string_view::npos) {
    return Concat("uscc: organisation category '", uscc.substr(1, 1),
                  "' at position 2 is not defined for registration authority '", uscc.substr(0, 1),
                  "' (", authority->name, "); expected one of ",
                  ListCategories(authority->categories));
  }
  const std::string_view region = uscc.substr(kRegionStart, kRegionLength);
  for (char c : region) {
    if (!IsAsciiDigit(c)) {
      return Concat("uscc: region code at positions 3-8 must be 6 digits, got '", region, "'");
    }
  }
  const char expected = ExpectedCheckCharacter(uscc.substr(0, kUsccLength - 1));
  if (uscc.back() != expected) {
    return Concat("uscc: check character is '", uscc.substr(kUsccLength - 1), "', expected '",
                  expected, "'");
  }
  return std::nullopt;
}

}  // namespace crm::customer
