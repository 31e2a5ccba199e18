#include "services/customer/changes/change_stream.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/numbers.h"
#include "google/protobuf/util/time_util.h"
#include "libs/strings/str_cat.h"

namespace crm::customer {
namespace {

using google::protobuf::util::TimeUtil;

// Above the longest block, so a quiet stream is not mistaken for a dead
// connection.
constexpr absl::Duration kBlockingReadMargin = absl::Seconds(2);

std::string_view Text(const redisReply& reply) {
  return reply.str == nullptr ? std::string_view() : std::string_view(reply.str, reply.len);
}

// "<sequence>-0" -> sequence.
absl::StatusOr<int64_t> SequenceOfId(std::string_view id) {
  const size_t dash = id.find('-');
  int64_t sequence = 0;
  if (dash == std::string_view::npos ||
      !absl::SimpleAtoi(absl::string_view(id.data(), dash), &sequence)) {
    return absl::InternalError(
        crm::StrCat("change stream entry id '", id, "' is not <sequence>-0"));
  }
  return sequence;
}

cache::RedisOptions ForBlockingReads(cache::RedisOptions options, absl::Duration max_block) {
  options.command_timeout = max_block + kBlockingReadMargin;
  return options;
}

}  // namespace

std::vector<std::string> ChangeStreamFields(const v1::CustomerChange& change) {
  return {"event_id",    change.event_id(),
          "customer",    change.customer(),
          "type",        v1::CustomerChange::Type_Name(change.type()),
          "version",     crm::StrCat(change.version()),
          "time",        TimeUtil::ToString(change.time()),
          "merged_into", change.merged_into()};
}

absl::StatusOr<v1::CustomerChange> ChangeFromStreamFields(const redisReply& fields) {
  if (fields.type != REDIS_REPLY_ARRAY || fields.elements % 2 != 0) {
    return absl::InternalError("change stream entry fields are not name/value pairs");
  }
  v1::CustomerChange change;
  for (size_t i = 0; i + 1 < fields.elements; i += 2) {
    const std::string_view name = Text(*fields.element[i]);
    const std::string value(Text(*fields.element[i + 1]));
    bool ok = true;
    if (name == "event_id") {
      change.set_event_id(value);
    } else if (name == "customer") {
      change.set_customer(value);
    } else if (name == "type") {
      v1::CustomerChange::Type type = v1::CustomerChange::TYPE_UNSPECIFIED;
      ok = v1::CustomerChange::Type_Parse(value, &type);
      change.set_type(type);
    } else if (name == "version") {
      int64_t version = 0;
      ok = absl::SimpleAtoi(value, &version);
      change.set_version(version);
    } else if (name == "time") {
      ok = TimeUtil::FromString(value, change.mutable_time());
    } else if (name == "merged_into") {
      change.set_merged_into(value);
    }  // fields added later are skipped by older readers
    if (!ok) {
      return absl::InternalError(
          crm::StrCat("change stream entry field ", name, " holds '", value, "'"));
    }
  }
  return change;
}

ChangeStream::ChangeStream(const cache::RedisOptions& options, std::string key, int64_t max_length,
                           absl::Duration max_block)
    : key_(std::move(key)),
      max_length_(crm::StrCat(max_length)),
      max_block_(max_block),
      commands_(options),
      blocking_reads_(ForBlockingReads(options, max_block)) {}

absl::Status ChangeStream::Append(int64_t sequence, const v1::CustomerChange& change) {
  std::vector<std::string> args = {"XADD", key_,        "MAXLEN",
                                   "~",    max_length_, crm::StrCat(sequence, "-0")};
  for (std::string& field : ChangeStreamFields(change)) args.push_back(std::move(field));
  return commands_.Command(args).status();
}

absl::StatusOr<ChangeStreamBounds> ChangeStream::Bounds() {
  absl::StatusOr<cache::RedisReplyPtr> info = commands_.Command({"XINFO", "STREAM", key_});
  if (!info.ok()) {
    // XINFO fails on a missing key; tell that apart from an outage.
    absl::StatusOr<cache::RedisReplyPtr> exists = commands_.Command({"EXISTS", key_});
    if (exists.ok() && (*exists)->type == REDIS_REPLY_INTEGER && (*exists)->integer == 0) {
      return ChangeStreamBounds{};
    }
    return info.status();
  }
  const redisReply& reply = **info;
  if (reply.type != REDIS_REPLY_ARRAY) {
    return absl::InternalError("XINFO STREAM did not answer with name/value pairs");
  }
  ChangeStreamBounds bounds{.exists = true};
  for (size_t i = 0; i + 1 < reply.elements; i += 2) {
    const std::string_view name = Text(*reply.element[i]);
    const redisReply& value = *reply.element[i + 1];
    if (name == "length" && value.type == REDIS_REPLY_INTEGER) {
      bounds.length = value.integer;
    } else if (name == "last-generated-id") {
      absl::StatusOr<int64_t> last = SequenceOfId(Text(value));
      if (!last.ok()) return last.status();
      bounds.last = *last;
    } else if (name == "first-entry" && value.type == REDIS_REPLY_ARRAY && value.elements >= 1) {
      absl::StatusOr<int64_t> first = SequenceOfId(Text(*value.element[0]));
      if (!first.ok()) return first.status();
      bounds.first = *first;
    }
  }
  return bounds;
}

absl::StatusOr<ChangeFeed::Page> ChangeStream::Read(int64_t after, int count,
                                                    absl::Duration block) {
  block = std::clamp(block, absl::Milliseconds(1), max_block_);
  absl::StatusOr<cache::RedisReplyPtr> reply = blocking_reads_.Command(
      {"XREAD", "COUNT", crm::StrCat(count), "BLOCK", crm::StrCat(absl::ToInt64Milliseconds(block)),
       "STREAMS", key_, crm::StrCat(after, "-0")});
  if (!reply.ok()) return reply.status();
  ChangeFeed::Page page{.last_sequence = after};
  // A timeout is a nil; otherwise [[key, [[id, [field, value, ...]], ...]]].
  const redisReply& streams = **reply;
  if (streams.type != REDIS_REPLY_ARRAY || streams.elements == 0) return page;
  const redisReply& stream = *streams.element[0];
  if (stream.type != REDIS_REPLY_ARRAY || stream.elements < 2 ||
      stream.element[1]->type != REDIS_REPLY_ARRAY) {
    return absl::InternalError("XREAD answered in an unexpected shape");
  }
  const redisReply& entries = *stream.element[1];
  for (size_t i = 0; i < entries.elements; ++i) {
    const redisReply& entry = *entries.element[i];
    if (entry.type != REDIS_REPLY_ARRAY || entry.elements < 2) {
      return absl::InternalError("an XREAD entry is not [id, fields]");
    }
    absl::StatusOr<int64_t> sequence = SequenceOfId(Text(*entry.element[0]));
    if (!sequence.ok()) return sequence.status();
    absl::StatusOr<v1::CustomerChange> change = ChangeFromStreamFields(*entry.element[1]);
    if (!change.ok()) return change.status();
    page.changes.push_back(*std::move(change));
    page.last_sequence = *sequence;
    page.sequences.push_back(*sequence);
  }
  return page;
}

}  // namespace crm::customer
