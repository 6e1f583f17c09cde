/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib.h>

#include "sd-campaign-send-private.h"
#include "sd-campaigns.h"
#include "sd-db.h"
#include "sd-error.h"
#include "net/sd-aliyun-gateway.h"
#include "sd-customers.h"
#include "sd-optouts.h"
#include "sd-sms-gateway-settings.h"
#include "sd-test-outbox.h"
#include "sd-test-sim.h"
#include "sd-test-util.h"
#include "sd-values.h"

/* 2026-03-02 10:00 Beijing time: inside the default sending hours. */
#define MORNING ((gint64) 1772416800)

typedef struct
{
  char          *dir;
  char          *path;
  SdSession     *owner;
  SdFakeGateway *gateway;
  gint64         now;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->owner = sd_test_new_temp_shop (&f->dir, &f->path);
  f->now = MORNING;
  sd_test_set_clock (sd_session_get_db (f->owner), &f->now);
  f->gateway = sd_fake_gateway_new (100);
  _sd_campaign_send_set_waits (1, 5);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->gateway);
  g_clear_object (&f->owner);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gboolean
run (Fixture  *f,
     gint64    id,
     gboolean  stop_at_window,
     GError  **error)
{
  return sd_campaign_send_run (f->owner, id, SD_SMS_GATEWAY (f->gateway),
                               stop_at_window ? SD_CAMPAIGN_SEND_STOP_AT_WINDOW : SD_CAMPAIGN_SEND_DEFAULT, NULL, NULL, NULL, error);
}

static void
assert_state (Fixture    *f,
              gint64      id,
              const char *state,
              const char *reason)
{
  g_autofree char *got_reason = NULL;
  g_autofree char *got = sd_test_campaign_state (f->owner, id, &got_reason);

  g_assert_cmpstr (got, ==, state);
  if (reason != NULL)
    g_assert_cmpstr (got_reason, ==, reason);
}

/* Every one of the first N numbers was sent exactly once. */
static void
assert_each_once (Fixture *f,
                  guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *phone = sd_test_outbox_phone (i);

      g_assert_cmpuint (sd_fake_gateway_count (f->gateway, phone), ==, 1);
    }
  g_assert_cmpuint (sd_fake_gateway_total (f->gateway), ==, n);
}

static void
count_reports (const SdCampaignProgress *p,
               gpointer                  user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, *p);
}

static void
test_send_all (Fixture       *f,
               gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "scheduled", 250);
  g_autoptr(GArray) seen = g_array_new (FALSE, TRUE, sizeof (SdCampaignProgress));
  g_autoptr(GError) error = NULL;
  SdCampaignProgress last, progress;
  g_autofree char *phone = sd_test_outbox_phone (7);

  g_assert_true (sd_campaign_send_run (f->owner, id, SD_SMS_GATEWAY (f->gateway), SD_CAMPAIGN_SEND_DEFAULT, count_reports, seen,
                                       NULL, &error));
  g_assert_no_error (error);
  /* 100 + 100 + 50. */
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 3);
  assert_each_once (f, 250);
  g_assert_cmpstr (sd_fake_gateway_last_param (f->gateway, phone), ==, "{\"name\":\"客户7\"}");
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "accepted"), ==, 250);
  assert_state (f, id, "done", "");
  g_assert_cmpuint (sd_test_audit_count (f->owner, "campaign.send"), ==, 1);

  g_assert_cmpuint (seen->len, >=, 4);
  last = g_array_index (seen, SdCampaignProgress, seen->len - 1);
  g_assert_cmpint (last.accepted, ==, 250);
  g_assert_cmpint (last.queued, ==, 0);
  g_assert_cmpint (last.parts, ==, 250);
  g_assert_false (last.waiting_for_window);

  g_assert_true (sd_campaign_get_progress (f->owner, id, &progress, &error));
  g_assert_cmpint (progress.accepted, ==, 250);

  /* Done: sending again refuses, and sends nothing. */
  g_assert_false (run (f, id, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_cmpuint (sd_fake_gateway_total (f->gateway), ==, 250);
}

static void
test_refuses (Fixture       *f,
              gconstpointer  data)
{
  gint64 draft = sd_test_outbox_campaign (f->owner, "draft", 1);
  gint64 later = sd_test_outbox_campaign (f->owner, "scheduled", 1);
  g_autoptr(SdSession) composer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE campaigns SET scheduled_at = %lld WHERE id = %lld",
                                          (long long) (MORNING + 3600), (long long) later);

  g_assert_false (run (f, draft, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);

  sd_test_exec (f->owner, sql);

  g_assert_false (run (f, 999, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  composer = sd_test_staff_session (f->owner, "writer", SD_PERMISSION_BIT (SD_PERMISSION_COMPOSE_CAMPAIGNS));
  g_assert_false (sd_campaign_send_run (composer, later, SD_SMS_GATEWAY (f->gateway), SD_CAMPAIGN_SEND_DEFAULT, NULL, NULL, NULL,
                                        &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (sd_campaign_pause (composer, later, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 0);
}

/* The gateway took the batch but its answer was lost: the job asks the gateway and
 * sends none of them again. */
static void
test_answer_lost (Fixture       *f,
                  gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 150);
  g_autoptr(GError) error = NULL;

  sd_fake_gateway_queue (f->gateway, "DROP");
  g_assert_true (run (f, id, FALSE, &error));
  g_assert_no_error (error);
  assert_each_once (f, 150);
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 2);
  g_assert_cmpuint (sd_fake_gateway_queries (f->gateway), ==, 100);
  /* Reconciled rows took their state from the report. */
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "delivered"), ==, 100);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "accepted"), ==, 50);
  assert_state (f, id, "done", NULL);
}

