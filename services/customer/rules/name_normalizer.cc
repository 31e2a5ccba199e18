#include "services/customer/rules/name_normalizer.h"

#include <algorithm>
#include <array>

#include "libs/strings/utf8.h"

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

bool StartsWith(const Text& text, const Text& prefix) {
  return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin());
}

// Legal forms, longest first so 股份有限公司 goes before 有限公司; Latin ones
// are already folded (no spaces, dots or commas, lower case).
const std::vector<Text>& LegalForms() {
  static const std::vector<Text> forms = [] {
    std::vector<Text> f = {U"集团股份有限公司",
                           U"股份有限公司",
                           U"有限责任公司",
                           U"集团有限公司",
                           U"有限公司",
                           U"股份公司",
                           U"集团公司",
                           U"总公司",
                           U"集团",
                           U"公司",
                           U"companylimited",
                           U"corporation",
                           U"colimited",
                           U"coltd",
                           U"limited",
                           U"ltd",
                           U"corp",
                           U"inc",
                           U"co",
                           U"group",
                           U"llc",
                           U"plc"};
    std::stable_sort(f.begin(), f.end(),
                     [](const Text& a, const Text& b) { return a.size() > b.size(); });
    return f;
  }();
  return forms;
}

// Strips legal forms from the end while any is there ("…集团有限公司" and
// "…Group Co., Ltd." lose both parts).
void StripLegalForms(Text& name) {
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (const Text& form : LegalForms()) {
      if (name.size() > form.size() && EndsWith(name, form)) {
        name.resize(name.size() - form.size());
        stripped = true;
        break;
      }
    }
  }
}

const std::vector<Text>& BranchMarkers() {
  static const std::vector<Text> markers = {U"分公司", U"办事处", U"营业部", U"分店",
                                            U"分厂",   U"分部",   U"代表处", U"branch"};
  return markers;
}

// Provinces, regions and the larger cities, without their 省/市 suffix.
const std::vector<Text>& RegionNames() {
  static const std::vector<Text> names = [] {
    std::vector<Text> n = {
        U"北京",     U"天津", U"上海",   U"重庆",   U"河北", U"山西",   U"辽宁", U"吉林",
        U"黑龙江",   U"江苏", U"浙江",   U"安徽",   U"福建", U"江西",   U"山东", U"河南",
        U"湖北",     U"湖南", U"广东",   U"海南",   U"四川", U"贵州",   U"云南", U"陕西",
        U"甘肃",     U"青海", U"台湾",   U"内蒙古", U"广西", U"西藏",   U"宁夏", U"新疆",
        U"香港",     U"澳门", U"中国",   U"杭州",   U"宁波", U"温州",   U"嘉兴", U"湖州",
        U"绍兴",     U"金华", U"台州",   U"舟山",   U"南京", U"苏州",   U"无锡", U"常州",
        U"南通",     U"扬州", U"徐州",   U"镇江",   U"盐城", U"深圳",   U"广州", U"东莞",
        U"佛山",     U"珠海", U"中山",   U"惠州",   U"汕头", U"江门",   U"成都", U"武汉",
        U"西安",     U"青岛", U"济南",   U"烟台",   U"潍坊", U"大连",   U"沈阳", U"厦门",
        U"福州",     U"泉州", U"合肥",   U"长沙",   U"郑州", U"洛阳",   U"昆明", U"南昌",
        U"贵阳",     U"南宁", U"石家庄", U"唐山",   U"太原", U"哈尔滨", U"长春", U"呼和浩特",
        U"乌鲁木齐", U"兰州", U"银川",   U"西宁",   U"拉萨", U"海口",   U"三亚", U"芜湖",
        U"绵阳"};
    std::stable_sort(n.begin(), n.end(),
                     [](const Text& a, const Text& b) { return a.size() > b.size(); });
    return n;
  }();
  return names;
}

const std::vector<Text>& RegionSuffixes() {
  static const std::vector<Text> suffixes = {
      U"壮族自治区", U"回族自治区", U"维吾尔自治区", U"特别行政区", U"自治区", U"省", U"市"};
  return suffixes;
}

// A region name, optionally with its 省/市/区/县 suffix ("苏州", "苏州市").
bool IsRegionName(Text text) {
  for (const Text& suffix : RegionSuffixes()) {
    if (EndsWith(text, suffix) && text.size() > suffix.size()) {
      text.resize(text.size() - suffix.size());
      break;
    }
  }
  if (EndsWith(text, U"区") || EndsWith(text, U"县")) text.pop_back();
  return std::find(RegionNames().begin(), RegionNames().end(), text) != RegionNames().end();
}

