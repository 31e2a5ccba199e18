#ifndef CRM_LIBS_MONEY_FORMAT_H_
#define CRM_LIBS_MONEY_FORMAT_H_

// Amounts as people read them (crmctl, reports, logs), never for parsing.

#include <cstdint>
#include <string>
#include <string_view>

#include "crm/common/v1/money.pb.h"

namespace crm::money {

// Digits after the decimal point of the currency's major unit (ISO 4217):
// 0 for JPY, KRW and a few others, 3 for BHD, KWD and a few others, 2 for
// the rest, CNY included.
int MinorUnitDigits(std::string_view currency_code);

// "1,234,567.89 CNY" for 123456789 CNY; "-0.05 CNY"; "1,235 JPY".
std::string FormatMoney(const common::v1::Money& money);

// Fen as 万元 (ten thousand yuan), two decimals, halves rounded away from
// zero: 1234567890 fen (12,345,678.90 元) is "1,234.57万"; 1 fen is "0.00万".
std::string FormatWanYuan(int64_t fen);

}  // namespace crm::money

#endif  // CRM_LIBS_MONEY_FORMAT_H_
