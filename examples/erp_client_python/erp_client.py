"""An ERP system's client of the CRM suite, through its gateway.

Copy this file into an integration and generate the stubs it imports from the
suite's protos/ (the commands are in the top-level README,
"Calling the suite from another language"):

    python3 -m grpc_tools.protoc -I protos --python_out=gen --grpc_python_out=gen \\
        $(find protos -name '*.proto')

It shows the four things an ERP/OA integration does:

  * authenticate as its service account (a bearer token on every call; the
    gateway takes the account's org unit and roles from its directory),
  * load customers with the ImportCustomers stream and read one result per row,
  * keep its own records in step with the change feed, resuming from a cursor
    it saved (CursorFile) after a restart,
  * read why a call failed: google.rpc.Status from the grpc-status-details-bin
    trailer, with its ErrorInfo, BadRequest field violations and RetryInfo.

Only the standard library, grpcio and protobuf are needed.
"""

import base64
import hashlib
import hmac
import json
import os
import random
import tempfile
import time
import uuid

import grpc
from google.protobuf import field_mask_pb2
from google.rpc import error_details_pb2
from google.rpc import status_pb2

from crm.customer.v1 import customer_service_pb2 as customer_pb2
from crm.customer.v1 import customer_service_pb2_grpc as customer_grpc
from crm.gateway.v1 import org_service_pb2 as org_pb2
from crm.gateway.v1 import org_service_pb2_grpc as org_grpc

# The public HS256 set-up of a local suite (`make run`, tests): anyone can mint
# tokens with it. A production gateway accepts only its identity provider's
# tokens; pass one of those to ErpClient instead.
DEVELOPMENT_SECRET = "crm-local-development-token-secret-do-not-deploy"
DEVELOPMENT_KEY_ID = "local"
DEVELOPMENT_ISSUER = "crm-local"
DEVELOPMENT_AUDIENCE = "crm"

STATUS_DETAILS_KEY = "grpc-status-details-bin"

# Messages of an import stream carry at most this many rows.
MAX_ROWS_PER_MESSAGE = 1000


def _base64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def development_token(user, secret=DEVELOPMENT_SECRET, ttl_seconds=3600, now=None):
    """An HS256 JWT for `user` (e.g. "erp-sap") that a local gateway accepts.

    Only the subject counts: the gateway looks the user up in its directory,
    so the account must exist there (created by an administrator).
    """
    issued = int(time.time() if now is None else now)
    header = {"alg": "HS256", "typ": "JWT", "kid": DEVELOPMENT_KEY_ID}
    claims = {
        "iss": DEVELOPMENT_ISSUER,
        "aud": DEVELOPMENT_AUDIENCE,
        "sub": user,
        "iat": issued,
        "exp": issued + ttl_seconds,
    }
    signing_input = ".".join(
        _base64url(json.dumps(part, separators=(",", ":")).encode("utf-8"))
        for part in (header, claims))
    signature = hmac.new(secret.encode("utf-8"), signing_input.encode("ascii"),
                         hashlib.sha256).digest()
    return signing_input + "." + _base64url(signature)


def status_details(rpc_error):
    """The google.rpc.Status a failed call carried, or None when it had none."""
    trailers = rpc_error.trailing_metadata() if hasattr(rpc_error, "trailing_metadata") else None
    for key, value in trailers or ():
        if key == STATUS_DETAILS_KEY:
            status = status_pb2.Status()
            status.ParseFromString(value)
            return status
    return None