/* A crash between the request and its answer: the batch is left 'submitting'; the next
 * run asks first, then sends only the rest. */
static void
test_crash_then_resume (Fixture       *f,
                        gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 230);
  g_autoptr(GError) error = NULL;

  /* Batch 1 accepted; batch 2 taken but its answer lost, and the gateway cannot be asked
   * then: the run stops with batch 2 still 'submitting', as a killed process leaves it. */
  sd_fake_gateway_queue (f->gateway, NULL);
  sd_fake_gateway_queue (f->gateway, "DROP");
  sd_fake_gateway_fail_queries (f->gateway, 1);
  g_assert_false (run (f, id, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "submitting"), ==, 100);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "queued"), ==, 30);
  assert_state (f, id, "sending", NULL);

  /* The next run asks about batch 2 before anything else, and sends only the last 30. */
  g_assert_true (run (f, id, FALSE, &error));
  g_assert_no_error (error);
  assert_each_once (f, 230);
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 3);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "submitting"), ==, 0);
  assert_state (f, id, "done", NULL);
}

/* A batch left 'submitting' that the gateway never got is queued again and sent once. */
static void
test_reconcile_not_sent (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 3);
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO sms_batches (id, campaign_id, out_id, state, submitted_at) VALUES (77, %lld, 'lost', 'submitting', %lld);"
      "UPDATE campaign_recipients SET state = 'submitting', batch_id = 77 WHERE campaign_id = %lld;",
      (long long) id, (long long) MORNING, (long long) id);
  g_autoptr(GError) error = NULL;

  sd_test_exec (f->owner, sql);
  g_assert_true (run (f, id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_fake_gateway_queries (f->gateway), ==, 3);
  assert_each_once (f, 3);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "accepted"), ==, 3);
}

static void
test_optout_while_queued (Fixture       *f,
                          gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *code = NULL;
  g_autofree char *opted = sd_test_outbox_phone (1);
  g_autofree char *blocked = sd_test_outbox_phone (3);
  g_autofree char *block_sql = g_strdup_printf ("UPDATE customers SET sms_blocked_at = 1 WHERE phone = '+86%s'",
                                                blocked);
  gint64 withdrawn = -1;

  /* The opt-out withdraws the queued row at once. */
  g_assert_true (sd_optouts_add (f->owner, opted, "reply", &withdrawn, &error));
  g_assert_no_error (error);
  g_assert_cmpint (withdrawn, ==, 1);
  state = sd_test_outbox_row_state (f->owner, id, 1, &code);
  g_assert_cmpstr (state, ==, "withdrawn");
  g_assert_cmpstr (code, ==, "opted_out");
  g_clear_pointer (&state, g_free);
  g_clear_pointer (&code, g_free);

  /* So does the customer's own opt-out, set on their record. */
  g_assert_true (sd_customers_set_sms_opt_out (f->owner, sd_test_outbox_customer (f->owner, id, 2), TRUE,
                                               "replied TD", &error));
  g_assert_no_error (error);
  state = sd_test_outbox_row_state (f->owner, id, 2, &code);
  g_assert_cmpstr (state, ==, "withdrawn");
  g_assert_cmpstr (code, ==, "opted_out");
  g_clear_pointer (&state, g_free);
  g_clear_pointer (&code, g_free);

  /* A customer blocked after the outbox was frozen is left out when its batch goes. */
  sd_test_exec (f->owner, block_sql);
  g_assert_true (run (f, id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_fake_gateway_count (f->gateway, opted), ==, 0);
  g_assert_cmpuint (sd_fake_gateway_count (f->gateway, blocked), ==, 0);
  g_assert_cmpuint (sd_fake_gateway_total (f->gateway), ==, 2);
  state = sd_test_outbox_row_state (f->owner, id, 3, &code);
  g_assert_cmpstr (state, ==, "withdrawn");
  g_assert_cmpstr (code, ==, "blocked");
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "withdrawn"), ==, 3);
  assert_state (f, id, "done", NULL);
}

/* Codes that need a person: the campaign pauses with the code, nothing is lost or sent,
 * and resuming sends everything once. */
