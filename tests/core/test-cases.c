/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include <string.h>

#include "sd-audit.h"
#include "sd-cases.h"
#include "sd-db-private.h"
#include "sd-error.h"

/* After-sales cases: deadlines on the fake clock across a day boundary, deadline changes
 * that leave older cases alone, the state moves allowed and refused, the history, the
 * overdue-first order and its keyset paging, links checked, permissions. */

#define BIT(p) SD_PERMISSION_BIT (SD_PERMISSION_##p)
#define HOUR 3600

typedef struct
{
  char      *dir;
  SdSession *owner;
  gint64     now;
  gint64     alice, bob;
  gint64     alice_order, bob_order;
} Fixture;

/* 2026-03-10 23:30:00 in Beijing (UTC+8): the evening before a day boundary. */
static gint64
evening (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, 2026, 3, 10, 23, 30, 0);

  return g_date_time_to_unix (dt);
}

static gint64
add_order (SdSession  *owner,
           const char *ref,
           gint64      customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("INSERT INTO orders (platform_order_id, customer_id, amount_cents, "
                                          "created_at, status) VALUES ('%s', %" G_GINT64_FORMAT
                                          ", 9900, 1700000000, 'WAIT_BUYER_CONFIRM_GOODS')", ref, customer_id);
  SdDb *db = sd_session_get_db (owner);

  g_assert_true (_sd_db_exec (db, sql, &error));
  g_assert_no_error (error);
  return _sd_db_last_insert_id (db);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->owner = sd_test_new_temp_shop (&f->dir, NULL);
  f->now = evening ();
  sd_test_set_clock (sd_session_get_db (f->owner), &f->now);
  f->alice = sd_test_add_customer (f->owner, "tb_alice", "王丽", NULL);
  f->bob = sd_test_add_customer (f->owner, "tb_bob", "李波", NULL);
  f->alice_order = add_order (f->owner, "T1001", f->alice);
  f->bob_order = add_order (f->owner, "T2002", f->bob);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->owner);
  sd_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static gint64
