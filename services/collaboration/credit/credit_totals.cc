#include "services/collaboration/credit/credit_totals.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "absl/strings/str_join.h"
#include "libs/auth/sql_scope.h"
#include "libs/clock/quarter.h"
#include "libs/money/checked_math.h"
#include "libs/money/errors.h"
#include "libs/pg/error.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"
#include "services/collaboration/core/collaboration_names.h"

namespace crm::collaboration {
namespace {

// One statement per table. The org units' deltas come as parallel arrays
// ($3 org units, sorted so concurrent changes lock rows in one order; $4
// deals, $5 credited, $6 share bp, $7 owned deals, $8 owned amount, $9
// owned credited), already signed.
constexpr char kAddOrgUnits[] = "collaboration.credit_add_org_units";
constexpr char kAddOrgUnitsSql[] =
    "INSERT INTO collaboration.credit_totals AS t (quarter, currency_code, org_unit, deals,"
    " credited_minor, share_sum_bp, owned_deals, owned_minor, owned_credited_minor)"
    " SELECT $1, $2, d.org_unit, d.deals, d.credited, d.share, d.owned_deals, d.owned_minor,"
    " d.owned_credited"
    " FROM unnest($3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],"
    " $8::bigint[], $9::bigint[])"
    "   AS d(org_unit, deals, credited, share, owned_deals, owned_minor, owned_credited)"
    " ORDER BY d.org_unit"
    " ON CONFLICT (quarter, currency_code, org_unit) DO UPDATE SET"
    " deals = t.deals + EXCLUDED.deals,"
    " credited_minor = t.credited_minor + EXCLUDED.credited_minor,"
    " share_sum_bp = t.share_sum_bp + EXCLUDED.share_sum_bp,"
    " owned_deals = t.owned_deals + EXCLUDED.owned_deals,"
    " owned_minor = t.owned_minor + EXCLUDED.owned_minor,"
    " owned_credited_minor = t.owned_credited_minor + EXCLUDED.owned_credited_minor";
// Rows a removal left with nothing in them.
constexpr char kDropEmpty[] = "collaboration.credit_drop_empty";
constexpr char kDropEmptySql[] =
    "DELETE FROM collaboration.credit_totals WHERE quarter = $1 AND currency_code = $2"
    " AND org_unit = ANY($3::text[]) AND deals = 0 AND owned_deals = 0";
constexpr char kAddQuarter[] = "collaboration.credit_add_quarter";
constexpr char kAddQuarterSql[] =
    "INSERT INTO collaboration.credit_quarter_totals AS t (quarter, currency_code, deals,"
    " amount_minor) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (quarter, currency_code) DO UPDATE SET deals = t.deals + EXCLUDED.deals,"
    " amount_minor = t.amount_minor + EXCLUDED.amount_minor";
constexpr char kDropEmptyQuarter[] = "collaboration.credit_drop_empty_quarter";
constexpr char kDropEmptyQuarterSql[] =
    "DELETE FROM collaboration.credit_quarter_totals WHERE quarter = $1 AND currency_code = $2"
    " AND deals = 0";

// PostgreSQL's numeric_value_out_of_range: a bigint total overflowed.
constexpr std::string_view kOutOfRange = "22003";

struct Delta {
  int64_t deals = 0, credited = 0, share = 0, owned_deals = 0, owned_minor = 0, owned_credited = 0;
};

absl::Status BadSplit(std::string_view what, const CreditSplit& split) {
  return status::Error(absl::StatusCode::kInvalidArgument, kDomain, "CREDIT_SPLIT_INVALID",
                       crm::StrCat("the credit split does not add up: ", what),
                       {{"quarter", split.quarter},
                        {"owner_org_unit", split.owner_org_unit},
                        {"amount_minor", crm::StrCat(split.amount_minor)}});
}

std::string BigintArray(const std::vector<int64_t>& values) {
  return crm::StrCat("{", absl::StrJoin(values, ","), "}");
}

// Checks that `split` adds up: parts' credited amounts sum to exactly the
// amount, shares to exactly 10,000, each org unit once.
absl::Status CheckSplit(const CreditSplit& split) {
  if (!clock::ParseQuarter(split.quarter).has_value()) {
    return BadSplit(crm::StrCat("quarter \"", split.quarter, "\" is not like 2026Q4"), split);
  }
  if (split.currency_code.empty()) return BadSplit("no currency code", split);
  if (split.owner_org_unit.empty()) return BadSplit("no owner org unit", split);
  if (split.amount_minor < 0) return BadSplit("a negative amount", split);
  if (split.parts.empty()) return BadSplit("no parts", split);
  int64_t credited = 0, shares = 0;
  for (const CreditPart& part : split.parts) {
    if (part.org_unit.empty()) return BadSplit("a part without an org unit", split);
    if (part.share_bp < 0 || part.credited_minor < 0) {
      return BadSplit(crm::StrCat(part.org_unit, " has a negative part"), split);
    }
    absl::StatusOr<int64_t> sum = money::CheckedAdd(credited, part.credited_minor);
    if (!sum.ok()) return sum.status();
    credited = *sum;
    shares += part.share_bp;
  }
  if (credited != split.amount_minor) {
    return BadSplit(crm::StrCat("the parts credit ", credited, " of ", split.amount_minor), split);
  }
  if (shares != 10000) {
    return BadSplit(crm::StrCat("the shares sum to ", shares, " basis points, not 10000"), split);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status AddSplit(pqxx::work& tx, const CreditSplit& split, int sign) {
  if (sign != 1 && sign != -1) return BadSplit(crm::StrCat("sign ", sign, " is not ±1"), split);
  if (absl::Status checked = CheckSplit(split); !checked.ok()) return checked;

  std::map<std::string, Delta> deltas;  // sorted: one lock order for every change
  for (const CreditPart& part : split.parts) {
    auto [it, inserted] = deltas.try_emplace(part.org_unit);
    if (!inserted) return BadSplit(crm::StrCat(part.org_unit, " is a part twice"), split);
    it->second.deals = sign;
    it->second.credited = sign * part.credited_minor;
    it->second.share = sign * static_cast<int64_t>(part.share_bp);
  }
  // The owner counts among the deal's contributors even with no part of it.
  Delta& owner = deltas[split.owner_org_unit];
  owner.deals = sign;
  owner.owned_deals = sign;
  owner.owned_minor = sign * split.amount_minor;
  owner.owned_credited = owner.credited;

  std::vector<std::string> org_units;
  std::vector<int64_t> deals, credited, share, owned_deals, owned_minor, owned_credited;
  for (const auto& [org_unit, delta] : deltas) {
    org_units.push_back(org_unit);
    deals.push_back(delta.deals);
    credited.push_back(delta.credited);
    share.push_back(delta.share);
    owned_deals.push_back(delta.owned_deals);
    owned_minor.push_back(delta.owned_minor);
    owned_credited.push_back(delta.owned_credited);
  }
  const std::string org_unit_array = auth::TextArrayLiteral(org_units);
  try {
    tx.exec_prepared0(kAddOrgUnits, split.quarter, split.currency_code, org_unit_array,
                      BigintArray(deals), BigintArray(credited), BigintArray(share),
                      BigintArray(owned_deals), BigintArray(owned_minor),
                      BigintArray(owned_credited));
    tx.exec_prepared0(kAddQuarter, split.quarter, split.currency_code, static_cast<int64_t>(sign),
                      sign * split.amount_minor);
    if (sign < 0) {
      tx.exec_prepared0(kDropEmpty, split.quarter, split.currency_code, org_unit_array);
      tx.exec_prepared0(kDropEmptyQuarter, split.quarter, split.currency_code);
    }
  } catch (const pqxx::sql_error& e) {
    if (pg::SqlState(e) != kOutOfRange) throw;
    // The transaction is aborted; the caller's error rolls it back.
    return status::Error(
        absl::StatusCode::kOutOfRange, money::kErrorDomain, "MONEY_OVERFLOW",
        crm::StrCat("the credit totals of ", split.quarter, " in ", split.currency_code,
                    " would go beyond the int64 range of minor units"),
        {{"quarter", split.quarter}, {"currency_code", split.currency_code}});
  }
  return absl::OkStatus();
}

std::vector<pg::PreparedStatement> CreditTotalsStatements() {
  return {{kAddOrgUnits, kAddOrgUnitsSql},
          {kDropEmpty, kDropEmptySql},
          {kAddQuarter, kAddQuarterSql},
          {kDropEmptyQuarter, kDropEmptyQuarterSql}};
}

}  // namespace crm::collaboration