static void
test_pausing_codes (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const codes[] = {
    "isv.DAY_LIMIT_CONTROL", "isv.MONTH_LIMIT_CONTROL", "isv.AMOUNT_NOT_ENOUGH", "isv.OUT_OF_SERVICE",
    "isv.TEMPLATE_MISSING_PARAMETERS", "isv.MOBILE_COUNT_OVER_LIMIT",
    /* day-level throttling (not retry_later), and a code ShopDesk does not know */
    "isv.BUSINESS_LIMIT_CONTROL", "isv.SOMETHING_NEW",
  };

  for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
    {
      gint64 id = sd_test_outbox_campaign (f->owner, "sending", 0);
      g_autofree char *sql = g_strdup_printf ("INSERT INTO campaign_recipients (campaign_id, phone, state, "
                                              "template_param, parts) VALUES (%lld, '+8613900000%03u', 'queued', '{}', 1)",
                                              (long long) id, c);
      g_autofree char *phone = g_strdup_printf ("13900000%03u", c);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      sd_test_exec (f->owner, sql);
      sd_fake_gateway_queue (f->gateway, codes[c]);
      g_assert_true (run (f, id, FALSE, &error));
      g_assert_no_error (error);
      assert_state (f, id, "paused", codes[c]);
      g_assert_cmpint (sd_test_outbox_count (f->owner, id, "queued"), ==, 1);
      g_assert_cmpuint (sd_fake_gateway_count (f->gateway, phone), ==, 0);
      text = sd_campaign_describe_pause_reason (codes[c]);
      g_assert_cmpstr (text, !=, "");

      g_assert_true (sd_campaign_resume (f->owner, id, &error));
      g_assert_no_error (error);
      g_assert_true (run (f, id, FALSE, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (sd_fake_gateway_count (f->gateway, phone), ==, 1);
      assert_state (f, id, "done", "");
    }
  g_assert_cmpuint (sd_test_audit_count (f->owner, "campaign.pause"), ==, G_N_ELEMENTS (codes));
  g_assert_cmpuint (sd_test_audit_count (f->owner, "campaign.resume"), ==, G_N_ELEMENTS (codes));
}

static void
test_auth_failed (Fixture       *f,
                  gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 2);
  g_autoptr(GError) error = NULL;

  sd_fake_gateway_queue (f->gateway, "AUTH");
  g_assert_false (run (f, id, FALSE, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
  assert_state (f, id, "paused", "auth_failed");
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "queued"), ==, 2);
  g_assert_cmpuint (sd_fake_gateway_total (f->gateway), ==, 0);
}

static void
test_throttled (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 3);
  gint64 id2;
  g_autoptr(GError) error = NULL;

  /* Throttled, then a system error: both retried after a wait; then it goes. */
  sd_fake_gateway_queue (f->gateway, "THROTTLE");
  sd_fake_gateway_queue (f->gateway, "isp.SYSTEM_ERROR");
  g_assert_true (run (f, id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 3);
  assert_each_once (f, 3);
  assert_state (f, id, "done", NULL);

  /* Throttled again and again: paused rather than hammering the gateway. */
  id2 = sd_test_outbox_campaign (f->owner, "sending", 0);
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO campaign_recipients (campaign_id, phone, state, "
                                            "template_param, parts) VALUES (%lld, '+8613700000000', 'queued', '{}', 1)",
                                            (long long) id2);
    sd_test_exec (f->owner, sql);
  }
  for (guint i = 0; i < 10; i++)
    sd_fake_gateway_queue (f->gateway, "THROTTLE");
  g_assert_true (run (f, id2, FALSE, &error));
  g_assert_no_error (error);
  assert_state (f, id2, "paused", "throttled");
  g_assert_cmpint (sd_test_outbox_count (f->owner, id2, "queued"), ==, 1);
}

/* One bad number refuses a whole batch: the job sends that batch one by one, so only the
 * bad number fails. */
static void
test_bad_number_in_batch (Fixture       *f,
                          gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *code = NULL;

  sd_fake_gateway_queue (f->gateway, "isv.MOBILE_NUMBER_ILLEGAL");
  sd_fake_gateway_queue (f->gateway, NULL);
  sd_fake_gateway_queue (f->gateway, "isv.MOBILE_NUMBER_ILLEGAL");
  g_assert_true (run (f, id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 4);
  g_assert_cmpuint (sd_fake_gateway_total (f->gateway), ==, 2);
  state = sd_test_outbox_row_state (f->owner, id, 1, &code);
  g_assert_cmpstr (state, ==, "failed");
  g_assert_cmpstr (code, ==, "isv.MOBILE_NUMBER_ILLEGAL");
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "accepted"), ==, 2);
  assert_state (f, id, "done", NULL);
}

typedef struct
{
  char   *path;
  gint64  id;
} PauseData;

static void
pause_from_elsewhere (SdFakeGateway *gateway,
                      guint          call,
                      gpointer       user_data)
{
  PauseData *data = user_data;
  g_autoptr(SdSession) other = NULL;
  g_autoptr(GError) error = NULL;

  if (call != 1)
    return;
  other = sd_test_login_owner (data->path);
  g_assert_true (sd_campaign_pause (other, data->id, &error));
  g_assert_no_error (error);
}

static void
test_pause_between_batches (Fixture       *f,
                            gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 250);
  PauseData pause = { f->path, id };
  g_autoptr(GError) error = NULL;

  sd_fake_gateway_set_hook (f->gateway, pause_from_elsewhere, &pause);
  g_assert_true (run (f, id, FALSE, &error));
  g_assert_no_error (error);
  /* The batch under way finished; no other left. */
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 1);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "accepted"), ==, 100);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "queued"), ==, 150);
  assert_state (f, id, "paused", "");

  sd_fake_gateway_set_hook (f->gateway, NULL, NULL);
  g_assert_true (sd_campaign_pause (f->owner, id, &error));   /* already paused: fine */
  g_assert_true (sd_campaign_resume (f->owner, id, &error));
  g_assert_no_error (error);
  g_assert_false (sd_campaign_resume (f->owner, id, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (run (f, id, FALSE, &error));
  g_assert_no_error (error);
  assert_each_once (f, 250);
  assert_state (f, id, "done", NULL);
}

static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 2);
  g_autoptr(GArray) seen = g_array_new (FALSE, TRUE, sizeof (SdCampaignProgress));
  g_autoptr(GError) error = NULL;
  SdCampaignProgress p;

  /* 21:00 Beijing: closed; the next opening is 08:00 tomorrow. */
  f->now = MORNING + 11 * 3600;
  g_assert_true (sd_campaign_send_run (f->owner, id, SD_SMS_GATEWAY (f->gateway), SD_CAMPAIGN_SEND_STOP_AT_WINDOW, count_reports, seen,
                                       NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 0);
  assert_state (f, id, "sending", NULL);
  p = g_array_index (seen, SdCampaignProgress, seen->len - 1);
  g_assert_true (p.waiting_for_window);
  g_assert_cmpint (p.next_opening, ==, MORNING + 22 * 3600);
  g_assert_true (sd_campaign_get_progress (f->owner, id, &p, &error));
  g_assert_true (p.waiting_for_window);
  g_assert_cmpint (p.queued, ==, 2);

  /* The last second before 08:00 is still closed; 08:00 itself is open. */
  f->now = MORNING + 22 * 3600 - 1;
  g_assert_true (run (f, id, TRUE, &error));
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 0);
  f->now = MORNING + 22 * 3600;
  g_assert_true (run (f, id, TRUE, &error));
  g_assert_no_error (error);
  assert_each_once (f, 2);
  assert_state (f, id, "done", NULL);
}