open_case (SdSession  *session,
           SdCaseType  type,
           gint64      customer_id,
           const char *title)
{
  g_autoptr(GError) error = NULL;
  SdCaseOpen open = { .type = type, .customer_id = customer_id, .title = title };
  gint64 id = sd_cases_open (session, &open, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static SdCase *
get_case (SdSession *session,
          gint64     id)
{
  g_autoptr(GError) error = NULL;
  SdCase *c = sd_cases_get (session, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static void
move (SdSession   *session,
      gint64       id,
      SdCaseState  state)
{
  g_autoptr(GError) error = NULL;
  SdCaseUpdate update = { .set_state = TRUE, .state = state };

  g_assert_true (sd_cases_update (session, id, &update, &error));
  g_assert_no_error (error);
}

static void
test_deadline_day_boundary (Fixture       *f,
                            gconstpointer  data)
{
  gint64 opened = f->now;
  gint64 id = open_case (f->owner, SD_CASE_COMPLAINT, f->alice, "买家投诉发错颜色");
  g_autoptr(SdCase) c = get_case (f->owner, id);

  /* Due at 23:30 the next day, Beijing time: 24 hours, across midnight. */
  g_assert_cmpint (c->created_at, ==, opened);
  g_assert_cmpint (c->deadline_at, ==, opened + 24 * HOUR);
  g_assert_false (c->overdue);

  f->now = opened + 24 * HOUR;
  g_clear_pointer (&c, sd_case_free);
  c = get_case (f->owner, id);
  g_assert_false (c->overdue);

  f->now = opened + 24 * HOUR + 1;
  g_clear_pointer (&c, sd_case_free);
  c = get_case (f->owner, id);
  g_assert_true (c->overdue);

  /* A resolved case is never overdue, however late it is read. */
  move (f->owner, id, SD_CASE_RESOLVED);
  g_clear_pointer (&c, sd_case_free);
  c = get_case (f->owner, id);
  g_assert_false (c->overdue);
  g_assert_cmpint (c->resolved_at, ==, opened + 24 * HOUR + 1);
  g_assert_cmpint (c->resolved_at, >, c->deadline_at);
}

static void
test_deadline_change (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 before = f->now;
  gint64 old_id = open_case (f->owner, SD_CASE_REFUND, f->alice, "退款未到账");
  g_autoptr(SdCase) old_case = NULL;
  g_autoptr(SdCase) new_case = NULL;
  int hours[SD_CASE_TYPE_N];
  gint64 new_id;

  g_assert_true (sd_cases_get_deadline_hours (f->owner, hours, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hours[SD_CASE_REFUND], ==, 48);
  g_assert_cmpint (hours[SD_CASE_COMPLAINT], ==, 24);

  f->now += HOUR;
  g_assert_true (sd_cases_set_deadline_hours (f->owner, SD_CASE_REFUND, 6, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_CASE_DEADLINE), ==, 1);
  g_assert_true (sd_cases_get_deadline_hours (f->owner, hours, &error));
  g_assert_cmpint (hours[SD_CASE_REFUND], ==, 6);

  new_id = open_case (f->owner, SD_CASE_REFUND, f->bob, "退款金额不对");
  old_case = get_case (f->owner, old_id);
  new_case = get_case (f->owner, new_id);
  /* The older case keeps the 48 hours it was opened with. */
  g_assert_cmpint (old_case->deadline_at, ==, before + 48 * HOUR);
  g_assert_cmpint (new_case->deadline_at, ==, before + HOUR + 6 * HOUR);

  g_assert_false (sd_cases_set_deadline_hours (f->owner, SD_CASE_REFUND, 0, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
}

static void
test_state_moves (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = open_case (f->owner, SD_CASE_CHASE_SHIPMENT, f->alice, "催发货");
  SdCaseUpdate back_to_new = { .set_state = TRUE, .state = SD_CASE_NEW };
  SdCaseUpdate wait_buyer = { .set_state = TRUE, .state = SD_CASE_WAITING_BUYER };
  g_autoptr(SdCase) c = NULL;

  move (f->owner, id, SD_CASE_IN_PROGRESS);
  move (f->owner, id, SD_CASE_WAITING_COURIER);

  g_assert_false (sd_cases_update (f->owner, id, &back_to_new, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "waiting_courier"));
  g_assert_nonnull (strstr (error->message, "“new”"));
  g_clear_error (&error);

  f->now += 10;
  move (f->owner, id, SD_CASE_RESOLVED);
  c = get_case (f->owner, id);
  g_assert_cmpint (c->resolved_at, ==, f->now);

  /* Resolved may only be reopened or closed. */
  g_assert_false (sd_cases_update (f->owner, id, &wait_buyer, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "resolved"));
  g_assert_nonnull (strstr (error->message, "waiting_buyer"));
  g_clear_error (&error);

  move (f->owner, id, SD_CASE_IN_PROGRESS);
  g_clear_pointer (&c, sd_case_free);
  c = get_case (f->owner, id);
  g_assert_cmpint (c->resolved_at, ==, 0);

  f->now += 10;
  move (f->owner, id, SD_CASE_RESOLVED);
  f->now += 10;
  g_assert_true (sd_cases_close (f->owner, id, "买家确认收货", &error));
  g_assert_no_error (error);
  g_clear_pointer (&c, sd_case_free);
  c = get_case (f->owner, id);
  g_assert_cmpint (c->state, ==, SD_CASE_CLOSED);
  g_assert_cmpint (c->resolved_at, ==, f->now - 10);
  g_assert_cmpint (c->closed_at, ==, f->now);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_CASE_OPEN), ==, 1);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_CASE_CLOSE), ==, 1);

  /* Closed is final. */
  g_assert_false (sd_cases_update (f->owner, id, &wait_buyer, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (sd_cases_close (f->owner, id, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);

  g_assert_false (sd_case_state_can_move (SD_CASE_CLOSED, SD_CASE_IN_PROGRESS));
  g_assert_true (sd_case_state_can_move (SD_CASE_NEW, SD_CASE_CLOSED));
  g_assert_false (sd_case_state_can_move (SD_CASE_IN_PROGRESS, SD_CASE_IN_PROGRESS));
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) agent = sd_test_staff_session (f->owner, "小王", BIT (HANDLE_CASES) | BIT (CONVERSATIONS_OWN));
  SdCaseOpen open = { .type = SD_CASE_LOST_DAMAGED, .customer_id = f->alice, .order_id = f->alice_order,
                      .title = "外箱破损", .note = "买家发来照片" };
  SdCaseUpdate update = { .set_staff = TRUE, .staff_id = sd_session_get_staff_id (agent),
                          .set_state = TRUE, .state = SD_CASE_IN_PROGRESS, .title = "外箱破损，补发",
                          .note = "已联系仓库补发" };
  g_autoptr(SdCase) c = NULL;
  const SdCaseEvent *e;
  gint64 id;

  id = sd_cases_open (f->owner, &open, &error);
  g_assert_no_error (error);
  f->now += 60;
  g_assert_true (sd_cases_update (f->owner, id, &update, &error));
  g_assert_no_error (error);
  f->now += 60;
  g_assert_true (sd_cases_add_note (agent, id, "补发单号 SF123", &error));
  g_assert_no_error (error);
  /* Nothing changes: nothing is written. */
  g_assert_true (sd_cases_update (f->owner, id, &(SdCaseUpdate) { .title = "外箱破损，补发" }, &error));
  g_assert_no_error (error);

  c = get_case (f->owner, id);
  g_assert_cmpstr (c->order_ref, ==, "T1001");
  g_assert_cmpstr (c->staff_name, ==, "小王");
  g_assert_cmpstr (c->title, ==, "外箱破损，补发");
  g_assert_cmpint (c->updated_at, ==, f->now);
  g_assert_cmpuint (c->events->len, ==, 6);
  e = g_ptr_array_index (c->events, 0);
  g_assert_cmpint (e->kind, ==, SD_CASE_EVENT_OPENED);
  g_assert_cmpstr (e->text, ==, "买家发来照片");
  g_assert_cmpint (e->at, ==, f->now - 120);
  e = g_ptr_array_index (c->events, 1);
  g_assert_cmpint (e->kind, ==, SD_CASE_EVENT_EDITED);
  g_assert_cmpstr (e->from_value, ==, "外箱破损");
  g_assert_cmpstr (e->to_value, ==, "外箱破损，补发");
  e = g_ptr_array_index (c->events, 2);
  g_assert_cmpint (e->kind, ==, SD_CASE_EVENT_ASSIGNED);
  g_assert_cmpstr (e->from_value, ==, "");
  g_assert_cmpstr (e->to_value, ==, "小王");
  e = g_ptr_array_index (c->events, 3);
  g_assert_cmpint (e->kind, ==, SD_CASE_EVENT_STATE);
  g_assert_cmpstr (e->from_value, ==, "new");
  g_assert_cmpstr (e->to_value, ==, "in_progress");
  e = g_ptr_array_index (c->events, 4);
  g_assert_cmpint (e->kind, ==, SD_CASE_EVENT_NOTE);
  g_assert_cmpstr (e->text, ==, "已联系仓库补发");
  e = g_ptr_array_index (c->events, 5);
  g_assert_cmpint (e->kind, ==, SD_CASE_EVENT_NOTE);
  g_assert_cmpstr (e->text, ==, "补发单号 SF123");
  g_assert_cmpstr (e->staff_name, ==, "小王");
  g_assert_cmpint (e->at, ==, f->now);
}

/* The ids of CASES, comma-separated. */
static char *
ids_of (GPtrArray *cases)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < cases->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", ((SdCase *) g_ptr_array_index (cases, i))->id);
  return g_string_free (out, FALSE);
}

/* The ids of the cases SESSION lists for FILTER. */
static char *
list_ids (SdSession    *session,
          SdCaseFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = sd_cases_list (session, filter, &error);

  g_assert_no_error (error);
  return ids_of (cases);
}

/* The ids of every page SESSION lists for FILTER, one page after the other; *OUT_PAGES
 * the number of pages that held a case. */
static char *
paged_ids (SdSession    *session,
           SdCaseFilter *filter,
           guint        *out_pages)
{
  GString *paged = g_string_new (NULL);
  guint pages = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = sd_cases_list (session, filter, &error);
      g_autofree char *page_ids = NULL;

      g_assert_no_error (error);
      if (page->len == 0)
        break;
      page_ids = ids_of (page);
      g_string_append_printf (paged, "%s%s", paged->len ? "," : "", page_ids);
      sd_case_filter_set_after (filter, g_ptr_array_index (page, page->len - 1));
      g_assert_cmpuint (++pages, <, 10);
    }
  *out_pages = pages;
  return g_string_free (paged, FALSE);
}

static void
test_sort_and_paging (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *paged = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *all_ids = NULL;
  gint64 start = f->now;
  gint64 ids[7];
  SdCaseFilter filter;
  guint pages = 0;

  /* Deadlines: complaints 24 h, chase 24 h, refund 48 h, other 72 h; opened an hour apart.
   * ids[0..1] will be overdue, ids[2] resolved (never overdue), the others on time; two
   * chase cases opened at the same moment tie on their deadline. */
  ids[0] = open_case (f->owner, SD_CASE_OTHER, f->alice, "a");            /* due start + 72 h */
  ids[1] = open_case (f->owner, SD_CASE_COMPLAINT, f->alice, "b");        /* due start + 24 h */
  ids[2] = open_case (f->owner, SD_CASE_COMPLAINT, f->bob, "c");          /* due start + 24 h, resolved */
  f->now = start + HOUR;
  ids[3] = open_case (f->owner, SD_CASE_REFUND, f->bob, "d");             /* due start + 49 h */
  ids[4] = open_case (f->owner, SD_CASE_CHASE_SHIPMENT, f->bob, "e");     /* due start + 25 h */
  ids[5] = open_case (f->owner, SD_CASE_CHASE_SHIPMENT, f->alice, "f");   /* due start + 25 h, tie */
  ids[6] = open_case (f->owner, SD_CASE_RETURN_EXCHANGE, f->alice, "g");  /* due start + 73 h */
  move (f->owner, ids[2], SD_CASE_RESOLVED);

  /* At start + 24 h + 30 min: b is overdue; e and f (due at +25 h) not yet. */
  f->now = start + 24 * HOUR + 1800;
  sd_case_filter_init (&filter);
  all = sd_cases_list (f->owner, &filter, &error);
  g_assert_no_error (error);
  all_ids = ids_of (all);
  {
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                                 ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                                 ",%" G_GINT64_FORMAT,
                                                 ids[1], ids[2], ids[4], ids[5], ids[3], ids[0], ids[6]);
    g_assert_cmpstr (all_ids, ==, expected);
  }
  g_assert_true (((SdCase *) g_ptr_array_index (all, 0))->overdue);
  g_assert_false (((SdCase *) g_ptr_array_index (all, 1))->overdue);

  /* Pages of 2 walk the same list without gaps or repeats, the tie included. */
  sd_case_filter_init (&filter);
  filter.limit = 2;
  paged = paged_ids (f->owner, &filter, &pages);
  g_assert_cmpstr (paged, ==, all_ids);
  g_assert_cmpuint (pages, ==, 4);

  /* Filters: overdue only; open states of one type; a customer. */
  {
    g_autofree char *overdue = NULL;
    g_autofree char *open_complaints = NULL;
    g_autofree char *bobs = NULL;
    g_autofree char *expected = NULL;

    sd_case_filter_init (&filter);
    filter.overdue_only = TRUE;
    overdue = list_ids (f->owner, &filter);
    sd_case_filter_init (&filter);
    filter.states = SD_CASE_STATES_OPEN;
    filter.any_type = FALSE;
    filter.type = SD_CASE_COMPLAINT;
    open_complaints = list_ids (f->owner, &filter);
    sd_case_filter_init (&filter);
    filter.customer_id = f->bob;
    bobs = list_ids (f->owner, &filter);

    expected = g_strdup_printf ("%" G_GINT64_FORMAT, ids[1]);
    g_assert_cmpstr (overdue, ==, expected);
    g_assert_cmpstr (open_complaints, ==, expected);
    g_clear_pointer (&expected, g_free);
    expected = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                                ids[2], ids[4], ids[3]);
    g_assert_cmpstr (bobs, ==, expected);
  }
}

/* The ids of the cases SESSION lists for SEARCH. */
static char *
search_ids (SdSession  *session,
            const char *search)
{
  SdCaseFilter filter;

  sd_case_filter_init (&filter);
  filter.search = search;
  return list_ids (session, &filter);
}

/* IDS[i] for each index given, comma-separated; the list ends with -1. */
static char *
pick_ids (const gint64 *ids,
          ...)
{
  GString *out = g_string_new (NULL);
  va_list args;
  int i;

  va_start (args, ids);
  while ((i = va_arg (args, int)) >= 0)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, out->len ? "," : "", ids[i]);
  va_end (args);
  return g_string_free (out, FALSE);
}

