#include "libs/proxy/proxy_call.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "libs/status/status.h"
#include "libs/strings/str_cat.h"

namespace crm::proxy {
namespace {

// Headers gRPC itself owns or that describe the caller's own connection.
bool IsTransportHeader(std::string_view key) {
  return key.empty() || key[0] == ':' || absl::StartsWith(ToAbsl(key), "grpc-") || key == "te" ||
         key == "content-type" || key == "user-agent" || key == "host";
}

grpc::Status IdleStatus(absl::Duration timeout) {
  return status::ToGrpc(
      status::Error(absl::StatusCode::kDeadlineExceeded, "gateway.crm", "STREAM_IDLE",
                    StrCat("no message passed either way for ", absl::FormatDuration(timeout),
                           "; the stream was closed: resume it where it stopped"),
                    {{"idleTimeout", absl::FormatDuration(timeout)}}));
}

}  // namespace

ProxyCall::ProxyCall(grpc::GenericCallbackServerContext* incoming, Backend* backend,
                     const ProxyOptions& options, IdleWatchdog& watchdog)
    : incoming_(incoming), backend_(backend), check_request_(options.check_request) {
  const CallLimits& limits = options.limits.For(incoming_->method());
  CopyMetadata(options);
  SetDeadline(limits);
  if (options.prepare) {
    if (absl::Status refused = options.prepare(*incoming_, outgoing_context_, &caller_);
        !refused.ok()) {
      Finish(status::ToGrpc(refused));
      return;
    }
  }
  if (!backend_->TryStartCall(caller_)) {
    Finish(backend_->overloaded());
    return;
  }
  references_ = 2;
  Touch();
  backend_->stub().PrepareBidiStreamingCall(&outgoing_context_, incoming_->method(),
                                            grpc::StubOptions(), &outgoing_);
  // Held until we stop reading the caller, so the backend call cannot end
  // (and free its stream) while we may still write to it.
  outgoing_.AddHold();
  outgoing_.StartRead(&response_);
  outgoing_.StartCall();
  StartRead(&request_);
  if (limits.idle_timeout > absl::ZeroDuration()) {
    idle_timeout_ = limits.idle_timeout;
    watchdog_ = &watchdog;
    watchdog_->Add(this);
  }
}

void ProxyCall::CopyMetadata(const ProxyOptions& options) {
  for (const auto& [key_ref, value_ref] : incoming_->client_metadata()) {
    const std::string key(key_ref.data(), key_ref.size());
    if (IsTransportHeader(key) ||
        std::find(options.dropped_metadata.begin(), options.dropped_metadata.end(), key) !=
            options.dropped_metadata.end()) {
      continue;
    }
    outgoing_context_.AddMetadata(key, std::string(value_ref.data(), value_ref.size()));
  }
}

void ProxyCall::SetDeadline(const CallLimits& limits) {
  const absl::Time now = absl::Now();
  absl::Time deadline = now + limits.default_deadline;  // InfiniteFuture for "none"
  const absl::Time asked = absl::FromChrono(incoming_->deadline());
  if (asked < absl::InfiniteFuture() && asked - now < absl::Hours(24 * 365)) deadline = asked;
  deadline = std::min(deadline, now + limits.max_deadline);
  if (deadline < absl::InfiniteFuture()) {
    outgoing_context_.set_deadline(absl::ToChronoTime(deadline));
  }
}

void ProxyCall::Touch() {
  last_message_unix_nanos_.store(absl::GetCurrentTimeNanos(), std::memory_order_relaxed);
}

void ProxyCall::Refuse(grpc::Status status) {
  {
    absl::MutexLock lock(&refusal_mu_);
    if (refusal_.has_value()) return;
    refusal_ = std::move(status);
  }
  outgoing_context_.TryCancel();
}

// Caller -> backend.
void ProxyCall::OnReadDone(bool ok) {
  if (!ok) {
    outgoing_.StartWritesDone();  // the caller half-closed (or went away)
    outgoing_.RemoveHold();
    return;
  }
  Touch();
  if (check_request_) {
    if (absl::Status bad = check_request_(incoming_->method(), request_); !bad.ok()) {
      Refuse(status::ToGrpc(bad));
      outgoing_.RemoveHold();  // we read no more; the backend's OnDone finishes us
      return;
    }
  }
  outgoing_.StartWrite(&request_);
}

void ProxyCall::Outgoing::OnWriteDone(bool ok) {
  if (ok) {
    call_->StartRead(&call_->request_);
  } else {
    RemoveHold();  // the backend call is ending; its OnDone finishes ours
  }
}

// Backend -> caller.
void ProxyCall::Outgoing::OnReadDone(bool ok) {
  if (!ok) return;  // no more responses; OnDone follows
  call_->Touch();
  AddHold();  // released when the caller has it
  call_->StartWrite(&call_->response_);
}

void ProxyCall::OnWriteDone(bool ok) {
  if (ok) {
    outgoing_.StartRead(&response_);
  } else {
    outgoing_context_.TryCancel();  // the caller is gone
  }
  outgoing_.RemoveHold();
}

void ProxyCall::Outgoing::OnDone(const grpc::Status& status) {
  std::optional<grpc::Status> refusal;
  {
    absl::MutexLock lock(&call_->refusal_mu_);
    refusal = call_->refusal_;
  }
  if (!refusal.has_value()) {
    for (const auto& [key, value] : call_->outgoing_context_.GetServerTrailingMetadata()) {
      const std::string name(key.data(), key.size());
      if (IsTransportHeader(name)) continue;
      call_->incoming_->AddTrailingMetadata(name, std::string(value.data(), value.size()));
    }
  }
  call_->backend_->EndCall(call_->caller_);  // before the caller can see the call end
  call_->Finish(refusal.value_or(status));
  call_->Release();
}

void ProxyCall::OnCancel() { outgoing_context_.TryCancel(); }

void ProxyCall::OnDone() { Release(); }

bool ProxyCall::TryRetain() {
  int current = references_.load();
  do {
    if (current == 0) return false;
  } while (!references_.compare_exchange_weak(current, current + 1));
  return true;
}

void ProxyCall::Release() {
  if (references_.fetch_sub(1) != 1) return;
  if (watchdog_ != nullptr) watchdog_->Remove(this);
  delete this;
}

bool ProxyCall::IdleAt(absl::Time now) const {
  const absl::Time last =
      absl::FromUnixNanos(last_message_unix_nanos_.load(std::memory_order_relaxed));
  return now - last > idle_timeout_;
}

void ProxyCall::EndIdle() { Refuse(IdleStatus(idle_timeout_)); }

}  // namespace crm::proxy