static void
test_window_across_midnight (Fixture       *f,
                             gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 1);
  g_autoptr(GError) error = NULL;

  sd_test_exec (f->owner, "UPDATE sms_settings SET send_start_minute = 1320, send_end_minute = 360");
  /* 10:00: closed in a 22:00–06:00 window. */
  g_assert_true (run (f, id, TRUE, &error));
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 0);
  /* 02:00 the next night (16 h later): open. */
  f->now = MORNING + 16 * 3600;
  g_assert_true (run (f, id, TRUE, &error));
  g_assert_no_error (error);
  assert_each_once (f, 1);
}

/* A campaign scheduled for later: STOP_AT_WINDOW returns at once, still scheduled; without
 * it the job waits for its time, then sends. */
static gpointer
reach_schedule_later (gpointer data)
{
  gint64 *now = data;

  g_usleep (50000);
  *now = MORNING + 3600;
  return NULL;
}

static void
test_scheduled_later (Fixture       *f,
                      gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "scheduled", 2);
  g_autofree char *sql = g_strdup_printf ("UPDATE campaigns SET scheduled_at = %lld WHERE id = %lld",
                                          (long long) (MORNING + 3600), (long long) id);
  g_autoptr(GArray) seen = g_array_new (FALSE, TRUE, sizeof (SdCampaignProgress));
  g_autoptr(GError) error = NULL;
  SdCampaignProgress p;
  GThread *thread;

  sd_test_exec (f->owner, sql);
  g_assert_true (sd_campaign_send_run (f->owner, id, SD_SMS_GATEWAY (f->gateway), SD_CAMPAIGN_SEND_STOP_AT_WINDOW, count_reports, seen,
                                       NULL, &error));
  g_assert_no_error (error);
  assert_state (f, id, "scheduled", NULL);
  g_assert_cmpuint (sd_fake_gateway_calls (f->gateway), ==, 0);
  p = g_array_index (seen, SdCampaignProgress, seen->len - 1);
  g_assert_true (p.waiting_for_window);
  g_assert_cmpint (p.next_opening, ==, MORNING + 3600);

  thread = g_thread_new ("clock", reach_schedule_later, &f->now);
  g_assert_true (run (f, id, FALSE, &error));
  g_thread_join (thread);
  g_assert_no_error (error);
  assert_each_once (f, 2);
  assert_state (f, id, "done", NULL);
}

static gpointer
open_window_later (gpointer data)
{
  gint64 *now = data;

  g_usleep (50000);
  *now = MORNING + 22 * 3600;
  return NULL;
}

/* Without stop_at_window the job waits for the opening, then sends. */
static void
test_window_waits (Fixture       *f,
                   gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 1);
  g_autoptr(GError) error = NULL;
  GThread *thread;

  f->now = MORNING + 12 * 3600;
  thread = g_thread_new ("clock", open_window_later, &f->now);
  g_assert_true (run (f, id, FALSE, &error));
  g_thread_join (thread);
  g_assert_no_error (error);
  assert_each_once (f, 1);
  assert_state (f, id, "done", NULL);
}

static void
test_deliveries (Fixture       *f,
                 gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = sd_test_outbox_phone (2);
  g_autofree char *state = NULL;
  g_autofree char *code = NULL;

  g_assert_true (run (f, id, FALSE, &error));
  g_assert_no_error (error);
  sd_fake_gateway_fail_number (f->gateway, bad, "MK:0012");
  /* Just accepted: nobody is asked yet, the carrier's report is not there. */
  g_assert_true (sd_campaign_poll_deliveries (f->owner, id, SD_SMS_GATEWAY (f->gateway), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_fake_gateway_queries (f->gateway), ==, 0);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "accepted"), ==, 4);
  f->now += 60;
  g_assert_true (sd_campaign_poll_deliveries (f->owner, id, SD_SMS_GATEWAY (f->gateway), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "delivered"), ==, 3);
  state = sd_test_outbox_row_state (f->owner, id, 2, &code);
  g_assert_cmpstr (state, ==, "failed");
  g_assert_cmpstr (code, ==, "MK:0012");
}

/* 250 accepted rows are asked about and stored 100 at a time: all of them delivered; a
 * cancel after the first chunk keeps that chunk, the rest still accepted for next time. */
