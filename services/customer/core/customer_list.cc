// CustomerStore::List: the one dynamic statement of the store. The filter was
// parsed into an allow-listed structure; each present field adds a fixed SQL
// fragment and binds its value as a parameter, never as text.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/auth/sql_scope.h"
#include "libs/pg/transaction.h"
#include "libs/strings/str_cat.h"
#include "services/customer/core/customer_row.h"
#include "services/customer/core/customer_store.h"

namespace crm::customer {
namespace {

// Escapes LIKE wildcards so a user's "50%" matches literally.
std::string LikeLiteral(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

class QueryBuilder final {
 public:
  // Binds `value` and returns its placeholder, e.g. "$3".
  std::string Bind(std::string value) {
    params_.push_back(std::move(value));
    return crm::StrCat("$", params_.size());
  }
  void Where(std::string condition) { conditions_.push_back(std::move(condition)); }
  const std::vector<std::string>& params() const { return params_; }
  std::string WhereClause() const {
    if (conditions_.empty()) return "";
    return crm::StrCat(" WHERE ", absl::StrJoin(conditions_, " AND "));
  }

 private:
  std::vector<std::string> params_;
  std::vector<std::string> conditions_;
};

}  // namespace

absl::StatusOr<CustomerPage> CustomerStore::List(const CustomerQuery& query) {
  QueryBuilder sql;
  const CustomerFilter& filter = query.filter;
  if (filter.state.has_value()) {
    sql.Where(crm::StrCat(
        "c.state = ", sql.Bind(*filter.state == CustomerStateFilter::kDeleted ? "2" : "1"),
        "::smallint"));
  } else if (!query.show_deleted) {
    sql.Where("c.state = 1");
  } else {
    sql.Where("c.state IN (1, 2)");  // merged records show only under their survivor
  }
  if (filter.name_contains.has_value()) {
    sql.Where(crm::StrCat("(c.display_name || ' ' || c.legal_name || ' ' || c.short_name) ILIKE ",
                          sql.Bind(crm::StrCat("%", LikeLiteral(*filter.name_contains), "%"))));
  }
  if (filter.industry.has_value()) {
    sql.Where(crm::StrCat("c.industry = ", sql.Bind(*filter.industry)));
  }
  if (filter.region_exact.has_value()) {
    sql.Where(crm::StrCat("c.region = ", sql.Bind(*filter.region_exact)));
  }
  if (filter.region_prefix.has_value()) {
    sql.Where(crm::StrCat("c.region LIKE ",
                          sql.Bind(crm::StrCat(LikeLiteral(*filter.region_prefix), "%"))));
  }
  if (filter.owner_org_unit.has_value()) {
    sql.Where(crm::StrCat("c.owner_org_unit = ", sql.Bind(*filter.owner_org_unit)));
  }
  if (!filter.tags_all.empty()) {
    sql.Where(
        crm::StrCat("c.tags @> ", sql.Bind(auth::TextArrayLiteral(filter.tags_all)), "::text[]"));
  }

  const bool by_time = query.order.field == CustomerOrderField::kUpdateTime;
  const bool descending = query.order.descending;
  // Keyset pagination: rows strictly after the last one of the previous page.
  const std::string sort_key =
      by_time ? "(extract(epoch FROM c.update_time) * 1000000)::bigint" : "c.display_name";
  if (query.after_key.size() == 2) {
    const std::string key = by_time ? crm::StrCat(sql.Bind(query.after_key[0]), "::bigint")
                                    : sql.Bind(query.after_key[0]);
    sql.Where(crm::StrCat("(", sort_key, ", c.id) ", descending ? "<" : ">", " (", key, ", ",
                          sql.Bind(query.after_key[1]), "::uuid)"));
  }
  const std::string direction = descending ? " DESC" : "";
  const std::string statement =
      crm::StrCat("SELECT ", kCustomerColumns, ", ", sort_key, "::text",
                  " FROM customer.customers c", sql.WhereClause(), " ORDER BY ", sort_key,
                  direction, ", c.id", direction, " LIMIT ", query.page_size + 1);

  CustomerPage page;
  absl::Status status = pg::RunReadOnly(pool_, [&](pqxx::nontransaction& tx) {
    const pqxx::result rows =
        tx.exec_params(statement, pqxx::prepare::make_dynamic_params(sql.params()));
    for (const pqxx::row& row : rows) {
      if (static_cast<int>(page.customers.size()) == query.page_size) {
        const v1::Customer& last = page.customers.back();
        const pqxx::row& last_row = rows[page.customers.size() - 1];
        // The sort key follows the customer columns.
        page.last_key = {std::string(last_row[last_row.size() - 1].c_str()),
                         last.name().substr(sizeof("customers/") - 1)};
        break;
      }
      page.customers.push_back(CustomerFromRow(row));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

}  // namespace crm::customer