#define ASSERT_SEARCH(session, search, ...) \
  G_STMT_START { \
    g_autofree char *got_ = search_ids ((session), (search)); \
    g_autofree char *want_ = pick_ids (ids, __VA_ARGS__, -1); \
    g_assert_cmpstr (got_, ==, want_); \
  } G_STMT_END

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *paged = NULL;
  g_autofree char *all = NULL;
  SdCaseFilter filter;
  gint64 ids[7];
  guint pages = 0;

  /* One type opened at one moment: the list is in id order. */
  ids[0] = open_case (f->owner, SD_CASE_OTHER, f->alice, "Parcel LOST in transit");
  ids[1] = open_case (f->owner, SD_CASE_OTHER, f->bob, "parcel damaged");
  ids[2] = open_case (f->owner, SD_CASE_OTHER, f->alice, "100% refund");
  ids[3] = open_case (f->owner, SD_CASE_OTHER, f->bob, "1000 refund");
  ids[4] = open_case (f->owner, SD_CASE_OTHER, f->alice, "wrong_size");
  ids[5] = open_case (f->owner, SD_CASE_OTHER, f->bob, "wrongXsize");
  ids[6] = open_case (f->owner, SD_CASE_OTHER, f->bob, "back\\slash");

  /* No search: everything. */
  ASSERT_SEARCH (f->owner, NULL, 0, 1, 2, 3, 4, 5, 6);
  ASSERT_SEARCH (f->owner, "", 0, 1, 2, 3, 4, 5, 6);
  ASSERT_SEARCH (f->owner, " \t ", 0, 1, 2, 3, 4, 5, 6);

  /* ASCII in either case; every word, in any order, in the title, nick or name. */
  ASSERT_SEARCH (f->owner, "PARCEL", 0, 1);
  ASSERT_SEARCH (f->owner, "  lost   parcel ", 0);
  ASSERT_SEARCH (f->owner, "parcel ALICE", 0);
  ASSERT_SEARCH (f->owner, "李波 parcel", 1);
  ASSERT_SEARCH (f->owner, "王丽", 0, 2, 4);
  ASSERT_SEARCH (f->owner, "parcel nobody", -1);

  /* % and _ and the escape character itself are plain characters, not wildcards. */
  ASSERT_SEARCH (f->owner, "100", 2, 3);
  ASSERT_SEARCH (f->owner, "100%", 2);
  ASSERT_SEARCH (f->owner, "%", 2);
  ASSERT_SEARCH (f->owner, "wrong_size", 4);
  ASSERT_SEARCH (f->owner, "g_s", 4);
  ASSERT_SEARCH (f->owner, "k\\s", 6);
  ASSERT_SEARCH (f->owner, "\\", 6);

  /* Pages of 2 through a search walk the same cases as one page of all. */
  all = search_ids (f->owner, "tb_bob");
  {
    g_autofree char *want = pick_ids (ids, 1, 3, 5, 6, -1);
    g_assert_cmpstr (all, ==, want);
  }
  sd_case_filter_init (&filter);
  filter.search = "tb_bob";
  filter.limit = 2;
  paged = paged_ids (f->owner, &filter, &pages);
  g_assert_cmpstr (paged, ==, all);
  g_assert_cmpuint (pages, ==, 2);
}