static void
test_deliveries_in_chunks (Fixture       *f,
                           gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 250);
  gint64 other = sd_test_outbox_campaign (f->owner, "sending", 250);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) awaiting = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (run (f, id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (run (f, other, FALSE, &error));
  g_assert_no_error (error);
  f->now += 120;

  /* Both await their reports; once polled, the first no more. */
  awaiting = sd_campaign_list_awaiting_reports (f->owner, f->now - 72 * 3600, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (awaiting->len, ==, 2);
  g_clear_pointer (&awaiting, g_array_unref);

  g_assert_true (sd_campaign_poll_deliveries (f->owner, id, SD_SMS_GATEWAY (f->gateway), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "delivered"), ==, 250);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "accepted"), ==, 0);
  g_assert_cmpuint (sd_fake_gateway_queries (f->gateway), ==, 250);
  awaiting = sd_campaign_list_awaiting_reports (f->owner, f->now - 72 * 3600, &error);
  g_assert_cmpuint (awaiting->len, ==, 1);
  g_assert_cmpint (g_array_index (awaiting, gint64, 0), ==, other);
  g_clear_pointer (&awaiting, g_array_unref);
  /* Accepted longer ago than asked about: not awaited. */
  awaiting = sd_campaign_list_awaiting_reports (f->owner, f->now + 1, &error);
  g_assert_cmpuint (awaiting->len, ==, 0);

  /* Cancelled while the first chunk's last number is asked: that chunk is stored. */
  sd_fake_gateway_cancel_after_queries (f->gateway, 250 + 100, cancellable);
  g_assert_false (sd_campaign_poll_deliveries (f->owner, other, SD_SMS_GATEWAY (f->gateway), cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (sd_test_outbox_count (f->owner, other, "delivered"), ==, 100);
  g_assert_cmpint (sd_test_outbox_count (f->owner, other, "accepted"), ==, 150);

  /* The next poll asks only about the rest. */
  g_assert_true (sd_campaign_poll_deliveries (f->owner, other, SD_SMS_GATEWAY (f->gateway), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sd_test_outbox_count (f->owner, other, "delivered"), ==, 250);
  g_assert_cmpuint (sd_fake_gateway_queries (f->gateway), ==, 500);
}

/* ---- two senders at once, against the simulator ---- */

typedef struct
{
  char         *path;
  char         *url;
  gint64        id;
  gboolean      ok;
  GError       *error;
} Sender;

static gpointer
sender_thread (gpointer data)
{
  Sender *s = data;
  g_autoptr(SdSession) session = sd_test_login_owner (s->path);
  g_autoptr(SdAliyunGateway) gateway = sd_aliyun_gateway_new (s->url, "testId", "testSecret", "小店");

  s->ok = sd_campaign_send_run (session, s->id, SD_SMS_GATEWAY (gateway), SD_CAMPAIGN_SEND_DEFAULT, NULL, NULL, NULL, &s->error);
  return NULL;
}

/* Two windows (or two computers) send the same campaign at the same moment, each on its own
 * connection: the simulator gets every recipient exactly once. The one that comes second
 * says another sender has it; whichever that is, the campaign ends done. */
static void
test_two_senders (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const args[] = { "--aliyun-delivery-delay", "0", NULL };
  g_autoptr(SdTestSim) sim = sd_test_sim_start (args);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = NULL;
  JsonObject *per_phone;
  Sender senders[2] = { { 0, }, { 0, } };
  GThread *threads[2];
  gint64 id;
  guint ok = 0;

  if (sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  url = g_strconcat (sd_test_sim_get_url (sim), "/", NULL);
  id = sd_test_outbox_campaign (f->owner, "sending", 450);
  /* Whatever the hour the test runs at. */
  sd_test_exec (f->owner, "UPDATE sms_settings SET send_start_minute = 0, send_end_minute = 1439");
  for (guint i = 0; i < 2; i++)
    {
      senders[i].path = f->path;
      senders[i].url = url;
      senders[i].id = id;
    }
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("sender", sender_thread, &senders[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      if (senders[i].ok)
        ok++;
      else
        g_assert_error (senders[i].error, SD_ERROR, SD_ERROR_CONFLICT);
      g_clear_error (&senders[i].error);
    }
  g_assert_cmpuint (ok, >=, 1);
  assert_state (f, id, "done", NULL);
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "accepted") + sd_test_outbox_count (f->owner, id, "delivered"),
                   ==, 450);

  root = sd_test_sim_get_json (sim, "/_sim/aliyun/counts");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "messages"), ==, 450);
  per_phone = json_object_get_object_member (json_node_get_object (root), "counts");
  g_assert_cmpuint (json_object_get_size (per_phone), ==, 450);
  for (guint i = 0; i < 450; i++)
    {
      g_autofree char *phone = sd_test_outbox_phone (i);

      g_assert_cmpint (json_object_get_int_member_with_default (per_phone, phone, 0), ==, 1);
    }

  /* Once the first is done, a second run refuses as for any finished campaign. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdAliyunGateway) gateway = sd_aliyun_gateway_new (url, "testId", "testSecret", "小店");

    g_assert_false (sd_campaign_send_run (f->owner, id, SD_SMS_GATEWAY (gateway), SD_CAMPAIGN_SEND_DEFAULT, NULL, NULL, NULL, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  }
}

static gpointer
waiting_sender_thread (gpointer data)
{
  Sender *s = data;
  g_autoptr(SdSession) session = sd_test_login_owner (s->path);
  g_autoptr(SdFakeGateway) gateway = sd_fake_gateway_new (100);

  /* The test's own sender takes the campaign for a moment on each of its tries: met then,
   * this one tries again, as a person would, until it holds the campaign. */
  for (guint tries = 0; tries < 1000; tries++)
    {
      g_clear_error (&s->error);
      s->ok = sd_campaign_send_run (session, s->id, SD_SMS_GATEWAY (gateway), SD_CAMPAIGN_SEND_DEFAULT, NULL, NULL,
                                    NULL, &s->error);
      if (s->ok || !g_error_matches (s->error, SD_ERROR, SD_ERROR_CONFLICT))
        break;
      g_usleep (5000);
    }
  return NULL;
}

/* A sender holding a campaign (here waiting for the sending hours) keeps every other one
 * out, on any connection, until it ends; then the next one may take it. */
static void
test_sender_lock (Fixture       *f,
                  gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "sending", 3);
  g_autoptr(SdSession) other = sd_test_login_owner (f->path);
  g_autoptr(GDateTime) now = g_date_time_new_now (sd_shop_time_zone ());
  int start = ((g_date_time_get_hour (now) + 3) % 24) * 60;
  g_autofree char *sql = g_strdup_printf ("UPDATE sms_settings SET send_start_minute = %d, send_end_minute = %d",
                                          start, (start + 60) % (24 * 60));
  Sender waiting = { f->path, NULL, id, FALSE, NULL };
  gboolean refused = FALSE;
  GThread *thread;

  /* The sending hours start in three hours, by the real clock the other connections read. */
  sd_test_exec (f->owner, sql);
  thread = g_thread_new ("waiting", waiting_sender_thread, &waiting);
  for (guint tries = 0; tries < 500 && !refused; tries++)
    {
      g_autoptr(GError) error = NULL;

      /* Stopping at the window: it returns at once when it gets the campaign. */
      if (!sd_campaign_send_run (other, id, SD_SMS_GATEWAY (f->gateway), SD_CAMPAIGN_SEND_STOP_AT_WINDOW, NULL, NULL,
                                 NULL, &error))
        {
          g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
          g_assert_nonnull (strstr (error->message, "another"));
          refused = TRUE;
        }
      else
        g_usleep (10000);
    }
  g_assert_true (refused);

  /* Paused: the waiting sender ends, and lets go. */
  g_assert_true (sd_campaign_pause (other, id, NULL));
  g_thread_join (thread);
  g_assert_true (waiting.ok);
  g_assert_no_error (waiting.error);
  assert_state (f, id, "paused", NULL);
  /* A send asked for before the pause keeps it; one told to resume it resumes it. */
  g_assert_true (sd_campaign_send_run (other, id, SD_SMS_GATEWAY (f->gateway), SD_CAMPAIGN_SEND_STOP_AT_WINDOW,
                                       NULL, NULL, NULL, NULL));
  assert_state (f, id, "paused", NULL);
  g_assert_true (sd_campaign_send_run (other, id, SD_SMS_GATEWAY (f->gateway),
                                       SD_CAMPAIGN_SEND_STOP_AT_WINDOW | SD_CAMPAIGN_SEND_RESUME_PAUSED, NULL, NULL,
                                       NULL, NULL));
  assert_state (f, id, "sending", NULL);
  g_assert_cmpuint (sd_fake_gateway_total (f->gateway), ==, 0);
}

