#include "services/customer/rules/name_normalizer.h"

#include <algorithm>

#include "libs/strings/utf8.h"
#include "services/customer/rules/chinese_readings.h"
#include "services/customer/rules/industry_words.h"
#include "services/customer/rules/region_names.h"
#include "services/customer/rules/traditional_chinese.h"

namespace crm::customer {
namespace {

using Text = std::u32string;

Text Decode(std::string_view utf8) {
  Text out;
  size_t pos = 0;
  while (pos < utf8.size()) {
    const std::optional<char32_t> c = DecodeUtf8(utf8, &pos);
    if (!c.has_value()) {
      ++pos;  // skip a bad byte; names were validated on the way in
      continue;
    }
    out.push_back(*c);
  }
  return out;
}

std::string Encode(const Text& text) {
  std::string out;
  for (const char32_t c : text) AppendUtf8(c, &out);
  return out;
}

// Kept: letters, digits and CJK ideographs; everything else (spaces,
// punctuation, brackets, symbols) is noise in a company name.
bool IsKept(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9') || (c >= 0x3400 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
}

Text Fold(std::string_view name) {
  Text out;
  for (char32_t c : Decode(name)) {
    c = FoldFullWidth(c);
    if (c >= U'A' && c <= U'Z') c = c - U'A' + U'a';
    if (IsKept(c)) out.push_back(c);
  }
  return out;
}

bool EndsWith(const Text& text, const Text& suffix) {
  return text.size() >= suffix.size() && std::equal(suffix.rbegin(), suffix.rend(), text.rbegin());
}

// Legal forms, longest first so 股份有限公司 goes before 有限公司; Latin ones
// are already folded (no spaces, dots or commas, lower case). 集团 and group
// are stripped too but are no legal form: 华信集团 is a short form.
struct Form {
  Text text;
  bool legal;
};

const std::vector<Form>& LegalForms() {
  static const std::vector<Form> forms = [] {
    std::vector<Form> f = {{U"集团股份有限公司", true},
                           {U"股份有限公司", true},
                           {U"有限责任公司", true},
                           {U"集团有限公司", true},
                           {U"有限公司", true},
                           {U"股份公司", true},
                           {U"集团公司", true},
                           {U"总公司", true},
                           {U"集团", false},
                           {U"公司", true},
                           {U"companylimited", true},
                           {U"corporation", true},
                           {U"colimited", true},
                           {U"coltd", true},
                           {U"limited", true},
                           {U"ltd", true},
                           {U"corp", true},
                           {U"inc", true},
                           {U"co", true},
                           {U"group", false},
                           {U"llc", true},
                           {U"plc", true}};
    std::stable_sort(f.begin(), f.end(),
                     [](const Form& a, const Form& b) { return a.text.size() > b.text.size(); });
    return f;
  }();
  return forms;
}

// Strips legal forms from the end while any is there ("…集团有限公司" and
// "…Group Co., Ltd." lose both parts); returns whether one was a legal form.
bool StripLegalForms(Text& name) {
  bool legal = false;
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (const Form& form : LegalForms()) {
      if (name.size() > form.text.size() && EndsWith(name, form.text)) {
        name.resize(name.size() - form.text.size());
        legal = legal || form.legal;
        stripped = true;
        break;
      }
    }
  }
  return legal;
}

const std::vector<Text>& BranchMarkers() {
  static const std::vector<Text> markers = {U"分公司", U"办事处", U"营业部", U"分店",
                                            U"分厂",   U"分部",   U"代表处", U"branch"};
  return markers;
}

// Of two codes, the one inside the other (330106 of 330000 and 330106); the
// first when they name places apart.
std::string MostSpecific(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  return RegionsOverlap(a, b) && b > a ? b : a;
}

char32_t Lower(char32_t c) { return (c >= U'A' && c <= U'Z') ? c - U'A' + U'a' : c; }

// Fold() without the bracketed parts that only name a region, whose names
// and code are returned: 博启长投资（苏州）有限公司 -> 博启长投资有限公司, 苏州,
// 320500.
Text FoldWithoutBracketedRegions(std::string_view name, Text& regions, std::string& code) {
  Text raw;
  for (char32_t c : Decode(name)) raw.push_back(Lower(FoldFullWidth(c)));
  Text kept;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == U'(') {
      const size_t close = raw.find(U')', i + 1);
      if (close != Text::npos) {
        Text inside;
        for (size_t j = i + 1; j < close; ++j) {
          if (IsKept(raw[j])) inside.push_back(raw[j]);
        }
        if (const std::optional<std::string> named = RegionCodeOfName(inside); named.has_value()) {
          regions += inside;
          code = MostSpecific(code, *named);
          i = close;
          continue;
        }
      }
    }
    if (IsKept(raw[i])) kept.push_back(raw[i]);
  }
  return kept;
}

}  // namespace

