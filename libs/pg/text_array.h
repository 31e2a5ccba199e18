#ifndef CRM_LIBS_PG_TEXT_ARRAY_H_
#define CRM_LIBS_PG_TEXT_ARRAY_H_

#include <string>
#include <vector>

#include "pqxx/pqxx"

namespace crm::pg {

// The elements of a text[] column, in order; NULL elements are left out
// (our arrays hold none). The reverse of auth::TextArrayLiteral.
std::vector<std::string> ReadTextArray(const pqxx::field& field);

}  // namespace crm::pg

#endif  // CRM_LIBS_PG_TEXT_ARRAY_H_