static void
test_send_test (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = sd_test_outbox_campaign (f->owner, "scheduled", 2);
  g_autoptr(GError) error = NULL;

  g_assert_false (sd_campaign_send_test (f->owner, id, SD_SMS_GATEWAY (f->gateway), NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  sd_test_exec (f->owner, "UPDATE sms_settings SET test_phone = '+86 139 0000 9999'");
  g_assert_true (sd_campaign_send_test (f->owner, id, SD_SMS_GATEWAY (f->gateway), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_fake_gateway_count (f->gateway, "13900009999"), ==, 1);
  g_assert_cmpstr (sd_fake_gateway_last_param (f->gateway, "13900009999"), ==, "{\"name\":\"客户0\"}");
  /* Outside the outbox: the campaign is untouched. */
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "queued"), ==, 2);
  assert_state (f, id, "scheduled", NULL);
  g_assert_cmpuint (sd_test_audit_count (f->owner, "campaign.test"), ==, 1);

  sd_fake_gateway_queue (f->gateway, "isv.AMOUNT_NOT_ENOUGH");
  g_assert_false (sd_campaign_send_test (f->owner, id, SD_SMS_GATEWAY (f->gateway), "13900008888", NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "isv.AMOUNT_NOT_ENOUGH"));
  g_clear_error (&error);

  /* A draft has no outbox yet: its own coupon, and the fallback word for a customer's name. */
  {
    g_autoptr(SdCampaign) draft = sd_campaign_new ();
    gint64 draft_id;

    g_free (draft->name);
    draft->name = g_strdup ("试发");
    g_free (draft->body);
    draft->body = g_strdup ("{name}您好，券码{coupon}");
    g_free (draft->coupon);
    draft->coupon = g_strdup ("SD9");
    g_free (draft->template_code);
    draft->template_code = g_strdup ("SMS_100");
    draft_id = sd_campaigns_create (f->owner, draft, &error);
    g_assert_no_error (error);
    sd_campaign_send_test (f->owner, draft_id, SD_SMS_GATEWAY (f->gateway), "13900007777", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sd_fake_gateway_last_param (f->gateway, "13900007777"), ==, "{\"coupon\":\"SD9\",\"name\":\"亲\"}");
  }
}

/* Settings without keys given: the environment's are used and nothing goes to a keyring
 * (this test runs without one). */
static void
test_gateway_settings (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SdSession) composer = sd_test_staff_session (f->owner, "writer",
                                                         SD_PERMISSION_BIT (SD_PERMISSION_COMPOSE_CAMPAIGNS));
  SdSmsGatewayConfig config = { .sign_name = "【测试】", .url = "http://127.0.0.1:9/", .template_code = " SMS_100 " };
  g_autoptr(SdSmsGatewaySettings) settings = NULL;
  g_autoptr(SdSmsGateway) gateway = NULL;
  g_autoptr(GError) error = NULL;
  SdSecretSource source = SD_SECRET_SOURCE_NONE;

  g_unsetenv (SD_SMS_ENV_ACCESS_KEY_ID);
  g_unsetenv (SD_SMS_ENV_ACCESS_KEY_SECRET);
  g_assert_null (sd_sms_gateway_settings_get (f->owner, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* 【】 are the gateway's; no keys anywhere; half a key pair. */
  g_assert_false (sd_sms_gateway_settings_set (f->owner, &config, &source, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  config.sign_name = "测试";
  g_assert_false (sd_sms_gateway_settings_set (f->owner, &config, &source, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, SD_SMS_ENV_ACCESS_KEY_ID));
  g_clear_error (&error);
  config.access_key_id = "only-the-id";
  g_assert_false (sd_sms_gateway_settings_set (f->owner, &config, &source, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  config.access_key_id = NULL;
  config.url = "ftp://example.com/";
  g_setenv (SD_SMS_ENV_ACCESS_KEY_ID, "testId", TRUE);
  g_setenv (SD_SMS_ENV_ACCESS_KEY_SECRET, "testSecret", TRUE);
  g_assert_false (sd_sms_gateway_settings_set (f->owner, &config, &source, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  config.url = "http://127.0.0.1:9/";
  g_assert_false (sd_sms_gateway_settings_set (composer, &config, &source, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_true (sd_sms_gateway_settings_set (f->owner, &config, &source, &error));
  g_assert_no_error (error);
  g_assert_cmpint (source, ==, SD_SECRET_SOURCE_ENVIRONMENT);
  g_assert_cmpuint (sd_test_audit_count (f->owner, "gateway.set"), ==, 1);

  settings = sd_sms_gateway_settings_get (composer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (settings->sign_name, ==, "测试");
  g_assert_cmpstr (settings->template_code, ==, "SMS_100");
  g_assert_cmpstr (settings->url, ==, "http://127.0.0.1:9/");
  g_assert_cmpint (settings->secret_source, ==, SD_SECRET_SOURCE_ENVIRONMENT);

  /* Composing is not sending: no gateway for that account. */
  g_assert_null (sd_sms_open_gateway (composer, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  gateway = sd_sms_open_gateway (f->owner, &error);
  g_assert_no_error (error);
  g_assert_true (SD_IS_ALIYUN_GATEWAY (gateway));
  g_clear_object (&gateway);

  /* Without the environment's keys, and none in a keyring: it says how to give them. */
  g_unsetenv (SD_SMS_ENV_ACCESS_KEY_ID);
  g_assert_null (sd_sms_open_gateway (f->owner, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_AUTH_FAILED);
  g_clear_error (&error);
  g_unsetenv (SD_SMS_ENV_ACCESS_KEY_SECRET);

  g_assert_true (sd_sms_gateway_settings_clear (f->owner, &error));
  g_assert_no_error (error);
  g_assert_false (sd_sms_gateway_settings_clear (f->owner, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

/* Against the simulator with approved templates: a campaign whose template code the account
 * has not had approved (or whose values fall short of the template) fails every row alike,
 * so the send pauses at the first batch with the gateway's code, nothing sent, every row
 * still queued; the test message says why; once the template is there, resume sends all. */
static void
test_template_refused (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const args[] = { "--aliyun-delivery-delay", "0",
                                       "--aliyun-template", "SMS_200=${name}您好，拒收请回复R", NULL };
  g_autoptr(SdTestSim) sim = sd_test_sim_start (args);
  g_autoptr(SdAliyunGateway) gateway = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) messages = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  g_autofree char *generic = NULL;
  JsonArray *list;
  gint64 id;

  if (sim == NULL)
    {
      g_test_skip ("shopdesk-sim is not built");
      return;
    }
  url = g_strconcat (sd_test_sim_get_url (sim), "/", NULL);
  gateway = sd_aliyun_gateway_new (url, "testId", "testSecret", "小店");
  /* Template SMS_100, {"name":"客户i"} each. */
  id = sd_test_outbox_campaign (f->owner, "sending", 3);
  sd_test_exec (f->owner, "UPDATE sms_settings SET send_start_minute = 0, send_end_minute = 1439, "
                          "test_phone = '13900009999'");

  g_assert_true (sd_campaign_send_run (f->owner, id, SD_SMS_GATEWAY (gateway), SD_CAMPAIGN_SEND_DEFAULT, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_state (f, id, "paused", "isv.SMS_TEMPLATE_ILLEGAL");
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "queued"), ==, 3);
  /* What the Campaigns page and the CLI say: the template, not the generic refusal. */
  text = sd_campaign_describe_pause_reason ("isv.SMS_TEMPLATE_ILLEGAL");
  generic = sd_campaign_describe_pause_reason ("isv.SOMETHING_NEW");
  g_assert_nonnull (strstr (text, "template"));
  g_assert_cmpstr (text, !=, generic);
  g_assert_false (sd_campaign_send_test (f->owner, id, SD_SMS_GATEWAY (gateway), NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "isv.SMS_TEMPLATE_ILLEGAL"));
  g_assert_nonnull (strstr (error->message, "approved template"));
  g_clear_error (&error);

  /* Approved now, but with a variable the campaign does not fill. */
  g_free (sd_test_sim_post (sim, "/_sim/aliyun/templates?code=SMS_100&text=%24%7Bname%7D%E6%82%A8%E5%A5%BD%24%7Bcoupon%7D"));
  g_assert_true (sd_campaign_resume (f->owner, id, &error));
  g_assert_true (sd_campaign_send_run (f->owner, id, SD_SMS_GATEWAY (gateway), SD_CAMPAIGN_SEND_DEFAULT, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_state (f, id, "paused", "isv.TEMPLATE_MISSING_PARAMETERS");
  g_assert_cmpint (sd_test_outbox_count (f->owner, id, "queued"), ==, 3);
  messages = sd_test_sim_get_json (sim, "/_sim/aliyun/messages");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (messages), "count"), ==, 0);
  g_clear_pointer (&messages, json_node_unref);

  /* The template as the campaign fills it: every message goes, as the phone shows it. */
  g_free (sd_test_sim_post (sim, "/_sim/aliyun/templates?code=SMS_100&text=%24%7Bname%7D%E6%82%A8%E5%A5%BD"));
  g_assert_true (sd_campaign_resume (f->owner, id, &error));
  g_assert_true (sd_campaign_send_run (f->owner, id, SD_SMS_GATEWAY (gateway), SD_CAMPAIGN_SEND_DEFAULT, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_state (f, id, "done", "");
  messages = sd_test_sim_get_json (sim, "/_sim/aliyun/messages");
  list = json_object_get_array_member (json_node_get_object (messages), "messages");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "content"), ==,
                   "【小店】客户0您好");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/campaign-send/all", Fixture, NULL, fixture_set_up, test_send_all, fixture_tear_down);
  g_test_add ("/campaign-send/refuses", Fixture, NULL, fixture_set_up, test_refuses, fixture_tear_down);
  g_test_add ("/campaign-send/answer-lost", Fixture, NULL, fixture_set_up, test_answer_lost, fixture_tear_down);
  g_test_add ("/campaign-send/crash-then-resume", Fixture, NULL, fixture_set_up, test_crash_then_resume, fixture_tear_down);
  g_test_add ("/campaign-send/reconcile-not-sent", Fixture, NULL, fixture_set_up, test_reconcile_not_sent, fixture_tear_down);
  g_test_add ("/campaign-send/optout-while-queued", Fixture, NULL, fixture_set_up, test_optout_while_queued, fixture_tear_down);
  g_test_add ("/campaign-send/pausing-codes", Fixture, NULL, fixture_set_up, test_pausing_codes, fixture_tear_down);
  g_test_add ("/campaign-send/auth-failed", Fixture, NULL, fixture_set_up, test_auth_failed, fixture_tear_down);
  g_test_add ("/campaign-send/throttled", Fixture, NULL, fixture_set_up, test_throttled, fixture_tear_down);
  g_test_add ("/campaign-send/bad-number-in-batch", Fixture, NULL, fixture_set_up, test_bad_number_in_batch, fixture_tear_down);
  g_test_add ("/campaign-send/pause-between-batches", Fixture, NULL, fixture_set_up, test_pause_between_batches, fixture_tear_down);
  g_test_add ("/campaign-send/window", Fixture, NULL, fixture_set_up, test_window, fixture_tear_down);
  g_test_add ("/campaign-send/window-across-midnight", Fixture, NULL, fixture_set_up, test_window_across_midnight, fixture_tear_down);
  g_test_add ("/campaign-send/scheduled-later", Fixture, NULL, fixture_set_up, test_scheduled_later, fixture_tear_down);
  g_test_add ("/campaign-send/window-waits", Fixture, NULL, fixture_set_up, test_window_waits, fixture_tear_down);
  g_test_add ("/campaign-send/deliveries", Fixture, NULL, fixture_set_up, test_deliveries, fixture_tear_down);
  g_test_add ("/campaign-send/deliveries-in-chunks", Fixture, NULL, fixture_set_up, test_deliveries_in_chunks, fixture_tear_down);
  g_test_add ("/campaign-send/two-senders", Fixture, NULL, fixture_set_up, test_two_senders, fixture_tear_down);
  g_test_add ("/campaign-send/sender-lock", Fixture, NULL, fixture_set_up, test_sender_lock, fixture_tear_down);
  g_test_add ("/campaign-send/gateway-settings", Fixture, NULL, fixture_set_up, test_gateway_settings, fixture_tear_down);
  g_test_add ("/campaign-send/send-test", Fixture, NULL, fixture_set_up, test_send_test, fixture_tear_down);
  g_test_add ("/campaign-send/template-refused", Fixture, NULL, fixture_set_up, test_template_refused, fixture_tear_down);
  return g_test_run ();
}