NormalizedName NormalizeCompanyName(std::string_view legal_name) {
  const std::string name = ToSimplifiedChinese(legal_name);
  Text folded = Fold(name);
  NormalizedName out;
  for (const Text& marker : BranchMarkers()) {
    if (folded.size() > marker.size() && EndsWith(folded, marker)) {
      out.branch = true;
      Text head(folded.begin(), folded.end() - static_cast<std::ptrdiff_t>(marker.size()));
      // The head office's name ends with its legal form; what follows it is
      // the branch's place (…有限公司杭州分公司).
      for (const Form& form : LegalForms()) {
        const size_t at = head.rfind(form.text);
        if (at != Text::npos && at > 0 && form.text.size() >= 2) {
          head.resize(at + form.text.size());
          break;
        }
      }
      StripLegalForms(head);
      out.head = Encode(head);
      folded.resize(folded.size() - marker.size());
      break;
    }
  }
  // A branch's name is a legal name too (…有限公司杭州分公司).
  out.legal_form = StripLegalForms(folded) || out.branch;
  out.full = Encode(folded);
  // The trade name also loses a region given in brackets.
  Text bracketed;
  std::string bracketed_code;
  Text trade = out.branch ? folded : FoldWithoutBracketedRegions(name, bracketed, bracketed_code);
  StripLegalForms(trade);
  const LeadingRegions leading = ParseLeadingRegions(trade);
  if (leading.other_length > 0) out.other_trade = Encode(trade.substr(leading.other_length));
  trade.erase(0, leading.length);
  out.region = Encode(leading.names + bracketed);
  out.region_code = MostSpecific(leading.code, bracketed_code);
  out.industry = Encode(trade.substr(trade.size() - TrailingIndustryLength(trade)));
  out.trade = Encode(trade);
  return out;
}

MatchKeys MatchKeysOf(std::string_view legal_name) {
  NormalizedName name = NormalizeCompanyName(legal_name);
  std::vector<std::string> edit_keys = EditKeysOf(name);
  MatchKeys keys{.name = std::move(name.full),
                 .trade = std::move(name.trade),
                 .head = name.branch ? std::move(name.head) : "",
                 .edit_keys = std::move(edit_keys)};
  if (KeyLength(keys.trade) >= 2) keys.sound = SoundKey(keys.trade);
  return keys;
}

std::vector<std::string> OneEditKeys(std::string_view key) {
  const Text text = Decode(key);
  if (text.size() < 3) return {};
  std::vector<std::string> keys = {std::string(key)};
  for (size_t i = 0; i < text.size(); ++i) {
    Text shorter = text;
    shorter.erase(i, 1);
    keys.push_back(Encode(shorter));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::vector<std::string> EditKeysOf(const NormalizedName& name) {
  std::vector<std::string> keys = OneEditKeys(name.trade);
  // Both readings of an ambiguous region are keyed, so either finds the name.
  if (!name.other_trade.empty()) {
    const std::vector<std::string> other = OneEditKeys(name.other_trade);
    keys.insert(keys.end(), other.begin(), other.end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  }
  return keys;
}

size_t KeyLength(std::string_view key) { return Decode(key).size(); }

int KeyDistance(std::string_view a, std::string_view b, int cap) {
  const Text x = Decode(a), y = Decode(b);
  const int diff = static_cast<int>(x.size()) - static_cast<int>(y.size());
  if (std::abs(diff) > cap) return cap + 1;
  std::vector<int> previous(y.size() + 1), current(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    current[0] = static_cast<int>(i);
    int row_min = current[0];
    for (size_t j = 1; j <= y.size(); ++j) {
      current[j] = std::min(
          {previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > cap) return cap + 1;
    std::swap(previous, current);
  }
  return std::min(previous[y.size()], cap + 1);
}

}  // namespace crm::customer