class CallError(Exception):
    """A call the suite refused, with what its error details say.

    code: a grpc.StatusCode; message: the text for a person;
    reason and domain: the ErrorInfo (e.g. "USER_UNKNOWN", "auth.crm");
    metadata: the ErrorInfo's metadata; field_violations: [(field, description)]
    from BadRequest; retry_delay: seconds from RetryInfo, or None;
    request_id: the x-request-id the gateway logged the call under.
    """

    def __init__(self, code, message, reason="", domain="", metadata=None,
                 field_violations=(), retry_delay=None, request_id=""):
        super().__init__("%s: %s" % (code.name, message))
        self.code = code
        self.message = message
        self.reason = reason
        self.domain = domain
        self.metadata = dict(metadata or {})
        self.field_violations = list(field_violations)
        self.retry_delay = retry_delay
        self.request_id = request_id

    @classmethod
    def from_rpc_error(cls, rpc_error, request_id=""):
        error = cls(rpc_error.code(), rpc_error.details() or "", request_id=request_id)
        status = status_details(rpc_error)
        if status is None:
            return error
        for detail in status.details:
            if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                detail.Unpack(info)
                error.reason, error.domain = info.reason, info.domain
                error.metadata = dict(info.metadata)
            elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad_request = error_details_pb2.BadRequest()
                detail.Unpack(bad_request)
                error.field_violations += [(v.field, v.description)
                                           for v in bad_request.field_violations]
            elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
                retry = error_details_pb2.RetryInfo()
                detail.Unpack(retry)
                error.retry_delay = retry.retry_delay.seconds + retry.retry_delay.nanos / 1e9
        return error

    def violated_fields(self):
        return [field for field, _ in self.field_violations]


