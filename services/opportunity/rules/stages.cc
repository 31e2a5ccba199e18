#include "services/opportunity/rules/stages.h"

#include "libs/strings/str_cat.h"

namespace crm::opportunity {

std::string StageName(int stage) {
  if (!v1::Stage_IsValid(stage)) return crm::StrCat("Stage ", stage);
  return v1::Stage_Name(static_cast<v1::Stage>(stage));
}

}  // namespace crm::opportunity
