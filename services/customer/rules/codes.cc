#include "services/customer/rules/codes.h"

#include <algorithm>
#include <iterator>

#include "libs/strings/quote.h"
#include "services/customer/rules/concat.h"

namespace crm::customer {
namespace {

constexpr size_t kRegionDigits = 6;

// GB/T 4754-2017 sections, in order from 'A'.
constexpr std::string_view kIndustrySections[] = {
    "农、林、牧、渔业",                  // A
    "采矿业",                            // B
    "制造业",                            // C
    "电力、热力、燃气及水生产和供应业",  // D
    "建筑业",                            // E
    "批发和零售业",                      // F
    "交通运输、仓储和邮政业",            // G
    "住宿和餐饮业",                      // H
    "信息传输、软件和信息技术服务业",    // I
    "金融业",                            // J
    "房地产业",                          // K
    "租赁和商务服务业",                  // L
    "科学研究和技术服务业",              // M
    "水利、环境和公共设施管理业",        // N
    "居民服务、修理和其他服务业",        // O
    "教育",                              // P
    "卫生和社会工作",                    // Q
    "文化、体育和娱乐业",                // R
    "公共管理、社会保障和社会组织",      // S
    "国际组织",                          // T
};
static_assert(std::size(kIndustrySections) == 'T' - 'A' + 1);

struct Province {
  std::string_view code;
  std::string_view name;
};
constexpr Province kProvinces[] = {
    {"11", "北京市"},           {"12", "天津市"},         {"13", "河北省"},
    {"14", "山西省"},           {"15", "内蒙古自治区"},   {"21", "辽宁省"},
    {"22", "吉林省"},           {"23", "黑龙江省"},       {"31", "上海市"},
    {"32", "江苏省"},           {"33", "浙江省"},         {"34", "安徽省"},
    {"35", "福建省"},           {"36", "江西省"},         {"37", "山东省"},
    {"41", "河南省"},           {"42", "湖北省"},         {"43", "湖南省"},
    {"44", "广东省"},           {"45", "广西壮族自治区"}, {"46", "海南省"},
    {"50", "重庆市"},           {"51", "四川省"},         {"52", "贵州省"},
    {"53", "云南省"},           {"54", "西藏自治区"},     {"61", "陕西省"},
    {"62", "甘肃省"},           {"63", "青海省"},         {"64", "宁夏回族自治区"},
    {"65", "新疆维吾尔自治区"}, {"71", "台湾省"},         {"81", "香港特别行政区"},
    {"82", "澳门特别行政区"},
};

static_assert(std::size(kProvinces) == 34);

// GB/T 2260 lists no prefectures or counties for these.
constexpr std::string_view kProvinceOnlyCodes[] = {"71", "81", "82"};

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool IsIndustrySection(std::string_view code) {
  return code.size() == 1 && !IndustryName(code[0]).empty();
}

std::string_view IndustryName(char section) {
  if (section < 'A' || section > 'T') return {};
  return kIndustrySections[section - 'A'];
}

std::string_view ProvinceName(std::string_view code) {
  const std::string_view prefix = code.substr(0, 2);
  for (const Province& province : kProvinces) {
    if (province.code == prefix) return province.name;
  }
  return {};
}

std::optional<std::string> RegionError(std::string_view code) {
  if (!AllDigits(code)) {
    return Concat("region: ", Quote(code), " must be digits only (GB/T 2260 code, e.g. 310115)");
  }
  if (code.size() != kRegionDigits) {
    return Concat("region: must be 6 digits (GB/T 2260, e.g. 310115), got ", code.size(), ": ",
                  Quote(code));
  }
  const std::string_view province = code.substr(0, 2);
  const std::string_view prefecture = code.substr(2, 2);
  const std::string_view county = code.substr(4, 2);
  if (ProvinceName(code).empty()) {
    return Concat("region: ", Quote(code), " starts with ", province,
                  ", which is not a province-level code (11–65, 71, 81, 82)");
  }
  if (std::find(std::begin(kProvinceOnlyCodes), std::end(kProvinceOnlyCodes), province) !=
          std::end(kProvinceOnlyCodes) &&
      code.substr(2) != "0000") {
    return Concat("region: GB/T 2260 has no subdivisions for ", ProvinceName(code), "; use ",
                  province, "0000");
  }
  if (prefecture == "00" && county != "00") {
    return Concat("region: ", Quote(code), " names county ", county,
                  " without a prefecture (positions 3–4 are 00)");
  }
  return std::nullopt;
}

std::optional<std::string> RegionPrefixError(std::string_view prefix) {
  if (prefix.empty() || prefix.size() > kRegionDigits || !AllDigits(prefix)) {
    return Concat("region: prefix ", Quote(prefix), " must be 1–6 digits, e.g. 31 or 3101");
  }
  if (prefix.size() >= 2 && ProvinceName(prefix).empty()) {
    return Concat("region: prefix ", Quote(prefix), " starts with ", prefix.substr(0, 2),
                  ", which is not a province-level code (11–65, 71, 81, 82)");
  }
  return std::nullopt;
}

}  // namespace crm::customer
