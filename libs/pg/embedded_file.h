#ifndef CRM_LIBS_PG_EMBEDDED_FILE_H_
#define CRM_LIBS_PG_EMBEDDED_FILE_H_

#include <string_view>

namespace crm {

// A file compiled into the binary by crm_embed_files() (cmake/CrmHelpers.cmake),
// e.g. a service's SQL migrations, so a binary needs no files beside it.
struct EmbeddedFile {
  std::string_view name;      // base name, e.g. "0001_customers.sql"
  std::string_view contents;  // the bytes of the file
};

}  // namespace crm

#endif  // CRM_LIBS_PG_EMBEDDED_FILE_H_