static void
test_links (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SdCaseOpen open = { .type = SD_CASE_REFUND, .customer_id = f->alice, .order_id = f->bob_order,
                      .title = "退款" };
  g_autoptr(GPtrArray) none = NULL;
  SdCaseFilter filter;

  g_assert_cmpint (sd_cases_open (f->owner, &open, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "another customer"));
  g_clear_error (&error);

  open.order_id = 99999;
  g_assert_cmpint (sd_cases_open (f->owner, &open, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  open.order_id = 0;
  open.customer_id = 99999;
  g_assert_cmpint (sd_cases_open (f->owner, &open, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  open.customer_id = f->alice;
  open.title = "   ";
  g_assert_cmpint (sd_cases_open (f->owner, &open, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  open.title = "退款";
  open.conversation_id = 4242;
  g_assert_cmpint (sd_cases_open (f->owner, &open, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing of the refused ones was written. */
  sd_case_filter_init (&filter);
  none = sd_cases_list (f->owner, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (sd_test_audit_count (f->owner, SD_AUDIT_CASE_OPEN), ==, 0);
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) agent = sd_test_staff_session (f->owner, "presales", BIT (CONVERSATIONS_OWN));
  g_autoptr(SdSession) nobody = sd_test_staff_session (f->owner, "marketing", BIT (VIEW_CUSTOMERS));
  g_autoptr(SdSession) handler = sd_test_staff_session (f->owner, "aftersales", BIT (HANDLE_CASES));
  g_autoptr(GPtrArray) seen = NULL;
  SdCaseOpen open = { .type = SD_CASE_COMPLAINT, .customer_id = f->alice, .title = "投诉" };
  SdCaseFilter filter;
  gint64 id, theirs;

  g_assert_cmpint (sd_cases_open (agent, &open, &error), ==, 0);
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "cases.handle"));
  g_clear_error (&error);
  g_assert_false (sd_cases_set_deadline_hours (handler, SD_CASE_COMPLAINT, 12, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  id = open_case (handler, SD_CASE_COMPLAINT, f->alice, "投诉");
  open.staff_id = sd_session_get_staff_id (agent);
  theirs = sd_cases_open (handler, &open, &error);
  g_assert_no_error (error);
  g_assert_false (sd_cases_close (agent, id, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* conversations.own reads only the cases it handles. */
  sd_case_filter_init (&filter);
  seen = sd_cases_list (agent, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpint (((SdCase *) g_ptr_array_index (seen, 0))->id, ==, theirs);
  g_assert_null (sd_cases_get (agent, id, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (sd_cases_list (nobody, &filter, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED);
}

/* Two desktops showing the same case: the one that clicks second, on a state or handler
 * the other has changed meanwhile, is refused and told what changed and who did it;
 * nothing of its change is written. */
static void
test_changed_meanwhile (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) wang = sd_test_staff_session (f->owner, "小王", BIT (HANDLE_CASES));
  g_autoptr(SdSession) li = sd_test_staff_session (f->owner, "小李", BIT (HANDLE_CASES));
  gint64 id = open_case (f->owner, SD_CASE_REFUND, f->alice, "退款未到账");
  SdCaseUpdate wait_buyer = { .set_state = TRUE, .state = SD_CASE_WAITING_BUYER,
                              .check_seen_state = TRUE, .seen_state = SD_CASE_NEW };
  SdCaseUpdate resolve = { .set_state = TRUE, .state = SD_CASE_RESOLVED, .note = "已退款",
                           .check_seen_state = TRUE, .seen_state = SD_CASE_NEW };
  SdCaseUpdate to_li = { .set_staff = TRUE, .staff_id = sd_session_get_staff_id (li),
                         .check_seen_staff = TRUE, .seen_staff_id = 0 };
  SdCaseUpdate to_wang = { .set_staff = TRUE, .staff_id = sd_session_get_staff_id (wang),
                           .check_seen_staff = TRUE, .seen_staff_id = 0 };
  g_autoptr(SdCase) c = NULL;

  g_assert_true (sd_cases_update (wang, id, &wait_buyer, &error));
  g_assert_no_error (error);
  g_assert_false (sd_cases_update (li, id, &resolve, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "changed by someone else"));
  g_assert_nonnull (strstr (error->message, "it was “new” when you looked, and 小王 has moved it to “waiting_buyer”"));
  g_clear_error (&error);

  g_assert_true (sd_cases_update (wang, id, &to_li, &error));
  g_assert_no_error (error);
  g_assert_false (sd_cases_update (li, id, &to_wang, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "it is now handled by 小李"));
  g_clear_error (&error);

  /* As seen now, the same changes land. */
  resolve.seen_state = SD_CASE_WAITING_BUYER;
  g_assert_true (sd_cases_update (li, id, &resolve, &error));
  g_assert_no_error (error);
  c = get_case (f->owner, id);
  g_assert_cmpint (c->state, ==, SD_CASE_RESOLVED);
  g_assert_cmpstr (c->staff_name, ==, "小李");
  /* opened, moved, handed over, moved, its note: nothing of the refused ones. */
  g_assert_cmpuint (c->events->len, ==, 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cases/deadline/day-boundary", test_deadline_day_boundary);
  ADD ("/cases/deadline/change", test_deadline_change);
  ADD ("/cases/state-moves", test_state_moves);
  ADD ("/cases/history", test_history);
  ADD ("/cases/sort-and-paging", test_sort_and_paging);
  ADD ("/cases/search", test_search);
  ADD ("/cases/links", test_links);
  ADD ("/cases/permissions", test_permissions);
  ADD ("/cases/changed-meanwhile", test_changed_meanwhile);
#undef ADD

  return g_test_run ();
}
