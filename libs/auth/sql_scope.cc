#include "libs/auth/sql_scope.h"

namespace crm::auth {
namespace {

std::string Param(int number, std::string_view type) {
  std::string text = "$" + std::to_string(number);
  text.append("::");
  text.append(type);
  return text;
}

}  // namespace

std::string ScopePredicate(const ScopeColumns& columns, int all_param, int org_units_param) {
  const std::string org_units = Param(org_units_param, "text[]");
  std::string sql = "(" + Param(all_param, "boolean");
  if (!columns.owner_org_unit.empty()) {
    sql.append(" OR ");
    sql.append(columns.owner_org_unit);
    sql.append(" = ANY(" + org_units + ")");
  }
  if (!columns.member_table.empty()) {
    sql.append(" OR EXISTS (SELECT 1 FROM ");
    sql.append(columns.member_table);
    sql.append(" WHERE ");
    sql.append(columns.member_row_id);
    sql.append(" = ");
    sql.append(columns.row_id);
    sql.append(" AND ");
    sql.append(columns.member_org_unit);
    sql.append(" = ANY(" + org_units + "))");
  }
  sql.push_back(')');
  return sql;
}

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal.push_back(',');
    literal.push_back('"');
    for (char c : values[i]) {
      if (c == '"' || c == '\\') literal.push_back('\\');
      literal.push_back(c);
    }
    literal.push_back('"');
  }
  literal.push_back('}');
  return literal;
}

}  // namespace crm::auth
