#include "libs/pg/text_array.h"

#include <tuple>

namespace crm::pg {

std::vector<std::string> ReadTextArray(const pqxx::field& field) {
  std::vector<std::string> values;
  pqxx::array_parser parser = field.as_array();
  for (auto [juncture, value] = parser.get_next(); juncture != pqxx::array_parser::juncture::done;
       std::tie(juncture, value) = parser.get_next()) {
    if (juncture == pqxx::array_parser::juncture::string_value) values.push_back(value);
  }
  return values;
}

}  // namespace crm::pg
