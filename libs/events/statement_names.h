#ifndef CRM_LIBS_EVENTS_STATEMENT_NAMES_H_
#define CRM_LIBS_EVENTS_STATEMENT_NAMES_H_

#include <string_view>

namespace crm::events {

// `text` kept for the life of the process: prepared statements made per
// schema must outlive every pool that knows them (pg::PreparedStatement
// holds views). Each distinct text is stored once.
std::string_view Interned(std::string_view text);

// `sql` with every "{schema}" replaced by `schema`, interned.
std::string_view WithSchema(std::string_view sql, std::string_view schema);

}  // namespace crm::events

#endif  // CRM_LIBS_EVENTS_STATEMENT_NAMES_H_
