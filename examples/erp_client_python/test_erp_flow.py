"""An ERP system's flow through the gateway, with the example client and
Python stubs generated from protos/ at test time (ctest: erp_client_python_test).

Against a crm-suite of its own on the test PostgreSQL and Redis, as a
service account with the integration role created for this run:
  * its token is accepted and names it; an unknown account's is refused;
  * ImportCustomers streams good rows and a bad one: the bad one comes back
    REJECTED with the field at fault, the others CREATED and then readable;
  * the change feed is read, its cursor saved to a file, and a later run
    resumes from that file and sees exactly the changes made since;
  * a call with bad input fails INVALID_ARGUMENT, and the google.rpc.Status
    in its trailer names every field at fault (BadRequest) with an ErrorInfo.
"""

import datetime
import importlib
import os
import secrets
import shutil
import sys
import tempfile
import time
import unittest

import suite_for_test

SOURCE_SYSTEM = "erp-sap"
RUN = secrets.token_hex(4)
ACCOUNT = "erp-py-" + RUN

# Filled by setUpModule.
erp_client = None
customer_pb2 = None
suite = None
stubs_dir = None

USCC_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc(first17):
    """first17 with its GB 32100-2015 check character."""
    total = sum(USCC_CHARACTERS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_CHARACTERS[(31 - total % 31) % 31]


def new_uscc(region="320571"):
    """A valid USCC no earlier run used."""
    serial = "".join(secrets.choice(USCC_CHARACTERS) for _ in range(8))
    return uscc("91" + region + "M" + serial)


def with_wrong_check_character(code):
    return code[:17] + next(c for c in "0123456789" if c != code[17])


def setUpModule():
    global erp_client, customer_pb2, suite, stubs_dir
    source_dir = suite_for_test.required_environment("CRM_SOURCE_DIR")
    build_dir = suite_for_test.required_environment("CRM_BUILD_DIR")
    pg_dsn = suite_for_test.required_environment("CRM_TEST_PG_DSN")
    redis_address = suite_for_test.required_environment("CRM_TEST_REDIS_ADDRESS")

    stubs_dir = tempfile.mkdtemp(prefix="erp-client-stubs-")
    suite_for_test.generate_stubs(os.path.join(source_dir, "protos"), stubs_dir)
    sys.path.insert(0, stubs_dir)
    erp_client = importlib.import_module("erp_client")
    customer_pb2 = erp_client.customer_pb2

    suite = suite_for_test.Suite(build_dir, pg_dsn, redis_address)
    try:
        suite.start()
        suite.create_service_account(ACCOUNT)
    except BaseException:
        tearDownModule()
        raise


def tearDownModule():
    if suite is not None:
        suite.cleanup()
    if stubs_dir is not None:
        shutil.rmtree(stubs_dir, ignore_errors=True)


class ErpFlowTest(unittest.TestCase):

    def setUp(self):
        self.client = erp_client.ErpClient(suite.address,
                                           erp_client.development_token(ACCOUNT))
        self.work = tempfile.mkdtemp(prefix="erp-client-")

    def tearDown(self):
        self.client.close()
        shutil.rmtree(self.work, ignore_errors=True)

    def customer(self, legal_name, **fields):
        values = {"legal_name": legal_name, "industry": "C", "region": "320571"}
        values.update(fields)
        return customer_pb2.Customer(**values)

    def row(self, number, source_id, customer):
        return customer_pb2.ImportRow(
            row_number=number,
            external_reference=customer_pb2.ExternalReference(
                source_system=SOURCE_SYSTEM, source_id=source_id),
            customer=customer)

    # --- The token ------------------------------------------------------------

    def test_token_names_the_service_account(self):
        me = self.client.current_user()
        self.assertEqual(me.user, "users/" + ACCOUNT)
        self.assertEqual(me.org_unit, "orgUnits/hq")  # from the directory
        self.assertEqual(list(me.roles), ["integration"])

    def test_token_of_an_unknown_account_is_refused(self):
        with erp_client.ErpClient(suite.address,
                                  erp_client.development_token("nobody-" + RUN)) as stranger:
            with self.assertRaises(erp_client.CallError) as caught:
                stranger.current_user()
        error = caught.exception
        self.assertEqual(error.code.name, "UNAUTHENTICATED")
        self.assertEqual(error.reason, "USER_UNKNOWN")
        self.assertEqual(error.domain, "auth.crm")
        self.assertIn("nobody-" + RUN, error.message)

    def test_token_signed_with_another_secret_is_refused(self):
        forged = erp_client.development_token(ACCOUNT, secret="x" * 48)
        with erp_client.ErpClient(suite.address, forged) as forger:
            with self.assertRaises(erp_client.CallError) as caught:
                forger.current_user()
        self.assertEqual(caught.exception.code.name, "UNAUTHENTICATED")
        self.assertEqual(caught.exception.domain, "auth.crm")

    # --- Bulk import -----------------------------------------------------------

    def test_import_rejects_the_bad_row_and_creates_the_others(self):
        good_code = new_uscc()
        rows = [
            self.row(2, "IMP-%s-1" % RUN, self.customer(
                "苏州测试%s精密机械有限公司" % RUN, uscc=good_code, short_name="测试精机")),
            self.row(3, "IMP-%s-2" % RUN, self.customer("苏州测试%s物流有限公司" % RUN)),
            self.row(4, "IMP-%s-3" % RUN, self.customer(
                "苏州测试%s电子有限公司" % RUN, uscc=with_wrong_check_character(new_uscc()))),
            self.row(5, "IMP-%s-4" % RUN, self.customer(
                "苏州测试%s新材料股份有限公司" % RUN, industry="M")),
        ]
        # Two rows per message: the results of both messages come back.
        results = {r.row_number: r for r in self.client.import_customers(rows, rows_per_message=2)}
        Outcome = customer_pb2.ImportRowResult.Outcome
        self.assertEqual({n: Outcome.Name(r.outcome) for n, r in results.items()},
                         {2: "CREATED", 3: "CREATED", 4: "REJECTED", 5: "CREATED"})

        rejected = results[4]
        self.assertEqual([v.field for v in rejected.violations], ["customer.uscc"])
        self.assertIn("check character", rejected.violations[0].description)
        self.assertEqual(rejected.customer, "")

        for row in rows:
            reference = row.external_reference
            if row.row_number == 4:
                with self.assertRaises(erp_client.CallError) as caught:
                    self.client.lookup_customer(reference.source_system, reference.source_id)
                self.assertEqual(caught.exception.code.name, "NOT_FOUND")
                continue
            found = self.client.lookup_customer(reference.source_system, reference.source_id)
            self.assertEqual(found.name, results[row.row_number].customer)
            self.assertEqual(found.legal_name, row.customer.legal_name)
            self.assertEqual(found.owner_org_unit, "orgUnits/hq")  # the account's own
        self.assertEqual(self.client.lookup_customer(SOURCE_SYSTEM, "IMP-%s-1" % RUN).uscc,
                         good_code)

        # The same rows again: an import is idempotent by external reference.
        again = {r.row_number: Outcome.Name(r.outcome)
                 for r in self.client.import_customers(rows)}
        self.assertEqual(again, {2: "UNCHANGED", 3: "UNCHANGED", 4: "REJECTED", 5: "UNCHANGED"})

    # --- The change feed -------------------------------------------------------

    def wait_for_changes(self, client, cursor_file, seen, wanted, timeout_seconds=40):
        """Runs sync_changes until every (customer, type) in `wanted` is in `seen`."""
        deadline = time.monotonic() + timeout_seconds
        while True:
            client.sync_changes(cursor_file, seen.append, start_time=self.start_time)
            if wanted <= {(c.customer, customer_pb2.CustomerChange.Type.Name(c.type))
                          for c in seen}:
                return
            if time.monotonic() > deadline:
                self.fail("after %d s the feed has not served %s; it served %s"
                          % (timeout_seconds, sorted(wanted), seen))
            time.sleep(0.5)

    def test_change_feed_resumes_from_a_saved_cursor(self):
        self.start_time = datetime.datetime.now(datetime.timezone.utc)
        cursor_file = erp_client.CursorFile(os.path.join(self.work, "customer-changes.cursor"))
        first = self.client.upsert_customer(
            SOURCE_SYSTEM, "FEED-%s-1" % RUN, self.customer("无锡测试%s轴承有限公司" % RUN))
        self.assertEqual(first.outcome, first.CREATED)

        # The first run: from the start time until the creation is served.
        first_run = []
        self.wait_for_changes(self.client, cursor_file, first_run,
                              {(first.customer.name, "CREATED")})
        saved = cursor_file.read()
        self.assertTrue(saved)

        # Changes made while no consumer runs. An upsert may create, so it
        # sends the whole record; the mask says what to change if it exists.
        updated = self.client.upsert_customer(
            SOURCE_SYSTEM, "FEED-%s-1" % RUN,
            self.customer("无锡测试%s轴承有限公司" % RUN, short_name="测试轴承"),
            update_paths=["short_name"])
        self.assertEqual(updated.outcome, updated.UPDATED)
        second = self.client.upsert_customer(
            SOURCE_SYSTEM, "FEED-%s-2" % RUN, self.customer("无锡测试%s齿轮有限公司" % RUN))
        self.assertEqual(second.outcome, second.CREATED)

        # A later run, a new process with a new connection: it starts from the file.
        later_run = []
        with erp_client.ErpClient(suite.address, erp_client.development_token(ACCOUNT)) as later:
            self.wait_for_changes(later, erp_client.CursorFile(cursor_file.path), later_run,
                                  {(first.customer.name, "UPDATED"),
                                   (second.customer.name, "CREATED")})
        unique = {c.event_id: c for c in later_run}  # at least once: de-duplicated
        self.assertEqual(
            [(c.customer, customer_pb2.CustomerChange.Type.Name(c.type), c.version)
             for c in unique.values()],
            [(first.customer.name, "UPDATED", int(updated.customer.etag.strip('"'))),
             (second.customer.name, "CREATED", int(second.customer.etag.strip('"')))])
        self.assertNotIn(first_run[-1].event_id, unique)
        self.assertNotEqual(cursor_file.read(), saved)

    # --- Reading an error ------------------------------------------------------

    def test_bad_input_names_each_field_in_the_status_details(self):
        source_id = "BAD-%s" % RUN
        bad = customer_pb2.Customer(legal_name="", industry="Z", region="99")
        with self.assertRaises(erp_client.CallError) as caught:
            self.client.upsert_customer(SOURCE_SYSTEM, source_id, bad)
        error = caught.exception
        self.assertEqual(error.code.name, "INVALID_ARGUMENT")
        self.assertEqual(sorted(error.violated_fields()),
                         ["customer.industry", "customer.legal_name", "customer.region"])
        for field, description in error.field_violations:
            self.assertTrue(description.startswith(field.split(".")[-1] + ":"),
                            "%s: %s" % (field, description))
        self.assertEqual(error.reason, "INVALID_ARGUMENT")
        self.assertEqual(error.domain, "customer.crm")
        self.assertTrue(error.request_id)

        # The same, read straight from the trailer of a plain stub call.
        request = customer_pb2.UpsertCustomerByExternalReferenceRequest(
            external_reference=customer_pb2.ExternalReference(
                source_system=SOURCE_SYSTEM, source_id=source_id),
            customer=bad)
        token = erp_client.development_token(ACCOUNT)
        try:
            self.client.customers.UpsertCustomerByExternalReference(
                request, timeout=10, metadata=(("authorization", "Bearer " + token),))
            self.fail("bad input was accepted")
        except erp_client.grpc.RpcError as rpc_error:
            status = erp_client.status_details(rpc_error)
            self.assertIsNotNone(status, "no %s trailer" % erp_client.STATUS_DETAILS_KEY)
            self.assertEqual(status.code, rpc_error.code().value[0])
            self.assertEqual(status.message, rpc_error.details())
            self.assertEqual(
                sorted(d.type_url for d in status.details),
                ["type.googleapis.com/google.rpc.BadRequest",
                 "type.googleapis.com/google.rpc.ErrorInfo"])

        # Nothing was written.
        with self.assertRaises(erp_client.CallError) as caught:
            self.client.lookup_customer(SOURCE_SYSTEM, source_id)
        self.assertEqual(caught.exception.code.name, "NOT_FOUND")


if __name__ == "__main__":
    unittest.main(verbosity=2)