// Fold() without the bracketed parts that only name a region, which are
// returned: 博启长投资（苏州）有限公司 -> 博启长投资有限公司 and 苏州.
Text FoldWithoutBracketedRegions(std::string_view name, Text& regions) {
  Text raw;
  for (char32_t c : Decode(name)) raw.push_back(FoldFullWidth(c));
  Text kept;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == U'(') {
      const size_t close = raw.find(U')', i + 1);
      if (close != Text::npos) {
        Text inside;
        for (size_t j = i + 1; j < close; ++j) {
          if (IsKept(raw[j])) inside.push_back(raw[j]);
        }
        if (IsRegionName(inside)) {
          regions += inside;
          i = close;
          continue;
        }
      }
    }
    kept.push_back(raw[i]);
  }
  Text out;
  for (char32_t c : kept) {
    if (c >= U'A' && c <= U'Z') c = c - U'A' + U'a';
    if (IsKept(c)) out.push_back(c);
  }
  return out;
}

// Removes leading region names (each with its 省/市 suffix, and a 区/县 that
// follows a city, e.g. 浦东新区) and returns what was removed, suffixes left out.
Text StripRegion(Text& name) {
  Text removed;
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (const Text& region : RegionNames()) {
      if (!StartsWith(name, region) || name.size() <= region.size() + 1) continue;
      size_t end = region.size();
      for (const Text& suffix : RegionSuffixes()) {
        if (name.size() > end + suffix.size() + 1 &&
            std::equal(suffix.begin(), suffix.end(), name.begin() + end)) {
          end += suffix.size();
          break;
        }
      }
      removed += region;
      name.erase(0, end);
      stripped = true;
      break;
    }
  }
  // A city the list does not name, right after a region: 2-3 characters
  // ending in 市/州/盟 (湖北省襄阳市…).
  if (!removed.empty()) {
    for (size_t length = 3; length <= 4; ++length) {
      const char32_t last = name.size() > length + 1 ? name[length - 1] : 0;
      if (last == U'市' || last == U'州' || last == U'盟') {
        removed += name.substr(0, length - 1);
        name.erase(0, length);
        break;
      }
    }
  }
  // A district or county right after a region: 2-3 characters ending in 区/县.
  if (!removed.empty()) {
    for (size_t length = 3; length <= 4; ++length) {
      if (name.size() > length + 1 && (name[length - 1] == U'区' || name[length - 1] == U'县')) {
        removed += name.substr(0, length - 1);
        name.erase(0, length);
        break;
      }
    }
  }
  return removed;
}

}  // namespace

NormalizedName NormalizeCompanyName(std::string_view name) {
  Text folded = Fold(name);
  NormalizedName out;
  for (const Text& marker : BranchMarkers()) {
    if (folded.size() > marker.size() && EndsWith(folded, marker)) {
      out.branch = true;
      Text head(folded.begin(), folded.end() - static_cast<std::ptrdiff_t>(marker.size()));
      // The head office's name ends with its legal form; what follows it is
      // the branch's place (…有限公司杭州分公司).
      for (const Text& form : LegalForms()) {
        const size_t at = head.rfind(form);
        if (at != Text::npos && at > 0 && form.size() >= 2) {
          head.resize(at + form.size());
          break;
        }
      }
      StripLegalForms(head);
      out.head = Encode(head);
      folded.resize(folded.size() - marker.size());
      break;
    }
  }
  StripLegalForms(folded);
  out.full = Encode(folded);
  // The trade name also loses a region given in brackets.
  Text bracketed;
  Text trade = out.branch ? folded : FoldWithoutBracketedRegions(name, bracketed);
  StripLegalForms(trade);
  const Text leading = StripRegion(trade);
  out.region = Encode(leading + bracketed);
  out.trade = Encode(trade);
  return out;
}

MatchKeys MatchKeysOf(std::string_view legal_name) {
  NormalizedName name = NormalizeCompanyName(legal_name);
  MatchKeys keys{.name = std::move(name.full),
                 .trade = std::move(name.trade),
                 .head = name.branch ? std::move(name.head) : ""};
  keys.edit_keys = OneEditKeys(keys.trade);
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
