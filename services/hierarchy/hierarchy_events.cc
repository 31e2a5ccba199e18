#include "services/hierarchy/hierarchy_events.h"

#include "absl/strings/str_split.h"
#include "google/protobuf/util/time_util.h"
#include "libs/etag/etag.h"
#include "libs/strings/str_cat.h"
#include "services/hierarchy/hierarchy_store.h"

namespace crm::hierarchy {

events::FeedOptions HierarchyFeed(absl::Duration settle, absl::Duration retention) {
  events::FeedOptions options{.service = "hierarchy", .schema = "hierarchy"};
  const google::protobuf::EnumDescriptor* types = v1::HierarchyEvent::Type_descriptor();
  for (int i = 0; i < types->value_count(); ++i) {
    if (types->value(i)->number() != v1::HierarchyEvent::TYPE_UNSPECIFIED) {
      options.event_types.push_back(types->value(i)->name());
    }
  }
  options.settle = settle;
  options.retention = retention;
  return options;
}

std::vector<std::string> PathNames(std::string_view path) {
  std::vector<std::string> names;
  if (path.empty()) return names;
  for (absl::string_view id : absl::StrSplit(absl::string_view(path.data(), path.size()), '.')) {
    names.push_back(crm::StrCat("nodes/", id));
  }
  return names;
}

void RecordNodeEvent(const events::Outbox& outbox, pqxx::work& tx, v1::HierarchyEvent::Type type,
                     const StoredNode& node, std::string_view previous_path) {
  // The payload: what the thin event does not say, the node's place.
  v1::HierarchyEvent facts;
  for (std::string& name : PathNames(node.path)) facts.add_path(std::move(name));
  for (std::string& name : PathNames(previous_path)) facts.add_previous_path(std::move(name));
  facts.set_customer(node.node.customer());
  facts.set_kind(node.node.kind());
  outbox.Record(tx, {.type = v1::HierarchyEvent::Type_Name(type),
                     .resource = node.node.name(),
                     .version = ParseEtag(node.node.etag()).value_or(0),
                     .payload = facts.SerializeAsString()});
}

v1::HierarchyEvent ToProto(const events::Event& event) {
  v1::HierarchyEvent out;
  // Written by RecordNodeEvent; an unreadable payload leaves the paths out
  // rather than the event.
  (void)out.ParseFromString(event.payload);
  out.set_event_id(event.event_id);
  v1::HierarchyEvent::Type type = v1::HierarchyEvent::TYPE_UNSPECIFIED;
  (void)v1::HierarchyEvent::Type_Parse(event.type, &type);
  out.set_type(type);
  out.set_node(event.resource);
  out.set_version(event.version);
  *out.mutable_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(event.time));
  return out;
}

}  // namespace crm::hierarchy
