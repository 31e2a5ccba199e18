#include "services/customer/rules/customer_filter.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "libs/names/resource_names.h"
#include "libs/strings/quote.h"
#include "libs/strings/utf8.h"
#include "services/customer/rules/codes.h"
#include "services/customer/rules/concat.h"
#include "services/customer/rules/text_rules.h"

namespace crm::customer {
namespace {

constexpr size_t kMaxFilterChars = 2000;
constexpr size_t kMaxNameChars = 100;
constexpr size_t kMaxTagChars = 32;
constexpr size_t kMaxFilterTags = 20;  // a customer carries at most 20 tags
constexpr std::string_view kAllowedFields = "name, industry, region, owner_org_unit, state, tags";
constexpr char32_t kFullWidthColon = 0xFF1A;
constexpr char32_t kFullWidthEquals = 0xFF1D;
constexpr char32_t kIdeographicSpace = 0x3000;

enum class TokenKind { kEnd, kWord, kString, kOperator, kParenthesis };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;     // the word, the unescaped string, the operator
  size_t position = 0;  // in characters from the start of the filter
};

enum class Field { kName, kIndustry, kRegion, kOwnerOrgUnit, kState, kTags };

struct FieldSpec {
  std::string_view name;
  Field field;
  std::string_view op;       // the one operator the field takes
  std::string_view example;  // shown when the field is misused
};

constexpr FieldSpec kFields[] = {
    {"name", Field::kName, ":", "name:\"华信\""},
    {"industry", Field::kIndustry, "=", "industry = \"C\""},
    {"region", Field::kRegion, "=", "region = \"310115\" or region = \"31*\""},
    {"owner_org_unit", Field::kOwnerOrgUnit, "=", "owner_org_unit = \"orgUnits/sub-east\""},
    {"state", Field::kState, "=", "state = ACTIVE"},
    {"tags", Field::kTags, ":", "tags:\"战略客户\""},
};

template <typename... Parts>
absl::Status FilterError(const Parts&... parts) {
  return absl::InvalidArgumentError(Concat("filter: ", parts...));
}

template <typename... Parts>
absl::Status OrderByError(const Parts&... parts) {
  return absl::InvalidArgumentError(Concat("order_by: ", parts...));
}

const FieldSpec* FindField(std::string_view name) {
  for (const FieldSpec& spec : kFields) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

bool IsSpace(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f' ||
         c == kIdeographicSpace;
}

bool IsOperatorStart(char32_t c) {
  return c == U':' || c == U'=' || c == U'<' || c == U'>' || c == U'!' || c == U'~';
}

// Characters that end a bare word.
bool EndsWord(char32_t c) {
  return IsSpace(c) || IsOperatorStart(c) || c == U'"' || c == U'\'' || c == U'(' || c == U')' ||
         c == kFullWidthColon || c == kFullWidthEquals;
}

std::string ToUtf8(std::u32string_view text) {
  std::string out;
  for (char32_t c : text) AppendUtf8(c, &out);
  return out;
}

absl::StatusOr<std::u32string> DecodeFilter(std::string_view filter) {
  std::u32string text;
  size_t pos = 0;
  while (pos < filter.size()) {
    const size_t start = pos;
    const std::optional<char32_t> c = DecodeUtf8(filter, &pos);
    if (!c.has_value()) return FilterError("not valid UTF-8 (byte ", start + 1, ")");
    text.push_back(*c);
  }
  if (text.size() > kMaxFilterChars) {
    return FilterError("at most ", kMaxFilterChars, " characters, got ", text.size());
  }
  return text;
}

// Reads a double-quoted string whose opening quote is at text[*pos].
absl::StatusOr<Token> ReadString(std::u32string_view text, size_t* pos) {
  Token token{TokenKind::kString, "", *pos};
  std::u32string value;
  for (size_t i = *pos + 1; i < text.size(); ++i) {
    if (text[i] == U'"') {
      token.text = ToUtf8(value);
      *pos = i + 1;
      return token;
    }
    if (text[i] == U'\\') {
      if (i + 1 < text.size() && (text[i + 1] == U'"' || text[i + 1] == U'\\')) {
        value.push_back(text[++i]);
        continue;
      }
      if (i + 1 < text.size()) {
        return FilterError("unsupported escape '\\", ToUtf8(text.substr(i + 1, 1)),
                           "' at position ", i, "; inside strings only \\\" and \\\\ are escapes");
      }
      break;  // a trailing backslash leaves the string open
    }
    value.push_back(text[i]);
  }
  return FilterError("unterminated string starting at position ", token.position,
                     "; close it with \"");
}

absl::StatusOr<std::vector<Token>> Tokenize(std::u32string_view text) {
  std::vector<Token> tokens;
  size_t pos = 0;
  while (true) {
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    if (pos == text.size()) break;
    const char32_t c = text[pos];
    if (c == U'"') {
      absl::StatusOr<Token> token = ReadString(text, &pos);
      if (!token.ok()) return token.status();
      tokens.push_back(*std::move(token));
    } else if (c == U'\'') {
      return FilterError("use double quotes for strings (position ", pos, ")");
    } else if (c == kFullWidthColon || c == kFullWidthEquals) {
      return FilterError("full-width ", QuoteCodePoint(c), " at position ", pos,
                         "; type the ASCII ", c == kFullWidthColon ? "':'" : "'='");
    } else if (c == U'(' || c == U')') {
      tokens.push_back({TokenKind::kParenthesis, ToUtf8(text.substr(pos, 1)), pos});
      ++pos;
    } else if (IsOperatorStart(c)) {
      // Two-character forms are read whole so "<=" is reported as "<=".
      size_t length = 1;
      if (pos + 1 < text.size() && text[pos + 1] == U'=' && c != U':' && c != U'~') length = 2;
      tokens.push_back({TokenKind::kOperator, ToUtf8(text.substr(pos, length)), pos});
      pos += length;
    } else {
      const size_t start = pos;
      while (pos < text.size() && !EndsWord(text[pos])) ++pos;
      tokens.push_back({TokenKind::kWord, ToUtf8(text.substr(start, pos - start)), start});
    }
  }
  tokens.push_back({TokenKind::kEnd, "", text.size()});
  return tokens;
}

// How a token is named in "expected ..., got X" messages.
std::string Describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "the end of the filter";
    case TokenKind::kString:
      return Concat("the string ", Quote(token.text));
    default:
      return Quote(token.text);
  }
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// Words separated by ASCII spaces or tabs.
std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = text.find_first_not_of(" \t", pos);
    if (start == std::string_view::npos) break;
    const size_t end = std::min(text.find_first_of(" \t", start), text.size());
    words.push_back(text.substr(start, end - start));
    pos = end;
  }
  return words;
}