class CursorFile:
    """Where the change feed's cursor is kept between runs.

    save() replaces the file in one step (a temporary file beside it, synced
    and renamed over it), so a crash leaves the old cursor or the new one.
    """

    def __init__(self, path):
        self.path = path

    def read(self):
        """The saved cursor, or None before the first save."""
        try:
            with open(self.path, encoding="ascii") as f:
                cursor = f.read().strip()
        except FileNotFoundError:
            return None
        if not cursor:
            raise ValueError("%s holds no cursor; delete it to start over" % self.path)
        return cursor

    def save(self, cursor):
        folder = os.path.dirname(os.path.abspath(self.path))
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".cursor-")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(cursor + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise


class ErpClient:
    """Calls the gateway as one service account.

    Unary calls are retried, with the same x-request-id and request_id, when
    the gateway answers UNAVAILABLE or RESOURCE_EXHAUSTED: after the delay its
    RetryInfo asks for, or a growing backoff, at most `max_attempts` times.
    """

    def __init__(self, address, token, timeout=30.0, max_attempts=5, channel=None):
        self._channel = channel or grpc.insecure_channel(address)
        self._token = token
        self._timeout = timeout
        self._max_attempts = max_attempts
        self.customers = customer_grpc.CustomerServiceStub(self._channel)
        self.org = org_grpc.OrgServiceStub(self._channel)

    def close(self):
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _metadata(self, request_id):
        return (("authorization", "Bearer " + self._token), ("x-request-id", request_id))

    def _call(self, method, request, request_id=None):
        request_id = request_id or uuid.uuid4().hex
        backoff = 0.05
        for attempt in range(1, self._max_attempts + 1):
            try:
                return method(request, timeout=self._timeout,
                              metadata=self._metadata(request_id))
            except grpc.RpcError as rpc_error:
                error = CallError.from_rpc_error(rpc_error, request_id)
                retryable = error.code in (grpc.StatusCode.UNAVAILABLE,
                                           grpc.StatusCode.RESOURCE_EXHAUSTED)
                if not retryable or attempt == self._max_attempts:
                    raise error from None
                delay = error.retry_delay if error.retry_delay is not None else backoff
                time.sleep(min(delay, 5.0) * random.uniform(1.0, 1.2))
                backoff = min(backoff * 2, 2.0)
        raise AssertionError("unreachable")

    # --- Who am I -----------------------------------------------------------

    def current_user(self):
        """The caller as the gateway sees it (org unit and roles from its directory)."""
        return self._call(self.org.GetCurrentUser, org_pb2.GetCurrentUserRequest())

    # --- Customers by the ERP's own keys ------------------------------------

    def upsert_customer(self, source_system, source_id, customer, update_paths=(),
                        request_id=None):
        """Creates or updates the customer linked to (source_system, source_id).

        `request_id` makes a retry after a lost answer return the first result.
        """
        request = customer_pb2.UpsertCustomerByExternalReferenceRequest(
            external_reference=customer_pb2.ExternalReference(
                source_system=source_system, source_id=source_id),
            customer=customer,
            request_id=request_id or uuid.uuid4().hex)
        if update_paths:
            request.update_mask.CopyFrom(field_mask_pb2.FieldMask(paths=list(update_paths)))
        return self._call(self.customers.UpsertCustomerByExternalReference, request,
                          request.request_id)

    def lookup_customer(self, source_system, source_id):
        """The live customer linked to (source_system, source_id); CallError NOT_FOUND if none."""
        return self._call(self.customers.LookupCustomer, customer_pb2.LookupCustomerRequest(
            external_reference=customer_pb2.ExternalReference(
                source_system=source_system, source_id=source_id)))

    # --- Bulk import --------------------------------------------------------

    def import_customers(self, rows, rows_per_message=500, timeout=None):
        """Streams ImportRows in; yields one ImportRowResult per row as batches commit.

        The stream is one call: a failure of the call itself raises CallError
        (results yielded before it are committed; sending the rows again is
        safe, as an import is idempotent by external reference).
        """
        if not 0 < rows_per_message <= MAX_ROWS_PER_MESSAGE:
            raise ValueError("rows_per_message must be 1..%d" % MAX_ROWS_PER_MESSAGE)

        def messages():
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == rows_per_message:
                    yield customer_pb2.ImportCustomersRequest(rows=batch)
                    batch = []
            if batch:
                yield customer_pb2.ImportCustomersRequest(rows=batch)

        request_id = uuid.uuid4().hex
        responses = self.customers.ImportCustomers(
            messages(), timeout=timeout, metadata=self._metadata(request_id))
        try:
            for response in responses:
                yield from response.results
        except grpc.RpcError as rpc_error:
            raise CallError.from_rpc_error(rpc_error, request_id) from None

    # --- The change feed ----------------------------------------------------

    def list_changes(self, cursor=None, start_time=None, page_size=100):
        """One page of the change feed: (changes, cursor to continue from).

        Without a cursor the page starts at `start_time` (a datetime or a
        Timestamp), or at the oldest change kept. The cursor is always set.
        """
        request = customer_pb2.ListCustomerChangesRequest(page_size=page_size)
        if cursor:
            request.page_token = cursor
        elif start_time is not None:
            if hasattr(start_time, "timestamp"):
                request.start_time.FromDatetime(start_time)
            else:
                request.start_time.CopyFrom(start_time)
        response = self._call(self.customers.ListCustomerChanges, request)
        return list(response.changes), response.next_page_token

    def changes_since(self, cursor, page_size=100):
        """Every change after `cursor` served so far: (changes, new cursor).

        Reads page after page until one comes back empty. The feed serves a
        change once it has settled (a few seconds after it committed), so a
        change just made may come on a later call.
        """
        changes = []
        while True:
            page, cursor = self.list_changes(cursor=cursor, page_size=page_size)
            if not page:
                return changes, cursor
            changes.extend(page)

    def sync_changes(self, cursor_file, handle, start_time=None, page_size=100):
        """One run of a feed consumer (e.g. from cron): every change after the
        cursor saved in `cursor_file` goes to handle(change), page by page, and
        the cursor is saved after each page is handled. The first run (no
        cursor yet) starts at `start_time`. Returns how many changes were handled.

        Delivery is at least once: `handle` must tolerate an event_id it has
        seen (after a crash between handling a page and saving its cursor).
        """
        cursor = cursor_file.read()
        handled = 0
        while True:
            page, next_cursor = self.list_changes(
                cursor=cursor, start_time=None if cursor else start_time, page_size=page_size)
            for change in page:
                handle(change)
            handled += len(page)
            if next_cursor != cursor:
                cursor_file.save(next_cursor)
                cursor = next_cursor
            if not page:
                return handled