// By the suite's one rule for org unit names (libs/names).
bool IsOrgUnitName(std::string_view name) { return names::ParseOrgUnitName(name).has_value(); }

absl::Status ApplyRegion(const Token& value, CustomerFilter* filter) {
  std::string_view region = value.text;
  const bool prefix = region.ends_with('*');
  if (prefix) region.remove_suffix(1);
  if (region.find('*') != std::string_view::npos) {
    return FilterError("'*' may only end a region value (position ", value.position,
                       "), e.g. region = \"31*\"");
  }
  const std::optional<std::string> error = prefix ? RegionPrefixError(region) : RegionError(region);
  if (error.has_value()) return FilterError(*error, " (value at position ", value.position, ")");
  (prefix ? filter->region_prefix : filter->region_exact) = std::string(region);
  return absl::OkStatus();
}

absl::Status ApplyTerm(const FieldSpec& spec, const Token& value, CustomerFilter* filter) {
  switch (spec.field) {
    case Field::kName: {
      std::string name = TrimSpace(value.text);
      if (std::optional<std::string> error = TextError("name", name, 1, kMaxNameChars)) {
        return FilterError(*error, " (value at position ", value.position, ")");
      }
      filter->name_contains = std::move(name);
      return absl::OkStatus();
    }
    case Field::kIndustry:
      if (!IsIndustrySection(value.text)) {
        return FilterError("industry ", Quote(value.text), " at position ", value.position,
                           " is not a GB/T 4754-2017 section; use one letter A–T");
      }
      filter->industry = value.text;
      return absl::OkStatus();
    case Field::kRegion:
      return ApplyRegion(value, filter);
    case Field::kOwnerOrgUnit:
      if (!IsOrgUnitName(value.text)) {
        return FilterError("owner_org_unit ", Quote(value.text), " at position ", value.position,
                           " is not an org unit name like orgUnits/sub-east");
      }
      filter->owner_org_unit = value.text;
      return absl::OkStatus();
    case Field::kState:
      if (value.text == "ACTIVE") {
        filter->state = CustomerStateFilter::kActive;
      } else if (value.text == "DELETED") {
        filter->state = CustomerStateFilter::kDeleted;
      } else {
        return FilterError("state ", Quote(value.text), " at position ", value.position,
                           " is unknown; use ACTIVE or DELETED");
      }
      return absl::OkStatus();
    case Field::kTags: {
      std::string tag = TrimSpace(value.text);
      if (std::optional<std::string> error = TextError("tags", tag, 1, kMaxTagChars)) {
        return FilterError(*error, " (value at position ", value.position, ")");
      }
      for (const std::string& seen : filter->tags_all) {
        if (seen == tag) return absl::OkStatus();
      }
      if (filter->tags_all.size() == kMaxFilterTags) {
        return FilterError("at most ", kMaxFilterTags, " tags terms; a customer has at most ",
                           kMaxFilterTags, " tags");
      }
      filter->tags_all.push_back(std::move(tag));
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

// Parses the term that starts at tokens[*i] and advances *i past it.
absl::Status ParseTerm(const std::vector<Token>& tokens, size_t* i, std::map<Field, size_t>* seen,
                       CustomerFilter* filter) {
  const Token& field = tokens[*i];
  if (field.kind == TokenKind::kParenthesis) {
    return FilterError("parentheses are not supported (position ", field.position,
                       "); combine terms with AND");
  }
  if (field.kind != TokenKind::kWord) {
    return FilterError("expected a field name at position ", field.position, ", got ",
                       Describe(field), "; allowed: ", kAllowedFields);
  }
  if (field.text == "NOT" || field.text.starts_with('-')) {
    return FilterError("negation (NOT or '-') is not supported (position ", field.position, ")");
  }
  const FieldSpec* spec = FindField(field.text);
  if (spec == nullptr) {
    return FilterError("unknown field ", Quote(field.text), " at position ", field.position,
                       "; allowed: ", kAllowedFields);
  }
  const Token& op = tokens[*i + 1];
  if (op.kind != TokenKind::kOperator) {
    return FilterError("expected an operator after '", spec->name, "' at position ", op.position,
                       ", got ", Describe(op), "; e.g. ", spec->example);
  }
  if (op.text != spec->op) {
    return FilterError("operator ", Quote(op.text), " not supported for ", spec->name,
                       " (position ", op.position, "); use ", spec->example);
  }
  const Token& value = tokens[*i + 2];
  if (value.kind != TokenKind::kWord && value.kind != TokenKind::kString) {
    return FilterError("expected a value after '", spec->name, " ", spec->op, "' at position ",
                       value.position, ", got ", Describe(value), "; e.g. ", spec->example);
  }
  if (spec->field != Field::kTags) {
    const auto [it, inserted] = seen->emplace(spec->field, field.position);
    if (!inserted) {
      return FilterError(spec->name, " is given twice (at positions ", it->second, " and ",
                         field.position, "); only tags may repeat");
    }
  }
  *i += 3;
  return ApplyTerm(*spec, value, filter);
}

}  // namespace

absl::StatusOr<CustomerFilter> ParseCustomerFilter(std::string_view filter) {
  absl::StatusOr<std::u32string> text = DecodeFilter(filter);
  if (!text.ok()) return text.status();
  absl::StatusOr<std::vector<Token>> tokens = Tokenize(*text);
  if (!tokens.ok()) return tokens.status();

  CustomerFilter result;
  std::map<Field, size_t> seen;
  size_t i = 0;
  if ((*tokens)[i].kind == TokenKind::kEnd) return result;
  while (true) {
    if (absl::Status status = ParseTerm(*tokens, &i, &seen, &result); !status.ok()) {
      return status;
    }
    const Token& next = (*tokens)[i];
    if (next.kind == TokenKind::kEnd) return result;
    if (next.kind == TokenKind::kWord && next.text == "AND") {
      if ((*tokens)[i + 1].kind == TokenKind::kEnd) {
        return FilterError("expected a term after AND at position ", next.position);
      }
      ++i;
      continue;
    }
    if (next.kind == TokenKind::kWord && EqualsIgnoreAsciiCase(next.text, "OR")) {
      return FilterError("OR is not supported; combine terms with AND (position ", next.position,
                         ")");
    }
    if (next.kind == TokenKind::kWord && EqualsIgnoreAsciiCase(next.text, "AND")) {
      return FilterError("write AND in upper case (position ", next.position, ")");
    }
    return FilterError("expected AND at position ", next.position, ", got ", Describe(next),
                       "; combine terms with AND");
  }
}

absl::StatusOr<CustomerOrder> ParseCustomerOrderBy(std::string_view order_by) {
  const std::string trimmed = TrimSpace(order_by);
  CustomerOrder order;
  if (trimmed.empty()) return order;
  if (trimmed.find(',') != std::string::npos) {
    return OrderByError("sort by one field only, got ", Quote(trimmed));
  }
  const std::vector<std::string_view> words = SplitWords(trimmed);
  if (words.size() > 2) {
    return OrderByError("expected '<field> [asc|desc]', got ", Quote(trimmed));
  }
  if (words[0] == "display_name") {
    order.field = CustomerOrderField::kDisplayName;
  } else if (words[0] == "update_time") {
    order.field = CustomerOrderField::kUpdateTime;
  } else {
    return OrderByError("unknown field ", Quote(words[0]),
                        "; use display_name or update_time, optionally followed by asc or "
                        "desc");
  }
  if (words.size() == 2) {
    if (words[1] == "desc") {
      order.descending = true;
    } else if (words[1] != "asc") {
      return OrderByError("direction ", Quote(words[1]), " is not supported; use asc or desc");
    }
  }
  return order;
}

}  // namespace crm::customer
